"""Record -> article -> outcome: the one article path of the worker and of `python -m service extract`.

`admit` decodes a raw record and applies the language gate (an unusable record becomes an
`ArticleFailure` with its dead-letter reason); `process_batch` turns admitted articles into serialised
events (or failures). Both callers use both, so the worker and the CLI accept, reject and write
byte-for-byte the same things. It is pure: no Kafka, no pool;
`service.stream.pool.ExtractionRunner` runs it off the event loop (a thread or a pool of processes).

An exception while extracting one article fails that article alone (it becomes an `ArticleFailure`
for the dead-letter topic); the rest of its batch goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from service.config import SchemaMajor
from service.errors import ArticleRejected, DeadLetterReason, ExtractionTimeout
from service.events import CURRENT_SCHEMA, Article, bounded_event, build_event, decode_article, dumps
from service.extract import EXTRACTOR_VERSION, ArticleText, Extraction
from service.extract.chunking import PIECE_CHARS
from service.language import LanguageGate

log = logging.getLogger(__name__)


class ArticleExtractor(Protocol):
    """What `process_batch` needs of an extractor: `service.extract.Extractor`, or a test double without spaCy."""

    model: str
    model_version: str

    def extract(self, body: str, title: str | None = None, deadline: float | None = None) -> Extraction:
        """Extract from one article."""
        ...

    def extract_many(
        self, articles: Iterable[ArticleText], batch_size: int = 16, deadline: float | None = None
    ) -> Iterator[Extraction]:
        """Extract from many articles, in order."""
        ...


@dataclass(frozen=True, slots=True)
class ArticleEvent:
    """A successfully extracted article: the serialised event plus counts for metrics."""

    article_id: str
    payload: bytes
    entity_counts: dict[str, int] = field(default_factory=dict)
    casualty_kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleFailure:
    """A record that cannot become an event (rejected at admission or failed extraction); it goes to the DLQ."""

    #: None when the record was rejected before an id could be read.
    article_id: str | None
    reason: DeadLetterReason
    error_type: str
    message: str


Outcome = ArticleEvent | ArticleFailure


def admit(
    value: bytes | None, max_body_bytes: int, language_gate: LanguageGate | None = None
) -> Article | ArticleFailure:
    """Decode and validate one raw record, then apply the language gate.

    Returns the article to extract, or the failure (reason code, error type, message) to dead-letter.
    """
    try:
        article = decode_article(value, max_body_bytes)
    except ArticleRejected as exc:
        return ArticleFailure(None, exc.reason, type(exc).__name__, exc.message)
    if language_gate is None:
        return article
    try:
        return language_gate.check(article)
    except ArticleRejected as exc:
        return ArticleFailure(article.id, exc.reason, type(exc).__name__, exc.message)


def _summarise(
    article: Article,
    extraction: Extraction,
    extractor: ArticleExtractor,
    schema: SchemaMajor,
    max_event_bytes: int | None = None,
) -> Outcome:
    event = build_event(
        article,
        extraction,
        model=extractor.model,
        model_version=extractor.model_version,
        # with the options that change the output ("+entity-filter.2"); a test double has the plain version
        version=getattr(extractor, "version", EXTRACTOR_VERSION),
        language=article.language or "en",
        language_flag=article.language_flag,
        schema=schema,
    )
    if max_event_bytes is None:
        payload = dumps(event)
    else:
        bounded = bounded_event(event, max_event_bytes)
        if bounded is None:
            return ArticleFailure(
                article.id,
                "event_too_large",
                "EventTooLarge",
                f"the event exceeds {max_event_bytes} bytes (MAX_MESSAGE_BYTES or the output topic's "
                "max.message.bytes) even with every list cut",
            )
        payload = bounded
    return ArticleEvent(
        article_id=article.id,
        payload=payload,
        entity_counts={
            "person": len(extraction.people),
            "place": len(extraction.places),
            "organisation": len(extraction.organisations),
        },
        casualty_kinds=tuple(c.kind for c in extraction.casualties),
    )


def process_batch(
    extractor: ArticleExtractor,
    articles: Sequence[Article],
    batch_size: int = 16,
    schema: SchemaMajor = CURRENT_SCHEMA,
    time_budget_s: float | None = None,
    max_event_bytes: int | None = None,
) -> list[Outcome]:
    """Extract a batch: short articles in one `nlp.pipe` pass, long ones one by one within `time_budget_s`.

    The fast path keeps spaCy's batching; on any error it retries article by article so that only the
    bad article is dead-lettered. A long body is extracted in pieces (`service.extract.chunking`) with
    its own deadline: past it, the article becomes an `extraction_timeout` failure.
    """
    outcomes: list[Outcome | None] = [None] * len(articles)
    short = [i for i, a in enumerate(articles) if len(a.body) <= PIECE_CHARS]
    for index, outcome in zip(
        short, _short_batch(extractor, [articles[i] for i in short], batch_size, schema, max_event_bytes), strict=True
    ):
        outcomes[index] = outcome
    for index, article in enumerate(articles):
        if outcomes[index] is None:
            outcomes[index] = _one(extractor, article, schema, time_budget_s, max_event_bytes)
    return [outcome for outcome in outcomes if outcome is not None]


def _short_batch(
    extractor: ArticleExtractor,
    articles: Sequence[Article],
    batch_size: int,
    schema: SchemaMajor,
    max_event_bytes: int | None,
) -> list[Outcome]:
    texts = [ArticleText(a.body, a.title) for a in articles]
    try:
        extractions = list(extractor.extract_many(texts, batch_size=batch_size))
        return [
            _summarise(a, x, extractor, schema, max_event_bytes) for a, x in zip(articles, extractions, strict=True)
        ]
    except Exception:  # noqa: BLE001 - isolate the failing article below
        log.warning("batch of %d failed; retrying one by one to isolate the bad article", len(articles))
    return [_one(extractor, article, schema, None, max_event_bytes) for article in articles]


def _one(
    extractor: ArticleExtractor,
    article: Article,
    schema: SchemaMajor,
    time_budget_s: float | None,
    max_event_bytes: int | None,
) -> Outcome:
    deadline = None if time_budget_s is None else time.monotonic() + time_budget_s
    try:
        return _summarise(
            article,
            extractor.extract(article.body, article.title, deadline=deadline),
            extractor,
            schema,
            max_event_bytes,
        )
    except ExtractionTimeout as exc:
        return ArticleFailure(article.id, "extraction_timeout", type(exc).__name__, str(exc))
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the others
        return ArticleFailure(article.id, "extraction_error", type(exc).__name__, str(exc)[:2000])
