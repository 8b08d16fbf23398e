"""The commit ledger: records are processed in offset order, and an offset is committed only after its output.

Faust decides what to commit from the records its streams *ack*, and faust-streaming 0.15.3 acks some
records no agent ever saw. Measured on the broker test (kill -9, restart; an article lost in 3 runs of
21): around an assignment, records fetched before the seek to the committed offsets reach the stream
while its flow control is still off, and are skipped, and acked; their refetched copies are dropped
(their offsets are below the read offset the skipped copies set), and Faust's commit steps over the
skipped record (it lets one unacked offset at the committed position pass). The article was committed
without its event. A partition without a commit is not seeked at all (aiokafka seeks only to a
positive offset), so records fetched early there were never read again in that worker's life.

So the worker keeps its own account, per partition of the topics its agents consume (the input topic,
the incident links topic), in a `CommitLedger`: where the assignment starts (the group's committed
offset read from the broker, else the log start) and the next offset it expects. Records reach the
agents only in that order (`LedgerKeeper.in_order`): a record already done is acked and dropped (a copy
read again); a record past the expected one means something was skipped, so the partition is read
again from the expected offset and the rest of it is held back until that arrives (the same order per
key as the producer's: an incident's updates stay in order), unless the gap holds no records at all
(transaction markers, counted with the lag probe's consumer). The commit gate
(`service.stream.delivery.gate_commits`) lowers every offset Faust commits to the ledger's next, and
commits nothing for a partition whose start is not known yet. A partition that stops short of its end
with nothing arriving (the skipped record was the last) is read again by the keeper's timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.stream.health import OffsetSource

log = logging.getLogger(__name__)

#: (topic, partition): the ledger does not depend on Faust's or aiokafka's partition types.
Partition = tuple[str, int]

#: After asking to read a partition again, wait this long for the expected record before asking again.
REREAD_INTERVAL_S = 10.0
#: A partition short of its end with nothing arriving and nothing in flight for this long is read again.
STALL_S = 10.0
#: Longest wait, at an assignment, for the broker to say where the partitions start (then: retry).
START_WAIT_S = 30.0
#: Records skipped this soon after an assignment are Faust's usual (module docstring): logged at INFO.
ASSIGNMENT_S = 30.0


def _key(tp: Any) -> Partition:
    return (tp.topic, tp.partition)


class CommitLedger:
    """Per partition of `topics`: the next offset expected (all below it done), and what was committed."""

    def __init__(self, topics: Iterable[str]) -> None:
        self.topics = set(topics)
        self._next: dict[Partition, int] = {}
        self._committed: dict[Partition, int] = {}
        self._rereading: dict[Partition, float] = {}
        self._arrived: dict[Partition, float] = {}
        self._started: dict[Partition, float] = {}

    def watches(self, tp: Any) -> bool:
        """Whether the partition's records and commits go through the ledger."""
        return bool(tp.topic in self.topics)

    def start(self, tp: Any, offset: int, now: float | None = None) -> None:
        """The assignment of `tp` starts at `offset` (the group's committed offset, else the log start)."""
        key = _key(tp)
        self._next[key] = offset
        self._committed[key] = offset  # as good as committed: where the group reads from
        self._arrived[key] = self._started[key] = time.monotonic() if now is None else now

    def partitions(self) -> list[Partition]:
        """The partitions whose start is known."""
        return list(self._next)

    def known(self, tp: Any) -> bool:
        """Whether the partition's start is known."""
        return _key(tp) in self._next

    def forget(self, tps: Iterable[Any]) -> None:
        """Partitions revoked: their account ends (a later assignment starts a new one)."""
        for tp in tps:
            key = _key(tp)
            for table in (self._next, self._committed, self._rereading, self._arrived, self._started):
                table.pop(key, None)

    def expected(self, tp: Any) -> int | None:
        """The next offset the partition's agent must process (None: start not known)."""
        return self._next.get(_key(tp))

    def arrived(self, tp: Any, now: float | None = None) -> None:
        """A record of the partition reached its agent (processed or not)."""
        self._arrived[_key(tp)] = time.monotonic() if now is None else now

    def acknowledged(self, tp: Any, offset: int) -> None:
        """The record at `offset` has its output acknowledged by the broker."""
        key = _key(tp)
        if self._next.get(key) == offset:
            self._next[key] = offset + 1
            self._rereading.pop(key, None)

    def no_records(self, tp: Any, first: int, end: int) -> None:
        """Offsets [first, end) hold no records (transaction markers): nothing there to process."""
        key = _key(tp)
        if self._next.get(key) == first:
            self._next[key] = end

    def rereading(self, tp: Any, now: float | None = None) -> None:
        """The partition is being read again from its expected offset."""
        self._rereading[_key(tp)] = time.monotonic() if now is None else now

    def just_assigned(self, tp: Any, now: float | None = None) -> bool:
        """Whether the partition's assignment started less than `ASSIGNMENT_S` ago."""
        now = time.monotonic() if now is None else now
        return now - self._started.get(_key(tp), -ASSIGNMENT_S) < ASSIGNMENT_S

    def is_rereading(self, tp: Any, now: float | None = None) -> bool:
        """Whether a re-read of the partition was asked for less than `REREAD_INTERVAL_S` ago."""
        since = self._rereading.get(_key(tp))
        now = time.monotonic() if now is None else now
        return since is not None and now - since < REREAD_INTERVAL_S

    def safe(self, offsets: Mapping[Any, int]) -> dict[Any, int]:
        """`offsets` (partition -> offset Faust would commit) as far as they are safe; others unchanged.

        A watched partition is lowered to its next expected offset, and left out when its start is not
        known or nothing new would be committed.
        """
        out: dict[Any, int] = {}
        for tp, offset in offsets.items():
            if not self.watches(tp):
                out[tp] = offset
                continue
            key = _key(tp)
            if key not in self._next:
                continue
            safe = min(offset, self._next[key])
            if safe > self._committed.get(key, -1):
                out[tp] = safe
        return out

    def settled(self, offsets: Mapping[Any, int]) -> bool:
        """Whether every watched partition of `offsets` is already committed as far as `safe` allows.

        Then there is nothing to commit but nothing missing either: the offsets count as committed (a
        batch whose commit Faust skipped must not take that for a rebalance and wait for one).
        """
        for tp, offset in offsets.items():
            key = _key(tp)
            if not self.watches(tp) or key not in self._next:
                return False
            if min(offset, self._next[key]) > self._committed.get(key, -1):
                return False
        return True

    def committed(self, offsets: Mapping[Any, int]) -> None:
        """The broker accepted this commit."""
        for tp, offset in offsets.items():
            if self.watches(tp):
                key = _key(tp)
                self._committed[key] = max(offset, self._committed.get(key, -1))

    def behind(self) -> dict[Partition, int]:
        """Partitions whose next offset is past what was committed (a commit Faust may not ask for)."""
        return {key: offset for key, offset in self._next.items() if offset > self._committed.get(key, offset)}

    def stalled(self, ends: Mapping[Partition, int], now: float | None = None) -> dict[Partition, tuple[int, int]]:
        """Partitions short of their end (`ends`) where nothing arrived for `STALL_S`: (expected, end)."""
        now = time.monotonic() if now is None else now
        return {
            key: (offset, ends[key])
            for key, offset in self._next.items()
            if key in ends
            and ends[key] > offset
            and now - self._arrived.get(key, now) >= STALL_S
            and now - self._rereading.get(key, -REREAD_INTERVAL_S) >= REREAD_INTERVAL_S
        }


