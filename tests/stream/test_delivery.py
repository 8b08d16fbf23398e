"""The delivery unit with fakes (no Faust, no broker): publish -> broker acks -> ack -> commit, in order."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from aiokafka import errors as kafka_errors

from service.errors import PublishError
from service.stream.delivery import Delivery
from service.stream.processor import BatchProcessor, InputRecord


def _records(n: int) -> list[InputRecord]:
    return [
        InputRecord(f"a{i}".encode(), orjson.dumps({"id": f"a{i}", "body": f"Person{i} spoke."}), "in", 0, i, None)
        for i in range(n)
    ]


class Prepared:
    """A prepared batch whose extraction is done: the records and a journal of when it was closed."""

    def __init__(self, records: list[InputRecord]) -> None:
        self.records = records
        self.closed = False

    async def extracted(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True


class Journal:
    """Fakes for the three steps; each writes what happens, in order, to `steps`."""

    def __init__(self, *, commits: list[bool] | None = None, publish_error: str | None = None) -> None:
        self.steps: list[str] = []
        self.commits = list(commits or [True])
        self.publish_error = publish_error
        self.broker_acked = False

    async def publish(self, batch, records):
        self.steps.append(f"publish {len(records)}")
        await asyncio.sleep(0.01)  # the broker's acknowledgements arrive later
        if self.publish_error:
            raise PublishError(self.publish_error)
        self.broker_acked = True
        self.steps.append("broker acked")
        return list(records)

    async def ack(self, item) -> None:
        assert self.broker_acked, "an input was acked before the broker acknowledged the outputs"
        self.steps.append(f"ack {item}")

    async def commit(self) -> bool:
        self.steps.append("commit")
        return self.commits.pop(0) if self.commits else True


def _delivery(journal: Journal) -> Delivery:
    return Delivery(journal.publish, journal.ack, journal.commit)


def test_a_batch_is_acked_and_committed_only_after_the_broker_acknowledged_every_output():
    journal = Journal()
    published = asyncio.run(_delivery(journal).commit(Prepared(_records(2)), ["e0", "e1"]))
    assert journal.steps == ["publish 2", "broker acked", "ack e0", "ack e1", "commit"]
    assert len(published) == 2


class Group:
    """A consumer group whose generation moves when the test says; writes its commits to `steps`."""

    def __init__(self, steps: list[str], *, commit_ok: bool = True, fetched: dict[str, int] | None = None) -> None:
        self.steps = steps
        self.now = 1
        self.commit_ok = commit_ok
        self.fetched = fetched or {}

    def generation(self) -> int:
        return self.now

    def fetched_in(self, consumed) -> int:
        return self.fetched.get(consumed, self.now)

    async def commit_offsets(self, offsets) -> bool:
        self.steps.append(f"commit offsets {sorted(offsets.items())}")
        return self.commit_ok


def test_a_skipped_commit_is_made_once_more_and_only_once():
    journal = Journal(commits=[False, True])
    group = Group(journal.steps)
    asyncio.run(Delivery(journal.publish, journal.ack, journal.commit, group).commit(Prepared(_records(1)), ["e0"]))
    assert journal.steps == ["publish 1", "broker acked", "ack e0", "commit", "commit"]


def test_when_faust_does_not_confirm_the_commit_the_batch_commits_its_own_offsets_before_the_next_batch():
    # Faust counts an offset as committed once it tried, refused or not: asking it again commits nothing.
    journal = Journal(commits=[False, False])
    group = Group(journal.steps)
    asyncio.run(
        Delivery(journal.publish, journal.ack, journal.commit, group).commit(Prepared(_records(3)), ["e0", "e1", "e2"])
    )
    assert journal.steps[-3:] == ["commit", "commit", "commit offsets [(('in', 0), 3)]"]


def test_a_batch_the_group_rebalanced_under_waits_for_the_new_assignment(caplog):
    journal = Journal(commits=[False, False])
    group = Group(journal.steps, commit_ok=False)
    delivery = Delivery(journal.publish, journal.ack, journal.commit, group)

    async def rebalance_later() -> float:
        task = asyncio.ensure_future(delivery.commit(Prepared(_records(2)), ["e0", "e1"]))
        await asyncio.sleep(0.3)
        assert not task.done()  # no next batch while the group has not rejoined
        group.now = 2
        await asyncio.wait_for(task, 1)
        return len(task.result())

    assert asyncio.run(rebalance_later()) == 2
    assert "at most this batch is duplicated" in caplog.text


def test_records_fetched_before_the_group_rebalanced_are_neither_published_nor_acked(caplog):
    journal = Journal()
    group = Group(journal.steps, fetched={"e0": 1, "e1": 1})
    group.now = 2  # e0 and e1 were in the take buffer when the group rebalanced: they are read again
    published = asyncio.run(
        Delivery(journal.publish, journal.ack, journal.commit, group).commit(Prepared(_records(3)), ["e0", "e1", "e2"])
    )
    assert journal.steps == ["publish 1", "broker acked", "ack e2", "commit"]
    assert [item.offset for item in published] == [2]
    assert "dropping 2 of 3 records fetched before the group rebalanced" in caplog.text
    journal = Journal()
    group = Group(journal.steps, fetched={"e0": 1})
    group.now = 2
    assert (
        asyncio.run(Delivery(journal.publish, journal.ack, journal.commit, group).commit(Prepared(_records(1)), ["e0"]))
        == []
    )
    assert journal.steps == []


def test_a_publish_error_leaves_the_batch_unacked_and_uncommitted():
    journal = Journal(publish_error="topic news.entities does not exist")
    with pytest.raises(PublishError, match="does not exist"):
        asyncio.run(_delivery(journal).commit(Prepared(_records(3)), ["e0", "e1", "e2"]))
    assert journal.steps == ["publish 3"]


def test_records_and_consumed_inputs_must_pair_up():
    journal = Journal()
    with pytest.raises(ValueError, match="2 records but 1 consumed inputs"):
        asyncio.run(_delivery(journal).commit(Prepared(_records(2)), ["e0"]))
    assert journal.steps == []


# --- with the real BatchProcessor and a broker whose acknowledgements arrive late ---------------------


@pytest.fixture()
def runner(fake_runner):
    return fake_runner


class ConsumerSide:
    """Fake `stream.ack` and `consumer.commit` that write into the broker's `steps`."""

    def __init__(self, steps: list[str]) -> None:
        self.steps = steps

    async def ack(self, item) -> None:
        self.steps.append(f"ack {item}")

    async def commit(self) -> bool:
        self.steps.append("commit")
        return True


