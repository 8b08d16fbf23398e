"""The incident stage: entity events -> incidents in a Faust table -> `news.incidents`.

Two steps, because the table must be partitioned by region, not by article:

1. `IncidentStage.forward` (called by the extraction agent once a batch's events are acknowledged):
   each event that reports a toll or names people is sent, slimmed to what linking reads, to the
   internal topic `<APP_ID>-incident-links` keyed by the article's region (country of its scene,
   `service.incidents`). The input offsets are committed only after these sends are acknowledged too.
2. The `incidents` agent consumes that topic. The table `incidents` (changelog
   `<APP_ID>-incidents-changelog`) holds one `RegionState` per region; Faust co-partitions it with the
   links topic, so every article of a region, and every incident it could join, is on one worker, and
   a rebalance moves a region's incidents with its partition (restored from the changelog, or taken
   over from a standby replica, INCIDENT_STANDBY_REPLICAS).

Per link request: link (pure), then publish the incident record and wait for the broker's ack, then
write the table. A crash before the table write re-links the article to the same incident (decisions
are deterministic: ids come from the opening article, expiry from article times) and publishes the
same record again (a duplicate with the same `updates`); a crash after it finds the article already
linked (no double count). So every update is published at least once and no article counts twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

from service import metrics
from service.config import Settings
from service.events import build_incident, dumps, loads, utc_now
from service.incidents import RegionState, expire, link, signal_from_event
from service.stream.topics import incident_links_topic

log = logging.getLogger(__name__)

#: Sends (topic, key, value) and returns an awaitable resolved when the broker acknowledged it.
Send = Callable[[str, bytes | None, bytes], Awaitable[Awaitable[Any]]]
#: The same to one partition: (topic, key, value, partition).
SendTo = Callable[[str, bytes, bytes, int], Awaitable[Awaitable[Any]]]

#: The event fields linking reads (`service.incidents.signal`); the rest (mentions, offsets) stays out.
_CASUALTY_FIELDS = ("kind", "text", "date", "victims")
_PLACE_FIELDS = ("name", "kind", "country_code", "admin1", "geonames_id", "lat", "lon", "salience")


def links_topic_name(settings: Settings) -> str:
    """The internal repartition topic (created at start by `service.stream.topics.ensure_topics`)."""
    return incident_links_topic(settings)


def link_request(event: dict[str, Any]) -> tuple[bytes, bytes] | None:
    """(region key, slim event) for one entity event; None when it can neither open nor join an incident."""
    signal = signal_from_event(event, now=utc_now())
    if not signal.has_toll and not signal.people:
        return None
    slim = {
        "article_id": event["article_id"],
        "event_id": event.get("event_id"),
        "published_at": event.get("published_at"),
        "processed_at": event.get("processed_at"),
        "places": [{k: p.get(k) for k in _PLACE_FIELDS} for p in event.get("places") or ()],
        "people": [{"name": p.get("name")} for p in event.get("people") or ()],
        "casualties": [{k: c.get(k) for k in _CASUALTY_FIELDS} for c in event.get("casualties") or ()],
        "casualty_totals": event.get("casualty_totals") or {},
    }
    return signal.region.encode(), dumps(slim)


class IncidentStage:
    """Forwarding (step 1) and linking (step 2) around one Faust table; see the module docstring."""

    def __init__(self, app: Any, settings: Settings, send: Send, send_to: SendTo | None = None) -> None:
        self.settings = settings
        self.send = send
        self.send_to = send_to
        self.ttl = timedelta(days=settings.incident_ttl_days)
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
        #: Open incidents per region held by this worker (for the gauge; rebuilt as regions are written).
        self._open: dict[bytes, int] = {}
        self._bytes: dict[bytes, int] = {}

    async def forward(self, payloads: Iterable[bytes]) -> int:
        """Send the link requests of acknowledged events and wait for their acks; returns how many were sent."""
        acks = []
        for payload in payloads:
            try:
                request = link_request(loads(payload))
            except (ValueError, KeyError, TypeError) as exc:  # an event we wrote ourselves: log, never crash
                log.warning("no incident link for an event that does not parse: %s", exc)
                continue
            if request is not None:
                acks.append(await self.send(self.links_topic.get_topic_name(), *request))
        if acks:
            await asyncio.gather(*acks)
        return len(acks)

    async def handle(self, region: bytes, value: bytes, partition: int) -> bool:
        """Link one request into its region's incidents; publish and store what changed. True if changed.

        `partition` is the links-topic partition of the request: the table's changelog partition.
        """
        signal = signal_from_event(loads(value), now=utc_now())
        raw = self.table.get(region)
        state = RegionState.from_state(loads(raw) if raw else None)
        # Event time, not wall time: a replay decides exactly as the first run did.
        expired = expire(state, signal.at, self.ttl)
        outcome = link(state, signal, region.decode())
        log.debug(
            "incident link %s region=%s -> %s changed=%s opened=%s expired=%d",
            signal.article_id,
            region,
            outcome.incident_id,
            outcome.changed,
            outcome.opened,
            len(expired),
        )
        if outcome.changed and outcome.incident_id is not None:
            record = build_incident(state.incidents[outcome.incident_id].to_record(), signal.article_id)
            ack = await self.send(self.settings.incidents_topic, outcome.incident_id.encode(), dumps(record))
            await ack  # the record first: a crash before the table write publishes it again, never loses it
            metrics.INCIDENT_UPDATES.labels("opened" if outcome.opened else "updated").inc()
        if outcome.changed or expired:
            stored = dumps(state.to_state())
            await self._store(region, stored, partition)
            self._open[region] = len(state.incidents)
            self._bytes[region] = len(stored)
            metrics.INCIDENTS_OPEN.set(sum(self._open.values()))
            metrics.INCIDENT_TABLE_BYTES.set(sum(self._bytes.values()))
            metrics.INCIDENT_TABLE_REGIONS.set(len(self._bytes))
        return outcome.changed

    async def _store(self, region: bytes, stored: bytes, partition: int) -> None:
        """Write the table and wait until its changelog record is acknowledged.

        Faust's own table write (`table[key] = value`) only buffers the changelog record, and its flush
        before an offset commit gives up after 0.1 s: on the broker test a kill -9 then restored a table
        that lacked articles whose link requests were already committed (lost updates). So the record
        is sent here and acknowledged before the request is acked, and the in-memory store is set
        without a second send.
        """
        if self.send_to is None:  # unit tests: Faust's own path
            self.table[region] = stored
            return
        ack = await self.send_to(self.table.changelog_topic.get_topic_name(), region, stored, partition)
        await ack
        self.table.data[region] = stored

    def on_revoked(self, regions: Iterable[bytes] | None = None) -> None:
        """Forget the gauges' view after a rebalance (rebuilt as regions are written again)."""
        self._open.clear()
        self._bytes.clear()
        metrics.INCIDENTS_OPEN.set(0)
        metrics.INCIDENT_TABLE_BYTES.set(0)
        metrics.INCIDENT_TABLE_REGIONS.set(0)


