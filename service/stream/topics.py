"""Verify (and create) the service's topics before anything subscribes to or writes them.

Faust creates only its internal topics; a source topic that does not exist yet is ignored at
assignment ("Ignoring missing topic") and only picked up at the next metadata refresh, minutes later.
Creating input, output and dead-letter topics up front with the configured partition count avoids
that and avoids broker-default partition counts from auto-creation.

Every step checks the broker's answer: a name Kafka refuses, a replication factor above the number
of brokers, a missing topic with TOPIC_AUTO_CREATE=false, or a creation the broker rejects fails at
start with a `ConfigError` naming the setting; the worker starts only once all three topics exist
with a leader for every partition. The answer also gives each output topic's `max.message.bytes`,
the size events and dead letters are bounded to.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaError, for_code

from service import kafka_clients
from service.config import Settings
from service.connection import start_client
from service.errors import BrokerError, ConfigError
from service.stream.durability import TopicDurability, planned_replication

log = logging.getLogger(__name__)

#: Kafka's rule for topic names (kafka.common.internals.Topic): legal characters, at most 249 of them.
_LEGAL_NAME = re.compile(r"^[a-zA-Z0-9._-]{1,249}$")
#: Broker answer codes that mean "fine" for a creation: none, or created meanwhile by another worker.
_CREATED_OR_EXISTS = (0, 36)
#: How long to wait for new topics to get a leader for every partition (seconds).
TOPICS_READY_TIMEOUT_S = 30.0


def incident_links_topic(settings: Settings) -> str:
    """The incident stage's internal repartition topic (one per app id, like Faust's changelogs)."""
    return f"{settings.app_id}-incident-links"


def incidents_changelog_topic(settings: Settings) -> str:
    """The changelog of the `incidents` table (Faust's name for it: `<app id>-<table>-changelog`)."""
    return f"{settings.app_id}-incidents-changelog"


def topic_settings(settings: Settings) -> dict[str, str]:
    """{topic name: the setting that names it}."""
    names = {
        settings.input_topic: "INPUT_TOPIC",
        settings.output_topic: "OUTPUT_TOPIC",
        settings.dlq_topic: "DLQ_TOPIC",
    }
    if settings.incidents_enabled:
        names[settings.incidents_topic] = "INCIDENTS_TOPIC"
        # Faust would create these two itself, but a topic it creates just before the group's first
        # assignment can be missing from that assignment ("Ignoring missing topic") and is then not
        # consumed until the next metadata refresh, minutes later: measured on the broker test.
        names[incident_links_topic(settings)] = "APP_ID"
        names[incidents_changelog_topic(settings)] = "APP_ID"
    return names


def check_names(settings: Settings) -> None:
    """Raise ConfigError for a topic name the broker would refuse."""
    for name, setting in topic_settings(settings).items():
        if not _LEGAL_NAME.match(name) or name in (".", ".."):
            raise ConfigError(
                f"{setting}={name!r} is not a valid Kafka topic name: use 1-249 characters from "
                "a-z A-Z 0-9 . _ - (example: news.articles.dlq)"
            )


async def _admin(settings: Settings) -> AIOKafkaAdminClient:
    admin = kafka_clients.admin(settings)
    # The first contact with the cluster: a failure names the address, where it came from and the fix.
    await start_client(admin, settings)
    return admin


@dataclass(frozen=True)
class TopicSetup:
    """What `ensure_topics` found: per-topic size limits, the cluster's size and each topic's durability."""

    #: {topic: max.message.bytes} of the output topics, as the broker applies it (topics it does not tell left out).
    limits: dict[str, int]
    brokers: int
    #: The replication factor for topics the service creates on this cluster (Faust's own topics too).
    replication_factor: int
    durability: list[TopicDurability]


async def cluster_size(admin: AIOKafkaAdminClient) -> int:
    """The number of brokers the cluster lists now."""
    return len((await admin.describe_cluster()).get("brokers") or [])


async def replication_for(admin: AIOKafkaAdminClient, settings: Settings) -> tuple[int, int]:
    """(replication factor, min.insync.replicas) for a topic the service creates on this cluster (see `Settings`)."""
    return planned_replication(settings, await cluster_size(admin))


async def ensure_topics(settings: Settings) -> TopicSetup:
    """Create INPUT_TOPIC, OUTPUT_TOPIC and DLQ_TOPIC if missing, verify all three and read their settings.

    Existing topics are left as they are. Raises ConfigError (naming the setting) or BrokerError.
    """
    check_names(settings)
    names = topic_settings(settings)
    admin = await _admin(settings)
    try:
        brokers = await cluster_size(admin)
        # All topics (topics=None): a metadata request naming a topic may auto-create it with broker defaults.
        existing = set(await admin.list_topics())
        missing = [name for name in names if name not in existing]
        if missing:
            await _create(admin, settings, missing, brokers)
        await _wait_until_led(admin, names)
        # The limits of every topic written to (with the incident stage on, events may go through the
        # links topic first).
        limits, durability = await _topic_configs(admin, names)
        factor, _ = planned_replication(settings, brokers)
        return TopicSetup({t: n for t, n in limits.items() if t != settings.input_topic}, brokers, factor, durability)
    finally:
        await admin.close()


async def _create(admin: AIOKafkaAdminClient, settings: Settings, missing: list[str], brokers: int) -> None:
    names = topic_settings(settings)
    which = ", ".join(f"{name} ({names[name]})" for name in missing)
    if not settings.topic_auto_create:
        raise ConfigError(
            f"topic {which} does not exist and TOPIC_AUTO_CREATE=false: create it, fix the name, or "
            "set TOPIC_AUTO_CREATE=true"
        )
    factor, min_insync = planned_replication(settings, brokers)
    if brokers and factor > brokers:
        raise ConfigError(
            f"TOPIC_REPLICATION_FACTOR={factor} but the cluster has "
            f"{brokers} broker(s): topic {which} cannot be created; "
            f"set TOPIC_REPLICATION_FACTOR<={brokers} (or auto)"
        )
    if min_insync > factor:
        raise ConfigError(
            f"TOPIC_MIN_INSYNC_REPLICAS={min_insync} is above the replication factor {factor}: every write to "
            f"{which} would be refused; set TOPIC_MIN_INSYNC_REPLICAS<={factor} (or auto)"
        )
    configs = {"min.insync.replicas": str(min_insync)}
    response = await admin.create_topics(
        [
            NewTopic(
                name,
                settings.topic_partitions,
                factor,
                # A table changelog keeps the latest value per key, as Faust creates it.
                topic_configs={**configs, "cleanup.policy": "compact"}
                if name == incidents_changelog_topic(settings)
                else configs,
            )
            for name in missing
        ]
    )
    for topic, code, *message in response.topic_errors:
        if code in _CREATED_OR_EXISTS:
            continue
        error = for_code(code)
        detail = message[0] if message and message[0] else error.description
        raise ConfigError(
            f"the broker refused to create topic {topic} ({names.get(topic, 'topic')}): "
            f"{error.__name__}: {detail}. Check {names.get(topic, 'the topic name')}, "
            "TOPIC_PARTITIONS and TOPIC_REPLICATION_FACTOR"
        )
    log.info(
        "created topics %s with %d partitions, replication factor %d, min.insync.replicas=%d",
        ", ".join(missing),
        settings.topic_partitions,
        factor,
        min_insync,
    )


async def _wait_until_led(
    admin: AIOKafkaAdminClient, names: dict[str, str], timeout: float = TOPICS_READY_TIMEOUT_S
) -> None:
    """Wait until every topic exists and each partition has a leader (writable); BrokerError past `timeout`."""
    deadline = time.monotonic() + timeout
    problems: list[str] = []
    while True:
        topics = {t["topic"]: t for t in await admin.describe_topics(None)}
        problems = []
        for name, setting in names.items():
            found: dict[str, Any] | None = topics.get(name)
            if found is None:
                problems.append(f"{name} ({setting}) does not exist")
            elif found.get("error_code"):
                error = for_code(found["error_code"])
                if error.__name__ in ("TopicAuthorizationFailedError",):
                    raise ConfigError(
                        f"not authorised for topic {name} ({setting}): grant this worker's "
                        "principal access, or fix the KAFKA_SASL_* settings"
                    )
                problems.append(f"{name} ({setting}): {error.__name__}")
            elif not found.get("partitions") or any(p.get("leader", -1) < 0 for p in found["partitions"]):
                problems.append(f"{name} ({setting}) has partitions without a leader")
        if not problems:
            return
        if time.monotonic() > deadline:
            raise BrokerError(f"topics not usable after {timeout:.0f}s: {'; '.join(problems)}")
        await asyncio.sleep(0.5)


async def _topic_configs(
    admin: AIOKafkaAdminClient, names: dict[str, str]
) -> tuple[dict[str, int], list[TopicDurability]]:
    """({topic: max.message.bytes}, durability of each topic) as the broker applies them.

    A topic whose configuration the broker does not tell (DescribeConfigs not authorised) has no limit
    here (MAX_MESSAGE_BYTES then rules) and an unknown min.insync.replicas.
    """
    configs: dict[str, dict[str, str]] = {}
    try:
        responses = await admin.describe_configs(
            [
                ConfigResource(ConfigResourceType.TOPIC, name, {"max.message.bytes": None, "min.insync.replicas": None})
                for name in names
            ]
        )
        for response in responses:
            for error_code, _, _, name, entries, *_ in response.resources:
                if not error_code:
                    configs[name] = {entry[0]: entry[1] for entry in entries if entry[1] is not None}
    except (KafkaError, ValueError) as exc:  # DescribeConfigs may not be authorised: MAX_MESSAGE_BYTES then rules
        log.warning(
            "cannot read max.message.bytes and min.insync.replicas of %s (%s); using MAX_MESSAGE_BYTES",
            ", ".join(names),
            exc,
        )
    limits = {name: int(c["max.message.bytes"]) for name, c in configs.items() if "max.message.bytes" in c}
    durability = await _durability(admin, names, configs)
    return limits, durability


async def _durability(
    admin: AIOKafkaAdminClient, names: dict[str, str], configs: dict[str, dict[str, str]]
) -> list[TopicDurability]:
    described = {t["topic"]: t for t in await admin.describe_topics(list(names))}
    found = []
    for name, setting in names.items():
        partitions = described.get(name, {}).get("partitions") or []
        min_insync = configs.get(name, {}).get("min.insync.replicas")
        found.append(
            TopicDurability(
                name,
                setting,
                replication_factor=min((len(p.get("replicas") or ()) for p in partitions), default=0),
                min_insync_replicas=int(min_insync) if min_insync is not None else None,
                in_sync={
                    p["partition"]: len(p.get("isr") or ()) if int(p.get("leader", -1)) >= 0 else 0 for p in partitions
                },
            )
        )
    return found


async def current_durability(settings: Settings, topics: list[str]) -> list[TopicDurability]:
    """The replication, min.insync.replicas and in-sync replicas of `topics` now (asked when publishing fails)."""
    names = {topic: topic_settings(settings).get(topic, "topic") for topic in topics}
    admin = await _admin(settings)
    try:
        return (await _topic_configs(admin, names))[1]
    finally:
        await admin.close()


async def existing_topics(settings: Settings) -> set[str]:
    """The topics the cluster has now (asked after a publish failed, to tell "gone" from "unreachable")."""
    admin = await _admin(settings)
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()
