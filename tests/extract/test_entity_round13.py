"""Thirteenth round of entity rules (issue 19): false people and organisations in international conflict news.

Short invented passages only (no corpus text): places named by their kind after them, a feature's name cut at
"of", posts and trades before a person, a business by its trade, a command's blended short name in brackets,
one person's name cut in two by the model, and a summary's section headings.
"""

from __future__ import annotations

from service.extract import Extractor
from service.extract.ner.clustering import _blend_of
from tests.support.entities import typed_names as _names


def test_a_name_before_a_place_kind_in_lower_case_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "A landslide buries a bus in Thanh Lam district, Quang Ngai province. The dispute over the Essequibo "
        "region goes on. Militias seize the al-Jawf and Marib governorates. A tsunami warning is issued for "
        "the Kyūshū coast."
    )
    names = _names(extraction)
    assert {"Essequibo", "Kyūshū"} <= names["place"]
    assert not (names["person"] | names["org"]) & {"Thanh Lam", "Essequibo", "al-Jawf", "Marib", "Kyūshū"}


def test_an_acronym_or_a_body_before_region_is_not_made_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Leaders of the ECOWAS region meet in Abuja. NATO says the Hezbollah region is calm."
    )
    places = _names(extraction)["place"]
    assert not places & {"ECOWAS", "NATO", "Hezbollah"}


def test_a_lower_case_post_before_a_name_makes_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Victorian premier Jacinta Allan resigns. They ask parliamentary speaker Aden Madobe to serve as acting "
        "president. Former legislators Chiquinho and Domingos Brazão are sentenced."
    )
    names = _names(extraction)
    assert not names["org"] & {"Jacinta Allan", "Aden Madobe", "Chiquinho"}
    assert {"Jacinta Allan", "Aden Madobe"} <= names["person"]


def test_a_party_after_incumbent_stays_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("Voters reject the incumbent Labour Party in the election.")
    assert "Labour Party" not in _names(extraction)["person"]


def test_a_business_by_its_trade_before_its_name_is_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "British supermarket chain Morrisons will close 52 cafés. Prosecutors reach a deal with the "
        "state-owned lender Halkbank."
    )
    names = _names(extraction)
    assert not names["person"] & {"Morrisons", "Halkbank"}
    assert {"Morrisons", "Halkbank"} <= names["org"]


def test_a_blended_short_name_in_brackets_joins_its_command() -> None:
    assert _blend_of("Southcom", "United States Southern Command")
    assert _blend_of("CENTCOM", "U.S. Central Command")
    assert _blend_of("Ofcom", "Office of Communications")
    assert not _blend_of("Hamas", "Islamic Resistance Movement")
    assert not _blend_of("Sun", "Sunday Times")


def test_a_commands_blended_name_is_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The United States Southern Command (Southcom) says its forces struck a boat. Southcom says two men died."
    )
    names = _names(extraction)
    assert "Southcom" not in names["person"]
    assert "United States Southern Command" in names["org"]


def test_one_name_cut_in_two_by_the_model_is_joined(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The council says president Hassan Sheikh Mohamud can no longer perform key functions."
    )
    people = _names(extraction)["person"]
    assert "Hassan Sheikh Mohamud" in people
    assert not people & {"Hassan Sheikh", "Mohamud"}


def test_a_single_title_word_before_a_name_is_not_joined(extractor: Extractor) -> None:
    extraction = extractor.extract("In his address, Pope Leo XIV calls for peace. Vladimir Putin replies.")
    people = _names(extraction)["person"]
    assert not any("Putin" in p and "Leo" in p for p in people)


def test_a_strait_cut_from_its_name_is_one_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Iranian foreign minister Abbas Araghchi says that the Strait of Hormuz will not return to the way it was "
        "before the war."
    )
    names = _names(extraction)
    assert "Strait of Hormuz" in names["place"]
    assert "Hormuz" not in names["person"]


def test_a_section_heading_of_a_day_page_is_no_person(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Armed conflicts and attacks\nTroops clash near Kharkiv.\n\nLaw and crime\nA court in Jakarta sentences "
        "nine men.\n\nArts and culture\nThe Louvre reopens."
    )
    people = _names(extraction)["person"]
    assert not people & {"Law", "Arts", "Armed"}


def test_a_kind_word_that_describes_the_next_noun_makes_no_place(extractor: Extractor) -> None:
    # place_kind_after needs the kind word to end the phrase (review finding): "district manager", "region-wide"
    extraction = extractor.extract(
        "Police said the Starbucks district manager called 911. Starbucks later apologised. "
        "Goldman Sachs district offices were closed."
    )
    assert not _names(extraction)["place"] & {"Starbucks", "Goldman Sachs"}


def test_a_blend_is_searched_in_bounded_time_on_a_long_name() -> None:
    import time

    started = time.process_time()
    assert not _blend_of("Alalalalaz", "Alabama " * 60)
    assert time.process_time() - started < 5  # was ~1 s at 40 words and growing with the fourth power
    assert _blend_of("Southcom", "United States Southern Command")
