"""The Faust app: topics, the extraction agent, health views and the lag timer. Wiring only.

The work itself lives in `Delivery` (publish -> broker acks -> ack -> commit) around `BatchProcessor`
(decode, extract off the loop, publish, dead-letter);
health and lag bookkeeping in `service.stream.health`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import faust
from faust.transport.drivers.aiokafka import Producer as AIOKafkaDriverProducer
from faust.types import TP

from service import __version__, metrics
from service.config import Settings
from service.extract import EXTRACTOR_VERSION
from service.language import LanguageGate
from service.stream.commits import CommitLedger, LedgerKeeper, seek_uncommitted_partitions
from service.stream.delivery import Delivery, FaustGroup, LookAhead, gate_commits
from service.stream.durability import DURABLE_PRODUCER, report, shortfall
from service.stream.health import BrokerOffsets, Health
from service.stream.incidents import install as install_incidents
from service.stream.incidents import links_topic_name
from service.stream.pool import ExtractionRunner
from service.stream.processor import BatchProcessor, InputRecord
from service.stream.publisher import Publisher
from service.stream.shutdown import ShutdownGuard
from service.stream.topics import TopicSetup, current_durability, existing_topics, incidents_changelog_topic
from service.tls import ssl_context

log = logging.getLogger(__name__)

#: Faust's and aiokafka's default record batch size (bytes).
PRODUCER_BATCH_BYTES = 16384

#: How often consumer lag and readiness are refreshed (seconds): short enough that a burst drained in
#: a few seconds still shows on the lag panel; each refresh is two small requests to the broker
#: (the group's committed offsets, the input's end offsets).
LAG_REFRESH_S = 2.0
#: How old the consumer's picture of partition leaders may get (milliseconds; aiokafka's default is 5 min).
#: aiokafka does not refresh it when a broker answers "not the leader" to the offset look-up that follows
#: a rebalance: after a hung broker came back, the worker asked it again and again for a partition it no
#: longer led, and that partition stood still until the periodic refresh (measured: over 4 minutes). So
#: the refresh is periodic and frequent; one small metadata request per period.
CONSUMER_METADATA_MAX_AGE_MS = 10_000


def broker_credentials(settings: Settings) -> faust.types.auth.CredentialsT | None:
    """Faust credentials for the configured Kafka security protocol (None for PLAINTEXT)."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return None
    context = ssl_context(settings)  # the same builder as the CLI's clients
    if protocol == "SSL":
        assert context is not None
        return faust.SSLCredentials(context)
    password = settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else None
    return faust.SASLCredentials(
        username=settings.kafka_sasl_username,
        password=password,
        ssl_context=context,
        mechanism=settings.kafka_sasl_mechanism,
    )


class DurableProducer(AIOKafkaDriverProducer):
    """Faust's producer with `acks=all` and idempotence outside transactions too (Faust sets them only inside).

    Idempotence lets the client retry a batch whose acknowledgement was lost (a leader died after writing
    it) without writing it twice, and keeps retried batches in order on the new leader.
    """

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), **DURABLE_PRODUCER}

    async def renew(self) -> None:
        """Replace the client by a fresh one: a new producer id, sequence numbers from 0.

        For a producer whose sequence the broker no longer accepts (`publisher.PRODUCER_STATE_LOST`).
        The old client is closed in the background: what it still holds is either acknowledged or
        failed, and the processor re-sends what failed.
        """
        old, self._producer = self._producer, self._new_producer()
        await self._producer.start()
        if old is not None:
            task = asyncio.ensure_future(asyncio.wait_for(old.stop(), timeout=30))
            task.add_done_callback(lambda done: done.cancelled() or done.exception())


