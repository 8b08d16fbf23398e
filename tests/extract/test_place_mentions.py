"""More mentions of an article's places (`ner.attach`), on short hand-written passages."""

from __future__ import annotations

import re

import pytest

from service.extract import Extractor
from service.extract.ner.attach import ATTACH_RULES, demonyms
from service.extract.ner.spans import find_names

STORY = (
    "Flood fight continues in Fargo. Volunteers from Moorhead joined the effort in Fargo on Tuesday. "
    "Fargo Police Chief Keith Ternes urged residents to leave. Fargo-Moorhead schools closed."
)


def _place(extraction, name):
    return next(p for p in extraction.places if p.name == name)


def test_a_place_named_inside_an_organisation_or_a_compound_gains_those_mentions(extractor: Extractor):
    extraction = extractor.extract(STORY)
    fargo = _place(extraction, "Fargo")
    texts = [(m.text, STORY[m.start : m.end]) for m in fargo.mentions]
    assert all(text == raw for text, raw in texts)
    starts = {m.start for m in fargo.mentions}
    assert STORY.index("Fargo Police") in starts  # inside the organisation's name
    assert STORY.index("Fargo-Moorhead") in starts  # in a compound
    assert any(o.name.startswith("Fargo Police") for o in extraction.organisations)  # the organisation stays


def test_a_place_named_only_inside_an_organisation_is_not_a_place(extractor: Extractor):
    text = "Chicago police arrested a man on Tuesday. The man was charged with theft, police said."
    extraction = extractor.extract(text)
    assert not any(p.name == "Chicago" for p in extraction.places)


def test_a_countrys_adjective_is_a_mention_of_the_country_only_when_the_country_is_named(extractor: Extractor):
    text = "Egypt hosted the talks in Cairo. Egyptian officials said the Egyptian-Israeli treaty holds."
    egypt = _place(extractor.extract(text), "Egypt")
    assert {m.text for m in egypt.mentions} == {"Egypt", "Egyptian"}
    assert len(egypt.mentions) == 3
    alone = extractor.extract("Egyptian officials said the talks would resume in Cairo next week.")
    assert not any(p.name == "Egypt" for p in alone.places)


def test_attached_mentions_keep_the_name_and_tie_no_casualty_figure(extractor: Extractor):
    text = "Two people died in a Texan town on Monday, Texas officials said."
    texas = _place(extractor.extract(text), "Texas")
    assert [m.text for m in texas.mentions] == ["Texan", "Texas"]
    # casualty figures are tied to the mentions the entity rules found, never to an adjective
    entities = extractor.entities.build(extractor.nlp(text), body=text)
    assert entities.place_spans == ((text.index("Texas"), text.index("Texas") + 5, "Texas"),)


def test_attached_mentions_name_their_rule_in_the_explanation(extractor: Extractor):
    extraction = extractor.extract(STORY)
    fired = {rule for e in extraction.evidence for m in e.mentions for rule, _, _ in m.rules}
    assert "place_named_elsewhere" in fired
    assert {r.name for r in ATTACH_RULES} == {"place_named_elsewhere", "demonym_of_place", "place_in_name"}


def test_demonyms_of_countries_come_from_the_table_and_of_regions_from_endings():
    assert demonyms("France", True) == {"French"}
    assert {"Texan", "Texans"} == demonyms("Texas", False)
    assert "Ohioan" in demonyms("Ohio", False)
    assert "Indian" not in demonyms("Indiana", False)
    assert demonyms("New York", False) == set()  # "New Yorker" is a magazine as often as a person


@pytest.mark.parametrize(
    ("text", "names", "not_after"),
    [
        ("UN, UNHCR and the U.N. met; UNHCR_x and UN-led", ["U.N", "UN", "UNHCR"], "."),
        (
            "Fargo-Moorhead, Fargo's, O'Fargo, .Fargo, Fargo2 and FARGO FARGO",
            ["Fargo-Moorhead", "FARGO", "Fargo"],
            ".’'",
        ),
        ("New York, New York City and York", ["New York City", "New York", "York"], ".’'"),
        ("aaa aa a", ["a", "aa", "aaa"], ""),
    ],
)
def test_find_names_finds_what_the_alternation_would(text: str, names: list[str], not_after: str):
    pattern = "(?<![\\w" + re.escape(not_after) + "])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])"
    assert find_names(text, names, not_after) == [m.span() for m in re.finditer(pattern, text)]
