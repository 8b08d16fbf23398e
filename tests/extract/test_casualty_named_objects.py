"""Named victims of a present-tense fate verb, after "both" and a longer role description (cas44).

Wire summaries tell a killing in the present tense with a plural agent ("Israeli forces assassinate both X and
Y", `fate.killed.object_person`), and the name may follow an organisation and a role word ("Hamas commander X",
"the council's security secretary X": `_ROLE_PREFIX`). A threat or a plan ("vowed to kill X", "will kill") is no
death, nor is a bare "kill" before a pronoun, which is speech ("go ahead and kill him"). The passages are invented.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    "body",
    [
        "Tarsian forces assassinate both Ali Varnos and Omar Tesh in an airstrike in Kesra.",
        "Tarsian forces assassinate both Hamas commander Ali Varnos and Basij commander Omar Tesh in two airstrikes.",
        "Tarsian forces assassinate both Varno's security council secretary Ali Varnos and its spokesman Omar Tesh.",
        "Rebels kill both Mayor Ali Varnos and his deputy Omar Tesh in an ambush near Kesra.",
    ],
)
def test_both_named_victims_of_a_present_tense_killing_count(extractor: Extractor, body: str) -> None:
    assert _totals(extractor, body) == (2, None)


@pytest.mark.parametrize(
    "body",
    [
        "Rebels vowed to kill Ali Varnos and Omar Tesh in Kesra.",
        "Police say the men planned to assassinate Mayor Ali Varnos in Kesra.",
        "The army will not kill civilians, General Omar Tesh said.",
        "The man was tased after he yelled at the deputies to go ahead and kill him, Sgt. Omar Tesh said.",
    ],
)
def test_a_threat_or_a_plan_to_kill_is_no_death(extractor: Extractor, body: str) -> None:
    assert _totals(extractor, body) == (None, None)
