"""The first contact with Kafka, and what to tell the user when it fails.

Where the address came from decides the advice: an explicit `KAFKA_BOOTSTRAP_SERVERS`, the address file
of the local broker (`<LOCAL_BROKER_DIR>/bootstrap`, written by `python -m service broker start`), or
the fallback `localhost:9092`. A local-broker address whose broker process is gone (killed, machine
rebooted) is *stale*: it is reported as such before any connection attempt, instead of a timeout
followed by advice about a variable the user never set.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
from typing import Any

from service.config import Settings
from service.errors import BrokerError
from service.kafka_clients import settle


def bootstrap_origin(settings: Settings) -> str:
    """`setting`, `local broker` or `fallback`: where `settings.bootstrap_servers` came from."""
    if settings.kafka_bootstrap_servers:
        return "setting"
    if settings.local_broker_bootstrap:
        return "local broker"
    return "fallback"


def stale_local_broker(settings: Settings) -> str | None:
    """A message when the address comes from a local broker that no longer runs, else None."""
    if bootstrap_origin(settings) != "local broker":
        return None
    # Imported only for a local broker: a worker given KAFKA_BOOTSTRAP_SERVERS never imports service.dev.
    from service.dev.broker.local import LocalBroker

    broker = LocalBroker(settings.local_broker_dir)
    if broker.pid() is not None:
        return None
    try:
        pid = broker.pid_file.read_text().strip() or "?"
    except OSError:
        pid = "?"
    return (
        f"the local Kafka broker address {settings.bootstrap_servers} in {broker.address_file} is stale: the broker "
        f"started by `python -m service broker start` (pid {pid}) is no longer running. Start it again with "
        "`python -m service broker start`, or set KAFKA_BOOTSTRAP_SERVERS to your cluster"
    )


def check_local_broker(settings: Settings) -> None:
    """Raise BrokerError when the address in use is a stale local-broker address."""
    if (message := stale_local_broker(settings)) is not None:
        raise BrokerError(message)


def unreachable(settings: Settings, exc: BaseException, detail: str | None = None) -> BrokerError:
    """The error to raise when the cluster cannot be reached: the address, its origin and the fix.

    `detail` is the client's last logged complaint (e.g. the refused connection), added in brackets.
    """
    if (stale := stale_local_broker(settings)) is not None:
        return BrokerError(stale)
    auth: str = settings.kafka_security_protocol
    if auth.startswith("SASL"):
        auth += f" {settings.kafka_sasl_mechanism} as {settings.kafka_sasl_username!r}"
    error = str(exc) if str(exc).startswith(type(exc).__name__) else f"{type(exc).__name__}: {exc}"
    where = f"cannot connect to Kafka at {settings.bootstrap_servers} ({auth}): {error}"
    where += f" [{detail}]." if detail else "."
    origin = bootstrap_origin(settings)
    if not settings.kafka_security_protocol.endswith("SSL"):
        tls_servers = [server for server in settings.bootstrap_servers.split(",") if speaks_tls(server.strip())]
        if tls_servers:
            return BrokerError(f"{where} {_tls_listener_advice(settings, tls_servers[0].strip(), origin)}")
    if origin == "fallback":
        return BrokerError(
            f"{where} KAFKA_BOOTSTRAP_SERVERS is not set and no local broker runs in LOCAL_BROKER_DIR="
            f"{settings.local_broker_dir}, so the default {settings.bootstrap_servers} was tried: start a local "
            "broker with `python -m service broker start` (a broker started with --dir D is found with "
            "LOCAL_BROKER_DIR=D) or set KAFKA_BOOTSTRAP_SERVERS to your cluster"
        )
    if origin == "local broker":
        return BrokerError(
            f"{where} That address is the local broker's ({settings.local_broker_dir / 'bootstrap'}), whose "
            "process runs but does not answer: see `python -m service broker status` and its log in "
            f"{settings.local_broker_dir / 'logs'}, or set KAFKA_BOOTSTRAP_SERVERS to your cluster"
        )
    return BrokerError(
        f"{where} Check KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL and the KAFKA_SASL_* / KAFKA_SSL_* settings"
    )


#: Seconds a TLS probe may take (a local listener answers in milliseconds).
_TLS_PROBE_TIMEOUT_S = 3.0


def speaks_tls(address: str) -> bool:
    """Whether the listener at `host:port` completes a TLS handshake (certificate not checked).

    Asked only after a plaintext client failed to connect, to tell "nothing answers" from "this is a
    TLS listener": the handshake is all that is sent, no Kafka request and no credentials.
    """
    host, _, port = address.rpartition(":")
    context = ssl.create_default_context()
    # Only the protocol is probed here; the real clients verify certificates and host names.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=_TLS_PROBE_TIMEOUT_S) as sock:
            with context.wrap_socket(sock, server_hostname=host.strip("[]")):
                return True
    except (OSError, ValueError):  # ssl.SSLError is an OSError
        return False


def _tls_listener_advice(settings: Settings, address: str, origin: str) -> str:
    protocol = "SASL_SSL" if settings.kafka_security_protocol == "SASL_PLAINTEXT" else "SSL"
    cafile = settings.local_broker_dir / "tls" / "ca.pem"
    trust = (
        f" KAFKA_SSL_CAFILE={cafile}"
        if origin == "local broker" and cafile.exists()
        else " and KAFKA_SSL_CAFILE to the CA that signed its certificate"
    )
    return (
        f"The listener at {address} speaks TLS but KAFKA_SECURITY_PROTOCOL={settings.kafka_security_protocol}: "
        f"set KAFKA_SECURITY_PROTOCOL={protocol}{trust} (docs/security.md)"
    )


async def start_client(client: Any, settings: Settings) -> None:
    """Start an aiokafka producer, consumer or admin client; on failure close it and raise one BrokerError.

    aiokafka logs each failed connection attempt at ERROR before raising; those lines are held back
    while starting and the last one is folded into the single message (they are dropped when the
    start succeeds after a retry).
    """
    from aiokafka.errors import KafkaError

    held = _HoldErrors()
    # On the handlers, not the "aiokafka" logger: a logger's filters do not see its children's records.
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(held)
    try:
        check_local_broker(settings)
        await client.start()
        await settle()
    except (KafkaError, BrokerError) as exc:
        with contextlib.suppress(Exception):
            await (client.stop() if hasattr(client, "stop") else client.close())
        if isinstance(exc, BrokerError):
            raise
        raise unreachable(settings, exc, detail=held.last) from None
    finally:
        for handler in handlers:
            handler.removeFilter(held)


class _HoldErrors(logging.Filter):
    """Holds back aiokafka's warnings and errors, keeping the last message; lets everything else through."""

    def __init__(self) -> None:
        super().__init__()
        self.last: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.partition(".")[0] != "aiokafka" or record.levelno < logging.WARNING:
            return True
        self.last = record.getMessage()
        return False
