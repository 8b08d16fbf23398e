"""Create the service's topics before anything subscribes to or writes them.

Faust creates only its internal topics; a source topic that does not exist yet is ignored at
assignment ("Ignoring missing topic") and only picked up at the next metadata refresh, minutes later.
Creating input, output and dead-letter topics up front with the configured partition count avoids
that and avoids broker-default partition counts from auto-creation.
"""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from service.config import Settings
from service.connection import start_client

log = logging.getLogger(__name__)


async def ensure_topics(settings: Settings) -> None:
    """Create INPUT_TOPIC, OUTPUT_TOPIC and DLQ_TOPIC if missing (existing ones are left as they are)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **settings.kafka_client_options())
    # The first contact with the cluster: a failure names the address, where it came from and the fix.
    await start_client(admin, settings)
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
