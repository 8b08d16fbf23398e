"""Outbreak and contamination news: the sick are cases, not injured (issue 18, cas45).

Rules from a seeded draw of unlabelled GeoVirus outbreak pages (random.Random(45), none in a labelled
set), where six of 98 articles counted the sick as injured. Guide rules 3 and 12 and the adjudicated
policy: an outbreak's cases, however ill, are not injuries; a poisoning's people are. Each case names the
lexicon or rule id it protects; the passages are invented (names and places too).
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # cue.sickened: "sickened" counts are cases of an outbreak or a tainted product ...
        (
            "cue.sickened",
            "The recall follows a salmonella outbreak linked to two deaths, with over 300 people sickened by "
            "the tainted cheese.",
            (2, None),
        ),
        (
            "cue.sickened",
            "Relief camps in Varnel are overwhelmed as dysentery is sickening thousands after the floods, "
            "which killed 40 people.",
            (40, None),
        ),
        # ... but people a poisoning or a gas leak sickened are injured (cue.poisoning)
        ("cue.poisoning", "A carbon monoxide leak at a school in Brenn sickened 14 pupils on Monday.", (None, 14)),
        ("cue.poisoning", "A chlorine leak at the Tarrow pool sickened 9 swimmers on Sunday, firemen said.", (None, 9)),
        # filter.illness on a coordinated count: the pair's shared verb says they became ill
        (
            "filter.illness",
            "Four reporters and a cameraman became ill the next day after drinking the filtered river water.",
            (None, None),
        ),
        # a coordinated count that is hurt stays injured
        ("count.coordinated", "Two guards and a driver were injured in the blast at the Brenn depot.", (None, 3)),
        # cue.disease_outbreak: "critical condition" in an outbreak's sentence is a case
        (
            "cue.disease_outbreak",
            "At least six people have died and over forty remain in critical condition after an outbreak of "
            "cholera in the Tarrow camp.",
            (6, None),
        ),
        (
            "cue.disease_outbreak",
            "Three patients died and 20 others are in serious condition in a typhoid outbreak in Orlan.",
            (3, None),
        ),
        # an outbreak of fighting is no disease: its wounded count
        (
            "cue.disease_outbreak",
            "Five people died and 30 were in critical condition after an outbreak of fighting in Orlan.",
            (5, 30),
        ),
        # filter.illness_victim: one patient of an outbreak or a disease in hospital is a case, not injured
        (
            "filter.illness_victim",
            "The infected man was taken to Brenn General Hospital, where he is in stable condition.",
            (None, None),
        ),
        (
            "filter.illness_victim",
            "A second child has died of swine flu in Tarrow. Ann Voss, 9, died at the children's hospital on "
            "Saturday. Her classmate, Jo Marsh, is in critical condition at the same hospital.",
            (1, None),
        ),
        # an illness in the lead that is no disease makes no patient
        (
            "filter.illness_victim",
            "A driver with a history of mental illness crashed into a wall in Brenn on Monday. Ed Voss, 40, is "
            "in critical condition at Mercy General.",
            (None, 1),
        ),
        # a disease in the lead does not make a hurt person a case
        (
            "filter.illness_victim",
            "Officials in Tarrow are tracking a measles outbreak at two schools. Separately, a man was shot "
            "on Main Street on Monday and is in critical condition.",
            (None, 1),
        ),
        # cue.background.earlier_disaster: an earlier disaster's toll told as context is background ...
        (
            "cue.background.earlier_disaster",
            "A cholera outbreak has killed five people in Brenn this week. An earlier epidemic killed 300 "
            "people in the region.",
            (5, None),
        ),
        (
            "cue.background.earlier_disaster",
            "An earthquake killed four people in Tarrow on Monday. A previous quake in the region killed 300 "
            "people, officials recalled.",
            (4, None),
        ),
        # ... but not a comparison after the news toll
        (
            "cue.background.earlier_disaster",
            "The quake killed 310 people in Tarrow on Monday, more than the previous quake in the region.",
            (310, None),
        ),
    ],
)
def test_outbreak_cases_are_not_injured(
    extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body) == want, rule
