"""Liveness tells a long but bounded batch from a stuck worker."""

from __future__ import annotations

import time
from types import SimpleNamespace

from service.stream.health import Health


def health(idle_for: float, busy_for: float | None) -> Health:
    now = time.monotonic()
    processor = SimpleNamespace(
        last_progress=now - idle_for, acked={}, busy_until=None if busy_for is None else now + busy_for
    )
    check = Health(app=None, processor=processor, input_topic="in", stall_timeout_s=120)  # type: ignore[arg-type]
    check.lag = {0: 5}
    return check


def test_input_waiting_and_no_progress_past_the_stall_timeout_is_unhealthy():
    assert health(idle_for=121, busy_for=None).liveness()[0] is False


def test_a_batch_in_flight_within_its_bound_is_slow_not_stuck():
    assert health(idle_for=200, busy_for=60).liveness()[0] is True


def test_a_batch_past_its_bound_is_stuck():
    assert health(idle_for=200, busy_for=-1).liveness()[0] is False


def test_waiting_for_in_sync_replicas_past_every_bound_stays_live_and_says_why():
    check = health(idle_for=600, busy_for=-1)
    check.processor.blocked = "not enough in-sync replicas: out partition 0 has 1 in sync, min.insync.replicas=2"
    live, detail = check.liveness()
    assert live is True
    assert detail["status"] == "publishing paused" and detail["reason"] == check.processor.blocked
