"""One test per class of false entity fixed on the third labelled batch (hand-written text only)."""

from __future__ import annotations

from service.extract import Extraction, Extractor
from tests.support.entities import names as _names


def _all_names(extraction: Extraction) -> list[str]:
    return [n for names in _names(extraction).values() for n in names]


def test_a_states_police_in_lower_case_is_the_state_not_a_body(extractor: Extractor) -> None:
    body = (
        "A driver was shot on a highway near Amarillo on Friday, Texas police said. "
        "Officers from the Amarillo police were called to the scene."
    )
    names = _names(extractor.extract(body))
    assert "Texas" in names["places"]
    assert "Texas police" not in names["organisations"]
    assert "Amarillo police" in names["organisations"]  # a city's police keeps its name


def test_places_joined_by_a_comma_are_each_a_place(extractor: Extractor) -> None:
    body = "A landslide buried six homes in Chamba, Himachal Pradesh, India, on Tuesday."
    places = _names(extractor.extract(body))["places"]
    assert "Chamba" in places and "Himachal Pradesh" in places
    assert "Chamba, Himachal Pradesh" not in places


def test_competitions_and_celebrations_are_events(extractor: Extractor) -> None:
    body = (
        "Arsenal lost to Porto in the Champions League on Tuesday. The winner of the Tour de France rode in "
        "the Spring Valley Celebration, and his horse won the Riverside Challenge last year."
    )
    found = _all_names(extractor.extract(body))
    for event in ("Champions League", "Tour de France", "Spring Valley Celebration", "Riverside Challenge"):
        assert event not in found


def test_racecourses_and_prisons_named_for_inmates_are_facilities(extractor: Extractor) -> None:
    body = (
        "The colt won at Hillcrest Racecourse on Saturday. An inmate at the Oregon Institution for Men "
        "died on Sunday, officials said."
    )
    found = _all_names(extractor.extract(body))
    assert "Hillcrest Racecourse" not in found
    assert not [n for n in found if "Institution for Men" in n]


def test_a_name_before_area_is_a_place(extractor: Extractor) -> None:
    body = "Bars in the Exarchia area were quiet on Monday after the storm."
    names = _names(extractor.extract(body))
    assert "Exarchia" in names["places"]
    assert "Exarchia" not in names["organisations"] and "Exarchia" not in names["people"]


def test_a_person_named_after_a_role_or_a_spokesman_comma(extractor: Extractor) -> None:
    body = (
        '"Nobody should panic," said the agency spokesman, Brandl, on Monday. '
        '"We will stay," said 30-year-old protester Lima Doukas.'
    )
    names = _names(extractor.extract(body))
    assert "Brandl" in names["people"] and "Lima Doukas" in names["people"]
    assert "Brandl" not in names["organisations"] and "Lima Doukas" not in names["organisations"]


def test_streets_with_a_direction_and_numbered_national_highways_are_facilities(extractor: Extractor) -> None:
    body = (
        "A truck overturned on Maple Ridge Road South in Calgary. A second crash closed National Highway 48 "
        "and part of Lakeshore Avenue West."
    )
    found = _all_names(extractor.extract(body))
    assert not [n for n in found if "Road" in n or "Highway" in n or "Avenue" in n]
    assert "Calgary" in _names(extractor.extract(body))["places"]


def test_a_possessive_with_an_opening_quote_is_trimmed(extractor: Extractor) -> None:
    body = "Crowds gathered outside Nadia Kovacs‘s house on Friday. Nadia Kovacs said nothing."
    people = _names(extractor.extract(body))["people"]
    assert "Nadia Kovacs" in people
    assert not [n for n in people if n.endswith("s‘s") or "‘" in n]


def test_public_schemes_and_payments_are_not_bodies(extractor: Extractor) -> None:
    body = "Families in Galway rely on the Home Support Payment and the Fuel Allowance Scheme, the council said."
    found = _all_names(extractor.extract(body))
    assert "Home Support Payment" not in found and "Fuel Allowance Scheme" not in found


def test_parliament_or_army_alone_is_a_generic_reference(extractor: Extractor) -> None:
    body = (
        "The bill failed to win a majority in Parliament on Monday. The Army said two soldiers were hurt "
        "near Quetta, and the Pakistan Army sent more troops."
    )
    orgs = _names(extractor.extract(body))["organisations"]
    assert "Parliament" not in orgs and "Army" not in orgs
    assert "Pakistan Army" in orgs


def test_a_make_inside_a_model_name_is_a_product(extractor: Extractor) -> None:
    body = (
        "Police said the suspect fled in a red Ford Mustang before a Cessna 172 spotted the car near Tulsa. "
        "Ford Motor Company said it would help."
    )
    found = _all_names(extractor.extract(body))
    assert "Ford Mustang" not in found and "Cessna 172" not in found
    assert "Tulsa" in _names(extractor.extract(body))["places"]


def test_a_protected_natural_area_is_a_place(extractor: Extractor) -> None:
    body = "Walkers were rescued from Pinecrest State Conservation Area on Sunday after a bushfire."
    names = _names(extractor.extract(body))
    assert "Pinecrest State Conservation Area" in names["places"]
    assert "Pinecrest State Conservation Area" not in names["organisations"]


def test_names_listed_after_the_villages_of_are_places(extractor: Extractor) -> None:
    body = "Rescuers reached the villages of Mirzaq, Kalandar and Shorabad on Friday."
    names = _names(extractor.extract(body))
    assert {"Mirzaq", "Kalandar", "Shorabad"} <= set(names["places"])
    assert not names["people"]


def test_a_country_closing_a_party_name_stays_in_it(extractor: Extractor) -> None:
    body = "The registrar said the Parti Pribumi Bersatu Malaysia failed to file its papers on time."
    names = _names(extractor.extract(body))
    assert "Parti Pribumi Bersatu Malaysia" in names["organisations"]
    assert "Parti Pribumi Bersatu" not in names["organisations"]
    body = "The Supreme Federal Court of Brazil sentenced the former president on Thursday."
    names = _names(extractor.extract(body))
    assert "Supreme Federal Court of Brazil" in names["organisations"]
    assert "Brazil" not in names["places"]


def test_a_housing_estate_is_a_place(extractor: Extractor) -> None:
    body = "Two teenagers were stabbed on the Brindley Park Estate in north London on Friday night."
    names = _names(extractor.extract(body))
    assert "Brindley Park Estate" in names["places"]
    assert "Brindley Park Estate" not in names["organisations"]


def test_an_adverb_glued_after_a_name_is_no_part_of_it(extractor: Extractor) -> None:
    body = "I know Tomas Reyes Personally and he is a kind man, a neighbour wrote under the story."
    assert not [n for n in _all_names(extractor.extract(body)) if "Personally" in n]


def test_a_town_before_a_province_and_its_country_is_a_place(extractor: Extractor) -> None:
    body = "A mine floods near Real de Catorce, Zacatecas, Mexico. A bus veers off a road in Ohio."
    names = _names(extractor.extract(body))
    assert "Real de Catorce" in names["places"]
    assert "Real de Catorce" not in names["organisations"]
