"""The worker on a real three-broker cluster (KRaft, 3 brokers + a controller): broker faults under load.

One cluster and one worker for the module; a steady stream of articles runs through every fault
(`tests.support.failover`, the same code as `bench/failover.py`). Each fault must lose nothing and
duplicate at most one batch; the loss of two brokers must pause publishing with the worker live and
saying why, and it must resume by itself.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from aiokafka.admin import NewTopic

from service import kafka_clients
from service.dev.broker import cluster as kafka_cluster
from service.dev.support import wait_for
from tests.support.failover import BATCH_SIZE, FAULTS, WORKER_ENV, FailoverRun
from tests.support.kafka import REPO, Topics, WorkerProcess

#: Longest a fault may take from its start until the lag is 0 again. Measured 4-31 s, and 24-101 s with two
#: brokers down (which includes the pause held on purpose and a backlog of ~300 articles to catch up);
#: the hung broker took up to 159 s on a 2-core machine at load average 6-7, where the lag of four
#: partitions under a steady stream rarely reads exactly 0.
RECOVERY_BOUND_S = 240.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[kafka_cluster.LocalCluster]:
    with kafka_cluster.scratch(tmp_path_factory.mktemp("cluster")) as started:
        yield started


@pytest.fixture(scope="module")
def failover(cluster: kafka_cluster.LocalCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FailoverRun]:
    with FailoverRun(cluster, tmp_path_factory.mktemp("failover")) as run:
        yield run


def test_a_worker_on_topics_with_replication_factor_1_on_three_brokers_warns_in_one_line(cluster, tmp_path):
    topics = Topics()

    async def create_weak_topics() -> None:
        admin = kafka_clients.admin(bootstrap=cluster.bootstrap)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(t, 4, 1) for t in (topics.input, topics.output, topics.dlq)])
        finally:
            await admin.close()

    asyncio.run(create_weak_topics())
    worker = WorkerProcess({**topics.env(cluster.bootstrap), **WORKER_ENV}, tmp_path / "worker.log").start()
    try:

        def check_lines() -> list[str]:
            assert worker.proc.poll() is None, worker.log_tail()
            return [line for line in worker.log_path.read_text().splitlines() if "delivery check:" in line]

        [line] = wait_for(check_lines, 180, "the delivery check line", context=worker.log_tail)
        print(line)
        assert " WARNING " in line
        for name, setting in (
            (topics.input, "INPUT_TOPIC"),
            (topics.output, "OUTPUT_TOPIC"),
            (topics.dlq, "DLQ_TOPIC"),
        ):
            assert f"{name} ({setting}) replication.factor=1" in line
        assert "for 3 brokers" in line
        assert worker.stop() == 0
    finally:
        worker.kill()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", "broker", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _processes_under(path: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(str(path) in part for part in process.info["cmdline"] or ()):
            found.append(process)
    return found


def test_broker_start_nodes_3_status_and_stop_leave_no_process_running(tmp_path):
    home = tmp_path / "cli-cluster"
    started = _cli("start", "--nodes", "3", "--port", "0", "--dir", str(home))
    assert started.returncode == 0, started.stderr
    bootstrap = started.stdout.strip()
    assert bootstrap.count(",") == 2

    status = _cli("status", "--dir", str(home))
    state = json.loads(status.stdout)
    assert status.returncode == 0 and state["complete"] is True
    assert [(n["role"], n["running"]) for n in state["nodes"]] == [("controller", True)] + [("broker", True)] * 3
    assert all(n["answers_metadata"] for n in state["nodes"] if n["role"] == "broker")
    pids = [n["pid"] for n in state["nodes"]]
    assert len(_processes_under(home)) == 4

    stopped = _cli("stop", "--dir", str(home))
    assert stopped.returncode == 0 and stopped.stdout.strip() == "stopped", stopped.stderr
    deadline = time.monotonic() + 10
    while any(psutil.pid_exists(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if psutil.pid_exists(pid)]
    assert _processes_under(home) == []
    assert _cli("status", "--dir", str(home)).returncode == 3  # ExitCode.BROKER_NOT_RUNNING


def test_the_worker_says_in_one_line_that_delivery_survives_a_broker_loss(failover):
    lines = [line for line in failover.worker.log_path.read_text().splitlines() if "delivery check:" in line]
    assert len(lines) == 1, failover.worker.log_tail()
    assert " INFO " in lines[0]
    assert "producer acks=all, idempotent" in lines[0]
    assert "replication factor 3, min.insync.replicas=2 on 3 broker(s)" in lines[0]


@pytest.mark.parametrize("fault", [f for f in FAULTS if f != "two_brokers_down"])
def test_a_broker_fault_under_load_loses_nothing_and_duplicates_at_most_one_batch(failover, fault):
    report = failover.run(fault)
    print(report.line())

    assert report.sent > 0 and report.received > 0
    assert report.lost == 0
    # One batch: each batch's commit is confirmed (or the group has rebalanced) before the next batch
    # starts, and records fetched before a rebalance are not published, so a rebalance repeats at most
    # the batch in flight.
    assert report.duplicates <= BATCH_SIZE
    assert report.recovery_s < RECOVERY_BOUND_S


def test_two_brokers_down_pauses_publishing_with_the_worker_live_saying_why_and_it_resumes_by_itself(failover):
    report = failover.run("two_brokers_down")
    print(report.line())

    notes = report.notes
    assert notes["reason"].startswith("not enough in-sync replicas: "), notes
    assert "min.insync.replicas=2" in notes["reason"]
    assert notes["publish_blocked"] == 1.0  # news_publish_blocked while paused
    assert notes["live_status_after_hold"] == 200  # live all along: a restart would not help
    assert notes["events_while_paused"] == 0
    # There was work to publish during the outage: articles the cluster acknowledged while the worker was
    # held (SIGSTOP, shorter than its session), so it had read none of them when the brokers went.
    assert notes["held_at_kill"] > 0, notes
    assert report.lost == 0
    assert report.duplicates <= BATCH_SIZE
    assert report.recovery_s < RECOVERY_BOUND_S
    assert failover.worker.proc.poll() is None
    assert "publishing resumed after a pause of" in failover.worker.log_path.read_text()
    assert failover.worker.metrics().count("news_publish_blocked 0.0") == 1
