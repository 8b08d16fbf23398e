"""`python -m service replay`: send dead letters' original payloads back to the input topic, once.

A dead letter carries the record exactly as it arrived (`payload`, text or base64) and where it came
from (`source`). Replay reads the dead-letter topic up to its end at start, keeps the letters that
match the filters (reason, partition and offset range, time range of the dead letter), and produces
each payload to the input topic with its original key and a `replayed-from` header
(`<dlq topic>:<partition>:<offset>`).

**Never twice by accident.** Every replayed letter is recorded in a compacted ledger topic,
`<DLQ_TOPIC>.replayed`, keyed by the letter's `<partition>:<offset>`. The re-produced records and
their ledger entries are written in one Kafka transaction per batch, so either both are visible or
neither is: a crash or Ctrl-C mid-run leaves the unfinished batch unrecorded, and the next run picks
up exactly where the committed ledger ends. A run reads the ledger (`read_committed`) after
initialising its transactional producer, whose id is fixed per dead-letter topic; a second replay
started at the same time fences the first, then sees everything the first committed. Letters already
in the ledger are skipped (counted as `already_replayed`) unless `--again` is given.

A replayed record that fails again becomes a new dead letter. The ledger also holds where each replayed
record landed in the input topic, so such a letter is recognised by its `source` and skipped too
(counted as `failed_again`): running replay twice in a row never sends a still-broken payload round
again. `--again` replays both kinds on purpose (after fixing the cause, say), but one payload per original
input record: a letter and its failed copies (linked through the ledger) are one article, sent once,
and the copies count as `failed_again`. In every report `matched` = `replayed` + `already_replayed` +
`failed_again` + `not_replayable` (a dry run counts `by_reason` instead of `replayed`).

`not_replayable`: a letter without its payload, or one the incident stage wrote (its source is
`<APP_ID>-incident-links`, its payload an entity event that is already extracted, not an article).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from service.config import Settings
from service.events import dumps, isoformat, loads, utc_now
from service.stream.topics import incident_links_topic

log = logging.getLogger(__name__)

#: Letters per transaction: large enough to amortise the commit round trip, small enough that an
#: interrupted run redoes little.
REPLAY_BATCH = 200

#: Header on every replayed input record: which dead letter it came from.
REPLAYED_FROM_HEADER = "replayed-from"


@dataclass(frozen=True)
class ReplayFilter:
    """Which dead letters to replay; every given condition must hold (offsets inclusive)."""

    reasons: frozenset[str] | None = None
    partition: int | None = None
    start_offset: int | None = None
    end_offset: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def matches(self, partition: int, offset: int, timestamp_ms: int, letter: dict[str, Any]) -> bool:
        """True when the letter at `partition`/`offset` written at `timestamp_ms` passes every condition."""
        if self.partition is not None and partition != self.partition:
            return False
        if self.start_offset is not None and offset < self.start_offset:
            return False
        if self.end_offset is not None and offset > self.end_offset:
            return False
        if self.since is not None and timestamp_ms < self.since.timestamp() * 1000:
            return False
        if self.until is not None and timestamp_ms > self.until.timestamp() * 1000:
            return False
        return self.reasons is None or letter.get("reason") in self.reasons


@dataclass
class ReplayReport:
    """What one run did, printed as one JSON line."""

    dlq_topic: str
    input_topic: str
    read: int = 0
    matched: int = 0
    replayed: int = 0
    already_replayed: int = 0
    failed_again: int = 0
    not_replayable: int = 0
    unreadable: int = 0
    dry_run: bool = False
    by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready mapping."""
        return dict(self.__dict__)


def ledger_topic(settings: Settings) -> str:
    """The compacted topic that records which dead letters were replayed."""
    return f"{settings.dlq_topic}.replayed"


def letter_key(partition: int, offset: int) -> bytes:
    """The ledger key of the dead letter at `partition`/`offset`."""
    return f"{partition}:{offset}".encode()


