"""The local Kafka broker for development, the demo and the integration tests (see `local`)."""

from service.dev.broker.local import LocalBroker, fetch_jars, scratch, start, status, stop

__all__ = ["LocalBroker", "fetch_jars", "scratch", "start", "status", "stop"]
