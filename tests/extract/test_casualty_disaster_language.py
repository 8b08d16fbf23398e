"""Disaster and outbreak language: one hand-written passage per rule or lexicon entry.

Each case names the filter, rule or lexicon id it protects. The passages are invented (names and places
too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # filter.toll_denominator (exclusion.toll_denominator): "out of N" names the cases, not the dead
        (
            "filter.toll_denominator",
            "There have been 412 deaths from the fever since it appeared, out of almost 9,000 reported cases.",
            (412, None),
        ),
        (
            "filter.toll_denominator",
            "Three deaths were confirmed in Varnel, a regional capital of 2 million, and four cases are being tested.",
            (3, None),
        ),
        # the toll rule still reads a plain "of": "a death toll of 84"
        ("count.toll", "The floods in Orlan left a death toll of 84 by Sunday.", (84, None)),
        # filter.dead_thing (exclusion.not_victim_head after an attributive "dead"): animals are not casualties
        ("filter.dead_thing", "Rangers found about 3,000 dead wild geese on the shore of Lake Tarn.", (None, None)),
        ("filter.dead_thing", "Farmers near Brenn reported 40 dead sheep after the storm.", (None, None)),
        # ... while "dead" before a word that ends the phrase still counts people
        ("count.right", "The storm left 12 dead in the coastal villages of Sarn.", (12, None)),
        # exclusion.not_victim_head: more animals
        ("exclusion.not_victim_head", "Three swans have been found dead in a pond near Orby.", (None, None)),
    ],
)
def test_disaster_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule
