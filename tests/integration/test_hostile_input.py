"""Whatever arrives, the worker keeps running: every valid record -> one event, every invalid one -> a dead letter.

One worker, one produce of >= 200 records: hand-written examples of every invalid kind (with the reason
code each must get), corpus articles, and hypothesis-generated payloads (generated up front, then all
produced at once). Also the security rule that article bodies and credentials never reach the logs.
"""

from __future__ import annotations

import asyncio
import json
import math
import re

import jsonschema
import orjson
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from service.errors import DEAD_LETTER_REASONS, ArticleRejected
from service.events import DEAD_LETTER_SCHEMA, EVENT_SCHEMA, decode_article, schema_errors
from service.language import LanguageGate
from tests.support.kafka import REPO, WCEP_SECTIONS, consume, produce

MAX_BODY_BYTES = 4000
#: Written into bodies (valid and invalid) and the SASL password: neither may show up in the log.
BODY_MARKER = "QUOKKA-7731-BODY-MARKER"
SECRET = "s3cr3t-QUOKKA-PASSWORD"

GERMAN = (
    "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen, "
    "die ab dem kommenden Monat gelten sollen. " + BODY_MARKER
)


def hand_written() -> list[tuple[bytes | None, str]]:
    """(payload, expected reason) for every invalid kind the issue names, several ways each."""
    body = f"Rain fell in Paris on Monday. {BODY_MARKER}"
    return [
        (b"{broken", "invalid_json"),
        (b"not json at all " + BODY_MARKER.encode(), "invalid_json"),
        (b'{"id": "x", "body": "unterminated', "invalid_json"),
        (b"", "invalid_json"),
        (b"[1, 2, 3]", "not_an_object"),
        (b'"just a string"', "not_an_object"),
        (b"42", "not_an_object"),
        (b"null", "not_an_object"),
        (b'{"id": "m1"}', "missing_body"),
        (b'{"id": "m2", "body": null}', "missing_body"),
        (b'{"id": "e1", "body": ""}', "empty_body"),
        (b'{"id": "e2", "body": "   \\n\\t "}', "empty_body"),
        (orjson.dumps({"id": 5, "body": body}), "schema_violation"),
        (orjson.dumps({"id": "t1", "body": 123}), "schema_violation"),
        (orjson.dumps({"id": "t2", "body": [body]}), "schema_violation"),
        (orjson.dumps({"id": "t3", "body": body, "title": {"nested": True}}), "schema_violation"),
        (orjson.dumps({"body": body}), "schema_violation"),
        (b'{"id": "n1", "body": 123456789012345678901234567890}', "schema_violation"),
        (b'{"id": "n2", "body": "x", "n": 1e400}', "invalid_json"),
        (orjson.dumps({"id": "", "body": body}), "schema_violation"),
        (b"\xff\xfe\x00not utf-8", "not_utf8"),
        (b'{"id": "u1", "body": "caf\xe9"}', "not_utf8"),
        (orjson.dumps({"id": "big1", "body": ("x" * 60 + " ") * 80 + BODY_MARKER}), "body_too_large"),
        (orjson.dumps({"id": "big2", "body": "é" * (MAX_BODY_BYTES // 2 + 1)}), "body_too_large"),
        (orjson.dumps({"id": "de1", "body": GERMAN}), "unsupported_language"),
        (
            orjson.dumps(
                {
                    "id": "fr1",
                    "body": "Le président de la République a annoncé mardi soir une série de "
                    "mesures pour soutenir les agriculteurs touchés par la sécheresse.",
                }
            ),
            "unsupported_language",
        ),
        (None, "empty_payload"),
    ]


def generated(count: int) -> list[bytes]:
    """Payloads from hypothesis: raw bytes, text, random JSON, and article-shaped objects with bad parts."""
    integers = st.integers(min_value=-(2**63), max_value=2**64 - 1)  # what orjson can write
    json_values = st.recursive(
        st.none() | st.booleans() | integers | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=12,
    )
    articles = st.fixed_dictionaries(
        {"body": st.one_of(st.text(min_size=1, max_size=300), st.text(max_size=3), integers, st.none())},
        optional={
            "id": st.one_of(st.text(min_size=1, max_size=12), integers),
            "title": st.one_of(st.none(), st.text(max_size=40), json_values),
            "language": st.one_of(st.none(), st.sampled_from(["en", "fr", "xx"])),
        },
    )
    payloads = st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        json_values.map(orjson.dumps),
        articles.map(orjson.dumps),
    )
    collected: list[bytes] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(payloads)
    def collect(payload: bytes) -> None:
        collected.append(payload)

    collect()
    return collected


ARTICLE_SCHEMA = jsonschema.Draft202012Validator(json.loads((REPO / "schemas" / "article.v1.json").read_text()))


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _has_infinity(value: object) -> bool:
    if isinstance(value, float):
        return math.isinf(value)
    if isinstance(value, dict):
        return any(_has_infinity(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_infinity(v) for v in value)
    return False


def reference_reason(payload: bytes | None) -> str | None:
    """The dead-letter reason the README's table gives `payload`, or None if it is a valid article.

    Written from the documented rules with the standard library and the schema file, not with the
    service's decoder, so a decoder that picks the wrong reason disagrees with it.
    """
    if payload is None:
        return "empty_payload"
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return "not_utf8"
    try:
        record = json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return "invalid_json"
    if _has_infinity(record):  # a number beyond a double, e.g. 1e400
        return "invalid_json"
    if not isinstance(record, dict):
        return "not_an_object"
    body = record.get("body")
    if body is None:
        return "missing_body"
    if isinstance(body, str) and not body.strip():
        return "empty_body"
    if isinstance(body, str) and len(body.encode("utf-8")) > MAX_BODY_BYTES:
        return "body_too_large"
    if not ARTICLE_SCHEMA.is_valid(record):
        return "schema_violation"
    return None


def expected_outcome(payload: bytes | None, gate: LanguageGate) -> str:
    """'event' or the dead-letter reason: the reference rules, then the language gate for valid articles."""
    reason = reference_reason(payload)
    if reason is not None:
        return reason
    try:
        gate.check(decode_article(payload, MAX_BODY_BYTES))
    except ArticleRejected as exc:
        return exc.reason  # only "unsupported_language" can get here; checked in the test
    return "event"


def test_hostile_input_yields_one_event_per_valid_record_and_a_reasoned_dead_letter_per_invalid_one(
    kafka, topics, start_worker
):
    worker = start_worker(
        MAX_BODY_BYTES=str(MAX_BODY_BYTES),
        LANGUAGE_POLICY="dead_letter",
        BATCH_SIZE="16",
        KAFKA_SASL_USERNAME="news",
        KAFKA_SASL_PASSWORD=SECRET,
        LOG_LEVEL="INFO",
    )
    worker.wait_ready()
    pid = worker.proc.pid

    gate = LanguageGate("dead_letter")
    corpus = [json.loads(line) for line in WCEP_SECTIONS.read_text().splitlines()[:80]]
    # (key, value, expected outcome). Keys are unique so each input's outcome can be found.
    inputs: list[tuple[bytes, bytes | None, str]] = []
    for number, article in enumerate(corpus):
        key = f"valid-{number}"
        body = article["body"] + (f" {BODY_MARKER}" if number % 10 == 0 else "")
        inputs.append((key.encode(), orjson.dumps({**article, "id": key, "body": body}), "event"))
    for number, (payload, reason) in enumerate(hand_written()):
        inputs.append((f"bad-{number}".encode(), payload, reason))
    # A key far larger than any sane producer sends, on a valid article: still one event.
    huge_key = b"k" * 200_000
    inputs.append(
        (huge_key, orjson.dumps({"id": "huge-key", "body": "Flooding closed roads in Manila on Sunday."}), "event")
    )
    for number, payload in enumerate(generated(120)):
        key = f"gen-{number}"
        record = None
        try:
            record = orjson.loads(payload)
        except orjson.JSONDecodeError:
            pass
        if isinstance(record, dict) and isinstance(record.get("id"), str) and record["id"]:
            payload = orjson.dumps({**record, "id": key})  # unique ids, so events can be matched to inputs
        inputs.append((key.encode(), payload, expected_outcome(payload, gate)))
    assert len(inputs) >= 200
    for _, payload, reason in inputs[80 : 80 + len(hand_written())]:
        assert expected_outcome(payload, gate) == reason, payload  # the reference rules agree on the known kinds
    assert {outcome for *_, outcome in inputs} - {"event"} <= set(DEAD_LETTER_REASONS)

    asyncio.run(produce(kafka, topics.input, [(key, value) for key, value, _ in inputs]))
    expected_events = {
        ("huge-key" if key == huge_key else key.decode()) for key, _, outcome in inputs if outcome == "event"
    }
    expected_letters = {key.decode(): outcome for key, _, outcome in inputs if outcome != "event"}
    events = asyncio.run(consume(kafka, topics.output, count=len(expected_events), timeout=180))
    letters = asyncio.run(consume(kafka, topics.dlq, count=len(expected_letters), timeout=60))

    event_ids = [json.loads(r.value)["article_id"] for r in events]
    assert sorted(event_ids) == sorted(expected_events), worker.log_tail()
    assert all(schema_errors(EVENT_SCHEMA, json.loads(r.value)) == [] for r in events)
    got_letters = {}
    for record in letters:
        letter = json.loads(record.value)
        assert schema_errors(DEAD_LETTER_SCHEMA, letter) == []
        got_letters[letter["source"]["key"]] = letter["reason"]
    assert len(letters) == len(expected_letters)
    assert got_letters == expected_letters
    by_reason: dict[str, int] = {}
    for reason in expected_letters.values():
        by_reason[reason] = by_reason.get(reason, 0) + 1
    print(f"hostile input: {len(inputs)} records -> {len(events)} events, {len(letters)} dead letters {by_reason}")

    # The worker never restarted: the same process is alive and our code raised nothing it did not handle.
    assert worker.proc.poll() is None and worker.proc.pid == pid
    log = worker.log_path.read_text(errors="replace")
    assert len(re.findall(r"INFO service: worker ", log)) == 1  # started once, never restarted in place
    assert not re.search(r'File "[^"]*/service/[^"]*"', log), log[-5000:]
    # Security: no article text and no credential in the log at INFO.
    assert BODY_MARKER not in log
    assert SECRET not in log
    assert worker.stop() == 0
