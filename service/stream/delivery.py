"""The delivery unit: one batch published, acknowledged by the broker, acked and committed, in that order.

`Delivery.commit(batch, inputs)` is the one place where the order of the at-least-once guarantee
lives (as quix-streams' `Checkpoint.commit()` is). The batch comes prepared (`BatchProcessor.prepare`:
admitted, its extraction started, perhaps while the batch before was still being delivered); the
unit waits for its extraction, keeps the records that may be processed now (steps 0 and 5), then:
  0. the consumed inputs go through `in_order` (the commit ledger, `service.stream.commits`): copies
     of records already done are acked and left out, records past a skipped one wait. Here, at
     delivery and not when the batch is taken: the ledger's next expected offset moves only when the
     batch before is acked, so a batch taken while that one is still in flight would look like a gap
     to it; and after a rebalance under the batch before, the next batch's records may be the very
     ones read again, which only the ledger as it is after that batch can judge. Only records of the
     current generation (step 5, applied first) are judged: a revoked partition has no account;
  1. publish an event or a dead letter for every record and wait until the broker acknowledged each
     (`BatchProcessor.deliver`: it retries transient failures and raises `PublishError` when it cannot);
  2. only then ack the consumed inputs, so that their offsets may be committed;
  3. commit now, not on Faust's 2.8 s timer: a kill -9 then re-delivers at most the batch in flight
     (measured: 48 duplicates per crash with the timer, i.e. three batches). A commit already running
     (the timer's) makes the call wait and skip, so it is made once more.
A `PublishError` (or a cancellation at shutdown) in step 1 leaves everything unacked and uncommitted:
the batch is read again after a restart. The unit knows no Faust: the agent passes its
`stream.ack` and `app.consumer.commit` in, so the order is tested with fakes
(`tests/stream/test_delivery.py`).

`LookAhead` is the agent's loop around the unit: batch N+1 is prepared (extracted in the pool) while
batch N is published, acked and committed, and handed to the unit only once N's `commit` returned.
So nothing of N+1 is published, acked or committed before N's offsets are committed, and a kill -9
still publishes at most one batch again (N+1 was at most extracted). A `PublishError` on N, or any
other error in N's delivery (logged with its traceback as it happens), closes N+1 unpublished (its
extraction cancelled) and stops the worker (`fail`); the agent's stop closes N+1 too.

At most one batch is read again when the group rebalances (a hung coordinator, a session that
expired), because the next batch is never published before this one's offsets are committed or the
group has rebalanced under it:
  4. when Faust's commit did not say it committed, this batch's own offsets are committed directly:
     Faust counts an offset as committed once it *tried*, even when the coordinator refused it (the
     member had been expelled), so asking Faust again commits nothing. If the group rebalanced under
     the batch, the unit waits for the new assignment before returning;
  5. records fetched before a rebalance are dropped from a batch before publishing (`Group.fetched_in`,
     checked after the extraction, before step 0: a look-ahead batch may be extracted across a rebalance):
     after the rebalance the consumer restarts from the committed offsets and reads them again, so
     publishing them would duplicate a second batch (measured with a hung coordinator: 17 and 24
     duplicates, two batches, before this; Faust itself drops such records only before they reach the
     agent's batch buffer).

`gate_commits` closes the ways around that order. After a fatal publish failure the worker stops,
and on its way out Faust could still commit offsets it believes acked (its stream acks what it fetches
by itself once the agent's batch loop is gone): once the gate is shut, nothing more is committed. And
Faust acks records no agent saw (around an assignment, `service.stream.commits`): the gate commits no
further than the commit ledger's account of acknowledged output.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from service.errors import PublishError
from service.stream.commits import CommitLedger
from service.stream.processor import InputRecord, Outgoing

log = logging.getLogger(__name__)


class Batch(Protocol):
    """A prepared batch (`service.stream.processor.PreparedBatch`): its records, its extraction, its end."""

    @property
    def records(self) -> Sequence[InputRecord]:
        """The batch's records, in the order they were consumed."""

    async def extracted(self) -> None:
        """Wait until the batch's extraction is over (never raises its error: publishing does)."""

    def close(self) -> None:
        """The unit is done with the batch (delivered, dropped or failed); idempotent."""


