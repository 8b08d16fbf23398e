"""The crash proof for `bench/crash_test.py` and `tests/integration/test_crash_recovery.py`.

Produce N corpus articles with unique ids, let a real worker process publish
about `kill_after` events, `kill -9` it, start a fresh one, wait until every id has an event, stop it
with SIGTERM and count events per id on the output topic (read_committed, so records of a transaction
that the killed worker left open are not counted: that is what an exactly-once consumer sees).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import signal
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from service.dev.support import wait_for
from service.kafka_io import read_topic, started_consumer
from tests.support.kafka import WCEP_SECTIONS, Topics, WorkerProcess, produce, topic_size

#: In-repo default (a sample); the full corpus is ../shared/corpus/wcep_sections.jsonl.
CORPUS = WCEP_SECTIONS


def corpus_records(count: int, prefix: str, corpus: Path | Sequence[Path] = CORPUS) -> list[tuple[bytes, bytes]]:
    """`count` (key, value) article records from the corpus file(s), repeated as needed, each with a unique id."""
    paths = [corpus] if isinstance(corpus, Path) else list(corpus)
    lines = [
        json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    records = []
    for number, article in zip(range(count), itertools.cycle(lines), strict=False):
        article_id = f"{prefix}-{number:06d}"
        records.append((article_id.encode(), json.dumps({**article, "id": article_id}).encode()))
    return records


async def read_keys(
    bootstrap: str, topic: str, *, until: Callable[[Counter[str]], bool] | None = None, timeout: float = 60.0
) -> Counter[str]:
    """Count records per key on `topic` as a read_committed consumer sees them.

    Reads up to the end offsets taken when called, or, with `until`, until `until(counts)` holds.
    Returns what was read when the deadline passes.
    """
    consumer = await started_consumer(bootstrap, read_committed=True)
    counts: Counter[str] = Counter()
    try:
        async for record in read_topic(consumer, topic, to_end=until is None, timeout=timeout):
            counts[(record.key or b"").decode(errors="replace")] += 1
            if until is not None and until(counts):
                break
    finally:
        await consumer.stop()
    return counts


@dataclass
class CrashReport:
    """What the crash scenario measured."""

    ids: list[str]
    events: Counter[str]
    dead_letters: Counter[str]
    events_before_kill: int
    restart_exit_code: int | None
    #: Exit code of the first worker: -9 after kill -9, its own code after SIGTERM.
    first_exit_code: int | None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def lost(self) -> list[str]:
        """Input ids with neither an event nor a dead letter."""
        return [i for i in self.ids if self.events[i] == 0 and self.dead_letters[i] == 0]

    @property
    def duplicates(self) -> int:
        """Events beyond the first per id, summed."""
        return sum(max(0, self.events[i] - 1) for i in self.ids)

    def histogram(self) -> dict[int, int]:
        """{events per id: number of ids}."""
        return dict(sorted(Counter(self.events[i] for i in self.ids).items()))


def run_crash_scenario(
    bootstrap: str,
    workdir: Path,
    *,
    articles: int = 1000,
    kill_after: int = 200,
    guarantee: str = "at_least_once",
    batch_size: int = 16,
    partitions: int = 4,
    timeout: float = 600.0,
    log: Callable[[str], None] = print,
    extra_env: dict[str, str] | None = None,
    interrupt: str = "kill",
    corpus: Path | Sequence[Path] = CORPUS,
) -> CrashReport:
    """Produce, kill -9 the worker after ~`kill_after` events, restart it, and count events per id.

    `interrupt="term"` sends SIGTERM instead (the graceful shutdown path) and waits for the exit;
    `interrupt="ctrl-c"` sends SIGINT to the worker and every process it started, as a terminal does.
    """
    topics = Topics(partitions=partitions)
    env = {
        **topics.env(bootstrap),
        "BATCH_SIZE": str(batch_size),
        "PROCESSING_GUARANTEE": guarantee,
        **(extra_env or {}),
    }
    records = corpus_records(articles, prefix=f"crash-{topics.suffix}", corpus=corpus)
    ids = [key.decode() for key, _ in records]
    seconds: dict[str, float] = {}
    started = time.monotonic()

    first = WorkerProcess(env, workdir / "worker-1.log").start()
    second: WorkerProcess | None = None
    try:
        seconds["first_ready"] = first.wait_ready(timeout=120)
        asyncio.run(produce(bootstrap, topics.input, records))
        log(
            f"produced {len(records)} articles to {topics.input} ({guarantee}, BATCH_SIZE={batch_size}, "
            f"{partitions} partitions)"
        )

        def first_published_enough() -> bool:
            assert first.proc is not None
            if first.proc.poll() is not None:
                raise AssertionError(f"worker exited early with {first.proc.returncode}:\n{first.log_tail()}")
            return asyncio.run(topic_size(bootstrap, topics.output)) >= kill_after

        wait_for(first_published_enough, timeout, f"{kill_after} events from the first worker")
        if interrupt in ("term", "ctrl-c"):
            stop_started = time.monotonic()
            if interrupt == "ctrl-c":  # a terminal's Ctrl-C: SIGINT to the worker and its pool processes
                assert first.proc is not None
                worker_process = psutil.Process(first.proc.pid)
                for process in [worker_process, *worker_process.children(recursive=True)]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        process.send_signal(signal.SIGINT)
                first_exit = first.proc.wait(timeout=60)
            else:
                first_exit = first.stop(timeout=60)
            seconds["first_stop"] = time.monotonic() - stop_started
        else:
            first.kill()
            first_exit = first.proc.returncode if first.proc else None
        before = asyncio.run(topic_size(bootstrap, topics.output))
        how = {"term": "SIGTERM", "ctrl-c": "Ctrl-C"}.get(interrupt, "kill -9")
        log(f"{how} after {before} events on {topics.output} (exit code {first_exit})")

        second = WorkerProcess(env, workdir / "worker-2.log").start()
        seconds["second_ready"] = second.wait_ready(timeout=120)
        wanted = set(ids)
        asyncio.run(read_keys(bootstrap, topics.output, until=lambda counts: wanted <= set(counts), timeout=timeout))
        exit_code = second.stop()
        events = asyncio.run(read_keys(bootstrap, topics.output, timeout=120))
        letters = asyncio.run(read_keys(bootstrap, topics.dlq, timeout=30))
        seconds["total"] = time.monotonic() - started
        return CrashReport(ids, events, letters, before, exit_code, first_exit, seconds)
    finally:
        first.kill()
        if second is not None:
            second.kill()
