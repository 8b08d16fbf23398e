"""Fourteenth round of entity rules (issue 19): organisations in international news.

Short invented passages only (no corpus text): an acronym of lower-case words, a body that another body's
name ends in, a country of four words or more read as a body, and a summary's closing source citation.
"""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import typed_names as _names


def test_an_acronym_of_lower_case_words_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The militants planted improvised explosive devices (IEDs) and flew unmanned aerial vehicles (UAVs) "
        "over the base. Exports of liquefied natural gas (LNG) resume; the first LNG tanker leaves Ras Laffan."
    )
    names = _names(extraction)
    assert not (names["org"] | names["person"] | names["place"]) & {"IEDs", "UAVs", "LNG"}


def test_an_acronym_of_a_capitalised_name_stays_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("The Kivu Defence Front (KDF) attacks a convoy. The KDF says it holds the bridge.")
    assert "Kivu Defence Front" in _names(extraction)["org"]


def test_a_body_named_in_another_bodys_name_after_of_stays_apart(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The European Union sends aid to the region. Later the Council of the European Union adopts new "
        "sanctions against four companies."
    )
    orgs = _names(extraction)["org"]
    assert {"European Union", "Council of the European Union"} <= orgs


def test_a_short_name_that_ends_a_longer_one_still_joins_it(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The Garland Police Department said the suspect fled. Police Department officers later found him."
    )
    orgs = _names(extraction)["org"]
    assert "Police Department" not in orgs


def test_a_country_of_four_words_read_as_a_body_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The ruling party in São Tomé and Príncipe, the Independent Reform Movement, proposes a prime minister. "
        "Saint Vincent and the Grenadines holds an election."
    )
    names = _names(extraction)
    assert "São Tomé and Príncipe" in names["place"]
    assert not names["org"] & {"São Tomé and Príncipe", "Saint Vincent and the Grenadines"}


def test_a_closing_source_citation_names_outlets(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Disasters and accidents\n"
        "The talks in Cairo end without a deal. (MENA via The Sahel Courier)\n"
        "Floods damage 300 homes on the coast. (Milenio in Spanish)\n"
    )
    names = _names(extraction)
    assert {"Sahel Courier", "Milenio"} <= names["org"]
    assert not (names["place"] | names["person"]) & {"Milenio", "Sahel Courier"}


def test_names_listed_after_a_plural_trade_noun_are_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Regulators fine the luxury brands Valtorra, Chemisé and Lorrin over price fixing. Protesters blame "
        "companies like Staybnb and Roomly.com for rising rents."
    )
    names = _names(extraction)
    assert {"Valtorra", "Lorrin", "Staybnb"} <= names["org"]
    assert not names["person"] & {"Valtorra", "Chemisé", "Lorrin", "Staybnb"}


def test_a_person_after_a_closed_list_of_companies_stays_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract("Shares of the carmakers Voltra and Bexley fell, Maria Lindqvist said on Tuesday.")
    assert "Maria Lindqvist" in _names(extraction)["person"]


def test_a_name_with_an_organisations_kind_after_the_comma_is_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Officials designate Terceiro Comando Norte and Falange Azul, the two largest criminal organizations in "
        "the state, as terrorist groups. Prosecutors charge Halvorbank, the country's second-largest lender, "
        "with fraud."
    )
    names = _names(extraction)
    assert not names["person"] & {"Terceiro Comando Norte", "Falange Azul", "Halvorbank"}
    assert {"Falange Azul", "Halvorbank"} <= names["org"]


def test_a_person_with_a_role_in_an_organisation_after_the_comma_stays_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Maria Okafor, a member of the group, said the march would go on. Daniel Brenner, a company spokesman, "
        "declined to comment. Police detain Petrenko, a former soldier with the Vostok group, in Kharkiv."
    )
    names = _names(extraction)
    assert {"Maria Okafor", "Daniel Brenner"} <= names["person"]
    assert "Petrenko" not in names["org"]


def test_a_ship_named_after_its_cargo_carrier_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Markets\nFrance deploys the aircraft carrier Marquis de Lafayette to the Red Sea. Two tankers, the "
        "Panama-flagged Velamar and the Liberian-flagged crude carrier Ostrova, were attacked. The flag carrier "
        "Aerolinas Norte cancels flights."
    )
    names = _names(extraction)
    every = names["org"] | names["person"] | names["place"]
    assert not every & {"Marquis de Lafayette", "Ostrova"}


def test_a_model_after_a_force_or_maker_by_its_acronym_is_cut_off(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "News\nMedics are parachuted from an RAF A400M onto the island. A USAF C-17 lands in Kabul. Jets take "
        "off from RAF Lakenheath."
    )
    orgs = _names(extraction)["org"]
    assert not {"RAF A400M", "USAF C-17"} & orgs
    assert "RAF" in orgs


def test_a_ministry_named_before_its_country_is_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "News\nThe health ministry of Israel confirmed a second case of the virus on Monday. Israel has closed "
        "two farms."
    )
    names = _names(extraction)
    assert "health ministry of Israel" in names["org"]
    assert "Israel" in names["place"]


def test_one_word_opening_a_sentence_before_reports_that_is_an_outlet(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "News\nShipping through the strait resumes. Bloomberg reports that the first tanker left on Monday."
    )
    names = _names(extraction)
    assert "Bloomberg" not in names["person"]


def test_a_feature_named_with_of_read_as_a_body_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "News\nA corvette fires warning shots at a yacht in the English Channel between Normandy and the Isle of Wight."
    )
    names = _names(extraction)
    assert "Isle of Wight" not in names["org"]


def test_a_name_paired_with_a_region_of_its_country_after_in_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "News\nFlooding across five states in eastern Mexico, especially in Hidalgo and Veracruz, kills 64. "
        "Investors in Apple and Texas funds lost money."
    )
    names = _names(extraction)
    assert "Hidalgo" in names["place"]
    assert "Hidalgo" not in names["org"]
