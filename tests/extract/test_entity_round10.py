"""Tenth round of entity rules (issue 19): false entities of long local and wire pages.

Short invented passages only (no corpus text): towns in lists, a person called by one name beside the full
name, businesses named by their kind, families in the plural, and a place's designator that belongs to a post.
"""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import all_names as _all
from tests.support.entities import typed_names as _names


def test_towns_in_a_list_introduced_by_a_colon_are_places(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The epidemic has affected four villages: Kasongo, Mulumba, Tshikapa and Bulape, but was spreading."
    )
    names = _names(extraction)
    assert {"Kasongo", "Mulumba", "Tshikapa", "Bulape"} <= names["place"]
    assert not names["org"]


def test_a_big_town_the_gazetteer_knows_makes_a_list_of_places(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The tremor was felt across a triangle between Ras Al Khaimah, Al Ain and Dubai on Tuesday morning."
    )
    places = _names(extraction)["place"]
    assert {"Ras Al Khaimah", "Dubai"} <= places
    assert not _names(extraction)["person"] & {"Ras Al Khaimah", "Al Ain"}


def test_a_list_of_people_with_small_towns_for_surnames_stays_people(extractor: Extractor) -> None:
    extraction = extractor.extract("Senators Barack Obama, Hillary Clinton and Bernie Sanders spoke in Iowa on Monday.")
    people = _names(extraction)["person"]
    assert {"Barack Obama", "Hillary Clinton", "Bernie Sanders"} <= people


def test_a_person_called_by_one_name_lends_it_to_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Chief Financial Officer Alex Sink -- whose office also ran ads -- sought competitive bids. "
        "CFO Sink wanted to make sure the work was done fairly, a spokesman said."
    )
    assert "Alex Sink" in _names(extraction)["person"]
    assert "Alex Sink" not in _names(extraction)["org"]


def test_a_business_named_by_its_kind_is_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Shoppers lined up at the renovated Dan Harbin supermarket on Monday. A media release on the "
        "Sizzler website said the salad bars at a Sizzler restaurant in Perth had closed."
    )
    names = _names(extraction)
    assert "Sizzler" in names["org"] and "Sizzler" not in names["person"]
    assert "Dan Harbin" in names["org"] and "Dan Harbin" not in names["person"]


def test_a_person_before_a_website_stays_a_person(extractor: Extractor) -> None:
    # review 11 (#12): people have websites too; "website" names no business
    extraction = extractor.extract("Visitors flocked to the Joe Biden website on Monday.")
    names = _names(extraction)
    assert "Joe Biden" in names["person"] and "Joe Biden" not in names["org"]


def test_a_family_in_the_plural_in_es_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Kelly and Tom Burgess, both 31, moved to Dayton. After the scan the doctor told the Burgesses that "
        "the baby was well."
    )
    assert "Burgesses" not in _all(extraction)


def test_a_designator_before_a_post_is_the_posts_not_the_places(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Ohio State Senator Mark Dale held a town hall meeting. Dayton City Commissioner Ann Price spoke, "
        "and the suspect will be arraigned in Akron District Court on Friday. The Kansas City Council met."
    )
    names = _all(extraction)
    assert not {"Ohio State", "Dayton City", "Akron District"} & names
    assert {"Ohio", "Dayton"} <= _names(extraction)["place"]
    assert "Kansas City Council" in _names(extraction)["org"]
