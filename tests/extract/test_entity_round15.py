"""Fifteenth round of entity rules (issue 19): people typed from evidence in the same sentence.

Short invented passages only (no corpus text): a name of two or three words before "'s" and a relative, and a
name listed after a plural noun for people and "including".
"""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import typed_names as _names


def test_a_nickname_of_two_words_before_a_relative_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Treasury sanctions Rafael Ortiz Beltrán and his brother Tomás Ortiz Beltrán, El Flaco's sons who "
        "are believed to lead a faction of the cartel in Sonora."
    )
    names = _names(extraction)
    assert "El Flaco" in names["person"]
    assert "El Flaco" not in names["org"]


def test_a_body_before_its_members_stays_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("The Sinaloa Cartel's sons of the founders lead the factions, officials say.")
    assert "Sinaloa Cartel" in _names(extraction)["org"]


def test_a_name_listed_after_climbers_including_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Seven climbers, including Lhakpa Sonam Tamang, die on Mount Karsa. Nine activists, including Leyla "
        "Ismayilova, are detained in the capital."
    )
    names = _names(extraction)
    assert {"Lhakpa Sonam Tamang", "Leyla Ismayilova"} <= names["person"]
    assert not (names["org"] | names["place"]) & {"Lhakpa Sonam Tamang", "Leyla Ismayilova"}


def test_countries_listed_after_members_including_stay_places(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Several passengers, including Germany and France, were named in the report by the Acme Airways board."
    )
    names = _names(extraction)
    assert not names["person"] & {"Germany", "France"}


def test_a_name_given_a_chair_after_the_comma_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The agency has reported that in January 2002, Nino Kvesitadze, the chair of the Georgian Parliament, "
        "stated that mines remain. In May 2003, Eka Chanturia, the chair of the Georgian Parliament, stated that "
        "mines remain."
    )
    names = _names(extraction)
    assert {"Nino Kvesitadze", "Eka Chanturia"} <= names["person"]


def test_a_town_before_the_mayor_stays_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("In Broad Creek, the mayor of the town said the river rose overnight.")
    assert "Broad Creek" not in _names(extraction)["person"]


def test_the_far_end_of_a_route_from_a_town_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The first stage covered 170 kilometres from Palencia to Villarramiel and was won by a Spanish rider. "
        "The convoy drove from Goma to Kamanyola before dawn."
    )
    names = _names(extraction)
    assert {"Villarramiel", "Kamanyola"} <= names["place"]
    assert not names["org"] & {"Villarramiel", "Kamanyola"}


def test_a_body_after_between_a_country_and_stays_a_body(extractor: Extractor) -> None:
    extraction = extractor.extract("Talks between Ukraine and Naftogaz Holdings stalled on Monday, officials said.")
    assert "Naftogaz Holdings" not in _names(extraction)["place"]


def test_a_name_the_article_calls_an_agreement_or_a_pipeline_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Farm goods reach Canada via NAFTA, a free trade agreement signed in 1994. The candidate wants to "
        "renegotiate NAFTA. Gazprom built Nord Stream 2, a gas pipeline under the Baltic Sea. Nord Stream 2 was "
        "damaged in 2022."
    )
    names = _names(extraction)
    assert not (names["org"] | names["person"] | names["place"]) & {"NAFTA", "Nord Stream 2"}


def test_a_company_described_by_what_it_makes_stays_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("Veltrax Holdings, the missile maker based in Arizona, said orders rose.")
    assert "Veltrax Holdings" in _names(extraction)["org"]


def test_a_surname_read_as_a_body_joins_a_full_name_ending_in_a_generation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Ronald Earl Thibodeaux Jr., 49, is serving a life sentence. Lyons said that Thibodeaux used a wheelchair "
        "in prison. Lyons warned that Thibodeaux knows the area. Between 1991 and 1998, Thibodeaux was in and out "
        "of prison."
    )
    names = _names(extraction)
    assert "Thibodeaux" not in names["org"]
    assert "Ronald Earl Thibodeaux Jr" in names["person"]


def test_a_name_cut_before_its_possessive_last_word_is_whole(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Gwangju District Court rejects former president Moon Suk Yeol's petition to release him."
    )
    people = _names(extraction)["person"]
    assert "Moon Suk Yeol" in people
    assert "Moon Suk" not in people


def test_a_day_after_a_name_stays_out_of_it(extractor: Extractor) -> None:
    extraction = extractor.extract("Lawyers for Maria Ortega Friday's hearing asked for a delay, the court said.")
    assert not any(name.endswith("Friday") for name in _names(extraction)["person"])
