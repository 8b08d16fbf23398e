"""The one publisher of the worker: records sent, acknowledged by the broker, or a clear reason why not.

Both agents publish through one `Publisher`: the extraction agent its events and dead letters
(`service.stream.processor.BatchProcessor`), the incident agent its events, incident records and
changelog writes (`service.stream.incidents.IncidentStage`). What the worker has learnt about a
failing cluster therefore holds for both, and cannot drift apart:

- Per record: a record the broker acknowledged is never sent again; a send still in flight is waited
  for, not sent a second time (the idempotent producer retries it by itself).
- Transient failures are retried with backoff (`SEND_BACKOFF_S`) for at most PUBLISH_RETRY_TIMEOUT_S;
  past that, or when retrying cannot help (topic gone, not authorised), `PublishError` names the cause
  and the setting to fix, and the worker stops without committing.
- A record refused for good (too large, corrupt) is handed to the caller's `refused` hook, which
  returns what to send instead (the batch processor: a dead letter, or a smaller one; the incident
  stage: by the record's kind, `IncidentStage._refused`) or raises `PublishError`; without a hook the
  publisher raises it, naming the record's topic and size. The replacement is published within the
  same call, so nothing that depends on the refused record is committed before it is acknowledged.
- The broker lost the producer's sequence (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID): the
  producer is renewed and the records sent again.
- Too few in-sync replicas (two of three brokers down) is a pause, not an error: the cluster is asked
  why publishing fails every `SHORTFALL_CHECK_S`; while it is short, the retry clock stands still,
  `blocked` says why (/health/live, `news_publish_blocked`), and publishing resumes by itself.
- The same pause holds for a commit of published offsets (`commit`): the group coordinator retries an
  offset commit for as long as `__consumer_offsets` takes no writes, so a batch published just before
  the brokers went waits in its commit, not in publishing; health says why all the same.
- At shutdown (`is_stopping`) a retry loop ends with `CancelledError`: nothing is committed.

The publisher knows no Faust and no extraction: a record is anything with a topic, key, value,
partition (None: by key) and timestamp (None: the producer's clock), so its tests use plain fakes
(`tests/stream/test_publishing.py`, `tests/stream/test_incident_publishing.py`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from aiokafka import errors as kafka_errors

from service import metrics
from service.errors import PublishError

log = logging.getLogger(__name__)

#: Waits between attempts to publish what is still unacknowledged while the broker is unreachable (seconds).
SEND_BACKOFF_S = (0.5, 1, 2, 5, 10)
#: While publishing fails, how often the cluster is asked whether it is short of in-sync replicas (seconds):
#: health says why within this long.
SHORTFALL_CHECK_S = 3.0
#: The topic a consumer group's committed offsets are written to (the cluster's, replicated like ours).
OFFSETS_TOPIC = "__consumer_offsets"
#: Errors the broker or client returns for one record that no retry can fix: the record is too big or invalid.
RECORD_REFUSED = (
    kafka_errors.MessageSizeTooLargeError,
    kafka_errors.RecordTooLargeError,
    kafka_errors.RecordListTooLargeError,
    kafka_errors.CorruptRecordException,
)
#: Errors no retry can fix for a whole topic: the worker has to stop and say why.
TOPIC_REFUSED = (
    kafka_errors.TopicAuthorizationFailedError,
    kafka_errors.InvalidTopicError,
    kafka_errors.ClusterAuthorizationFailedError,
)
#: The broker lost track of the idempotent producer's sequence: after a batch refused for good (too large)
#: the client's next sequence number has a gap the broker never fills (aiokafka does not reset it, unlike
#: the Java client), or the broker expired the producer id of an idle worker. Every later send to that
#: partition fails the same way until the producer is renewed (a new producer id, sequences from 0).
PRODUCER_STATE_LOST = (kafka_errors.OutOfOrderSequenceNumber, kafka_errors.UnknownProducerId)


class Send(Protocol):
    """Sends one record and returns an awaitable that resolves when the broker acknowledged it.

    `timestamp` (seconds since the epoch) is the record's Kafka timestamp, `partition` its partition;
    the publisher passes each only when it is set (None: the producer's clock, the key's partition).
    """

    def __call__(
        self, topic: str, key: bytes | None, value: bytes, *, timestamp: float | None = ..., partition: int | None = ...
    ) -> Awaitable[Awaitable[Any]]:
        """Send (topic, key, value)."""
        ...


class Record(Protocol):
    """What the publisher sends: the caller's own record type, read through these attributes."""

    @property
    def topic(self) -> str:
        """The topic to publish to."""

    @property
    def key(self) -> bytes | None:
        """The record's key."""

    @property
    def value(self) -> bytes:
        """The record's value."""

    @property
    def partition(self) -> int | None:
        """The partition to publish to; None: the one the key maps to."""

    @property
    def timestamp(self) -> float | None:
        """The record's Kafka timestamp (seconds); None: the producer's clock."""


