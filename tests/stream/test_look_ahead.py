"""The depth-1 look-ahead with fakes: batch N+1 extracts while N publishes, and is published only after N's commit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from aiokafka import errors as kafka_errors
from faust.types import TP

from service.stream.commits import CommitLedger, LedgerKeeper
from service.stream.delivery import Delivery, LookAhead
from service.stream.processor import BatchProcessor, InputRecord, PreparedBatch


def _records(name: str, first: int, n: int) -> list[InputRecord]:
    return [
        InputRecord(
            f"{name}{i}".encode(),
            orjson.dumps({"id": f"{name}{i}", "body": f"Person{i} spoke."}),
            "in",
            0,
            first + i,
            None,
        )
        for i in range(n)
    ]


@dataclass
class Message:
    tp: Any
    offset: int
    generation_id: int = 1


@dataclass
class Event:
    """A consumed input as Faust's agent sees it."""

    message: Message


def _inputs(records: list[InputRecord], generation: int = 1) -> list[Event]:
    return [Event(Message(TP(r.topic, r.partition), r.offset, generation)) for r in records]


class JournalRunner:
    """The thread runner around the fake extractor, writing when each batch's extraction starts and ends.

    A batch whose first article id is in `stall` waits in its extraction until the test sets that event.
    """

    def __init__(self, runner: Any, steps: list[str]) -> None:
        self.runner = runner
        self.steps = steps
        self.time_budget_s = 1.0
        self.schema = runner.schema
        self.stall: dict[str, asyncio.Event] = {}

    async def run(self, articles):
        name = articles[0].id[0]
        self.steps.append(f"extract {name}")
        if name in self.stall:
            await self.stall[name].wait()
        outcomes = await self.runner.run(articles)
        self.steps.append(f"extracted {name}")
        return outcomes


class Broker:
    """Holds every acknowledgement until `release()`; a topic in `missing` is refused once `refuse` is set."""

    def __init__(self, steps: list[str], missing: frozenset[str] = frozenset()) -> None:
        self.steps = steps
        self.missing = missing
        self.held: list[asyncio.Future] = []
        self.holding = True
        self.refuse = asyncio.Event()

    async def send(self, topic, key, value):
        self.steps.append(f"send {key.decode()}")
        fut = asyncio.get_running_loop().create_future()
        if topic in self.missing:
            await self.refuse.wait()
            fut.set_exception(kafka_errors.UnknownTopicOrPartitionError())
        elif self.holding:
            self.held.append(fut)
        else:
            fut.set_result(None)
        return fut

    def release(self) -> None:
        self.holding = False
        for fut in self.held:
            fut.set_result(None)


class Group:
    """A consumer group whose generation the test moves; a commit of its own fails while `commit_ok` is False."""

    def __init__(self, steps: list[str]) -> None:
        self.steps = steps
        self.now = 1
        self.commit_ok = True

    def generation(self) -> int:
        return self.now

    def fetched_in(self, consumed: Event) -> int:
        return consumed.message.generation_id

    async def commit_offsets(self, offsets) -> bool:
        self.steps.append("commit offsets")
        return self.commit_ok


class Pipeline:
    """The agent's parts around a real `BatchProcessor`: look-ahead, delivery, fakes for ack, commit and fail."""

    def __init__(self, fake_runner: Any, missing: frozenset[str] = frozenset(), faust_commits: bool = True) -> None:
        self.steps: list[str] = []
        self.runner = JournalRunner(fake_runner, self.steps)
        self.broker = Broker(self.steps, missing)
        self.group = Group(self.steps)
        self.failures: list[str] = []
        self.prepared: list[PreparedBatch] = []
        self.faust_commits = faust_commits

        async def exists(topic: str) -> bool:
            return topic not in missing

        self.processor = BatchProcessor(
            self.runner,  # type: ignore[arg-type]
            self.broker.send,
            output_topic="out",
            dlq_topic="dlq",
            max_body_bytes=100_000,
            retry_timeout_s=5.0,
            topic_exists=exists,
        )

    def prepare(self, records):
        batch = self.processor.prepare(records)
        self.prepared.append(batch)
        return batch

    async def ack(self, event: Event) -> None:
        self.steps.append(f"ack {event.message.offset}")

    async def commit(self) -> bool:
        self.steps.append("commit")
        return self.faust_commits

    def look_ahead(self, in_order: Any = None) -> LookAhead:
        delivery = Delivery(self.processor.deliver, self.ack, self.commit, self.group, in_order)
        return LookAhead(self.prepare, delivery, self.failures.append)

    def index(self, step: str) -> int:
        return self.steps.index(step)


