"""How a place's mention refers to it (`form`): inside another name, or by its nationality (issue 19).

Invented passages. A place the article names on its own gains the spans where it is named inside an
organisation's name and by its demonym, each marked; nothing else in the event moves.
"""

from __future__ import annotations

from service.events import EVENT_SCHEMA, Article, build_event, project, schema_errors, truncated_event
from service.extract import Extractor, Mention, Place
from service.extract.chunking import merge
from service.extract.types import Extraction


def _place(extraction, name):
    return next(p for p in extraction.places if p.name == name)


def _forms(place):
    return [(m.text, m.form) for m in place.mentions]


def test_a_place_inside_an_organisations_name_is_an_in_name_mention_its_own_name_plain(extractor: Extractor):
    text = "Officers of the Kansas City Police Department arrested a man in Kansas City on Friday."
    city = _place(extractor.extract(text), "Kansas City")
    assert _forms(city) == [("Kansas City", "in_name"), ("Kansas City", None)]


def test_the_same_place_under_another_form_inside_a_name_is_found_by_the_gazetteer(extractor: Extractor):
    text = "Trump told the Office of the United States Trade Representative to act. The U.S. and China traded blows."
    extraction = extractor.extract(text)
    us = next(p for p in extraction.places if p.country_code == "US")
    assert ("United States", "in_name") in _forms(us)
    assert us.count == len(us.mentions)
    assert any("United States" in o.name for o in extraction.organisations)  # the organisation stays
    assert not any(p.name == "United States" for p in extraction.places)  # no new place
    rules = {rule for e in extraction.evidence for m in e.mentions for rule, _, _ in m.rules}
    assert "place_in_name" in rules


def test_an_inner_name_that_is_another_place_adds_nothing(extractor: Extractor):
    text = "Police in Kansas City said on Friday that the University of Kansas would stay closed."
    extraction = extractor.extract(text)
    city = _place(extraction, "Kansas City")
    assert _forms(city) == [("Kansas City", None)]  # "Kansas" (the state) is no mention of the city
    assert not any(p.name == "Kansas" for p in extraction.places)


def test_a_countrys_demonym_is_a_demonym_mention_when_the_country_is_named(extractor: Extractor):
    text = "Georgia and Russia fought a war in 2008. Georgian troops left Tbilisi on Monday."
    georgia = _place(extractor.extract(text), "Georgia")
    assert georgia.kind == "country"
    assert _forms(georgia) == [("Georgia", None), ("Georgian", "demonym")]


def test_the_us_state_georgia_keeps_no_georgian(extractor: Extractor):
    text = "Atlanta, Georgia officials said the storm hit the state. A Georgian wine maker was hurt."
    georgia = _place(extractor.extract(text), "Georgia")
    assert georgia.kind == "region" and georgia.country_code == "US"
    assert "Georgian" not in [m.text for m in georgia.mentions]


def test_a_demonym_with_no_place_of_its_own_adds_nothing(extractor: Extractor):
    extraction = extractor.extract("Iraqi officials said the talks in Baghdad failed on Tuesday.")
    assert not any(p.country_code == "IQ" and p.kind == "country" for p in extraction.places)
    assert all(m.form is None for p in extraction.places for m in p.mentions)


def test_jordanian_beside_jordan_the_person_adds_nothing(extractor: Extractor):
    extraction = extractor.extract("Jordan Smith said the Jordanian embassy had called him. Smith lives in Ohio.")
    assert not any(p.name == "Jordan" for p in extraction.places)
    assert "Jordanian" not in [m.text for p in extraction.places for m in p.mentions]


def test_the_form_is_written_only_where_there_is_one_validates_and_is_dropped_for_v1(extractor: Extractor):
    text = "Officers of the Kansas City Police Department arrested a man in Kansas City on Friday."
    event = build_event(Article(id="a1", body=text), extractor.extract(text), model="m", model_version="1")
    city = next(p for p in event["places"] if p["name"] == "Kansas City")
    assert city["mentions"][0]["form"] == "in_name" and "form" not in city["mentions"][1]
    assert city["count"] == 2
    assert schema_errors(EVENT_SCHEMA, event) == []
    broken = {**event, "places": [{**city, "mentions": [{**city["mentions"][0], "form": 1}]}]}
    assert schema_errors(EVENT_SCHEMA, broken) != []  # declared, not merely tolerated
    v1 = project("entity-event", event, "v1")
    assert schema_errors("entity-event.v1", v1) == []
    assert all("form" not in m for p in v1["places"] for m in p["mentions"])


def test_the_mention_cap_cuts_formed_mentions_like_others_and_count_stays_real():
    mentions = tuple(Mention("Iraqi", i * 10, i * 10 + 5, "demonym") for i in range(5))
    place = Place("Iraq", (Mention("Iraq", 60, 64), *mentions), 0.5, kind="country", country_code="IQ")
    extraction = Extraction(places=(place,))
    event = build_event(Article(id="a1", body="x" * 70), extraction, model="m", model_version="1")
    cut = truncated_event(event, 2, 10)
    assert cut["places"][0]["count"] == 6 and cut["places"][0]["mentions_truncated"] is True
    assert len(cut["places"][0]["mentions"]) == 2


def test_pieces_merged_keep_each_mentions_form():
    piece = Extraction(places=(Place("Iraq", (Mention("Iraqi", 0, 5, "demonym"), Mention("Iraq", 9, 13)), 0.5),))
    merged = merge([(0, piece), (100, piece)], "x" * 120)
    assert [(m.start, m.form) for m in merged.places[0].mentions] == [
        (0, "demonym"),
        (9, None),
        (100, "demonym"),
        (109, None),
    ]


def test_a_town_inside_a_name_is_no_mention_of_a_district_resolved_to_that_town(extractor: Extractor):
    text = "A man was shot in North Houston on Sunday, the Houston Police Department said."
    district = _place(extractor.extract(text), "North Houston")
    assert _forms(district) == [("North Houston", None)]


def test_an_alternate_name_the_gazetteer_keeps_for_another_place_adds_nothing(extractor: Extractor):
    text = "Police in Jersey City said the Hudson County Prosecutor's Office would investigate."
    city = _place(extractor.extract(text), "Jersey City")
    assert _forms(city) == [("Jersey City", None)]  # "Hudson", the county, is no name of its seat


def test_a_states_name_inside_an_agencys_name_is_a_mention_of_its_abbreviation(extractor: Extractor):
    text = "The Missouri State Highway Patrol said the crash happened near Joplin, MO."
    state = _place(extractor.extract(text), "MO")
    assert _forms(state) == [("Missouri", "in_name"), ("MO", None)]
