"""People counted and described in one subject list before one fate (`count.subject_list`, cas43).

"Three protesters, a bystander and a policeman are killed" is five dead: each item's number counts, a described
person is one, and an item with no number told ("some insurgents") adds no one. The passages are invented.
"""

from __future__ import annotations

import time

import pytest

from service.extract import Extractor
from service.extract.casualties.counts import _subject_lists
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("Three protesters, a bystander and a policeman are killed in clashes in Varno on Tuesday.", (5, None)),
        ("A bystander, a policeman and three protesters were killed in clashes in Varno.", (5, None)),
        ("Three protestors, a bystander and a policeman are killed during a march in Varno.", (5, None)),
        ("Two soldiers, a nurse and a child were killed when the shell hit the market in Tarsha.", (4, None)),
        ("Three demonstrators, a reporter and two police officers were wounded in Orlan on Friday.", (None, 6)),
        ("A man, his wife and their three children were killed in the fire on Elm Road.", (5, None)),
        ("A boy and some insurgents are killed in an airstrike in Varno.", (1, None)),
    ],
)
def test_each_item_of_a_subject_list_counts(extractor: Extractor, body: str, want: tuple) -> None:
    assert _totals(extractor, body) == want


@pytest.mark.parametrize(
    "sentence",
    [
        "a man, " * 5000,
        "a man, " * 5000 + "and a man were killed",
        ", ".join(str(i) for i in range(5000)) + " and 3 men were killed",
        "were killed " * 2000,
    ],
)
def test_a_long_sentence_is_read_in_linear_time(sentence: str) -> None:
    # one regex for the whole list backtracked without end here; the list is now read leftwards from its fate
    # (measured 1-12 ms each; the bound leaves room for a loaded machine)
    started = time.perf_counter()
    _subject_lists(sentence)
    assert time.perf_counter() - started < 1.0