def seek_uncommitted_partitions(consumer: Any, watches: Callable[[Any], bool]) -> None:
    """After Faust's seek to the committed offsets, seek the watched partitions without a commit too.

    aiokafka's `seek_to_committed` leaves a partition with no commit (or a commit at 0) where it is, so
    records fetched there before the seek were never read again; they are seeked to the log start,
    where the group reads from (`auto_offset_reset=earliest`). Through Faust's `seek_wait`, in the
    consumer's own thread, which also resets Faust's read offset. Idempotent.
    """
    if getattr(consumer, "_news_seek_guard", False):
        return
    perform_seek = consumer.perform_seek

    async def seek_every_partition() -> None:
        await perform_seek()
        uncommitted = [tp for tp in consumer.assignment() if watches(tp) and not consumer._committed_offset.get(tp)]
        if uncommitted:
            starts = await consumer.earliest_offsets(*uncommitted)
            await consumer.seek_wait({tp: starts.get(tp, 0) for tp in uncommitted})

    consumer.perform_seek = seek_every_partition
    consumer._news_seek_guard = True


class LedgerKeeper:
    """The ledger's I/O: where each assignment starts, records in order, partitions read again, late commits.

    `consumer()` gives the Faust consumer (its `seek_wait` seeks in the consumer's thread and resets
    Faust's read offset, so the records read again are not dropped; its `_commit` is the gated one once
    `gate_commits` ran); `tp_type` builds its partitions (`faust.types.TP`); `busy(topic)` says whether
    the topic's agent has records in flight (a long batch is not a stall).
    """

    def __init__(
        self,
        ledger: CommitLedger,
        offsets: OffsetSource,
        consumer: Callable[[], Any],
        tp_type: Any,
        busy: Callable[[str], bool] = lambda topic: False,
    ) -> None:
        self.ledger = ledger
        self.offsets = offsets
        self.consumer = consumer
        self.tp_type = tp_type
        self.busy = busy
        self._starting: asyncio.Future[None] | None = None

    async def on_assigned(self, sender: Any, assigned: Iterable[Any], **kwargs: Any) -> None:
        """Signal receiver: read where the watched partitions start, in a task (never hold up the rebalance)."""
        watched = [tp for tp in assigned if self.ledger.watches(tp)]
        self._starting = asyncio.ensure_future(self._start(watched))

    async def on_revoked(self, sender: Any, revoked: Iterable[Any], **kwargs: Any) -> None:
        """Signal receiver: the revoked partitions' accounts end."""
        self.ledger.forget(revoked)

    async def wait_started(self) -> None:
        """Wait for the reads started by the last assignment (tests)."""
        if self._starting is not None:
            await self._starting

    async def _start(self, watched: list[Any]) -> None:
        by_topic: dict[str, list[int]] = {}
        for tp in watched:
            by_topic.setdefault(tp.topic, []).append(tp.partition)
        for topic, partitions in by_topic.items():
            while True:  # until the broker answers; these partitions wait meanwhile (nothing lost)
                try:
                    committed, _ = await self.offsets.read(topic, partitions)
                    starts = await self.offsets.starts(topic, partitions)
                    break
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - retried
                    log.warning("reading where %s starts failed (%s: %s); retrying", topic, type(exc).__name__, exc)
                    await asyncio.sleep(1.0)
            for partition in partitions:
                start = starts.get(partition, 0)
                # No commit yet: the group reads from the log start (auto_offset_reset=earliest), as
                # after a commit below it (retention removed the records).
                self.ledger.start(self.tp_type(topic, partition), max(committed.get(partition, -1), start))

    async def in_order(self, events: Sequence[Any], ack: Callable[[Any], Awaitable[Any]]) -> list[Any]:
        """The Faust events the agent may process now, in offset order per partition.

        A copy of a record already done is acked and left out; past a missing record, the partition
        is read again from it and its later records are left out (unacked) until it comes.
        """
        deadline = time.monotonic() + START_WAIT_S
        while any(self.ledger.watches(e.message.tp) and not self.ledger.known(e.message.tp) for e in events):
            if time.monotonic() > deadline:  # the broker does not answer: process; commits stay gated
                break
            await asyncio.sleep(0.05)
        kept: list[Any] = []
        expected: dict[Partition, int | None] = {}
        held: set[Partition] = set()
        for event in events:
            tp, offset = event.message.tp, event.message.offset
            if not self.ledger.watches(tp):
                kept.append(event)
                continue
            key = _key(tp)
            self.ledger.arrived(tp)
            if key not in expected:
                expected[key] = self.ledger.expected(tp)
            want = expected[key]
            if key in held:
                continue
            if want is None:
                kept.append(event)
                continue
            if offset < want:
                await ack(event)  # a copy read again of a record already done
                continue
            if offset > want and not await self._gap_is_empty(tp, want, offset):
                held.add(key)
                await self._read_again(tp, want, offset)
                continue
            kept.append(event)
            expected[key] = offset + 1
        return kept

    async def _gap_is_empty(self, tp: Any, first: int, end: int) -> bool:
        """Whether offsets [first, end) hold no records (transaction markers only); then they count as done."""
        if self.ledger.is_rereading(tp):
            return False  # records fetched before the re-read: wait for the expected one
        counted: int | None = None
        with contextlib.suppress(Exception):
            counted = (await self.offsets.count_records(tp.topic, {tp.partition: (first, end)})).get(tp.partition)
        if counted == 0:
            self.ledger.no_records(tp, first, end)
            return True
        return False

    async def _read_again(self, tp: Any, offset: int, seen: int | None = None) -> None:
        if self.ledger.is_rereading(tp):
            return
        log.log(
            logging.INFO if self.ledger.just_assigned(tp) else logging.WARNING,
            "%s[%d]: offset %d was not delivered%s: reading the partition again from %d "
            "(a record the consumer skipped around an assignment; later ones come twice)",
            tp.topic,
            tp.partition,
            offset,
            "" if seen is None else f" though {seen} was",
            offset,
        )
        self.ledger.rereading(tp)
        with contextlib.suppress(Exception):  # no longer assigned: its next owner reads it
            await self.consumer().seek_wait({self.tp_type(tp.topic, tp.partition): offset})

    async def heal(self) -> None:
        """Read again partitions that stopped short of their end; commit what Faust will not ask for."""
        by_topic: dict[str, list[int]] = {}
        for topic, partition in self.ledger.partitions():
            if not self.busy(topic):
                by_topic.setdefault(topic, []).append(partition)
        ends: dict[Partition, int] = {}
        for topic, partitions in by_topic.items():
            with contextlib.suppress(Exception):
                _, topic_ends = await self.offsets.read(topic, partitions)
                ends.update({(topic, p): end for p, end in topic_ends.items()})
        for (topic, partition), (first, end) in self.ledger.stalled(ends).items():
            tp = self.tp_type(topic, partition)
            if not await self._gap_is_empty(tp, first, end):
                await self._read_again(tp, first)
        for (topic, partition), offset in self.ledger.behind().items():
            with contextlib.suppress(Exception):
                await self.consumer()._commit({self.tp_type(topic, partition): offset})
