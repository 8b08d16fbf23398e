"""One batch of input records -> events and dead letters on Kafka, acknowledged before the offsets.

The order per batch is the delivery guarantee:
  1. admit every record: decode, validate, language gate (`service.pipeline.admit`, as the CLI does;
     bad ones become dead letters, never exceptions);
  2. extract the valid ones off the event loop (`ExtractionRunner`);
  3. send every event and dead letter, then wait until the broker acknowledged each of them.
Acking the inputs and committing their offsets come after, in the delivery unit
(`service.stream.delivery.Delivery.commit`), which calls `process`. A crash before the commit leaves
the offsets uncommitted: the batch is read again after restart (at-least-once; downstream
de-duplicates on the deterministic `event_id`).

Publishing is per record: a record the broker acknowledged is never sent again; a record refused for
good (too large, invalid) becomes a dead letter (`event_too_large`) or, if it is a dead letter, a
smaller one; only transient failures are retried, with backoff, for at most PUBLISH_RETRY_TIMEOUT_S.
Past that, or when retrying cannot help (topic gone, not authorised), `PublishError` names the cause
and the worker exits without committing. Metrics count a record when the broker acknowledged it.

One failure is waited out however long it lasts: an output topic with fewer in-sync replicas than its
min.insync.replicas (two of three brokers down). The cluster is reachable and refuses the write on
purpose; a restart cannot help, so the worker stays live, keeps the batch uncommitted, says why in
`blocked` (/health/live, `news_publish_blocked`) and resumes by itself once a broker is back. A send
still in flight is waited for, not sent again: the idempotent producer retries it by itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiokafka import errors as kafka_errors

from service import metrics
from service.errors import DeadLetterReason, PublishError
from service.events import Article, build_dead_letter, dumps
from service.language import LanguageGate
from service.logs import record_context
from service.pipeline import ArticleEvent, ArticleFailure, admit
from service.stream.pool import HARD_DEADLINE_GRACE_S, ExtractionRunner

log = logging.getLogger(__name__)

#: Waits between attempts to publish what is still unacknowledged while the broker is unreachable (seconds).
_SEND_BACKOFF_S = (0.5, 1, 2, 5, 10)
#: Bytes of a Kafka record beyond its key and value (batch header 61 bytes, record header, varints):
#: reserved when a value is bounded to the topic's limit.
RECORD_OVERHEAD_BYTES = 128
#: A key longer than this is cut when used as the key of a dead letter: it must not crowd out the letter.
MAX_DEAD_LETTER_KEY_BYTES = 1024
#: Errors the broker or client returns for one record that no retry can fix: the record is too big or invalid.
_RECORD_REFUSED = (
    kafka_errors.MessageSizeTooLargeError,
    kafka_errors.RecordTooLargeError,
    kafka_errors.RecordListTooLargeError,
    kafka_errors.CorruptRecordException,
)
#: Errors no retry can fix for a whole topic: the worker has to stop and say why.
_TOPIC_REFUSED = (
    kafka_errors.TopicAuthorizationFailedError,
    kafka_errors.InvalidTopicError,
    kafka_errors.ClusterAuthorizationFailedError,
)
#: The broker lost track of the idempotent producer's sequence: after a batch refused for good (too large)
#: the client's next sequence number has a gap the broker never fills (aiokafka does not reset it, unlike
#: the Java client), or the broker expired the producer id of an idle worker. Every later send to that
#: partition fails the same way until the producer is renewed (a new producer id, sequences from 0).
_PRODUCER_STATE_LOST = (kafka_errors.OutOfOrderSequenceNumber, kafka_errors.UnknownProducerId)
#: How often a refused dead letter is cut smaller before the worker gives up (each try halves it).
_DEAD_LETTER_SHRINKS = 4
#: While publishing fails, how often the cluster is asked whether it is short of in-sync replicas (seconds):
#: health says why within this long.
SHORTFALL_CHECK_S = 3.0


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


class Send(Protocol):
    """Sends one record and returns an awaitable that resolves when the broker acknowledged it.

    `timestamp` (seconds since the epoch) is the record's Kafka timestamp; None: the producer's clock.
    """

    def __call__(
        self, topic: str, key: bytes | None, value: bytes, *, timestamp: float | None = None
    ) -> Awaitable[Awaitable[Any]]:
        """Send (topic, key, value)."""
        ...


#: Where an event goes instead of the output topic: (key, serialised event) -> (topic, key, value).
#: The incident stage routes events that may belong to an incident through its link topic and adds
#: `incident_id` to the others (`service.stream.incidents.IncidentStage.route`).
Route = Callable[[bytes, bytes], tuple[str, bytes, bytes]]
#: Whether a topic exists on the cluster right now (asked only after a publish failed).
TopicExists = Callable[[str], Awaitable[bool]]
#: Why the cluster cannot take writes to these topics now (too few in-sync replicas), or None.
ReplicaShortfall = Callable[[list[str]], Awaitable[str | None]]
#: Replaces the producer's client by a fresh one (see `_PRODUCER_STATE_LOST`).
RenewProducer = Callable[[], Awaitable[None]]


async def _always_exists(topic: str) -> bool:
    return True


async def _no_shortfall(topics: list[str]) -> str | None:
    return None


async def _nothing_to_renew() -> None:
    return None


def _root_cause(exc: BaseException) -> BaseException:
    """The Kafka error under Faust's ProducerSendError wrapper (or `exc` itself)."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, kafka_errors.KafkaError):
        cause = cause.__cause__
    return cause if cause is not None else exc


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
        topic_exists: TopicExists = _always_exists,
        route: Route | None = None,
        replica_shortfall: ReplicaShortfall = _no_shortfall,
        renew_producer: RenewProducer = _nothing_to_renew,
    ) -> None:
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
        self.retry_timeout_s = retry_timeout_s
        self.topic_exists = topic_exists
        self.replica_shortfall = replica_shortfall
        self.renew_producer = renew_producer
        #: Why publishing waits for the cluster (not enough in-sync replicas), None while it does not.
        self.blocked: str | None = None
        self._blocked_since: float | None = None
        self.last_progress = time.monotonic()
        #: While a batch is in flight: the monotonic time by which it must be done (extraction and
        #: publishing are both bounded), so liveness does not call a long but bounded batch a stall.
        self.busy_until: float | None = None
        #: Highest input offset per partition whose output is acknowledged (for lag and liveness).
        self.acked: dict[int, int] = {}

    def value_limit(self, topic: str, key: bytes | None) -> int:
        """Largest value a record with `key` may have on `topic` (MAX_MESSAGE_BYTES or the topic's limit)."""
        limit = min(self.max_message_bytes, self.topic_limits.get(topic, self.max_message_bytes))
        return limit - len(key or b"") - RECORD_OVERHEAD_BYTES

    async def process(self, records: Sequence[InputRecord]) -> list[Outgoing]:
        """Publish an event or a dead letter for every record; returns them once all are acknowledged.

        Returns:
            What the broker acknowledged, one item per record (an event, or the dead letter that
            replaced it), in the order the acknowledgements arrived.

        Raises:
            PublishError: publishing cannot succeed (the message names the cause); nothing of this
                batch may be committed.

        """
        articles: list[tuple[InputRecord, Article]] = []
        outgoing: list[Outgoing] = []
        for record in records:
            admitted = admit(record.value, self.max_body_bytes, self.language_gate)
            if isinstance(admitted, ArticleFailure):
                outgoing.append(
                    self._dead_letter(
                        record, admitted.reason, admitted.error_type, admitted.message, article_id=admitted.article_id
                    )
                )
            else:
                articles.append((record, admitted))

        budget = self.runner.time_budget_s
        extraction_bound = 0.0 if budget is None else 2 * len(articles) * (budget + HARD_DEADLINE_GRACE_S)
        # + model loads of replaced pool processes (~10 s each on a loaded 2-core machine, at most two per article).
        self.busy_until = time.monotonic() + extraction_bound + 2 * self.retry_timeout_s + 20 * len(articles)
        try:
            return await self._extract_and_publish(records, articles, outgoing)
        finally:
            self.busy_until = None

    async def _extract_and_publish(
        self, records: Sequence[InputRecord], articles: list[tuple[InputRecord, Article]], outgoing: list[Outgoing]
    ) -> list[Outgoing]:
        if articles:
            metrics.BATCH_SIZE.observe(len(articles))
            with metrics.EXTRACTION_SECONDS.time():
                outcomes = await self.runner.run([article for _, article in articles])
            for (record, article), outcome in zip(articles, outcomes, strict=True):
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
        self._observe(records, routed={(i.record.partition, i.record.offset) for i in published if i.routed})
        for record in records:
            if record.offset > self.acked.get(record.partition, -1):
                self.acked[record.partition] = record.offset
        self.last_progress = time.monotonic()
        return published

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
        """Publish every record until the broker acknowledged it; only unacknowledged records are re-sent.

        Returns what was acknowledged (a refused event is replaced by its dead letter).

        Every wait is bounded by the batch's retry deadline (a send can block on metadata, an ack on a
        partition without a leader), except while the cluster is short of in-sync replicas (`blocked`).
        Re-sending after a transient failure may duplicate a record whose ack was lost: that is the
        at-least-once contract, and consumers de-duplicate on event_id.
        """
        deadline = time.monotonic() + self.retry_timeout_s
        pending = outgoing
        in_flight: list[tuple[Outgoing, asyncio.Future[Any]]] = []
        published: list[Outgoing] = []
        attempt = 0
        next_check = time.monotonic() + SHORTFALL_CHECK_S
        try:
            while True:
                self._stop_if_stopping()
                failures, in_flight = await self._send_round(
                    pending, in_flight, deadline, min(deadline, next_check), published
                )
                pending = []
                if lost := next((e for _, e in failures if isinstance(e, _PRODUCER_STATE_LOST)), None):
                    log.warning(
                        "the broker lost this producer's sequence (%s); renewing the producer", type(lost).__name__
                    )
                    await self.renew_producer()
                exists: dict[str, bool] = {}  # asked once per topic and round, not once per record
                for item, error in failures:
                    pending.append(await self._after_failure(item, error, exists))
                if not pending and not in_flight:
                    self._resumed()
                    return published
                now = time.monotonic()
                if now >= next_check:
                    await self._check_shortfall(pending, in_flight)
                    next_check = time.monotonic() + SHORTFALL_CHECK_S
                if self.blocked is not None:
                    deadline = time.monotonic() + self.retry_timeout_s  # the retry clock starts when it clears
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    await self._give_up(pending, in_flight, failures)
                if not pending:
                    continue  # only acks outstanding: wait for them, nothing to re-send
                last = failures[-1][1]
                delay = min(_SEND_BACKOFF_S[min(attempt, len(_SEND_BACKOFF_S) - 1)], max(remaining, 0.0))
                attempt += 1
                log.warning(
                    "publishing %d of %d records failed (%s: %s); retry %d in %.1fs",
                    len(pending),
                    len(outgoing),
                    type(last).__name__,
                    last,
                    attempt,
                    delay,
                )
                await self._sleep_unless_stopping(delay)
        finally:
            for _, ack in in_flight:
                if not ack.done():
                    ack.cancel()  # it may still reach the broker: a duplicate at worst, never a loss

    async def _give_up(
        self,
        pending: list[Outgoing],
        in_flight: list[tuple[Outgoing, asyncio.Future[Any]]],
        failures: list[tuple[Outgoing, BaseException]],
    ) -> None:
        """Raise the PublishError that says why the batch cannot be published within the retry time."""
        unsent = pending + [item for item, _ in in_flight]
        for topic in sorted({item.topic for item in unsent}):
            if not await self._exists(topic):
                raise PublishError(
                    f"topic {topic} does not exist any more (deleted?); recreate it or fix {self._setting(topic)}"
                )
        last: BaseException = (
            failures[-1][1]
            if failures
            else TimeoutError(f"no acknowledgement within the retry time for {in_flight[0][0].topic}")
        )
        raise PublishError(
            f"could not publish {len(unsent)} records to {', '.join(sorted({i.topic for i in unsent}))} "
            f"within PUBLISH_RETRY_TIMEOUT_S={self.retry_timeout_s:g}s (last error: {type(last).__name__}: "
            f"{last}); is the broker reachable (KAFKA_BOOTSTRAP_SERVERS)?"
        )

    async def _check_shortfall(
        self, pending: list[Outgoing], in_flight: list[tuple[Outgoing, asyncio.Future[Any]]]
    ) -> None:
        """Ask the cluster whether it is short of in-sync replicas for the topics still unpublished."""
        topics = sorted({item.topic for item in pending} | {item.topic for item, _ in in_flight})
        try:
            reason = await asyncio.wait_for(self.replica_shortfall(topics), timeout=10)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the cluster cannot say: keep the state we had
            log.debug("asking for in-sync replicas of %s failed: %s: %s", topics, type(exc).__name__, exc)
            return
        if reason is None:
            if self.blocked is not None:
                log.info("the cluster has enough in-sync replicas again; retrying for PUBLISH_RETRY_TIMEOUT_S at most")
            self.blocked = None
            metrics.PUBLISH_BLOCKED.set(0)
            return
        if self.blocked is None:
            self._blocked_since = self._blocked_since or time.monotonic()
            log.warning("publishing paused, the batch stays uncommitted until the cluster recovers: %s", reason)
        self.blocked = reason
        metrics.PUBLISH_BLOCKED.set(1)

    def _resumed(self) -> None:
        """The batch is published: end a pause, if there was one."""
        if self._blocked_since is not None:
            waited = time.monotonic() - self._blocked_since
            log.info("publishing resumed after a pause of %.1fs for in-sync replicas", waited)
        self.blocked = None
        self._blocked_since = None
        metrics.PUBLISH_BLOCKED.set(0)

    async def _send_round(
        self,
        pending: list[Outgoing],
        in_flight: list[tuple[Outgoing, asyncio.Future[Any]]],
        send_until: float,
        wait_until: float,
        published: list[Outgoing],
    ) -> tuple[list[tuple[Outgoing, BaseException]], list[tuple[Outgoing, asyncio.Future[Any]]]]:
        """Send `pending` (each send bounded by `send_until`), wait for acks until `wait_until`.

        Returns (what failed, with why) and what is still in flight; what the broker acknowledged is
        appended to `published`.
        """
        failures: list[tuple[Outgoing, BaseException]] = []
        in_flight = list(in_flight)
        for item in pending:
            try:
                timeout = max(0.0, send_until - time.monotonic())
                sending = (
                    self.send(item.topic, item.key, item.value, timestamp=item.record.timestamp)
                    if item.routed
                    else self.send(item.topic, item.key, item.value)
                )
                ack = await asyncio.wait_for(sending, timeout)
                in_flight.append((item, asyncio.ensure_future(ack)))
            except asyncio.CancelledError:
                raise
            except TimeoutError:  # the client waited for a leader or for room in its buffer all that time
                failures.append((item, TimeoutError(f"sending to {item.topic} took {timeout:.1f}s")))
            except Exception as exc:  # noqa: BLE001 - classified by the caller, never dropped
                failures.append((item, _root_cause(exc)))
        if in_flight:
            await asyncio.wait([ack for _, ack in in_flight], timeout=max(0.0, wait_until - time.monotonic()))
        still: list[tuple[Outgoing, asyncio.Future[Any]]] = []
        for item, ack in in_flight:
            if not ack.done():
                still.append((item, ack))
            elif ack.cancelled():
                failures.append((item, TimeoutError(f"send to {item.topic} cancelled")))
            elif (error := ack.exception()) is not None:
                failures.append((item, _root_cause(error)))
            else:
                self._acknowledged(item)
                published.append(item)
        return failures, still

    async def _after_failure(self, item: Outgoing, error: BaseException, exists: dict[str, bool]) -> Outgoing:
        """What to send instead of `item` after `error`: itself (transient), a dead letter, or a smaller one."""
        if isinstance(error, _TOPIC_REFUSED):
            raise PublishError(
                f"the broker refuses writes to {item.topic} ({type(error).__name__}: {error}); "
                f"check the topic name and this worker's ACLs ({self._setting(item.topic)})"
            )
        if isinstance(error, _RECORD_REFUSED):
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
                    f"({self._setting(item.topic)})"
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
        # Any other error may be transient (broker away, leader moving) or mean the topic was deleted: ask.
        if item.topic not in exists:
            exists[item.topic] = await self._exists(item.topic)
        if not exists[item.topic]:
            raise PublishError(
                f"topic {item.topic} does not exist any more (deleted?); recreate it or fix {self._setting(item.topic)}"
            )
        return item

    async def _exists(self, topic: str) -> bool:
        try:
            return await asyncio.wait_for(self.topic_exists(topic), timeout=10)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the cluster cannot say: assume it is away, keep retrying
            return True

    def _setting(self, topic: str) -> str:
        return "OUTPUT_TOPIC" if topic == self.output_topic else "DLQ_TOPIC" if topic == self.dlq_topic else "topic"

    def _stop_if_stopping(self) -> None:
        if self.is_stopping():
            raise asyncio.CancelledError("worker stopping; the batch stays uncommitted")

    async def _sleep_unless_stopping(self, delay: float) -> None:
        until = time.monotonic() + delay
        while (left := until - time.monotonic()) > 0:
            self._stop_if_stopping()
            await asyncio.sleep(min(left, 0.25))

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
