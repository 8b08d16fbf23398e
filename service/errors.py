"""The service's exception tree. Every error the service raises on purpose is one of these.

    ServiceError
    ├── ConfigError          bad settings; raised at start-up with the fix in the message
    ├── BrokerError          the local Kafka broker could not be fetched, started or reached
    ├── ModelLoadError       the spaCy model named by SPACY_MODEL cannot be loaded
    ├── GazetteerError       the place index (service/extract/geodb.py) could not be built
    ├── ArticleRejected      one input record is unusable; carries a reason code and goes to the DLQ
    ├── InputFileError       a file named on the command line cannot be read (the CLI exits 2)
    ├── ExtractionTimeout    one article took longer than EXTRACT_TIME_BUDGET_S; it goes to the DLQ
    ├── PublishError         output cannot be published and retrying cannot help; the worker exits non-zero
    └── ReportError          `python -m service report` cannot query Prometheus or draw (service/dev/report.py)

An `ArticleRejected` never stops the worker: the stream layer turns it into a dead-letter record.
"""

from __future__ import annotations

from typing import Literal, get_args

#: Why a record became a dead letter: the `reason` of schemas/dead-letter.v2.json (listed in its
#: `examples`), the label of `news_dead_letters_total` and the README's table. Add a code here and
#: there; tests/test_events.py keeps them equal. Order: input checks first, then extraction.
DeadLetterReason = Literal[
    "empty_payload",
    "not_utf8",
    "invalid_json",
    "not_an_object",
    "missing_body",
    "empty_body",
    "body_too_large",
    "schema_violation",
    "unsupported_language",
    "extraction_error",
    "event_too_large",
    "extraction_timeout",
    "extraction_crashed",
]
DEAD_LETTER_REASONS: tuple[DeadLetterReason, ...] = get_args(DeadLetterReason)


class ServiceError(Exception):
    """Base class of every error the service raises on purpose."""


class ConfigError(ServiceError):
    """The configuration is invalid; the message says which variable and how to fix it."""


class BrokerError(ServiceError):
    """The local Kafka broker is missing a prerequisite, failed to start, or cannot be reached."""


class ModelLoadError(ServiceError):
    """The spaCy model could not be loaded."""


class GazetteerError(ServiceError):
    """The gazetteer's place index could not be built; the message carries the builder's error output."""


class InputFileError(ServiceError):
    """A file named on the command line is missing or unreadable; the message names the path."""


class ArticleRejected(ServiceError):
    """An input record cannot be processed; `reason` is a stable code used in the dead-letter record."""

    def __init__(self, reason: DeadLetterReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class ExtractionTimeout(ServiceError):
    """One article exceeded its time budget (EXTRACT_TIME_BUDGET_S); it becomes a dead letter."""


class PublishError(ServiceError):
    """Publishing cannot succeed (topic gone, not authorised, retry time used up); the message names the cause."""


class ReportError(ServiceError):
    """Prometheus could not be queried, or the dashboard file is unusable."""