R = TypeVar("R", bound=Record)

#: Whether a topic exists on the cluster right now (asked only after a publish failed).
TopicExists = Callable[[str], Awaitable[bool]]
#: Why the cluster cannot take writes to these topics now (too few in-sync replicas), or None.
ReplicaShortfall = Callable[[list[str]], Awaitable[str | None]]
#: Replaces the producer's client by a fresh one (see `PRODUCER_STATE_LOST`).
RenewProducer = Callable[[], Awaitable[None]]


async def always_exists(topic: str) -> bool:
    """A `TopicExists` for a publisher that cannot ask: every topic exists."""
    return True


async def no_shortfall(topics: list[str]) -> str | None:
    """A `ReplicaShortfall` for a publisher that cannot ask: never short."""
    return None


async def nothing_to_renew() -> None:
    """A `RenewProducer` for a sender without a producer of its own."""
    return None


def root_cause(exc: BaseException) -> BaseException:
    """The Kafka error under Faust's ProducerSendError wrapper (or `exc` itself)."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, kafka_errors.KafkaError):
        cause = cause.__cause__
    return cause if cause is not None else exc


class Acked(Generic[R]):
    """A record the broker acknowledged, with the broker's answer (its RecordMetadata: partition, offset)."""

    __slots__ = ("metadata", "record")

    def __init__(self, record: R, metadata: Any) -> None:
        self.record = record
        self.metadata = metadata

    def __repr__(self) -> str:
        return f"Acked({self.record!r}, {self.metadata!r})"


class _Round(Generic[R]):
    """One `publish` call's records on their way: failed ones to retry, sends awaiting their ack."""

    def __init__(self) -> None:
        self.pending: list[R] = []
        self.in_flight: list[tuple[R, asyncio.Future[Any]]] = []
        self.acked: list[Acked[R]] = []


