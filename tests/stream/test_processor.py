"""BatchProcessor without a broker or a spaCy model: what gets published, and that nothing is acknowledged early."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from service.events import DEAD_LETTER_SCHEMA, EVENT_SCHEMA, schema_errors
from service.stream.processor import BatchProcessor, InputRecord


@pytest.fixture()
def runner(fake_runner):
    return fake_runner


class RecordingBroker:
    """Collects sends; with `hold=True` each acknowledgement resolves only when `acknowledge()` is called."""

    def __init__(self, failures: int = 0, hold: bool = False):
        self.sent: list[tuple[str, bytes | None, bytes]] = []
        self.failures = failures
        self.hold = hold
        self.acks: list[asyncio.Future] = []

    async def send(self, topic, key, value):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker unavailable")
        self.sent.append((topic, key, value))
        fut = asyncio.get_running_loop().create_future()
        if self.hold:
            self.acks.append(fut)
        else:
            fut.set_result(None)
        return fut

    def acknowledge(self) -> None:
        for fut in self.acks:
            if not fut.done():
                fut.set_result(None)


def record(value: bytes | None, offset: int, key: bytes | None = None) -> InputRecord:
    return InputRecord(key=key, value=value, topic="news.articles", partition=0, offset=offset, timestamp=None)


def make_processor(runner, broker) -> BatchProcessor:
    return BatchProcessor(runner, broker.send, output_topic="out", dlq_topic="dlq", max_body_bytes=10_000)


def test_valid_articles_become_events_and_bad_ones_dead_letters_in_one_batch(runner):
    broker = RecordingBroker()
    records = [
        record(b'{"id": "a1", "body": "Angela Merkel visited Paris on Monday."}', 0, b"a1"),
        record(b"{broken", 1, b"x"),
        record(b'{"id": "a3", "body": ""}', 2),
        record(b'{"id": "a4", "body": "The UN met in Geneva."}', 3, b"a4"),
    ]
    asyncio.run(make_processor(runner, broker).process(records))

    events = [(k, orjson.loads(v)) for t, k, v in broker.sent if t == "out"]
    letters = [orjson.loads(v) for t, _, v in broker.sent if t == "dlq"]
    assert [k for k, _ in events] == [b"a1", b"a4"]
    assert all(schema_errors(EVENT_SCHEMA, e) == [] for _, e in events)
    assert sorted(letter["reason"] for letter in letters) == ["empty_body", "invalid_json"]
    assert all(schema_errors(DEAD_LETTER_SCHEMA, letter) == [] for letter in letters)
    assert {letter["source"]["offset"] for letter in letters} == {1, 2}


def test_processed_offsets_are_recorded_only_after_the_broker_acknowledged_the_output(runner):
    broker = RecordingBroker(hold=True)
    processor = make_processor(runner, broker)

    async def scenario():
        batch = asyncio.create_task(processor.process([record(b'{"id": "a", "body": "Text."}', 41)]))
        for _ in range(500):  # until the event is sent (extraction runs in a thread)
            if broker.sent:
                break
            await asyncio.sleep(0.01)
        assert broker.sent, "the event was never sent"
        await asyncio.sleep(0.05)
        recorded_before_ack = dict(processor.acked)
        broker.acknowledge()
        await asyncio.wait_for(batch, 10)
        return recorded_before_ack

    assert asyncio.run(scenario()) == {}, "an offset was recorded while its event was still unacknowledged"
    assert processor.acked == {0: 41}


def test_publishing_is_retried_until_the_broker_accepts(runner, monkeypatch):
    monkeypatch.setattr("service.stream.publisher.SEND_BACKOFF_S", (0.01,))
    broker = RecordingBroker(failures=2)
    asyncio.run(make_processor(runner, broker).process([record(b'{"id": "a", "body": "Text."}', 0)]))
    assert [t for t, _, _ in broker.sent] == ["out"]


def test_an_extraction_error_dead_letters_only_that_article(runner):
    broker = RecordingBroker()
    asyncio.run(
        make_processor(runner, broker).process(
            [
                record(b'{"id": "ok", "body": "Fine text."}', 0),
                record(b'{"id": "bad", "body": "EXPLODE"}', 1),
            ]
        )
    )
    topics = {orjson.loads(v).get("article_id"): t for t, _, v in broker.sent}
    assert topics == {"ok": "out", "bad": "dlq"}
    letter = next(orjson.loads(v) for t, _, v in broker.sent if t == "dlq")
    assert letter["reason"] == "extraction_error" and letter["error_type"] == "RuntimeError"


def test_non_english_article_is_dead_lettered_with_its_id_when_the_policy_says_so(runner):
    from service.language import LanguageGate

    broker = RecordingBroker()
    processor = BatchProcessor(
        runner,
        broker.send,
        output_topic="out",
        dlq_topic="dlq",
        max_body_bytes=10_000,
        language_gate=LanguageGate("dead_letter"),
    )
    german = "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen."
    asyncio.run(
        processor.process(
            [
                record(orjson.dumps({"id": "de-1", "body": german}), 0, b"de-1"),
                record(
                    b'{"id": "en-1", "body": "Angela Merkel visited Paris on Monday with the French president."}', 1
                ),
            ]
        )
    )

    letters = [orjson.loads(v) for t, _, v in broker.sent if t == "dlq"]
    events = [orjson.loads(v) for t, _, v in broker.sent if t == "out"]
    assert [(x["reason"], x["article_id"]) for x in letters] == [("unsupported_language", "de-1")]
    assert [(e["article_id"], e["language"]) for e in events] == [("en-1", "en")]
