"""Liveness that means progress, readiness, consumer lag and commit progress.

Liveness fails when input is waiting (lag > 0) but no batch has finished for `stall_timeout_s`: the
"Has not committed TP" stall Faust users report, where the process is up but the consumer is stuck.
A restart by the orchestrator is the right remedy then. An idle worker (lag 0) stays live.

Lag is the broker's truth, not this process's memory: the group's committed offsets and the input
partitions' end offsets are read from the broker when partitions are assigned and on every refresh
(`BrokerOffsets`). A freshly restarted worker therefore sees the commits its predecessor made and
reports lag 0 on an idle, fully committed topic from its first refresh on. A partition whose offsets
could not be read yet is left out of the lag rather than guessed (a guess of "committed at 0" made
every restart look like a backlog and failed liveness on an idle topic).

Lag counts records, not offsets. A transactional producer (our own `replay`, or an upstream app with
exactly-once) ends each transaction with a control marker that takes an offset but is never delivered,
so the group's commit stops one short of the end offset. A small gap (at assignment, or once nothing
was processed for a while) is read with a probe consumer and its records counted: markers only is lag
0 (otherwise an idle worker would report lag 1 forever and fail liveness).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any, Protocol

import faust

from service import metrics

if TYPE_CHECKING:
    from service.config import Settings
    from service.stream.processor import BatchProcessor

log = logging.getLogger(__name__)

#: Longest wait for one read of committed and end offsets; a slow broker must not hold up a rebalance.
OFFSETS_READ_TIMEOUT_S = 5.0
#: A gap this small between the group's commit and the end may be transaction markers only: probe it.
#: (A transaction adds one marker per partition it wrote; a larger gap is real work in any case.)
MARKER_PROBE_MAX_GAP = 16
#: Probe only when nothing was processed for this long: a gap that is being worked on is real lag.
MARKER_PROBE_IDLE_S = 3.0


class OffsetSource(Protocol):
    """Reads, for some partitions of a topic, the group's committed offsets and the end offsets."""

    async def read(self, topic: str, partitions: list[int]) -> tuple[dict[int, int], dict[int, int]]:
        """(committed, end) per partition; a partition without a commit maps to -1 in `committed`."""
        ...

    async def starts(self, topic: str, partitions: list[int]) -> dict[int, int]:
        """The first offset still in the log, per partition."""
        ...

    async def count_records(self, topic: str, gaps: dict[int, tuple[int, int]]) -> dict[int, int | None]:
        """Per partition, how many records (not control markers) offsets [start, end) hold; None: unknown."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


class BrokerOffsets:
    """`OffsetSource` on the real broker: an admin client (OffsetFetch) and a group-less consumer (ListOffsets).

    Neither client joins the consumer group, so reading never triggers a rebalance.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.group_id = settings.app_id
        self._admin: Any = None
        self._consumer: Any = None
        #: The probe consumer is assigned per call: one `count_records` at a time.
        self._probing = asyncio.Lock()
        self._creating = asyncio.Lock()

    async def _clients(self) -> tuple[Any, Any]:
        from service import kafka_clients

        # One creation at a time: the lag refresh and the commit ledger both read at an assignment.
        async with self._creating:
            if self._admin is None:
                admin = kafka_clients.admin(self.settings)
                await admin.start()
                self._admin = admin
            if self._consumer is None:
                consumer = kafka_clients.consumer(self.settings)
                await consumer.start()
                await kafka_clients.settle()
                self._consumer = consumer
        return self._admin, self._consumer

    async def read(self, topic: str, partitions: list[int]) -> tuple[dict[int, int], dict[int, int]]:
        """Committed offsets of the group and end offsets of `topic`'s `partitions`, from the broker."""
        from aiokafka import TopicPartition

        admin, consumer = await self._clients()
        tps = [TopicPartition(topic, p) for p in partitions]
        committed = await admin.list_consumer_group_offsets(self.group_id, partitions=tps)
        ends = await consumer.end_offsets(tps)
        return (
            {tp.partition: meta.offset for tp, meta in committed.items()},
            {tp.partition: int(offset) for tp, offset in ends.items()},
        )

    async def starts(self, topic: str, partitions: list[int]) -> dict[int, int]:
        """The first offset still in the log of each of `topic`'s `partitions` (where `earliest` starts)."""
        from aiokafka import TopicPartition

        _, consumer = await self._clients()
        starts = await consumer.beginning_offsets([TopicPartition(topic, p) for p in partitions])
        return {tp.partition: int(offset) for tp, offset in starts.items()}

    async def count_records(self, topic: str, gaps: dict[int, tuple[int, int]]) -> dict[int, int | None]:
        """Fetch each (small) gap from its start to its end, for at most a second, and count its records.

        The consumer's position moves past control markers only once they were fetched, so a gap is
        counted once the position reaches its end; a gap not read to the end in time is unknown (None).
        """
        async with self._probing:
            return await self._count_records(topic, gaps)

    async def _count_records(self, topic: str, gaps: dict[int, tuple[int, int]]) -> dict[int, int | None]:
        from aiokafka import TopicPartition

        _, consumer = await self._clients()
        tps = {partition: TopicPartition(topic, partition) for partition in gaps}
        consumer.assign(list(tps.values()))
        for partition, (start, _) in gaps.items():
            consumer.seek(tps[partition], start)
        counts = dict.fromkeys(gaps, 0)
        done: set[int] = set()
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and len(done) < len(gaps):
            batches = await consumer.getmany(timeout_ms=200)
            for partition, (_, end) in gaps.items():
                counts[partition] += sum(1 for record in batches.get(tps[partition], []) if record.offset < end)
                if await consumer.position(tps[partition]) >= end:
                    done.add(partition)
        return {partition: counts[partition] if partition in done else None for partition in gaps}

    async def close(self) -> None:
        """Close both clients (safe to call twice)."""
        admin, consumer, self._admin, self._consumer = self._admin, self._consumer, None, None
        if consumer is not None:
            with contextlib.suppress(Exception):
                await consumer.stop()
        if admin is not None:
            with contextlib.suppress(Exception):
                await admin.close()


