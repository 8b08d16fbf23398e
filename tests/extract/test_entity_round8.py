"""Eighth round of entity rules (issue 19): classes of language the extractor still missed.

Short invented passages only (no corpus text): things that are no entity (racehorses, circuits, models),
names the model cuts in two, possessive surnames, section labels and stacked names in scraped text,
descriptions and armed groups named several ways, agencies known by an acronym.
"""

from __future__ import annotations

from service.extract import Extraction, Extractor
from tests.support.entities import all_names as _all
from tests.support.entities import typed_names as _names


def _fired(extraction: Extraction, rule: str) -> bool:
    return any(rule == fired[0] for ev in extraction.evidence for fired in ev.rules)


# Things that are neither people, places nor organisations


def test_a_horse_ridden_by_a_jockey_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Copper Lantern, ridden by Sean Doyle, held off the favourite to win by a neck. "
        "Doyle also rode Misty Harbour to third place at Ascot on Saturday."
    )
    names = _all(extraction)
    assert "Copper Lantern" not in names and "Misty Harbour" not in names
    assert "Sean Doyle" in _names(extraction)["person"]


def test_a_word_after_an_aircraft_model_number_is_no_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Regulators grounded the Boeing 737 Max after the second crash, the Federal Aviation Administration said."
    )
    assert "Max" not in _all(extraction)
    assert "Federal Aviation Administration" in _names(extraction)["org"]


def test_a_motor_racing_circuit_is_a_facility(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Lena Hoff crashed at the Circuit de Monaco in May and won at the Bedford Racing Circuit a week later."
    )
    names = _all(extraction)
    assert "Circuit de Monaco" not in names and "Bedford Racing Circuit" not in names
    assert "Lena Hoff" in _names(extraction)["person"]


def test_operations_storms_awards_laws_and_ships_are_no_entities(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Turkey launched Operation Olive Branch in January. Hurricane Maria hit Puerto Rico. She won the "
        "Nobel Peace Prize. The Affordable Care Act was upheld. The USS Carl Vinson sailed on Tuesday."
    )
    names = _all(extraction)
    for thing in ("Operation Olive Branch", "Hurricane Maria", "Nobel Peace Prize", "Affordable Care Act"):
        assert thing not in names, thing
    assert not any("Vinson" in n for n in names)


# Names the model cuts in two


def test_a_name_ended_at_a_hyphenated_syllable_is_taken_whole(extractor: Extractor) -> None:
    extraction = extractor.extract("South Korean President Moon Jae-in met his cabinet in Seoul on Friday.")
    people = _names(extraction)["person"]
    assert "Moon Jae-in" in people and "Moon Jae" not in people


def test_a_name_cut_short_joins_the_whole_name(extractor: Extractor) -> None:
    extraction = extractor.extract("The court in Seoul jailed Yoon Suk Yeol. Yoon Suk was impeached last year.")
    names = _names(extraction)
    assert "Yoon Suk Yeol" in names["person"]
    assert "Yoon Suk" not in _all(extraction) and "Yoon Suk Yeol" not in names["place"]
    assert _fired(extraction, "name_cut_short")


def test_a_son_named_after_his_father_is_not_a_cut_name(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Donald Trump spoke in Ohio on Monday. Donald Trump Jr. spoke in Florida on Tuesday."
    )
    assert not _fired(extraction, "name_cut_short")


def test_a_place_and_a_word_cut_off_it_are_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Officials at Cambridge Analytica denied the claims. Cambridge Analytica's chief executive resigned."
    )
    names = _names(extraction)
    assert "Cambridge Analytica" in names["org"]
    assert "Cambridge" not in names["place"] and "Analytica" not in _all(extraction)


def test_a_place_name_tail_is_not_joined_as_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("Police in Springfield Township said the road was closed.")
    assert not _fired(extraction, "place_word_name")


def test_hyphenated_given_names_make_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract("Jean-Pierre Dubois and Anne-Marie Lefevre were arrested in Lyon on Monday.")
    people = _names(extraction)["person"]
    assert {"Jean-Pierre Dubois", "Anne-Marie Lefevre"} <= people
    assert "Anne-Marie Lefevre" not in _names(extraction)["org"]


# Possessive surnames, section labels, credits


def test_a_possessive_surname_before_a_relative_or_lawyer_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Smith's lawyer said his client would plead not guilty. Smith, 42, was arrested in Dayton. "
        "Garcia's family said she had been missing; Garcia's mother called police in Fresno."
    )
    names = _names(extraction)
    assert {"Smith", "Garcia"} <= names["person"]
    assert "Smith" not in names["org"] and "Garcia" not in names["place"]


def test_a_country_before_a_possessive_relative_stays_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("Russia's allies met in Minsk on Monday.")
    assert "Russia" in _names(extraction)["place"]


def test_a_section_label_is_cut_off_the_next_name(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "RELATED STORIES Police in Akron arrested two men on Sunday after a robbery at a bank. "
        "TOP STORIES Kenya's president met his rivals in Nairobi."
    )
    names = _all(extraction)
    assert not any("RELATED" in n or "STORIES" in n for n in names)
    assert {"Akron", "Kenya", "Nairobi"} <= _names(extraction)["place"]


def test_wire_credits_name_no_people(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The army said the attack killed five. Additional reporting by Omar Fahmy in Cairo; Writing by "
        "Sami Aboudi; Editing by Alison Williams"
    )
    assert not _names(extraction)["person"]


# Stacked names, descriptions, armed groups and agencies


def test_a_country_stacked_on_an_international_body_is_two_entities(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Officials from the U.S. European Union met in Brussels. The U.S. European Command said nothing."
    )
    names = _names(extraction)
    assert "European Union" in names["org"] and "U.S." in names["place"]
    assert "U.S. European Union" not in _all(extraction)
    assert "U.S. European Command" in names["org"]


def test_a_country_ending_a_line_is_no_part_of_the_body_that_opens_the_next(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "China raised tariffs in answer to a similar measure from the U.S.\nEuropean Union officials met in Brussels."
    )
    names = _names(extraction)
    assert "European Union" in names["org"]
    assert not any(name.startswith("U.S") and "Union" in name for name in _all(extraction))


def test_descriptions_of_states_are_no_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Iranian government denied the report, while the Israeli military said Afghan forces and the "
        "Kurdish militia had fought Islamic State."
    )
    assert _names(extraction)["org"] == {"Islamic State"}


def test_the_afghan_taliban_and_the_taliban_are_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Taliban claimed the attack. A spokesman for the Afghan Taliban said ten soldiers were killed."
    )
    orgs = [e for e in extraction.organisations if "Taliban" in e.name]
    assert len(orgs) == 1
    assert {m.text for m in orgs[0].mentions} == {"Taliban", "Afghan Taliban"}


def test_agency_acronyms_are_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Ministry of Defence said the MoD had no comment. The Ukrainian air force said the VKS struck "
        "Kharkiv, and the Luftwaffe sent two jets to Poland."
    )
    names = _names(extraction)
    assert {"Ministry of Defence", "VKS", "Luftwaffe"} <= names["org"]
    assert "MoD" not in names["place"] and "MoD" not in names["org"]  # joined with the ministry's name


def test_a_closing_written_by_credit_names_no_people(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Senate voted on Monday in Washington. Written by Anna Kowalski, Editing by Peter Graff."
    )
    assert not _names(extraction)["person"]
