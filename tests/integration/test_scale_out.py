"""Scale-out on Kafka's consumer groups: two workers share four partitions and survive each other."""

from __future__ import annotations

import asyncio
import json
import re

import psutil

from service.dev.support import wait_for
from tests.support.kafka import WCEP_SECTIONS, WorkerProcess, consume, produce


def assigned_partitions(worker: WorkerProcess) -> int:
    match = re.search(r"^news_assigned_partitions (\S+)$", worker.metrics(), re.MULTILINE)
    return int(float(match.group(1))) if match else -1


def events_published(worker: WorkerProcess) -> int:
    match = re.search(r'^news_articles_processed_total\{outcome="event"\} (\S+)$', worker.metrics(), re.MULTILINE)
    return int(float(match.group(1))) if match else -1


def test_two_workers_share_partitions_and_one_takes_over_when_the_other_is_killed(kafka, topics, start_worker):
    env = {"CONSUMER_SESSION_TIMEOUT_S": "10", "BATCH_SIZE": "4", "EXTRACT_PROCESSES": "2"}
    first, second = start_worker(**env), start_worker(**env)
    first.wait_ready(), second.wait_ready()
    # Both must hold a share of the 4 partitions (the gauge is set on assignment and every LAG_REFRESH_S = 2 s).
    wait_for(
        lambda: assigned_partitions(first) == 2 and assigned_partitions(second) == 2,
        60,
        f"a 2+2 split (got {assigned_partitions(first)}+{assigned_partitions(second)})",
    )

    lines = WCEP_SECTIONS.read_text().splitlines()[:200]
    ids = [json.loads(line)["id"] for line in lines]
    asyncio.run(produce(kafka, topics.input, [(i.encode(), line.encode()) for i, line in zip(ids, lines, strict=True)]))
    early = asyncio.run(consume(kafka, topics.output, count=20, timeout=120))
    assert len(early) >= 20, f"only {len(early)} events before the kill\n{first.log_tail()}"
    # Sharing means both publish: each holds two partitions of the spread-out keys.
    wait_for(
        lambda: events_published(first) > 0 and events_published(second) > 0,
        120,
        f"events from both workers (got {events_published(first)} and {events_published(second)})",
    )

    pool = psutil.Process(first.proc.pid).children()
    assert len(pool) == 2, "EXTRACT_PROCESSES=2: two extraction processes per worker"
    first.kill()
    # A kill -9 gives the pool no chance to stop its processes: they must notice and exit by themselves.
    wait_for(
        lambda: not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in pool),
        15,
        "the killed worker's extraction processes to exit",
    )
    wait_for(lambda: assigned_partitions(second) == 4, 60, "the survivor to take all 4 partitions")

    records = asyncio.run(
        consume(
            kafka,
            topics.output,
            count=10**9,
            timeout=180,
            until=lambda recs: {r.key.decode() for r in recs} >= set(ids),
        )
    )
    seen = {r.key.decode() for r in records}
    assert set(ids) <= seen, f"{len(set(ids) - seen)} articles without an event\n{second.log_tail()}"
    duplicates = len(records) - len(seen)
    print(f"scale-out: {len(ids)} articles, {len(records)} events, duplicates={duplicates}")
    assert second.proc.poll() is None
