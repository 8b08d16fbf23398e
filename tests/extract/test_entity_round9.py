"""Ninth round of entity rules (issue 19): organisations in international news summaries.

Short invented passages only (no corpus text): award categories that are no entity, a force's aircraft
cut from the force, chambers and units named by a head noun the model misses.
"""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import all_names as _all
from tests.support.entities import typed_names as _names


def test_an_award_category_of_several_words_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "At the ceremony in Lisbon, the film wins Best Original Score, and the singer wins Best New Artist "
        "and Best Rap Performance."
    )
    names = _all(extraction)
    assert not any(name.startswith("Best") for name in names)


def test_an_aircraft_after_the_force_that_flies_it_is_cut_off(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "A Bangladesh Air Force FT-7BGI training aircraft crashes into a school. An Indian Air Force HAL "
        "Tejas crashes at an air show. Jets respond from Italian Air Force F-35s."
    )
    orgs = _names(extraction)["org"]
    assert {"Bangladesh Air Force", "Indian Air Force", "Italian Air Force"} <= orgs
    assert not any(("FT-7BGI" in o) or ("Tejas" in o) or ("F-35" in o) for o in orgs)


def test_chambers_and_units_named_by_their_head_noun_are_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Two Assam Rifles personnel are killed in an ambush. Members of the Chamber of Deputies vote on the bill."
    )
    orgs = _names(extraction)["org"]
    assert {"Assam Rifles", "Chamber of Deputies"} <= orgs


def test_a_count_before_a_navy_is_no_part_of_its_name(extractor: Extractor) -> None:
    extraction = extractor.extract("Several Islamic Revolutionary Guard Corps Navy speedboats approach a tanker.")
    orgs = _names(extraction)["org"]
    assert "Several Islamic Revolutionary Guard Corps Navy" not in orgs
    assert "Islamic Revolutionary Guard Corps Navy" in orgs


def test_a_competition_named_by_its_confederation_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The club withdraws from the AFC Champions League Elite before its match. The singer wins the "
        "Eurovision Song Contest, and the team has now played in six T20 World Cups."
    )
    names = _all(extraction)
    assert not any(("Champions League" in n) or ("Song Contest" in n) or ("World Cups" in n) for n in names)


def test_a_town_located_by_its_region_is_a_place_not_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Two people are killed in an airstrike in Al-Qarara, Gaza. Rebels say they have captured "
        "Umm Sayala in the Blue Nile region of Sudan."
    )
    names = _names(extraction)
    assert not {"Al-Qarara", "Umm Sayala"} & names["org"]


def test_a_body_located_by_its_country_stays_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("A spokesman for the Rapid Support Forces in Sudan denies the report.")
    assert "Rapid Support Forces" in _names(extraction)["org"]


def test_a_shop_after_the_is_not_located_as_a_town(extractor: Extractor) -> None:
    extraction = extractor.extract("Jane Miller is the owner of the Petal Barn in Canton, Ohio.")
    assert not any(rule[0] == "located_in_region" for ev in extraction.evidence for rule in ev.rules)
