"""Records the broker refuses for good (too large) never stop the incident stage while a smaller one can pass.

No broker: `SizedBroker` refuses every record over its topic's size limit, as a broker with a small
`max.message.bytes` answers MessageSizeTooLargeError, and acknowledges the rest. Each refused record is
replaced, within the same publishing call, by a smaller one of its kind; the link requests are handed
back (acked) only when `handle_batch` returns, i.e. after the replacement too was acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, NamedTuple

import faust
import pytest
from aiokafka import errors as kafka_errors
from prometheus_client import REGISTRY

from service.errors import PublishError
from service.events import dumps, loads, schema_errors
from service.stream.incidents import MAX_SHRINKS, IncidentStage, install
from service.stream.processor import RECORD_OVERHEAD_BYTES
from tests.stream.test_incident_publishing import (
    CHANGELOG,
    DLQ,
    EVENTS,
    INCIDENTS,
    SETTINGS,
    ScriptedBroker,
    make_stage,
    requests,
)
from tests.stream.test_incidents_stage import event
from tests.support.incidents import MemoryTable


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr("service.stream.publisher.SEND_BACKOFF_S", (0.01,))
    monkeypatch.setattr("service.stream.publisher.SHORTFALL_CHECK_S", 0.05)


class SizedBroker(ScriptedBroker):
    """Refuses a record over its topic's limit (`limits`, bytes of value) for good; acknowledges the rest."""

    def __init__(self, **limits: int) -> None:
        super().__init__()
        self.limits = {
            {"events": EVENTS, "dlq": DLQ, "incidents": INCIDENTS, "changelog": CHANGELOG}[k]: v
            for k, v in limits.items()
        }
        self.refused: list[tuple[str, int]] = []

    async def send(self, topic: str, key: bytes | None, value: bytes, **options: Any) -> Any:
        if len(value) > self.limits.get(topic, 1_000_000):
            self.refused.append((topic, len(value)))
            self.sent.append((topic, key))
            ack: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            ack.set_exception(kafka_errors.MessageSizeTooLargeError())
            return ack
        return await super().send(topic, key, value, **options)

    def on(self, topic: str) -> list[dict[str, Any]]:
        return [loads(value) for t, _, value in self.acked if t == topic]


def run(stage: IncidentStage, *events: dict[str, Any]) -> int:
    return asyncio.run(asyncio.wait_for(stage.handle_batch(requests(stage, *events)), timeout=30))


def dead_letters(reason: str) -> float:
    return REGISTRY.get_sample_value("news_dead_letters_total", {"reason": reason}) or 0.0


def report(article_id: str, day: int, killed: int | None, injured: int | None) -> dict[str, Any]:
    """`event` published on 2026-03-`day`: reports more than a week apart are separate incidents."""
    return {**event(article_id, killed, injured, 1), "published_at": f"2026-03-{day:02d}T01:00:00Z"}


def test_an_event_the_output_topic_refuses_as_too_large_becomes_an_event_too_large_dead_letter_in_order():
    broker = SizedBroker(events=300)
    stage = make_stage(broker)
    before = dead_letters("event_too_large")
    assert run(stage, event("a", None, 1, 1)) == 1
    assert broker.topics_acked() == [DLQ, INCIDENTS, CHANGELOG]  # the letter in the event's place, then the rest
    (letter,) = broker.on(DLQ)
    assert letter["reason"] == "event_too_large" and letter["article_id"] == "a"
    assert letter["source"]["topic"] == stage.links_topic.get_topic_name() and letter["source"]["offset"] == 0
    assert loads(letter["payload"])["article_id"] == "a"  # the event (as routed) is in the letter, whole
    assert schema_errors("dead-letter.v2", letter) == []
    (record,) = broker.on(INCIDENTS)
    assert record["article_id"] == "a" and record["updates"] == 1  # the article still counts in its incident
    assert dead_letters("event_too_large") == before + 1


