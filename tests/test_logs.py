"""LOG_FORMAT=json writes one object per line with record context; benign coordinator errors drop below ERROR."""

from __future__ import annotations

import io
import json
import logging

import pytest
from aiokafka.errors import GroupCoordinatorNotAvailableError, KafkaConnectionError

from service.logs import record_context, setup_logging


@pytest.fixture
def captured():
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def test_json_format_is_one_object_per_line_with_record_context(captured):
    setup_logging("INFO", "json", captured)
    logging.getLogger("service.stream.processor").info(
        "dead-lettering %s[%d]@%d: %s",
        "news.articles",
        2,
        41,
        "invalid_json",
        extra=record_context("news.articles", 2, 41, "a-17", "invalid_json"),
    )
    logging.getLogger("x").warning("second")
    lines = captured.getvalue().splitlines()
    assert len(lines) == 2
    entry = json.loads(lines[0])
    assert entry["level"] == "INFO" and entry["logger"] == "service.stream.processor"
    assert entry["message"] == "dead-lettering news.articles[2]@41: invalid_json"
    assert (entry["topic"], entry["partition"], entry["offset"], entry["article_id"], entry["reason"]) == (
        "news.articles",
        2,
        41,
        "a-17",
        "invalid_json",
    )
    assert entry["time"].endswith("+00:00")
    assert "topic" not in json.loads(lines[1])


def test_json_format_carries_exceptions_as_fields_on_the_same_line(captured):
    setup_logging("INFO", "json", captured)
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("x").exception("failed")
    lines = captured.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["error_type"] == "ValueError" and "boom" in entry["traceback"]


def test_group_coordinator_not_available_while_the_group_forms_is_logged_at_info(captured):
    setup_logging("INFO", "text", captured)
    coordinator_log = logging.getLogger("aiokafka.consumer.group_coordinator")
    coordinator_log.error("Group Coordinator Request failed: %s", GroupCoordinatorNotAvailableError())
    coordinator_log.error("Group Coordinator Request failed: %s", KafkaConnectionError("gone"))
    lines = captured.getvalue().splitlines()
    assert " INFO aiokafka.consumer.group_coordinator: Group Coordinator Request failed" in lines[0]
    assert " ERROR " in lines[1], "other coordinator failures keep their level"


def test_demoted_record_is_dropped_when_info_is_below_the_log_level(captured):
    setup_logging("WARNING", "text", captured)
    logging.getLogger("aiokafka.consumer.group_coordinator").error(
        "Group Coordinator Request failed: %s", GroupCoordinatorNotAvailableError()
    )
    assert captured.getvalue() == ""
