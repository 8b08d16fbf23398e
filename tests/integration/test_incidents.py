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


def test_incident_records_over_the_topics_size_limit_are_published_truncated_and_nothing_stops(
    kafka, topics, start_worker
):
    # One shooting reported nine times (its three reports, then the last one again under six new ids): its
    # record grows by ~85 bytes per linked article (468 bytes with one, 1,156 with nine). Once the worker
    # runs (it bounds records to the limits it read at start), the incidents topic is set to take batches
    # of at most 950 bytes (a record and ~90 bytes of batch framing), so records of six or more articles
    # are refused for good; the stage must publish them cut and flagged `truncated`, renew its producer
    # (aiokafka's sequence breaks on a refused batch), keep every figure, and commit the input and link
    # offsets to the end.
    from aiokafka.admin import NewTopic
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    from service import kafka_clients
    from service.events import schema_errors

    started = time.monotonic()
    incidents_topic = f"incidents-{topics.suffix}"
    limit = 950

    async def create() -> None:
        admin = kafka_clients.admin(bootstrap=kafka)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(incidents_topic, topics.partitions, 1)])
        finally:
            await admin.close()

    async def lower_the_limit() -> None:
        admin = kafka_clients.admin(bootstrap=kafka)
        await admin.start()
        try:
            configs = {"max.message.bytes": str(limit)}
            await admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, incidents_topic, configs)])
        finally:
            await admin.close()

    asyncio.run(create())
    reports = [a for a in _articles() if a["id"].startswith("inc-0-")]
    assert len(reports) == 3
    repeats = [
        {**reports[2], "id": f"inc-0-r{i}", "published_at": reports[2]["published_at"][:14] + f"{10 + i}:00Z"}
        for i in range(6)
    ]
    articles = reports + repeats
    worker = start_worker(INCIDENTS_ENABLED="true", INCIDENTS_TOPIC=incidents_topic, BATCH_SIZE="1")
    worker.wait_ready(timeout=120)
    asyncio.run(lower_the_limit())
    asyncio.run(produce(kafka, topics.input, [(b"inc-0", json.dumps(a).encode()) for a in articles]))
    records = _records(kafka, incidents_topic, lambda rs: any(json.loads(r.value)["updates"] >= 9 for r in rs), 150)
    latest = max(records, key=lambda r: r["updates"])
    assert latest["updates"] == latest["article_count"] == 9, worker.log_tail()
    assert latest["truncated"] is True and latest["killed"] == 1
    listed = [a["article_id"] for a in latest["articles"]]
    assert listed[0] == "inc-0-a" and listed[-1] == "inc-0-r5" and len(listed) < 9  # first and latest kept
    assert all(schema_errors("incident.v1", r) == [] for r in records)
    assert {r["updates"] for r in records} >= set(range(1, 10))  # no update lost to a refusal
    assert all(r.get("truncated") is True for r in records if r["updates"] >= 6)
    on_topic = asyncio.run(topic_size(kafka, topics.output))
    events = _records(kafka, topics.output, lambda rs: len(rs) >= on_topic, timeout=30)
    assert {e["article_id"] for e in events} == {a["id"] for a in articles}
    assert {e["incident_id"] for e in events} == {latest["incident_id"]}
    assert worker.proc is not None and worker.proc.poll() is None, worker.log_tail()  # still running
    log = worker.log_path.read_text(errors="replace")
    assert f"{incidents_topic} refused a" in log and "PublishError" not in log
    # No gap: the group's offsets of the input and the links topic reach the end of what was produced.
    links = f"{topics.app_id}-incident-links"

    async def committed_to_the_end() -> bool:
        admin = kafka_clients.admin(bootstrap=kafka)
        await admin.start()
        try:
            offsets = await admin.list_consumer_group_offsets(topics.app_id)
        finally:
            await admin.close()
        done = {t: sum(m.offset for tp, m in offsets.items() if tp.topic == t) for t in (topics.input, links)}
        return done[topics.input] == len(articles) and done[links] == await topic_size(kafka, links)

    deadline = time.monotonic() + 60
    while not asyncio.run(committed_to_the_end()):
        assert time.monotonic() < deadline, f"offsets not committed to the end:\n{worker.log_tail()}"
        time.sleep(0.2)
    assert worker.stop() == 0
    refusals, renewals = log.count(f"{incidents_topic} refused a"), log.count("renewing the producer")
    print(
        f"incident size-limit test: {len(records)} records, {refusals} refused and replaced, "
        f"{renewals} producer renewals, {time.monotonic() - started:.0f}s"
    )
