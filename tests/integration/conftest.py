"""Integration fixtures: one real Kafka broker (KRaft, from Maven Central jars) for the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.dev import broker
from tests.support.kafka import Topics, WorkerProcess


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker (pyproject's addopts)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def broker_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kafka")


@pytest.fixture(scope="session")
def kafka(broker_home: Path) -> Iterator[str]:
    """The bootstrap address of a real local broker, started for this test session."""
    with broker.scratch(broker_home) as address:
        yield address


@pytest.fixture
def topics() -> Topics:
    return Topics()


@pytest.fixture
def start_worker(kafka: str, topics: Topics, tmp_path: Path) -> Iterator[object]:
    """Start `python -m service worker` processes on this test's topics; all are stopped afterwards."""
    workers: list[WorkerProcess] = []

    def _start(**env: str) -> WorkerProcess:
        worker = WorkerProcess({**topics.env(kafka), **env}, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker.start())
        return worker

    yield _start
    for worker in workers:
        worker.kill()
