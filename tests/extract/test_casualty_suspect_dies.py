"""A suspect who dies after a standoff or a police shooting, told in a glued headline and body, is one killed.

Issue 18 listed "Gunman dies after standoff ... died after police shot him" as read injured; cas44 found the
construction read right (killed 1, no injured) in every form tried, so these passages guard it. They are invented.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    "body",
    [
        "Gunman dies after standoff with police in Varno VARNO - A gunman who barricaded himself inside a house on"
        " Elm Street died Tuesday after police shot him, police said.",
        "Gunman dies after standoff VARNO (AP) - The man who fired at officers from his porch died at a hospital"
        " after police shot him during a four-hour standoff.",
        "Suspect dies after standoff Police said the suspect was shot by officers after he pointed a rifle at them."
        " He died at the hospital.",
        "Gunman dies after standoff The gunman was shot by a SWAT officer and later died at Varno General Hospital.",
    ],
)
def test_a_suspect_shot_by_police_who_dies_is_killed_not_injured(extractor: Extractor, body: str) -> None:
    assert _totals(extractor, body) == (1, None)