async def until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


def test_the_next_batch_is_extracted_while_this_one_waits_for_the_broker_and_published_only_after_its_commit(
    fake_runner,
):
    pipe = Pipeline(fake_runner)
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))  # nothing before it: returns at once
        await until(lambda: "send a1" in pipe.steps)  # a is waiting for its acknowledgements
        submitting_b = asyncio.ensure_future(batches.submit(b, _inputs(b)))
        await until(lambda: "extracted b" in pipe.steps)
        assert not submitting_b.done()  # the agent takes no third batch while a is not committed
        assert not any(step.startswith(("send b", "ack", "commit")) for step in pipe.steps)
        pipe.broker.release()
        await submitting_b
        await batches.wait_delivered()
        await batches.close()

    asyncio.run(scenario())
    # b extracted during a's wait for the broker; b sent only after a's inputs were acked and committed.
    assert pipe.index("extracted b") < pipe.index("ack 0") < pipe.index("commit") < pipe.index("send b0")
    assert pipe.steps[-3:] == ["ack 2", "ack 3", "commit"]
    assert pipe.steps.count("commit") == 2
    assert pipe.processor.busy_until is None  # both batches closed


def test_one_batch_extracts_at_a_time_so_the_next_starts_only_when_the_pool_is_done_with_this_one(fake_runner):
    pipe = Pipeline(fake_runner)
    pipe.runner.stall["a"] = asyncio.Event()
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))
        submitting_b = asyncio.ensure_future(batches.submit(b, _inputs(b)))
        await asyncio.sleep(0.1)
        assert "extract b" not in pipe.steps  # a still extracting: b's time budget must not run yet
        pipe.runner.stall["a"].set()
        pipe.broker.release()
        await submitting_b
        await batches.wait_delivered()

    asyncio.run(scenario())
    assert pipe.index("extracted a") < pipe.index("extract b")


def test_a_publish_error_leaves_the_next_batch_unpublished_and_its_extraction_cancelled(fake_runner):
    pipe = Pipeline(fake_runner, missing=frozenset({"out"}))
    pipe.runner.stall["b"] = asyncio.Event()  # b is still extracting when a fails
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))
        await until(lambda: "send a0" in pipe.steps)
        submitting_b = asyncio.ensure_future(batches.submit(b, _inputs(b)))
        await until(lambda: "extract b" in pipe.steps)
        pipe.broker.refuse.set()  # the output topic is gone: a cannot be published
        await asyncio.wait_for(submitting_b, 5)
        assert batches.failure is not None
        extraction = pipe.prepared[1].extraction
        assert extraction is not None
        await asyncio.wait([extraction])
        assert extraction.cancelled()
        await asyncio.wait_for(batches.close(), 1)

    asyncio.run(scenario())
    assert len(pipe.failures) == 1 and "topic out does not exist" in pipe.failures[0]
    assert not any(step.startswith(("send b", "ack", "commit")) for step in pipe.steps)
    assert "extracted b" not in pipe.steps
    assert pipe.processor.busy_until is None


def test_records_fetched_before_a_rebalance_during_the_look_ahead_are_dropped_after_extraction_unpublished(
    fake_runner, caplog
):
    # a's commit is not confirmed and the group rebalances under it: a waits for the new assignment,
    # and b, extracted meanwhile from records fetched in the old generation, is dropped: read again.
    pipe = Pipeline(fake_runner, faust_commits=False)
    pipe.group.commit_ok = False
    pipe.broker.release()
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))
        submitting_b = asyncio.ensure_future(batches.submit(b, _inputs(b)))
        await until(lambda: "extracted b" in pipe.steps and "commit offsets" in pipe.steps)
        await asyncio.sleep(0.2)
        assert not submitting_b.done()  # a has not seen the new assignment yet
        pipe.group.now = 2
        await asyncio.wait_for(submitting_b, 2)
        await asyncio.wait_for(batches.wait_delivered(), 2)

    asyncio.run(scenario())
    assert "send b0" not in pipe.steps and "ack 2" not in pipe.steps
    assert pipe.steps.count("commit") == 2  # a's two tries; nothing for b
    assert "dropping 2 of 2 records fetched before the group rebalanced" in caplog.text