class Health:
    """Computes lag per assigned input partition and answers the health endpoints."""

    def __init__(
        self,
        app: faust.App,
        processor: BatchProcessor,
        *,
        input_topic: str,
        stall_timeout_s: float,
        offsets: OffsetSource | None = None,
    ) -> None:
        self.app = app
        self.processor = processor
        self.input_topic = input_topic
        self.stall_timeout_s = stall_timeout_s
        self.offsets = offsets
        self.lag: dict[int, int] = {}
        #: Next offset to read per partition, as committed for the group (broker reads and our own commits).
        self.committed: dict[int, int] = {}
        #: End offset (high watermark) per partition, from the broker.
        self.end_offsets: dict[int, int] = {}
        self.assigned_at: float | None = None
        self._labelled: set[int] = set()
        #: Per partition, the last gap (processed_up_to, end) probed and how many records it held.
        self._probed: dict[int, tuple[tuple[int, int], int]] = {}
        self._refreshing = asyncio.Lock()
        self._assignment_refresh: asyncio.Future[None] | None = None

    async def on_assigned(self, sender: Any, *args: Any, **kwargs: Any) -> None:
        """Signal receiver for partition assignment: restarts the stall clock and reads the group's offsets.

        The read runs as its own task: Faust awaits this receiver inside the rebalance, which a slow
        broker answer must not hold up. `wait_refreshed()` awaits it (tests).
        """
        self.assigned_at = time.monotonic()
        self.processor.last_progress = time.monotonic()
        self._assignment_refresh = asyncio.ensure_future(self.refresh(probe_now=True))

    async def wait_refreshed(self) -> None:
        """Wait for the refresh started by the last assignment, if any."""
        if self._assignment_refresh is not None:
            await self._assignment_refresh

    def _input_partitions(self) -> list[Any]:
        with contextlib.suppress(Exception):
            return [tp for tp in self.app.consumer.assignment() if tp.topic == self.input_topic]
        return []

    async def _read_broker_offsets(self, partitions: list[int]) -> None:
        if self.offsets is None or not partitions:
            return
        try:
            committed, ends = await asyncio.wait_for(
                self.offsets.read(self.input_topic, partitions), OFFSETS_READ_TIMEOUT_S
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - keep the last known offsets; the next refresh retries
            log.debug("reading committed/end offsets failed: %s: %s", type(exc).__name__, exc)
            return
        for partition, offset in committed.items():
            # -1: the group never committed here; with auto_offset_reset=earliest it starts at the log start (0
            # unless retention removed records, when the lag shown is an upper bound).
            self.committed[partition] = max(offset, 0)
        self.end_offsets.update(ends)

    async def refresh(self, probe_now: bool = False) -> None:
        """Update lag, assignment and readiness gauges (called by a timer and on assignment)."""
        async with self._refreshing:  # one at a time: they share the probe client
            await self._refresh(probe_now)

    async def _refresh(self, probe_now: bool) -> None:
        tps = self._input_partitions()
        await self._read_broker_offsets(sorted(tp.partition for tp in tps))
        # Faust's own monitor records every commit this process made since the last broker read.
        with contextlib.suppress(Exception):
            for tp, offset in self.app.monitor.tp_committed_offsets.items():
                if tp.topic == self.input_topic and offset is not None:
                    self.committed[tp.partition] = max(offset, self.committed.get(tp.partition, 0))
        lag: dict[int, int] = {}
        for tp in tps:
            end = self._end_offset(tp)
            processed = self._processed_up_to(tp.partition)
            if end is None or processed is None:
                continue  # unknown: leave it out rather than guess
            lag[tp.partition] = max(0, end - processed)
        await self._discount_markers(lag, probe_now=probe_now)
        self.lag = lag
        for partition, offset in self.committed.items():
            metrics.COMMITTED_OFFSET.labels(self.input_topic, str(partition)).set(offset)
        for partition in self._labelled - set(lag):
            with contextlib.suppress(KeyError):
                metrics.CONSUMER_LAG.remove(self.input_topic, str(partition))
        for partition, value in lag.items():
            metrics.CONSUMER_LAG.labels(self.input_topic, str(partition)).set(value)
        self._labelled = set(lag)
        metrics.ASSIGNED_PARTITIONS.set(len(tps))
        metrics.READY.set(1 if self.readiness()[0] else 0)

    async def _discount_markers(self, lag: dict[int, int], probe_now: bool) -> None:
        """Replace a small gap's offset count by its record count, without transaction markers (once per gap).

        Probed at assignment, and later once nothing was processed for a while (a gap being worked on
        is real lag; not probing it then saves a fetch per refresh).
        """
        gaps: dict[int, tuple[int, int]] = {}
        for partition, waiting in lag.items():
            if not 0 < waiting <= MARKER_PROBE_MAX_GAP:
                continue
            processed = self._processed_up_to(partition)
            assert processed is not None  # lag exists only where it is known
            gap = (processed, processed + waiting)
            known = self._probed.get(partition)
            if known is None or known[0] != gap:
                gaps[partition] = gap
            else:
                lag[partition] = known[1]
        idle_for = time.monotonic() - self.processor.last_progress
        if not gaps or self.offsets is None:
            return
        if not probe_now and idle_for < min(MARKER_PROBE_IDLE_S, self.stall_timeout_s / 2):
            return
        try:
            counts = await asyncio.wait_for(self.offsets.count_records(self.input_topic, gaps), OFFSETS_READ_TIMEOUT_S)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - unknown: keep counting the gaps as lag
            log.debug("probing %s gaps %s failed: %s: %s", self.input_topic, gaps, type(exc).__name__, exc)
            return
        for partition, count in counts.items():
            if count is not None:
                self._probed[partition] = (gaps[partition], count)
                lag[partition] = count

    def _end_offset(self, tp: Any) -> int | None:
        """The newer of the broker's end offset and the consumer's last fetched high watermark."""
        known = [self.end_offsets[tp.partition]] if tp.partition in self.end_offsets else []
        with contextlib.suppress(Exception):
            highwater = self.app.consumer.highwater(tp)
            if highwater is not None:
                known.append(int(highwater))
        return max(known) if known else None

    def _processed_up_to(self, partition: int) -> int | None:
        """The next offset to process: the committed offset, or the highest acked one after it (None: unknown)."""
        committed = self.committed.get(partition)
        acked = self.processor.acked.get(partition)
        if committed is None and acked is None:
            return None
        return max(committed or 0, acked + 1 if acked is not None else 0)

    def liveness(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, detail): unhealthy when input waits and nothing finished for too long."""
        idle_for = time.monotonic() - self.processor.last_progress
        waiting = sum(self.lag.values())
        # A batch in flight within its bound (time budget per article, publish retry time) is slow, not stuck.
        busy_until = getattr(self.processor, "busy_until", None)
        # Waiting for the cluster's in-sync replicas is not a stall: a restart cannot help, the worker resumes
        # by itself, and the reason is in the answer.
        blocked = getattr(self.processor, "blocked", None)
        stalled = (
            waiting > 0
            and idle_for > self.stall_timeout_s
            and blocked is None
            and not (busy_until is not None and time.monotonic() < busy_until)
        )
        detail: dict[str, Any] = {
            "status": "stalled" if stalled else "publishing paused" if blocked else "ok",
            "lag": waiting,
            "seconds_since_progress": round(idle_for, 1),
        }
        if blocked:
            detail["reason"] = blocked
        return not stalled, detail

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """(ready, detail): ready when the model is loaded and input partitions are assigned."""
        partitions = len(self._input_partitions())
        ready = partitions > 0
        return ready, {
            "status": "ready" if ready else "waiting for partitions",
            "model_loaded": True,
            "assigned_partitions": partitions,
        }