def original_payload(letter: dict[str, Any]) -> bytes | None:
    """The input record's bytes as the worker received them, or None when it had none."""
    payload = letter.get("payload")
    if payload is None or letter.get("payload_encoding") == "none":
        return None
    if letter.get("payload_encoding") == "base64":
        return base64.b64decode(payload)
    return str(payload).encode("utf-8")


async def _ensure_ledger(settings: Settings) -> None:
    from aiokafka.admin import NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    from service import kafka_clients
    from service.connection import start_client

    admin = kafka_clients.admin(settings)
    await start_client(admin, settings)
    try:
        if ledger_topic(settings) in set(await admin.list_topics()):
            return
        from service.stream.topics import replication_for

        factor, min_insync = await replication_for(admin, settings)
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(
                [
                    NewTopic(
                        ledger_topic(settings),
                        1,
                        factor,
                        topic_configs={"cleanup.policy": "compact", "min.insync.replicas": str(min_insync)},
                    )
                ]
            )
    finally:
        await admin.close()


async def _read_to_end(settings: Settings, topic: str, from_offset: int | None = None) -> AsyncIterator[Any]:
    """Every committed record of `topic` from `from_offset` (default: the beginning) up to its end at call time."""
    from service import kafka_clients
    from service.connection import start_client
    from service.kafka_io import end_offsets, read_topic

    consumer = kafka_clients.consumer(settings, isolation_level="read_committed")
    await start_client(consumer, settings)
    try:
        start: dict[int, int] | None = None
        if from_offset is not None:
            # An offset past the end would be reset to the earliest one: clamp it to the end instead.
            start = {p: min(from_offset, end) for p, end in (await end_offsets(consumer, topic)).items()}
        async for record in read_topic(
            consumer, topic, start=start if start is not None else "beginning", to_end=True, wait_for_topic=False
        ):
            yield record
    finally:
        await consumer.stop()


#: Where an input record is: (topic, partition, offset).
Position = tuple[str, int, int]


async def _ledger(settings: Settings) -> tuple[set[bytes], dict[Position, bytes]]:
    """(keys of the letters replayed, {input position a replayed payload landed at: its letter's key})."""
    letters: set[bytes] = set()
    inputs: dict[Position, bytes] = {}
    async for record in _read_to_end(settings, ledger_topic(settings)):
        if record.value is None:
            continue
        letters.add(record.key)
        with contextlib.suppress(ValueError, KeyError, TypeError):
            entry = loads(record.value)
            inputs[(entry["input_topic"], int(entry["input_partition"]), int(entry["input_offset"]))] = record.key
    return letters, inputs