def test_a_rebalance_while_a_handed_over_batch_still_extracts_drops_its_records_after_the_extraction(
    fake_runner, caplog
):
    pipe = Pipeline(fake_runner)
    pipe.broker.release()
    pipe.runner.stall["b"] = asyncio.Event()
    a, b = _records("a", 0, 1), _records("b", 1, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))
        await batches.wait_delivered()
        await batches.submit(b, _inputs(b))  # a is committed: b goes to the delivery unit at once
        await until(lambda: "extract b" in pipe.steps)
        pipe.group.now = 2  # the group rebalances while b extracts: b's records are read again
        pipe.runner.stall["b"].set()
        await asyncio.wait_for(batches.wait_delivered(), 2)

    asyncio.run(scenario())
    assert "extracted b" in pipe.steps
    assert not any(step.startswith(("send b", "ack 1", "ack 2")) for step in pipe.steps)
    assert pipe.steps.count("commit") == 1
    assert "dropping 2 of 2 records fetched before the group rebalanced" in caplog.text


def test_the_commit_ledger_sees_the_next_batch_only_after_this_one_is_acked_so_it_is_no_gap(fake_runner):
    pipe = Pipeline(fake_runner)
    ledger = CommitLedger(["in"])
    ledger.start(TP("in", 0), 0)
    seeks: list[Any] = []

    class Consumer:
        async def seek_wait(self, partitions) -> None:
            seeks.append(partitions)

    keeper = LedgerKeeper(ledger, offsets=None, consumer=Consumer, tp_type=TP)  # type: ignore[arg-type]

    async def ack(event: Event) -> None:
        pipe.steps.append(f"ack {event.message.offset}")
        ledger.acknowledged(event.message.tp, event.message.offset)

    async def in_order(events):
        return await keeper.in_order(events, ack)

    pipe.ack = ack  # type: ignore[method-assign]
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead(in_order)
        await batches.submit(a, _inputs(a))
        submitting_b = asyncio.ensure_future(batches.submit(b, _inputs(b)))
        await until(lambda: "extracted b" in pipe.steps)
        pipe.broker.release()
        await submitting_b
        await batches.wait_delivered()

    asyncio.run(scenario())
    assert seeks == []  # b taken while a was in flight was not mistaken for records past a skipped one
    assert [step for step in pipe.steps if step.startswith("send")] == ["send a0", "send a1", "send b0", "send b1"]
    assert ledger.expected(TP("in", 0)) == 4


def test_a_stop_while_the_look_ahead_extracts_ends_at_once_and_commits_nothing_of_it(fake_runner, caplog):
    pipe = Pipeline(fake_runner)
    pipe.runner.stall["b"] = asyncio.Event()
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()

        async def agent() -> None:
            try:
                await batches.submit(a, _inputs(a))
                await batches.submit(b, _inputs(b))
                await asyncio.Event().wait()  # the agent waits for a third batch
            finally:
                await batches.close()

        task = asyncio.ensure_future(agent())
        await until(lambda: "extract b" in pipe.steps)
        task.cancel()  # the worker stops: a is committed, b is still extracting
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 1)
        extraction = pipe.prepared[1].extraction
        assert extraction is not None and extraction.cancelled()

    pipe.broker.release()
    asyncio.run(scenario())
    assert pipe.steps.count("commit") == 1  # a's
    assert not any(step.startswith(("send b", "ack 2", "ack 3")) for step in pipe.steps)
    assert pipe.processor.busy_until is None
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelname == "ERROR"]


