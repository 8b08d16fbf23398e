"""The incident stage publishes through the worker's one publisher: retries, a broker error that clears, clear failures.

No broker: a scripted fake answers each send (an asyncio future, as the producer's), the incidents
table is in memory, and the stage writes its changelog records itself, as in the worker.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, NamedTuple

import faust
import pytest
from aiokafka import errors as kafka_errors
from prometheus_client import REGISTRY

from service.config import Settings
from service.errors import PublishError
from service.events import dumps, loads
from service.stream.incidents import IncidentStage, LinkRequest
from service.stream.processor import BatchProcessor
from service.stream.publisher import Publisher
from tests.stream.test_incidents_stage import event
from tests.support.incidents import MemoryTable

SETTINGS = Settings(incidents_enabled=True)
EVENTS, INCIDENTS, DLQ = SETTINGS.output_topic, SETTINGS.incidents_topic, SETTINGS.dlq_topic
CHANGELOG = f"{SETTINGS.app_id}-incidents-changelog"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr("service.stream.publisher.SEND_BACKOFF_S", (0.01,))
    monkeypatch.setattr("service.stream.publisher.SHORTFALL_CHECK_S", 0.05)


class Metadata(NamedTuple):
    """What the broker answers for an acknowledged record (the part the stage reads)."""

    partition: int | None
    offset: int


class ScriptedBroker:
    """Answers each send with `refuse(topic, attempt)` as the ack's exception, else acknowledges it.

    Records what was sent and acknowledged, in order, and gives each topic's records increasing offsets.
    """

    def __init__(self, refuse=lambda topic, attempt: None) -> None:
        self.refuse = refuse
        self.sent: list[tuple[str, bytes | None]] = []
        self.acked: list[tuple[str, bytes | None, bytes]] = []
        self.attempts: Counter[tuple[str, bytes | None]] = Counter()
        self.offsets: Counter[str] = Counter()

    async def send(
        self,
        topic: str,
        key: bytes | None,
        value: bytes,
        *,
        timestamp: float | None = None,
        partition: int | None = None,
    ) -> Any:
        self.sent.append((topic, key))
        self.attempts[(topic, key)] += 1
        ack: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        error = self.refuse(topic, self.attempts[(topic, key)])
        if error is not None:
            ack.set_exception(error)
        else:
            self.acked.append((topic, key, value))
            ack.set_result(Metadata(partition, self.offsets[topic]))
            self.offsets[topic] += 1
        return ack

    def topics_acked(self) -> list[str]:
        return [topic for topic, _, _ in self.acked]


def make_stage(broker: ScriptedBroker, **options: Any) -> IncidentStage:
    publisher = Publisher(
        broker.send,
        settings={EVENTS: "OUTPUT_TOPIC", INCIDENTS: "INCIDENTS_TOPIC", CHANGELOG: "APP_ID"},
        **options,
    )
    stage = IncidentStage(
        faust.App("incident-publishing", autodiscover=False), SETTINGS, publisher, writes_changelog=True
    )
    stage.table = MemoryTable()  # type: ignore[assignment]
    return stage


def requests(stage: IncidentStage, *events: dict[str, Any]) -> list[LinkRequest]:
    routed = [stage.route(e["article_id"].encode(), dumps(e)) for e in events]
    return [LinkRequest(region, value, 0, None, offset) for offset, (_, region, value) in enumerate(routed)]


def test_a_failed_incident_record_is_sent_again_alone_after_its_event_and_the_table_waits_for_it():
    broker = ScriptedBroker(lambda t, n: kafka_errors.RequestTimedOutError() if t == INCIDENTS and n < 3 else None)
    stage = make_stage(broker)
    assert asyncio.run(stage.handle_batch(requests(stage, event("a", None, 1, 1)))) == 1
    assert [topic for topic, _ in broker.sent] == [EVENTS, INCIDENTS, INCIDENTS, INCIDENTS, CHANGELOG]
    assert broker.topics_acked() == [EVENTS, INCIDENTS, CHANGELOG]  # the event once, the table after the record
    assert loads(stage.table.get(b"US") or b"")["incidents"][0]["articles"][0]["article_id"] == "a"
    assert stage._written == {0: 0}  # the changelog record's offset, from the broker's answer


def test_a_changelog_write_that_fails_is_retried_and_only_then_is_the_region_in_the_table():
    broker = ScriptedBroker(
        lambda t, n: kafka_errors.NotLeaderForPartitionError() if t == CHANGELOG and n < 2 else None
    )
    stage = make_stage(broker)
    asyncio.run(stage.handle_batch(requests(stage, event("a", None, 1, 1), event("b", 1, None, 9))))
    assert [t for t, _ in broker.sent].count(CHANGELOG) == 2 and broker.topics_acked()[-1] == CHANGELOG
    state = loads(stage.table.get(b"US") or b"")
    assert [a["article_id"] for a in state["incidents"][0]["articles"]] == ["a", "b"]


def test_a_cluster_short_of_in_sync_replicas_pauses_the_stage_past_the_retry_time_and_it_resumes():
    short = {"now": True}
    why = f"not enough in-sync replicas: {INCIDENTS} partition 0 has 1 in sync, min.insync.replicas=2"

    async def shortfall(topics: list[str]) -> str | None:
        return why if short["now"] else None

    broker = ScriptedBroker(
        lambda t, n: kafka_errors.NotEnoughReplicasError() if t == INCIDENTS and short["now"] else None
    )
    stage = make_stage(broker, retry_timeout_s=0.2, replica_shortfall=shortfall)

    async def scenario() -> tuple[str | None, float | None]:
        batch = asyncio.ensure_future(stage.handle_batch(requests(stage, event("a", None, 1, 1))))
        await asyncio.sleep(1.0)  # five times the retry time: without the pause the stage would have given up
        seen = stage.publisher.blocked, REGISTRY.get_sample_value("news_publish_blocked")
        assert not batch.done() and stage.table.get(b"US") is None  # nothing stored while the record waits
        short["now"] = False
        await asyncio.wait_for(batch, timeout=10)
        return seen

    assert asyncio.run(scenario()) == (why, 1.0)
    assert stage.publisher.blocked is None and REGISTRY.get_sample_value("news_publish_blocked") == 0
    assert broker.topics_acked() == [EVENTS, INCIDENTS, CHANGELOG]


def test_the_stage_renews_a_producer_whose_sequence_the_broker_lost_and_publishes_the_record():
    renewed: list[int] = []
    broker = ScriptedBroker(
        lambda t, n: kafka_errors.OutOfOrderSequenceNumber() if t == INCIDENTS and not renewed else None
    )

    async def renew() -> None:
        renewed.append(len(broker.sent))

    stage = make_stage(broker, renew_producer=renew)
    asyncio.run(stage.handle_batch(requests(stage, event("a", None, 1, 1))))
    assert renewed == [2] and broker.topics_acked() == [EVENTS, INCIDENTS, CHANGELOG]


def test_events_that_never_get_through_end_in_a_publish_error_with_no_record_and_no_table_write():
    broker = ScriptedBroker(lambda t, n: kafka_errors.KafkaTimeoutError() if t == EVENTS else None)
    stage = make_stage(broker, retry_timeout_s=0.3)
    with pytest.raises(PublishError, match=f"could not publish 1 records to {EVENTS}.*PUBLISH_RETRY_TIMEOUT_S=0.3s"):
        asyncio.run(asyncio.wait_for(stage.handle_batch(requests(stage, event("a", None, 1, 1))), timeout=30))
    assert {topic for topic, _ in broker.sent} == {EVENTS}  # the incident record is never published first
    assert stage.table.get(b"US") is None and stage._written == {}


def test_an_acknowledgement_that_never_comes_is_bounded_by_the_retry_time():
    async def never_acked(topic, key, value, **options):
        return asyncio.get_running_loop().create_future()

    stage = make_stage(ScriptedBroker(), retry_timeout_s=0.5)
    stage.publisher.send = never_acked
    with pytest.raises(PublishError, match="no acknowledgement within the retry time"):
        asyncio.run(asyncio.wait_for(stage.handle_batch(requests(stage, event("a", None, 1, 1))), timeout=30))


def test_an_incident_record_refused_for_good_even_when_cut_stops_the_stage_naming_the_setting():
    broker = ScriptedBroker(lambda t, n: kafka_errors.MessageSizeTooLargeError() if t == INCIDENTS else None)
    stage = make_stage(broker, retry_timeout_s=600)
    # A record of one article cannot be cut (its bounded form is no smaller): the stage stops at once.
    with pytest.raises(PublishError, match=f"{INCIDENTS} refuses even a .*-byte incident.*INCIDENTS_TOPIC"):
        asyncio.run(asyncio.wait_for(stage.handle_batch(requests(stage, event("a", None, 1, 1))), timeout=30))
    assert broker.attempts[(INCIDENTS, next(k for t, k in broker.sent if t == INCIDENTS))] == 1
    assert stage.table.get(b"US") is None


def test_a_stopping_worker_ends_the_stages_retries_with_nothing_stored():
    stopping = {"now": False}
    broker = ScriptedBroker(lambda t, n: kafka_errors.RequestTimedOutError() if t == INCIDENTS else None)
    stage = make_stage(broker, retry_timeout_s=600, is_stopping=lambda: stopping["now"])

    async def scenario() -> None:
        batch = asyncio.ensure_future(stage.handle_batch(requests(stage, event("a", None, 1, 1))))
        await asyncio.sleep(0.2)
        stopping["now"] = True
        await asyncio.wait_for(batch, timeout=5)

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(scenario())
    assert stage.table.get(b"US") is None


def test_one_publisher_serves_both_agents_so_health_sees_the_stage_paused_too(fake_runner):
    """Health reads `BatchProcessor.blocked`: with the publisher shared, a pause of the stage shows there."""
    short = {"now": True}
    why = "not enough in-sync replicas"

    async def shortfall(topics: list[str]) -> str | None:
        return why if short["now"] and INCIDENTS in topics else None

    broker = ScriptedBroker(
        lambda t, n: kafka_errors.NotEnoughReplicasError() if t == INCIDENTS and short["now"] else None
    )
    stage = make_stage(broker, retry_timeout_s=0.2, replica_shortfall=shortfall)
    processor = BatchProcessor(
        fake_runner,
        broker.send,
        output_topic=EVENTS,
        dlq_topic=DLQ,
        max_body_bytes=10_000,
        route=stage.route,
        publisher=stage.publisher,
    )

    async def scenario() -> str | None:
        batch = asyncio.ensure_future(stage.handle_batch(requests(stage, event("a", None, 1, 1))))
        for _ in range(200):
            if processor.blocked is not None:
                break
            await asyncio.sleep(0.01)
        seen = processor.blocked
        short["now"] = False
        await asyncio.wait_for(batch, timeout=10)
        return seen

    assert asyncio.run(scenario()) == why
    assert processor.blocked is None
