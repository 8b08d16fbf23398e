"""One test per class of entity error fixed for real pages (hand-written or WCEP-style text only)."""

from __future__ import annotations

from service.extract import Extraction, Extractor
from tests.support.entities import names as _names


def _all_names(extraction: Extraction) -> list[str]:
    return [n for names in _names(extraction).values() for n in names]


def _offsets_exact(extraction: Extraction, body: str) -> None:
    for group in (extraction.people, extraction.places, extraction.organisations):
        for entity in group:
            for m in entity.mentions:
                assert body[m.start : m.end] == m.text, m


# -- scraper artefacts ------------------------------------------------------------------------------


def test_glued_title_bar_and_caps_dateline_give_the_town_not_the_station(extractor: Extractor) -> None:
    title = "Man hurt in crash on highway | KXYZ News - Weather, Traffic and Sports | KXYZ"
    body = title + (
        "BOISE, Idaho (KXYZ) — A 34-year-old man was hurt on Friday when his car left the road "
        "north of Boise, police said."
    )
    extraction = extractor.extract(body, title)
    names = _names(extraction)
    assert "Boise" in names["places"]
    assert not [n for n in _all_names(extraction) if "KXYZ" in n or "News" in n or "Weather" in n]
    _offsets_exact(extraction, body)


def test_headline_index_and_copyright_footer_give_no_entities(extractor: Extractor) -> None:
    title = "Local News - Valley Observer"
    body = title + (
        "December 5, 2015 ALBANY, N.Y. (AP) — Governor Mary Hale signed a bill. more »» "
        "page: | 1 | 2 | 3 | Search | December 4, 2015 TRENTON, N.J. (AP) — A senator resigned. "
        "more »»"
    )
    assert _all_names(extractor.extract(body, title)) == []
    article = "Police in Dayton said a man was shot on Sunday. " * 4
    footer = "© 2016 Valley Broadcasting. All rights reserved. This material may not be published, broadcast."
    extraction = extractor.extract(article + footer)
    assert "Valley Broadcasting" not in _all_names(extraction)
    assert "Dayton" in _names(extraction)["places"]


# -- wrong type kept ------------------------------------------------------------------------------


def test_a_dateline_town_is_a_place_whatever_the_model_says(extractor: Extractor) -> None:
    body = (
        "DAYTON -- A man is recovering after being shot in Dayton early Sunday morning. "
        "Dayton Police are investigating."
    )
    names = _names(extractor.extract(body))
    assert "Dayton" in names["places"]
    assert "Dayton" not in names["people"] and "Dayton" not in names["organisations"]


def test_a_named_victim_with_an_age_is_a_person(extractor: Extractor) -> None:
    body = (
        "Carlos Carrillo, a 26-year-old man, was shot and killed Thursday in Hollywood, police said. "
        "Officers approached Carrillo, who was holding a knife. Carrillo was pronounced dead."
    )
    names = _names(extractor.extract(body))
    assert "Carlos Carrillo" in names["people"]
    assert not [n for n in names["organisations"] if "Carrillo" in n]


def test_countries_that_play_are_teams(extractor: Extractor) -> None:
    body = (
        "In association football, Portugal defeats Spain 5–3 on penalties, following a 2–2 draw after "
        "extra time, to win its second UEFA Nations League title."
    )
    names = _names(extractor.extract(body))
    assert {"Portugal", "Spain"} <= set(names["organisations"])
    assert "Portugal" not in names["places"]


# -- titles and fragments as names ----------------------------------------------------------------


def test_titles_are_stripped_from_people_and_kept_as_title(extractor: Extractor) -> None:
    body = (
        "Deputies responded to the range, said sheriff’s Sgt. Mark Haynes. Detective Ana Ramos said the "
        "boy was not hurt. Haynes said the range would reopen."
    )
    extraction = extractor.extract(body)
    people = {e.name: e for e in extraction.people}
    assert "Mark Haynes" in people and people["Mark Haynes"].title == "Sgt."
    assert "Ana Ramos" in people and people["Ana Ramos"].title == "Detective"
    assert not [n for n in _all_names(extraction) if "Sgt" in n or n.startswith("Detective")]
    assert people["Mark Haynes"].to_dict()["title"] == "Sgt."
    _offsets_exact(extraction, body)