def test_a_dead_letter_the_topic_refuses_is_sent_again_at_half_its_size_and_counted_once_when_acked():
    broker = SizedBroker(events=300, dlq=700)
    stage = make_stage(broker)
    before = dead_letters("event_too_large")
    run(stage, event("a", None, 1, 1))
    (refused_letter,) = [size for topic, size in broker.refused if topic == DLQ]
    (letter,) = broker.on(DLQ)
    assert len(dumps(letter)) <= refused_letter // 2 < 700
    assert letter["payload_truncated"] is True and letter["reason"] == "event_too_large"
    assert schema_errors("dead-letter.v2", letter) == []
    assert dead_letters("event_too_large") == before + 1  # the refused letter is not counted
    assert broker.topics_acked()[-2:] == [INCIDENTS, CHANGELOG]


def test_an_incident_record_too_large_is_published_bounded_and_flagged_truncated():
    broker = SizedBroker()
    stage = make_stage(broker)
    run(stage, *[event(f"a{i}", None, 1, 1 + i) for i in range(11)], event("z", 2, None, 20))
    full = broker.on(INCIDENTS)[-1]
    assert full["article_count"] == 12 and "truncated" not in full
    broker.limits[INCIDENTS] = len(dumps(full)) - 1  # the next update (one more article) is refused
    broker.acked.clear()
    run(stage, event("y", 2, None, 21))
    (record,) = broker.on(INCIDENTS)
    assert record["truncated"] is True and schema_errors("incident.v1", record) == []
    assert (record["article_count"], record["updates"], record["killed"]) == (13, 13, 2)  # figures never cut
    listed = [a["article_id"] for a in record["articles"]]
    assert listed[0] == "a0" and listed[-1] == "y" and len(listed) < 13  # first and latest reports kept
    assert broker.topics_acked() == [EVENTS, INCIDENTS, CHANGELOG]
    # The table keeps every article: only the published record was cut.
    assert len(loads(stage.table.get(b"US") or b"")["incidents"][0]["articles"]) == 13


def test_a_changelog_write_too_large_drops_the_detail_of_the_least_recently_updated_incident_first():
    broker = SizedBroker()
    stage = make_stage(broker)
    run(stage, *[report(f"old{i}", 1, None, 1 + i) for i in range(16)])  # an old incident, 16 reports
    run(stage, *[report(f"new{i}", 10, 1, None) for i in range(3)])  # a recent one, over a week later
    full = stage.table.get(b"US") or b""
    assert len(loads(full)["incidents"]) == 2
    broker.limits[CHANGELOG] = len(full)  # the next write (one more report) is refused
    run(stage, report("new3", 10, 1, None))
    (refused,) = [size for topic, size in broker.refused if topic == CHANGELOG]
    written = stage.table.get(b"US") or b""
    assert written == broker.acked[-1][2] and len(written) <= refused * 3 // 4  # the table holds what was acked
    old, new = sorted(loads(written)["incidents"], key=lambda i: i["last_updated"])
    assert [a["article_id"] for a in old["articles"]] == ["old0", "old15"]  # first and latest (toll) kept
    assert (old["article_count"], old["injured"]) == (16, 16)
    assert len(new["articles"]) == 4  # the recently updated incident keeps its detail
    assert {f"old{i}" for i in range(16)} <= set(loads(written)["linked"])  # replays still recognised
    # The compacted incident still links its next report (by time and place) and counts it once.
    run(stage, report("old16", 2, None, 17))
    assert [r["article_count"] for r in broker.on(INCIDENTS) if r["incident_id"] == old["incident_id"]][-1] == 17


@pytest.mark.parametrize("topic", [INCIDENTS, CHANGELOG, DLQ])
def test_a_topic_that_refuses_every_size_stops_the_stage_after_bounded_tries_with_nothing_stored(topic):
    broker = SizedBroker(**{"events": 10 if topic == DLQ else 1_000_000, _name(topic): 10})
    stage = make_stage(broker)
    setting = {INCIDENTS: "INCIDENTS_TOPIC", CHANGELOG: "APP_ID", DLQ: "topic"}[topic]
    with pytest.raises(PublishError, match=f"{topic} refuses even a .*max.message.bytes \\({setting}\\)"):
        run(stage, event("a", None, 1, 1))
    assert 1 <= sum(1 for t, _ in broker.refused if t == topic) <= MAX_SHRINKS + 1
    assert stage.table.get(b"US") is None  # nothing stored: the requests are read again after the restart