B = TypeVar("B", bound=Batch)
#: Publishes an event or dead letter per record given (of the batch); returns them once the broker acknowledged all.
Publish = Callable[[B, Sequence[InputRecord]], Awaitable[list[Outgoing]]]
#: The consumed inputs that may be processed now, in offset order (`LedgerKeeper.in_order` with the stream's ack).
InOrder = Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]
#: Acks one consumed input (Faust's `stream.ack`), so that its offset may be committed.
Ack = Callable[[Any], Awaitable[Any]]
#: Commits the acked offsets; False when it skipped (a commit was already running) or failed.
Commit = Callable[[], Awaitable[bool]]
T = TypeVar("T")
#: How often the unit looks whether the group has rejoined after a rebalance under a batch (seconds).
REJOIN_POLL_S = 0.1


class Group(Protocol):
    """What the delivery unit asks of the consumer group (`FaustGroup` in the worker)."""

    def generation(self) -> int:
        """The group generation whose assignment this worker consumes now."""

    def fetched_in(self, consumed: Any) -> int:
        """The generation in which a consumed input was fetched."""

    async def commit_offsets(self, offsets: Mapping[tuple[str, int], int]) -> bool:
        """Commit {(topic, partition): next offset to read}; False if the group rebalanced under them."""


class _NoRebalance:
    """A group that never rebalances and whose every commit succeeds (a batch published outside a group)."""

    def generation(self) -> int:
        return 0

    def fetched_in(self, consumed: Any) -> int:
        return 0

    async def commit_offsets(self, offsets: Mapping[tuple[str, int], int]) -> bool:
        return True


def fetched_in_this_generation(
    group: Group, consumed: Sequence[T], what: str = "records", input_of: Callable[[T], Any] = lambda item: item
) -> list[T]:
    """The items whose consumed input (`input_of(item)`) was fetched in the group's current generation.

    The others are dropped (and logged): after a rebalance the consumer restarts from the committed
    offsets, so a record fetched before it is read again, and processing the old copy too would
    publish it twice. `what` names the items in the log.
    """
    now = group.generation()
    kept = [item for item in consumed if group.fetched_in(input_of(item)) == now]
    if len(kept) < len(consumed):
        log.warning(
            "dropping %d of %d %s fetched before the group rebalanced (now generation %d): "
            "the consumer restarted from the committed offsets and reads them again",
            len(consumed) - len(kept),
            len(consumed),
            what,
            now,
        )
    return kept


def next_offsets(records: Sequence[InputRecord]) -> dict[tuple[str, int], int]:
    """{(topic, partition): the offset after the batch's last record}: what committing the batch means.

    >>> next_offsets([InputRecord(None, b"", "in", 0, 7, None), InputRecord(None, b"", "in", 0, 5, None)])
    {('in', 0): 8}
    """
    offsets: dict[tuple[str, int], int] = {}
    for record in records:
        key = (record.topic, record.partition)
        offsets[key] = max(offsets.get(key, 0), record.offset + 1)
    return offsets