def test_a_rank_before_a_name_with_an_inner_capital_keeps_the_whole_name(extractor: Extractor) -> None:
    body = "Officer Dale McNally said the driver fled. Det. LaToya DeShawn-Price said the car was found in Dayton."
    extraction = extractor.extract(body)
    people = {e.name: e for e in extraction.people}
    assert "Dale McNally" in people and people["Dale McNally"].title == "Officer"
    assert "LaToya DeShawn-Price" in people
    assert "Dale" not in people and "LaToya" not in people
    _offsets_exact(extraction, body)


def test_rank_and_role_fragments_are_not_entities(extractor: Extractor) -> None:
    body = (
        "Person Shot Near Park | Valley News. A Cpl. and a Trooper arrived. The County Sheriff said the "
        "Suspect fled; the Coroner was called."
    )
    names = _all_names(extractor.extract(body))
    for fragment in ("Cpl", "Trooper", "County Sheriff", "Suspect", "Coroner", "Person Shot"):
        assert fragment not in names


# -- streets, addresses, buildings ----------------------------------------------------------------


def test_streets_addresses_and_buildings_are_not_places(extractor: Extractor) -> None:
    body = (
        "Officers were called to the 900 block of Green Pond near Elm Lane and Main Street in Garland, "
        "Texas. The victim was taken to Parkland Memorial Hospital. The shooting happened near I-45 and "
        "Dyna, on South 12th Street."
    )
    extraction = extractor.extract(body)
    names = _all_names(extraction)
    for facility in (
        "Green Pond",
        "Elm Lane",
        "Main Street",
        "Parkland Memorial Hospital",
        "I-45",
        "Dyna",
        "South 12th Street",
    ):
        assert facility not in names
    assert "Garland" in _names(extraction)["places"]


# -- organisations cut or missed ------------------------------------------------------------------


def test_agencies_named_by_their_place_are_whole_organisations(extractor: Extractor) -> None:
    body = (
        "Orangeburg County Sheriff's deputies arrested a man on Friday. According to Milwaukee police, "
        "the victim died at the scene, Los Angeles County coroner's records show. The Jefferson County "
        "Sheriff's Office said deputies found a woman in Forestdale."
    )
    extraction = extractor.extract(body)
    orgs = [_n.lower().replace("’", "'") for _n in _names(extraction)["organisations"]]
    assert "orangeburg county sheriff" in orgs
    assert "milwaukee police" in orgs
    assert "los angeles county coroner" in orgs
    assert "jefferson county sheriff's office" in orgs
    assert "Los Angeles County" not in _names(extraction)["places"]  # inside the coroner's name
    assert "Sheriff's Office" not in _names(extraction)["organisations"]
    _offsets_exact(extraction, body)


def test_a_township_police_force_is_one_organisation_though_the_gazetteer_lacks_the_township(
    extractor: Extractor,
) -> None:
    body = (
        "The call came at 8:52 a.m. Garner Township Police say the man fired two shots. "
        "He was arrested at a home in Garner Township."
    )
    extraction = extractor.extract(body)
    assert _names(extraction)["organisations"] == ["Garner Township Police"]
    assert _names(extraction)["places"] == ["Garner Township"]  # not "Garner" from inside the force's name
    _offsets_exact(extraction, body)


def test_short_and_long_names_of_a_police_force_are_one_organisation(extractor: Extractor) -> None:
    body = (
        "Los Angeles police shot a man on Thursday, the LAPD said. The LAPD Force Investigation Division "
        "responded; anyone with information should call the Force Investigation Division at 213-486-5230."
    )
    orgs = _names(extractor.extract(body))["organisations"]
    assert "LAPD" not in orgs and "Force Investigation Division" not in orgs, orgs
    assert "Los Angeles police" in orgs and "LAPD Force Investigation Division" in orgs


def test_state_bodies_named_by_country_are_organisations(extractor: Extractor) -> None:
    body = (
        "Sudan's health ministry declares a cholera outbreak. The Bangladesh military clashes with "
        "protesters in Gopalganj District. The United States Senate votes 86–11 to pass a bill."
    )
    names = _names(extractor.extract(body))
    orgs = [n.replace("’", "'") for n in names["organisations"]]
    assert "Sudan's health ministry" in orgs
    assert "United States Senate" in orgs
    # a state described by its country is no organisation's name; the country stays a place
    assert "Bangladesh military" not in orgs and "Bangladesh" in names["places"]


