"""Liveness means progress: unhealthy only when input waits and nothing has finished for too long."""

from __future__ import annotations

import time
from types import SimpleNamespace

from service.stream.health import Health


def make_health(seconds_since_progress: float, lag: dict[int, int], stall_timeout_s: float = 10.0) -> Health:
    processor = SimpleNamespace(last_progress=time.monotonic() - seconds_since_progress, acked={})
    health = Health(
        app=None,
        processor=processor,
        input_topic="news.articles",  # type: ignore[arg-type]
        stall_timeout_s=stall_timeout_s,
    )
    health.lag = lag
    return health


def test_worker_with_waiting_input_and_no_recent_progress_is_not_live():
    ok, detail = make_health(seconds_since_progress=30, lag={0: 5, 1: 0}).liveness()
    assert not ok
    assert detail["status"] == "stalled" and detail["lag"] == 5


def test_idle_worker_without_input_stays_live_however_long_it_waits():
    ok, detail = make_health(seconds_since_progress=3600, lag={0: 0, 1: 0}).liveness()
    assert ok and detail["status"] == "ok"


def test_worker_that_made_progress_recently_is_live_despite_lag():
    ok, _ = make_health(seconds_since_progress=2, lag={0: 500}).liveness()
    assert ok


def test_partition_assignment_restarts_the_stall_clock():
    import asyncio

    health = make_health(seconds_since_progress=30, lag={0: 5})
    assert not health.liveness()[0]
    asyncio.run(health.on_assigned(None))
    assert health.liveness()[0]


class FakeOffsets:
    """An OffsetSource that answers like the broker would after a restart."""

    def __init__(self, committed: dict[int, int], ends: dict[int, int]) -> None:
        self.committed, self.ends, self.reads = committed, ends, 0
        self.records_in_gap: int | None = None  # None: the probe cannot tell
        self.probes = 0

    async def read(self, topic: str, partitions: list[int]) -> tuple[dict[int, int], dict[int, int]]:
        self.reads += 1
        return ({p: self.committed.get(p, -1) for p in partitions}, {p: self.ends[p] for p in partitions})

    async def count_records(self, topic: str, gaps: dict[int, tuple[int, int]]) -> dict[int, int | None]:
        self.probes += 1
        return dict.fromkeys(gaps, self.records_in_gap)

    async def close(self) -> None:
        pass


def _assigned_app(partitions: list[int]) -> SimpleNamespace:
    tps = [SimpleNamespace(topic="news.articles", partition=p) for p in partitions]
    consumer = SimpleNamespace(assignment=lambda: tps, highwater=lambda tp: None)
    return SimpleNamespace(consumer=consumer, monitor=SimpleNamespace(tp_committed_offsets={}))


def _broker_health(
    offsets: FakeOffsets, partitions: list[int], *, idle_s: float = 0.0, stall_timeout_s: float = 10.0
) -> Health:
    """A Health that reads `offsets` for the assigned `partitions`, last progress `idle_s` ago."""
    processor = SimpleNamespace(last_progress=time.monotonic() - idle_s, acked={})
    return Health(
        app=_assigned_app(partitions),
        processor=processor,  # type: ignore[arg-type]
        input_topic="news.articles",
        stall_timeout_s=stall_timeout_s,
        offsets=offsets,
    )


def _assign(health: Health) -> None:
    """Run a partition assignment and wait for the offsets it reads."""
    import asyncio

    async def assign() -> None:
        await health.on_assigned(None)
        await health.wait_refreshed()

    asyncio.run(assign())


def test_lag_after_a_restart_comes_from_the_groups_committed_offsets_not_zero():
    import asyncio

    offsets = FakeOffsets(committed={0: 40, 1: 7}, ends={0: 40, 1: 8})
    health = _broker_health(offsets, [0, 1], idle_s=600)
    _assign(health)
    assert offsets.reads == 1, "offsets are read at assignment"
    assert health.lag == {0: 0, 1: 1}
    offsets.committed[1] = 8
    asyncio.run(health.refresh())
    assert health.lag == {0: 0, 1: 0}
    health.processor.last_progress = time.monotonic() - 600
    assert health.liveness()[0], "an idle, fully committed worker is live"


def test_partition_whose_offsets_are_unknown_is_left_out_of_the_lag():
    import asyncio

    class Failing(FakeOffsets):
        async def read(self, topic: str, partitions: list[int]) -> tuple[dict[int, int], dict[int, int]]:
            raise OSError("broker away")

    health = _broker_health(Failing({}, {}), [0], idle_s=600)
    asyncio.run(health.refresh())
    assert health.lag == {}
    assert health.liveness()[0]


def test_partition_never_committed_by_the_group_counts_from_the_start():
    import asyncio

    health = _broker_health(FakeOffsets({}, {0: 5}), [0])
    asyncio.run(health.refresh())
    assert health.lag == {0: 5}


def test_a_gap_of_transaction_markers_only_is_not_lag_once_idle():
    import asyncio

    offsets = FakeOffsets(committed={0: 10}, ends={0: 11})  # a transactional producer's commit marker at 10
    offsets.records_in_gap = 0
    health = _broker_health(offsets, [0], stall_timeout_s=120.0)
    asyncio.run(health.refresh())
    assert health.lag == {0: 1} and offsets.probes == 0, "just after progress the gap counts: it may be in flight"
    health.processor.last_progress = time.monotonic() - 60
    asyncio.run(health.refresh())
    asyncio.run(health.refresh())
    assert health.lag == {0: 0} and offsets.probes == 1, "probed once per gap"
    assert health.liveness()[0]


def test_a_gap_that_holds_records_counts_records_not_markers_and_fails_liveness_when_stuck():
    import asyncio

    offsets = FakeOffsets(committed={0: 10}, ends={0: 12})  # a marker at 10, one record at 11
    offsets.records_in_gap = 1
    health = _broker_health(offsets, [0], idle_s=600, stall_timeout_s=120.0)
    asyncio.run(health.refresh())
    assert health.lag == {0: 1}
    assert not health.liveness()[0]


def test_gap_of_markers_is_probed_at_assignment_without_waiting():

    offsets = FakeOffsets(committed={0: 10, 1: 4}, ends={0: 11, 1: 4})
    offsets.records_in_gap = 0
    health = _broker_health(offsets, [0, 1], stall_timeout_s=120.0)
    _assign(health)
    assert health.lag == {0: 0, 1: 0} and offsets.probes == 1
