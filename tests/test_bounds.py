"""Bounded records: events and dead letters cut to a size limit, with schema-documented markers."""

from __future__ import annotations

import base64

import orjson
import pytest

from service.events import (
    DEAD_LETTER_SCHEMA,
    EVENT_SCHEMA,
    Article,
    bounded_event,
    build_dead_letter,
    build_event,
    schema_errors,
    truncated_event,
)
from service.extract import CasualtyFigure, Entity, Extraction, Mention, Place


def _extraction(people: int, mentions: int, figures: int) -> Extraction:
    body_mentions = tuple(Mention("Ann Lee", i * 10, i * 10 + 7) for i in range(mentions))
    return Extraction(
        people=tuple(Entity(f"Person {i}", body_mentions, 0.5) for i in range(people)),
        places=(Place("Homs", body_mentions, 0.9, "city", "SY", 34.7, 36.7, 169577),),
        casualties=tuple(
            CasualtyFigure(
                "killed",
                43,
                None,
                False,
                None,
                None,
                "43 killed",
                i * 20,
                i * 20 + 9,
                i * 20,
                part_of=i - 1 if i % 2 else None,
            )
            for i in range(figures)
        ),
    )


def _event(people: int = 3, mentions: int = 2, figures: int = 2) -> dict:
    return build_event(
        Article(id="a1", body="x" * 100), _extraction(people, mentions, figures), model="m", model_version="1"
    )


def test_an_ordinary_event_is_not_cut_at_all():
    event = _event()
    assert bounded_event(event, 1_000_000) == orjson.dumps(event, option=orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC)
    assert "truncated" not in truncated_event(event, 200, 500)


def test_cut_lists_keep_true_counts_and_markers_and_validate_against_v2():
    event = _event(people=15, mentions=8, figures=14)
    cut = truncated_event(event, mentions_cap=5, items_cap=10)
    assert cut["truncated"] == {"people": 15, "casualties": 14}
    assert len(cut["people"]) == 10 and len(cut["casualties"]) == 10
    person = cut["people"][0]
    assert person["mentions_truncated"] is True and len(person["mentions"]) == 5 and person["count"] == 8
    assert cut["places"][0]["mentions_truncated"] is True and cut["places"][0]["count"] == 8
    assert all(f["part_of"] is None or f["part_of"] < 10 for f in cut["casualties"])
    assert schema_errors(EVENT_SCHEMA, cut) == []


def test_the_loosest_caps_apply_to_every_event():
    cut = truncated_event(_event(people=501, mentions=201, figures=3), 200, 500)
    assert cut["truncated"] == {"people": 501}
    assert len(cut["people"][0]["mentions"]) == 200 and cut["people"][0]["count"] == 201


@pytest.mark.parametrize("limit", [2_000, 20_000, 200_000])
def test_a_huge_event_is_cut_until_it_fits_the_limit(limit):
    event = _event(people=510, mentions=201, figures=600)
    assert len(orjson.dumps(event)) > 2_000_000
    payload = bounded_event(event, limit)
    assert payload is not None and len(payload) <= limit
    decoded = orjson.loads(payload)
    assert schema_errors(EVENT_SCHEMA, decoded) == []
    assert decoded["truncated"]["people"] == 510 and decoded["truncated"]["casualties"] == 600


def test_an_event_that_cannot_fit_even_empty_is_reported_as_none():
    event = {**_event(), "title": "t" * 5000}
    assert bounded_event(event, 3000) is None


def test_v1_events_are_never_given_v2_markers():
    event = build_event(Article(id="a1", body="x"), _extraction(600, 2, 0), model="m", model_version="1", schema="v1")
    assert truncated_event(event, 200, 500) is event


@pytest.mark.parametrize(
    "payload",
    [
        ("Émile said: " + '\u00e9\u200d\U0001f600"\\\x01' * 40_000).encode(),  # escapes expand when serialised
        b"\xff\xfe" + bytes(range(256)) * 400,  # not UTF-8: base64
    ],
)
def test_a_dead_letter_is_cut_to_fit_flagged_and_still_valid(payload):
    letter = build_dead_letter(
        reason="invalid_json",
        error_type="X",
        message="m" * 10_000,
        payload=payload,
        topic="t",
        partition=0,
        offset=1,
        key=b"k" * 5000,
        max_bytes=4_000,
    )
    serialised = orjson.dumps(letter)
    assert len(serialised) <= 4_000
    assert letter["payload_truncated"] is True and letter["payload_original_bytes"] == len(payload)
    assert letter["key_truncated"] is True and len(letter["source"]["key"]) == 1000
    assert schema_errors(DEAD_LETTER_SCHEMA, letter) == []
    if letter["payload_encoding"] == "base64":
        assert payload.startswith(base64.b64decode(letter["payload"]))
    else:
        assert payload.decode().startswith(letter["payload"]) and letter["payload"]


def test_a_small_dead_letter_is_left_whole():
    letter = build_dead_letter(reason="invalid_json", error_type="X", message="m", payload=b"{broken", max_bytes=4_000)
    assert letter["payload"] == "{broken" and "payload_truncated" not in letter


def test_a_cut_dead_letter_projected_to_v1_validates_against_v1():
    letter = build_dead_letter(
        reason="event_too_large", error_type="X", message="m", payload=b"y" * 50_000, max_bytes=2_000, schema="v1"
    )
    assert schema_errors("dead-letter.v1", letter) == []
    assert letter["reason"] == "extraction_error" and letter["error_message"].startswith("[event_too_large]")
