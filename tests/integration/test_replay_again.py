"""`replay --again` after a replayed letter failed again: one payload per article, and counts that add up."""

from __future__ import annotations

import asyncio

from service.config import Settings
from service.events import build_dead_letter, dumps
from service.replay import ReplayFilter, ledger_topic, replay
from service.stream.topics import incident_links_topic
from tests.support.kafka import produce, read_all


def _letter(payload: bytes, topic: str, partition: int, offset: int) -> bytes:
    return dumps(
        build_dead_letter(
            reason="extraction_error",
            error_type="X",
            message="m",
            payload=payload,
            topic=topic,
            partition=partition,
            offset=offset,
        )
    )


def test_replay_again_sends_an_original_and_its_failed_copy_once(kafka, topics):
    settings = Settings(
        kafka_bootstrap_servers=kafka, input_topic=topics.input, dlq_topic=topics.dlq, app_id=topics.app_id
    )
    payload = dumps({"id": "a1", "body": "Flood in town."})
    asyncio.run(produce(kafka, topics.dlq, [(b"a1", _letter(payload, "upstream", 0, 7))]))
    first = asyncio.run(replay(settings, ReplayFilter()))
    assert first.replayed == 1
    # The replayed payload failed again: the worker wrote a new dead letter whose source is where it landed.
    [entry] = asyncio.run(read_all(kafka, ledger_topic(settings), read_committed=True))
    landed = [r for r in asyncio.run(read_all(kafka, topics.input, read_committed=True))]
    assert len(landed) == 1
    copy = _letter(payload, topics.input, landed[0].partition, landed[0].offset)
    asyncio.run(produce(kafka, topics.dlq, [(b"a1", copy)]))

    again = asyncio.run(replay(settings, ReplayFilter(), again=True))

    assert (again.matched, again.replayed, again.failed_again) == (2, 1, 1)
    assert again.matched == again.replayed + again.already_replayed + again.failed_again + again.not_replayable
    assert len(asyncio.run(read_all(kafka, topics.input, read_committed=True))) == 2  # one new, not two
    assert entry.value is not None


def test_a_letter_of_the_incident_stage_is_not_sent_to_the_input_topic(kafka, topics):
    settings = Settings(
        kafka_bootstrap_servers=kafka, input_topic=topics.input, dlq_topic=topics.dlq, app_id=topics.app_id
    )
    event = dumps({"schema_version": "entity-event.v2", "article_id": "a2", "people": []})
    article = dumps({"id": "a3", "body": "Storm in town."})
    stage_letter = _letter(event, incident_links_topic(settings), 0, 3)
    asyncio.run(produce(kafka, topics.dlq, [(b"region", stage_letter), (b"a3", _letter(article, topics.input, 0, 9))]))

    report = asyncio.run(replay(settings, ReplayFilter()))

    assert (report.matched, report.replayed, report.not_replayable) == (2, 1, 1)
    landed = asyncio.run(read_all(kafka, topics.input, read_committed=True))
    assert [r.value for r in landed] == [article]
