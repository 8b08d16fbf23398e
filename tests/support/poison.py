"""The poison scenario on the real broker, shared by `test_poison.py` and `bench/poison.py`.

Hostile inputs of every class (`adversarial.py`: size, count, number grammar, regex-hostile text,
thousands of entities, huge numbers, odd Unicode, markup, one enormous sentence, repeated content,
plus record-level extremes) are produced together with ordinary articles over all partitions. The
scenario then waits until every input has an event or a dead letter, polling liveness and sampling
the resident memory of every worker process, and ends with SIGTERM, timed.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tests.support.adversarial import adversarial_bodies, ordinary_articles
from tests.support.kafka import Topics, WorkerProcess, produce, read_all

#: Poison bodies are megabytes: fetch them in few round trips.
LARGE_FETCH = {"fetch_max_bytes": 8_000_000, "max_partition_fetch_bytes": 4_000_000}

#: Dead-letter reasons a hostile but valid article may end with (anything else is a bug).
ACCEPTABLE_FOR_POISON = {"extraction_timeout", "event_too_large", "extraction_crashed", "body_too_large"}
_RSS = re.compile(r'^news_process_resident_memory_bytes\{process="([^"]+)"\} ([0-9.e+]+)$', re.MULTILINE)


@dataclass
class PoisonReport:
    """What the poison scenario measured."""

    ordinary: set[str]
    poison: dict[str, str]  # key -> class name
    events: dict[str, int] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)  # key -> reason
    event_sizes: list[int] = field(default_factory=list)
    truncated_events: int = 0
    liveness_failures: int = 0
    max_rss_mb: dict[str, float] = field(default_factory=dict)
    shutdown_s: float = 0.0
    exit_code: int | None = None
    seconds: float = 0.0
    restarted: bool = False

    @property
    def lost(self) -> list[str]:
        """Inputs with neither an event nor a dead letter."""
        return sorted(k for k in [*self.ordinary, *self.poison] if k not in self.events and k not in self.letters)

    @property
    def stalled(self) -> int:
        """Ordinary articles that did not get an event (held back by a hostile neighbour or dead-lettered)."""
        return sum(1 for k in self.ordinary if k not in self.events)

    def summary(self) -> str:
        worst = max(self.max_rss_mb.values(), default=0.0)
        return f"stalled={self.stalled} lost={len(self.lost)} max_rss_mb={worst:.0f} shutdown_s={self.shutdown_s:.1f}"


def poison_records(
    scale: float, ordinary_copies: int, prefix: str
) -> tuple[list[tuple[bytes, bytes]], set[str], dict[str, str]]:
    """(records, ordinary keys, {poison key: class}); ordinary and hostile records interleaved."""
    ordinary = [article for _ in range(ordinary_copies) for article in ordinary_articles()]
    hostile: list[tuple[str, bytes]] = []
    for name, body in adversarial_bodies(scale=scale).items():
        hostile.append((name, orjson.dumps({"id": f"{prefix}-poison-{name}", "body": body, "title": name})))
    # Record-level extremes: a body one byte over MAX_BODY_BYTES, an enormous title.
    hostile.append(
        ("body-over-limit", orjson.dumps({"id": f"{prefix}-poison-body-over-limit", "body": "x " * 500_001}))
    )
    hostile.append(
        (
            "enormous-title",
            orjson.dumps({"id": f"{prefix}-poison-enormous-title", "body": "Rain in Oslo.", "title": "T" * 400_000}),
        )
    )
    records: list[tuple[bytes, bytes]] = []
    ordinary_keys: set[str] = set()
    poison: dict[str, str] = {}
    step = max(1, len(ordinary) // max(1, len(hostile)))
    for number, article in enumerate(ordinary):
        key = f"{prefix}-ordinary-{number:04d}"
        records.append((key.encode(), orjson.dumps({**article, "id": key})))
        ordinary_keys.add(key)
        if number % step == 0 and hostile:
            name, value = hostile.pop(0)
            key = f"{prefix}-poison-{name}"
            records.append((key.encode(), value))
            poison[key] = name
    for name, value in hostile:
        key = f"{prefix}-poison-{name}"
        records.append((key.encode(), value))
        poison[key] = name
    # A 200 kB record key on a valid article (its event is keyed by the article id).
    huge_key = f"{prefix}-poison-huge-key"
    records.append(((huge_key + "k" * 200_000).encode(), orjson.dumps({"id": huge_key, "body": "Storms hit Manila."})))
    poison[huge_key] = "huge-key"
    return records, ordinary_keys, poison


def sample_rss(worker: WorkerProcess, into: dict[str, float]) -> None:
    """Record the peak resident memory per process (worker, extract-N) from the worker's metrics."""
    try:
        text = worker.metrics()
    except OSError:
        return
    for name, value in _RSS.findall(text):
        into[name] = max(into.get(name, 0.0), float(value) / 2**20)


