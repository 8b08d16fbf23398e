"""The Kafka security settings on a real broker that demands SASL, and no secrets or bodies in the log."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from service import broker
from service.config import Settings
from service.stream.topics import ensure_topics
from tests.integration.kafka import Topics, WorkerProcess, consume, produce

USER = "news-entities"
SECRET = "s3cr3t-WOMBAT-PASSWORD"
BODY_MARKER = "WOMBAT-4417-BODY-MARKER"


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("sasl-kafka")
    address = broker.start(home, port=0, sasl_users={USER: SECRET})
    yield address
    broker.stop(home, wipe=True)


def sasl_env(mechanism: str, password: str = SECRET) -> dict[str, str]:
    return {"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": mechanism,
            "KAFKA_SASL_USERNAME": USER, "KAFKA_SASL_PASSWORD": password}


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_settings_authenticate_with_every_sasl_mechanism(sasl_broker, mechanism, monkeypatch):
    topics = Topics(partitions=1)
    for name, value in {**topics.env(sasl_broker), **sasl_env(mechanism)}.items():
        monkeypatch.setenv(name, value)
    asyncio.run(ensure_topics(Settings.from_env()))  # an admin round trip: fails unless authenticated


def test_worker_on_a_sasl_broker_processes_articles_and_logs_neither_bodies_nor_the_password(sasl_broker,
                                                                                             tmp_path: Path):
    topics = Topics()
    worker = WorkerProcess({**topics.env(sasl_broker), **sasl_env("SCRAM-SHA-512")}, tmp_path / "worker.log").start()
    try:
        worker.wait_ready(timeout=120)
        auth = {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
                "sasl_plain_username": USER, "sasl_plain_password": SECRET}
        body = f"Flooding closed roads in Manila on Sunday, officials said. {BODY_MARKER}"
        asyncio.run(produce(sasl_broker, topics.input, [
            (b"s1", orjson.dumps({"id": "s1", "body": body})),
            (b"s2", f"{{not json {BODY_MARKER}".encode()),
        ], **auth))
        events = asyncio.run(consume(sasl_broker, topics.output, count=1, timeout=60, **auth))
        letters = asyncio.run(consume(sasl_broker, topics.dlq, count=1, timeout=30, **auth))

        assert [json.loads(r.value)["article_id"] for r in events] == ["s1"], worker.log_tail()
        assert [json.loads(r.value)["reason"] for r in letters] == ["invalid_json"]
        assert worker.stop() == 0
        log = worker.log_path.read_text(errors="replace")
        assert SECRET not in log
        assert BODY_MARKER not in log
    finally:
        worker.kill()


def test_wrong_password_stops_the_worker_at_start_with_a_clear_message(sasl_broker, tmp_path: Path):
    topics = Topics()
    worker = WorkerProcess({**topics.env(sasl_broker), **sasl_env("SCRAM-SHA-256", password="not-the-password")},
                           tmp_path / "worker.log").start()
    try:
        assert worker.proc.wait(timeout=120) == 2
        log = worker.log_path.read_text(errors="replace")
        assert "Authentication failed" in log, log[-3000:]
        assert "cannot connect to Kafka" in log and "KAFKA_SASL_*" in log
        assert "Traceback" not in log
        assert "not-the-password" not in log
    finally:
        worker.kill()