class Delivery(Generic[B]):
    """Publish -> wait for the broker's acks -> ack the inputs -> commit (confirmed before the next batch)."""

    def __init__(
        self,
        publish: Publish[B],
        ack: Ack,
        commit: Commit,
        group: Group | None = None,
        in_order: InOrder | None = None,
    ) -> None:
        self._publish = publish
        self._ack = ack
        self._commit = commit
        self._group: Group = group or _NoRebalance()
        self._in_order = in_order

    async def commit(self, batch: B, inputs: Sequence[Any]) -> list[Outgoing]:
        """Deliver `batch` (consumed as `inputs`, the consumer's own objects) and commit its offsets.

        Records out of order (`in_order`) or fetched before the group last rebalanced are dropped
        first, after the batch's extraction: they are read again. The batch is closed on return.

        Returns:
            What the broker acknowledged: an event or a dead letter per record delivered.

        Raises:
            PublishError: publishing cannot succeed; nothing of this batch was acked or committed.

        """
        try:
            if len(batch.records) != len(inputs):
                raise ValueError(f"{len(batch.records)} records but {len(inputs)} consumed inputs")
            await batch.extracted()
            records, inputs = await self._processable(batch.records, inputs)
            if not records:
                return []
            generation = self._group.generation()
            published = await self._publish(batch, records)
            for item in inputs:
                await self._ack(item)
            # A skipped commit is made once more (Faust skips when its timer's commit is running).
            if await self._commit() or await self._commit():
                return published
            await self._confirm(records, generation)
            return published
        finally:
            batch.close()

    async def _processable(
        self, records: Sequence[InputRecord], inputs: Sequence[Any]
    ) -> tuple[list[InputRecord], list[Any]]:
        """The records (and their inputs) fetched in this generation and in order per partition.

        The generation first: a look-ahead batch may hold records of a partition revoked since it was
        taken, whose ledger account ended (`LedgerKeeper.on_revoked`), and `in_order` would wait its
        START_WAIT_S for a start that never comes.
        """
        pairs = fetched_in_this_generation(
            self._group, list(zip(records, inputs, strict=True)), input_of=lambda pair: pair[1]
        )
        if self._in_order is not None and pairs:
            in_order = {id(item) for item in await self._in_order([item for _, item in pairs])}
            pairs = [pair for pair in pairs if id(pair[1]) in in_order]
        return [record for record, _ in pairs], [item for _, item in pairs]

    async def _confirm(self, records: Sequence[InputRecord], generation: int) -> None:
        """Commit the batch's own offsets; if the group rebalanced under it, wait for the new assignment."""
        if await self._group.commit_offsets(next_offsets(records)):
            return
        log.warning(
            "the group rebalanced before the offsets of this batch of %d records were committed: the "
            "batch is read again from the last committed offsets (at most this batch is duplicated); "
            "waiting for the new assignment",
            len(records),
        )
        while self._group.generation() == generation:
            await asyncio.sleep(REJOIN_POLL_S)


class LookAhead(Generic[B]):
    """The agent's batches, depth one ahead: batch N+1 extracts while batch N is published and committed.

    `submit(records, inputs)` prepares the batch at once (`prepare`: admission, extraction started)
    and returns once the batch before it went through `delivery.commit`; then the agent takes the next
    batch while this one extracts and is delivered in a task. So at most two batches are in flight,
    one publishing and one extracting, and a batch is published only after the one before it is
    committed (or dropped). A `PublishError` stops the worker (`fail`, the `ShutdownGuard`'s) and
    closes every batch after it unpublished; so does any other error of the delivery task, logged
    with its traceback when it happens (the task never raises but for a cancellation). `close` (the
    agent's stop) cancels both.
    """

    def __init__(
        self, prepare: Callable[[Sequence[InputRecord]], B], delivery: Delivery[B], fail: Callable[[str], None]
    ) -> None:
        self._prepare = prepare
        self._delivery = delivery
        self._fail = fail
        self._delivering: asyncio.Future[None] | None = None
        self._handed: B | None = None
        #: Why delivering failed (the worker is stopping); None while it has not.
        self.failure: str | None = None

    async def submit(self, records: Sequence[InputRecord], inputs: Sequence[Any]) -> None:
        """Prepare `records` (consumed as `inputs`); returns once the batch before is committed, dropped or failed."""
        batch = self._prepare(records)
        try:
            await self.wait_delivered()
        except BaseException:  # cancelled (the agent stops): this batch is never published
            batch.close()
            raise
        if self.failure is not None:
            batch.close()  # the batch before failed to publish: nothing after it is published
            return
        self._handed = batch
        self._delivering = asyncio.ensure_future(self._deliver(batch, inputs))

    async def wait_delivered(self) -> None:
        """Wait until the batch handed to the delivery unit last is committed, dropped or failed."""
        if self._delivering is not None:
            await self._delivering

    async def _deliver(self, batch: B, inputs: Sequence[Any]) -> None:
        try:
            await self._delivery.commit(batch, inputs)
        except PublishError as exc:
            # Retrying cannot help: stop without acking (nothing of this batch is committed), non-zero.
            self.failure = str(exc)
            self._fail(str(exc))
        except Exception as exc:
            # Anything else (a pool that broke while it was replaced, a shut-down executor, a commit
            # or seek that raised) is reported now, not when the next batch comes (never, on an idle
            # topic), and stops the worker the same way: the commit gate shuts, nothing more is committed.
            log.exception("delivering a batch of %d records failed", len(batch.records))
            self.failure = f"delivering a batch failed: {type(exc).__name__}: {exc}"
            self._fail(self.failure)

    async def close(self) -> None:
        """Cancel the batch in flight: unacked and uncommitted, it is read again (no traceback, no wait).

        A failure of the delivery task was logged by the task itself (`_deliver`), not again here.
        """
        delivering, self._delivering = self._delivering, None
        try:
            if delivering is not None:
                delivering.cancel()
                # asyncio.wait, not await: a cancellation of the caller itself still propagates.
                await asyncio.wait([delivering])
        finally:
            if self._handed is not None:
                self._handed.close()  # a task cancelled before it ran never closed its batch


