"""Reading Kafka topics without a consumer group: the one way the CLI, replay, tests and benchmarks do it.

A consumer without a subscription knows no topic's metadata until asked, and `partitions_for_topic`
reads a cache that `topics()` does not fill: `topic_partitions` refreshes the cache itself, so a topic
created a moment ago is found. `read_topic` assigns every partition, seeks to where the caller says and
yields records until a stop condition: the end offsets taken at the start, a deadline, or the caller
leaving the loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Literal

from aiokafka import AIOKafkaConsumer, TopicPartition

from service import kafka_clients

#: Where `read_topic` starts on each partition: the first record, the end as of the call, or given offsets.
Start = Literal["beginning", "end"] | Mapping[int, int]


async def topic_partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """The topic's partitions, sorted (empty if the topic does not exist)."""
    partitions = consumer.partitions_for_topic(topic)
    if partitions is None:
        await consumer._client.force_metadata_update()  # aiokafka has no public call for this
        partitions = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(partitions or ())]


async def end_offsets(consumer: AIOKafkaConsumer, topic: str) -> dict[int, int]:
    """{partition: end offset (high watermark)} of `topic` now; empty if it does not exist."""
    tps = await topic_partitions(consumer, topic)
    ends = await consumer.end_offsets(tps) if tps else {}
    return {tp.partition: offset for tp, offset in ends.items()}


async def started_consumer(bootstrap: str, *, read_committed: bool = False, **options: Any) -> AIOKafkaConsumer:
    """A started group-less consumer; `options` are further aiokafka options (security, fetch sizes)."""
    consumer = kafka_clients.consumer(
        bootstrap=bootstrap, isolation_level="read_committed" if read_committed else "read_uncommitted", **options
    )
    await consumer.start()
    await kafka_clients.settle()
    return consumer


async def read_topic(
    consumer: AIOKafkaConsumer,
    topic: str,
    *,
    start: Start = "beginning",
    to_end: bool = False,
    timeout: float | None = None,
    wait_for_topic: bool = True,
    on_positioned: Callable[[], None] | None = None,
    on_waiting_for_topic: Callable[[], None] | None = None,
) -> AsyncIterator[Any]:
    """Yield the records of every partition of `topic` from `start`.

    Args:
        consumer: a started consumer without a subscription (`started_consumer`); not stopped here.
        topic: the topic to read.
        start: "beginning", "end" (records produced after the call) or {partition: offset}.
        to_end: stop at the end offsets as of the call (a transaction marker on the last offset counts
            as reached); otherwise read until `timeout` or until the caller stops iterating.
        timeout: seconds until reading stops whatever else holds; None: no deadline.
        wait_for_topic: poll for a topic that does not exist yet (until the deadline); otherwise yield nothing.
        on_positioned: called once every partition's start position is resolved: a record produced
            after it returns is read even with `start="end"`.
        on_waiting_for_topic: called once when the topic does not exist and `wait_for_topic` polls for
            it, so a caller can say why nothing happens (the wait can last the whole `timeout`).

    """
    deadline = None if timeout is None else time.monotonic() + timeout

    def remaining() -> float:
        return 1.0 if deadline is None else deadline - time.monotonic()

    tps = await topic_partitions(consumer, topic)
    if not tps and wait_for_topic and remaining() > 0 and on_waiting_for_topic is not None:
        on_waiting_for_topic()
    while not tps and wait_for_topic and remaining() > 0:
        await asyncio.sleep(min(0.5, max(remaining(), 0)))
        tps = await topic_partitions(consumer, topic)
    if not tps:
        return
    consumer.assign(tps)
    for tp in tps:
        if isinstance(start, Mapping):
            consumer.seek(tp, start.get(tp.partition, 0))
        elif start == "end":
            await consumer.seek_to_end(tp)
            await consumer.position(tp)  # resolve "end" now, not at the first fetch
        else:
            await consumer.seek_to_beginning(tp)
    if on_positioned is not None:
        on_positioned()
    ends = await consumer.end_offsets(tps) if to_end else {}
    pending = {tp for tp in tps if not to_end or await consumer.position(tp) < ends[tp]}
    while pending and remaining() > 0:
        batches = await consumer.getmany(*pending, timeout_ms=int(min(remaining(), 1.0) * 1000))
        for tp, records in batches.items():
            for record in records:
                if not to_end or record.offset < ends[tp]:
                    yield record
        if to_end:
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}


async def read_all(
    bootstrap: str, topic: str, *, timeout: float = 30.0, read_committed: bool = False, **options: Any
) -> list[Any]:
    """Every record of `topic` up to its end offsets as of the call (empty if it does not exist)."""
    consumer = await started_consumer(bootstrap, read_committed=read_committed, **options)
    try:
        return [
            record async for record in read_topic(consumer, topic, to_end=True, timeout=timeout, wait_for_topic=False)
        ]
    finally:
        await consumer.stop()
