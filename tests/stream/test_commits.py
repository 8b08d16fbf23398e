"""The commit ledger without a broker: records in offset order, no commit past a record without output."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from faust.types import TP

from service.stream.commits import (
    REREAD_INTERVAL_S,
    STALL_S,
    CommitLedger,
    LedgerKeeper,
    seek_uncommitted_partitions,
)
from service.stream.delivery import gate_commits

IN = TP("in", 0)
OTHER = TP("changelog", 0)


def test_a_commit_is_lowered_to_the_first_offset_without_acknowledged_output():
    """The broker test's failure: offset 1 skipped by the stream, Faust would commit 5."""
    ledger = CommitLedger(["in"])
    ledger.start(IN, 1)
    for offset in (2, 3, 4):
        ledger.acknowledged(IN, offset)  # out of order: not counted
    assert ledger.safe({IN: 5}) == {}
    for offset in (1, 2, 3, 4):
        ledger.acknowledged(IN, offset)
    assert ledger.safe({IN: 5}) == {IN: 5}


def test_a_partition_is_not_committed_before_its_start_is_known_and_other_topics_pass():
    ledger = CommitLedger(["in"])
    assert ledger.safe({IN: 1, OTHER: 7}) == {OTHER: 7}
    ledger.start(IN, 0)  # the broker says: no commit yet, the log starts at 0
    ledger.acknowledged(IN, 0)
    assert ledger.safe({IN: 1}) == {IN: 1}


def test_what_was_committed_is_not_committed_again_but_a_later_offset_is_offered():
    ledger = CommitLedger(["in"])
    ledger.start(IN, 0)
    ledger.acknowledged(IN, 0)
    ledger.committed({IN: 1})
    assert ledger.safe({IN: 1}) == {} and ledger.behind() == {}
    ledger.acknowledged(IN, 1)
    assert ledger.behind() == {("in", 0): 2}


def test_a_revoked_partition_forgets_its_account():
    ledger = CommitLedger(["in"])
    ledger.start(IN, 4)
    ledger.forget([IN])
    assert ledger.safe({IN: 9}) == {} and not ledger.known(IN)


def test_a_partition_short_of_its_end_with_nothing_arriving_is_stalled_once_per_interval():
    ledger = CommitLedger(["in"])
    ledger.start(IN, 3, now=0.0)
    assert ledger.stalled({("in", 0): 5}, now=STALL_S / 2) == {}
    assert ledger.stalled({("in", 0): 3}, now=STALL_S) == {}  # at its end: idle, not stalled
    assert ledger.stalled({("in", 0): 5}, now=STALL_S) == {("in", 0): (3, 5)}
    ledger.rereading(IN, now=STALL_S)
    assert ledger.stalled({("in", 0): 5}, now=STALL_S + REREAD_INTERVAL_S / 2) == {}


@dataclass
class Message:
    tp: Any
    offset: int


@dataclass
class Event:
    message: Message


def events(*offsets: int, tp: Any = IN) -> list[Event]:
    return [Event(Message(tp, offset)) for offset in offsets]


class Consumer:
    """The parts of Faust's consumer the keeper and the gate use."""

    def __init__(self) -> None:
        self.committed: list[dict[Any, int]] = []
        self.seeks: list[dict[Any, int]] = []

    async def _commit(self, offsets: Any) -> bool:
        self.committed.append(dict(offsets))
        return True

    async def seek_wait(self, partitions: dict[Any, int]) -> None:
        self.seeks.append(dict(partitions))


class Offsets:
    """An OffsetSource: committed 1 (none for partition 1), log start 0, ends at 9; a gap holds `in_gap`."""

    def __init__(self, in_gap: int | None) -> None:
        self.in_gap = in_gap

    async def read(self, topic: str, partitions: list[int]) -> tuple[dict[int, int], dict[int, int]]:
        return {p: (1 if p == 0 else -1) for p in partitions}, dict.fromkeys(partitions, 9)

    async def starts(self, topic: str, partitions: list[int]) -> dict[int, int]:
        return dict.fromkeys(partitions, 0)

    async def count_records(self, topic: str, gaps: dict[int, tuple[int, int]]) -> dict[int, int | None]:
        return dict.fromkeys(gaps, self.in_gap)

    async def close(self) -> None:
        return None


def keeper(in_gap: int | None = 1) -> tuple[LedgerKeeper, Consumer]:
    consumer = Consumer()
    ledger = CommitLedger(["in"])
    gate_commits(consumer, lambda: False, ledger)
    made = LedgerKeeper(ledger, Offsets(in_gap), lambda: consumer, TP)
    asyncio.run(assigned(made, [IN, TP("in", 1), OTHER]))
    return made, consumer


async def assigned(k: LedgerKeeper, tps: list[Any]) -> None:
    await k.on_assigned(None, tps)
    await k.wait_started()


def in_order(k: LedgerKeeper, batch: list[Event]) -> tuple[list[int], list[int]]:
    """(offsets kept, offsets acked and dropped)."""
    acked: list[int] = []

    async def ack(event: Event) -> None:
        acked.append(event.message.offset)

    kept = asyncio.run(k.in_order(batch, ack))
    return [e.message.offset for e in kept], acked


