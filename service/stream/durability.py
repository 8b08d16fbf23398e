"""Whether an acknowledged event survives a broker loss: the producer's settings and the topics' replication.

An event is safe once acknowledged only when three things hold together: the producer waits for every
in-sync replica (`acks=all`), retries cannot write it twice or out of order (idempotence), and the
topic keeps it on more than one broker (replication factor 3, `min.insync.replicas=2` on a cluster of
three or more). The worker checks all three at start and says so in one log line; a topic weaker than
the cluster allows (replication factor 1 on three brokers, or min.insync.replicas=1) is one warning line
naming the topic and the setting. The worker still starts: the topics may be owned by someone else.

While publishing fails, `shortfall` tells "the cluster has too few in-sync replicas" (the worker waits,
stays live and says so in /health/live and `news_publish_blocked`) from other failures.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: What the worker's producer sends with (merged into Faust's own producer settings).
DURABLE_PRODUCER = {"acks": "all", "enable_idempotence": True}
#: The replication a topic should have on a cluster of at least this many brokers.
SAFE_REPLICATION_FACTOR = 3
SAFE_MIN_INSYNC_REPLICAS = 2


@dataclass(frozen=True)
class TopicDurability:
    """How a topic keeps its records: replication factor (replicas per partition) and min.insync.replicas."""

    topic: str
    setting: str  # INPUT_TOPIC, OUTPUT_TOPIC or DLQ_TOPIC
    replication_factor: int
    min_insync_replicas: int | None  # None: the broker did not say (DescribeConfigs not authorised)
    #: Per partition, the replicas in sync right now (0 for a partition without a leader).
    in_sync: Mapping[int, int] | None = None


def planned_replication(settings: Any, brokers: int) -> tuple[int, int]:
    """(replication factor, min.insync.replicas) for topics the service creates on `brokers` brokers.

    >>> class S: topic_replication_factor = topic_min_insync_replicas = "auto"
    >>> planned_replication(S, 3), planned_replication(S, 1), planned_replication(S, 5)
    ((3, 2), (1, 1), (3, 2))
    """
    factor = settings.topic_replication_factor
    if factor == "auto":
        factor = max(1, min(SAFE_REPLICATION_FACTOR, brokers))
    min_insync = settings.topic_min_insync_replicas
    if min_insync == "auto":
        min_insync = SAFE_MIN_INSYNC_REPLICAS if factor >= SAFE_REPLICATION_FACTOR else 1
    return int(factor), int(min_insync)


def producer_problems(options: Mapping[str, Any]) -> list[str]:
    """What in the producer's options lets an acknowledged record be lost or duplicated by retries.

    >>> producer_problems({"acks": "all", "enable_idempotence": True})
    []
    >>> [problem.split(" (")[0] for problem in producer_problems({"acks": 1})]
    ['acks=1', 'idempotence off']
    """
    problems = []
    acks = options.get("acks")
    if acks not in ("all", -1, "-1"):
        problems.append(f"acks={acks} (a leader that dies right after acking loses the record; need acks=all)")
    if not options.get("enable_idempotence"):
        problems.append("idempotence off (a retried send after a lost ack writes the record twice)")
    return problems


def topic_problems(brokers: int, topics: list[TopicDurability]) -> list[str]:
    """Each topic setting weaker than a cluster of `brokers` allows, as `topic setting=value`."""
    wanted = min(SAFE_REPLICATION_FACTOR, brokers)
    problems = []
    for topic in topics:
        if topic.replication_factor < wanted:
            problems.append(f"{topic.topic} ({topic.setting}) replication.factor={topic.replication_factor}")
        elif (
            topic.replication_factor >= SAFE_REPLICATION_FACTOR
            and topic.min_insync_replicas is not None
            and topic.min_insync_replicas < SAFE_MIN_INSYNC_REPLICAS
        ):
            problems.append(f"{topic.topic} ({topic.setting}) min.insync.replicas={topic.min_insync_replicas}")
    return problems


def report(producer_options: Mapping[str, Any], brokers: int, topics: list[TopicDurability]) -> bool:
    """Log the start-up check in one line: INFO when delivery is safe, else one WARNING naming what is weak.

    Returns True when it is safe.
    """
    producer = producer_problems(producer_options)
    weak = topic_problems(brokers, topics)
    names = ", ".join(t.topic for t in topics)
    if not producer and not weak:
        copies = {(t.replication_factor, t.min_insync_replicas) for t in topics}
        shape = "; ".join(f"replication factor {rf}, min.insync.replicas={isr}" for rf, isr in sorted(copies))
        if brokers >= SAFE_REPLICATION_FACTOR:
            outcome = "an acknowledged event survives the loss of a broker"
        else:
            outcome = f"only {brokers} broker(s): an acknowledged event is lost with its broker"
        log.info(
            "delivery check: producer acks=all, idempotent; %s: %s on %d broker(s): %s", names, shape, brokers, outcome
        )
        return True
    parts = []
    if weak:
        parts.append(
            f"topics under-replicated for {brokers} brokers: {'; '.join(weak)} (an acknowledged record can be lost "
            f"with one broker: raise replication.factor to {min(SAFE_REPLICATION_FACTOR, brokers)} with "
            f"kafka-reassign-partitions.sh and set min.insync.replicas={SAFE_MIN_INSYNC_REPLICAS} with "
            "kafka-configs.sh; TOPIC_REPLICATION_FACTOR and TOPIC_MIN_INSYNC_REPLICAS apply only to topics "
            "the service creates)"
        )
    if producer:
        parts.append(f"producer: {'; '.join(producer)}")
    log.warning("delivery check: %s", " | ".join(parts))
    return False


def shortfall(topics: list[TopicDurability]) -> str | None:
    """Why publishing cannot succeed now if the cluster has too few in-sync replicas, else None.

    >>> shortfall([TopicDurability("out", "OUTPUT_TOPIC", 3, 2, {0: 1, 1: 3})])
    'not enough in-sync replicas: out partition 0 has 1 in sync, min.insync.replicas=2'
    """
    short = []
    for topic in topics:
        if topic.in_sync is None or topic.min_insync_replicas is None:
            continue
        for partition, in_sync in sorted(topic.in_sync.items()):
            if in_sync < topic.min_insync_replicas:
                short.append(
                    f"{topic.topic} partition {partition} has "
                    + (f"{in_sync} in sync" if in_sync else "no leader (no in-sync replica left)")
                    + f", min.insync.replicas={topic.min_insync_replicas}"
                )
    if not short:
        return None
    more = f" (and {len(short) - 3} more)" if len(short) > 3 else ""
    return "not enough in-sync replicas: " + "; ".join(short[:3]) + more
