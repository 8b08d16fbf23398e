"""The incident stage: each entity event gets its `incident_id`, and each incident its latest record.

Two steps, because the incidents table must be partitioned by region, not by article:

1. `IncidentStage.route`, called by the batch processor for every event inside the delivery unit's
   publish step. An event that reports a toll or names people may belong to an incident, so it is not
   published yet: it goes whole to the internal topic `<APP_ID>-incident-links`, keyed by the
   article's region (country of its scene, `service.incidents`) and stamped with the input record's
   timestamp. Every other event gets `incident_id: null` and goes to the output topic as before. The
   input offsets are committed once these sends are acknowledged.
2. The `incidents` agent consumes the links topic. The table `incidents` (changelog
   `<APP_ID>-incidents-changelog`) holds one `RegionState` per region; Faust co-partitions it with the
   links topic, so every article of a region, and every incident it could join, is on one worker, and
   a rebalance moves a region's incidents with its partition (restored from the changelog, or taken
   over from a standby replica, INCIDENT_STANDBY_REPLICAS).

Per batch of requests (`handle_batch`, in offset order): link each (pure); publish every event with
its `incident_id` and wait for the acks; then the records of the incidents that gained or changed
something, and wait; then write each touched region to the table and wait until its changelog record
is acknowledged; only then are the requests acked. So an incident record is never published before the
event of the article that made it.

Replay after a crash gives the same ids. An incident's id is derived from the article that opened it
(`incident_id_for(region, article_id)`), and linking is a function of the region's state and the
article. A request is read again only while its table write may be missing, and every earlier
request of its partition had its changelog record acknowledged before it was acked, so the restored
table is the state the request met the first time, or already holds the article (linking is
idempotent per article id). The event is then published again with the same `incident_id` and the
record with the same `updates`: duplicates, never a second count, never a lost update.

A record the broker refuses for good (too large: a topic's `max.message.bytes` below MAX_MESSAGE_BYTES)
does not stop the worker while a smaller one can pass (`IncidentStage._refused`, by kind): an event
becomes its dead letter (`event_too_large`), a dead letter is sent again at half its size, an incident
record is cut and flagged `truncated`, a changelog write loses the detail of the region's least
recently updated incidents. After MAX_SHRINKS replacements of one record the worker stops with a
`PublishError` that names the setting. The replacement is published within the same step, so the
requests are acked only after it too was acknowledged (docs/delivery.md, "Records the broker refuses
for good").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, Literal, NamedTuple, NoReturn

from service import metrics
from service.config import Settings
from service.errors import DeadLetterReason, PublishError
from service.events import (
    CURRENT_SCHEMA,
    bounded_incident,
    build_dead_letter,
    build_incident,
    dumps,
    loads,
    utc_now,
)
from service.incidents import RegionState, expire, link, shrink_to_fit, signal_from_event
from service.stream.commits import LedgerKeeper
from service.stream.delivery import FaustGroup, Group, fetched_in_this_generation
from service.stream.health import OFFSETS_READ_TIMEOUT_S, OffsetSource
from service.stream.processor import RECORD_OVERHEAD_BYTES
from service.stream.publisher import Acked, Publisher
from service.stream.topics import incident_links_topic, incidents_changelog_topic

log = logging.getLogger(__name__)

#: Link requests handled together: their events, then records, then changelog writes are each sent at
#: once and acknowledged together (three waits per batch, not per request).
LINK_BATCH_SIZE = 64
#: Longest wait for a batch of link requests to fill (seconds).
LINK_BATCH_WAIT_S = 0.05
#: Bytes an event may grow by when its `incident_id` is set (`,"incident_id":"` + 20 hex + `"`, with
#: room to spare): reserved when events are bounded in the extraction process (`service.cli`).
INCIDENT_ID_RESERVE_BYTES = 64
#: How often one record the broker refused for good is replaced by a smaller one before the worker
#: stops: an event becomes a dead letter, which may be halved twice more; an incident record is halved
#: three times (to an eighth), a changelog write cut by a quarter three times (to 42 %). Records are
#: bounded to the limits read at start, so a refusal means a limit lowered since, and one lower than
#: that is misconfigured: the operator has to know.
MAX_SHRINKS = 3

#: What a record of the stage is, for what to send instead when the broker refuses it for good.
OutgoingKind = Literal["event", "dead_letter", "incident", "changelog"]


class LinkRequest(NamedTuple):
    """One record of the links topic: an entity event keyed by region, and where it was read."""

    region: bytes
    value: bytes
    partition: int
    #: The input record's Kafka timestamp (seconds), for the end-to-end latency.
    timestamp: float | None = None
    offset: int = -1


class Outgoing(NamedTuple):
    """A record the stage publishes (a `service.stream.publisher.Record`)."""

    topic: str
    key: bytes
    value: bytes
    #: None: the partition the key maps to.
    partition: int | None
    #: None: the producer's clock.
    timestamp: float | None = None
    kind: OutgoingKind = "event"
    #: The link request it comes from (events and dead letters), to dead-letter or rebuild it.
    request: LinkRequest | None = None
    #: A dead letter's (reason, error type, message), to rebuild it smaller.
    error: tuple[DeadLetterReason, str, str] | None = None
    #: How often this record was refused for good and replaced by a smaller one (`MAX_SHRINKS`).
    shrinks: int = 0
    #: The article (events, dead letters of events) or the incident (incident records) it is about.
    subject: str | None = None


def links_topic_name(settings: Settings) -> str:
    """The internal repartition topic (created at start by `service.stream.topics.ensure_topics`)."""
    return incident_links_topic(settings)


def may_join_an_incident(event: dict[str, Any]) -> tuple[bool, str]:
    """(whether the event is routed through the links topic, its region): a toll, or people named."""
    signal = signal_from_event(event, now=utc_now())
    return signal.has_toll or bool(signal.people), signal.region


class IncidentStage:
    """Routing (step 1) and linking (step 2) around one Faust table; see the module docstring."""

    def __init__(
        self,
        app: Any,
        settings: Settings,
        publisher: Publisher,
        *,
        writes_changelog: bool = False,
        topic_limits: Mapping[str, int] | None = None,
    ) -> None:
        """The stage on `app`, publishing through the worker's `publisher` (the extraction agent's too).

        `writes_changelog`: the stage sends the table's changelog records itself and waits for their
        acks (the worker); False leaves them to Faust's table (unit tests without a broker).
        `topic_limits`: {topic: max.message.bytes} as read at start (`ensure_topics`): records are
        bounded to them before sending, so a refusal (and the producer renewal it costs) is left for a
        limit lowered while the worker runs.
        """
        self.settings = settings
        self.publisher = publisher
        self.writes_changelog = writes_changelog
        self.topic_limits = dict(topic_limits or {})
        self.ttl = timedelta(days=settings.incident_ttl_days)
        #: `incident_id` is a v2 field: under EVENT_SCHEMA=v1 events are written without it.
        self.writes_incident_id = settings.event_schema == CURRENT_SCHEMA
        #: A region's table value must fit one changelog record (MAX_MESSAGE_BYTES, the producer's limit).
        self.max_state_bytes = settings.max_message_bytes - 64 - RECORD_OVERHEAD_BYTES
        options: dict[str, Any] = {
            "key_type": bytes,
            "value_type": bytes,
            "key_serializer": "raw",
            "value_serializer": "raw",
            "partitions": settings.topic_partitions,
        }
        self.links_topic = app.topic(links_topic_name(settings), internal=True, **options)
        # Keys and values are bytes with the app's raw serialisers (the table takes no serialiser arguments).
        self.table = app.Table(
            "incidents", default=None, key_type=bytes, value_type=bytes, partitions=settings.topic_partitions
        )
        self.app = app
        #: region -> (the stored value object, its open incidents, its largest ones): gauges re-read only
        #: the regions whose value changed.
        self._counted: dict[bytes, tuple[bytes, int, list[Toll]]] = {}
        #: Label sets of `news_incident_toll` exported now (removed when an incident leaves the top).
        self._tolls_exported: set[tuple[str, str, str]] = set()
        #: changelog partition -> offset of the last record this worker wrote there (acknowledged).
        self._written: dict[int, int] = {}
        #: Link-request partitions whose lag series exist (removed when the partition goes).
        self._lag_labelled: set[int] = set()
        #: True while the agent handles a request (the commit ledger does not take that for a stall).
        self.busy = False

    # -- step 1: routing, in the extraction agent's publish step ------------------------------------

    def route(self, key: bytes, payload: bytes) -> tuple[str, bytes, bytes]:
        """Where the serialised event `payload` (record key `key`) goes: (topic, key, value).

        To the links topic, whole and keyed by region, when it may belong to an incident; else to the
        output topic with `incident_id: null`.
        """
        try:
            event = loads(payload)
            joins, region = may_join_an_incident(event)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # our own event: never, but never lose it
            log.error(
                "event %r cannot be routed to an incident (%s: %s): published without", key, type(exc).__name__, exc
            )
            return self.settings.output_topic, key, payload
        if joins:
            return self.links_topic.get_topic_name(), region.encode(), payload
        return self.settings.output_topic, key, self._with_incident_id(event, payload, None)

    def value_limit(self, topic: str, key: bytes | None) -> int:
        """Largest value a record with `key` may have on `topic` (MAX_MESSAGE_BYTES or the topic's limit)."""
        limit = min(self.settings.max_message_bytes, self.topic_limits.get(topic, self.settings.max_message_bytes))
        return limit - len(key or b"") - RECORD_OVERHEAD_BYTES

    def _with_incident_id(self, event: dict[str, Any], payload: bytes, incident_id: str | None) -> bytes:
        if not self.writes_incident_id:
            return payload
        return dumps({**event, "incident_id": incident_id})

    # -- step 2: linking, in the incidents agent ----------------------------------------------------

    async def handle(
        self, region: bytes, value: bytes, partition: int, *, timestamp: float | None = None, offset: int = -1
    ) -> bool:
        """`handle_batch` of one request; True if its incident gained or changed something."""
        return bool(await self.handle_batch([LinkRequest(region, value, partition, timestamp, offset)]))

    async def handle_batch(self, requests: Sequence[LinkRequest]) -> int:
        """Link requests in order, then publish their events, then the incident records, then the table.

        Each step waits for the broker's acknowledgements before the next, so an incident record is
        published only after its article's event, and the table is written only after both (a crash in
        between links the same articles again, from the same state, to the same ids). Returns how many
        requests changed an incident.

        Raises:
            PublishError: the broker did not take an event, a record or a changelog write in time.

        """
        states: dict[bytes, RegionState] = {}
        touched: dict[bytes, int] = {}  # region -> changelog partition, for regions to store
        events: list[Outgoing] = []
        records: list[Outgoing] = []
        opened = updated = 0
        for request in requests:
            try:
                event = loads(request.value)
                signal = signal_from_event(event, now=utc_now())
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                # Only this service writes the links topic, so this is a bug or a stranger's record: keep it.
                events.append(self._not_an_event(request, exc))
                continue
            region = request.region
            if region not in states:
                raw = self.table.get(region)
                states[region] = RegionState.from_state(loads(raw) if raw else None)
            state = states[region]
            before = state.to_state()
            try:
                # Event time, not wall time: a replay decides exactly as the first run did.
                expired = expire(state, signal.at, self.ttl)
                outcome = link(state, signal, region.decode())
            except Exception:  # a linking bug must not hold the article's event back: it goes out unlinked
                log.exception(
                    "linking article %s failed; its event is published without an incident", signal.article_id
                )
                states[region] = RegionState.from_state(before)
                outcome, expired = None, []
            incident_id = outcome.incident_id if outcome is not None else None
            value = self._with_incident_id(event, request.value, incident_id)
            key = signal.article_id.encode("utf-8")
            limit = self.value_limit(self.settings.output_topic, key)
            if len(value) > limit:  # bounded for the links topic, whose limit may be larger than the output's
                log.warning(
                    "dead-lettering link request %s[%d]@%d: event_too_large (%d bytes, %s takes %d)",
                    self.links_topic.get_topic_name(),
                    request.partition,
                    request.offset,
                    len(value),
                    self.settings.output_topic,
                    limit,
                )
                message = (
                    f"the event is {len(value)} bytes, over the {limit} bytes {self.settings.output_topic} "
                    f"accepts (MAX_MESSAGE_BYTES, max.message.bytes) (incident {incident_id})"
                )
                events.append(
                    self._dead_letter(
                        request, "event_too_large", "EventTooLarge", message, article_id=signal.article_id
                    )
                )
            else:
                events.append(
                    Outgoing(self.settings.output_topic, key, value, None, request=request, subject=signal.article_id)
                )
            log.debug(
                "incident link %s region=%s -> %s changed=%s expired=%d",
                signal.article_id,
                region,
                incident_id,
                outcome.changed if outcome else None,
                len(expired),
            )
            if outcome is None:
                continue
            if outcome.changed and incident_id is not None:
                record = build_incident(state.incidents[incident_id].to_record(), signal.article_id)
                key = incident_id.encode()
                payload = dumps(record)
                limit = self.value_limit(self.settings.incidents_topic, key)
                if len(payload) > limit:
                    payload = bounded_incident(record, limit)
                records.append(
                    Outgoing(self.settings.incidents_topic, key, payload, None, kind="incident", subject=incident_id)
                )
                opened, updated = opened + outcome.opened, updated + (not outcome.opened)
            if outcome.changed or expired:
                touched[region] = request.partition
        await self._publish_all(events)
        now = time.time()
        for request in requests:
            if request.timestamp is not None:
                metrics.END_TO_END_LATENCY.observe(max(0.0, now - request.timestamp))
        # After the events, before the table: a crash before the write publishes them again, never loses one.
        for wave in in_key_order(records):
            await self._publish_all(wave)
        metrics.INCIDENT_UPDATES.labels("opened").inc(opened)
        metrics.INCIDENT_UPDATES.labels("updated").inc(updated)
        await self._store(touched, states)
        return opened + updated

    async def _store(self, touched: Mapping[bytes, int], states: Mapping[bytes, RegionState]) -> None:
        """Write the regions' states to the table and wait until their changelog records are acknowledged.

        Faust's own table write (`table[key] = value`) only buffers the changelog record, and its flush
        before an offset commit gives up after 0.1 s: on the broker test a kill -9 then restored a table
        that lacked articles whose link requests were already committed (lost updates). So the records
        are sent here and acknowledged before the requests are acked, and the in-memory store is set
        from what the broker acknowledged, without a second send. A state too large for one record
        (MAX_MESSAGE_BYTES, or what the changelog topic refused) loses the detail of its least
        recently updated incidents first, then those incidents (`_fit_state`).
        """
        writes: list[Outgoing] = []
        changelog = incidents_changelog_topic(self.settings)
        for region, partition in touched.items():
            limit = min(self.max_state_bytes, self.value_limit(changelog, region))
            stored = self._fit_state(region, states[region], limit)
            writes.append(
                Outgoing(incidents_changelog_topic(self.settings), region, stored, partition, kind="changelog")
            )
        if not self.writes_changelog:  # unit tests: Faust's own path
            for write in writes:
                self.table[write.key] = write.value
        else:
            acked_writes = await self._publish_all(writes)
            writes = [acked.record for acked in acked_writes]  # a refused write replaced by a smaller one
            for acked in acked_writes:
                write = acked.record
                with contextlib.suppress(AttributeError, TypeError):
                    assert write.partition is not None
                    offset = int(acked.metadata.offset)
                    self._written[write.partition] = max(self._written.get(write.partition, -1), offset)
                self.table.data[write.key] = write.value
        for write in writes:
            value = loads(write.value)
            self._counted[write.key] = (write.value, len(value.get("incidents", ())), _largest(value))

    def _fit_state(self, region: bytes, state: RegionState, max_bytes: int) -> bytes:
        """`state` serialised in at most `max_bytes`: least recently updated incidents' detail dropped first.

        See `service.incidents.shrink_to_fit`: the article lists of the least recently updated
        incidents are compacted first, and only if that is not enough are they dropped whole.
        """
        stored = dumps(state.to_state())
        if len(stored) <= max_bytes:
            return stored
        size = len(stored)
        compacted, dropped = shrink_to_fit(state, lambda s: len(dumps(s.to_state())) <= max_bytes)
        stored = dumps(state.to_state())
        log.warning(
            "region %s is %d bytes, over %d: detail of %d incidents dropped (%s), %d incidents dropped (%s)",
            region,
            size,
            max_bytes,
            len(compacted),
            ", ".join(compacted),
            len(dropped),
            ", ".join(dropped),
        )
        return stored

    async def _publish_all(self, items: Sequence[Outgoing]) -> list[Acked[Outgoing]]:
        """Publish `items` through the worker's publisher and wait until the broker acknowledged each.

        Transient failures are retried for PUBLISH_RETRY_TIMEOUT_S, a cluster short of in-sync replicas
        pauses, a producer whose sequence the broker lost is renewed (`service.stream.publisher`). A
        record the broker refuses for good is replaced by a smaller one (`_refused`) within the same
        call, so the requests are acked only after what replaced it was acknowledged.

        Raises:
            PublishError: the time is up, a topic refuses writes, or a record is still refused after
                MAX_SHRINKS smaller tries; the worker stops and the requests stay uncommitted.

        """
        return await self.publisher.publish(items, refused=self._refused, acknowledged=self._acknowledged)

    def _refused(self, item: Outgoing, error: BaseException) -> Outgoing:
        """What to send instead of a record the broker refused for good (too large, invalid), by its kind.

        An event becomes its dead letter (`event_too_large`); a dead letter is sent again at half its
        size; an incident record is cut to half its size and flagged `truncated`; a changelog write loses
        the detail of the region's least recently updated incidents until it is three quarters of its
        size (then those incidents, if that is not enough: `service.incidents.shrink_to_fit`). After
        MAX_SHRINKS replacements of one record, `PublishError`.
        """
        topic, size, why = item.topic, len(item.value), f"{type(error).__name__}: {error}"
        if item.shrinks >= MAX_SHRINKS:
            self._stop_refused(item, why, f"after {item.shrinks} smaller tries")
        log.warning("%s refused a %d-byte %s for good (%s); sending a smaller one", topic, size, item.kind, why)
        half = size // 2
        shrinks = item.shrinks + 1
        if item.kind == "event":
            assert item.request is not None  # every event is built from its request
            incident = loads(item.value).get("incident_id") if self.writes_incident_id else None
            message = f"the broker refused the event of {size} bytes for {topic} (incident {incident}): {why}"
            return self._dead_letter(
                item.request, "event_too_large", type(error).__name__, message, article_id=item.subject, shrinks=shrinks
            )
        if item.kind == "dead_letter":
            assert item.request is not None and item.error is not None
            smaller = self._dead_letter(
                item.request, *item.error, article_id=item.subject, shrinks=shrinks, max_bytes=half
            )
        elif item.kind == "incident":
            smaller = item._replace(value=bounded_incident(loads(item.value), half), shrinks=shrinks)
        else:
            # A quarter off, not half: what goes past compacting detail drops incidents whole, and a later
            # report of a dropped incident opens a new one. Three tries still reach 42 % of the size.
            state = RegionState.from_state(loads(item.value))
            smaller = item._replace(value=self._fit_state(item.key, state, size * 3 // 4), shrinks=shrinks)
        if len(smaller.value) >= size:  # cut to the bone already: sending it again cannot help
            self._stop_refused(item, why, "and it cannot be cut smaller")
        return smaller

    def _stop_refused(self, item: Outgoing, why: str, after: str) -> NoReturn:
        """Log and raise the `PublishError` that stops the worker on a record no smaller try gets through."""
        setting = self.publisher.setting(item.topic)
        what = item.kind.replace("_", " ")
        log.error(
            "%s refuses a %d-byte %s for good (%s) %s; stopping the worker, nothing of this batch of link "
            "requests is committed: raise the topic's max.message.bytes (%s)",
            item.topic,
            len(item.value),
            what,
            why,
            after,
            setting,
        )
        raise PublishError(
            f"{item.topic} refuses even a {len(item.value)}-byte {what} ({why}) {after}; "
            f"raise the topic's max.message.bytes ({setting})"
        )

    def _acknowledged(self, item: Outgoing) -> None:
        """Count a dead letter once the broker acknowledged it (never before: a refused one is not counted)."""
        if item.kind != "dead_letter" or item.error is None:
            return
        reason = item.error[0]
        if item.subject is None:
            # A link request that was no event: the extraction agent never counted it as processed.
            metrics.ARTICLES.labels("dead_letter").inc()
        metrics.DEAD_LETTERS.labels(reason).inc()

    def _not_an_event(self, request: LinkRequest, exc: BaseException) -> Outgoing:
        """The dead letter of a link request that is not an entity event (published with the batch's events)."""
        reason: DeadLetterReason = "invalid_json" if isinstance(exc, ValueError) else "schema_violation"
        log.error(
            "link request %s[%d]@%d is not an entity event (%s: %s): dead-lettered",
            self.links_topic.get_topic_name(),
            request.partition,
            request.offset,
            type(exc).__name__,
            exc,
        )
        return self._dead_letter(
            request, reason, type(exc).__name__, f"not an entity event on the incident links topic: {exc}"
        )

    def _dead_letter(
        self,
        request: LinkRequest,
        reason: DeadLetterReason,
        error_type: str,
        message: str,
        *,
        article_id: str | None = None,
        shrinks: int = 0,
        max_bytes: int | None = None,
    ) -> Outgoing:
        """The dead letter of `request` (its source: the links topic), at most `max_bytes` and its topic's limit."""
        links = self.links_topic.get_topic_name()
        limit = self.value_limit(self.settings.dlq_topic, request.region)
        if max_bytes is not None:
            limit = min(limit, max_bytes)
        letter = build_dead_letter(
            reason=reason,
            error_type=error_type,
            message=message[:2000],
            payload=request.value,
            topic=links,
            partition=request.partition,
            offset=request.offset,
            key=request.region,
            article_id=article_id,
            schema=self.settings.event_schema,
            max_bytes=max(limit, 0),
        )
        return Outgoing(
            self.settings.dlq_topic,
            request.region,
            dumps(letter),
            None,
            kind="dead_letter",
            request=request,
            error=(reason, error_type, message),
            shrinks=shrinks,
            subject=article_id,
        )

    # -- gauges ---------------------------------------------------------------------------------------

    def refresh_table_gauges(self) -> None:
        """Open incidents, bytes, regions and the largest incidents of the table this worker holds now."""
        held: dict[bytes, tuple[bytes, int, list[Toll]]] = {}
        with contextlib.suppress(Exception):  # the store may be swapped during a rebalance: next time
            for region, raw in list(self.table.data.items()):
                counted = self._counted.get(region)
                if counted is None or counted[0] is not raw:
                    state = loads(raw) if raw else {}
                    counted = (raw, len(state.get("incidents", ())), _largest(state))
                held[region] = counted
        self._counted = held
        metrics.INCIDENTS_OPEN.set(sum(count for _, count, _ in held.values()))
        metrics.INCIDENT_TABLE_BYTES.set(sum(len(raw or b"") for raw, _, _ in held.values()))
        metrics.INCIDENT_TABLE_REGIONS.set(len(held))
        largest = sorted((toll for _, _, tolls in held.values() for toll in tolls), reverse=True)
        exported: set[tuple[str, str, str]] = set()
        for _, killed, injured, incident_id, place in largest[: metrics.LARGEST_INCIDENTS]:
            for kind, count in (("killed", killed), ("injured", injured)):
                metrics.INCIDENT_TOLL.labels(incident_id, place, kind).set(count)
                exported.add((incident_id, place, kind))
        for labels in self._tolls_exported - exported:
            with contextlib.suppress(KeyError):
                metrics.INCIDENT_TOLL.remove(*labels)
        self._tolls_exported = exported

    async def refresh_lag(self, offsets: OffsetSource) -> None:
        """Link requests waiting, and changelog records not yet in this worker's table, per partition.

        Link lag (`news_incident_link_lag_messages`): the group's committed offset to the end of each
        assigned links-topic partition: events waiting for their incident. Changelog lag
        (`news_incident_changelog_lag_messages`): the end of each changelog partition this worker holds
        minus the last record its table has (restored by Faust's recovery, or written here): while a
        table is restored after an assignment, what remains to read; for a standby, how far it trails.
        """
        assigned: set[Any] = set()
        with contextlib.suppress(Exception):
            assigned = set(self.app.consumer.assignment())
        links, changelog = self.links_topic.get_topic_name(), incidents_changelog_topic(self.settings)
        link_parts = sorted(tp.partition for tp in assigned if tp.topic == links)
        log_parts = sorted(tp.partition for tp in assigned if tp.topic == changelog)
        try:
            committed, ends = await asyncio.wait_for(offsets.read(links, link_parts), OFFSETS_READ_TIMEOUT_S)
            _, log_ends = await asyncio.wait_for(offsets.read(changelog, log_parts), OFFSETS_READ_TIMEOUT_S)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - keep the last values; the next refresh retries
            log.debug("reading incident offsets failed: %s: %s", type(exc).__name__, exc)
            return
        for partition in self._lag_labelled - set(link_parts):
            with contextlib.suppress(KeyError):
                metrics.INCIDENT_LINK_LAG.remove(str(partition))
        for partition in link_parts:
            if partition in ends:
                done = max(committed.get(partition, -1), 0)
                metrics.INCIDENT_LINK_LAG.labels(str(partition)).set(max(0, ends[partition] - done))
        self._lag_labelled = set(link_parts)
        restored = self._restored_offsets()
        lag = 0
        for partition in log_parts:
            have = max(restored.get(partition, -1), self._written.get(partition, -1))
            lag += max(0, log_ends.get(partition, 0) - 1 - have)
        metrics.INCIDENT_CHANGELOG_LAG.set(lag)

    def _restored_offsets(self) -> dict[int, int]:
        """Changelog partition -> last offset Faust's recovery read into the table (actives and standbys)."""
        found: dict[int, int] = {}
        changelog = incidents_changelog_topic(self.settings)
        with contextlib.suppress(Exception):
            recovery = self.app.tables.recovery
            for counter in (recovery.active_offsets, recovery.standby_offsets):
                for tp, offset in counter.items():
                    if tp.topic == changelog and offset is not None:
                        found[tp.partition] = max(found.get(tp.partition, -1), int(offset))
        return found

    def on_revoked(self, partitions: Iterable[Any]) -> None:
        """Forget what this worker wrote to changelog partitions it no longer holds."""
        changelog = incidents_changelog_topic(self.settings)
        for tp in partitions:
            if tp.topic == changelog:
                self._written.pop(tp.partition, None)


def in_key_order(records: Sequence[Outgoing]) -> list[list[Outgoing]]:
    """`records` in waves, each with at most one record per key, published one after the other.

    An incident updated twice in one batch has two records with one key. Sent together, a record that
    failed (a transient error, or refused for good and replaced by a smaller one) would be sent again
    after its successor was acknowledged, and a compacted incidents topic would keep the older update
    as the incident's latest. Waves keep each key's records in order on the topic; a batch with one
    update per incident (the usual case) is one wave.

    >>> records = [Outgoing("t", key, value, None) for key, value in [(b"a", b"1"), (b"a", b"2"), (b"b", b"3")]]
    >>> [[r.value for r in wave] for wave in in_key_order(records)]
    [[b'1', b'3'], [b'2']]
    """
    waves: list[list[Outgoing]] = []
    seen: dict[bytes, int] = {}
    for record in records:
        index = seen.get(record.key, 0)
        seen[record.key] = index + 1
        if index == len(waves):
            waves.append([])
        waves[index].append(record)
    return waves


#: (killed + injured, killed, injured, incident id, place name): sorts by toll, the dead first.
Toll = tuple[int, int, int, str, str]


def _largest(state: dict[str, Any]) -> list[Toll]:
    """A region's largest incidents by toll (table value as stored), at most `LARGEST_INCIDENTS`."""
    tolls = [
        (
            int(i.get("killed") or 0) + int(i.get("injured") or 0),
            int(i.get("killed") or 0),
            int(i.get("injured") or 0),
            str(i.get("incident_id")),
            str((i.get("place") or {}).get("name") or i.get("region") or "unplaced"),
        )
        for i in state.get("incidents", ())
    ]
    return sorted(tolls, reverse=True)[: metrics.LARGEST_INCIDENTS]


def install(
    app: Any,
    settings: Settings,
    publisher: Publisher,
    on_fail: Callable[[str], None],
    keeper: LedgerKeeper,
    group: Group | None = None,
    topic_limits: Mapping[str, int] | None = None,
) -> IncidentStage:
    """Create the stage and its agent on `app`; the batch processor routes events through `stage.route`.

    `publisher` is the worker's one publisher (the extraction agent's too). `keeper`
    (`service.stream.commits`) hands the link requests over in offset order and is told each one
    acked after everything it caused was acknowledged. Requests fetched before the group last
    rebalanced are dropped unacked, as the extraction agent drops its records
    (`service.stream.delivery`): the consumer reads them again from the committed offsets.
    `topic_limits` ({topic: max.message.bytes}, from `ensure_topics`) bound the stage's records.
    """
    stage = IncidentStage(app, settings, publisher, writes_changelog=True, topic_limits=topic_limits)
    group = group or FaustGroup(app)

    @app.agent(stage.links_topic, name="incidents")  # type: ignore[untyped-decorator]  # Faust is untyped
    async def incidents(stream: Any) -> None:  # a faust.Stream (noack_take is not on StreamT)
        async for taken in stream.noack_take(LINK_BATCH_SIZE, within=LINK_BATCH_WAIT_S):
            events = fetched_in_this_generation(group, await keeper.in_order(taken, stream.ack), "link requests")
            if not events:
                continue
            stage.busy = True
            try:
                await stage.handle_batch(
                    [
                        LinkRequest(
                            e.message.key or b"",
                            e.message.value or b"",
                            e.message.partition,
                            e.message.timestamp,
                            e.message.offset,
                        )
                        for e in events
                    ]
                )
            except Exception as exc:  # noqa: BLE001 - publishing failed: stop uncommitted, like extraction
                on_fail(f"publishing an incident update failed: {type(exc).__name__}: {exc}")
                # Stay here until the stop cancels the agent: leaving the loop would let Faust ack (and
                # commit) the requests fetched behind this batch unprocessed (service.stream.delivery).
                await asyncio.Event().wait()
            finally:
                stage.busy = False
            for event in events:
                await stream.ack(event)
                keeper.ledger.acknowledged(event.message.tp, event.message.offset)

    async def revoked(sender: Any, revoked: Any, **kwargs: Any) -> None:
        stage.on_revoked(revoked)

    app.on_partitions_revoked.connect(revoked)
    return stage