def test_with_two_batches_in_flight_liveness_is_bounded_by_the_later_one_counted_from_the_earlier(fake_runner):
    pipe = Pipeline(fake_runner)

    async def scenario() -> tuple[float, float, float | None, float, float]:
        first = pipe.prepare(_records("a", 0, 2))
        second = pipe.prepare(_records("b", 2, 2))
        busy = pipe.processor.busy_until
        first.close()
        closed_at = time.monotonic()
        after_first = pipe.processor.busy_until
        second.close()
        await asyncio.wait([task for task in (first.extraction, second.extraction) if task is not None])
        assert pipe.processor.busy_until is None
        assert after_first is not None
        return first.deadline, second.deadline, busy, after_first, closed_at

    first, second, busy, after_first, closed_at = asyncio.run(scenario())
    bound = 2 * 2 * (1.0 + 10.0) + 2 * 5.0 + 20 * 2  # extraction, publish retries, pool replacements
    assert busy == pytest.approx(first + bound, abs=0.05)  # b publishes only after a is done
    # Once a is done, b is due within its own bound from then.
    assert after_first == second == pytest.approx(closed_at + bound, abs=0.05)


def test_under_a_backlog_the_liveness_deadline_stays_within_two_bounds_however_many_batches_chain(fake_runner):
    pipe = Pipeline(fake_runner)
    bound = 2 * 2 * (1.0 + 10.0) + 2 * 5.0 + 20 * 2

    async def scenario() -> list[float]:
        ahead: list[float] = []
        batch = pipe.prepare(_records("a", 0, 2))
        for n in range(1, 8):  # the agent always has the next batch extracting while this one publishes
            following = pipe.prepare(_records("b", 2 * n, 2))
            busy = pipe.processor.busy_until
            assert busy is not None
            ahead.append(busy - time.monotonic())
            batch.close()
            batch = following
        batch.close()
        await asyncio.wait([b.extraction for b in pipe.prepared if b.extraction is not None])
        return ahead

    ahead = asyncio.run(scenario())
    assert max(ahead) <= 2 * bound + 0.5, ahead  # chained, the 7th would be 8 bounds ahead


def test_a_cancelled_look_ahead_extraction_records_no_extraction_time_nor_batch(fake_runner):
    from service import metrics

    pipe = Pipeline(fake_runner)
    pipe.runner.stall["a"] = asyncio.Event()

    def observed() -> float:
        return metrics.EXTRACTION_SECONDS._sum.get()  # type: ignore[attr-defined]

    def articles_in_batches() -> float:
        return metrics.BATCH_SIZE._sum.get()  # type: ignore[attr-defined]

    async def scenario() -> tuple[float, float]:
        before = observed()
        articles_before = articles_in_batches()
        batch = pipe.prepare(_records("a", 0, 2))
        await until(lambda: "extract a" in pipe.steps)
        await asyncio.sleep(0.05)
        batch.close()  # abandoned half-way (a publish failure before it, or the agent's stop)
        assert batch.extraction is not None
        await asyncio.wait([batch.extraction])
        cancelled = observed()
        assert articles_in_batches() == articles_before  # read again and counted when extracted again
        done = pipe.prepare(_records("b", 2, 2))
        await done.extracted()
        done.close()
        assert articles_in_batches() == articles_before + 2
        return cancelled - before, observed() - before

    cancelled, completed = asyncio.run(scenario())
    assert cancelled == 0.0
    assert completed > 0.0


@pytest.mark.parametrize("where", ["extraction", "commit"])
def test_an_unexpected_error_in_the_delivery_task_is_logged_once_at_once_and_stops_the_worker(
    fake_runner, caplog, where
):
    # A pool that broke while it was replaced (warm-up) or a commit that raised, on an idle topic:
    # no next batch comes to find it.
    pipe = Pipeline(fake_runner)
    pipe.broker.release()
    if where == "extraction":

        async def broken(articles):
            raise BrokenProcessPool("a process died while the pool was replaced")

        pipe.runner.run = broken  # type: ignore[method-assign]
    else:

        async def commit() -> bool:
            raise RuntimeError("cannot commit")

        pipe.commit = commit  # type: ignore[method-assign]
    a = _records("a", 0, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))
        await until(lambda: batches.failure is not None, timeout_s=2)
        await asyncio.wait_for(batches.wait_delivered(), 1)  # the task itself does not raise
        await batches.close()

    asyncio.run(scenario())
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 1 and errors[0].exc_info is not None  # once, with the traceback
    assert len(pipe.failures) == 1
    assert pipe.failures[0].startswith(
        "delivering a batch failed: " + ("BrokenProcessPool" if where == "extraction" else "RuntimeError")
    )
    if where == "extraction":
        assert not any(step.startswith(("send", "ack", "commit")) for step in pipe.steps)
    assert pipe.processor.busy_until is None


