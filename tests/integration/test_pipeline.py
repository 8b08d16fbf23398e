"""The walking skeleton, end to end on the real broker: article in, one valid event out."""

from __future__ import annotations

import asyncio
import json

import orjson

from service.events import EVENT_SCHEMA, schema_errors
from tests.support.kafka import SEED_ARTICLE, WCEP_SECTIONS, consume, produce


def test_seed_article_goes_through_kafka_and_comes_out_as_a_valid_event(kafka, topics, start_worker):
    worker = start_worker()
    worker.wait_ready()
    body = SEED_ARTICLE.read_text()
    record = orjson.dumps({"id": "seed-1", "title": "Putin: no proof Assad behind chemical attack", "body": body})
    asyncio.run(produce(kafka, topics.input, [(b"seed-1", record)]))

    records = asyncio.run(consume(kafka, topics.output, count=1, timeout=60))

    assert len(records) == 1, worker.log_tail()
    assert records[0].key == b"seed-1"
    event = json.loads(records[0].value)
    assert schema_errors(EVENT_SCHEMA, event) == []
    people = {p["name"] for p in event["people"]}
    assert {"Vladimir Putin", "Emmanuel Macron", "Donald Trump", "Barack Obama"} <= people
    for entity in event["people"] + event["places"] + event["organisations"]:
        for mention in entity["mentions"]:
            assert body[mention["start"] : mention["end"]] == mention["text"]


def test_every_article_of_a_batch_gets_exactly_one_event_keyed_by_its_id(kafka, topics, start_worker):
    worker = start_worker(BATCH_SIZE="8")
    worker.wait_ready()
    lines = WCEP_SECTIONS.read_text().splitlines()[:40]
    ids = [json.loads(line)["id"] for line in lines]
    asyncio.run(produce(kafka, topics.input, [(i.encode(), line.encode()) for i, line in zip(ids, lines, strict=True)]))

    records = asyncio.run(consume(kafka, topics.output, count=len(ids), timeout=120))

    assert sorted(r.key.decode() for r in records) == sorted(ids), worker.log_tail()
    assert all(schema_errors(EVENT_SCHEMA, json.loads(r.value)) == [] for r in records)
    assert worker.stop() == 0


def test_worker_health_and_metrics_endpoints_report_progress(kafka, topics, start_worker):
    worker = start_worker()
    worker.wait_ready()
    asyncio.run(produce(kafka, topics.input, [(b"a1", b'{"id": "a1", "body": "Rain fell in Paris."}')]))
    assert len(asyncio.run(consume(kafka, topics.output, count=1, timeout=60))) == 1

    assert worker.get("/health/live")[0] == 200
    status, body = worker.get("/health/ready")
    assert status == 200 and json.loads(body)["assigned_partitions"] == topics.partitions
    text = worker.metrics()
    assert 'news_articles_processed_total{outcome="event"} 1.0' in text
    assert "news_build_info{" in text
