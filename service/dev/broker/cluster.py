"""A real three-broker Kafka cluster (KRaft) from the same Maven Central jars as the single local broker.

`python -m service broker start --nodes 3` runs it for development; the failover tests and
`bench/failover.py` run their faults on it. Production clusters have three or more brokers, topics with
replication factor 3 and `min.insync.replicas=2`, and dedicated controllers: so does this one, in
small. Layout of `home`:

    cluster.json        node ids, ports and roles (written at start; `status`, `stop` and restarts read it)
    bootstrap           the three broker addresses, comma-separated (what clients and the CLI use)
    node-0/             the KRaft controller (process.roles=controller, a quorum of one)
    node-1/ .. node-3/  the brokers (process.roles=broker): server.properties, data/, logs/, kafka.pid

Why a dedicated controller rather than three combined broker+controller nodes: with combined nodes the
loss of two brokers is also the loss of the controller quorum, so no leader can move and no ISR can
shrink; the last broker then times produce requests out instead of answering NOT_ENOUGH_REPLICAS, which
is not what a production cluster (with its own controllers) does. The faults here hit brokers only.

Failure detection is shortened so a fault plays out in seconds, not the production defaults' tens of
seconds (see `_BROKER_TUNING`); heaps are small so that four JVMs fit a 2-core CI machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.dev.broker.local import (
    _LOG4J,
    LocalBroker,
    _alive,
    _answers_metadata,
    _cluster_id,
    _java_cmd,
    _port_open,
    _terminate,
    fetch_jars,
)
from service.dev.support import free_port
from service.errors import BrokerError

log = logging.getLogger(__name__)

CLUSTER_FILE = "cluster.json"
CONTROLLER_ID = 0
#: Three brokers: replication factor 3 with min.insync.replicas=2 survives one broker down and refuses
#: writes (rather than risking them) with two down.
DEFAULT_BROKERS = 3
#: Four JVMs start together on two cores: slower than one broker (4-8 s); measured 15-30 s.
START_TIMEOUT_S = 120.0
#: Heaps (measured stable for the failover tests: 3 brokers + controller, ~1.3 GB resident in all).
BROKER_HEAP = "320m"
CONTROLLER_HEAP = "192m"

#: Broker settings that make failures visible in seconds (production defaults in brackets).
_BROKER_TUNING = """\
# A follower that has not caught up for 10 s leaves the ISR [30 s]; long enough for a follower on a loaded
# 2-core machine (4 s dropped followers during a burst), short enough for the tests. A dead or hung broker
# leaves every ISR sooner: the controller fences it after broker.session.timeout.ms.
replica.lag.time.max.ms=10000
# Heartbeats to the controller every 0.5 s [2 s]; the controller fences a broker silent for 4 s [9 s].
broker.heartbeat.interval.ms=500
# Never elect a leader that may miss acknowledged records.
unclean.leader.election.enable=false
"""


def _broker_properties(node_id: int, port: int, controller_port: int, data_dir: Path, partitions: int) -> str:
    return f"""\
process.roles=broker
node.id={node_id}
controller.quorum.voters={CONTROLLER_ID}@127.0.0.1:{controller_port}
listeners=PLAINTEXT://127.0.0.1:{port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={data_dir}
auto.create.topics.enable=true
num.partitions={partitions}
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.replica.fetchers=1
num.recovery.threads.per.data.dir=1
log.retention.hours=24
{_BROKER_TUNING}"""


def _controller_properties(controller_port: int, data_dir: Path) -> str:
    return f"""\
process.roles=controller
node.id={CONTROLLER_ID}
controller.quorum.voters={CONTROLLER_ID}@127.0.0.1:{controller_port}
listeners=CONTROLLER://127.0.0.1:{controller_port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT
log.dirs={data_dir}
# Fence a broker that missed heartbeats for 4 s [9 s], so its partitions get new leaders quickly.
broker.session.timeout.ms=4000
"""


@dataclass(frozen=True)
class Node:
    """One JVM of the cluster: a broker (id 1..n) or the controller (id 0)."""

    node_id: int
    home: Path
    port: int  # the client port of a broker; the controller's own port for the controller

    @property
    def files(self) -> LocalBroker:
        """Its pid file, log and properties (the same layout as the single local broker)."""
        return LocalBroker(self.home)

    @property
    def is_controller(self) -> bool:
        """True for the KRaft controller."""
        return self.node_id == CONTROLLER_ID

    @property
    def address(self) -> str:
        """host:port of this node's listener."""
        return f"127.0.0.1:{self.port}"

    def pid(self) -> int | None:
        """The JVM's pid if it is alive (a stopped, SIGSTOPped one included), else None."""
        return self.files.pid()


