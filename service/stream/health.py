"""Liveness that means progress, readiness, consumer lag and commit progress.

Liveness fails when input is waiting (lag > 0) but no batch has finished for `stall_timeout_s`: the
"Has not committed TP" stall Faust users report, where the process is up but the consumer is stuck.
A restart by the orchestrator is the right remedy then. An idle worker (lag 0) stays live.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

import faust

from service import metrics

if TYPE_CHECKING:
    from service.stream.processor import BatchProcessor


class Health:
    """Computes lag per assigned input partition and answers the health endpoints."""

    def __init__(self, app: faust.App, processor: BatchProcessor, *, input_topic: str,
                 stall_timeout_s: float) -> None:
        self.app = app
        self.processor = processor
        self.input_topic = input_topic
        self.stall_timeout_s = stall_timeout_s
        self.lag: dict[int, int] = {}
        self.committed: dict[int, int] = {}
        self.assigned_at: float | None = None
        self._labelled: set[int] = set()

    async def on_assigned(self, sender: Any, *args: Any, **kwargs: Any) -> None:
        """Signal receiver for partition assignment: restarts the stall clock."""
        self.assigned_at = time.monotonic()
        self.processor.last_progress = time.monotonic()

    def _input_partitions(self) -> list[Any]:
        with contextlib.suppress(Exception):
            return [tp for tp in self.app.consumer.assignment() if tp.topic == self.input_topic]
        return []

    async def refresh(self) -> None:
        """Update lag, assignment and readiness gauges (called by a timer)."""
        # Faust's own monitor records every commit (Kafka semantics: the next offset to read).
        for tp, offset in self.app.monitor.tp_committed_offsets.items():
            if tp.topic == self.input_topic and offset is not None:
                self.committed[tp.partition] = offset
                metrics.COMMITTED_OFFSET.labels(tp.topic, str(tp.partition)).set(offset)
        tps = self._input_partitions()
        lag: dict[int, int] = {}
        for tp in tps:
            try:
                highwater = self.app.consumer.highwater(tp)
            except Exception:  # noqa: BLE001, S112 - not fetched yet after a rebalance
                continue
            if highwater is None:
                continue
            lag[tp.partition] = max(0, int(highwater) - self._processed_up_to(tp.partition))
        self.lag = lag
        for partition in self._labelled - set(lag):
            with contextlib.suppress(KeyError):
                metrics.CONSUMER_LAG.remove(self.input_topic, str(partition))
        for partition, value in lag.items():
            metrics.CONSUMER_LAG.labels(self.input_topic, str(partition)).set(value)
        self._labelled = set(lag)
        metrics.ASSIGNED_PARTITIONS.set(len(tps))
        metrics.READY.set(1 if self.readiness()[0] else 0)

    def _processed_up_to(self, partition: int) -> int:
        """The next offset to process: the committed offset, or the highest acked one after it."""
        committed = self.committed.get(partition, 0)
        acked = self.processor.acked.get(partition)
        return max(committed, acked + 1 if acked is not None else 0)

    def liveness(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, detail): unhealthy when input waits and nothing finished for too long."""
        idle_for = time.monotonic() - self.processor.last_progress
        waiting = sum(self.lag.values())
        # A batch in flight within its bound (time budget per article, publish retry time) is slow, not stuck.
        busy_until = getattr(self.processor, "busy_until", None)
        stalled = waiting > 0 and idle_for > self.stall_timeout_s and not (
            busy_until is not None and time.monotonic() < busy_until)
        return not stalled, {"status": "stalled" if stalled else "ok", "lag": waiting,
                             "seconds_since_progress": round(idle_for, 1)}

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """(ready, detail): ready when the model is loaded and input partitions are assigned."""
        partitions = len(self._input_partitions())
        ready = partitions > 0
        return ready, {"status": "ready" if ready else "waiting for partitions", "model_loaded": True,
                       "assigned_partitions": partitions}
