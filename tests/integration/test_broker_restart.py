"""Scenario 2 of the delivery proof: the broker goes away mid-stream and comes back; the worker carries on.

Uses its own broker (the session broker is shared by other tests), on fixed ports so that it comes back
at the same address with the same data, as a restarted production broker would.
"""

from __future__ import annotations

import asyncio
import time

from service.dev import broker
from service.dev.support import free_port, wait_for
from tests.support.crash import corpus_records, read_keys
from tests.support.kafka import Topics, WorkerProcess, produce, topic_size


def test_worker_reconnects_by_itself_after_a_broker_restart_and_loses_nothing(tmp_path):
    home = tmp_path / "kafka"
    port, controller_port = free_port(), free_port()
    address = broker.start(home, port=port, controller_port=controller_port)
    topics = Topics()
    worker = WorkerProcess({**topics.env(address), "BATCH_SIZE": "16"}, tmp_path / "worker.log").start()
    try:
        worker.wait_ready(timeout=120)
        pid = worker.proc.pid
        records = corpus_records(600, prefix=f"restart-{topics.suffix}")
        asyncio.run(produce(address, topics.input, records))
        wait_for(lambda: asyncio.run(topic_size(address, topics.output)) >= 100, 180, "100 events before the restart")

        down_at = time.monotonic()
        assert broker.stop(home)  # SIGTERM: Kafka's clean shutdown; data kept
        # Stay down until the worker has noticed (its clients fail to connect), so it must reconnect.
        wait_for(
            lambda: "Unable connect" in worker.log_path.read_text(errors="replace"),
            60,
            "the worker to notice the broker is gone",
        )
        assert broker.start(home, port=port, controller_port=controller_port) == address
        down_for = time.monotonic() - down_at

        ids = {key.decode() for key, _ in records}
        asyncio.run(read_keys(address, topics.output, until=lambda counts: ids <= set(counts), timeout=300))
        events = asyncio.run(read_keys(address, topics.output, timeout=60))
        lost = sorted(ids - set(events))
        duplicates = sum(count - 1 for key, count in events.items() if key in ids)
        print(f"broker restart: down {down_for:.1f}s, lost={len(lost)} duplicates={duplicates}")

        assert lost == [], worker.log_tail()
        assert worker.proc.poll() is None and worker.proc.pid == pid  # reconnected, not restarted
        assert worker.stop() == 0
    finally:
        worker.kill()
        broker.stop(home, wipe=True)
