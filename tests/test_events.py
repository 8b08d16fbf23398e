import base64
import copy
from pathlib import Path

import orjson
import pytest

from service.errors import ArticleRejected
from service.events import (
    DEAD_LETTER_SCHEMA,
    EVENT_SCHEMA,
    Article,
    build_dead_letter,
    build_event,
    decode_article,
    dumps,
    event_id,
    loads,
    project,
    schema_errors,
)
from service.extract import CasualtyFigure, CasualtyTotal, Entity, Extraction, Mention

DATA = Path(__file__).parent / "data" / "events"


def test_a_minimal_valid_article_decodes():
    article = decode_article(b'{"id": "a1", "body": "Text.", "title": "T", "extra": 1}')
    assert article == Article(id="a1", body="Text.", title="T")


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (None, "empty_payload"),
        (b"\xff\xfe not utf-8", "not_utf8"),
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "not_an_object"),
        (b'"a string"', "not_an_object"),
        (b'{"id": "a1"}', "missing_body"),
        (b'{"id": "a1", "body": "   "}', "empty_body"),
        (b'{"id": "a1", "body": 42}', "schema_violation"),
        (b'{"body": "text"}', "schema_violation"),
        (b'{"id": 7, "body": "text"}', "schema_violation"),
        (b'{"id": "a1", "body": "text", "title": ["x"]}', "schema_violation"),
    ],
)
def test_each_kind_of_bad_input_is_rejected_with_its_own_reason(payload, reason):
    with pytest.raises(ArticleRejected) as caught:
        decode_article(payload)
    assert caught.value.reason == reason
    assert caught.value.message


def test_a_body_over_the_limit_is_rejected_before_schema_validation():
    payload = dumps({"id": "big", "body": "é" * 600})
    with pytest.raises(ArticleRejected) as caught:
        decode_article(payload, max_body_bytes=1000)
    assert caught.value.reason == "body_too_large" and "1200 bytes" in caught.value.message


def test_event_id_is_deterministic_and_changes_with_the_body():
    assert event_id("a1", "body") == event_id("a1", "body")
    assert event_id("a1", "body") != event_id("a1", "body!")
    assert event_id("a1", "body") != event_id("a2", "body")


def test_built_event_matches_the_schema_and_carries_the_article_fields():
    article = Article(id="a1", body="Body.", title="Title", url="https://x.test/1", published_at="2024-01-01T00:00:00Z")
    event = build_event(article, Extraction(), model="en_core_web_sm", model_version="3.8.0")
    assert schema_errors(EVENT_SCHEMA, event) == []
    assert event["title"] == "Title" and event["processed_at"].endswith("Z")
    assert event["casualty_totals"] == {"killed": None, "injured": None, "missing": None}


def test_dead_letter_keeps_non_utf8_payloads_as_base64_and_matches_the_schema():
    letter = build_dead_letter(
        reason="not_utf8",
        error_type="ArticleRejected",
        message="bad bytes",
        payload=b"\xff\x00",
        topic="news.articles",
        partition=1,
        offset=7,
        key=b"k",
    )
    assert schema_errors(DEAD_LETTER_SCHEMA, letter) == []
    assert letter["payload_encoding"] == "base64" and base64.b64decode(letter["payload"]) == b"\xff\x00"
    assert letter["source"] == {"topic": "news.articles", "partition": 1, "offset": 7, "key": "k"}


def test_dumps_and_loads_round_trip_unicode():
    value = {"name": "Khan Sheikhun — خان شيخون", "n": 1}
    assert loads(dumps(value)) == value
    assert orjson.loads(dumps(value)) == value


def test_dead_letter_reason_codes_are_the_same_in_code_schema_metrics_and_readme():
    import re
    from pathlib import Path

    from prometheus_client import REGISTRY

    from service import metrics  # noqa: F401 - registers the series
    from service.errors import DEAD_LETTER_REASONS
    from service.events import validator

    schema_reasons = validator(DEAD_LETTER_SCHEMA).schema["properties"]["reason"]["examples"]
    assert list(DEAD_LETTER_REASONS) == schema_reasons
    series = {
        s.labels["reason"]
        for m in REGISTRY.collect()
        if m.name == "news_dead_letters"
        for s in m.samples
        if s.name == "news_dead_letters_total"
    }
    assert series == set(DEAD_LETTER_REASONS)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Dead-letter reasons", 1)[1]
    table = next(block for block in section.split("\n\n") if block.startswith("| `reason`"))
    rows = re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.MULTILINE)
    assert rows[0] == "reason" and sorted(rows[1:]) == sorted(DEAD_LETTER_REASONS)


