"""The Kafka security settings on real brokers that demand SASL, TLS or both; no secrets or bodies in the log."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from service.config import Settings
from service.dev import broker
from service.dev.broker.certs import create_authority, issue_server_keystore
from service.stream.topics import ensure_topics
from tests.support.cli import run_cli
from tests.support.kafka import REPO, Topics, WorkerProcess, consume, produce

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
    return {
        "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM": mechanism,
        "KAFKA_SASL_USERNAME": USER,
        "KAFKA_SASL_PASSWORD": password,
    }


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_settings_authenticate_with_every_sasl_mechanism(sasl_broker, mechanism, monkeypatch):
    topics = Topics(partitions=1)
    for name, value in {**topics.env(sasl_broker), **sasl_env(mechanism)}.items():
        monkeypatch.setenv(name, value)
    asyncio.run(ensure_topics(Settings.from_env()))  # an admin round trip: fails unless authenticated


def test_worker_on_a_sasl_broker_processes_articles_and_logs_neither_bodies_nor_the_password(
    sasl_broker, tmp_path: Path
):
    topics = Topics()
    worker = WorkerProcess({**topics.env(sasl_broker), **sasl_env("SCRAM-SHA-512")}, tmp_path / "worker.log").start()
    try:
        worker.wait_ready(timeout=120)
        auth = {
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": "SCRAM-SHA-512",
            "sasl_plain_username": USER,
            "sasl_plain_password": SECRET,
        }
        body = f"Flooding closed roads in Manila on Sunday, officials said. {BODY_MARKER}"
        asyncio.run(
            produce(
                sasl_broker,
                topics.input,
                [
                    (b"s1", orjson.dumps({"id": "s1", "body": body})),
                    (b"s2", f"{{not json {BODY_MARKER}".encode()),
                ],
                **auth,
            )
        )
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
    worker = WorkerProcess(
        {**topics.env(sasl_broker), **sasl_env("SCRAM-SHA-256", password="not-the-password")}, tmp_path / "worker.log"
    ).start()
    try:
        assert worker.proc.wait(timeout=120) == 2
        log = worker.log_path.read_text(errors="replace")
        assert "Authentication failed" in log, log[-3000:]
        assert "cannot connect to Kafka" in log and "KAFKA_SASL_*" in log
        assert "Traceback" not in log
        assert "not-the-password" not in log
    finally:
        worker.kill()


# --- TLS: SSL and SASL_SSL with CA verification -------------------------------------------------


@dataclass(frozen=True)
class TlsBrokers:
    ca: Path  # the CA that signed every broker certificate below
    ssl: str  # SSL listener, certificate for localhost and 127.0.0.1 (started with `broker start --tls`)
    sasl_ssl: str  # SASL_SSL listener, same CA and host names
    ssl_home: Path


@pytest.fixture(scope="module")
def tls_brokers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsBrokers]:
    ssl_home = tmp_path_factory.mktemp("ssl-kafka")
    started = run_cli("broker", "start", "--tls", "--port", "0", "--dir", str(ssl_home))
    assert started.returncode == 0, started.stderr[-3000:]
    ca = create_authority(ssl_home / "tls")  # the CA the command made (and named in its log)
    assert f"KAFKA_SSL_CAFILE={ca.certificate}" in started.stderr
    state = json.loads(run_cli("broker", "status", "--dir", str(ssl_home)).stdout)
    assert state["answers_metadata"] is True, state  # probed on the plaintext INTERNAL listener
    sasl_home = tmp_path_factory.mktemp("sasl-ssl-kafka")
    try:
        keystore = issue_server_keystore(ca, sasl_home / "tls", ["localhost", "127.0.0.1"])
        sasl_ssl = broker.start(sasl_home, port=0, sasl_users={USER: SECRET}, tls=keystore)
        try:
            yield TlsBrokers(ca.certificate, started.stdout.strip().splitlines()[-1], sasl_ssl, ssl_home)
        finally:
            broker.stop(sasl_home, wipe=True)
    finally:
        broker.stop(ssl_home, wipe=True)


def tls_env(brokers: TlsBrokers, protocol: str) -> dict[str, str]:
    if protocol == "SSL":
        return {
            "KAFKA_BOOTSTRAP_SERVERS": brokers.ssl,
            "KAFKA_SECURITY_PROTOCOL": "SSL",
            "KAFKA_SSL_CAFILE": str(brokers.ca),
        }
    return {
        **sasl_env("SCRAM-SHA-256"),
        "KAFKA_BOOTSTRAP_SERVERS": brokers.sasl_ssl,
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SSL_CAFILE": str(brokers.ca),
    }


def only_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr[-3000:]
    return lines[0]


@pytest.mark.parametrize("protocol", ["SSL", "SASL_SSL"])
def test_worker_produce_and_consume_run_over_tls_verifying_the_brokers_certificate(
    tls_brokers, protocol, tmp_path: Path
):
    topics = Topics()
    env = {**topics.env("unused:1"), **tls_env(tls_brokers, protocol)}
    plaintext = subprocess.run(
        [sys.executable, "-c", PLAINTEXT_PROBE, env["KAFKA_BOOTSTRAP_SERVERS"]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert plaintext.stdout.strip() == "refused", plaintext  # the listener really demands TLS
    worker = WorkerProcess(env, tmp_path / "worker.log").start()
    try:
        worker.wait_ready(timeout=180)
        article = tmp_path / "articles.jsonl"
        article.write_text(json.dumps({"id": f"tls-{protocol}", "body": "Floods in Manila killed 3 people."}) + "\n")
        sent = run_cli("produce", str(article), "--quiet", env=env)
        assert sent.returncode == 0, sent.stderr[-3000:]
        received = run_cli("consume", "--count", "1", "--timeout", "90", env=env)
        assert received.returncode == 0, received.stderr[-3000:] + worker.log_tail()
        event = json.loads(received.stdout.splitlines()[0])
        assert event["article_id"] == f"tls-{protocol}"
        assert [c["count_min"] for c in event["casualties"]] == [3]
        assert worker.stop() == 0
        assert SECRET not in worker.log_path.read_text(errors="replace")
    finally:
        worker.kill()


@pytest.mark.parametrize(
    "command", [["consume", "--count", "1", "--timeout", "30"], ["produce", "-", "--quiet"], ["worker"]]
)
@pytest.mark.parametrize("protocol", ["SSL", "SASL_SSL"])
def test_certificate_from_an_untrusted_ca_stops_every_command_with_one_line_naming_kafka_ssl_cafile(
    tls_brokers, protocol, command, tmp_path: Path
):
    stranger = create_authority(tmp_path / "stranger", name="someone else's CA")
    env = {**Topics().env("unused:1"), **tls_env(tls_brokers, protocol), "KAFKA_SSL_CAFILE": str(stranger.certificate)}
    run = run_cli(*command, env=env, stdin='{"id": "x", "body": "text"}\n')
    assert run.returncode == 2, run.stderr[-3000:]
    line = only_line(run.stderr)
    assert f"KAFKA_SSL_CAFILE={stranger.certificate} does not trust" in line
    assert "set KAFKA_SSL_CAFILE to the PEM file of the CA that signed the broker's certificate" in line
    assert SECRET not in run.stderr


def test_certificate_for_another_host_stops_with_one_line_naming_kafka_bootstrap_servers(tls_brokers, tmp_path: Path):
    ca = create_authority(tls_brokers.ssl_home / "tls")
    home = tmp_path / "kafka"
    keystore = issue_server_keystore(ca, home / "tls", ["kafka.example.invalid"])  # trusted CA, wrong name
    address = broker.start(home, port=0, tls=keystore)
    try:
        env = {
            "KAFKA_BOOTSTRAP_SERVERS": address,
            "KAFKA_SECURITY_PROTOCOL": "SSL",
            "KAFKA_SSL_CAFILE": str(ca.certificate),
        }
        for command in (["consume", "--count", "1", "--timeout", "30"], ["worker"]):
            run = run_cli(*command, env=env)
            assert run.returncode == 2, run.stderr[-3000:]
            line = only_line(run.stderr)
            assert f"the certificate of the Kafka broker at {address} is not valid for '127.0.0.1'" in line
            assert "KAFKA_BOOTSTRAP_SERVERS" in line
    finally:
        broker.stop(home, wipe=True)


def test_missing_ca_file_is_one_line_naming_the_variable_and_the_path(tls_brokers, tmp_path: Path):
    missing = tmp_path / "no-such-ca.pem"
    env = {**tls_env(tls_brokers, "SSL"), "KAFKA_SSL_CAFILE": str(missing)}
    run = run_cli("consume", "--count", "1", "--timeout", "30", env=env)
    assert run.returncode == 2
    assert f"KAFKA_SSL_CAFILE={missing}" in only_line(run.stderr)


# A plaintext Kafka client against the TLS listener: must not get an answer.
PLAINTEXT_PROBE = """
import asyncio, sys
from service import kafka_clients
async def main():
    admin = kafka_clients.admin(bootstrap=sys.argv[1], request_timeout_ms=3000)
    try:
        await asyncio.wait_for(admin.start(), 20)
        print("answered")
    except Exception:
        print("refused")
    finally:
        try:
            await admin.close()
        except Exception:
            pass
asyncio.run(main())
"""
