"""Tenth round of toponym recognition (issue 19, geo33): places the model reads as bodies or peoples.

Short invented passages only (no corpus text). Each rule is asked directly with the label the model might
give (the model's own label on an invented sentence varies with its wording), then one passage end to end.
"""

from __future__ import annotations

from service.extract import Extractor
from service.extract.ner.spans import Candidate
from service.extract.ner.votes import RULES, Context


def _holds(extractor: Extractor, rule_name: str, text: str, form: str, label: str, nth: int = 0) -> bool:
    """Whether the rule `rule_name` holds for the `nth` occurrence of `form` in `text`, read as `label`."""
    rule = next(r for r in RULES if r.name == rule_name)
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    context = Context(extractor.entities.finder.voter, Candidate(start, start + len(form), form), label, text)
    return label not in rule.never_on and rule.test(context)


def test_a_place_named_by_its_bearing_from_a_town_is_a_place(extractor: Extractor) -> None:
    text = "Residents of a suburb east of Harare have had no water for a week."
    assert _holds(extractor, "bearing_of_place", text, "Harare", "org")
    text = "The farm lies 20 miles north-west of Toledo."
    assert _holds(extractor, "bearing_of_place", text, "Toledo", "person")
    assert not _holds(extractor, "bearing_of_place", "She works east of Main Street Bank.", "Main Street Bank", "org")


def test_a_gazetteer_place_read_as_a_nationality_is_a_place_where_the_text_places_it(extractor: Extractor) -> None:
    text = "Two swans were found in the northern town of Toruń, police said."
    assert _holds(extractor, "place_read_as_nationality", text, "Toruń", "norp")
    text = "Aid workers travelled from the Artibonite region to the capital."
    assert _holds(extractor, "place_read_as_nationality", text, "Artibonite", "norp")
    text = "The candidate spoke in Krasnodar, which hosts the fair."
    assert _holds(extractor, "place_read_as_nationality", text, "Krasnodar", "norp")


def test_a_people_or_a_nationality_stays_one(extractor: Extractor) -> None:
    # shaped like a nationality, or a people's name, or not placed by the text
    text = "Aid reached the Syrian region and Druze villages in the south."
    assert not _holds(extractor, "place_read_as_nationality", text, "Syrian", "norp")
    assert not _holds(extractor, "place_read_as_nationality", text, "Druze", "norp")
    text = "The Cherokee Nation elected a new chief."
    assert not _holds(extractor, "place_read_as_nationality", text, "Cherokee", "norp")


def test_a_place_shaped_like_a_nationality_is_no_nationality_where_the_text_places_it(extractor: Extractor) -> None:
    # the `demonym` rule: "Fujian", "Pangandaran" end like "Syrian" but the text places them
    assert not _holds(extractor, "demonym", "A farmer in Fujian, China has the virus.", "Fujian", "place")
    text = "Areas worst hit, like the small town of Pangandaran, are recovering."
    assert not _holds(extractor, "demonym", text, "Pangandaran", "place")
    # a nationality before its noun stays one
    assert _holds(extractor, "demonym", "Shells fell in Syrian territory overnight.", "Syrian", "place")
    assert _holds(extractor, "demonym", "Troops came from Iraqi bases.", "Iraqi", "place")
    # review 11 (#8): "in" after a verb of writing names a language, which the text does not place
    text = "The speech was written in Swahili, and then in English."
    assert _holds(extractor, "demonym", text, "Swahili", "place")
    text = "The book was written in Bengali, which the author speaks."
    assert not _holds(extractor, "place_read_as_nationality", text, "Bengali", "norp")


def test_a_language_after_a_verb_of_speech_is_no_place(extractor: Extractor) -> None:
    # review 11 (#8), end to end: the model reads the language as a place; the demonym rule holds again
    # ("spoke in Krasnodar" above stays a place: people speak in towns)
    extraction = extractor.extract("The film was dubbed in Amharic, then shown in Addis Ababa.")
    places = {p.name for p in extraction.places}
    assert "Amharic" not in places
    assert "Addis Ababa" in places


def test_places_read_otherwise_come_out_as_places(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Bird flu spreads in Poland\n\nTwo dead swans were found in the northern town of Toruń, officials said. "
        "A farmer in Fujian, China also has the virus, and a resident of a suburb east of Harare said the water "
        "ran out."
    )
    places = {p.name for p in extraction.places}
    assert {"Toruń", "Harare"} <= places
    assert any(name.startswith("Fujian") for name in places)
