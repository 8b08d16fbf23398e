"""The one place aiokafka clients are built: producers, consumers and admin clients from `Settings`.

Every command, the replay, the topic check and the health probe get their clients here, so the
address, the security options (`Settings.kafka_client_options`: SASL, TLS) and the defaults that
every group-less reader needs are set once (like quix-streams' `ConnectionConfig`). Faust builds the
worker's own consumer and producer from the same settings in `service.stream.app`.

`bootstrap` overrides the settings' address (the local broker's readiness probe, test helpers);
without `settings` no security options are added.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from service.config import Settings


def _options(settings: Settings | None, bootstrap: str | None, options: dict[str, Any]) -> dict[str, Any]:
    if bootstrap is None:
        if settings is None:
            raise ValueError("a Kafka client needs settings or a bootstrap address")
        bootstrap = settings.bootstrap_servers
    security = settings.kafka_client_options() if settings is not None else {}
    return {"bootstrap_servers": bootstrap, **security, **options}


def producer(settings: Settings | None = None, *, bootstrap: str | None = None, **options: Any) -> AIOKafkaProducer:
    """A producer that waits for every in-sync replica (`acks="all"`) unless `options` say otherwise."""
    return AIOKafkaProducer(**_options(settings, bootstrap, {"acks": "all", **options}))


def consumer(
    settings: Settings | None = None,
    *,
    bootstrap: str | None = None,
    topics: tuple[str, ...] = (),
    **options: Any,
) -> AIOKafkaConsumer:
    """A consumer outside any group (no commits), from the earliest offset unless `options` say otherwise.

    `topics`, if given, are subscribed to at once (aiokafka's positional arguments).
    """
    defaults = {"group_id": None, "enable_auto_commit": False, "auto_offset_reset": "earliest"}
    return AIOKafkaConsumer(*topics, **_options(settings, bootstrap, {**defaults, **options}))


def admin(settings: Settings | None = None, *, bootstrap: str | None = None, **options: Any) -> AIOKafkaAdminClient:
    """An admin client (topics, configs, group offsets)."""
    return AIOKafkaAdminClient(**_options(settings, bootstrap, options))


async def settle() -> None:
    """Call right after starting a client: one event-loop turn for its background tasks.

    aiokafka 0.14: stop() right after start() re-raises the CancelledError of a background task that
    never ran; one loop turn lets it start.
    """
    await asyncio.sleep(0)
