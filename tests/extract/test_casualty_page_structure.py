"""Casualty totals of scraped US local pages: page structure and enumeration (issue 18, cas42).

Each case names the rule id it protects. The passages are invented (names and places too), written by class of
language or page structure; none is taken from a labelled, shared or pool article.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "title", "body", "want"),
    [
        # totals.enumerated: "one ... another ..." after a count names the count's members, it adds nobody
        (
            "totals.enumerated",
            None,
            "Two people were hurt in a fight at a tavern in Dunmore early Sunday, deputies said. One person was "
            "shot in the arm. Another victim was injured from being beaten.",
            (None, 2),
        ),
        (
            "totals.enumerated",
            None,
            "Three men were wounded outside a club in Pellston on Friday. One man was shot in the leg. Another "
            "man was grazed. The third was stabbed.",
            (None, 3),
        ),
        # ... but more singles than the count holds are more people
        (
            "totals.additional",
            None,
            "Two people were hurt in a fight at a tavern in Dunmore early Sunday. One person was shot in the arm. "
            "Another person was stabbed. Another victim was injured when a car hit him as he ran.",
            (None, 3),
        ),
        # ... and "another" with nothing enumerated before it still adds (cas40)
        (
            "totals.additional",
            None,
            "Two pilots are killed after gunmen fire on a plane near Orvel. Another person is killed after a convoy "
            "is attacked.",
            (3, None),
        ),
        # victim.shot_by_police (cue.police_shooting): a glued headline's suspect is the man police shot
        (
            "victim.shot_by_police",
            "Suspect dies after police shooting in Marlow | KXYZ.com",
            "Suspect dies after police shooting in Marlow | KXYZ.comMARLOW, Ore. — A chase ended in a police "
            "shooting that left a man in serious condition, police said. He later died at Marlow General.",
            (1, None),
        ),
        (
            "victim.shot_by_police",
            "Suspect dead after shootout with deputies | KXYZ.com",
            "Suspect dead after shootout with deputies | KXYZ.comA man was shot and killed by deputies after he "
            "fired at them on Elm Street on Friday.",
            (1, None),
        ),
        (
            "victim.shot_by_police",
            "Gunman killed by police | KXYZ.com",
            "Gunman killed by police | KXYZ.comMARLOW, Ore. — Officers shot a man who opened fire at a bar on "
            "Friday. The man died at the scene.",
            (1, None),
        ),
        # ... a plain headline stays the person police shot, and a second person stays a second one
        (
            "victim.shot_by_police",
            "Woman killed in police shooting | KXYZ.com",
            "Woman killed in police shooting | KXYZ.comA woman was shot and killed by police on Elm Street on "
            "Friday. A man was also shot and killed by an unknown gunman nearby.",
            (2, None),
        ),
        (
            "victim.shot_by_police",
            "Man killed, suspect shot by police | KXYZ.com",
            "Man killed, suspect shot by police | KXYZ.comA man was shot and killed outside a bar on Elm Street on "
            "Friday. A suspect was shot by police a block away and is in critical condition.",
            (1, 1),
        ),
        # victim.ordinal_incident (cue.ordinal_incident): each incident of a local report has its own victim
        (
            "victim.ordinal_incident",
            "Three overnight shootings in Dunmore, Pellston and Orvel | KXYZ.com",
            "Police in three towns are investigating overnight shootings. In Dunmore, one person was shot on Pine "
            "Street. A second shooting was reported in Pellston at about 11 p.m. A man was shot in the leg. The third "
            "shooting happened outside a bar in Orvel. He was taken to a hospital in stable condition.",
            (None, 3),
        ),
        # ... but without an opener the people told are the one shooting's
        (
            "victim.ordinal_incident",
            None,
            "One person was shot on Pine Street in Dunmore overnight. A man was later found at a hospital with a "
            "gunshot wound. He was taken to a trauma center in stable condition.",
            (None, 1),
        ),
        # page.ellipsis_teaser: a related story's lead cut with "…" before the article's own dateline is not read
        (
            "page.ellipsis_teaser",
            "Woman hurt at archery range | KXYZ.com",
            "Woman hurt at archery range | KXYZ.comBRENNFORD, Ore. (AP) — The trial of a former deputy accused of "
            "killing his neighbor in 2011 opened on Monday. Jurors… MILLTOWN, Ore. — A woman was hit by a stray "
            "arrow at a range on Pike Road on Sunday and is in stable condition, police said.",
            (None, 1),
        ),
    ],
)
def test_scraped_page_totals(extractor: Extractor, rule: str, title: str | None, body: str, want: tuple) -> None:
    assert _totals(extractor, body, title) == want, rule
