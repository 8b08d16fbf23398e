"""Entity rules from the classes of error on international web pages (issue 19, round ent27).

Short hand-written passages only (no corpus text).
"""

from __future__ import annotations

from service.extract import Extraction, Extractor


def _names(extraction: Extraction) -> dict[str, set[str]]:
    return {
        "people": {e.name for e in extraction.people},
        "places": {e.name for e in extraction.places},
        "organisations": {e.name for e in extraction.organisations},
    }


def test_a_surname_joins_a_person_whose_given_name_is_also_a_particle(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Sen. Ben Sasse, a frequent critic of the plan, called it reckless on Tuesday. "
        "Sasse said the tariffs would hurt farmers in his state."
    )
    names = _names(extraction)
    assert names["people"] == {"Ben Sasse"}
    assert "Sasse" not in names["organisations"]


def test_a_particle_inside_a_name_still_lets_the_short_form_join(extractor: Extractor) -> None:
    extraction = extractor.extract("Zine el-Abidine Ben Ali fled the country in 2011. Ben Ali died in Jeddah.")
    assert _names(extraction)["people"] == {"Zine el-Abidine Ben Ali"}


def test_a_name_before_a_dash_and_a_relative_clause_is_no_dateline(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "A 34-year-old man was remanded in custody on Thursday. Colin Rockett — who stood in the dock with a "
        "bruised eye — spoke only to confirm his name. Rockett was remanded until next month."
    )
    names = _names(extraction)
    assert names["people"] == {"Colin Rockett"}
    assert "Colin Rockett" not in names["places"]


def test_a_dateline_before_a_dash_and_a_sentence_stays_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("KABUL — A suicide bomber killed 12 people at a checkpoint on Monday.")
    assert "Kabul" in _names(extraction)["places"] or "KABUL" in _names(extraction)["places"]


def test_a_party_named_with_and_without_the_word_party_is_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The once-mighty Congress party is in opposition in New Delhi. Handouts by Congress helped the town, "
        "and Congress could now make a comeback, said Sachin Pilot, the chief of the Congress party in Rajasthan."
    )
    assert _names(extraction)["organisations"] == {"Congress party"}


def test_where_a_writer_reported_from_is_a_credit_but_its_place_stays(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "China vowed on Friday to fight the tariffs at any cost. The ministry said talks had failed. "
        "Wong reported from Beijing."
    )
    names = _names(extraction)
    assert not names["people"] and "Wong" not in names["organisations"]
    assert "Beijing" in names["places"]


def test_a_child_called_by_her_given_name_alone_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The family pays 2,000 euro every three months for Ava's medicinal cannabis, which comes from Holland. "
        "8-year-old Ava has a rare form of epilepsy, her mother said."
    )
    names = _names(extraction)
    assert "Ava" in names["people"] and "Ava" not in names["organisations"]


def test_a_shop_named_by_a_given_name_in_the_possessive_stays_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "A woman eating a bowl of chili at a Wendy's restaurant in San Jose bit into a finger. It was her first "
        "visit to a Wendy's restaurant. The people from Wendy's were poking it with a spoon, she said."
    )
    names = _names(extraction)
    assert "Wendy" not in names["people"]
