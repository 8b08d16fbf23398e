"""The casualty lexicon: one data file per concept, checked on load, and every pattern built from it."""

from __future__ import annotations

import re

import pytest

import service.extract.casualties.counts
import service.extract.casualties.totals
import service.extract.casualties.victims  # importing builds every rule
from service.extract import Extractor
from service.extract.casualties import grammar
from service.extract.casualties.grammar import LexiconError, load_lexicon


@pytest.mark.parametrize(
    ("files", "complaint"),
    [
        ({"fates": '[{"id": "fate.x", "forms": ["a"], "colour": "red"}]'}, "keys must be"),
        ({"fates": '[{"id": "fate.x", "forms": ["a"]}, {"id": "fate.x", "forms": ["b"]}]'}, "duplicate id"),
        ({"fates": '[{"id": "cue.x", "forms": ["a"]}]'}, "must start with 'fate.'"),
        ({"fates": '[{"id": "fate.x", "forms": ["a", "a"]}]'}, "listed twice"),
        ({"fates": '[{"id": "fate.x", "forms": ["(a)"]}]'}, "capturing group"),
        ({"fates": '[{"id": "fate.x", "forms": ["a["]}]'}, "does not compile"),
        ({"moods": '[{"id": "mood.x", "forms": ["a"]}]'}, "unknown concept file"),
    ],
)
def test_the_loader_refuses_a_malformed_lexicon(files: dict[str, str], complaint: str) -> None:
    with pytest.raises(LexiconError, match=re.escape(complaint)):
        load_lexicon(files)


def test_every_lexicon_entry_is_read_by_some_rule() -> None:
    assert set(grammar.LEXICON) - grammar.USED == set()


def test_a_space_in_a_form_is_any_whitespace_and_the_longest_form_wins() -> None:
    pattern = re.compile(grammar.alternation("fate.killed.phrase"), re.IGNORECASE)
    assert pattern.fullmatch("Gunned\n  down")
    match = pattern.match("shot dead")
    assert match is not None and match.group() == "shot dead"


@pytest.mark.parametrize(
    ("pattern", "letters"),
    [
        (r"killed|wounded", "kw"),
        (r"(?:a\s+|the\s+)?hospital", "aht"),
        (r"\b(?:\d+th|first) homicide", r"f\d"),
        (r".*killed", ""),  # may start anywhere: no look-ahead
    ],
)
def test_first_letter_lookaheads_are_derived_from_the_pattern(pattern: str, letters: str) -> None:
    assert grammar.first_letters(re.compile(pattern, re.IGNORECASE)) == letters


def test_every_form_is_covered_by_the_derived_pre_filter() -> None:
    """The pre-filter is a superset of every rule: each form (a sample of it) passes it."""
    samples = {"gunned down": "were gunned down", "passed away": "had passed away", "lives of": "the lives of"}
    for text in samples.values():
        assert service.extract.casualties.counts._ANY_CUE.search(text)
        assert service.extract.casualties.victims._ANY_FATE.search(text) or "lives" in text


def test_one_new_word_reaches_counts_and_victims_alike(extractor: Extractor) -> None:
    """'gunned down' was a victim cue but not a count cue: one lexicon entry now feeds both."""
    totals = extractor.extract("Twelve people were gunned down at a wedding party on Saturday.").casualty_totals
    assert totals["killed"] is not None and totals["killed"].count_min == 12
    totals = extractor.extract("Rafael Ortiz, 31, was gunned down outside his home.").casualty_totals
    assert totals["killed"] is not None and totals["killed"].count_min == 1


def test_the_led_demonym_pattern_finds_what_the_plain_alternation_finds() -> None:
    totals = service.extract.casualties.totals
    names = sorted(map(re.escape, totals._DEMONYM_COUNTRIES), key=len, reverse=True)
    plain = re.compile(r"\b(?:" + "|".join(names) + r")\b")
    text = "Two Nigerian and one South Korean sailors, a British-born aid worker, Americans, SYRIAN troops: a Briton."
    assert [m.span() for m in totals._DEMONYM.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert any(m.group() == "Nigerian" for m in totals._DEMONYM.finditer(text))


@pytest.mark.parametrize(
    "head",
    ["", "Officials said the blast, which ", "a storm (a big one) that could have ", "no mark here\n", "ends: (\n"],
)
def test_a_figures_own_clause_is_what_the_clause_pattern_read(head: str) -> None:
    totals = service.extract.casualties.totals
    blanked = totals._PARENTHETICAL.sub(lambda m: " " * len(m.group()), head)
    match = re.search(r"[^,;:()]*$", blanked)
    assert match is not None and totals._own_clause(head) == match.group()