def test_a_dead_letter_never_acknowledged_is_never_counted():
    broker = SizedBroker(events=10, dlq=10)
    stage = make_stage(broker)
    before = dead_letters("event_too_large")
    with pytest.raises(PublishError):
        run(stage, event("a", None, 1, 1))
    assert dead_letters("event_too_large") == before


def _name(topic: str) -> str:
    return {EVENTS: "events", DLQ: "dlq", INCIDENTS: "incidents", CHANGELOG: "changelog"}[topic]


@pytest.mark.parametrize(
    "error", [kafka_errors.NotLeaderForPartitionError, kafka_errors.MessageSizeTooLargeError], ids=lambda e: e.__name__
)
def test_two_updates_of_one_incident_in_a_batch_reach_the_topic_in_order_when_the_first_is_sent_again(error):
    # Sent together, the first update (refused, then sent again or replaced) would land after the second,
    # and a compacted incidents topic would keep the older update as the incident's latest.
    armed = {"now": False}

    def refuse_once(topic: str, attempt: int) -> BaseException | None:
        if topic == INCIDENTS and armed["now"]:
            armed["now"] = False
            return error()
        return None

    broker = ScriptedBroker(refuse_once)
    stage = make_stage(broker)
    run(stage, *[event(f"a{i}", None, 1, 1) for i in range(6)])  # an incident with articles to cut
    broker.acked.clear()
    armed["now"] = True
    run(stage, event("b", 1, None, 9), event("c", 1, None, 10))
    records = [loads(value) for topic, _, value in broker.acked if topic == INCIDENTS]
    assert [r["updates"] for r in records] == [7, 8]
    assert records[0].get("truncated") is (True if error is kafka_errors.MessageSizeTooLargeError else None)
    assert broker.topics_acked() == [EVENTS, EVENTS, INCIDENTS, INCIDENTS, CHANGELOG]


# --- The agent: link requests are acked (their offsets may be committed) only after every replacement ---


class Message(NamedTuple):
    key: bytes
    value: bytes
    partition: int
    timestamp: float | None
    offset: int
    tp: tuple[str, int]
    generation_id: int = 0


class Event(NamedTuple):
    message: Message


class TimelineBroker(SizedBroker):
    """A `SizedBroker` that writes every acknowledgement to a timeline shared with the stream's acks."""

    def __init__(self, timeline: list[str], **limits: int) -> None:
        super().__init__(**limits)
        self.timeline = timeline

    async def send(self, topic: str, key: bytes | None, value: bytes, **options: Any) -> Any:
        ack = await super().send(topic, key, value, **options)
        if not ack.exception():
            self.timeline.append(f"broker:{topic}")
        return ack


class FakeStream:
    """The part of a Faust stream the incidents agent uses: batches without acks, then its acks."""

    def __init__(self, batch: list[Event], timeline: list[str]) -> None:
        self.batch = batch
        self.timeline = timeline

    async def noack_take(self, size: int, within: float) -> Any:
        yield self.batch

    async def ack(self, event: Event) -> None:
        self.timeline.append(f"ack:{event.message.offset}")


class FakeKeeper:
    """The commit ledger's keeper: requests in the order given; remembers which offsets were acknowledged."""

    def __init__(self) -> None:
        self.ledger = self
        self.done: list[int] = []

    async def in_order(self, events: list[Event], ack: Any) -> list[Event]:
        return events

    def acknowledged(self, tp: Any, offset: int) -> None:
        self.done.append(offset)


class SameGeneration:
    def generation(self) -> int:
        return 0

    def fetched_in(self, consumed: Any) -> int:
        return 0


