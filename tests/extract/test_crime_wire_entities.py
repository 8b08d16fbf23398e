"""People, places and organisations in wire crime news (issue 19, sixth round): short hand-written passages."""

from __future__ import annotations

from service.extract import Extractor
from tests.support.entities import names as _names
from tests.support.entities import rules as _rules


def test_a_numbered_precinct_is_an_organisation(extractor: Extractor) -> None:
    body = (
        "Officers from the 41st Precinct arrested two men on Friday, and a crowd gathered outside the "
        "precinct house until midnight, a police spokeswoman said."
    )
    extraction = extractor.extract(body)
    assert "41st Precinct" in _names(extraction)["organisations"]
    assert "numbered_precinct" in _rules(extraction)


def test_gangs_and_city_police_named_by_short_forms_are_organisations(extractor: Extractor) -> None:
    body = (
        "Prosecutors said the teenager ran with the Crips, and that a rival Crip had threatened him weeks "
        "earlier. Marchers chanted against the NYPD, and a banner compared officers to the KKK."
    )
    names = _names(extractor.extract(body))
    assert {"Crips", "NYPD", "KKK"} <= set(names["organisations"])
    assert "Crip" not in names["organisations"] and not {"Crips", "Crip"} & set(names["people"])


def test_glaciers_and_mountains_are_places(extractor: Extractor) -> None:
    body = (
        "The climber fell near the Franz Glacier on Sunday, rescuers said. His partner walked down to a hut "
        "below Mt Aspiring and raised the alarm, and a helicopter flew them both out."
    )
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert not {"Franz Glacier", "Mt Aspiring"} & (set(names["people"]) | set(names["organisations"]))


def test_a_given_name_before_a_feature_word_stays_a_person(extractor: Extractor) -> None:
    body = "Director Michael Bay said on Monday that filming would resume in the spring."
    names = _names(extractor.extract(body))
    assert "Michael Bay" in names["people"]


def test_a_relative_named_by_a_given_name_is_a_person(extractor: Extractor) -> None:
    body = (
        "The former spy Anton Vasko and his daughter Yulia were poisoned. He is survived by his mother Renata "
        "and girlfriend Olivia."
    )
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert {"Yulia", "Renata", "Olivia"} <= set(names["people"])
    assert "kin_given_name" in _rules(extraction)


def test_a_home_town_before_a_plea_and_a_count_after_a_place_are_places(extractor: Extractor) -> None:
    body = (
        "Rory Delane, 35, of Fall River pleaded not guilty on Monday. As clashes spread in East Harwick, 46 "
        "were arrested overnight, police said."
    )
    names = _names(extractor.extract(body))
    assert not {"Fall River", "East Harwick"} & set(names["people"])


def test_an_age_glued_to_a_name_by_a_comma_is_no_part_of_it(extractor: Extractor) -> None:
    body = "The dead were named as Arlo Pennick, 22; Joss Abernathy,36; and Tamsin Vey,18."
    people = _names(extractor.extract(body))["people"]
    assert not [p for p in people if any(ch.isdigit() for ch in p)]
    assert "Joss Abernathy" in people


def test_a_titled_name_in_the_possessive_is_the_name(extractor: Extractor) -> None:
    body = "The ministry confirmed Sergeant Dale Quimby's death on Friday and paid tribute to his courage."
    people = _names(extractor.extract(body))["people"]
    assert "Dale Quimby" in people and "Dale Quimby's" not in people


def test_streets_named_before_a_plural_street_noun_are_no_places(extractor: Extractor) -> None:
    body = "He collapsed at the corner of Bellamy and Hurst streets, and a shop at Church and Linden Aves. was hit."
    names = _names(extractor.extract(body))
    found = set(names["places"]) | set(names["organisations"]) | set(names["people"])
    assert not {"Bellamy", "Linden Aves", "Church"} & found


def test_a_rescue_team_is_an_organisation(extractor: Extractor) -> None:
    body = "The Ruapehu Mt Tongariro Alpine Rescue Team recovered the body on Sunday."
    names = _names(extractor.extract(body))
    assert "Ruapehu Mt Tongariro Alpine Rescue Team" in names["organisations"]


def test_a_signature_and_a_byline_are_no_people(extractor: Extractor) -> None:
    opening = "Ngozi Eke, Enugu. The vice chancellor of the university announced the prize on Monday."
    people = _names(extractor.extract(opening))["people"]
    assert "Ngozi Eke" not in people
    closing = "The two convicts were taken to prison in Muntinlupa. PETER ANTHONY CRUZ."
    people = _names(extractor.extract(closing))["people"]
    assert not [p for p in people if p.isupper()]


def test_names_after_a_plural_designator_are_places(extractor: Extractor) -> None:
    body = "Cases were confirmed in the eastern states of Saxony-Anhalt and Thuringia, officials said."
    names = _names(extractor.extract(body))
    assert {"Saxony-Anhalt", "Thuringia"} <= set(names["places"])


def test_a_weekday_or_a_number_word_before_a_dash_is_no_dateline(extractor: Extractor) -> None:
    body = (
        "The commissioner arrived at 12:30 a.m. Tuesday — hours after the march began. Sixteen - year - old "
        "Jaylen Brooks was shot on Saturday night."
    )
    names = _names(extractor.extract(body))
    assert not {"Tuesday", "Sixteen"} & set(names["places"])


def test_the_west_as_a_bloc_is_no_place(extractor: Extractor) -> None:
    body = "Relations between Moscow and the West have worsened, and diplomats were expelled from both sides."
    names = _names(extractor.extract(body))
    assert "West" not in names["places"]


def test_a_nickname_in_brackets_is_no_acronym(extractor: Extractor) -> None:
    body = "Hundreds marched for Devonte (Tae) Harris, 17. Signs read Justice for Tae."
    extraction = extractor.extract(body)
    assert "Tae" not in _names(extraction)["organisations"]


def test_a_news_outlet_named_as_a_source_is_an_organisation(extractor: Extractor) -> None:
    body = (
        "A witness told the Valley Daily News on Tuesday that the youth had no gun. His sister told KX4 she "
        "doubted it, and a neighbour described the scene to WKRN2. The poll published in the Ta Nea newspaper "
        "was cited by the Lamia Courier."
    )
    extraction = extractor.extract(body)
    orgs = {e.name for e in extraction.organisations}
    assert {"Valley Daily News", "KX4", "WKRN2", "Ta Nea"} <= orgs
    assert "outlet_as_source" in _rules(extraction)


def test_a_place_or_a_person_named_like_an_outlet_stays_what_it_is(extractor: Extractor) -> None:
    body = "The mayor told a Chicago newspaper that the plan would pass. Ana Ruiz told Emily Post about it."
    extraction = extractor.extract(body)
    assert "Chicago" in {e.name for e in extraction.places}
    assert "outlet_as_source" not in _rules(extraction) and "outlet_noun_after" not in _rules(extraction)