def create_app(
    settings: Settings,
    runner: ExtractionRunner,
    *,
    topics: TopicSetup | None = None,
    guard: ShutdownGuard | None = None,
) -> faust.App:
    """Build the Faust app around an already started `ExtractionRunner`.

    `topics` (from `ensure_topics`): its limits ({topic: max.message.bytes}) bound what is published per
    topic, its replication is checked at start (`service.stream.durability`); `guard` stops the worker
    (non-zero) when publishing cannot go on.
    """
    guard = guard or ShutdownGuard(settings.shutdown_timeout_s)
    topic_limits = topics.limits if topics is not None else {}
    replication_factor = topics.replication_factor if topics is not None else 1
    brokers = ";".join(f"kafka://{server.strip()}" for server in settings.bootstrap_servers.split(","))
    app = faust.App(
        settings.app_id,
        broker=brokers,
        broker_credentials=broker_credentials(settings),
        autodiscover=False,
        # Not Faust's `<APP_ID>-data` in the working directory, which may be read-only (DATA_DIR).
        datadir=str(settings.worker_data_dir),
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=replication_factor,
        processing_guarantee=settings.processing_guarantee,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.consumer_session_timeout_s,
        # A request to a hung broker fails after this long (Faust's default is 90 s); it must exceed the
        # session timeout. 10 s more gives aiokafka's own default, 40 s, with the default 30 s session.
        broker_request_timeout=settings.consumer_session_timeout_s + 10,
        # Kafka's rule of thumb: heartbeat at most a third of the session timeout.
        broker_heartbeat_interval=min(3.0, settings.consumer_session_timeout_s / 3),
        consumer_metadata_max_age_ms=CONSUMER_METADATA_MAX_AGE_MS,
        web_enabled=True,
        web_host=settings.web_host,
        # web_host only names the host in URLs Faust builds; web_bind is the address it listens on.
        web_bind=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
        # Serve only our health views (and Faust's fixed `{"status": "OK"}` index at /): the router,
        # table, graph, stats and performance views expose internals and are off.
        web_router_enabled=False,
        web_tables_enabled=False,
        web_graph_enabled=False,
        web_stats_enabled=False,
        web_metrics_enabled=False,
        # Bounded publishing: a record over this size fails at once (then becomes a dead letter) and a
        # request or metadata wait fails after PRODUCER_REQUEST_TIMEOUT_S instead of Faust's 1,200 s.
        producer_max_request_size=settings.max_message_bytes,
        # A topic's max.message.bytes bounds a whole record batch, not one record: a batch of small dead
        # letters bigger than a small limit was refused whole (and, with idempotence, broke the producer's
        # sequence). No batch is larger than the smallest limit; a larger record still travels alone.
        producer_max_batch_size=min([PRODUCER_BATCH_BYTES, *topic_limits.values()]),
        producer_request_timeout=settings.producer_request_timeout_s,
        # On stop, do not wait for the batch in flight to be acked: it may never be (a slow article, an
        # unreachable broker). Unacked records are not committed and are processed again.
        stream_wait_empty=False,
        table_standby_replicas=settings.incident_standby_replicas,
    )
    topic_options: dict[str, Any] = {
        "key_type": bytes,
        "value_type": bytes,
        "key_serializer": "raw",
        "value_serializer": "raw",
        "partitions": settings.topic_partitions,
    }
    input_topic = app.topic(settings.input_topic, **topic_options)
    outputs = {
        settings.output_topic: app.topic(settings.output_topic, **topic_options),
        settings.dlq_topic: app.topic(settings.dlq_topic, **topic_options),
    }
    if settings.incidents_enabled:
        outputs[settings.incidents_topic] = app.topic(settings.incidents_topic, **topic_options)
        outputs[links_topic_name(settings)] = app.topic(links_topic_name(settings), **topic_options)

    async def send(
        topic: str, key: bytes | None, value: bytes, *, timestamp: float | None = None, partition: int | None = None
    ) -> Any:
        # The producer itself, not Topic.send: that wraps each record in a FutureMessage which, when the
        # broker refuses the record, logs "exception was never retrieved" with a traceback.
        assert topic in outputs or partition is not None  # the incident table's changelog: its own partition
        return await app.producer.send(topic, key, value, partition=partition, timestamp=timestamp, headers=None)

    async def topic_exists(topic: str) -> bool:
        return topic in await existing_topics(settings)

    # Every topic our agents consume goes through the commit ledger (service.stream.commits).
    ledger = CommitLedger([settings.input_topic, *([links_topic_name(settings)] if settings.incidents_enabled else [])])
    offsets = BrokerOffsets(settings)

    def busy(topic: str) -> bool:
        if topic == settings.input_topic:
            return processor.busy_until is not None
        return incidents is not None and incidents.busy

    async def replica_shortfall(topics: list[str]) -> str | None:
        return shortfall(await current_durability(settings, topics))

    async def renew_producer() -> None:
        await app.producer.renew()  # type: ignore[attr-defined]

    def is_stopping() -> bool:
        return bool(app.should_stop or guard.stopping)

    # The one publisher of both agents (service.stream.publisher): retries, ISR pause, producer renewal.
    publisher = Publisher(
        send,
        retry_timeout_s=settings.publish_retry_timeout_s,
        topic_exists=topic_exists,
        replica_shortfall=replica_shortfall,
        renew_producer=renew_producer,
        is_stopping=is_stopping,
        settings={
            settings.output_topic: "OUTPUT_TOPIC",
            settings.dlq_topic: "DLQ_TOPIC",
            settings.incidents_topic: "INCIDENTS_TOPIC",
            links_topic_name(settings): "APP_ID (internal topic)",
            incidents_changelog_topic(settings): "APP_ID (changelog of the incidents table)",
        },
    )
    keeper = LedgerKeeper(ledger, offsets, lambda: app.consumer, TP, busy)
    incidents = (
        install_incidents(app, settings, publisher, guard.fail, keeper, FaustGroup(app), topic_limits)
        if settings.incidents_enabled
        else None
    )
    processor = BatchProcessor(
        runner,
        send,
        output_topic=settings.output_topic,
        dlq_topic=settings.dlq_topic,
        max_body_bytes=settings.max_body_bytes,
        language_gate=LanguageGate(settings.language_policy),
        is_stopping=is_stopping,
        max_message_bytes=settings.max_message_bytes,
        topic_limits=topic_limits,
        route=incidents.route if incidents is not None else None,
        publisher=publisher,
    )
    health = Health(
        app, processor, input_topic=settings.input_topic, stall_timeout_s=settings.stall_timeout_s, offsets=offsets
    )

    model, model_version = runner.model_info
    metrics.BUILD_INFO.labels(__version__, EXTRACTOR_VERSION, model, model_version).set(1)
    metrics.MODEL_LOAD_SECONDS.set(runner.load_seconds)
    # Start the progress clock at start-up: "seconds since progress" then means since start, not since 1970.
    metrics.LAST_PROGRESS.set_to_current_time()

    def guard_consumer() -> None:
        """The commit gate and the seek of uncommitted partitions on Faust's consumer (idempotent)."""
        gate_commits(app.consumer, lambda: guard.failed, ledger)
        seek_uncommitted_partitions(app.consumer, ledger.watches)

    async def guard_on_assignment(sender: Any, assigned: Any, **kwargs: Any) -> None:
        guard_consumer()  # in case the agents had not started yet

    @app.agent(input_topic, name="extract")
    async def extract(stream: Any) -> None:  # a faust.Stream (noack_take is not on StreamT)
        guard_consumer()

        async def ack(event: Any) -> None:
            await stream.ack(event)
            ledger.acknowledged(event.message.tp, event.message.offset)

        # Events and dead letters acknowledged (with the incident stage on, an event that may belong to
        # an incident is acknowledged on the links topic: the stage publishes it with its incident_id).
        async def commit() -> bool:
            return await publisher.commit(app.consumer.commit)

        async def in_order(events: Sequence[Any]) -> list[Any]:
            return await keeper.in_order(events, stream.ack)

        delivery = Delivery(processor.deliver, ack, commit, FaustGroup(app), in_order)
        # Batch N+1 extracts while batch N is published and committed (service.stream.delivery.LookAhead).
        batches = LookAhead(processor.prepare, delivery, guard.fail)
        try:
            async for taken in stream.noack_take(settings.batch_size, within=settings.batch_timeout_s):
                if batches.failure is not None:
                    # Delivering failed (publishing, or an unexpected error) and the worker is stopping:
                    # stay in the batch loop until the stop cancels this agent. Leaving it would close
                    # `noack_take`, which turns Faust's automatic acks back on for the records already
                    # fetched behind the failed batch (acked unprocessed, then committed: lost). The
                    # commit gate refuses those commits too; the guard's deadline bounds the wait.
                    await asyncio.Event().wait()
                records = [
                    InputRecord(
                        key=e.message.key,
                        value=e.message.value,
                        topic=e.message.topic,
                        partition=e.message.partition,
                        offset=e.message.offset,
                        timestamp=e.message.timestamp,
                    )
                    for e in taken
                ]
                await batches.submit(records, taken)
        finally:
            await batches.close()

    # The transport's producer class, before anything builds the producer: acks=all and idempotence.
    app.transport.Producer = DurableProducer  # type: ignore[misc]

    @app.task
    async def check_durability() -> None:
        # Read back what the producer is really built with (Faust's settings merged with ours), not our intent.
        producer: Any = app.producer
        options = {**producer._settings_default(), **producer._settings_extra()}
        if topics is not None:
            report(options, topics.brokers, topics.durability)

    @app.timer(interval=LAG_REFRESH_S)
    async def refresh_lag() -> None:
        await health.refresh()
        await keeper.heal()
        if incidents is not None:
            incidents.refresh_table_gauges()
            await incidents.refresh_lag(offsets)

    @app.page("/health/live")
    async def live(web: Any, request: Any) -> Any:
        ok, detail = health.liveness()
        return web.json(detail, status=200 if ok else 503)

    @app.page("/health/ready")
    async def ready(web: Any, request: Any) -> Any:
        ok, detail = health.readiness()
        return web.json(detail, status=200 if ok else 503)

    app.on_partitions_assigned.connect(guard_on_assignment)  # type: ignore[arg-type]
    app.on_partitions_assigned.connect(health.on_assigned)  # type: ignore[arg-type]
    app.on_partitions_assigned.connect(keeper.on_assigned)  # type: ignore[arg-type]
    app.on_partitions_revoked.connect(keeper.on_revoked)  # type: ignore[arg-type]

    async def close_offsets(sender: Any, **kwargs: Any) -> None:
        await offsets.close()

    app.on_before_shutdown.connect(close_offsets)  # type: ignore[arg-type]
    return app