def test_a_state_described_by_its_people_is_not_an_organisation(extractor: Extractor) -> None:
    body = (
        "The Iranian government said the Israeli military had struck a base. Syrian troops, Russian forces and "
        "the Trump administration objected; the Pakistan Army and the Israel Defense Forces were put on alert."
    )
    orgs = _names(extractor.extract(body))["organisations"]
    assert "Pakistan Army" in orgs and "Israel Defense Forces" in orgs, orgs
    assert not [o for o in orgs if o.endswith(("government", "military", "troops", "forces", "administration"))]


def test_place_names_are_joined_and_keep_their_designator(extractor: Extractor) -> None:
    body = (
        "M23 rebels committed abuses in eastern Democratic Republic of the Congo. Two people are killed "
        "in As-Suwayda Governorate, Syria. A storm hits Trinidad and Tobago."
    )
    places = _names(extractor.extract(body))["places"]
    assert "Democratic Republic of the Congo" in places and "Congo" not in places
    assert "As-Suwayda Governorate" in places
    assert "Trinidad and Tobago" in places


def test_shops_and_funeral_homes_at_a_crime_scene_are_facilities(extractor: Extractor) -> None:
    body = (
        "Shots were fired outside Rand Convenience Store in Dayton. A man was hit near Dale's Barber Shop, "
        "and the body was taken to Ridgeway Funeral Home."
    )
    names = _all_names(extractor.extract(body))
    for facility in ("Rand Convenience Store", "Dale's Barber Shop", "Barber Shop", "Ridgeway Funeral Home"):
        assert facility not in names


def test_names_between_two_streets_are_streets(extractor: Extractor) -> None:
    body = (
        "Milwaukee police were called out to Hopkins Street — between Fairmount and Stark — where a man "
        "was shot. Officers went to the 200 block of Marathon Avenue. That's between Wheatley and Linda "
        "Vista."
    )
    names = _all_names(extractor.extract(body))
    for street in ("Fairmount", "Stark", "Wheatley", "Linda Vista", "Hopkins Street"):
        assert street not in names, names


def test_a_wire_credit_is_an_organisation_and_a_headline_place_prefix_is_split(extractor: Extractor) -> None:
    title = "Downers Grove man arrested for shooting at Darien Walmart"
    body = title + (
        " (STMW) — Charges are pending against a man accused of shooting someone inside a Walmart "
        "store Thursday in Darien. He was arrested in Downers Grove, according to Darien police."
    )
    extraction = extractor.extract(body, title)
    names = _names(extraction)
    assert "STMW" in names["organisations"]
    assert "Walmart" in names["organisations"] and "Darien Walmart" not in names["organisations"]
    assert {"Darien", "Downers Grove"} <= set(names["places"])
    _offsets_exact(extraction, body)


def test_a_plural_name_after_the_is_a_group_not_a_person(extractor: Extractor) -> None:
    body = (
        "A local official survived an assassination attempt after the Houthis shelled his residence in "
        "Al Khawkhah district, Yemen."
    )
    names = _names(extractor.extract(body))
    assert "Houthis" not in names["people"]
    assert "Houthis" in names["organisations"]


def test_a_football_club_named_by_its_city_is_an_organisation(extractor: Extractor) -> None:
    body = (
        "Bristol Rovers drew 1-1 with Leeds United in the football league on Saturday. The Leeds United "
        "striker scored before half-time. Crewe Alexandra FC lost at home, and fans in Kansas City watched."
    )
    extraction = extractor.extract(body)
    orgs = {e.name for e in extraction.organisations}
    assert {"Bristol Rovers", "Leeds United", "Crewe Alexandra FC"} <= orgs
    assert "Kansas City" in {e.name for e in extraction.places}  # a gazetteer place by its whole name


def test_a_city_name_ending_like_a_club_stays_a_place_outside_football(extractor: Extractor) -> None:
    extraction = extractor.extract("Floods hit Vatican City and Ho Chi Minh City on Monday, officials said.")
    assert not {e.name for e in extraction.organisations}
