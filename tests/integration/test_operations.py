"""Operations on the real broker: consume's start position, keys and reason filter; a closed pipe; replay;
the web server's listening address and views; JSON logs from a real worker."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import psutil

from service import kafka_clients
from service.dev.support import wait_for
from service.events import build_dead_letter, dumps
from tests.support.cli import run_cli
from tests.support.kafka import REPO, consume, produce


def _event(i: int) -> bytes:
    return dumps({"article_id": f"a{i}", "people": [], "note": "x" * 80})


def test_consume_piped_into_head_exits_0_without_a_traceback(kafka, topics):
    asyncio.run(produce(kafka, topics.output, [(f"a{i}".encode(), _event(i)) for i in range(40)]))
    script = f"set -o pipefail; {sys.executable} -m service consume --count 30 | head -c 600"
    run = subprocess.run(
        ["bash", "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **topics.env(kafka)},
    )
    assert run.returncode == 0, run.stderr
    assert len(run.stdout) == 600
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_consume_from_end_prints_only_new_records_with_their_keys(kafka, topics):
    env = topics.env(kafka)
    asyncio.run(produce(kafka, topics.output, [(b"old", _event(0))]))
    reader = subprocess.Popen(
        [sys.executable, "-m", "service", "consume", "--from-end", "--keys", "--count", "2", "--timeout", "90"],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait until it has resolved "the end" (it logs it), then produce.
        err_lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("from the end" in line for line in err_lines):
            assert reader.stderr is not None
            err_lines.append(reader.stderr.readline())
        asyncio.run(produce(kafka, topics.output, [(b"new-1", _event(1)), (None, _event(2))]))
        out, err = reader.communicate(timeout=90)
    finally:
        reader.kill()
    assert reader.returncode == 0, err
    lines = out.splitlines()
    assert sorted(line.split("\t", 1)[0] for line in lines) == ["new-1", "null"]
    assert {json.loads(line.split("\t", 1)[1])["article_id"] for line in lines} == {"a1", "a2"}


def _letter(reason: str, i: int, payload: bytes | None) -> bytes:
    return dumps(
        build_dead_letter(
            reason=reason, error_type="X", message="m", payload=payload, topic="in", partition=0, offset=i, key=f"k{i}"
        )
    )


def test_consume_reason_filter_reads_the_dead_letter_topic(kafka, topics):
    letters = [(b"k", _letter("invalid_json" if i % 2 else "empty_body", i, b"{")) for i in range(6)]
    asyncio.run(produce(kafka, topics.dlq, letters))
    run = run_cli("consume", "--reason", "invalid_json", "--count", "3", "--timeout", "30", env=topics.env(kafka))
    assert run.returncode == 0, run.stderr
    assert [json.loads(line)["reason"] for line in run.stdout.splitlines()] == ["invalid_json"] * 3


async def _create_topic(bootstrap: str, name: str, partitions: int) -> None:
    from aiokafka.admin import NewTopic

    admin = kafka_clients.admin(bootstrap=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()


def test_replay_reproduces_payloads_once_with_filters_and_counts(kafka, topics):
    env = {**topics.env(kafka), "TOPIC_PARTITIONS": "1"}
    asyncio.run(_create_topic(kafka, topics.dlq, 1))  # one partition: the offsets below are the letters' order
    articles = [dumps({"id": f"r{i}", "body": f"Storm hits town {i}."}) for i in range(6)]
    binary = b"\xff\xfe not utf-8"
    letters = [(f"k{i}".encode(), _letter("extraction_error", i, articles[i])) for i in range(6)]
    letters += [(b"k6", _letter("not_utf8", 6, binary)), (b"k7", _letter("empty_payload", 7, None))]
    asyncio.run(produce(kafka, topics.dlq, letters))

    dry = run_cli("replay", "--reason", "extraction_error", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["read"], report["matched"], report["replayed"], report["by_reason"]) == (
        8,
        6,
        0,
        {"extraction_error": 6},
    )
    assert asyncio.run(consume(kafka, topics.input, count=1, timeout=3)) == []

    # An offset range first: letters 1..2 only.
    part = json.loads(run_cli("replay", "--partition", "0", "--start-offset", "1", "--end-offset", "2", env=env).stdout)
    assert (part["matched"], part["replayed"]) == (2, 2)
    # Then everything: 1..2 are skipped as already replayed, the empty payload cannot be replayed.
    full = run_cli("replay", env=env)
    assert full.returncode == 0, full.stderr
    report = json.loads(full.stdout)
    assert (report["matched"], report["replayed"], report["already_replayed"], report["not_replayable"]) == (8, 5, 2, 1)
    # A second run replays nothing: the ledger remembers.
    again = json.loads(run_cli("replay", env=env).stdout)
    assert (again["replayed"], again["already_replayed"]) == (0, 7)
    # A time window in the future matches nothing.
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert json.loads(run_cli("replay", "--since", later, "--dry-run", env=env).stdout)["matched"] == 0

    replayed = asyncio.run(consume(kafka, topics.input, count=7, timeout=30))
    assert len(replayed) == 7
    assert sorted(r.value for r in replayed) == sorted([*articles, binary])
    by_value = {r.value: r for r in replayed}
    assert by_value[articles[3]].key == b"k3"
    assert dict(by_value[articles[3]].headers)["replayed-from"] == f"{topics.dlq}:0:3".encode()
    # The worker fails a replayed record again: its new dead letter points at the replayed input record,
    # and the next replay recognises it instead of sending the payload round once more.
    again_failed = by_value[articles[3]]
    asyncio.run(
        produce(
            kafka,
            topics.dlq,
            [
                (
                    b"k3",
                    dumps(
                        build_dead_letter(
                            reason="extraction_error",
                            error_type="X",
                            message="m",
                            payload=articles[3],
                            topic=again_failed.topic,
                            partition=again_failed.partition,
                            offset=again_failed.offset,
                            key="k3",
                        )
                    ),
                )
            ],
        )
    )
    third = json.loads(run_cli("replay", env=env).stdout)
    assert (third["replayed"], third["failed_again"], third["already_replayed"]) == (0, 1, 7)
    with_again = json.loads(run_cli("replay", "--again", "--dry-run", env=env).stdout)
    # --again sends each original once: the failed copy of letter 3 is its original's, not an eighth article.
    assert with_again["by_reason"] == {"extraction_error": 6, "not_utf8": 1}
    assert with_again["failed_again"] == 1
    # The not_utf8 letter holds the payload as base64; replay sends the original bytes.
    assert json.loads(letters[6][1])["payload"] == base64.b64encode(binary).decode()


def test_worker_binds_web_host_serves_only_health_and_logs_json(kafka, topics, start_worker):
    worker = start_worker(WEB_HOST="127.0.0.1", LOG_FORMAT="json", EXTRACT_PROCESSES="0")
    worker.wait_ready(timeout=120)
    listening = [
        c.laddr
        for c in psutil.Process(worker.proc.pid).net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == worker.web_port
    ]
    assert [addr.ip for addr in listening] == ["127.0.0.1"], listening
    assert worker.get("/health/live")[0] == 200
    for faust_view in ("/router/", "/table/", "/graph/", "/stats/"):
        assert worker.get(faust_view)[0] == 404, faust_view

    asyncio.run(produce(kafka, topics.input, [(b"bad-1", b"not json")]))
    wait_for(lambda: "dead-lettering" in worker.log_path.read_text(errors="replace"), 60, "the dead-letter log line")
    assert worker.stop() == 0
    entries = [json.loads(line) for line in worker.log_path.read_text().splitlines() if line.strip()]
    letter = next(e for e in entries if e["message"].startswith("dead-lettering"))
    assert (letter["topic"], letter["offset"], letter["reason"]) == (topics.input, 0, "invalid_json")
    assert isinstance(letter["partition"], int)
    assert not [e for e in entries if e["level"] == "ERROR" and "CoordinatorNotAvailable" in e["message"]]
