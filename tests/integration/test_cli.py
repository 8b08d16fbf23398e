"""The CLI against the real broker: broker lifecycle, produce/consume, and the quick-start demo."""

from __future__ import annotations

import asyncio
import json

from service.config import Settings
from service.events import EVENT_SCHEMA, schema_errors
from service.exitcodes import ExitCode
from service.stream.topics import ensure_topics
from tests.support.cli import run_cli
from tests.support.kafka import SEED_ARTICLE


def test_broker_start_prints_address_last_and_status_and_stop_find_it_without_flags(tmp_path):
    env = {"LOCAL_BROKER_DIR": str(tmp_path / "kafka")}
    started = run_cli("broker", "start", "--port", "0", env=env)
    assert started.returncode == 0, started.stderr
    address = started.stdout.strip().splitlines()[-1]
    host, port = address.rsplit(":", 1)
    assert host == "127.0.0.1" and port.isdigit()
    try:
        status = run_cli("broker", "status", env=env)
        state = json.loads(status.stdout)
        assert status.returncode == 0 and state["bootstrap"] == address and state["answers_metadata"] is True
        again = run_cli("broker", "start", "--port", "0", env=env)
        assert again.stdout.strip().splitlines()[-1] == address  # idempotent: the running broker
    finally:
        stopped = run_cli("broker", "stop", "--wipe", env=env)
    assert stopped.stdout.strip() == "stopped"
    assert run_cli("broker", "status", env=env).returncode == ExitCode.BROKER_NOT_RUNNING


def test_demo_starts_its_own_broker_and_prints_the_sample_articles_event(tmp_path):
    # DATA_DIR: the demo's worker keeps its state here, not in the system temp directory (left behind).
    env = {"LOCAL_BROKER_DIR": str(tmp_path / "kafka"), "APP_ID": "demo-test", "DATA_DIR": str(tmp_path / "data")}
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    demo = run_cli("demo", env={**env, "KAFKA_BOOTSTRAP_SERVERS": ""})
    assert demo.returncode == 0, demo.stderr[-3000:]
    events = [json.loads(line) for line in demo.stdout.splitlines() if line.startswith("{")]
    assert [e["article_id"] for e in events] == ["wcep-2020-12-20"]
    assert schema_errors(EVENT_SCHEMA, events[0]) == []
    assert not (tmp_path / "kafka" / "kafka.pid").exists(), "demo must stop the broker it started"


def test_produce_then_consume_round_trip_through_the_demo_with_a_running_broker(kafka, topics, tmp_path):
    env = {**topics.env(kafka), "DATA_DIR": str(tmp_path / "data")}
    demo = run_cli("demo", str(SEED_ARTICLE), env=env)
    assert demo.returncode == 0, demo.stderr[-3000:]
    events = [json.loads(line) for line in demo.stdout.splitlines() if line.startswith("{")]
    assert len(events) == 1 and events[0]["article_id"] == "seed_article"
    consumed = run_cli("consume", "--count", "1", "--timeout", "30", env=env)
    assert consumed.returncode == 0
    assert json.loads(consumed.stdout.splitlines()[0])["event_id"] == events[0]["event_id"]


def test_demo_against_a_broker_with_history_prints_only_the_new_event(kafka, topics, tmp_path):
    env = {**topics.env(kafka), "DATA_DIR": str(tmp_path / "data")}
    first = run_cli("demo", env=env)
    second = run_cli("demo", env=env)
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-3000:]
    old, new = (json.loads(run.stdout.splitlines()[0]) for run in (first, second))
    assert old["event_id"] == new["event_id"]  # same article, same deterministic id
    assert new["processed_at"] > old["processed_at"], "the second demo printed the first demo's event"
    assert len(second.stdout.splitlines()) == 1


def test_consume_without_count_says_it_reads_until_its_timeout(kafka, topics):
    names = {"input_topic": topics.input, "output_topic": topics.output, "dlq_topic": topics.dlq}
    asyncio.run(ensure_topics(Settings(kafka_bootstrap_servers=kafka, **names)))
    run = run_cli("consume", "--topic", topics.output, "--timeout", "2", env=topics.env(kafka))
    assert run.returncode == 0, run.stderr[-3000:]
    assert "until --timeout (2 s) has passed (no --count)" in run.stderr
