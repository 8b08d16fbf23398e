"""Review findings on the session's casualty rules (cue.tally, cue.biography, filter.background.sequel).

Invented passages: each shows a rule firing wider than its note said, and pins the narrower reading.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # cue.tally: "to date," is a superlative, not a toll "to <figure> since the start of the war"
        (
            "cue.tally",
            "Varno launched its largest drone attack to date, since the start of the war, killing at least 14 "
            "people in Tarrow.",
            (14, None),
        ),
        # cue.biography: "who had been wounded in 2019" is an earlier incident, not a career
        (
            "cue.biography",
            "Dana Colfer, who had been wounded in a shooting in 2019, said 3 people were killed in that attack.",
            (None, None),
        ),
        # filter.background.sequel: a dated sentence where nobody met a fate is no earlier incident
        (
            "filter.background.sequel",
            "Mark Delane was paroled in March 2024. The following day, he shot and killed two men at a gas "
            "station in Orlan.",
            (2, None),
        ),
        # totals.additional: the cue may stand before the figure ("A further two soldiers died")
        (
            "totals.additional",
            "Three soldiers were killed when their convoy hit a mine near Tarrow. A further two soldiers died in an "
            "ambush nearby.",
            (5, None),
        ),
    ],
)
def test_review_findings(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule
