"""Twelfth round of toponym recognition (issue 19, geo36): places the model tagged as nothing.

Short invented passages only (no corpus text). The rules are asked directly with no model mention over the
name (the model's own reading of an invented sentence varies with its wording).
"""

from __future__ import annotations

from service.extract import Extractor
from service.extract.ner.spans import Candidate
from service.extract.ner.votes import RULES, Context


def _cue_towns(extractor: Extractor, text: str) -> list[str]:
    """The names `cue_town_missed` adds to `text` when the model tagged nothing in it."""
    found = extractor.entities.finder._located_places(text, [])
    return [m.form for m in found if any(rule == "cue_town_missed" for rule, _, _ in m.fired)]


def test_a_big_town_after_a_place_cue_is_a_place_the_model_missed(extractor: Extractor) -> None:
    text = "The medic had served with the regiment in Colchester where he trained recruits."
    assert _cue_towns(extractor, text) == ["Colchester"]
    assert _cue_towns(extractor, "Patrols were sent to villages near Manbij on Monday.") == ["Manbij"]
    assert _cue_towns(extractor, "He was buried in his hometown of Lahore.") == ["Lahore"]
    assert _cue_towns(extractor, "Talks opened in the capital Colombo, officials said.") == ["Colombo"]


def test_no_place_where_the_name_is_a_word_a_person_a_street_or_another_name(extractor: Extractor) -> None:
    # a given name, a town found by another of its names, a small namesake town, a street pair
    assert _cue_towns(extractor, "The award went to the nurse, and in Florence the staff cheered.") == []
    assert _cue_towns(extractor, "The update was released in Google on Friday.") == []
    assert _cue_towns(extractor, "The council met in March to vote.") == []
    assert _cue_towns(extractor, "A rider was hit near Rivers and Stokes avenues on Monday.") == []
    # the clause goes on with the name: a title or an organisation, not the town
    assert _cue_towns(extractor, "She starred in Colchester Nights, a drama.") == []
    assert _cue_towns(extractor, "He worked in Manbij Water Authority offices.") == []


def _located(extractor: Extractor, text: str) -> list[str]:
    """The names `located_missed` adds to `text` when the model tagged nothing in it."""
    found = extractor.entities.finder._located_places(text, [])
    return [m.form for m in found if any(rule == "located_missed" for rule, _, _ in m.fired)]


def test_a_town_and_its_abbreviated_state_or_province_are_places_the_model_missed(extractor: Extractor) -> None:
    text = "Three puppies were taken from a barn in Dunmore Crossing, N.B. sometime Tuesday."
    assert _located(extractor, text) == ["Dunmore Crossing", "N.B."]
    assert _located(extractor, "A second barn near Halesford, Vt., was entered.") == ["Halesford", "Vt."]


def test_an_abbreviation_that_is_no_state_or_province_locates_nothing(extractor: Extractor) -> None:
    # "Dr." and "Co." are no AP state; a street stays a facility
    assert _located(extractor, "He was treated in Hillside, Dr. Lee said.") == []
    assert _located(extractor, "She works in Acme Supply, Co. records show.") == []
    assert _located(extractor, "The crash happened near Mill Road, Vt., police said.") == ["Vt."]


def _holds(extractor: Extractor, rule_name: str, text: str, form: str, label: str) -> bool:
    """Whether the vote rule `rule_name` holds for the first `form` in `text`, read as `label`."""
    rule = next(r for r in RULES if r.name == rule_name)
    start = text.index(form)
    context = Context(extractor.entities.finder.voter, Candidate(start, start + len(form), form), label, text)
    return label not in rule.never_on and rule.test(context)


def test_a_count_after_a_place_that_opens_a_sentence_is_no_age(extractor: Extractor) -> None:
    text = "Cases rose this week. In New Zealand, 26 students fell ill."
    assert not _holds(extractor, "age_or_person_cue", text, "New Zealand", "place")
    text = "Talks stalled. In Colchester, 40 homes flooded."
    assert _holds(extractor, "in_gazetteer_town", text, "Colchester", "org")
    # an age stays an age
    assert _holds(extractor, "age_or_person_cue", "Police named Ana Ruiz, 26, of Tulsa.", "Ana Ruiz", "place")
