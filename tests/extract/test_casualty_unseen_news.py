"""Casualty language of unseen wire and international news: one hand-written passage per rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and places
too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "title", "body", "want"),
    [
        # cue.dateline: a clock time with am/pm after a year is the page's timestamp, not a date of the figure
        (
            "cue.dateline",
            None,
            "Tue Mar 3, 2015 4:05pm GMT Two people were killed when a gas tank exploded at a market in Tarrow.",
            (2, None),
        ),
        # totals.title_count: the headline's count holds the victims a follow-up's body names one by one
        (
            "totals.title_count",
            "Judge sentences the man who killed three people in a Tarrow bank raid",
            "Ed Voss was sentenced on Friday to life in prison. He shot and killed the bank manager, Ann Lore, "
            "during the raid.",
            (3, None),
        ),
        # totals.title_count: a body that states its own count keeps it
        (
            "totals.title_count",
            "Three dead after a storm hits Tarrow",
            "Two people were killed when a roof fell in Tarrow on Friday.",
            (2, None),
        ),
    ],
)
def test_unseen_news_language(
    extractor: Extractor, rule: str, title: str | None, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body, title) == want, rule
