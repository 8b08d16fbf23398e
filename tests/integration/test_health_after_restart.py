"""Health and lag after a restart come from the group's committed offsets on the broker, not from memory.

A worker that restarts on an idle, fully committed topic must report lag 0 and stay live however long
it waits; one new record must show as lag 1 until it is processed.
"""

from __future__ import annotations

import asyncio
import json
import re
import time

from service import kafka_clients
from service.dev.support import wait_for
from tests.support.kafka import produce, topic_size

#: Short, so that the test waits well past it; the default is 120 s.
STALL_TIMEOUT_S = 3.0


def _lag_gauge(metrics_text: str, topic: str) -> dict[int, float]:
    pattern = re.compile(
        r'^news_consumer_lag_messages\{partition="(\d+)",topic="' + re.escape(topic) + r'"\} (\S+)$', re.M
    )
    return {int(p): float(v) for p, v in pattern.findall(metrics_text)}


def _waiting(worker, topic: str) -> float | None:
    """Total lag on the worker's gauge, or None when /metrics did not answer in time (a loaded machine)."""
    try:
        return sum(_lag_gauge(worker.metrics(), topic).values())
    except OSError:
        return None


def _article(article_id: str, sentences: int = 1) -> bytes:
    sentence = (
        "The mayor of Springfield said on Tuesday that three people were injured when a fire broke "
        "out at a warehouse near the river, and the police closed the bridge for the night. "
    )
    return json.dumps({"id": article_id, "body": sentence * sentences}).encode()


async def _produce_in_transaction(bootstrap: str, topic: str, records: list[tuple[bytes, bytes]]) -> None:
    producer = kafka_clients.producer(bootstrap=bootstrap, transactional_id=f"tx-{topic}")
    await producer.start()
    try:
        async with producer.transaction():
            for key, value in records:
                await producer.send(topic, value, key=key)
    finally:
        await producer.stop()


def test_restarted_idle_worker_reports_lag_zero_stays_live_and_counts_one_new_record(kafka, topics, start_worker):
    env = {"STALL_TIMEOUT_S": str(STALL_TIMEOUT_S), "EXTRACT_PROCESSES": "1"}
    first = start_worker(**env)
    first.wait_ready(timeout=120)
    # Records on every partition, so that each partition has a commit the next worker did not make; in
    # one transaction, so that each partition ends with a commit marker (an offset that is no record).
    records = [(f"warm-{i}".encode(), _article(f"warm-{i}")) for i in range(12)]
    asyncio.run(_produce_in_transaction(kafka, topics.input, records))
    wait_for(lambda: asyncio.run(topic_size(kafka, topics.output)) >= len(records), 120, "the first events")
    assert first.stop() == 0  # graceful: everything acknowledged is committed

    second = start_worker(**env)
    second.wait_ready(timeout=120)
    # Idle well past the stall timeout: liveness must never fail, and every partition's lag reads 0.
    deadline = time.monotonic() + STALL_TIMEOUT_S * 3
    statuses = []
    while time.monotonic() < deadline:
        status, body = second.get("/health/live")
        statuses.append(status)
        assert status == 200, f"live answered {status} {body!r} on an idle, fully committed topic"
        time.sleep(0.5)
    lag = _lag_gauge(second.metrics(), topics.input)
    assert lag == {p: 0.0 for p in range(topics.partitions)}, lag
    assert json.loads(second.get("/health/live")[1])["lag"] == 0

    # One record long enough to take seconds to extract: the gauge shows it waiting, then drains.
    asyncio.run(produce(kafka, topics.input, [(b"late", _article("late", sentences=1500))]))
    wait_for(lambda: _waiting(second, topics.input) == 1, 60, "lag 1 for the new record")
    wait_for(lambda: asyncio.run(topic_size(kafka, topics.output)) >= len(records) + 1, 180, "the new event")
    wait_for(lambda: _waiting(second, topics.input) == 0, 30, "lag back to 0")
    assert second.get("/health/live")[0] == 200
    print(f"idle restart: {len(statuses)} liveness checks over {STALL_TIMEOUT_S * 3:.0f}s, all 200")
