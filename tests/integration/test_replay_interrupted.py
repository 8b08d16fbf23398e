"""A replay interrupted mid-run leaves committed batches recorded and the broken batch invisible; the next
run replays exactly the rest (read_committed consumers see every payload once)."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaProducer

from service import replay as replay_module
from service.config import Settings
from service.events import build_dead_letter, dumps
from service.replay import ReplayFilter, ledger_topic, replay
from tests.support.kafka import produce, read_all


async def _committed_values(bootstrap: str, topic: str) -> list[bytes]:
    return [record.value for record in await read_all(bootstrap, topic, read_committed=True)]


def test_interrupted_replay_commits_whole_batches_and_the_rerun_sends_only_the_rest(kafka, topics, monkeypatch):
    settings = Settings(
        kafka_bootstrap_servers=kafka, input_topic=topics.input, dlq_topic=topics.dlq, app_id=topics.app_id
    )
    payloads = [dumps({"id": f"p{i}", "body": f"Flood in town {i}."}) for i in range(5)]
    letters = [
        (
            f"k{i}".encode(),
            dumps(
                build_dead_letter(
                    reason="extraction_error",
                    error_type="X",
                    message="m",
                    payload=payloads[i],
                    topic="in",
                    partition=0,
                    offset=i,
                )
            ),
        )
        for i in range(5)
    ]
    asyncio.run(produce(kafka, topics.dlq, letters))

    monkeypatch.setattr(replay_module, "REPLAY_BATCH", 2)
    real_send = AIOKafkaProducer.send
    sends = 0

    async def failing_send(self, topic, *args, **kwargs):  # the "crash": in the 3rd batch (2 sends per letter)
        nonlocal sends
        sends += 1
        if sends == 10:
            raise RuntimeError("interrupted")
        return await real_send(self, topic, *args, **kwargs)

    monkeypatch.setattr(AIOKafkaProducer, "send", failing_send)
    with pytest.raises(RuntimeError, match="interrupted"):
        asyncio.run(replay(settings, ReplayFilter()))
    # Two letters per batch, each with its ledger entry: batches 1 and 2 committed, batch 3 aborted.
    assert len(asyncio.run(_committed_values(kafka, topics.input))) == 4
    assert len(asyncio.run(_committed_values(kafka, ledger_topic(settings)))) == 4

    monkeypatch.setattr(AIOKafkaProducer, "send", real_send)
    report = asyncio.run(replay(settings, ReplayFilter()))
    assert (report.replayed, report.already_replayed) == (1, 4)
    assert sorted(asyncio.run(_committed_values(kafka, topics.input))) == sorted(payloads)