def install(app: Any, settings: Settings, send: Send, on_fail: Callable[[str], None]) -> IncidentStage:
    """Create the stage and its agent on `app`; the caller forwards acknowledged events to `stage.forward`."""

    async def send_to(topic: str, key: bytes, value: bytes, partition: int) -> Any:
        return await app.producer.send(topic, key, value, partition=partition, timestamp=None, headers=None)

    stage = IncidentStage(app, settings, send, send_to)

    @app.agent(stage.links_topic, name="incidents")
    async def incidents(stream: Any) -> None:
        async for event in stream.noack().events():
            try:
                await stage.handle(event.message.key or b"", event.message.value or b"", event.message.partition)
            except (ValueError, KeyError, TypeError) as exc:
                # Only this worker writes the links topic, so a bad request is a bug: skip it, loudly.
                log.error("incident link request at offset %d not linked: %s", event.message.offset, exc)
            except Exception as exc:  # noqa: BLE001 - publishing failed: stop uncommitted, like extraction
                on_fail(f"publishing an incident update failed: {type(exc).__name__}: {exc}")
                # Stay here until the stop cancels the agent: leaving the loop would let Faust ack (and
                # commit) the requests fetched behind this one unprocessed (service.stream.delivery).
                await asyncio.Event().wait()
            await stream.ack(event)

    return stage