def test_records_from_the_expected_offset_pass_and_copies_of_done_ones_are_acked_and_dropped():
    k, _ = keeper()
    assert in_order(k, events(1, 2)) == ([1, 2], [])  # the start: the committed offset, 1
    k.ledger.acknowledged(IN, 1)
    k.ledger.acknowledged(IN, 2)
    assert in_order(k, events(1, 2, 3)) == ([3], [1, 2])
    assert in_order(k, events(0, tp=TP("in", 1))) == ([0], [])  # no commit: from the log start


def test_past_a_missing_record_the_partition_is_read_again_and_held_until_it_comes():
    k, consumer = keeper(in_gap=1)
    assert in_order(k, events(2, 3)) == ([], [])  # 1 is missing
    assert consumer.seeks == [{IN: 1}]
    assert in_order(k, events(4)) == ([], [])  # still waiting for 1: no second seek
    assert consumer.seeks == [{IN: 1}]
    assert in_order(k, events(1, 2, 3, 4)) == ([1, 2, 3, 4], [])


def test_a_gap_of_transaction_markers_is_stepped_over():
    k, consumer = keeper(in_gap=0)
    assert in_order(k, events(3)) == ([3], [])
    assert consumer.seeks == []


def test_the_gate_commits_only_the_acknowledged_prefix_and_the_heal_commits_what_faust_would_not_ask():
    k, consumer = keeper()
    in_order(k, events(1))
    k.ledger.acknowledged(IN, 1)
    assert asyncio.run(consumer._commit({IN: 5, OTHER: 4})) is True
    assert consumer.committed == [{IN: 2, OTHER: 4}]
    k.ledger.acknowledged(IN, 2)
    asyncio.run(k.heal())
    assert consumer.committed[-1] == {IN: 3}


class SeekConsumer:
    def __init__(self) -> None:
        self.steps: list[str] = []
        self._committed_offset: dict[Any, int | None] = {IN: 4, TP("in", 1): None, OTHER: None}

    async def perform_seek(self) -> None:
        self.steps.append("seek to committed")

    def assignment(self) -> set[Any]:
        return set(self._committed_offset)

    async def earliest_offsets(self, *tps: Any) -> dict[Any, int]:
        return dict.fromkeys(tps, 3)

    async def seek_wait(self, partitions: dict[Any, int]) -> None:
        self.steps.extend(f"seek {tp.topic}[{tp.partition}] to {o}" for tp, o in partitions.items())


def test_after_faust_seeks_to_the_committed_offsets_partitions_without_a_commit_go_to_the_log_start():
    consumer = SeekConsumer()
    seek_uncommitted_partitions(consumer, CommitLedger(["in"]).watches)
    seek_uncommitted_partitions(consumer, CommitLedger(["in"]).watches)  # still one wrapper
    asyncio.run(consumer.perform_seek())
    assert consumer.steps == ["seek to committed", "seek in[1] to 3"]


def test_a_batch_whose_offsets_the_gate_finds_committed_already_returns_without_waiting_for_a_rebalance():
    """Delivery (clu21) confirms a batch Faust did not say it committed; the ledger must not turn that into a hang."""
    from service.stream.delivery import Delivery
    from service.stream.processor import InputRecord

    consumer = Consumer()
    ledger = CommitLedger(["in"])
    gate_commits(consumer, lambda: False, ledger)
    ledger.start(IN, 0)
    unknown = TP("in", 1)

    class Group:
        """Faust's group through the gated `_commit`, as `FaustGroup` commits; its generation never changes."""

        def generation(self) -> int:
            return 1

        def fetched_in(self, consumed: Any) -> int:
            return 1

        async def commit_offsets(self, offsets: Any) -> bool:
            return bool(await consumer._commit({TP(t, p): o for (t, p), o in offsets.items()}))

    async def publish(batch: Any, records: Any) -> list[Any]:
        return []

    class Prepared:
        """A prepared batch whose extraction is done."""

        def __init__(self, records: list[InputRecord]) -> None:
            self.records = records

        async def extracted(self) -> None:
            return None

        def close(self) -> None:
            return None

    async def ack(event: Event) -> None:
        ledger.acknowledged(event.message.tp, event.message.offset)
        if event.message.offset == 1:
            await consumer._commit({IN: 2})  # Faust's timer commits the batch between its acks and our commit

    async def faust_commit() -> bool:
        return False  # Faust: nothing new to commit (the timer did)

    delivery = Delivery(publish, ack, faust_commit, Group())
    records = [InputRecord(None, b"", "in", 0, offset, None) for offset in (0, 1)]

    async def deliver() -> None:
        await asyncio.wait_for(delivery.commit(Prepared(records), events(0, 1)), timeout=2)

    asyncio.run(deliver())
    assert consumer.committed == [{IN: 2}]  # committed once; then found settled, not waited on
    assert asyncio.run(consumer._commit({IN: 2})) is True  # nothing new, nothing missing
    assert asyncio.run(consumer._commit({unknown: 3})) is False  # start not known: not committed
