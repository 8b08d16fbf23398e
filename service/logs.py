"""Logging set-up for every command: text for people, JSON lines for log shippers (LOG_FORMAT).

`LOG_FORMAT=json` writes one object per line with `time` (UTC, ISO 8601), `level`, `logger` and
`message`, plus `topic`, `partition`, `offset` and `article_id` when the call site passes them as
`extra=` (`record_context()` builds that), and `error_type`/`traceback` for exceptions. Article text
is never a field: call sites log positions and reason codes only.

Benign noise is demoted: while a consumer group forms (every fresh start, every broker restart)
aiokafka logs `ERROR Group Coordinator Request failed: GroupCoordinatorNotAvailableError` and retries
by itself; that line is logged at INFO here, any other coordinator failure keeps its level.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from service.events import dumps

LogFormat = Literal["text", "json"]

#: Context fields a log call may carry (as `extra=`); the JSON formatter copies them when present.
CONTEXT_FIELDS = ("topic", "partition", "offset", "article_id", "reason")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def record_context(
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    article_id: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """`extra=` for a log call about one record: only the fields that are known."""
    values = {"topic": topic, "partition": partition, "offset": offset, "article_id": article_id, "reason": reason}
    return {key: value for key, value in values.items() if value is not None}


class JsonFormatter(logging.Formatter):
    """One JSON object per line; context fields from `extra=`, never the article text."""

    def format(self, record: logging.LogRecord) -> str:
        """Render `record` as one compact JSON object."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["error_type"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return dumps(entry).decode()


class BenignGroupFormation(logging.Filter):
    """Demotes aiokafka's retried "coordinator not available yet" errors to INFO."""

    _MESSAGE = "Group Coordinator Request failed: %s"

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record; lowers its level when it is the benign group-formation error."""
        if record.levelno >= logging.ERROR and record.msg == self._MESSAGE and record.args:
            error = record.args[0] if isinstance(record.args, tuple) else record.args
            if type(error).__name__ in _BENIGN_COORDINATOR_ERRORS:
                record.levelno, record.levelname = logging.INFO, "INFO"
                return logging.getLogger(record.name).isEnabledFor(logging.INFO)
        return True


#: Retriable answers while the group coordinator is elected or loads its state; aiokafka retries them.
_BENIGN_COORDINATOR_ERRORS = frozenset(
    {
        "GroupCoordinatorNotAvailableError",
        "CoordinatorNotAvailableError",
        "CoordinatorLoadInProgressError",
        "GroupLoadInProgressError",
        "NotCoordinatorForGroupError",
        "NotCoordinatorError",
    }
)


def setup_logging(level: str = "INFO", log_format: LogFormat = "text", stream: TextIO | None = None) -> None:
    """Configure the root logger: stderr (or `stream`), the chosen format, benign coordinator errors at INFO."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(BenignGroupFormation())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
