"""Eleventh round of entity rules (issue 19): organisation classes of international news summaries.

Short invented passages only (no corpus text): people after a post or a trade in lower case, vessels, craft
and weapons named beside their kind, an airline's flight, an agency the model splits at "and".
"""

from __future__ import annotations

import time

from service.extract import Extractor
from tests.support.entities import all_names as _all
from tests.support.entities import rules as _rules
from tests.support.entities import typed_names as _names


def test_a_name_after_a_post_or_trade_in_lower_case_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Ruritanian president Amadou Kelbeni dissolves parliament. In cricket, Indian cricketer Rohan Vashisht "
        "scores a century. Police question comedian Tavi Orrelan after a video posted online. The bloc imposes "
        "sanctions on far-right ministers Ezra Talmond and Yossi Ben-Arad."
    )
    names = _names(extraction)
    assert {"Amadou Kelbeni", "Rohan Vashisht", "Tavi Orrelan", "Ezra Talmond"} <= names["person"]
    assert not names["org"] & {"Amadou Kelbeni", "Rohan Vashisht", "Tavi Orrelan", "Ezra Talmond"}


def test_a_post_that_ends_a_sentence_names_no_one_after_it(extractor: Extractor) -> None:
    # review 11 (#5): the full stop after a lower-case post ends the sentence; after a title it abbreviates
    extraction = extractor.extract("A spokesman said the president. Reuters reported the news on Monday.")
    names = _names(extraction)
    assert "Reuters" in names["org"] and "Reuters" not in names["person"]
    assert {"Ada Smith", "Ben Okoro"} <= _names(extractor.extract("Officials met Gen. Ada Smith and Dr. Ben Okoro."))[
        "person"
    ]


def test_a_vessel_named_after_its_kind_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Finland denies a request to release the impounded oil tanker Sea Orchid. Bodies of sailors killed when "
        "the frigate IRIS Talvar was sunk are returned. The Royal Navy destroyer HMS Kestrel joins the mission."
    )
    names = _all(extraction)
    assert not any(("Sea Orchid" in n) or ("Talvar" in n) or ("Kestrel" in n) for n in names)
    assert "Royal Navy" in _names(extraction)["org"]
    assert "craft_after_kind" in _rules(extraction)


def test_a_company_before_its_craft_stays_an_organisation(extractor: Extractor) -> None:
    # review 11 (#7): "a" before the name and the kind marks the maker or operator, no craft
    assert "Lufthansa" in _names(extractor.extract("A Lufthansa jet landed."))["org"]
    assert "Wagner" in _names(extractor.extract("A Wagner drone hit the town."))["org"]


def test_the_operator_of_a_craft_in_a_relative_clause_stays_an_organisation(extractor: Extractor) -> None:
    # review 11 (#7): "the ship Carnival owned": the company that owns it, no craft's name
    extraction = extractor.extract(
        "Investigators examined the ship Carnival owned before the fire. He flew on the airliner Lufthansa "
        "leased from Boeing."
    )
    assert {"Carnival", "Lufthansa"} <= _names(extraction)["org"]
    # the kind before a name and a verb of its own still makes a craft
    names = _all(extractor.extract("The oil tanker Sea Orchid sank off the coast."))
    assert not any("Sea Orchid" in n for n in names)


def test_a_weapon_or_craft_named_before_its_kind_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Russia strikes Lviv with its Grom-M intermediate-range ballistic missile. The Zenitar rocket developed "
        "by a private company fails on launch. Hamas rockets are intercepted over Ashkelon."
    )
    names = _names(extraction)
    assert not any(("Grom" in n) or ("Zenitar" in n) for n in set().union(*names.values()))
    assert "Hamas" in names["org"]  # a known body keeps its type before its weapons


def test_an_airline_flight_names_the_airline(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "A court convicts the planemaker over the 2009 crash of Air Lumina Flight 812, which killed 228 people."
    )
    orgs = _names(extraction)["org"]
    assert "Air Lumina" in orgs
    assert not any(o.endswith("Flight") for o in orgs)


def test_immigration_and_customs_enforcement_is_one_agency(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "U.S. Immigration and Customs Enforcement arrests a student activist in New York. ICE says the arrest "
        "follows an order of the State Department."
    )
    orgs = _names(extraction)["org"]
    assert "U.S. Immigration and Customs Enforcement" in orgs
    assert not orgs & {"U.S. Immigration", "Customs Enforcement", "ICE"}


def test_a_franchise_named_by_its_city_and_a_plural_nickname_is_a_club(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "In women's basketball, Las Vegas Herons player Mara Olsen wins a fourth MVP award. Colorado Springs "
        "hosts the league's draft."
    )
    names = _names(extraction)
    assert "Las Vegas Herons" in names["org"]
    assert "Las Vegas Herons" not in names["place"]
    assert "Colorado Springs" in names["place"]  # a place's own plural is no nickname


def test_a_person_named_by_a_town_is_no_franchise(extractor: Extractor) -> None:
    # review 11 (#2): a given name that is also a town, a season's year range, not a score
    extraction = extractor.extract("Austin Jennings, a guard, scored 22 points in the championship game.")
    assert "Austin Jennings" not in _names(extraction)["org"]
    extraction = extractor.extract("Jackson Daniels was born in 1980-81 and moved away.")
    assert "franchise_name" not in _rules(extraction)


def test_a_runaway_church_name_is_read_in_bounded_time(extractor: Extractor) -> None:
    # review 11 (#4): the denomination's words before "Church" are few; a runaway span is not split word by word
    start = time.perf_counter()
    extractor.extract("Roman " * 2000 + "Catholic Church")
    assert time.perf_counter() - start < 15.0  # 31.7 s to 78 s before the bound, about 1 s after


def test_a_church_named_by_its_denomination_is_a_religious_body(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "A court in Tokyo orders the dissolution of the Unification Church. The Russian Orthodox Church backs "
        "the decree, and the Church of England voices concern. A gunman opens fire at First Baptist Church in "
        "Sutherland Springs."
    )
    orgs = _names(extraction)["org"]
    assert {"Unification Church", "Russian Orthodox Church", "Church of England"} <= orgs
    assert not any("Baptist" in o for o in orgs)  # a parish's building stays a facility
