"""One batch of input records -> events and dead letters on Kafka, acknowledged before the offsets.

The order per batch is the delivery guarantee:
  1. decode and validate every record, language included (bad ones become dead letters, never
     exceptions);
  2. extract the valid ones off the event loop (`ExtractionRunner`);
  3. send every event and dead letter, then wait until the broker acknowledged each of them;
  4. only then ack the input events, so Faust may commit their offsets.
A crash anywhere before step 4 leaves the offsets uncommitted: the batch is read again after
restart (at-least-once; downstream de-duplicates on the deterministic `event_id`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from service import metrics
from service.errors import ArticleRejected
from service.events import Article, build_dead_letter, decode_article, dumps
from service.language import LanguageGate
from service.logs import record_context
from service.pipeline import ArticleEvent, ArticleFailure, ExtractionRunner

log = logging.getLogger(__name__)

#: Waits between attempts to publish a batch while the broker is unreachable (seconds).
_SEND_BACKOFF_S = (0.5, 1, 2, 5, 10)


@dataclass(frozen=True, slots=True)
class InputRecord:
    """The parts of a consumed Kafka record the processor needs (independent of Faust's types)."""

    key: bytes | None
    value: bytes | None
    topic: str
    partition: int
    offset: int
    timestamp: float | None  # seconds since the epoch


#: Sends (topic, key, value) and returns an awaitable that resolves when the broker acknowledged it.
Send = Callable[[str, bytes | None, bytes], Awaitable[Awaitable[Any]]]


class BatchProcessor:
    """Turns a batch of input records into acknowledged events and dead letters."""

    def __init__(self, runner: ExtractionRunner, send: Send, *, output_topic: str, dlq_topic: str,
                 max_body_bytes: int, language_gate: LanguageGate | None = None,
                 is_stopping: Callable[[], bool] = lambda: False) -> None:
        self.runner = runner
        self.language_gate = language_gate
        self.send = send
        self.output_topic = output_topic
        self.dlq_topic = dlq_topic
        self.max_body_bytes = max_body_bytes
        self.is_stopping = is_stopping
        self.last_progress = time.monotonic()
        #: Highest input offset per partition whose output is acknowledged (for lag and liveness).
        self.acked: dict[int, int] = {}

    async def process(self, records: Sequence[InputRecord]) -> None:
        """Publish an event or a dead letter for every record; returns once all are acknowledged."""
        articles: list[tuple[InputRecord, Article]] = []
        outgoing: list[tuple[str, bytes | None, bytes]] = []
        for record in records:
            try:
                article = decode_article(record.value, self.max_body_bytes)
            except ArticleRejected as exc:
                outgoing.append(self._dead_letter(record, exc.reason, type(exc).__name__, exc.message))
                continue
            try:
                articles.append((record, self.language_gate.check(article) if self.language_gate else article))
            except ArticleRejected as exc:
                outgoing.append(self._dead_letter(record, exc.reason, type(exc).__name__, exc.message,
                                                  article_id=article.id))

        if articles:
            metrics.BATCH_SIZE.observe(len(articles))
            with metrics.EXTRACTION_SECONDS.time():
                outcomes = await self.runner.run([article for _, article in articles])
            for (record, article), outcome in zip(articles, outcomes, strict=True):
                if isinstance(outcome, ArticleEvent):
                    outgoing.append((self.output_topic, article.id.encode("utf-8"), outcome.payload))
                    for entity_type, count in outcome.entity_counts.items():
                        metrics.ENTITIES.labels(entity_type).inc(count)
                    for kind in outcome.casualty_kinds:
                        metrics.CASUALTY_FIGURES.labels(kind).inc()
                elif isinstance(outcome, ArticleFailure):
                    log.warning("extraction failed for article %s: %s", article.id, outcome.error_type,
                                extra=record_context(record.topic, record.partition, record.offset, article.id))
                    outgoing.append(self._dead_letter(record, outcome.reason, outcome.error_type,
                                                      outcome.message, article_id=article.id))

        await self._publish(outgoing)
        self._observe(records, outgoing)
        for record in records:
            if record.offset > self.acked.get(record.partition, -1):
                self.acked[record.partition] = record.offset
        self.last_progress = time.monotonic()

    def _dead_letter(self, record: InputRecord, reason: str, error_type: str, message: str,
                     article_id: str | None = None) -> tuple[str, bytes | None, bytes]:
        letter = build_dead_letter(
            reason=reason, error_type=error_type, message=message, payload=record.value,
            topic=record.topic, partition=record.partition, offset=record.offset, key=record.key,
            article_id=article_id, schema=self.runner.schema,
        )
        metrics.DEAD_LETTERS.labels(reason).inc()
        # Log the reason and position only: payloads may carry article text or personal data.
        log.info("dead-lettering %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason,
                 extra=record_context(record.topic, record.partition, record.offset, article_id, reason))
        return self.dlq_topic, record.key, dumps(letter)

    async def _publish(self, outgoing: list[tuple[str, bytes | None, bytes]]) -> None:
        """Send everything and wait for the broker's acks; retry the batch while the broker is away.

        Re-sending after a partial failure may duplicate some events: that is the at-least-once
        contract, and consumers de-duplicate on event_id.
        """
        attempt = 0
        while True:
            try:
                pending = [await self.send(topic, key, value) for topic, key, value in outgoing]
                await asyncio.gather(*pending)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any send failure: retry, never drop
                if self.is_stopping():
                    raise
                delay = _SEND_BACKOFF_S[min(attempt, len(_SEND_BACKOFF_S) - 1)]
                attempt += 1
                log.warning("publishing %d records failed (%s: %s); retry %d in %.1fs",
                            len(outgoing), type(exc).__name__, exc, attempt, delay)
                await asyncio.sleep(delay)

    def _observe(self, records: Sequence[InputRecord], outgoing: list[tuple[str, bytes | None, bytes]]) -> None:
        now = time.time()
        events = 0
        for topic, _, _ in outgoing:
            if topic == self.output_topic:
                events += 1
        metrics.ARTICLES.labels("event").inc(events)
        metrics.ARTICLES.labels("dead_letter").inc(len(outgoing) - events)
        for record in records:
            if record.timestamp is not None:
                metrics.END_TO_END_LATENCY.observe(max(0.0, now - record.timestamp))
        metrics.LAST_PROGRESS.set(now)