def gate_commits(consumer: Any, is_shut: Callable[[], bool], ledger: CommitLedger | None = None) -> None:
    """Make `consumer` (a Faust consumer) refuse every commit once `is_shut()`, and commit only what `ledger` allows.

    `ledger` (`service.stream.commits`) lowers each offset to below the first record without
    acknowledged output. Wraps the consumer's `_commit(offsets)`, through which all of Faust's commits pass (ours, its
    timer's, the one on rebalance and on stop). Idempotent: a restarted agent does not wrap it twice.
    """
    if getattr(consumer, "_news_commit_gate", False):
        return
    commit = consumer._commit

    async def gated(offsets: Mapping[Any, int]) -> bool:
        if is_shut():
            log.warning(
                "not committing offsets %s: the worker is stopping after a publish failure; "
                "they are read again after the restart",
                {f"{tp.topic}[{tp.partition}]": offset for tp, offset in offsets.items()},
            )
            return False
        if ledger is not None:
            safe = ledger.safe(offsets)
            if safe != dict(offsets):
                log.debug(
                    "commit lowered to acknowledged output: %s -> %s",
                    {f"{tp.topic}[{tp.partition}]": o for tp, o in offsets.items()},
                    {f"{tp.topic}[{tp.partition}]": o for tp, o in safe.items()},
                )
            if not safe:
                # Nothing new to commit: committed already (True), or a start not known yet (False).
                return ledger.settled(offsets)
            offsets = safe
        done = bool(await commit(offsets))
        if done and ledger is not None:
            ledger.committed(offsets)
        return done

    consumer._commit = gated
    consumer._news_commit_gate = True


class FaustGroup:
    """The `Group` of a Faust app: its generation, each event's, and commits through `consumer._commit`.

    `_commit(offsets)` is the one path of all of Faust's commits (and through the commit gate, so it
    refuses after a fatal failure too). Partitions no longer assigned are left out: committing them
    would raise in aiokafka (and crash Faust's consumer); their records go to their new owner.
    """

    def __init__(self, app: Any) -> None:
        self._app = app

    def generation(self) -> int:
        """Faust's generation: set when the consumer gets its partitions, before it seeks to the commits."""
        return int(self._app.consumer_generation_id)

    def fetched_in(self, consumed: Any) -> int:
        """The generation Faust stamped on the event's message when it was fetched."""
        return int(consumed.message.generation_id)

    async def commit_offsets(self, offsets: Mapping[tuple[str, int], int]) -> bool:
        """Commit the offsets of partitions still assigned; False if none is (or the group rebalanced)."""
        from faust.types import TP

        consumer = self._app.consumer
        assigned = consumer.assignment()
        mine = {TP(topic, partition): offset for (topic, partition), offset in offsets.items()}
        mine = {tp: offset for tp, offset in mine.items() if tp in assigned}
        if not mine:
            return False
        return bool(await consumer._commit(mine))