def test_schema_violation_message_names_the_field_but_never_quotes_article_text():
    from service.errors import ArticleRejected

    with pytest.raises(ArticleRejected) as exc:
        decode_article(b'{"id": "a", "body": ["secret article text"], "title": {"t": "more secret text"}}')
    assert exc.value.reason == "schema_violation"
    assert "body" in exc.value.message and "title" in exc.value.message
    assert "secret" not in exc.value.message


# --- Schema evolution (docs/schemas.md) ----------------------------------------------------------


def _full_event(schema="v2"):
    """An event that uses every part of the contract: entities, a casualty figure, totals."""
    body = "Gunmen killed 3 people in Homs, police said."
    mention = Mention("Homs", 26, 30)
    extraction = Extraction(
        people=(Entity("Ali Hassan", (Mention("Ali Hassan", 0, 10),), 0.5),),
        organisations=(Entity("Homs police", (mention,), 0.2),),
        casualties=(CasualtyFigure("killed", 3, None, False, None, None, "killed 3 people", 8, 23, 0),),
        casualty_totals={"killed": CasualtyTotal(3, None, False), "injured": None, "missing": None},
    )
    return build_event(Article(id="a1", body=body), extraction, model="m", model_version="1", schema=schema)


def test_every_v1_event_is_a_valid_v2_event():
    recorded = orjson.loads((DATA / "entity-event.v1.sample.json").read_bytes())  # written by the v1 worker
    assert recorded["schema_version"] == "entity-event.v1"
    assert schema_errors("entity-event.v1", recorded) == []
    assert schema_errors(EVENT_SCHEMA, recorded) == []
    assert schema_errors(EVENT_SCHEMA, _full_event("v1")) == []


def test_v2_readers_accept_properties_added_later_at_every_level():
    event = _full_event()
    event["added_later"] = {"x": 1}
    event["people"][0]["title"] = "Sgt."
    event["casualties"][0]["victims"] = ["Ali Hassan"]
    event["casualty_totals"]["killed"]["incidents"] = 1
    assert schema_errors(EVENT_SCHEMA, event) == []
    assert schema_errors("entity-event.v1", event) != []  # exactly why v1 consumers need EVENT_SCHEMA=v1


def test_a_worker_set_to_v1_writes_what_a_v1_consumer_accepts_even_with_newer_fields():
    event = _full_event()
    grown = copy.deepcopy(event)
    grown["added_later"] = True
    grown["places"] = [
        {
            "name": "Homs",
            "mentions": [{"text": "Homs", "start": 26, "end": 30, "sentence": 0}],
            "count": 1,
            "salience": 0.3,
            "kind": "city",
            "country_code": "SY",
            "lat": 34.7,
            "lon": 36.7,
            "geonames_id": 169577,
            "admin1": "Homs",
        }
    ]
    grown["casualties"][0]["victims"] = ["Ali Hassan"]
    v1 = project("entity-event", grown, "v1")
    assert schema_errors("entity-event.v1", v1) == []
    assert v1["schema_version"] == "entity-event.v1"
    assert "admin1" not in v1["places"][0] and "sentence" not in v1["places"][0]["mentions"][0]
    # Nothing v1 declares is lost on the way down; only the v2 additions are dropped.
    assert project("entity-event", event, "v1") == {
        **_without_casualty_additions(event),
        "schema_version": "entity-event.v1",
    }


#: Optional properties the casualty rules added to v2 (docs/schemas.md changelog).
_FIGURE_ADDITIONS = ("basis", "victims", "perpetrator")
_TOTAL_ADDITIONS = ("victims", "perpetrators")


def _without_casualty_additions(event):
    event = copy.deepcopy(event)
    for figure in event["casualties"]:
        for key in _FIGURE_ADDITIONS:
            del figure[key]
    for total in event["casualty_totals"].values():
        for key in _TOTAL_ADDITIONS if total else ():
            del total[key]
    return event


