"""The bodies of people who had been missing are the dead (`count.bodies`, cas44).

"The bodies of three officers who had been missing for six days are found" is three killed: the bodies tell the
fate, the missing they had been before is not the news. The passages are invented.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    "body",
    [
        "The bodies of three police officers who had been missing for six days are found in the Orlan River.",
        "The bodies of three missing hikers are recovered from a ravine near Tarsha.",
        "Divers recover the bodies of three fishermen who had been missing since Sunday.",
    ],
)
def test_bodies_of_the_missing_are_killed(extractor: Extractor, body: str) -> None:
    assert _totals(extractor, body) == (3, None)


def test_others_still_missing_beside_the_bodies_stay_missing(extractor: Extractor) -> None:
    body = "Rescuers recover the bodies of five miners in Varno, while two others remain missing."
    missing = extractor.extract(body).casualty_totals["missing"]
    assert _totals(extractor, body) == (5, None)
    assert missing is not None
    assert missing.count_min == 2
