"""Organisations in news about attacks and conflict (issue 19, fifth round): short hand-written passages."""

from __future__ import annotations

from service.extract import Extraction, Extractor


def _names(extraction: Extraction) -> dict[str, list[str]]:
    return {
        "people": [e.name for e in extraction.people],
        "places": [p.name for p in extraction.places],
        "organisations": [e.name for e in extraction.organisations],
    }


def _rules(extraction: Extraction) -> set[str]:
    return {rule for e in extraction.evidence for rule, *_ in e.rules}


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
