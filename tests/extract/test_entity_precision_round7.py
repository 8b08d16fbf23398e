"""Seventh round of entity rules (issue 19): names that are no entity on international pages.

Short hand-written passages only (no corpus text).
"""

from __future__ import annotations

from service.extract import Extraction, Extractor
from service.extract.ner.lexicon import NOT_A_NAME
from service.extract.ner.spans import Candidate, leading_label


def _all_names(extraction: Extraction) -> set[str]:
    return {e.name for e in (*extraction.people, *extraction.places, *extraction.organisations)}


def test_a_time_zone_after_a_clock_time_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Published Saturday, March 31, 2018 1:19PM CST. A man was arrested in Regina on Friday at 4 p.m. EST."
    )
    assert not {"CST", "EST"} & _all_names(extraction)


def test_a_hospital_ward_and_a_judicial_post_are_no_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "He will be seen by a Justice of the Peace tomorrow. Dr Anne Roy, the head of ICU at the hospital, "
        "said he was recovering."
    )
    names = _all_names(extraction)
    assert "Justice of the Peace" not in names and "ICU" not in names
    assert "Anne Roy" in names


def test_a_state_named_by_the_word_alone_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "In its petition, the State said the Centre had failed to act. The farmers of State of Tamil Nadu "
        "appealed to the Supreme Court, which heard the party States on Monday."
    )
    names = _all_names(extraction)
    assert not {"State", "State of", "States"} & names
    assert "Supreme Court" in names


def test_a_condition_at_a_sentence_start_is_no_entity(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    for form, label in (("Hypothermia", "org"), ("Pneumonia", "person")):
        mention = Candidate(0, len(form), form)
        voter.vote(mention, label, form + " is a killer in winter.")
        assert leading_label(mention) == NOT_A_NAME, form


def test_a_platform_is_never_a_person(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    text = "Follow the Valley Post on Twitter for updates on the vigil."
    start = text.index("Twitter")
    mention = Candidate(start, start + len("Twitter"), "Twitter")
    voter.vote(mention, "person", text)
    assert leading_label(mention) == NOT_A_NAME
    org = Candidate(start, start + len("Twitter"), "Twitter")
    voter.vote(org, "org", text)
    assert "platform_not_person" not in {rule for rule, *_ in org.fired}  # the model's ORG stays


def test_a_platform_a_statement_was_made_on_is_an_organisation(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    for text in (
        "Williams said on Twitter that the vigil was peaceful.",
        "The mayor wrote on his Facebook page that the road would reopen.",
        "Two videos posted on YouTube showed the crash.",
    ):
        platform = next(p for p in ("Twitter", "Facebook", "YouTube") if p in text)
        start = text.index(platform)
        mention = Candidate(start, start + len(platform), platform)
        voter.vote(mention, "person", text)
        assert leading_label(mention) == "org", text
        assert ("platform_as_source", "org", 3.5) in mention.fired


def test_towers_and_white_house_rooms_are_facilities(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Donald Trump met the envoy in the Oval Office on Monday, then flew to New York, where he spent the "
        "night at Trump Tower. Aides in the West Wing said little."
    )
    names = _all_names(extraction)
    assert not {"Oval Office", "Trump Tower", "West Wing"} & names
    assert "Donald Trump" in names


def test_a_broadcasters_channel_or_station_is_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The show went out on BBC Two on a Saturday night. The BBC said it had no plans to repeat it. "
        "A man was arrested, CTV Saskatoon reported."
    )
    organisations = {e.name for e in extraction.organisations}
    assert {"BBC Two", "BBC", "CTV Saskatoon"} <= organisations
    plain = extractor.extract("CBS Sunday Morning aired the interview.")  # not a place: left to the model
    assert "broadcast_channel" not in {r for e in plain.evidence for r, *_ in e.rules}


def test_a_service_two_areas_share_is_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "We sent an ambulance crew and the Essex and Herts Air Ambulance to the scene. "
        "Officers from Devon and Cornwall Police were called."
    )
    organisations = {e.name for e in extraction.organisations}
    assert {"Essex and Herts Air Ambulance", "Devon and Cornwall Police"} <= organisations
    assert "Herts Air Ambulance" not in organisations
    countries = extractor.extract("Talks between Iran and Hezbollah Police resumed.")  # a country: no shared service
    assert "Iran" in {p.name for p in countries.places}


def test_a_place_named_after_a_direction_word_keeps_its_short_name(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The operation to eliminate terrorism in Eastern Ghouta is almost done. Aid reached the area after "
        "Ghouta was freed, she said."
    )
    places = {p.name: {m.text for m in p.mentions} for p in extraction.places}
    assert "Ghouta" in places.get("Eastern Ghouta", set()) and not extraction.people
    two = extractor.extract("Voters in West Virginia and Virginia went to the polls.")  # two states
    assert {"West Virginia", "Virginia"} <= {p.name for p in two.places}


def test_a_post_after_a_rank_word_and_a_nationality_are_no_people(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Isa Sadygov, the former Deputy Minister of Defence, said the area was mined by Azerbaijani soldiers. "
        "Azerbaijani officials declined to comment."
    )
    people = {e.name for e in extraction.people}
    assert "Isa Sadygov" in people
    assert not {"Minister", "Azerbaijani"} & people
    assert "Azerbaijani" not in _all_names(extraction)
