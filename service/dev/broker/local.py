"""A real single-node Apache Kafka broker (KRaft, broker+controller) run from Maven Central jars.

For the quick start, the demo and the integration tests, on machines without Docker. The Kafka
version is pinned in `deploy/kafka/pom.xml`; Maven copies the runtime jars into `deploy/kafka/lib`
once (git-ignored; Maven's own ~/.m2 cache makes later fetches offline). The broker's state lives in
one directory (default `.local/kafka`): `server.properties`, `data/`, `logs/server.out`, `kafka.pid`
and `bootstrap` (the `host:port` clients use; the CLI reads it with `address()` and passes it to
`Settings.with_local_broker`, so other commands find this broker without flags).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.config import DEFAULT_LOCAL_BROKER_DIR, PROJECT_ROOT
from service.dev.broker.certs import BrokerKeystore
from service.dev.support import free_port
from service.errors import BrokerError

log = logging.getLogger(__name__)

KAFKA_DIR = PROJECT_ROOT / "deploy" / "kafka"
POM = KAFKA_DIR / "pom.xml"
LIB_DIR = KAFKA_DIR / "lib"

#: Start-up on a 2-core machine measured at 4-8 s; 90 s leaves room for a cold JIT on a loaded box.
START_TIMEOUT_S = 90.0
DEFAULT_HOME = DEFAULT_LOCAL_BROKER_DIR
STOP_TIMEOUT_S = 30.0

# Serial GC and C1-only JIT cut start-up time and memory; fine for a development/test broker.
_JVM_FLAGS = [
    "-Djava.awt.headless=true",
    "-Djava.net.preferIPv4Stack=true",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Xshare:auto",
]

_LOG4J = """\
log4j.rootLogger=INFO, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.org.apache.kafka.controller=WARN
log4j.logger.state.change.logger=WARN
"""


def address(home: Path) -> str | None:
    """The address recorded in `home/bootstrap` by `broker start`, whether or not the broker still runs.

    A stale address is still returned: `service.connection` then reports it as stale, naming the file.
    """
    try:
        return (home / "bootstrap").read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None


@dataclass(frozen=True)
class LocalBroker:
    """The files of one local broker installation."""

    home: Path

    @property
    def pid_file(self) -> Path:
        """Holds the broker JVM's process id while it runs."""
        return self.home / "kafka.pid"

    @property
    def address_file(self) -> Path:
        """Holds the bootstrap address (`host:port`) while it runs."""
        return self.home / "bootstrap"

    @property
    def log_file(self) -> Path:
        """The broker's stdout/stderr."""
        return self.home / "logs" / "server.out"

    def pid(self) -> int | None:
        """The broker's pid if its process is alive, else None.

        For a cluster started in `home` (`broker start --nodes 3`: node-N/kafka.pid each), the pid of the
        first node that runs: the cluster is there while any of it is.
        """
        files = [self.pid_file] if self.pid_file.exists() else sorted(self.home.glob("node-*/kafka.pid"))
        for pid_file in files:
            try:
                pid = int(pid_file.read_text().strip())
            except (FileNotFoundError, ValueError):
                continue
            if _alive(pid):
                return pid
        return None

    def bootstrap(self) -> str | None:
        """The running broker's address, or None (see `address()` for the recorded one)."""
        if self.pid() is None or not self.address_file.exists():
            return None
        return self.address_file.read_text().strip()

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the broker's log, for error messages."""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no broker log yet)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) still answers signal 0.
    with contextlib.suppress(FileNotFoundError):
        if Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z"):
            return False
    return True


def _require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise BrokerError(f"`{tool}` was not found on PATH: {hint}")
    return path