def test_victim_fields_are_declared_optional_v2_properties_and_dropped_for_v1_consumers():
    event = _full_event()
    assert event["casualties"][0]["basis"] == "count" and event["casualty_totals"]["killed"]["perpetrators"] == 0
    event["casualties"][0].update(basis="victim", victims=["Ali Hassan"], perpetrator=True)
    event["casualty_totals"]["killed"].update(victims=["Ali Hassan"], perpetrators=1)
    assert schema_errors(EVENT_SCHEMA, event) == []
    # Declared, not merely tolerated: a wrong type is a violation.
    broken = copy.deepcopy(event)
    broken["casualties"][0]["victims"] = "Ali Hassan"
    assert schema_errors(EVENT_SCHEMA, broken) != []
    # An event without the additions (an older v2 worker) is still valid.
    assert schema_errors(EVENT_SCHEMA, _without_casualty_additions(event)) == []
    v1 = project("entity-event", event, "v1")
    assert schema_errors("entity-event.v1", v1) == []
    assert "victims" not in v1["casualties"][0] and "perpetrators" not in v1["casualty_totals"]["killed"]


def test_incident_id_is_a_declared_optional_v2_property_string_or_null_and_dropped_for_v1_consumers():
    event = _full_event()
    assert "incident_id" not in event and schema_errors(EVENT_SCHEMA, event) == []  # the stage off: absent
    for linked in ("51ca7e83b986db35ad6b", None):  # joined an incident; belongs to none
        assert schema_errors(EVENT_SCHEMA, {**event, "incident_id": linked}) == []
    assert schema_errors(EVENT_SCHEMA, {**event, "incident_id": "Kabul bombing"}) != []  # declared, not tolerated
    v1 = project("entity-event", {**event, "incident_id": "51ca7e83b986db35ad6b"}, "v1")
    assert schema_errors("entity-event.v1", v1) == [] and "incident_id" not in v1


def test_a_v1_dead_letter_carries_a_newer_reason_code_in_its_message():
    letter = build_dead_letter(
        reason="event_too_large", error_type="EventTooLarge", message="2.4 MB", payload=b"{}", schema="v1"
    )
    assert schema_errors("dead-letter.v1", letter) == []
    assert letter["reason"] == "extraction_error" and letter["error_message"] == "[event_too_large] 2.4 MB"
    current = build_dead_letter(reason="event_too_large", error_type="EventTooLarge", message="2.4 MB", payload=b"{}")
    assert current["reason"] == "event_too_large" and schema_errors(DEAD_LETTER_SCHEMA, current) == []


def test_an_incident_record_cut_to_a_size_keeps_its_figures_first_and_latest_articles_and_says_so():
    from service.events import INCIDENT_SCHEMA, bounded_incident

    record = {
        "schema_version": INCIDENT_SCHEMA,
        "incident_id": "0" * 20,
        "article_id": "a39",
        "first_seen": "2026-03-01T00:00:00Z",
        "last_updated": "2026-03-02T00:00:00Z",
        "place": {"name": None, "geonames_id": None, "lat": None, "lon": None, "country_code": None, "admin1": None},
        "kind": "killed",
        "killed": 2,
        "injured": 1,
        "victims": [f"Victim Number {i}" for i in range(30)],
        "articles": [
            {"article_id": f"a{i}", "at": "2026-03-01T00:00:00Z", "killed": 2, "injured": None} for i in range(40)
        ],
        "article_count": 40,
        "updates": 40,
    }
    full = dumps(record)
    cut = loads(bounded_incident(record, len(full) // 2))
    assert len(dumps(cut)) <= len(full) // 2 and cut["truncated"] is True
    assert schema_errors(INCIDENT_SCHEMA, cut) == []
    assert {k: cut[k] for k in ("killed", "injured", "article_count", "updates")} == {
        "killed": 2,
        "injured": 1,
        "article_count": 40,
        "updates": 40,
    }
    assert cut["articles"][0]["article_id"] == "a0" and cut["articles"][-1]["article_id"] == "a39"
    smallest = loads(bounded_incident(record, 10))  # nothing fits: the smallest cut, the caller decides
    assert [a["article_id"] for a in smallest["articles"]] == ["a0", "a39"] and smallest["victims"] == []
