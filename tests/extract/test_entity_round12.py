"""Twelfth round of entity rules (issue 19): facilities, events and nationalities read as organisations.

Short invented passages only (no corpus text): a region abroad named with "State" or "Department", named
storms, laws and feasts, stations, ranches and bases, and the nationalities of smaller countries.
"""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import all_names as _all
from tests.support.entities import typed_names as _names


def test_a_region_abroad_with_state_or_department_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Soldiers kill four rebels in a shootout in the village of Corinto, Omoa, Lempira Department. A bomb "
        "kills three people in Huila Department, the governor says. Gunmen abduct 20 pupils in Zamfara State."
    )
    names = _names(extraction)
    assert {"Lempira Department", "Huila Department", "Zamfara State"} <= names["place"]
    assert not names["org"] & {"Lempira Department", "Huila Department", "Omoa"}


def test_state_and_department_stay_organisations_at_home(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Islamic State claims the attack. The State Department and the Houston Police Department say they are "
        "investigating, as does the Michigan Department of Health."
    )
    orgs = _names(extraction)["org"]
    assert {"Islamic State", "State Department", "Houston Police Department"} <= orgs


def test_a_us_university_named_like_a_country_stays_an_organisation(extractor: Extractor) -> None:
    # review 11 (#6): "Georgia State" is a university, though Georgia is also a country abroad
    extraction = extractor.extract("Kent State beat Georgia State 3-1.")
    names = _names(extraction)
    assert "Georgia State" not in names["place"]


def test_a_named_storm_a_law_and_a_feast_are_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Tropical Storm Marisol brings heavy rain to Okinawa. The Senate passes the Clean Harbors Restoration "
        "Act. The president declares a truce for Orthodox Easter. Cases of COVID-19 rise in Lagos."
    )
    names = _all(extraction)
    assert not any(("Marisol" in n) or n.endswith("Act") or ("Easter" in n) or ("COVID" in n) for n in names)


def test_a_station_a_ranch_and_a_base_are_facilities(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Two trains collide near Kalimantan Baru Station in West Java. Investigators say the Rocaverde Ranch "
        "was used by the cartel. A fuel leak cuts supply to Dunmore Air Force Base."
    )
    names = _all(extraction)
    assert not any(n.endswith(("Station", "Ranch", "Base")) for n in names)


def test_a_town_named_station_or_ranch_stays_a_place(extractor: Extractor) -> None:
    # review 11 (#3): the gazetteer knows these towns by their whole names
    extraction = extractor.extract(
        "A man was killed in College Station, Texas, and two were hurt in Highlands Ranch, Colorado."
    )
    assert {"College Station", "Highlands Ranch"} <= _names(extraction)["place"]


def test_a_surname_like_a_feast_or_a_law_stays_a_person(extractor: Extractor) -> None:
    # review 11 (#9): a given name before "Easter" or "Act" makes a person's name
    extraction = extractor.extract("Jane Easter, 40, spoke for the Roman Catholic Church.")
    names = _names(extraction)
    assert "Jane Easter" in names["person"]
    assert "Roman Catholic Church" in names["org"]


def test_the_nationality_of_a_smaller_country_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Nauruan president Tavita Oreo signs a treaty with Australia. Angolan troops cross the border. A "
        "Monégasque court fines the bank."
    )
    orgs = _names(extraction)["org"]
    assert not orgs & {"Nauruan", "Angolan", "Monégasque"}