@dataclass(frozen=True)
class LocalCluster:
    """The files and processes of a cluster started by `start` in `home`."""

    home: Path

    @property
    def layout_file(self) -> Path:
        """cluster.json: node ids, ports and roles."""
        return self.home / CLUSTER_FILE

    def exists(self) -> bool:
        """True if a cluster was ever started from `home`."""
        return self.layout_file.exists()

    def _layout(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.layout_file.read_text()))
        except FileNotFoundError:
            raise BrokerError(f"no cluster in {self.home}: start one with `broker start --nodes 3`") from None

    @property
    def controller(self) -> Node:
        """The KRaft controller node."""
        layout = self._layout()
        return Node(CONTROLLER_ID, self.home / f"node-{CONTROLLER_ID}", int(layout["controller_port"]))

    @property
    def brokers(self) -> list[Node]:
        """The broker nodes, by id."""
        return [
            Node(int(node_id), self.home / f"node-{node_id}", int(port))
            for node_id, port in sorted(self._layout()["brokers"].items(), key=lambda item: int(item[0]))
        ]

    def broker(self, node_id: int) -> Node:
        """The broker with this node id."""
        for node in self.brokers:
            if node.node_id == node_id:
                return node
        raise BrokerError(f"the cluster in {self.home} has no broker {node_id}")

    @property
    def bootstrap(self) -> str:
        """Every broker's address, comma-separated: clients find the cluster through any one that answers."""
        return ",".join(node.address for node in self.brokers)

    def nodes(self) -> list[Node]:
        """The controller, then the brokers."""
        return [self.controller, *self.brokers]

    def pids(self) -> dict[int, int | None]:
        """{node id: pid or None} for every node."""
        return {node.node_id: node.pid() for node in self.nodes()}


