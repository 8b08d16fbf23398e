"""Sixteenth round of entity rules (issue 19, ent37): precision on international news.

Written from classes seen in unlabelled international web news (gwn_dev pages no labelled set holds, read under
the labelling guide); short invented passages only (no corpus text).
"""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import typed_names as _names


def test_the_office_word_after_chief_is_part_of_the_title(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The bank's Chief Executive Anna Lindqvist said profits fell. Chief Economist Tomas Berg warned of a "
        "slowdown. Chief Justice Amara Osei ruled on the appeal."
    )
    people = {e.name: e for e in extraction.people}
    assert {"Anna Lindqvist", "Tomas Berg", "Amara Osei"} <= set(people)
    assert not {"Executive Anna Lindqvist", "Economist Tomas Berg", "Justice Amara Osei"} & set(people)
    assert people["Anna Lindqvist"].title == "Chief Executive"


def test_a_body_opened_by_an_office_word_keeps_its_name(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Justice Department said on Monday that the Executive Council of the union would meet the "
        "Chief Constable on Friday."
    )
    names = _names(extraction)
    assert "Justice Department" in names["org"]


def test_a_title_alone_is_no_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The award was announced by the Vice Chancellor, Prof. Daniel Okafor and Engr. Samuel Adeyemi Obi, "
        "General Manager of the firm."
    )
    people = _names(extraction)["person"]
    assert not {"Engr", "Prof"} & people
    assert "Daniel Okafor" in people


def test_a_post_and_its_portfolios_name_no_body(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The forum was attended by the Minister of Trade, Industry and Cooperatives, Mr Ravi Gopal, and the "
        "Minister of Lands, Housing and Urban Development, Ms Asha Banda. The Ministry of Finance and Economic "
        "Planning said the budget would rise."
    )
    names = _names(extraction)
    assert not names["org"] & {"Minister of Trade, Industry", "Cooperatives", "Housing and Urban Development"}
    assert "Ministry of Finance and Economic Planning" in names["org"]
    assert {"Ravi Gopal", "Asha Banda"} <= names["person"]


def test_bodies_listed_after_a_post_stay_bodies(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The plan was signed by the Minister of Health, UNICEF and the Red Cross on Monday. The Minister of "
        "Health, Jane Roe, said the clinics would open."
    )
    names = _names(extraction)
    assert {"UNICEF", "Red Cross"} <= names["org"]
    assert "Jane Roe" in names["person"]


def test_an_arabic_place_name_keeps_its_article(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Fighting continued near Deir al-Zor and in Ras al-Ain on Tuesday. In Sharm el-Sheikh, delegates met."
    )
    places = _names(extraction)["place"]
    assert {"Deir al-Zor", "Ras al-Ain", "Sharm el-Sheikh"} <= places
    assert not {"Deir", "Ras", "Sharm"} & places


def test_a_known_group_after_a_place_stays_apart(extractor: Extractor) -> None:
    extraction = extractor.extract("Rebels in Yemen al-Qaeda cells were hit.")
    names = _names(extraction)
    assert "Yemen" in names["place"]
    assert "Yemen al-Qaeda" not in names["place"] | names["org"]


def test_an_arabic_place_named_by_its_generic_first_word_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Rebels shelled Jisr al-Shughur, and an air strike hit Maarat al-Numan. Residents of Kafr Nabl and Khan "
        "Sheikhoun fled. Jets struck targets in Khan Younis. Rockets hit Kiryat Shmona."
    )
    names = _names(extraction)
    found = {"Jisr al-Shughur", "Maarat al-Numan", "Kafr Nabl", "Khan Sheikhoun", "Khan Younis", "Kiryat Shmona"}
    assert found <= names["place"]
    assert not found & (names["person"] | names["org"])


def test_a_person_whose_name_opens_with_a_place_word_stays_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract("The city will help, Ras Baraka said on Monday.")
    assert "Ras Baraka" in _names(extraction)["person"]


def test_a_weapon_system_named_before_its_kind_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Ukraine used HIMARS launchers supplied by Washington. The United States approved more ATACMS and Patriot "
        "air defence systems. Germany sent Leopard 2 tanks to the front."
    )
    names = _names(extraction)
    assert not {"HIMARS", "ATACMS", "Patriot", "Leopard 2", "Leopard"} & (names["person"] | names["org"])


def test_an_alliance_before_a_weapon_kind_stays_a_body(extractor: Extractor) -> None:
    extraction = extractor.extract("The NATO air defence systems were put on alert, officials in Brussels said.")
    assert "NATO" in _names(extraction)["org"]


def test_abbreviated_military_ranks_are_no_people(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The army spokesman, Brig. Gen. Onyema Obi, denied the claim. Lt. Col. Peter Ade was wounded, and "
        "Maj. Gen. Amina Bello led the troops."
    )
    people = _names(extraction)["person"]
    assert {"Onyema Obi", "Peter Ade", "Amina Bello"} <= people
    assert not {"Brig", "Col", "Maj", "Gen"} & people


def test_a_mission_in_a_place_joins_its_acronym(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Gunmen stormed a hotel in Mogadishu. The African Union Transition Mission in Somalia (ATMIS) said troops "
        "responded. ATMIS later withdrew. The United Nations Mission in South Sudan (UNMISS) sheltered civilians."
    )
    orgs = {e.name: e for e in extraction.organisations}
    assert "African Union Transition Mission in Somalia" in orgs
    assert "United Nations Mission in South Sudan" in orgs
    assert not {"ATMIS", "UNMISS", "African Union Transition Mission", "United Nations Mission"} & set(orgs)
    assert "Somalia" in _names(extraction)["place"]


def test_a_town_shelled_or_raided_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Rapid Support Forces shelled El Fasher on Sunday. Russian troops entered Kherson after a week."
    )
    names = _names(extraction)
    assert {"El Fasher", "Kherson"} <= names["place"]
    assert not {"El Fasher", "Kherson"} & (names["org"] | names["person"])
