"""The local Kafka broker for development, the demo and the integration tests (see `local`)."""

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
