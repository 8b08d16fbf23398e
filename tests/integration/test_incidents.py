"""The incident stage on the real broker: kill -9 in the middle of updates, restart, nothing double, nothing lost.

Also that each entity event carries the id of the incident its article is in, duplicates included.

`tests/data/incidents/updates.jsonl`: 8 invented shootings (written for this project), 3 reports each
(hurt, died, arrest with the victim named). Each incident's reports share an input key, so they reach
the worker in publication order, as one outlet's updates do.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

from tests.support.kafka import DATA, REPO, consume, produce, topic_size

UPDATES = DATA / "incidents" / "updates.jsonl"


def _articles() -> list[dict]:
    return [json.loads(line) for line in UPDATES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _records(kafka: str, topic: str, until, timeout: float) -> list[dict]:
    found = asyncio.run(consume(kafka, topic, count=10_000, timeout=timeout, until=until))
    return [json.loads(r.value) for r in found]


def test_kill_9_mid_updates_then_restart_restores_the_table_without_double_counts_or_lost_updates(
    kafka, topics, start_worker
):
    started = time.monotonic()
    incidents_topic = f"incidents-{topics.suffix}"
    env = {"INCIDENTS_ENABLED": "true", "INCIDENTS_TOPIC": incidents_topic, "BATCH_SIZE": "2"}
    articles = _articles()
    first_half, second_half = articles[:12], articles[12:]

    def keyed(rows: list[dict]) -> list[tuple[bytes, bytes]]:
        return [(r["id"].rsplit("-", 1)[0].encode(), json.dumps(r).encode()) for r in rows]

    worker = start_worker(**env)
    worker.wait_ready(timeout=120)
    asyncio.run(produce(kafka, topics.input, keyed(first_half)))
    seen = _records(kafka, incidents_topic, lambda rs: len(rs) >= 4, timeout=90)
    assert len(seen) >= 4, worker.log_tail()
    worker.kill()  # mid-updates: some of the first half linked, the rest in flight or unread
    print(f"killed after {len(seen)} incident records of the first half's 12 articles")

    asyncio.run(produce(kafka, topics.input, keyed(second_half)))
    restarted = start_worker(**env)
    restarted.wait_ready(timeout=120)
    wanted = {a["id"] for a in articles}

    def all_linked(rows) -> bool:
        linked = {a["article_id"] for r in rows for a in json.loads(r.value)["articles"]}
        return wanted <= linked

    records = _records(kafka, incidents_topic, all_linked, timeout=150)
    latest: dict[str, dict] = {}
    for record in records:
        if record["updates"] >= latest.get(record["incident_id"], {"updates": 0})["updates"]:
            latest[record["incident_id"]] = record
    by_group = defaultdict(set)
    for incident in latest.values():
        ids = [a["article_id"] for a in incident["articles"]]
        assert len(ids) == len(set(ids)), f"an article counted twice: {incident}"  # no double count
        assert incident["article_count"] == len(ids) == incident["updates"]
        for article_id in ids:
            by_group[article_id.rsplit("-", 1)[0]].add(incident["incident_id"])
    linked = {a["article_id"] for i in latest.values() for a in i["articles"]}
    assert linked == wanted, f"updates lost: {sorted(wanted - linked)}"  # every article's update published
    assert len(latest) == 8 and all(len(ids) == 1 for ids in by_group.values())
    assert all(i["killed"] == 1 and i["injured"] == 0 for i in latest.values())
    # Each article's event names its incident, also when it was published twice around the crash.
    incident_of = {a["article_id"]: i["incident_id"] for i in latest.values() for a in i["articles"]}
    on_topic = asyncio.run(topic_size(kafka, topics.output))  # every event, duplicates included
    events = _records(kafka, topics.output, lambda rs: len(rs) >= on_topic, timeout=30)
    assert {e["article_id"] for e in events} == wanted
    assert all(e["incident_id"] == incident_of[e["article_id"]] for e in events), events
    # The operator's view: `python -m service incidents` prints the same eight, largest toll first.
    cli = subprocess.run(
        [sys.executable, "-m", "service", "incidents", "--timeout", "20"],
        env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka, "INCIDENTS_TOPIC": incidents_topic},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    printed = [json.loads(line) for line in cli.stdout.splitlines()]
    assert sorted(i["incident_id"] for i in printed) == sorted(latest)
    print(f"incident crash test: {len(records)} records, {len(latest)} incidents, {time.monotonic() - started:.0f}s")


def test_a_rebalance_between_two_workers_moves_incidents_with_their_partitions(kafka, topics, start_worker):
    started = time.monotonic()
    incidents_topic = f"incidents-{topics.suffix}"
    env = {"INCIDENTS_ENABLED": "true", "INCIDENTS_TOPIC": incidents_topic, "CONSUMER_SESSION_TIMEOUT_S": "10"}
    articles = _articles()
    phases = [[a for a in articles if a["id"].endswith(suffix)] for suffix in ("-a", "-b", "-c")]

    def run_phase(rows: list[dict], total: int) -> list[dict]:
        asyncio.run(produce(kafka, topics.input, [(r["id"].encode(), json.dumps(r).encode()) for r in rows]))
        wanted = {r["id"] for r in rows}
        found = _records(
            kafka, incidents_topic, lambda rs: wanted <= {json.loads(r.value)["article_id"] for r in rs}, timeout=120
        )
        assert wanted <= {r["article_id"] for r in found}, f"phase not linked: {sorted(wanted)}"
        return found

    first = start_worker(**env)
    first.wait_ready(timeout=120)
    run_phase(phases[0], 8)  # eight incidents opened, all on the first worker
    second = start_worker(**env)
    second.wait_ready(timeout=120)  # joined: the group rebalanced, some partitions moved to it
    run_phase(phases[1], 16)
    assert first.stop() == 0  # the second worker takes every partition (and the incidents of its table)
    records = run_phase(phases[2], 24)

    latest: dict[str, dict] = {}
    for record in records:
        if record["updates"] >= latest.get(record["incident_id"], {"updates": 0})["updates"]:
            latest[record["incident_id"]] = record
    # The region's partition was on the first worker for phase 1 and is on the second for phase 3, so it
    # moved at the join or at the leave. Had a worker linked without the incidents of a partition it
    # took over, updates would have opened new incidents: there are exactly eight, each with its three
    # reports once.
    assert len(latest) == 8
    for incident in latest.values():
        ids = sorted(a["article_id"] for a in incident["articles"])
        assert len({i.rsplit("-", 1)[0] for i in ids}) == 1 and len(ids) == 3 == incident["updates"]
    print(f"incident rebalance test: {len(records)} records, {time.monotonic() - started:.0f}s")