def run_poison_scenario(
    bootstrap: str,
    workdir: Path,
    *,
    scale: float = 1.0,
    ordinary_copies: int = 4,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
    log: Callable[[str], None] = print,
) -> PoisonReport:
    """Produce the poison mix, wait for every outcome, SIGTERM the worker; returns the measurements."""
    topics = Topics(partitions=4)
    records, ordinary, poison = poison_records(scale, ordinary_copies, topics.suffix)
    report = PoisonReport(ordinary=ordinary, poison=poison)
    worker = WorkerProcess({**topics.env(bootstrap), **(env or {})}, workdir / "poison-worker.log").start()
    started = time.monotonic()
    try:
        worker.wait_ready(timeout=180)
        pid = worker.proc.pid if worker.proc else None
        asyncio.run(produce(bootstrap, topics.input, [(k, v) for k, v in records]))
        log(f"produced {len(records)} records ({len(ordinary)} ordinary, {len(poison)} hostile) to {topics.input}")
        wanted = set(ordinary) | set(poison)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert worker.proc is not None
            if worker.proc.poll() is not None:
                raise AssertionError(f"worker exited with {worker.proc.returncode}:\n{worker.log_tail()}")
            status, _ = worker.get("/health/live")
            report.liveness_failures += status != 200
            sample_rss(worker, report.max_rss_mb)
            _collect(bootstrap, topics, report)
            if wanted <= set(report.events) | set(report.letters):
                break
            time.sleep(2.0)
        report.seconds = time.monotonic() - started
        report.restarted = worker.proc is None or worker.proc.pid != pid
        sample_rss(worker, report.max_rss_mb)
        stop_started = time.monotonic()
        report.exit_code = worker.stop(timeout=60)
        report.shutdown_s = time.monotonic() - stop_started
        _collect(bootstrap, topics, report)
        log(
            f"{len(report.events)} inputs with events, {len(report.letters)} dead letters "
            f"{sorted(set(report.letters.values()))}, liveness failures {report.liveness_failures}, "
            f"rss {report.max_rss_mb}, {report.seconds:.0f}s"
        )
        return report
    finally:
        worker.kill()


def _collect(bootstrap: str, topics: Topics, report: PoisonReport) -> None:
    report.events.clear()
    report.event_sizes = []
    report.truncated_events = 0
    for record in asyncio.run(read_all(bootstrap, topics.output, **LARGE_FETCH)):
        event: dict[str, Any] = orjson.loads(record.value)
        report.events[event["article_id"]] = report.events.get(event["article_id"], 0) + 1
        report.event_sizes.append(len(record.value))
        report.truncated_events += "truncated" in event
    report.letters = {}
    for record in asyncio.run(read_all(bootstrap, topics.dlq, **LARGE_FETCH)):
        letter = orjson.loads(record.value)
        report.letters[letter.get("article_id") or letter["source"]["key"] or ""] = letter["reason"]
