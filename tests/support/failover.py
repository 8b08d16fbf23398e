"""Broker faults on the real three-broker cluster, under a steady stream of articles, measured per fault.

Shared by `tests/integration/test_failover.py` and `bench/failover.py`: one worker process
(`python -m service worker`) runs for the whole sequence; a producer thread sends articles with unique
ids at a steady rate (acks=all, idempotent, like an upstream newsroom feed); a reader thread records
when each event or dead letter arrives; a monitor thread samples the group's lag from the broker.
Each fault starts on a healthy cluster (every broker up, every partition fully in sync, lag 0) and ends
healed the same way. For each fault the report gives: articles sent (acknowledged by the cluster)
during it; events received for them (events and dead letters, copies included, so received = sent -
lost + their duplicates); lost (sent, no event and no dead letter); duplicates (every event that
arrived since the previous fault's report for an article that already had one, whenever that article
was sent: a batch re-read because of the fault may hold articles sent just before it); the longest
pause between events; and the seconds from the fault's start until the lag was 0 again after its last
step.

The faults (`FAULTS`, in the order they run):
  kill_input_leader    kill -9 the broker leading most input partitions (restarted after recovery)
  kill_output_leader   kill -9 the broker leading most output partitions
  kill_coordinator     kill -9 the consumer group's coordinator
  rolling_restart      SIGTERM and restart each broker in turn, each back in sync before the next goes
  hung_broker          SIGSTOP the output leader for longer than the session and request timeouts, SIGCONT
  two_brokers_down     articles the worker has not read yet, then kill -9 two brokers: publishing must
                       pause (not enough in-sync replicas) with the worker live and saying why; one
                       broker restarted: it resumes
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import TopicPartition
from aiokafka.errors import KafkaError

from service import kafka_clients
from service.dev.broker import cluster as kafka_cluster
from service.dev.support import wait_for
from service.kafka_io import topic_partitions
from tests.support.crash import corpus_records
from tests.support.kafka import Topics, WorkerProcess

FAULTS = (
    "kill_input_leader",
    "kill_output_leader",
    "kill_coordinator",
    "rolling_restart",
    "hung_broker",
    "two_brokers_down",
)
BATCH_SIZE = 16
#: Worker settings for fast failure handling (production defaults in brackets): a dead consumer is out of
#: the group after 6 s [30 s], requests to a hung broker fail after 16 s [40 s], produce requests after 5 s
#: [15 s].
WORKER_ENV = {
    "BATCH_SIZE": str(BATCH_SIZE),
    "CONSUMER_SESSION_TIMEOUT_S": "6",
    "PRODUCER_REQUEST_TIMEOUT_S": "5",
    "EXTRACT_PROCESSES": "0",
}
#: How long `hung_broker` keeps the broker stopped: longer than the worker's session (6 s), request
#: (5 s produce, 16 s consume) timeouts and the cluster's fencing (4 s).
HUNG_S = 18.0
#: Articles produced at once in `two_brokers_down` while the worker is held (SIGSTOP), so that it has
#: work it has not read when the brokers go: upstream producers are refused too once the cluster is
#: short, so without articles already acknowledged there could be nothing to publish during the outage.
#: (Waiting for a backlog to build while the worker runs depended on timing: in CI it had caught up.)
BACKLOG = 300
#: How many of them the cluster must have acknowledged before the brokers are killed: one batch.
HELD_MIN = 16
#: Longest the worker is held: with its heartbeat every 2 s, at most 4 s without one, under its 6 s
#: session timeout, so the group does not rebalance (a rejoin needs the offsets topic, which cannot
#: take writes with two brokers down). Sixteen acknowledgements take well under a second here.
HOLD_WORKER_MAX_S = 2.0
#: How long `two_brokers_down` keeps the cluster short after the worker said it paused (seconds).
HOLD_S = 6.0
INTERNAL_TOPICS = ["__consumer_offsets"]


def _loop_thread(name: str, main: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=lambda: asyncio.run(main()), name=name, daemon=True)
    thread.start()
    return thread


class SteadyLoad:
    """Produces articles with unique ids at `rate` per second (plus bursts), acks=all and idempotent."""

    def __init__(self, bootstrap: str, topic: str, prefix: str, rate: float) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.interval = 1.0 / rate
        self._records = iter(corpus_records(200_000, prefix=prefix))
        #: id -> monotonic time its send started, and the time the cluster acknowledged it.
        self.started: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self._burst = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = _loop_thread("steady-load", self._main)

    def burst(self, count: int) -> None:
        """Send `count` articles at once, on top of the steady rate."""
        with self._lock:
            self._burst += count

    def acked_between(self, start: float, end: float) -> list[str]:
        """Ids whose send started in [start, end) and that the cluster acknowledged."""
        with self._lock:
            return [i for i, t in self.started.items() if start <= t < end and i in self.acked]

    def stop(self) -> None:
        """Stop sending and wait (bounded) for the acks still outstanding."""
        self._stop.set()
        self._thread.join(timeout=90)

    async def _main(self) -> None:
        producer = kafka_clients.producer(
            bootstrap=self.bootstrap, enable_idempotence=True, linger_ms=5, request_timeout_ms=5000
        )
        await producer.start()
        pending: set[asyncio.Future[Any]] = set()
        try:
            while not self._stop.is_set():
                with self._lock:
                    count, self._burst = 1 + self._burst, 0
                for _ in range(count):
                    if (ack := await self._send(producer)) is not None:
                        pending.add(ack)
                        ack.add_done_callback(pending.discard)
                await asyncio.sleep(self.interval)
            if pending:
                await asyncio.wait(pending, timeout=60)
        finally:
            await producer.stop()

    async def _send(self, producer: Any) -> asyncio.Future[Any] | None:
        key, value = next(self._records)
        article_id = key.decode()
        with self._lock:
            self.started[article_id] = time.monotonic()
        while not self._stop.is_set():
            try:
                ack = await producer.send(self.topic, value, key=key)
            except KafkaError:  # no leader known yet, or the batch queue full while brokers are down: retry
                await asyncio.sleep(0.2)
                continue

            def done(future: asyncio.Future[Any], article_id: str = article_id) -> None:
                if not future.cancelled() and future.exception() is None:
                    with self._lock:
                        self.acked[article_id] = time.monotonic()

            ack.add_done_callback(done)
            return ack  # type: ignore[no-any-return]
        return None


class EventReader:
    """Reads the output and dead-letter topics from the beginning, recording when each record arrives."""

    def __init__(self, bootstrap: str, topics: list[str]) -> None:
        self.bootstrap = bootstrap
        self.topics = topics
        #: (monotonic arrival time, key) in arrival order, events and dead letters alike.
        self.arrivals: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = _loop_thread("event-reader", self._main)

    def counts(self) -> Counter[str]:
        """Records per key so far."""
        with self._lock:
            return Counter(key for _, key in self.arrivals)

    def times(self) -> list[float]:
        """Arrival times so far."""
        with self._lock:
            return [t for t, _ in self.arrivals]

    def snapshot(self) -> list[tuple[float, str]]:
        """(arrival time, key) so far, in arrival order."""
        with self._lock:
            return list(self.arrivals)

    def stop(self) -> None:
        """Stop reading."""
        self._stop.set()
        self._thread.join(timeout=30)

    async def _main(self) -> None:
        consumer = kafka_clients.consumer(bootstrap=self.bootstrap, max_partition_fetch_bytes=4_000_000)
        await consumer.start()
        await kafka_clients.settle()
        try:
            tps: list[TopicPartition] = []
            for topic in self.topics:
                tps += await topic_partitions(consumer, topic)
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            while not self._stop.is_set():
                batches = await consumer.getmany(timeout_ms=200)
                now = time.monotonic()
                with self._lock:
                    for records in batches.values():
                        self.arrivals += [(now, (r.key or b"").decode()) for r in records]
        finally:
            await consumer.stop()


class LagMonitor:
    """Samples the consumer group's lag on the input topic from the broker, four times a second."""

    def __init__(self, bootstrap: str, group: str, topic: str) -> None:
        self.bootstrap = bootstrap
        self.group = group
        self.topic = topic
        #: (monotonic time, lag or None when the cluster could not tell).
        self.samples: list[tuple[float, int | None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = _loop_thread("lag-monitor", self._main)

    def zero_after(self, since: float) -> float | None:
        """The time of the first lag-0 sample taken at or after `since`, or None."""
        with self._lock:
            return next((t for t, lag in self.samples if t >= since and lag == 0), None)

    def latest(self) -> int | None:
        """The last lag the cluster told, or None."""
        with self._lock:
            return next((lag for _, lag in reversed(self.samples) if lag is not None), None)

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join(timeout=30)

    async def _main(self) -> None:
        admin = kafka_clients.admin(bootstrap=self.bootstrap, request_timeout_ms=3000)
        consumer = kafka_clients.consumer(bootstrap=self.bootstrap, request_timeout_ms=3000)
        await admin.start()
        await consumer.start()
        await kafka_clients.settle()
        try:
            tps = await topic_partitions(consumer, self.topic)
            while not self._stop.is_set():
                lag: int | None
                try:
                    committed = await asyncio.wait_for(admin.list_consumer_group_offsets(self.group, partitions=tps), 3)
                    ends = await asyncio.wait_for(consumer.end_offsets(tps), 3)
                    lag = sum(ends[tp] - max(committed[tp].offset, 0) for tp in tps)
                except (TimeoutError, KafkaError, KeyError):
                    lag = None
                with self._lock:
                    self.samples.append((time.monotonic(), lag))
                await asyncio.sleep(0.25)
        finally:
            await consumer.stop()
            await admin.close()


@dataclass
class FaultReport:
    """What one fault cost."""

    fault: str
    sent: int
    received: int
    lost: int
    duplicates: int
    max_pause_s: float
    recovery_s: float
    notes: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        """One line: the fault, its figures, then its notes."""
        notes = " ".join(f"{k}={json.dumps(v) if isinstance(v, dict | list) else v}" for k, v in self.notes.items())
        return (
            f"{self.fault}: sent={self.sent} received={self.received} lost={self.lost} "
            f"duplicates={self.duplicates} max_pause_s={self.max_pause_s:.1f} recovery_s={self.recovery_s:.1f} {notes}"
        ).rstrip()


def summary(reports: list[FaultReport]) -> str:
    """The last line of `bench/failover.py`: totals, and the worst pause and recovery."""
    return (
        f"lost={sum(r.lost for r in reports)} duplicates={sum(r.duplicates for r in reports)} "
        f"max_pause_s={max((r.max_pause_s for r in reports), default=0):.1f} "
        f"recovery_s={max((r.recovery_s for r in reports), default=0):.1f}"
    )


class FailoverRun:
    """One worker, the steady load, the reader and the lag monitor on a running cluster; `run(fault)` per fault."""

    def __init__(
        self,
        cluster: kafka_cluster.LocalCluster,
        workdir: Path,
        *,
        rate: float = 8.0,
        log: Callable[[str], None] = print,
    ) -> None:
        self.cluster = cluster
        self.bootstrap = cluster.bootstrap
        self.workdir = workdir
        self.rate = rate
        self.log = log
        self.topics = Topics(partitions=4)
        self.worker = WorkerProcess({**self.topics.env(self.bootstrap), **WORKER_ENV}, workdir / "failover-worker.log")
        self.load: SteadyLoad | None = None
        self.reader: EventReader | None = None
        self.lag: LagMonitor | None = None
        #: How many arrivals earlier reports accounted for: a duplicate is counted by the next report.
        self._accounted = 0

    def __enter__(self) -> FailoverRun:
        self.worker.start()
        self.worker.wait_ready(timeout=180)
        self.reader = EventReader(self.bootstrap, [self.topics.output, self.topics.dlq])
        self.load = SteadyLoad(self.bootstrap, self.topics.input, f"failover-{self.topics.suffix}", self.rate)
        self.lag = LagMonitor(self.bootstrap, self.topics.app_id, self.topics.input)
        self._wait_caught_up(time.monotonic(), 120)
        self._accounted = len(self.reader.times())
        return self

    def __exit__(self, *exc: object) -> None:
        for part in (self.load, self.reader, self.lag):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.stop()
        self.worker.kill()

    # -- the parts of a fault -------------------------------------------------------------------------

    def _alive_or_fail(self) -> None:
        assert self.worker.proc is not None
        if self.worker.proc.poll() is not None:
            raise AssertionError(f"the worker exited with {self.worker.proc.returncode}:\n{self.worker.log_tail()}")

    def _wait(self, check: Callable[[], Any], timeout: float, what: str) -> Any:
        def checked() -> Any:
            self._alive_or_fail()
            return check()

        return wait_for(checked, timeout, what, poll=0.25, ignore=(KafkaError, OSError), context=self.worker.log_tail)

    def _wait_caught_up(self, since: float, timeout: float) -> float:
        """Wait for an event of an article sent after `since`, then lag 0; return when lag was 0."""
        assert self.load is not None and self.reader is not None and self.lag is not None
        load, reader, lag = self.load, self.reader, self.lag

        def flowing() -> bool:
            fresh = load.acked_between(since, float("inf"))
            return bool(fresh) and bool(set(fresh) & set(reader.counts()))

        self._wait(flowing, timeout, "events for articles sent after the fault")
        flowing_at = time.monotonic()
        return float(self._wait(lambda: lag.zero_after(flowing_at - 1), timeout, "lag 0"))

    def heal(self, timeout: float = 120.0) -> None:
        """Every broker running and in sync on the service's topics and the group's offsets topic."""
        for node in self.cluster.brokers:
            if node.pid() is None:
                kafka_cluster.start_node(self.cluster, node.node_id)
            else:
                with contextlib.suppress(ProcessLookupError):
                    kafka_cluster.signal_node(self.cluster, node.node_id, signal.SIGCONT)
        topics = [self.topics.input, self.topics.output, self.topics.dlq, *INTERNAL_TOPICS]
        replicas = len(self.cluster.brokers)
        self._wait(
            lambda: not asyncio.run(kafka_cluster.under_replicated(self.bootstrap, topics, replicas)),
            timeout,
            "every partition back in sync",
        )

    def run(self, fault: str) -> FaultReport:
        """Inject `fault` under load, wait for recovery, heal the cluster, and measure."""
        assert self.load is not None and self.reader is not None
        self.heal()
        self._wait_caught_up(time.monotonic() - 1, 120)
        started = time.monotonic()
        before = len(self.reader.times())
        notes = getattr(self, f"_{fault}")()
        injected = time.monotonic()
        recovered = self._wait_caught_up(injected, 240)
        self.heal()
        ended = time.monotonic()
        ids = self.load.acked_between(started, ended)
        try:
            self._wait(lambda: set(ids) <= set(self.reader.counts()), 120, f"an event for every article of {fault}")
        except TimeoutError as exc:
            missing = sorted(set(ids) - set(self.reader.counts()))
            raise TimeoutError(f"{len(missing)} articles of {fault} have no event: {missing[:10]}; {exc}") from None
        arrivals = self.reader.snapshot()
        counts = Counter(key for _, key in arrivals)
        sent = set(ids)
        report = FaultReport(
            fault=fault,
            sent=len(ids),
            received=sum(1 for _, key in arrivals[before:] if key in sent),
            lost=sum(1 for i in ids if counts[i] == 0),
            duplicates=_repeats(arrivals, self._accounted),
            max_pause_s=_longest_gap([t for t, _ in arrivals], started, recovered),
            recovery_s=recovered - started,
            notes=notes,
        )
        self._accounted = len(arrivals)
        self.log(report.line())
        return report

    # -- the faults ----------------------------------------------------------------------------------

    def _busiest_leader(self, topic: str) -> int:
        leaders = asyncio.run(kafka_cluster.partition_leaders(self.bootstrap, topic))
        return Counter(leaders.values()).most_common(1)[0][0]

    def _kill(self, node_id: int) -> None:
        kafka_cluster.signal_node(self.cluster, node_id, signal.SIGKILL)

    def _kill_input_leader(self) -> dict[str, Any]:
        node = self._busiest_leader(self.topics.input)
        self._kill(node)
        return {"killed": node}

    def _kill_output_leader(self) -> dict[str, Any]:
        node = self._busiest_leader(self.topics.output)
        self._kill(node)
        return {"killed": node}

    def _kill_coordinator(self) -> dict[str, Any]:
        node = asyncio.run(kafka_cluster.group_coordinator(self.bootstrap, self.topics.app_id))
        self._kill(node)
        return {"killed": node}

    def _rolling_restart(self) -> dict[str, Any]:
        took = {}
        for node in self.cluster.brokers:
            step = time.monotonic()
            kafka_cluster.stop_node(self.cluster, node.node_id)
            self.heal()  # started again and back in sync before the next one goes
            took[node.node_id] = round(time.monotonic() - step, 1)
        return {"restart_s": took}

    def _hung_broker(self) -> dict[str, Any]:
        node = self._busiest_leader(self.topics.output)
        kafka_cluster.signal_node(self.cluster, node, signal.SIGSTOP)
        try:
            time.sleep(HUNG_S)  # the fault itself is the wait: a broker hung for this long
            self._alive_or_fail()
        finally:
            kafka_cluster.signal_node(self.cluster, node, signal.SIGCONT)
        return {"stopped": node, "stopped_s": HUNG_S}

    def _two_brokers_down(self) -> dict[str, Any]:
        assert self.load is not None and self.reader is not None and self.worker.proc is not None
        load, reader, worker = self.load, self.reader, self.worker.proc
        # The survivor must be in sync on every partition to lead them all (unclean election is off).
        topics = [self.topics.input, self.topics.output, self.topics.dlq, *INTERNAL_TOPICS]
        in_sync = self._wait(
            lambda: asyncio.run(kafka_cluster.in_every_isr(self.bootstrap, topics)), 60, "a broker in every ISR"
        )
        survivor = max(in_sync)
        killed = [node.node_id for node in self.cluster.brokers if node.node_id != survivor]
        # Work the worker has not read when the brokers go, whatever the machine's speed: the worker is
        # held while the cluster acknowledges a burst of articles, the brokers are killed, then it goes on.
        held_from = time.monotonic()
        worker.send_signal(signal.SIGSTOP)
        try:
            load.burst(BACKLOG)
            deadline = held_from + HOLD_WORKER_MAX_S
            while len(load.acked_between(held_from, float("inf"))) < HELD_MIN and time.monotonic() < deadline:
                time.sleep(0.05)
            held = load.acked_between(held_from, float("inf"))
            for node_id in killed:
                self._kill(node_id)
        finally:
            worker.send_signal(signal.SIGCONT)
        held_s = time.monotonic() - held_from

        def paused() -> dict[str, Any] | None:
            status, body = self.worker.get("/health/live")
            detail = json.loads(body)
            return detail if status == 200 and detail.get("status") == "publishing paused" else None

        health = self._wait(paused, 90, "/health/live to say publishing is paused")
        metric = _gauge(self.worker.metrics(), "news_publish_blocked")
        paused_at = time.monotonic()
        arrived = len(reader.times())
        time.sleep(HOLD_S)  # the fault itself: the cluster stays short this long while we watch the worker
        self._alive_or_fail()
        live_status, _ = self.worker.get("/health/live")
        events_while_paused = len(reader.times()) - arrived
        kafka_cluster.start_node(self.cluster, killed[0])
        return {
            "killed": killed,
            # Acknowledged by the cluster while the worker was held: unread by it when the brokers went.
            "held_at_kill": len(held),
            "worker_held_s": round(held_s, 1),
            "reason": health.get("reason"),
            "publish_blocked": metric,
            "live_status_after_hold": live_status,
            "events_while_paused": events_while_paused,
            "paused_s": round(time.monotonic() - paused_at, 1),
        }


def _gauge(metrics: str, name: str) -> float | None:
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def _repeats(arrivals: list[tuple[float, str]], since: int) -> int:
    """How many arrivals from index `since` on are for a key that had arrived before (at any index).

    >>> _repeats([(0, "a"), (1, "b"), (2, "a"), (3, "c"), (4, "c")], since=2)
    2
    """
    seen = {key for _, key in arrivals[:since]}
    repeats = 0
    for _, key in arrivals[since:]:
        if key in seen:
            repeats += 1
        seen.add(key)
    return repeats


def _longest_gap(times: list[float], start: float, end: float) -> float:
    """The longest time without an arrival between `start` and `end` (edges count as arrivals)."""
    inside = sorted(t for t in times if start < t < end)
    marks = [start, *inside, end]
    return max((b - a for a, b in zip(marks, marks[1:], strict=False)), default=0.0)


def run_faults(
    cluster: kafka_cluster.LocalCluster,
    workdir: Path,
    faults: tuple[str, ...] = FAULTS,
    *,
    rate: float = 8.0,
    log: Callable[[str], None] = print,
) -> list[FaultReport]:
    """Run `faults` in order with one worker under a steady load; a report per fault."""
    with FailoverRun(cluster, workdir, rate=rate, log=log) as run:
        return [run.run(fault) for fault in faults]
