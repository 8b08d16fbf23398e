"""Create the service's topics before anything subscribes to or writes them.

Faust creates only its internal topics; a source topic that does not exist yet is ignored at
assignment ("Ignoring missing topic") and only picked up at the next metadata refresh, minutes later.
Creating input, output and dead-letter topics up front with the configured partition count avoids
that and avoids broker-default partition counts from auto-creation.
"""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from service.config import Settings
from service.errors import BrokerError

log = logging.getLogger(__name__)


async def ensure_topics(settings: Settings) -> None:
    """Create INPUT_TOPIC, OUTPUT_TOPIC and DLQ_TOPIC if missing (existing ones are left as they are)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **settings.kafka_client_options())
    try:
        await admin.start()
    except KafkaError as exc:
        # The first contact with the cluster: name the settings to check instead of a traceback.
        auth: str = settings.kafka_security_protocol
        if auth.startswith("SASL"):
            auth += f" {settings.kafka_sasl_mechanism} as {settings.kafka_sasl_username!r}"
        raise BrokerError(
            f"cannot connect to Kafka at {settings.bootstrap_servers} ({auth}): {exc}. Check "
            "KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL and the KAFKA_SASL_* / KAFKA_SSL_* settings "
            "(an authentication failure is logged just above)"
        ) from None
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in (settings.input_topic, settings.output_topic, settings.dlq_topic) if t not in existing]
        if not missing:
            return
        try:
            await admin.create_topics([
                NewTopic(name, settings.topic_partitions, settings.topic_replication_factor) for name in missing
            ])
        except TopicAlreadyExistsError:
            pass  # another worker created them first
        log.info("created topics %s with %d partitions", ", ".join(missing), settings.topic_partitions)
    finally:
        await admin.close()
