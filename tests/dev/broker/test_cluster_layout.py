"""The cluster's files without starting a JVM: what a broker is configured with, and how a cluster home is found."""

from __future__ import annotations

import json
import os
from pathlib import Path

from service.dev.broker import cluster
from service.dev.broker.local import LocalBroker


def properties(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))


def test_brokers_replicate_three_times_with_two_in_sync_and_never_elect_an_unclean_leader(tmp_path):
    broker = properties(cluster._broker_properties(2, 9093, 9999, tmp_path, partitions=4))
    assert broker["process.roles"] == "broker" and broker["node.id"] == "2"
    assert broker["controller.quorum.voters"] == "0@127.0.0.1:9999"
    assert broker["default.replication.factor"] == broker["offsets.topic.replication.factor"] == "3"
    assert broker["min.insync.replicas"] == broker["transaction.state.log.min.isr"] == "2"
    assert broker["unclean.leader.election.enable"] == "false"


def test_the_controller_is_a_quorum_of_its_own_that_fences_silent_brokers_quickly(tmp_path):
    controller = properties(cluster._controller_properties(9999, tmp_path))
    assert controller["process.roles"] == "controller" and controller["node.id"] == "0"
    assert int(controller["broker.session.timeout.ms"]) < 9000  # Kafka's default


def test_a_cluster_home_counts_as_a_running_local_broker_while_any_node_runs(tmp_path: Path):
    home = tmp_path / "kafka"
    for node, pid in ((0, 999_999_999), (1, os.getpid())):
        (home / f"node-{node}").mkdir(parents=True)
        (home / f"node-{node}" / "kafka.pid").write_text(str(pid))
    (home / cluster.CLUSTER_FILE).write_text(json.dumps({"controller_port": 1, "brokers": {"1": 2}}))
    (home / "bootstrap").write_text("127.0.0.1:2")
    assert LocalBroker(home).pid() == os.getpid()
    assert LocalBroker(home).bootstrap() == "127.0.0.1:2"
    (home / "node-1" / "kafka.pid").write_text("999999998")
    assert LocalBroker(home).pid() is None