class Publisher:
    """Publishes records until the broker acknowledged each; see the module docstring for the rules.

    One instance serves every agent of a worker: calls may run concurrently, each with its own retry
    clock; `blocked` is set while any of them waits for in-sync replicas.
    """

    def __init__(
        self,
        send: Send,
        *,
        retry_timeout_s: float = 60.0,
        topic_exists: TopicExists = always_exists,
        replica_shortfall: ReplicaShortfall = no_shortfall,
        renew_producer: RenewProducer = nothing_to_renew,
        is_stopping: Callable[[], bool] = lambda: False,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.send = send
        self.retry_timeout_s = retry_timeout_s
        self.topic_exists = topic_exists
        self.replica_shortfall = replica_shortfall
        self.renew_producer = renew_producer
        self.is_stopping = is_stopping
        #: topic -> the setting that names it, for the messages that tell an operator what to fix.
        self.settings = dict(settings or {})
        #: call -> why it waits for the cluster now (too few in-sync replicas).
        self._paused: dict[int, str] = {}
        #: call -> when its first pause began (kept until the call is done, for the "resumed" line).
        self._paused_since: dict[int, float] = {}
        self._calls = itertools.count()

    @property
    def blocked(self) -> str | None:
        """Why publishing waits for the cluster (not enough in-sync replicas), None while it does not."""
        return next(iter(self._paused.values())) if self._paused else None

    def setting(self, topic: str) -> str:
        """The setting that names `topic` ("topic" when none does)."""
        return self.settings.get(topic, "topic")

    async def publish(
        self,
        records: Sequence[R],
        *,
        refused: Callable[[R, BaseException], R] | None = None,
        acknowledged: Callable[[R], None] | None = None,
    ) -> list[Acked[R]]:
        """Publish every record until the broker acknowledged it; only unacknowledged records are re-sent.

        Every wait is bounded by the call's retry deadline (a send can block on metadata, an ack on a
        partition without a leader), except while the cluster is short of in-sync replicas (`blocked`).
        Re-sending after a transient failure may duplicate a record whose ack was lost: that is the
        at-least-once contract, and consumers de-duplicate on event_id.

        Args:
            records: what to publish.
            refused: what to send instead of a record the broker refused for good (it may raise
                `PublishError`); without it, such a record stops the worker.
            acknowledged: called once per record the broker acknowledged, when it did.

        Returns:
            What the broker acknowledged, with its answer, in the order the acknowledgements arrived
            (a refused record replaced by what `refused` returned).

        Raises:
            PublishError: publishing cannot succeed (the message names the cause and the setting);
                nothing that depends on these records may be committed.
            asyncio.CancelledError: the worker is stopping.

        """
        call = next(self._calls)
        deadline = time.monotonic() + self.retry_timeout_s
        batch: _Round[R] = _Round()
        batch.pending = list(records)
        attempt = 0
        next_check = time.monotonic() + SHORTFALL_CHECK_S
        try:
            while True:
                self._stop_if_stopping()
                failures = await self._send_round(batch, deadline, min(deadline, next_check), acknowledged)
                if lost := next((e for _, e in failures if isinstance(e, PRODUCER_STATE_LOST)), None):
                    log.warning(
                        "the broker lost this producer's sequence (%s); renewing the producer", type(lost).__name__
                    )
                    await self.renew_producer()
                exists: dict[str, bool] = {}  # asked once per topic and round, not once per record
                for item, error in failures:
                    batch.pending.append(await self._after_failure(item, error, exists, refused))
                if not batch.pending and not batch.in_flight:
                    self._resumed(call)
                    return batch.acked
                if time.monotonic() >= next_check:
                    pending = {item.topic for item in batch.pending} | {item.topic for item, _ in batch.in_flight}
                    await self._check_shortfall(call, pending)
                    next_check = time.monotonic() + SHORTFALL_CHECK_S
                if call in self._paused:
                    deadline = time.monotonic() + self.retry_timeout_s  # the retry clock starts when it clears
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    await self._give_up(batch, failures)
                if not batch.pending:
                    continue  # only acks outstanding: wait for them, nothing to re-send
                last = failures[-1][1]
                delay = min(SEND_BACKOFF_S[min(attempt, len(SEND_BACKOFF_S) - 1)], max(remaining, 0.0))
                attempt += 1
                log.warning(
                    "publishing %d of %d records failed (%s: %s); retry %d in %.1fs",
                    len(batch.pending),
                    len(records),
                    type(last).__name__,
                    last,
                    attempt,
                    delay,
                )
                await self._sleep_unless_stopping(delay)
        finally:
            self._paused.pop(call, None)
            self._paused_since.pop(call, None)
            if not self._paused:
                metrics.PUBLISH_BLOCKED.set(0)
            for _, ack in batch.in_flight:
                if not ack.done():
                    ack.cancel()  # it may still reach the broker: a duplicate at worst, never a loss

    async def commit(self, commit: Callable[[], Awaitable[bool]]) -> bool:
        """Run `commit` (of offsets whose records are acknowledged); while the cluster is short, it is a pause.

        An offset commit is retried by the client for as long as the group coordinator answers
        COORDINATOR_NOT_AVAILABLE, which is what it answers while `__consumer_offsets` has too few
        in-sync replicas. Every `SHORTFALL_CHECK_S` of waiting the cluster is asked why, and while it is
        short, `blocked` says so, as it does for publishing; a commit that waits for another reason is
        not a pause (liveness may call it a stall).

        Returns:
            What `commit` returned.

        """
        call = next(self._calls)
        task = asyncio.ensure_future(commit())
        try:
            while True:
                try:
                    return await asyncio.wait_for(asyncio.shield(task), timeout=SHORTFALL_CHECK_S)
                except TimeoutError:
                    await self._check_shortfall(call, [OFFSETS_TOPIC], "committing offsets")
        finally:
            if not task.done():
                task.cancel()
            self._resumed(call)
            if not self._paused:
                metrics.PUBLISH_BLOCKED.set(0)

    async def _send_round(
        self,
        batch: _Round[R],
        send_until: float,
        wait_until: float,
        acknowledged: Callable[[R], None] | None,
    ) -> list[tuple[R, BaseException]]:
        """Send `batch.pending` (each send bounded by `send_until`), wait for acks until `wait_until`.

        Returns what failed, with why; what the broker acknowledged moves to `batch.acked`, what it has
        not answered yet stays in `batch.in_flight`.
        """
        failures: list[tuple[R, BaseException]] = []
        pending, batch.pending = batch.pending, []
        for item in pending:
            try:
                timeout = max(0.0, send_until - time.monotonic())
                ack = await asyncio.wait_for(self._send(item), timeout)
                batch.in_flight.append((item, asyncio.ensure_future(ack)))
            except asyncio.CancelledError:
                raise
            except TimeoutError:  # the client waited for a leader or for room in its buffer all that time
                failures.append((item, TimeoutError(f"sending to {item.topic} took {timeout:.1f}s")))
            except Exception as exc:  # noqa: BLE001 - classified by the caller, never dropped
                failures.append((item, root_cause(exc)))
        if batch.in_flight:
            await asyncio.wait([ack for _, ack in batch.in_flight], timeout=max(0.0, wait_until - time.monotonic()))
        still: list[tuple[R, asyncio.Future[Any]]] = []
        for item, ack in batch.in_flight:
            if not ack.done():
                still.append((item, ack))
            elif ack.cancelled():
                failures.append((item, TimeoutError(f"send to {item.topic} cancelled")))
            elif (error := ack.exception()) is not None:
                failures.append((item, root_cause(error)))
            else:
                if acknowledged is not None:
                    acknowledged(item)
                batch.acked.append(Acked(item, ack.result()))
        batch.in_flight = still
        return failures

    def _send(self, item: R) -> Awaitable[Awaitable[Any]]:
        """`send` with only the options this record sets (a sender need not know the others)."""
        options: dict[str, Any] = {}
        if item.timestamp is not None:
            options["timestamp"] = item.timestamp
        if item.partition is not None:
            options["partition"] = item.partition
        return self.send(item.topic, item.key, item.value, **options)

    async def _after_failure(
        self, item: R, error: BaseException, exists: dict[str, bool], refused: Callable[[R, BaseException], R] | None
    ) -> R:
        """What to send instead of `item` after `error`: itself (transient) or what `refused` says."""
        if isinstance(error, TOPIC_REFUSED):
            raise PublishError(
                f"the broker refuses writes to {item.topic} ({type(error).__name__}: {error}); "
                f"check the topic name and this worker's ACLs ({self.setting(item.topic)})"
            )
        if isinstance(error, RECORD_REFUSED):
            if refused is not None:
                return refused(item, error)
            raise PublishError(
                f"{item.topic} refuses a {len(item.value)}-byte record for good ({type(error).__name__}: {error}); "
                f"raise the topic's max.message.bytes and MAX_MESSAGE_BYTES ({self.setting(item.topic)})"
            )
        # Any other error may be transient (broker away, leader moving) or mean the topic was deleted: ask.
        if item.topic not in exists:
            exists[item.topic] = await self._exists(item.topic)
        if not exists[item.topic]:
            raise PublishError(
                f"topic {item.topic} does not exist any more (deleted?); recreate it or fix {self.setting(item.topic)}"
            )
        return item

    async def _give_up(self, batch: _Round[R], failures: list[tuple[R, BaseException]]) -> None:
        """Raise the PublishError that says why the records cannot be published within the retry time."""
        unsent = batch.pending + [item for item, _ in batch.in_flight]
        for topic in sorted({item.topic for item in unsent}):
            if not await self._exists(topic):
                raise PublishError(
                    f"topic {topic} does not exist any more (deleted?); recreate it or fix {self.setting(topic)}"
                )
        last: BaseException = (
            failures[-1][1]
            if failures
            else TimeoutError(f"no acknowledgement within the retry time for {batch.in_flight[0][0].topic}")
        )
        raise PublishError(
            f"could not publish {len(unsent)} records to {', '.join(sorted({i.topic for i in unsent}))} "
            f"within PUBLISH_RETRY_TIMEOUT_S={self.retry_timeout_s:g}s (last error: {type(last).__name__}: "
            f"{last}); is the broker reachable (KAFKA_BOOTSTRAP_SERVERS)?"
        )

    async def _check_shortfall(self, call: int, topics: Iterable[str], what: str = "publishing") -> None:
        """Ask the cluster whether it is short of in-sync replicas for `topics` (those `what` waits on)."""
        topics = sorted(topics)
        try:
            reason = await asyncio.wait_for(self.replica_shortfall(topics), timeout=10)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the cluster cannot say: keep the state we had
            log.debug("asking for in-sync replicas of %s failed: %s: %s", topics, type(exc).__name__, exc)
            return
        if reason is None:
            if self._paused.pop(call, None) is not None:
                log.info("the cluster has enough in-sync replicas again; retrying for PUBLISH_RETRY_TIMEOUT_S at most")
            metrics.PUBLISH_BLOCKED.set(1 if self._paused else 0)
            return
        if call not in self._paused:
            self._paused_since.setdefault(call, time.monotonic())
            log.warning("%s paused, the batch stays uncommitted until the cluster recovers: %s", what, reason)
        self._paused[call] = reason
        metrics.PUBLISH_BLOCKED.set(1)

    def _resumed(self, call: int) -> None:
        """The call's records are published: end its pause, if there was one."""
        self._paused.pop(call, None)
        since = self._paused_since.pop(call, None)
        if since is not None:
            log.info("publishing resumed after a pause of %.1fs for in-sync replicas", time.monotonic() - since)

    async def _exists(self, topic: str) -> bool:
        try:
            return await asyncio.wait_for(self.topic_exists(topic), timeout=10)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the cluster cannot say: assume it is away, keep retrying
            return True

    def _stop_if_stopping(self) -> None:
        if self.is_stopping():
            raise asyncio.CancelledError("worker stopping; the batch stays uncommitted")

    async def _sleep_unless_stopping(self, delay: float) -> None:
        until = time.monotonic() + delay
        while (left := until - time.monotonic()) > 0:
            self._stop_if_stopping()
            await asyncio.sleep(min(left, 0.25))
