"""Helpers for integration tests against the real local broker: workers, producing, consuming.

No mocks: a worker is `python -m service worker` in its own process, talking to the real broker.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service import kafka_clients
from service.dev.support import free_port
from service.kafka_io import end_offsets, read_all, read_topic, started_consumer

__all__ = ["REPO", "Topics", "WorkerProcess", "consume", "free_port", "produce", "read_all", "topic_size"]

REPO = Path(__file__).resolve().parents[2]
#: Test data shipped with the repository (tests/data/README.md: sources and licences).
DATA = REPO / "tests" / "data"
WCEP_SECTIONS = DATA / "wcep_sections.jsonl"
SEED_ARTICLE = DATA / "seed_article.txt"
WCEP_DAYS = DATA / "wcep_days.jsonl"


@dataclass
class Topics:
    """A unique set of topic names and consumer group for one test, so tests never see each other's data."""

    suffix: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    partitions: int = 4

    @property
    def input(self) -> str:
        return f"articles-{self.suffix}"

    @property
    def output(self) -> str:
        return f"entities-{self.suffix}"

    @property
    def dlq(self) -> str:
        return f"articles-{self.suffix}.dlq"

    @property
    def app_id(self) -> str:
        return f"news-entities-test-{self.suffix}"

    def env(self, bootstrap: str) -> dict[str, str]:
        return {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "INPUT_TOPIC": self.input,
            "OUTPUT_TOPIC": self.output,
            "DLQ_TOPIC": self.dlq,
            "APP_ID": self.app_id,
            "TOPIC_PARTITIONS": str(self.partitions),
        }


class WorkerProcess:
    """`python -m service worker` as a child process with its own web and metrics ports."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.web_port = free_port()
        self.metrics_port = free_port()
        self.log_path = log_path
        self.env = {
            **os.environ,
            **env,
            "WEB_PORT": str(self.web_port),
            "METRICS_PORT": str(self.metrics_port),
            "METRICS_HOST": "127.0.0.1",
            "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
            # Faust's state beside the log, in the test's own temporary directory (pytest prunes old
            # ones), not the default `<temp dir>/<APP_ID>-data`, which every test run left behind.
            # Workers of one app id (a restart, a second worker) still share it, as by default.
            "DATA_DIR": env.get("DATA_DIR")
            or os.environ.get("DATA_DIR")
            or str(log_path.parent / f"{env.get('APP_ID', 'news-entities')}-data"),
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service", "worker"],
            env=self.env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return self

    def get(self, path: str, port: int | None = None) -> tuple[int, bytes]:
        url = f"http://127.0.0.1:{port or self.web_port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Poll /health/ready until 200; return seconds waited. Fails with the worker's log."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if self.get("/health/ready")[0] == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"worker not ready within {timeout}s:\n{self.log_tail()}")

    def metrics(self) -> str:
        return self.get("/metrics", self.metrics_port)[1].decode()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM and wait: the graceful shutdown path. Returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"worker ignored SIGTERM for {timeout}s:\n{self.log_tail()}") from None

    def kill(self) -> None:
        """SIGKILL: a crash with no chance to commit or flush."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


async def produce(
    bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes | None]], **client_options: Any
) -> None:
    """Send (key, value) records and wait for the broker's acks; `client_options` e.g. SASL settings."""
    producer = kafka_clients.producer(
        bootstrap=bootstrap, acks="all", linger_ms=5, max_request_size=3_000_000, **client_options
    )
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key) for key, value in records]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def consume(
    bootstrap: str, topic: str, *, count: int, timeout: float, until: Any = None, **client_options: Any
) -> list[Any]:
    """Read `topic` from the beginning until `count` records (or `until(records)` is true) or the deadline."""
    consumer = await started_consumer(bootstrap, **client_options)
    records: list[Any] = []
    try:
        async for record in read_topic(consumer, topic, timeout=timeout):
            records.append(record)
            if len(records) >= count or (until and until(records)):
                break
    finally:
        await consumer.stop()
    return records


async def topic_size(bootstrap: str, topic: str) -> int:
    """Records on `topic` (sum of high watermarks; counts records of open transactions too)."""
    consumer = await started_consumer(bootstrap)
    try:
        return sum((await end_offsets(consumer, topic)).values())
    finally:
        await consumer.stop()