def _first_letter(key: bytes, sources: dict[bytes, Position], replayed_to: dict[Position, bytes]) -> bytes:
    """The key of the first dead letter of the chain `key` belongs to (replayed, failed again, …).

    A letter whose source is a position a replay landed at is a failed copy of the letter replayed
    there; following that link back ends at the letter of the original input record.
    """
    seen = {key}
    while (source := sources.get(key)) is not None and (earlier := replayed_to.get(source)) is not None:
        if earlier in seen:
            break
        seen.add(earlier)
        key = earlier
    return key


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def replay(
    settings: Settings, letter_filter: ReplayFilter, *, dry_run: bool = False, again: bool = False
) -> ReplayReport:
    """Replay the matching dead letters of DLQ_TOPIC to INPUT_TOPIC; see the module docstring."""
    from service import kafka_clients
    from service.connection import start_client

    report = ReplayReport(dlq_topic=settings.dlq_topic, input_topic=settings.input_topic, dry_run=dry_run)
    producer: Any = None
    if not dry_run:
        from service.stream.topics import ensure_topics

        await ensure_topics(settings)  # the input topic with TOPIC_PARTITIONS, not a broker default
        await _ensure_ledger(settings)
        # Initialising a fixed transactional id fences any other replay of this dead-letter topic and
        # aborts its open transaction, so the ledger read below is complete.
        producer = kafka_clients.producer(
            settings, transactional_id=f"{settings.app_id}-replay-{settings.dlq_topic}", max_request_size=2_000_000
        )
        await start_client(producer, settings)
    try:
        # --again still reads the ledger: not to skip, but to send one payload per original article.
        done, replayed_to = await _ledger(settings)
        sources: dict[bytes, Position] = {}
        chosen_first: set[bytes] = set()
        chosen: list[tuple[int, int, bytes | None, bytes, str]] = []
        async for record in _read_to_end(settings, settings.dlq_topic, letter_filter.start_offset):
            report.read += 1
            try:
                letter = loads(record.value or b"")
                assert isinstance(letter, dict)
            except (ValueError, AssertionError):
                report.unreadable += 1
                continue
            source: dict[str, Any] = letter.get("source") or {}
            key = letter_key(record.partition, record.offset)
            with contextlib.suppress(KeyError, TypeError, ValueError):
                sources[key] = (str(source["topic"]), int(source["partition"]), int(source["offset"]))
            if not letter_filter.matches(record.partition, record.offset, record.timestamp, letter):
                continue
            report.matched += 1
            if not again and key in done:
                report.already_replayed += 1
                continue
            failed_copy = sources.get(key) in replayed_to
            # Without --again every failed copy is skipped; with it, all but one letter per original.
            first = _first_letter(key, sources, replayed_to)
            if (failed_copy and not again) or first in chosen_first:
                report.failed_again += 1
                continue
            payload = original_payload(letter)
            # The incident stage's letters hold an entity event, not an article: sent to the input topic
            # it would only come back as `missing_body`. Fix the cause; the event itself is in the letter.
            if payload is None or source.get("topic") == incident_links_topic(settings):
                report.not_replayable += 1
                continue
            chosen_first.add(first)
            source_key = source.get("key")
            reason = str(letter.get("reason"))
            chosen.append(
                (
                    record.partition,
                    record.offset,
                    source_key.encode() if isinstance(source_key, str) else None,
                    payload,
                    reason,
                )
            )
        if dry_run:
            for *_, reason in chosen:
                report.by_reason[reason] = report.by_reason.get(reason, 0) + 1
        if not dry_run:
            for batch in _batches(chosen, REPLAY_BATCH):
                async with producer.transaction():
                    sent = [
                        await producer.send(
                            settings.input_topic,
                            payload,
                            key=key,
                            headers=[(REPLAYED_FROM_HEADER, f"{settings.dlq_topic}:{partition}:{offset}".encode())],
                        )
                        for partition, offset, key, payload, _ in batch
                    ]
                    # Acknowledged (not yet visible) inside the transaction: their positions go in the ledger.
                    landed = await asyncio.gather(*sent)
                    for (partition, offset, _, _, reason), position in zip(batch, landed, strict=True):
                        await producer.send(
                            ledger_topic(settings),
                            dumps(
                                {
                                    "replayed_at": isoformat(utc_now()),
                                    "reason": reason,
                                    "input_topic": position.topic,
                                    "input_partition": position.partition,
                                    "input_offset": position.offset,
                                }
                            ),
                            key=letter_key(partition, offset),
                        )
                for *_, reason in batch:
                    report.by_reason[reason] = report.by_reason.get(reason, 0) + 1
                report.replayed += len(batch)
                log.info("replayed %d/%d dead letters", report.replayed, len(chosen))
    finally:
        if producer is not None:
            await producer.stop()
    return report


def run_replay(
    settings: Settings, letter_filter: ReplayFilter, *, dry_run: bool = False, again: bool = False
) -> ReplayReport:
    """Synchronous wrapper for the CLI."""
    return asyncio.run(replay(settings, letter_filter, dry_run=dry_run, again=again))
