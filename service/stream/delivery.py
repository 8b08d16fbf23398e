"""The delivery unit: one batch published, acknowledged by the broker, acked and committed, in that order.

`Delivery.commit(records, inputs)` is the one place where the order of the at-least-once guarantee
lives (as quix-streams' `Checkpoint.commit()` is):
  1. publish an event or a dead letter for every record and wait until the broker acknowledged each
     (`BatchProcessor.process`: it retries transient failures and raises `PublishError` when it cannot);
  2. only then ack the consumed inputs, so that their offsets may be committed;
  3. commit now, not on Faust's 2.8 s timer: a kill -9 then re-delivers at most the batch in flight
     (measured: 48 duplicates per crash with the timer, i.e. three batches). A commit already running
     (the timer's) makes the call wait and skip, so it is made once more.
A `PublishError` (or a cancellation at shutdown) in step 1 leaves everything unacked and uncommitted:
the batch is read again after a restart. The unit knows no Faust: the agent passes its
`stream.ack` and `app.consumer.commit` in, so the order is tested with fakes
(`tests/stream/test_delivery.py`).

At most one batch is read again when the group rebalances (a hung coordinator, a session that
expired), because the next batch never starts before this one's offsets are committed or the group
has rebalanced under it:
  4. when Faust's commit did not say it committed, this batch's own offsets are committed directly:
     Faust counts an offset as committed once it *tried*, even when the coordinator refused it (the
     member had been expelled), so asking Faust again commits nothing. If the group rebalanced under
     the batch, the unit waits for the new assignment before returning;
  5. records fetched before a rebalance are dropped from a batch before publishing (`Group.fetched_in`):
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
from typing import Any, Protocol, TypeVar

from service.stream.commits import CommitLedger
from service.stream.processor import InputRecord, Outgoing

log = logging.getLogger(__name__)

#: Publishes an event or dead letter per record; returns them once the broker acknowledged all.
Publish = Callable[[Sequence[InputRecord]], Awaitable[list[Outgoing]]]
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


class Delivery:
    """Publish -> wait for the broker's acks -> ack the inputs -> commit (confirmed before the next batch)."""

    def __init__(self, publish: Publish, ack: Ack, commit: Commit, group: Group | None = None) -> None:
        self._publish = publish
        self._ack = ack
        self._commit = commit
        self._group: Group = group or _NoRebalance()

    async def commit(self, records: Sequence[InputRecord], inputs: Sequence[Any]) -> list[Outgoing]:
        """Deliver `records` (consumed as `inputs`, the consumer's own objects) and commit their offsets.

        Records fetched before the group last rebalanced are dropped first: they are read again.

        Returns:
            What the broker acknowledged: an event or a dead letter per record delivered.

        Raises:
            PublishError: publishing cannot succeed; nothing of this batch was acked or committed.

        """
        if len(records) != len(inputs):
            raise ValueError(f"{len(records)} records but {len(inputs)} consumed inputs")
        records, inputs = self._fetched_in_this_generation(records, inputs)
        if not records:
            return []
        generation = self._group.generation()
        published = await self._publish(records)
        for item in inputs:
            await self._ack(item)
        # A skipped commit is made once more (Faust skips when its timer's commit is running).
        if await self._commit() or await self._commit():
            return published
        await self._confirm(records, generation)
        return published

    def _fetched_in_this_generation(
        self, records: Sequence[InputRecord], inputs: Sequence[Any]
    ) -> tuple[list[InputRecord], list[Any]]:
        pairs = list(zip(records, inputs, strict=True))
        kept = fetched_in_this_generation(self._group, pairs, input_of=lambda pair: pair[1])
        return [record for record, _ in kept], [item for _, item in kept]

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
