"""The local Kafka broker for development, the demo and the integration tests (see `local`).

`cluster` runs three brokers and a KRaft controller from the same jars (`broker start --nodes 3`, the
failover tests and `bench/failover.py`).
"""

from service.dev.broker.local import (
    LocalBroker,
    client_protocol,
    fetch_jars,
    refuse_other_protocol,
    scratch,
    start,
    status,
    stop,
)

__all__ = [
    "LocalBroker",
    "client_protocol",
    "fetch_jars",
    "refuse_other_protocol",
    "scratch",
    "start",
    "status",
    "stop",
]