def _launch(node: Node, heap: str) -> subprocess.Popen[bytes]:
    with node.files.log_file.open("ab") as out:
        proc = subprocess.Popen(
            [*_java_cmd(node.files, heap), "kafka.Kafka", str(node.home / "server.properties")],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    node.files.pid_file.write_text(str(proc.pid))
    return proc


def _format(node: Node, cluster_id: str) -> None:
    props = node.home / "server.properties"
    fmt = subprocess.run(
        [*_java_cmd(node.files, "256m"), "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props)],
        capture_output=True,
        text=True,
        check=False,
    )
    if fmt.returncode != 0:
        raise BrokerError(f"formatting the storage of node {node.node_id} failed:\n{(fmt.stdout + fmt.stderr)[-3000:]}")


def start(
    home: Path, brokers: int = DEFAULT_BROKERS, port: int = 0, partitions: int = 4, timeout_s: float = START_TIMEOUT_S
) -> str:
    """Start a controller and `brokers` brokers from `home`; return the bootstrap address (all brokers).

    Idempotent: nodes already running are kept, stopped ones are started again with their data and ports
    (so a cluster comes back where it was). `port` nonzero puts the brokers on port, port+1, ...;
    0 picks free ports. Returns once every broker answers a metadata request listing all brokers.

    Raises:
        BrokerError: a prerequisite is missing, a port is taken, or a node died or timed out (the
            message carries the tail of its log).

    """
    cluster = LocalCluster(home)
    if not cluster.exists():
        if brokers < 1:
            raise BrokerError("a cluster needs at least one broker")
        fetch_jars()
        ports = [port + i for i in range(brokers)] if port else [free_port() for _ in range(brokers)]
        for taken in (p for p in ports if _port_open("127.0.0.1", p)):
            raise BrokerError(f"port {taken} is already in use; choose another base with --port (or 0 for any)")
        controller_port = free_port()
        home.mkdir(parents=True, exist_ok=True)
        cluster_id = _cluster_id()
        for node_id, node_port in [(CONTROLLER_ID, controller_port), *enumerate(ports, start=1)]:
            node = Node(node_id, home / f"node-{node_id}", node_port)
            (node.home / "logs").mkdir(parents=True, exist_ok=True)
            props = (
                _controller_properties(controller_port, node.home / "data")
                if node.is_controller
                else _broker_properties(node_id, node_port, controller_port, node.home / "data", partitions)
            )
            (node.home / "server.properties").write_text(props)
            (node.home / "log4j.properties").write_text(_LOG4J)
            _format(node, cluster_id)
        layout = {
            "cluster_id": cluster_id,
            "controller_port": controller_port,
            "brokers": {str(i): p for i, p in enumerate(ports, start=1)},
        }
        cluster.layout_file.write_text(json.dumps(layout, indent=1))
    started = time.monotonic()
    for node in cluster.nodes():
        start_node(cluster, node.node_id, wait=False)
    wait_ready(cluster, deadline=started + timeout_s)
    address = cluster.bootstrap
    (home / "bootstrap").write_text(address)
    log.info(
        "Kafka cluster (%d brokers) ready at %s in %.1fs", len(cluster.brokers), address, time.monotonic() - started
    )
    return address


def start_node(cluster: LocalCluster, node_id: int, *, wait: bool = True, timeout_s: float = START_TIMEOUT_S) -> None:
    """Start one node again (after a stop or a kill) with its data and port; a running node is left alone.

    With `wait`, returns once the broker answers metadata and is registered (unfenced) with the controller.
    """
    node = cluster.controller if node_id == CONTROLLER_ID else cluster.broker(node_id)
    if node.pid() is None:
        _launch(node, CONTROLLER_HEAP if node.is_controller else BROKER_HEAP)
    if wait and not node.is_controller:
        wait_ready(cluster, deadline=time.monotonic() + timeout_s, nodes=[node_id])


def wait_ready(cluster: LocalCluster, deadline: float, nodes: list[int] | None = None) -> None:
    """Wait until the brokers `nodes` (default: all) answer metadata listing every running broker.

    Raises BrokerError when one of `nodes` (or the controller) exits, or past `deadline`.
    """
    required = [n for n in cluster.brokers if nodes is None or n.node_id in nodes]
    while True:
        for node in [cluster.controller, *required]:
            if node.pid() is None:
                raise BrokerError(f"Kafka node {node.node_id} exited:\n{node.files.log_tail()}")
        want = {n.node_id for n in cluster.brokers if n.pid() is not None}
        if all(_port_open("127.0.0.1", n.port) for n in required) and all(
            asyncio.run(_lists_brokers(n.address, want)) for n in required
        ):
            return
        if time.monotonic() > deadline:
            tails = "\n".join(f"-- node {n.node_id}:\n{n.files.log_tail(15)}" for n in cluster.nodes())
            raise BrokerError(f"the Kafka cluster in {cluster.home} did not become ready in time:\n{tails}")
        time.sleep(0.3)


async def _lists_brokers(address: str, want: set[int]) -> bool:
    from service import kafka_clients

    if not await _answers_metadata(address):
        return False
    admin = kafka_clients.admin(bootstrap=address, request_timeout_ms=3000)
    try:
        await asyncio.wait_for(admin.start(), 5)
        info = await asyncio.wait_for(admin.describe_cluster(), 5)
        return {int(b["node_id"]) for b in info.get("brokers") or []} >= want
    except Exception:  # noqa: BLE001 - not ready yet
        return False
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


def stop_node(cluster: LocalCluster, node_id: int) -> bool:
    """SIGTERM one node (Kafka's controlled shutdown: leadership moves first); True if it was running."""
    node = cluster.controller if node_id == CONTROLLER_ID else cluster.broker(node_id)
    pid = node.pid()
    if pid is None:
        return False
    _resume_if_stopped(pid)
    _terminate(pid)
    return True


def signal_node(cluster: LocalCluster, node_id: int, signum: signal.Signals) -> int:
    """Send `signum` to one node's JVM (SIGKILL: a crash; SIGSTOP/SIGCONT: a hang); returns its pid."""
    node = cluster.controller if node_id == CONTROLLER_ID else cluster.broker(node_id)
    pid = node.pid()
    if pid is None:
        raise BrokerError(f"node {node_id} of the cluster in {cluster.home} is not running")
    os.kill(pid, signum)
    if signum == signal.SIGKILL:
        _reap(pid)
    return pid


def _reap(pid: int, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if not _alive(pid):
            return
        time.sleep(0.05)


def _resume_if_stopped(pid: int) -> None:
    # A SIGSTOPped JVM cannot act on SIGTERM: wake it first, or stopping would always take the timeout.
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGCONT)


def stop(home: Path, wipe: bool = False) -> bool:
    """Stop every node of the cluster in `home` (brokers first, then the controller); True if any ran.

    Brokers are stopped one by one with SIGTERM (a SIGSTOPped one is woken first) and killed after
    the timeout; `wipe` deletes the whole directory afterwards.
    """
    cluster = LocalCluster(home)
    if not cluster.exists():
        if wipe:
            shutil.rmtree(home, ignore_errors=True)
        return False
    ran = False
    # The last broker cannot hand its leaderships to anyone; without a controller the others wait for it.
    for node in [*cluster.brokers, cluster.controller]:
        if (pid := node.pid()) is not None:
            ran = True
            _resume_if_stopped(pid)
            clean = _terminate(pid)
            log.info("Kafka node %d (pid %d) stopped%s", node.node_id, pid, "" if clean else " (killed after timeout)")
        node.files.pid_file.unlink(missing_ok=True)
    (home / "bootstrap").unlink(missing_ok=True)
    if wipe:
        shutil.rmtree(home, ignore_errors=True)
    return ran


def status(home: Path) -> dict[str, object]:
    """What `broker status` prints for a cluster: every node's pid and role, and whether brokers answer."""
    cluster = LocalCluster(home)
    nodes = []
    for node in cluster.nodes():
        pid = node.pid()
        nodes.append(
            {
                "node_id": node.node_id,
                "role": "controller" if node.is_controller else "broker",
                "address": node.address,
                "running": pid is not None,
                "pid": pid,
                "answers_metadata": (
                    None if node.is_controller else pid is not None and asyncio.run(_answers_metadata(node.address))
                ),
            }
        )
    running = [n for n in nodes if n["running"]]
    return {
        "running": bool(running),
        "complete": len(running) == len(nodes),
        "bootstrap": cluster.bootstrap,
        "nodes": nodes,
        "home": str(home),
    }


@contextlib.contextmanager
def scratch(home: Path, brokers: int = DEFAULT_BROKERS, **options: Any) -> Iterator[LocalCluster]:
    """A throw-away cluster for a test or benchmark: started in `home`, stopped and wiped on exit."""
    try:
        start(home, brokers=brokers, **options)
        yield LocalCluster(home)
    finally:
        stop(home, wipe=True)


async def partition_leaders(bootstrap: str, topic: str) -> dict[int, int]:
    """{partition: leader node id} of `topic` now (-1: no leader)."""
    from service import kafka_clients

    admin = kafka_clients.admin(bootstrap=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
        return {p["partition"]: int(p["leader"]) for p in described.get("partitions") or []}
    finally:
        await admin.close()


async def group_coordinator(bootstrap: str, group_id: str) -> int:
    """The node id of the broker coordinating consumer group `group_id`."""
    from service import kafka_clients

    admin = kafka_clients.admin(bootstrap=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        return int(await admin.find_coordinator(group_id))
    finally:
        await admin.close()


async def under_replicated(bootstrap: str, topics: list[str], replicas: int) -> list[str]:
    """`topic[partition]` of every partition of `topics` with fewer than `replicas` in sync or no leader."""
    from service import kafka_clients

    admin = kafka_clients.admin(bootstrap=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        short = []
        for described in await admin.describe_topics(topics):
            partitions = described.get("partitions") or []
            if described.get("error_code") or not partitions:
                short.append(f"{described.get('topic')} (not described)")
            for p in partitions:
                if len(p.get("isr") or ()) < replicas or int(p.get("leader", -1)) < 0:
                    short.append(f"{described['topic']}[{p['partition']}]")
        return short
    finally:
        await admin.close()


async def in_every_isr(bootstrap: str, topics: list[str]) -> set[int]:
    """The brokers in the in-sync replica set of every partition of `topics` now."""
    from service import kafka_clients

    admin = kafka_clients.admin(bootstrap=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        common: set[int] | None = None
        for described in await admin.describe_topics(topics):
            for p in described.get("partitions") or []:
                isr = {int(node) for node in p.get("isr") or ()}
                common = isr if common is None else common & isr
        return common or set()
    finally:
        await admin.close()