def run_agent(broker: SizedBroker, events: list[dict[str, Any]], timeline: list[str]) -> tuple[FakeKeeper, list[str]]:
    """Install the stage on a Faust app with `broker`'s publisher and run its agent over one batch of requests."""
    failures: list[str] = []
    keeper = FakeKeeper()
    stage = make_stage(broker)  # for its publisher and settings
    app = faust.App(f"incident-agent-{len(timeline)}-{id(broker)}", autodiscover=False)
    installed = install(app, SETTINGS, stage.publisher, failures.append, keeper, SameGeneration())  # type: ignore[arg-type]
    installed.table = MemoryTable()  # type: ignore[assignment]
    links = installed.links_topic.get_topic_name()
    batch = [
        Event(Message(r.region, r.value, 0, None, offset, (links, 0)))
        for offset, r in enumerate(requests(stage, *events))
    ]
    agent = next(a for a in app.agents.values() if a.name == "incidents")

    async def scenario() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(agent.fun(FakeStream(batch, timeline)), timeout=2)  # a failed agent waits

    asyncio.run(scenario())
    return keeper, failures


def test_the_agent_acks_its_requests_only_after_the_replaced_records_and_the_table_write_are_acknowledged():
    timeline: list[str] = []
    broker = TimelineBroker(timeline, incidents=820)  # records of six articles or more are refused
    keeper, failures = run_agent(broker, [event(f"a{i}", None, 1, 1 + i) for i in range(7)], timeline)
    assert failures == [] and keeper.done == list(range(7))
    assert [size > 820 for topic, size in broker.refused] == [True, True] and len(broker.refused) == 2
    acks = [i for i, step in enumerate(timeline) if step.startswith("ack:")]
    assert len(acks) == 7 and min(acks) == timeline.index(f"broker:{CHANGELOG}") + 1  # the table write, then acks
    assert timeline.count(f"broker:{INCIDENTS}") == 7  # every update published, two of them cut


def test_the_agent_acks_nothing_when_a_record_is_refused_at_every_size():
    timeline: list[str] = []
    broker = TimelineBroker(timeline, incidents=10)
    keeper, failures = run_agent(broker, [event("a", None, 1, 1), event("b", 1, None, 2)], timeline)
    (failure,) = failures
    assert "refuses even a" in failure and "INCIDENTS_TOPIC" in failure
    assert keeper.done == [] and not any(step.startswith("ack:") for step in timeline)
    assert f"broker:{CHANGELOG}" not in timeline  # the table was not written either


# --- Bounded before sending: the limits read at start (ensure_topics) spare the refusal ---------------


def bounded_stage(broker: SizedBroker, **limits: int) -> IncidentStage:
    """A stage that knows the topics' limits as `ensure_topics` reads them (max.message.bytes, whole records)."""
    stage = make_stage(broker)
    names = {"events": EVENTS, "dlq": DLQ, "incidents": INCIDENTS, "changelog": CHANGELOG}
    stage.topic_limits = {names[k]: v for k, v in limits.items()}
    return stage


def test_records_over_a_topics_known_limit_are_bounded_before_sending_and_never_refused():
    broker = SizedBroker(events=300, incidents=700, changelog=1200)
    # The stage knows each limit as max.message.bytes: the value, its key and the record's framing.
    framing = RECORD_OVERHEAD_BYTES
    stage = bounded_stage(broker, events=300 + 2 + framing, incidents=700 + 20 + framing, changelog=1200 + 2 + framing)
    run(stage, *[event(f"a{i}", None, 1, 1 + i) for i in range(7)])
    assert broker.refused == []  # nothing refused, so no producer renewal either
    assert {letter["reason"] for letter in broker.on(DLQ)} == {"event_too_large"} and len(broker.on(DLQ)) == 7
    assert all("incident " in letter["error_message"] for letter in broker.on(DLQ))
    records = broker.on(INCIDENTS)
    assert [r["updates"] for r in records] == list(range(1, 8))
    assert all(len(dumps(r)) <= 700 for r in records)
    flags = [r.get("truncated", False) for r in records]
    assert flags[0] is False and flags[-1] is True and flags == sorted(flags)  # cut once they grew too large
    written = stage.table.get(b"US") or b""
    assert len(written) <= 1200 and loads(written)["incidents"][0]["article_count"] == 7
