"""Casualty language beyond local US crime pages: one hand-written passage per lexicon entry or rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and places
too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from service.extract.types import CasualtyTotal


def _totals(extractor: Extractor, body: str, title: str | None = None) -> tuple[int | None, int | None]:
    totals = extractor.extract(body, title).casualty_totals

    def count(total: CasualtyTotal | None) -> int | None:
        return total.count_min if total is not None else None

    return count(totals["killed"]), count(totals["injured"])


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # exclusion.not_victim_head: animals are not casualties
        (
            "exclusion.not_victim_head",
            "At least 60 pigs died on three farms near Varnel after the outbreak.",
            (None, None),
        ),
        # cue.tally: a cumulative tally beside the news is not the news
        (
            "cue.tally",
            "At least 80 people have died of the fever in Orlan since April. Four died this week.",
            (4, None),
        ),
        (
            "cue.tally",
            "Gang violence has caused 1,900 deaths in the first seven months of this year. "
            "Two men were shot dead in Tarrow on Friday.",
            (2, None),
        ),
        ("cue.tally", "Health officials count more than 9,000 deaths worldwide from the new strain.", (None, None)),
        # cue.hypothetical: a projection has not happened
        (
            "cue.hypothetical",
            "Experts warned the virus has the potential of causing a pandemic resulting in millions of deaths.",
            (None, None),
        ),
        (
            "cue.hypothetical",
            "The bomb, which could have killed hundreds, killed 12 people at the station in Derrow.",
            (12, None),
        ),
        # fate.injured.care: treated for shock is not an injury
        (
            "fate.injured.care",
            "All 300 guests were evacuated from the hotel in Brenn; five of them were treated for shock.",
            (None, None),
        ),
        # fate.killed.object: 'the fatal shooting of', 'the body of', 'the assassination of'
        ("fate.killed.object", "Two men were arrested in the fatal shooting of a shop owner in Kelby.", (1, None)),
        (
            "fate.killed.object",
            "The body of Marta Vell, 61, and Jana Orrin, 48, were discovered in a flat in Hollin.",
            (2, None),
        ),
        ("fate.killed.object", "A court jailed a teenager over the assassination of Senator Ivo Marten.", (1, None)),
        # fate.killed.phrase: 'fell to his death'
        ("fate.killed.phrase", "A climber fell to his death from a ridge on Mount Ardel on Friday.", (1, None)),
        # person.noun: 'rabbi', 'director', '-ician'
        ("person.noun", "A rabbi is seriously injured in a stabbing in Lenfield.", (None, 1)),
        ("person.noun", "A bomb technician was killed when the device exploded in Carrow.", (1, None)),
        # cue.background.separate: 'a spate of violence which began with the fatal shooting of X'
        (
            "cue.background.separate",
            "A man was wounded in Orby on Thursday. Officials met to discuss the recent spate of violence, "
            "which began with the fatal shooting of Tom Reller.",
            (None, 1),
        ),
    ],
)
def test_casualty_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule
