"""Organisations in news about attacks and conflict (issue 19, fifth round): short hand-written passages."""

from __future__ import annotations

from service.extract import Extraction, Extractor
from tests.support.entities import names as _names
from tests.support.entities import rules as _rules


def _all(names: dict[str, list[str]]) -> set[str]:
    return {n for group in names.values() for n in group}


def test_operations_ships_and_bases_are_no_organisations(extractor: Extractor) -> None:
    body = (
        "The navy said the destroyer USS Carver fired two missiles during Operation Silent Harbour on Monday. "
        "Drones struck Kestrel Air Base and the Tamar Refugee Camp, and the MV Ocean Pearl was hit off the coast."
    )
    found = _all(_names(extractor.extract(body)))
    assert not {n for n in found if n.startswith(("USS", "Operation", "MV")) or "Base" in n or "Camp" in n}


def test_a_place_abroad_keeps_its_designator_and_is_no_organisation(extractor: Extractor) -> None:
    body = "Shelling hit villages in Luhansk Oblast and in Kalehe Territory overnight, the governor said."
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert "Luhansk Oblast" not in names["organisations"] and "Kalehe Territory" not in names["organisations"]
    assert "Kalehe Territory" in names["places"]


def test_peoples_and_faiths_are_no_entities(extractor: Extractor) -> None:
    body = "Clashes between Druze fighters and Bedouin tribes spread, and Alawites fled the coast, a monitor said."
    extraction = extractor.extract(body)
    assert not {"Druze", "Bedouin", "Alawites"} & _all(_names(extraction))
    assert "people_group" in _rules(extraction)


def test_a_nationality_read_as_an_organisation_is_not_output(extractor: Extractor) -> None:
    names = _names(extractor.extract("Emirati officials met the envoy in Cairo on Sunday to discuss the truce."))
    assert "Emirati" not in _all(names)


def test_a_side_is_no_organisation(extractor: Extractor) -> None:
    body = "A pro-Syrian government militia shelled the town, and anti-Houthi tribes blocked the road."
    names = _names(extractor.extract(body))
    assert not [n for n in names["organisations"] if n.lower().startswith(("pro-", "anti-"))]


def test_counts_and_articles_are_cut_off_a_group_name(extractor: Extractor) -> None:
    body = (
        "A Rapid Support Forces (RSF) drone strike killed three people in the city. "
        "Four Al-Qassam Brigades fighters were killed, the group said."
    )
    names = _names(extractor.extract(body))
    assert "Rapid Support Forces" in names["organisations"]
    assert not [n for n in names["organisations"] if n.startswith(("A ", "Four "))]


def test_two_forces_joined_by_and_are_two_organisations(extractor: Extractor) -> None:
    body = "Fighting between the Sudanese Armed Forces and Rapid Support Forces resumed near the river on Friday."
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert "Rapid Support Forces" in names["organisations"]
    assert not [n for n in names["organisations"] if " and " in n]
    assert "and_pair" in _rules(extraction)
    from service.extract.ner.mentions import MentionFinder
    from service.extract.ner.spans import Candidate

    kept = Candidate(0, 44, "Ministry of Finance and Economic Development")
    kept.cast("spacy_label", "org", 1.0)
    assert MentionFinder._and_pairs([kept]) == [kept]  # a name with "of" before "and" is one name


def test_a_name_defined_by_its_acronym_is_one_organisation(extractor: Extractor) -> None:
    body = (
        "Fighters of Kataeb Sayyed al-Shuhada (KSS) shelled the base, and KSS later denied it. "
        "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) claimed a raid in the north on Monday."
    )
    extraction = extractor.extract(body)
    orgs = _org_mentions(extraction)
    assert "KSS" in orgs.get("Kataeb Sayyed al-Shuhada", set())
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in orgs
    assert not _names(extraction)["people"]
    assert "acronym_definition" in _rules(extraction)


def test_an_acronym_in_brackets_never_makes_a_person_a_facility_or_a_country_an_organisation(
    extractor: Extractor,
) -> None:
    body = (
        "Andres Manuel Lopez Obrador (AMLO) spoke in the United Arab Emirates (UAE) on Monday, and inmates of "
        "New Harbour Prison (NHP) were moved."
    )
    names = _names(extractor.extract(body))
    assert "Andres Manuel Lopez Obrador" in names["people"]
    assert not {"Andres Manuel Lopez Obrador", "United Arab Emirates", "New Harbour Prison"} & set(
        names["organisations"]
    )


def test_the_acronym_of_a_facility_or_an_event_names_no_organisation(extractor: Extractor) -> None:
    body = (
        "The four convicts were sent to the New Harbour Prison (NHP) in Muntinlupa, where NHP guards met them. "
        "Delegates signed the Lisbon Climate Agreement (LCA) on Monday; the LCA takes effect in May."
    )
    extraction = extractor.extract(body)
    assert not {"NHP", "LCA"} & _all(_names(extraction))
    assert "acronym_of_non_entity" in _rules(extraction)


def test_an_organisation_and_its_acronym_in_another_language_are_one(extractor: Extractor) -> None:
    body = (
        "The poll put the Democratic Left Alliance (SLD) on 12 percent and the Civic Platform (PO) on 30 percent. "
        "The SLD said it would not join a coalition with the PO."
    )
    orgs = _org_mentions(extractor.extract(body))
    assert orgs.get("Democratic Left Alliance") == {"Democratic Left Alliance", "SLD"}
    assert orgs.get("Civic Platform") == {"Civic Platform", "PO"}
    assert "SLD" not in orgs and "PO" not in orgs


def test_an_acronym_that_spells_the_seat_after_a_comma_takes_the_seat_into_the_name(extractor: Extractor) -> None:
    body = (
        "The Vice Chancellor of the Federal University of Technology, Owerri (FUTO) said FUTO would rebuild the fence."
    )
    orgs = _org_mentions(extractor.extract(body))
    assert orgs.get("Federal University of Technology, Owerri") == {"Federal University of Technology, Owerri", "FUTO"}


def test_a_wire_credit_after_a_dateline_is_no_acronym_of_the_town(extractor: Extractor) -> None:
    orgs = _org_mentions(extractor.extract("NEW YORK (AFP) - Police said two men were hurt in Queens on Monday."))
    assert "AFP" in orgs and "New York" not in orgs


def _org_mentions(extraction: Extraction) -> dict[str, set[str]]:
    return {e.name: {m.text for m in e.mentions} for e in extraction.organisations}


def test_armed_groups_and_agencies_named_two_ways_are_one_organisation(extractor: Extractor) -> None:
    body = (
        "Gunmen of the Balochistan Liberation Army attacked a convoy, and the BLA said it killed ten soldiers. "
        "The military's media wing, Inter-Services Public Relations, said the ISPR would brief reporters. "
        "In Mali, fighters of Jama'at Nusrat al-Islam wal-Muslimin attacked an army post, and JNIM said so."
    )
    orgs = _org_mentions(extractor.extract(body))
    assert "BLA" in orgs.get("Balochistan Liberation Army", set())
    assert "ISPR" in orgs.get("Inter-Services Public Relations", set())
    assert "JNIM" in orgs.get("Jama'at Nusrat al-Islam wal-Muslimin", set())


def test_an_agency_known_by_one_word_is_an_organisation_whatever_the_model_says(extractor: Extractor) -> None:
    names = _names(extractor.extract("The Tatmadaw bombed a village on Sunday, and the Basij patrolled the streets."))
    assert {"Tatmadaw", "Basij"} <= set(names["organisations"])


def test_a_name_ending_in_an_organisations_head_noun_is_an_organisation(extractor: Extractor) -> None:
    from service.extract.ner.spans import Candidate
    from service.extract.ner.votes import RULES, Context

    rule = next(r for r in RULES if r.name == "org_head_noun")
    voter = extractor.entities.finder.voter
    text = "Fighters of Tuareg Azawad Liberation Front and Margaret Court met in the Russian Federation."

    def holds(form: str, label: str) -> bool:
        start = text.index(form)
        return rule.test(Context(voter, Candidate(start, start + len(form), form), label, text))  # type: ignore[arg-type]

    assert holds("Tuareg Azawad Liberation Front", "person") and holds("Tuareg Azawad Liberation Front", "place")
    assert not holds("Margaret Court", "person")  # a given name and a surname
    assert not holds("Russian Federation", "place")  # a country's name in the gazetteer


def test_wars_and_massacres_are_events_not_organisations(extractor: Extractor) -> None:
    body = "Veterans of the Cambodian Civil War recalled the Harbin Massacre, the Institute for the Study of War said."
    names = _names(extractor.extract(body))
    assert not {n for n in _all(names) if n.endswith(("Civil War", "Massacre"))}
    from service.extract.ner.lexicon import NOT_ENTITY

    assert NOT_ENTITY.search("Bucha Massacre") and not NOT_ENTITY.search("Institute for the Study of War")


def test_an_organisation_run_into_its_officers_name_is_split(extractor: Extractor) -> None:
    body = "Chief of Staff of the Armed Forces of the Islamic Republic of Iran Mohammad Bagheri said on Monday."
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert "Mohammad Bagheri" in names["people"]
    assert not [n for n in names["organisations"] if n.endswith("Bagheri")]
    assert "person_after_org" in _rules(extraction)
