"""Liveness means progress: unhealthy only when input waits and nothing has finished for too long."""

from __future__ import annotations

import time
from types import SimpleNamespace

from service.stream.health import Health


def make_health(seconds_since_progress: float, lag: dict[int, int], stall_timeout_s: float = 10.0) -> Health:
    processor = SimpleNamespace(last_progress=time.monotonic() - seconds_since_progress, acked={})
    health = Health(app=None, processor=processor, input_topic="news.articles",  # type: ignore[arg-type]
                    stall_timeout_s=stall_timeout_s)
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
