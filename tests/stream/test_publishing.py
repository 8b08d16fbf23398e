"""Publishing per record, without a broker: only unacknowledged records are re-sent, refused ones become
dead letters, retries are bounded, and what cannot be fixed stops the worker with the cause."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from aiokafka import errors as kafka_errors
from prometheus_client import REGISTRY

from service.errors import PublishError
from service.events import DEAD_LETTER_SCHEMA, schema_errors
from service.stream.pool import ExtractionRunner
from service.stream.processor import BatchProcessor, InputRecord


@pytest.fixture(scope="module")
def runner():
    runner = ExtractionRunner("auto", processes=0, batch_size=8, max_event_bytes=900_000)
    runner.start()
    yield runner
    runner.stop()


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr("service.stream.publisher.SEND_BACKOFF_S", (0.01,))


class ScriptedBroker:
    """Acknowledges every send unless `refuse(topic, key, value, attempt)` returns an exception for its ack."""

    def __init__(self, refuse=lambda topic, key, value, attempt: None):
        self.refuse = refuse
        self.sent: list[tuple[str, bytes | None, bytes]] = []
        self.acked: list[tuple[str, bytes | None, bytes]] = []
        self.attempts: dict[bytes | None, int] = {}

    async def send(self, topic, key, value):
        self.sent.append((topic, key, value))
        attempt = self.attempts[key] = self.attempts.get(key, 0) + 1
        fut = asyncio.get_running_loop().create_future()
        error = self.refuse(topic, key, value, attempt)
        if error is None:
            self.acked.append((topic, key, value))
            fut.set_result(None)
        else:
            fut.set_exception(error)
        return fut


def record(body: str, offset: int, article_id: str) -> InputRecord:
    value = orjson.dumps({"id": article_id, "body": body})
    return InputRecord(key=article_id.encode(), value=value, topic="in", partition=0, offset=offset, timestamp=None)


def processor(runner, broker, **options) -> BatchProcessor:
    return BatchProcessor(runner, broker.send, output_topic="out", dlq_topic="dlq", max_body_bytes=1_000_000, **options)


BATCH = [
    record("Angela Merkel visited Paris on Monday.", 0, "a"),
    record("The UN met in Geneva.", 1, "b"),
    record("Rain fell in Oslo.", 2, "c"),
]


def test_only_the_unacknowledged_record_is_sent_again(runner):
    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.RequestTimedOutError() if k == b"b" and n < 3 else None)
    asyncio.run(processor(runner, broker).process(BATCH))
    keys = [k for _, k, _ in broker.sent]
    assert keys.count(b"a") == 1 and keys.count(b"c") == 1 and keys.count(b"b") == 3
    assert sorted(k for _, k, _ in broker.acked) == [b"a", b"b", b"c"]


def test_an_event_the_broker_refuses_as_too_large_becomes_a_dead_letter_and_the_batch_goes_on(runner):
    broker = ScriptedBroker(
        lambda t, k, v, n: kafka_errors.MessageSizeTooLargeError() if t == "out" and k == b"b" else None
    )
    asyncio.run(processor(runner, broker).process(BATCH))
    assert sorted(k for t, k, _ in broker.acked if t == "out") == [b"a", b"c"]
    letters = [orjson.loads(v) for t, _, v in broker.acked if t == "dlq"]
    assert [letter["reason"] for letter in letters] == ["event_too_large"]
    assert letters[0]["article_id"] == "b" and schema_errors(DEAD_LETTER_SCHEMA, letters[0]) == []


def test_an_event_over_the_output_topics_limit_is_dead_lettered_before_sending(runner):
    broker = ScriptedBroker()
    asyncio.run(processor(runner, broker, topic_limits={"out": 700}).process(BATCH[:1]))
    assert [t for t, _, _ in broker.sent] == ["dlq"]
    assert orjson.loads(broker.sent[0][2])["reason"] == "event_too_large"


def test_a_dead_letter_the_topic_refuses_is_sent_smaller_with_its_payload_cut(runner):
    limit = 1500  # the dead-letter topic's max.message.bytes, unknown to the worker

    def refuse(topic, key, value, attempt):
        return kafka_errors.MessageSizeTooLargeError() if topic == "dlq" and len(value) > limit else None

    broker = ScriptedBroker(refuse)
    bad = InputRecord(key=b"bad", value=b"{broken " + b"x" * 20_000, topic="in", partition=0, offset=3, timestamp=None)
    asyncio.run(processor(runner, broker).process([*BATCH, bad]))
    assert sorted(k for t, k, _ in broker.acked if t == "out") == [b"a", b"b", b"c"]
    assert [k for t, k, _ in broker.sent if t == "out"].count(b"a") == 1  # acked events are never re-sent
    letter = next(orjson.loads(v) for t, _, v in broker.acked if t == "dlq")
    assert letter["reason"] == "invalid_json" and letter["payload_truncated"] is True
    assert letter["payload_original_bytes"] == len(bad.value) and letter["payload"].startswith("{broken")


def test_a_dead_letter_topic_that_refuses_everything_stops_the_worker_naming_the_setting(runner):
    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.MessageSizeTooLargeError() if t == "dlq" else None)
    bad = InputRecord(key=b"bad", value=b"{broken", topic="in", partition=0, offset=3, timestamp=None)
    proc = processor(runner, broker)
    with pytest.raises(PublishError, match="DLQ_TOPIC"):
        asyncio.run(proc.process([bad]))
    assert proc.acked == {}


def test_transient_failures_past_the_retry_time_stop_the_worker_without_acking(runner):
    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.KafkaTimeoutError() if k == b"c" else None)
    proc = processor(runner, broker, retry_timeout_s=0.3)
    with pytest.raises(PublishError, match="PUBLISH_RETRY_TIMEOUT_S"):
        asyncio.run(proc.process(BATCH))
    assert proc.acked == {}  # nothing of the batch may be committed
    assert [k for _, k, _ in broker.sent].count(b"a") == 1


def test_a_deleted_output_topic_stops_the_worker_naming_the_setting(runner):
    async def exists(topic):
        return topic != "out"

    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.KafkaTimeoutError() if t == "out" else None)
    with pytest.raises(PublishError, match="out does not exist.*OUTPUT_TOPIC"):
        asyncio.run(processor(runner, broker, topic_exists=exists).process(BATCH[:1]))


def test_an_authorisation_failure_stops_the_worker_at_once(runner):
    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.TopicAuthorizationFailedError())
    with pytest.raises(PublishError, match="refuses writes to out"):
        asyncio.run(processor(runner, broker, retry_timeout_s=600).process(BATCH[:1]))
    assert len(broker.sent) == 1


def test_dead_letters_are_counted_when_acknowledged_not_when_sent(runner):
    def count() -> float:
        return REGISTRY.get_sample_value("news_dead_letters_total", {"reason": "invalid_json"}) or 0.0

    before = count()
    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.MessageSizeTooLargeError() if t == "dlq" else None)
    bad = InputRecord(key=b"bad", value=b"{broken", topic="in", partition=0, offset=3, timestamp=None)
    with pytest.raises(PublishError):
        asyncio.run(processor(runner, broker).process([bad]))
    assert count() == before
    asyncio.run(processor(runner, ScriptedBroker()).process([bad]))
    assert count() == before + 1


def test_an_acknowledgement_that_never_comes_is_bounded_by_the_retry_time(runner):
    async def never_acked(topic, key, value):
        return asyncio.get_running_loop().create_future()

    proc = BatchProcessor(
        runner, never_acked, output_topic="out", dlq_topic="dlq", max_body_bytes=1_000_000, retry_timeout_s=0.5
    )
    with pytest.raises(PublishError, match="PUBLISH_RETRY_TIMEOUT_S=0.5s"):
        asyncio.run(asyncio.wait_for(proc.process(BATCH[:1]), timeout=30))
    assert proc.acked == {}


def test_a_cluster_short_of_in_sync_replicas_pauses_publishing_past_the_retry_time_and_it_resumes(runner, monkeypatch):
    monkeypatch.setattr("service.stream.publisher.SHORTFALL_CHECK_S", 0.05)
    short = {"now": True}
    seen_blocked: list[str | None] = []
    why = "not enough in-sync replicas: out partition 0 has 1 in sync, min.insync.replicas=2"

    async def shortfall(topics):
        return why if short["now"] else None

    broker = ScriptedBroker(lambda t, k, v, n: kafka_errors.NotEnoughReplicasError() if short["now"] else None)
    proc = processor(runner, broker, retry_timeout_s=0.2, replica_shortfall=shortfall)

    async def scenario():
        task = asyncio.ensure_future(proc.process(BATCH[:1]))
        await asyncio.sleep(1.0)  # five times the retry time: without the pause the worker would have given up
        seen_blocked.append(proc.blocked)
        gauge = REGISTRY.get_sample_value("news_publish_blocked")
        short["now"] = False
        await asyncio.wait_for(task, timeout=10)
        return gauge

    gauge = asyncio.run(scenario())
    assert seen_blocked == [why]
    assert gauge == 1
    assert proc.blocked is None and REGISTRY.get_sample_value("news_publish_blocked") == 0
    assert proc.acked == {0: 0}
    assert [k for _, k, _ in broker.acked] == [b"a"]


def test_a_commit_waiting_on_a_short_offsets_topic_is_a_pause_and_one_waiting_otherwise_is_not(runner, monkeypatch):
    # The group coordinator retries an offset commit while __consumer_offsets takes no writes: the batch
    # was published before the brokers went, so the wait is in the commit and health must say why.
    monkeypatch.setattr("service.stream.publisher.SHORTFALL_CHECK_S", 0.05)
    why = "not enough in-sync replicas: __consumer_offsets partition 7 has 1 in sync, min.insync.replicas=2"
    asked: list[list[str]] = []
    short = {"now": True}

    async def shortfall(topics):
        asked.append(topics)
        return why if short["now"] else None

    proc = processor(runner, ScriptedBroker(), replica_shortfall=shortfall)
    seen: list[tuple[str | None, float | None]] = []

    async def scenario(commit_for_s: float):
        done = asyncio.Event()
        asyncio.get_running_loop().call_later(commit_for_s, done.set)

        async def commit():
            await done.wait()
            return True

        task = asyncio.ensure_future(proc.publisher.commit(commit))
        await asyncio.sleep(commit_for_s / 2)
        seen.append((proc.blocked, REGISTRY.get_sample_value("news_publish_blocked")))
        return await asyncio.wait_for(task, timeout=10)

    assert asyncio.run(scenario(0.5)) is True
    assert seen == [(why, 1)] and ["__consumer_offsets"] in asked
    assert proc.blocked is None and REGISTRY.get_sample_value("news_publish_blocked") == 0
    # A commit slow for another reason (the cluster has its replicas) is not a pause: liveness judges it.
    short["now"] = False
    seen.clear()
    assert asyncio.run(scenario(0.5)) is True
    assert seen == [(None, 0)]


def test_a_send_still_in_flight_is_waited_for_not_sent_again(runner, monkeypatch):
    monkeypatch.setattr("service.stream.publisher.SHORTFALL_CHECK_S", 0.05)
    sent: list[bytes | None] = []
    acks: list[asyncio.Future] = []

    async def slow_broker(topic, key, value):
        sent.append(key)
        fut = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(0.5, fut.set_result, None)  # the client retries inside for 0.5 s
        acks.append(fut)
        return fut

    proc = BatchProcessor(
        runner, slow_broker, output_topic="out", dlq_topic="dlq", max_body_bytes=1_000_000, retry_timeout_s=5
    )
    asyncio.run(proc.process(BATCH[:1]))
    assert sent == [b"a"] and proc.acked == {0: 0}


def test_a_producer_whose_sequence_the_broker_lost_is_renewed_and_the_record_sent_again(runner):
    renewed: list[int] = []
    broker = ScriptedBroker(
        lambda t, k, v, n: kafka_errors.OutOfOrderSequenceNumber() if k == b"b" and not renewed else None
    )

    async def renew():
        renewed.append(len(broker.sent))

    asyncio.run(processor(runner, broker, renew_producer=renew).process(BATCH))
    assert len(renewed) == 1
    assert sorted(k for _, k, _ in broker.acked) == [b"a", b"b", b"c"]