def fetch_jars(quiet: bool = True) -> Path:
    """Copy the pinned Kafka jars from Maven Central into deploy/kafka/lib (once)."""
    if LIB_DIR.is_dir() and any(LIB_DIR.glob("kafka_2.13-*.jar")):
        return LIB_DIR
    mvn = _require("mvn", "install Maven (Debian: `apt-get install maven`) to fetch the Kafka jars")
    _require("java", "install a Java 17+ runtime (Debian: `apt-get install openjdk-17-jre-headless`)")
    log.info("fetching Kafka jars from Maven Central into %s", LIB_DIR)
    cmd = [
        mvn,
        "-B",
        *(["-q"] if quiet else []),
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={LIB_DIR}",
        "-DincludeScope=runtime",
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise BrokerError(f"Maven could not fetch the Kafka jars:\n{(run.stdout + run.stderr)[-3000:]}")
    return LIB_DIR


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _cluster_id() -> str:
    # 16 random bytes, URL-safe base64 without padding (22 chars); Kafka rejects a leading '-'.
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def _listeners(
    port: int,
    controller_port: int,
    internal_port: int | None,
    sasl_users: Mapping[str, str],
    tls: BrokerKeystore | None = None,
) -> str:
    if not sasl_users and tls is None:
        return f"""\
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"""
    # Clients connect to `port` with SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), TLS or both; the broker
    # talks to itself, and the readiness probe to it, on a plaintext INTERNAL listener.
    protocol = ("SASL_" if sasl_users else "") + ("SSL" if tls else "PLAINTEXT")
    lines = [
        f"listeners={protocol}://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port},"
        f"INTERNAL://127.0.0.1:{internal_port}",
        f"advertised.listeners={protocol}://127.0.0.1:{port},INTERNAL://127.0.0.1:{internal_port}",
        "inter.broker.listener.name=INTERNAL",
        "controller.listener.names=CONTROLLER",
        f"listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,{protocol}:{protocol}",
    ]
    if sasl_users:
        plain_users = " ".join(f'user_{name}="{password}"' for name, password in sasl_users.items())
        scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        plain = f"org.apache.kafka.common.security.plain.PlainLoginModule required {plain_users};"
        listener = protocol.lower()
        lines += [
            "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
            f"listener.name.{listener}.plain.sasl.jaas.config={plain}",
            f"listener.name.{listener}.scram-sha-256.sasl.jaas.config={scram}",
            f"listener.name.{listener}.scram-sha-512.sasl.jaas.config={scram}",
        ]
    if tls:
        lines += [
            "ssl.keystore.type=PKCS12",
            f"ssl.keystore.location={tls.path}",
            f"ssl.keystore.password={tls.password}",
            f"ssl.key.password={tls.password}",
            # Clients are not asked for certificates: they authenticate with SASL, or not at all.
            "ssl.client.auth=none",
        ]
    return "\n".join(lines)


def _server_properties(
    data_dir: Path,
    port: int,
    controller_port: int,
    partitions: int,
    internal_port: int | None = None,
    sasl_users: Mapping[str, str] | None = None,
    tls: BrokerKeystore | None = None,
) -> str:
    return f"""\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller_port}
{_listeners(port, controller_port, internal_port, sasl_users or {}, tls)}
log.dirs={data_dir}
auto.create.topics.enable=true
num.partitions={partitions}
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.retention.hours=24
"""


def _java_cmd(broker: LocalBroker, heap: str) -> list[str]:
    java = _require("java", "install a Java 17+ runtime (Debian: `apt-get install openjdk-17-jre-headless`)")
    return [
        java,
        f"-Xmx{heap}",
        *_JVM_FLAGS,
        f"-Dlog4j.configuration=file:{broker.home / 'log4j.properties'}",
        f"-Dkafka.logs.dir={broker.home / 'logs'}",
        "-cp",
        f"{LIB_DIR}/*",
    ]


def client_protocol(home: Path) -> str | None:
    """The security protocol of the client listener of the broker configured in `home` (None: never started)."""
    with contextlib.suppress(FileNotFoundError):
        for line in (home / "server.properties").read_text().splitlines():
            if line.startswith("advertised.listeners="):
                return line.removeprefix("advertised.listeners=").split("://", 1)[0]
    return None


def refuse_other_protocol(home: Path, *, tls: bool) -> None:
    """Raise BrokerError when a broker from `home` runs with TLS and `tls` is false, or the other way round.

    `start` returns a running broker's address unchanged; without this check `broker start --tls` next
    to a plaintext broker would print the plaintext address as if it had TLS.
    """
    broker = LocalBroker(home)
    running = broker.bootstrap()
    protocol = client_protocol(home)
    if running is None or protocol is None or protocol.endswith("SSL") == tls:
        return
    wanted = "a TLS listener (--tls)" if tls else "a plaintext listener (no --tls)"
    raise BrokerError(
        f"a {protocol} broker already runs from {home} at {running}, so {wanted} cannot be started there: stop it "
        f"first with `python -m service broker stop{' --dir ' + str(home) if home != DEFAULT_HOME else ''}`, or "
        "give another --dir"
    )


def start(
    home: Path,
    port: int = 9092,
    controller_port: int = 0,
    partitions: int = 4,
    timeout_s: float = START_TIMEOUT_S,
    sasl_users: Mapping[str, str] | None = None,
    tls: BrokerKeystore | None = None,
) -> str:
    """Start the broker (fetching jars and formatting storage if needed); return its address.

    Returns only when the broker answers a metadata request. Idempotent: if a broker started from
    `home` already runs, returns its address. Port 0 picks a free port. `sasl_users` ({name: password})
    makes clients authenticate on that address with SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256 or -512);
    for tests of the security settings, so the users are fixed when the storage is formatted. `tls`
    (a keystore from `service.dev.broker.certs`) puts TLS on that address: SSL, or SASL_SSL with users.

    Raises:
        BrokerError: a prerequisite is missing, the port is taken, or the broker died or timed out
            (the message carries the tail of its log).

    """
    broker = LocalBroker(home)
    refuse_other_protocol(home, tls=tls is not None)
    if (running := broker.bootstrap()) is not None:
        return running
    fetch_jars()
    port = port or free_port()
    controller_port = controller_port or free_port()
    if _port_open("127.0.0.1", port):
        raise BrokerError(f"port {port} is already in use; choose another with --port (or port 0 for any)")

    (home / "logs").mkdir(parents=True, exist_ok=True)
    data_dir = home / "data"
    props = home / "server.properties"
    internal_port = free_port() if sasl_users or tls else None
    props.write_text(_server_properties(data_dir, port, controller_port, partitions, internal_port, sasl_users, tls))
    props.chmod(0o600)  # it holds the keystore and SASL passwords
    (home / "log4j.properties").write_text(_LOG4J)

    cid_file = home / "cluster.id"
    if not (data_dir / "meta.properties").exists():
        cid_file.write_text(_cluster_id())
        fmt = subprocess.run(
            [
                *_java_cmd(broker, "256m"),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                cid_file.read_text(),
                "-c",
                str(props),
                "--ignore-formatted",
                *[
                    arg
                    for mechanism in ("SCRAM-SHA-256", "SCRAM-SHA-512")
                    for name, password in (sasl_users or {}).items()
                    for arg in ("--add-scram", f"{mechanism}=[name={name},password={password}]")
                ],
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if fmt.returncode != 0:
            raise BrokerError(f"formatting Kafka storage failed:\n{(fmt.stdout + fmt.stderr)[-3000:]}")

    started = time.monotonic()
    with broker.log_file.open("ab") as out:
        proc = subprocess.Popen(
            [*_java_cmd(broker, "768m"), "kafka.Kafka", str(props)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    broker.pid_file.write_text(str(proc.pid))
    address = f"127.0.0.1:{port}"
    probe = f"127.0.0.1:{internal_port or port}"
    deadline = started + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            broker.pid_file.unlink(missing_ok=True)
            raise BrokerError(f"the Kafka broker exited with code {proc.returncode}:\n{broker.log_tail()}")
        if _port_open("127.0.0.1", port) and asyncio.run(_answers_metadata(probe)):
            broker.address_file.write_text(address)
            log.info("Kafka broker ready at %s in %.1fs", address, time.monotonic() - started)
            return address
        time.sleep(0.3)
    _terminate(proc.pid)
    broker.pid_file.unlink(missing_ok=True)
    raise BrokerError(f"the Kafka broker did not become ready within {timeout_s:.0f}s:\n{broker.log_tail()}")


async def _answers_metadata(address: str) -> bool:
    """A real protocol round trip: an open port alone could be some other process."""
    from service import kafka_clients

    admin = kafka_clients.admin(bootstrap=address, request_timeout_ms=3000)
    try:
        await asyncio.wait_for(admin.start(), 5)
        info = await asyncio.wait_for(admin.describe_cluster(), 5)
        return bool(info.get("brokers")) and info.get("controller_id", -1) != -1
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


def _terminate(pid: int, timeout_s: float = STOP_TIMEOUT_S) -> bool:
    """SIGTERM (Kafka's clean shutdown), then SIGKILL after the timeout. True if it stopped cleanly."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if not _alive(pid):
            return True
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return False


def stop(home: Path, wipe: bool = False) -> bool:
    """Stop the broker started from `home`; True if one was running. `wipe` deletes its data too."""
    broker = LocalBroker(home)
    pid = broker.pid()
    if pid is not None:
        clean = _terminate(pid)
        log.info("Kafka broker (pid %d) stopped%s", pid, "" if clean else " (killed after timeout)")
    broker.pid_file.unlink(missing_ok=True)
    broker.address_file.unlink(missing_ok=True)
    if wipe:
        shutil.rmtree(home, ignore_errors=True)
    return pid is not None


@contextlib.contextmanager
def scratch(home: Path, bootstrap: str | None = None, **options: Any) -> Iterator[str]:
    """A throw-away broker for a benchmark or test: started in `home`, stopped and wiped on exit.

    With `bootstrap` (a broker the caller already runs) that address is used and nothing is started.
    `options` go to `start` (port, partitions, tls, …); port 0 unless given.
    """
    if bootstrap:
        yield bootstrap
        return
    address = start(home, **{"port": 0, **options})
    try:
        yield address
    finally:
        stop(home, wipe=True)


def _probe_address(broker: LocalBroker, address: str | None) -> str | None:
    """Where a plain metadata request reaches the broker: its INTERNAL listener when clients need SASL or TLS."""
    with contextlib.suppress(FileNotFoundError):
        for line in (broker.home / "server.properties").read_text().splitlines():
            if line.startswith("advertised.listeners=") and "INTERNAL://" in line:
                return line.split("INTERNAL://", 1)[1].split(",", 1)[0]
    return address


def status(home: Path) -> dict[str, object]:
    """What `broker status` prints: running, pid, address, and whether it answers metadata."""
    broker = LocalBroker(home)
    pid = broker.pid()
    address = broker.bootstrap()
    return {
        "running": pid is not None,
        "pid": pid,
        "bootstrap": address,
        "answers_metadata": bool(address) and asyncio.run(_answers_metadata(_probe_address(broker, address))),  # type: ignore[arg-type]
        "home": str(home),
    }
