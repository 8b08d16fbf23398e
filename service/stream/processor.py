"""One batch of input records -> events and dead letters on Kafka, acknowledged before the offsets.

The order per batch is the delivery guarantee:
  1. admit every record: decode, validate, language gate (`service.pipeline.admit`, as the CLI does;
     bad ones become dead letters, never exceptions);
  2. extract the valid ones off the event loop (`ExtractionRunner`);
  3. send every event and dead letter, then wait until the broker acknowledged each of them.
Steps 1-2 are `prepare` (it returns a `PreparedBatch` whose extraction runs in a task), step 3 is
`deliver`; `process` is both at once. They are apart so that the agent can extract the next batch
while this one is published, acked and committed (the look-ahead, `service.stream.delivery.LookAhead`):
extraction has nothing to wait for, publishing waits for the commit of the batch before. One batch
extracts at a time (a batch's extraction starts when the one prepared before it is done), so a
part's time budget never counts time queued behind another batch.
Acking the inputs and committing their offsets come after, in the delivery unit
(`service.stream.delivery.Delivery.commit`), which calls `deliver`. A crash before the commit leaves
the offsets uncommitted: the batch is read again after restart (at-least-once; downstream
de-duplicates on the deterministic `event_id`); a batch that was only extracted was never published.

Publishing goes through the worker's one `Publisher` (`service.stream.publisher`, shared with the
incident stage): per record, only transient failures retried, for at most PUBLISH_RETRY_TIMEOUT_S,
a pause (`blocked`) while the cluster is short of in-sync replicas, `PublishError` when retrying
cannot help. What is particular to this path lives here: a record refused for good (too large,
invalid) becomes a dead letter (`event_too_large`) or, if it is a dead letter, a smaller one; and
metrics count a record when the broker acknowledged it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from service import metrics
from service.errors import DeadLetterReason, PublishError
from service.events import Article, build_dead_letter, dumps
from service.language import LanguageGate
from service.logs import record_context
from service.pipeline import ArticleEvent, ArticleFailure, Outcome, admit
from service.stream.pool import HARD_DEADLINE_GRACE_S, ExtractionRunner
from service.stream.publisher import (
    Publisher,
    RenewProducer,
    ReplicaShortfall,
    Send,
    TopicExists,
    always_exists,
    no_shortfall,
    nothing_to_renew,
)

log = logging.getLogger(__name__)

#: Bytes of a Kafka record beyond its key and value (batch header 61 bytes, record header, varints):
#: reserved when a value is bounded to the topic's limit.
RECORD_OVERHEAD_BYTES = 128
#: A key longer than this is cut when used as the key of a dead letter: it must not crowd out the letter.
MAX_DEAD_LETTER_KEY_BYTES = 1024
#: How often a refused dead letter is cut smaller before the worker gives up (each try halves it).
_DEAD_LETTER_SHRINKS = 4


@dataclass(frozen=True, slots=True)
class InputRecord:
    """The parts of a consumed Kafka record the processor needs (independent of Faust's types)."""

    key: bytes | None
    value: bytes | None
    topic: str
    partition: int
    offset: int
    timestamp: float | None  # seconds since the epoch


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One record to publish: an event or a dead letter for one input record."""

    record: InputRecord
    topic: str
    key: bytes | None
    value: bytes
    #: The dead-letter reason; None for an event.
    reason: DeadLetterReason | None = None
    article_id: str | None = None
    event: ArticleEvent | None = None
    #: A dead letter's error, to rebuild it smaller if its topic refuses it.
    error: tuple[str, str] = ("", "")
    #: How often this dead letter was refused and cut to half its size.
    shrinks: int = 0
    #: True for an event handed to another stage (`route`) instead of the output topic: that stage
    #: publishes it and observes its latency, so it is sent with the input record's timestamp.
    routed: bool = False

    @property
    def partition(self) -> int | None:
        """None: the partition the key maps to (a `service.stream.publisher.Record`)."""
        return None

    @property
    def timestamp(self) -> float | None:
        """A routed event keeps the input record's timestamp; everything else gets the producer's clock."""
        return self.record.timestamp if self.routed else None


#: Where an event goes instead of the output topic: (key, serialised event) -> (topic, key, value).
#: The incident stage routes events that may belong to an incident through its link topic and adds
#: `incident_id` to the others (`service.stream.incidents.IncidentStage.route`).
Route = Callable[[bytes, bytes], tuple[str, bytes, bytes]]


class PreparedBatch:
    """A batch admitted, its articles handed to the extraction pool: `BatchProcessor.deliver` publishes it.

    Made by `BatchProcessor.prepare`. `close` (idempotent; `deliver` and the delivery unit call it when
    they are done with the batch, whatever happened) cancels an extraction still running and ends the
    batch's share of `BatchProcessor.busy_until`.
    """

    def __init__(
        self,
        records: Sequence[InputRecord],
        articles: list[tuple[InputRecord, Article]],
        rejected: list[Outgoing],
        extraction: asyncio.Future[list[Outcome]] | None,
        deadline: float,
        bound: float,
        on_close: Callable[[PreparedBatch], None],
    ) -> None:
        self.records = list(records)
        self.articles = articles
        #: Dead letters of the records admission refused (no extraction needed).
        self.rejected = rejected
        self.extraction = extraction
        #: Monotonic time by which the batch must be delivered (liveness: slow within it, not stuck).
        #: Moves earlier when the batch before it closes (`BatchProcessor.busy_until`).
        self.deadline = deadline
        #: Seconds the batch may take once nothing is ahead of it: its extraction and publishing bounds.
        self.bound = bound
        self._on_close = on_close
        self.closed = False

    async def extracted(self) -> None:
        """Wait until the extraction is over (done, failed or cancelled); `outcomes` then has its result."""
        if self.extraction is not None and not self.extraction.done():
            await asyncio.wait([self.extraction])

    async def outcomes(self) -> list[Outcome]:
        """The extraction's outcomes, one per article in order (its exception if it failed)."""
        if self.extraction is None:
            return []
        return await self.extraction

    def close(self) -> None:
        """The batch is delivered, dropped or abandoned: stop its extraction if it still runs."""
        if self.closed:
            return
        self.closed = True
        if self.extraction is not None and not self.extraction.done():
            self.extraction.cancel()
        self._on_close(self)


class BatchProcessor:
    """Turns a batch of input records into acknowledged events and dead letters."""

    def __init__(
        self,
        runner: ExtractionRunner,
        send: Send,
        *,
        output_topic: str,
        dlq_topic: str,
        max_body_bytes: int,
        language_gate: LanguageGate | None = None,
        is_stopping: Callable[[], bool] = lambda: False,
        max_message_bytes: int = 1_000_000,
        topic_limits: Mapping[str, int] | None = None,
        retry_timeout_s: float = 60.0,
        topic_exists: TopicExists = always_exists,
        route: Route | None = None,
        replica_shortfall: ReplicaShortfall = no_shortfall,
        renew_producer: RenewProducer = nothing_to_renew,
        publisher: Publisher | None = None,
    ) -> None:
        """Build the processor; `publisher` is the worker's shared one, else one is made of `send` and the options.

        `retry_timeout_s`, `topic_exists`, `replica_shortfall`, `renew_producer` and `is_stopping` are
        the options of that publisher (`service.stream.publisher.Publisher`); they are not used when
        `publisher` is given.
        """
        self.runner = runner
        self.route = route
        self.language_gate = language_gate
        self.send = send
        self.output_topic = output_topic
        self.dlq_topic = dlq_topic
        self.max_body_bytes = max_body_bytes
        self.is_stopping = is_stopping
        self.max_message_bytes = max_message_bytes
        self.topic_limits = dict(topic_limits or {})
        self.publisher = publisher or Publisher(
            send,
            retry_timeout_s=retry_timeout_s,
            topic_exists=topic_exists,
            replica_shortfall=replica_shortfall,
            renew_producer=renew_producer,
            is_stopping=is_stopping,
            settings={output_topic: "OUTPUT_TOPIC", dlq_topic: "DLQ_TOPIC"},
        )
        self.retry_timeout_s = self.publisher.retry_timeout_s
        self.last_progress = time.monotonic()
        #: Batches prepared and not yet closed: at most two with the look-ahead (one publishing, one
        #: extracting), in the order they were prepared.
        self._in_flight: list[PreparedBatch] = []
        #: The extraction prepared last: the next batch's extraction starts after it.
        self._last_extraction: asyncio.Future[list[Outcome]] | None = None
        #: Highest input offset per partition whose output is acknowledged (for lag and liveness).
        self.acked: dict[int, int] = {}

    @property
    def blocked(self) -> str | None:
        """Why publishing waits for the cluster (not enough in-sync replicas), None while it does not."""
        return self.publisher.blocked

    def value_limit(self, topic: str, key: bytes | None) -> int:
        """Largest value a record with `key` may have on `topic` (MAX_MESSAGE_BYTES or the topic's limit)."""
        limit = min(self.max_message_bytes, self.topic_limits.get(topic, self.max_message_bytes))
        return limit - len(key or b"") - RECORD_OVERHEAD_BYTES

    @property
    def busy_until(self) -> float | None:
        """While a batch is in flight: the monotonic time by which it must be done, else None.

        Extraction and publishing are both bounded, so liveness does not call a long but bounded batch
        a stall. A batch prepared while the one before is in flight publishes only after that one is
        done, so its deadline counts from the earlier one's; when the earlier one closes, the later
        one's deadline is brought forward to its own bound from then (`_closed`). So the deadline never
        lies more than about two bounds ahead, however long a backlog keeps the look-ahead full: a
        hang is reported within that, not hours later.
        """
        return max((batch.deadline for batch in self._in_flight), default=None)

    def prepare(self, records: Sequence[InputRecord]) -> PreparedBatch:
        """Admit every record and start extracting the valid ones (after the batch prepared before).

        Needs a running event loop: the extraction is a task. Nothing is published; `deliver` does
        that, and `PreparedBatch.close` abandons the batch.
        """
        articles: list[tuple[InputRecord, Article]] = []
        rejected: list[Outgoing] = []
        for record in records:
            admitted = admit(record.value, self.max_body_bytes, self.language_gate)
            if isinstance(admitted, ArticleFailure):
                rejected.append(
                    self._dead_letter(
                        record, admitted.reason, admitted.error_type, admitted.message, article_id=admitted.article_id
                    )
                )
            else:
                articles.append((record, admitted))

        budget = self.runner.time_budget_s
        extraction_bound = 0.0 if budget is None else 2 * len(articles) * (budget + HARD_DEADLINE_GRACE_S)
        # + model loads of replaced pool processes (~10 s each on a loaded 2-core machine, at most two per article).
        bound = extraction_bound + 2 * self.retry_timeout_s + 20 * len(articles)
        # A batch behind another one in flight is published only after that one is done.
        deadline = max(time.monotonic(), self.busy_until or 0.0) + bound
        extraction = None
        if articles:
            extraction = asyncio.ensure_future(self._extract(articles, after=self._last_extraction))
            # An abandoned batch's failure is nobody's to report ("exception was never retrieved").
            extraction.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._last_extraction = extraction
        batch = PreparedBatch(records, articles, rejected, extraction, deadline, bound, self._closed)
        self._in_flight.append(batch)
        return batch

    def _closed(self, batch: PreparedBatch) -> None:
        """`batch` is done: a batch behind it may publish from now, so it is due within its own bound from now."""
        self._in_flight.remove(batch)
        now = time.monotonic()
        for waiting in self._in_flight:
            waiting.deadline = min(waiting.deadline, now + waiting.bound)

    async def _extract(
        self, articles: list[tuple[InputRecord, Article]], after: asyncio.Future[list[Outcome]] | None
    ) -> list[Outcome]:
        if after is not None and not after.done():
            await asyncio.wait([after])  # one batch in the pool at a time; the one before keeps its own errors
        started = time.perf_counter()
        outcomes = await self.runner.run([article for _, article in articles])
        # Completed extractions only: a look-ahead batch cancelled half-way would record a partial time
        # and count its articles twice (they are read and extracted again).
        metrics.BATCH_SIZE.observe(len(articles))
        metrics.EXTRACTION_SECONDS.observe(time.perf_counter() - started)
        return outcomes

    async def deliver(self, batch: PreparedBatch, records: Sequence[InputRecord] | None = None) -> list[Outgoing]:
        """Publish an event or a dead letter for every record of `batch` (or of `records`, some of them).

        `records` are the batch's records to publish (the very objects of `batch.records`); the others
        are left out (the delivery unit drops records that are read again). Closes the batch.

        Returns:
            What the broker acknowledged, one item per record (an event, or the dead letter that
            replaced it), in the order the acknowledgements arrived.

        Raises:
            PublishError: publishing cannot succeed (the message names the cause); nothing of this
                batch may be committed.

        """
        try:
            outcomes = await batch.outcomes()
            kept = {id(record) for record in (batch.records if records is None else records)}
            outgoing = [item for item in batch.rejected if id(item.record) in kept]
            for (record, article), outcome in zip(batch.articles, outcomes, strict=True):
                if id(record) not in kept:
                    continue
                if isinstance(outcome, ArticleEvent):
                    outgoing.append(self._event(record, article, outcome))
                elif isinstance(outcome, ArticleFailure):
                    log.warning(
                        "extraction failed for article %s: %s (%s)",
                        article.id,
                        outcome.reason,
                        outcome.error_type,
                        extra=record_context(record.topic, record.partition, record.offset, article.id),
                    )
                    outgoing.append(
                        self._dead_letter(
                            record, outcome.reason, outcome.error_type, outcome.message, article_id=article.id
                        )
                    )
            published = await self._publish(outgoing)
            delivered = [record for record in batch.records if id(record) in kept]
            self._observe(delivered, routed={(i.record.partition, i.record.offset) for i in published if i.routed})
            for record in delivered:
                if record.offset > self.acked.get(record.partition, -1):
                    self.acked[record.partition] = record.offset
            self.last_progress = time.monotonic()
            return published
        finally:
            batch.close()

    async def process(self, records: Sequence[InputRecord]) -> list[Outgoing]:
        """`prepare` and `deliver` at once: publish an event or a dead letter for every record.

        Returns:
            What the broker acknowledged, one item per record, in the order the acknowledgements arrived.

        Raises:
            PublishError: publishing cannot succeed; nothing of this batch may be committed.

        """
        return await self.deliver(self.prepare(records))

    def _event(self, record: InputRecord, article: Article, outcome: ArticleEvent) -> Outgoing:
        key = article.id.encode("utf-8")
        topic, value = self.output_topic, outcome.payload
        if self.route is not None:
            topic, key, value = self.route(key, value)
        limit = self.value_limit(topic, key)
        if len(value) > limit:  # bounded in the extraction process; checked again against this topic
            return self._dead_letter(
                record,
                "event_too_large",
                "EventTooLarge",
                f"the event is {len(value)} bytes, over the {limit} bytes "
                f"{topic} accepts (MAX_MESSAGE_BYTES, max.message.bytes)",
                article_id=article.id,
            )
        return Outgoing(
            record, topic, key, value, article_id=article.id, event=outcome, routed=topic != self.output_topic
        )

    def _dead_letter(
        self,
        record: InputRecord,
        reason: DeadLetterReason,
        error_type: str,
        message: str,
        article_id: str | None = None,
        shrinks: int = 0,
        refused_size: int | None = None,
    ) -> Outgoing:
        key = record.key[:MAX_DEAD_LETTER_KEY_BYTES] if record.key is not None else None
        limit = self.value_limit(self.dlq_topic, key)
        if refused_size is not None:  # the topic refused a letter this big: its real limit is lower than we knew
            limit = min(limit, refused_size // 2)
        letter = build_dead_letter(
            reason=reason,
            error_type=error_type,
            message=message,
            payload=record.value,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            article_id=article_id,
            schema=self.runner.schema,
            max_bytes=max(limit, 0),
        )
        if not shrinks:
            # Log the reason and position only: payloads may carry article text or personal data.
            log.info(
                "dead-lettering %s[%d]@%d: %s",
                record.topic,
                record.partition,
                record.offset,
                reason,
                extra=record_context(record.topic, record.partition, record.offset, article_id, reason),
            )
        return Outgoing(
            record,
            self.dlq_topic,
            key,
            dumps(letter),
            reason=reason,
            article_id=article_id,
            error=(error_type, message),
            shrinks=shrinks,
        )

    async def _publish(self, outgoing: list[Outgoing]) -> list[Outgoing]:
        """Publish every record through the worker's `Publisher` until the broker acknowledged it.

        Returns what was acknowledged (a refused event is replaced by its dead letter, a refused dead
        letter by a smaller one), in the order the acknowledgements arrived.
        """
        acked = await self.publisher.publish(outgoing, refused=self._refused, acknowledged=self._acknowledged)
        return [item.record for item in acked]

    def _refused(self, item: Outgoing, error: BaseException) -> Outgoing:
        """What to send instead of a record the broker refused for good: a dead letter, or a smaller one."""
        if item.reason is None:
            return self._dead_letter(
                item.record,
                "event_too_large",
                type(error).__name__,
                f"the broker refused the event of {len(item.value)} bytes: {error}",
                article_id=item.article_id,
            )
        if item.shrinks >= _DEAD_LETTER_SHRINKS:
            raise PublishError(
                f"{item.topic} refuses even a {len(item.value)}-byte dead letter "
                f"({type(error).__name__}); raise the topic's max.message.bytes "
                f"({self.publisher.setting(item.topic)})"
            )
        log.warning(
            "%s refused a %d-byte dead letter (%s); sending it smaller",
            item.topic,
            len(item.value),
            type(error).__name__,
        )
        return self._dead_letter(
            item.record,
            item.reason,
            *item.error,
            article_id=item.article_id,
            shrinks=item.shrinks + 1,
            refused_size=len(item.value),
        )

    def _acknowledged(self, item: Outgoing) -> None:
        """Count what the broker acknowledged (never before: a refused record is not counted)."""
        if item.reason is None:
            metrics.ARTICLES.labels("event").inc()
            if item.event is not None:
                for entity_type, count in item.event.entity_counts.items():
                    metrics.ENTITIES.labels(entity_type).inc(count)
                for kind in item.event.casualty_kinds:
                    metrics.CASUALTY_FIGURES.labels(kind).inc()
        else:
            metrics.ARTICLES.labels("dead_letter").inc()
            metrics.DEAD_LETTERS.labels(item.reason).inc()

    def _observe(self, records: Sequence[InputRecord], routed: set[tuple[int, int]]) -> None:
        """Latency of every record whose output is on its topic now (a routed event's: by its stage)."""
        now = time.time()
        for record in records:
            if record.timestamp is not None and (record.partition, record.offset) not in routed:
                metrics.END_TO_END_LATENCY.observe(max(0.0, now - record.timestamp))
        metrics.LAST_PROGRESS.set(now)
