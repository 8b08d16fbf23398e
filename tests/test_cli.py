"""The CLI as a user runs it, without Kafka: `extract`, and `consume` before its topic exists."""

import json
import subprocess
import sys
from pathlib import Path

from service.events import EVENT_SCHEMA, schema_errors

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "data" / "seed_article.txt"


def extract(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service", "extract", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_extract_on_the_seed_article_prints_one_valid_event():
    run = extract(str(SEED))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert schema_errors(EVENT_SCHEMA, event) == []
    assert event["article_id"] == "seed_article"


def test_extract_reads_jsonl_from_stdin_and_reports_bad_records_on_stderr():
    stdin = '{"id": "a", "body": "Rain in Oslo."}\nnot json\n{"id": "b", "body": "Sun in Rome."}\n'
    run = extract("-", stdin=stdin)
    assert run.returncode == 0
    assert [json.loads(line)["article_id"] for line in run.stdout.splitlines()] == ["a", "b"]
    assert "invalid_json" in run.stderr
    assert extract("-", "--strict", stdin=stdin).returncode == 1


def test_extract_treats_plain_text_on_stdin_as_one_article():
    run = extract("-", stdin="The Red Cross said 12 people were injured in Lyon.")
    assert run.returncode == 0
    assert json.loads(run.stdout)["article_id"] == "stdin"


def test_extract_reads_a_txt_articles_first_line_as_its_title_and_offsets_index_the_rest(tmp_path):
    body = "The Red Cross said 12 people were injured in Lyon on Monday.\n"
    article = tmp_path / "lyon.txt"
    article.write_text("\n  \nLyon: twelve hurt in blast\n\n" + body, encoding="utf-8")
    run = extract(str(article))
    assert run.returncode == 0, run.stderr
    event = json.loads(run.stdout)
    assert event["title"] == "Lyon: twelve hurt in blast"
    mentions = [m for entity in event["places"] for m in entity["mentions"] if m["start"] < len(body)]
    assert mentions and all(body[m["start"] : m["end"]] == m["text"] for m in mentions)
    assert any(body[f["start"] : f["end"]] == f["text"] for f in event["casualties"])


class _ConsumerWithoutTheTopic:
    """An aiokafka consumer's surface as `consume` uses it, on a cluster where the topic does not exist."""

    def __init__(self) -> None:
        self._client = self
        self.stopped = False

    def partitions_for_topic(self, topic: str) -> None:
        return None

    async def force_metadata_update(self) -> bool:
        return True

    async def stop(self) -> None:
        self.stopped = True


def test_consume_on_a_topic_that_does_not_exist_says_it_waits_for_it(monkeypatch, caplog):
    """Before any worker ran the output topic is missing: the wait must not look like a hang."""
    import asyncio
    import logging

    from service import cli, connection, kafka_clients
    from service.config import Settings

    consumer = _ConsumerWithoutTheTopic()

    async def started(client: object, settings: object) -> None:
        return None

    monkeypatch.setattr(kafka_clients, "consumer", lambda settings, **options: consumer)
    monkeypatch.setattr(connection, "start_client", started)
    with caplog.at_level(logging.INFO, logger="service"):
        seen = asyncio.run(cli._consume(Settings(), "not.yet", count=None, timeout=0.2))
    assert seen == 0 and consumer.stopped
    assert "topic not.yet does not exist yet: waiting for it up to --timeout (0.2 s)" in caplog.text


def test_the_help_text_names_every_command():
    from service.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    first_line = (parser.description or "").splitlines()[0]
    assert [name for name in commands if name not in first_line] == []


def test_a_broker_or_cluster_started_outside_local_broker_dir_says_how_other_commands_find_it(tmp_path, caplog):
    from service.cli import _warn_unless_default_dir
    from service.config import Settings

    settings = Settings.from_env(local_broker_dir=tmp_path / "default")
    _warn_unless_default_dir("cluster", tmp_path / "default", settings, "127.0.0.1:9092")
    assert not caplog.records
    _warn_unless_default_dir("cluster", tmp_path / "elsewhere", settings, "127.0.0.1:9092")
    (record,) = caplog.records
    message = record.getMessage()
    assert message.startswith(f"this cluster's directory {tmp_path / 'elsewhere'} is not LOCAL_BROKER_DIR")
    assert f"LOCAL_BROKER_DIR={tmp_path / 'elsewhere'} (or KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092)" in message