def test_after_an_unexpected_delivery_error_the_next_batch_is_closed_unpublished(fake_runner):
    pipe = Pipeline(fake_runner)
    pipe.broker.release()

    async def commit() -> bool:
        raise RuntimeError("cannot commit")

    pipe.commit = commit  # type: ignore[method-assign]
    a, b = _records("a", 0, 2), _records("b", 2, 2)

    async def scenario() -> None:
        batches = pipe.look_ahead()
        await batches.submit(a, _inputs(a))
        await asyncio.wait_for(batches.submit(b, _inputs(b)), 2)
        await batches.close()

    asyncio.run(scenario())
    assert not any(step.startswith("send b") for step in pipe.steps)
    assert pipe.prepared[1].closed and pipe.processor.busy_until is None


def test_records_of_a_partition_revoked_under_the_look_ahead_are_dropped_without_waiting_for_its_ledger(
    fake_runner, caplog
):
    # Partition 1 was revoked in the rebalance (its ledger account ended); b holds records of it and
    # of partition 0 read again in the new generation.
    pipe = Pipeline(fake_runner)
    pipe.broker.release()
    pipe.group.now = 2
    ledger = CommitLedger(["in"])
    ledger.start(TP("in", 0), 2)
    keeper = LedgerKeeper(ledger, offsets=None, consumer=None, tp_type=TP)  # type: ignore[arg-type]
    judged: list[Any] = []

    async def in_order(events):
        judged.extend(events)
        return await keeper.in_order(events, pipe.ack)

    old = [InputRecord(b"r0", orjson.dumps({"id": "r0", "body": "Ann spoke."}), "in", 1, 7, None)]
    new = _records("b", 2, 2)
    records = old + new
    inputs = _inputs(old, generation=1) + _inputs(new, generation=2)

    async def scenario() -> None:
        delivery = Delivery(pipe.processor.deliver, pipe.ack, pipe.commit, pipe.group, in_order)
        await asyncio.wait_for(delivery.commit(pipe.prepare(records), inputs), 2)  # START_WAIT_S is 30 s

    asyncio.run(scenario())
    assert judged == inputs[1:]  # only the current generation's inputs go to the ledger
    assert [step for step in pipe.steps if step.startswith("send")] == ["send b0", "send b1"]
    assert "dropping 1 of 2 records" not in caplog.text and "dropping 1 of 3 records" in caplog.text


def test_a_second_cancellation_while_the_look_ahead_closes_still_closes_the_handed_batch(fake_runner):
    pipe = Pipeline(fake_runner)
    pipe.runner.stall["a"] = asyncio.Event()
    release = asyncio.Event()

    class SlowToCancel:
        """A delivery that takes its time to unwind once cancelled (and never closes the batch itself)."""

        async def commit(self, batch, inputs):
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                await release.wait()
                raise

    a = _records("a", 0, 2)

    async def scenario() -> None:
        batches = LookAhead(pipe.prepare, SlowToCancel(), pipe.failures.append)  # type: ignore[arg-type]
        await batches.submit(a, _inputs(a))
        await asyncio.sleep(0.05)
        closing = asyncio.ensure_future(batches.close())
        await asyncio.sleep(0.05)
        closing.cancel()  # the stop is cancelled again while close waits for the delivery task
        with pytest.raises(asyncio.CancelledError):
            await closing
        assert pipe.prepared[0].closed
        assert pipe.processor.busy_until is None
        release.set()
        await asyncio.sleep(0.05)

    asyncio.run(scenario())