class LateBroker:
    """Acknowledges each send `delay_s` later; a record for a topic in `missing` is refused as unknown."""

    def __init__(self, steps: list[str], delay_s: float = 0.05, missing: frozenset[str] = frozenset()) -> None:
        self.steps = steps
        self.delay_s = delay_s
        self.missing = missing

    async def send(self, topic, key, value):
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        if topic in self.missing:
            fut.set_exception(kafka_errors.UnknownTopicOrPartitionError())
        else:

            def acknowledge() -> None:
                fut.set_result(None)
                self.steps.append(f"acked {key.decode()}")

            loop.call_later(self.delay_s, acknowledge)
        return fut


def _processor(runner, broker: LateBroker) -> BatchProcessor:
    async def exists(topic: str) -> bool:
        return topic not in broker.missing

    return BatchProcessor(
        runner,
        broker.send,
        output_topic="out",
        dlq_topic="dlq",
        max_body_bytes=100_000,
        retry_timeout_s=0.3,
        topic_exists=exists,
    )


def test_with_the_batch_processor_inputs_are_acked_after_the_last_late_broker_ack(runner):
    steps: list[str] = []
    broker = LateBroker(steps)
    consumer = ConsumerSide(steps)
    processor = _processor(runner, broker)
    delivery = Delivery(processor.deliver, consumer.ack, consumer.commit)

    async def deliver():
        return await delivery.commit(processor.prepare(_records(3)), ["e0", "e1", "e2"])

    published = asyncio.run(deliver())
    assert sorted(steps[:3]) == ["acked a0", "acked a1", "acked a2"]
    assert steps[3:] == ["ack e0", "ack e1", "ack e2", "commit"]
    assert sorted(item.key for item in published) == [b"a0", b"a1", b"a2"]
    assert all(item.topic == "out" and item.reason is None for item in published)


def test_with_the_batch_processor_a_deleted_output_topic_stops_the_batch_before_any_ack(runner):
    steps: list[str] = []
    broker = LateBroker(steps, missing=frozenset({"out"}))
    consumer = ConsumerSide(steps)
    processor = _processor(runner, broker)
    delivery = Delivery(processor.deliver, consumer.ack, consumer.commit)

    async def deliver():
        return await delivery.commit(processor.prepare(_records(2)), ["e0", "e1"])

    with pytest.raises(PublishError, match="topic out does not exist"):
        asyncio.run(deliver())
    assert not [step for step in steps if step.startswith(("ack ", "commit"))]


# --- the commit gate: nothing is committed after a fatal publish failure --------------------------------


class FakeConsumer:
    """Stands in for Faust's consumer: every commit it makes goes through `_commit(offsets)`."""

    def __init__(self) -> None:
        self.committed: list[dict] = []

    async def _commit(self, offsets) -> bool:
        self.committed.append(dict(offsets))
        return True


def test_the_commit_gate_passes_commits_until_shut_then_refuses_every_one(caplog):
    from faust.types import TP

    from service.stream.delivery import gate_commits

    consumer = FakeConsumer()
    shut = False
    gate_commits(consumer, lambda: shut)
    gate_commits(consumer, lambda: shut)  # a restarted agent: still one gate
    assert asyncio.run(consumer._commit({TP("in", 0): 5})) is True
    shut = True
    assert asyncio.run(consumer._commit({TP("in", 0): 9, TP("in", 1): 3})) is False
    assert consumer.committed == [{TP("in", 0): 5}]
    assert "not committing offsets {'in[0]': 9, 'in[1]': 3}" in caplog.text
