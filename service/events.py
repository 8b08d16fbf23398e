"""Event shapes and the one orjson wrapper: decode and validate articles, build events and dead letters.

The JSON Schemas in `schemas/` are the contract; this module loads them once and validates at the
edges (articles in, events and dead letters out in tests). No other module calls orjson or json.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import orjson
from jsonschema import Draft202012Validator

from service.config import SchemaMajor
from service.errors import ArticleRejected, DeadLetterReason
from service.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, Extraction

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

#: The major version of the output contract a worker writes (setting EVENT_SCHEMA). v2 is the current
#: contract; v1 is kept for consumers that still validate with the v1 files, which forbid any property
#: they do not list (see docs/schemas.md for the compatibility policy).
CURRENT_SCHEMA: SchemaMajor = "v2"
#: Schema file names (without .json) of the current contract, for validation in code and tests.
EVENT_SCHEMA = "entity-event.v2"
DEAD_LETTER_SCHEMA = "dead-letter.v2"
INCIDENT_SCHEMA = "incident.v1"

_DUMP_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC


def dumps(obj: Any) -> bytes:
    """Serialise to compact UTF-8 JSON bytes (the wire format of every topic)."""
    return orjson.dumps(obj, option=_DUMP_OPTIONS)


def dumps_line(obj: Any) -> bytes:
    """Serialise to one JSON line, newline included (for JSONL output)."""
    return orjson.dumps(obj, option=_DUMP_OPTIONS | orjson.OPT_APPEND_NEWLINE)


def loads(data: bytes | str) -> Any:
    """Parse JSON; raises orjson.JSONDecodeError (a ValueError) on bad input."""
    return orjson.loads(data)


def utc_now() -> datetime:
    """Timezone-aware current UTC time."""
    return datetime.now(UTC)


def isoformat(moment: datetime) -> str:
    """RFC 3339 with a Z suffix and millisecond precision."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator for `schemas/<name>.json`, loaded once."""
    schema = loads((SCHEMA_DIR / f"{name}.json").read_bytes())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(name: str, instance: Any) -> list[str]:
    """Every way `instance` breaks `schemas/<name>.json`, as readable strings (empty if valid)."""
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


@dataclass(frozen=True, slots=True)
class Article:
    """A validated input article."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    language: str | None = None
    #: Set by the language gate, never read from input: see `service.language`.
    language_flag: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """Build from a decoded record that passed schema validation."""
        return cls(**{k: record.get(k) for k in _INPUT_FIELDS})  # type: ignore[arg-type]


#: The article fields an input record may set (`schemas/article.v1.json`).
_INPUT_FIELDS = ("id", "body", "title", "url", "source", "published_at", "language")


def decode_article(payload: bytes | str | None, max_body_bytes: int = 1_000_000) -> Article:
    """Decode and validate one input record.

    Raises:
        ArticleRejected: with a stable reason code (`not_utf8`, `invalid_json`, `not_an_object`,
            `schema_violation`, `missing_body`, `empty_body`, `body_too_large`).

    """
    if payload is None:
        raise ArticleRejected("empty_payload", "the record has no value (tombstone or null)")
    if isinstance(payload, bytes):
        try:
            payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArticleRejected("not_utf8", f"payload is not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        record = loads(payload)
    except orjson.JSONDecodeError as exc:
        raise ArticleRejected("invalid_json", f"payload is not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise ArticleRejected("not_an_object", f"expected a JSON object, got {type(record).__name__}")
    body = record.get("body")
    if body is None:
        raise ArticleRejected("missing_body", "the article has no 'body' field")
    if isinstance(body, str):
        if not body.strip():
            raise ArticleRejected("empty_body", "the article body is empty or whitespace")
        size = len(body.encode("utf-8"))
        if size > max_body_bytes:
            raise ArticleRejected(
                "body_too_large", f"body is {size} bytes, over the limit of {max_body_bytes} (MAX_BODY_BYTES)"
            )
    errors = _violations_without_values(record)
    if errors:
        raise ArticleRejected("schema_violation", "; ".join(errors[:5]))
    return Article.from_record(record)


def _violations_without_values(record: dict[str, Any]) -> list[str]:
    """Schema breaks of an article, naming field and rule but never the value.

    jsonschema's own messages quote the offending value (a body sent as a list of strings, say), and a
    rejection message may be logged; article text must not reach the logs.
    """
    found = []
    for err in sorted(validator("article.v1").iter_errors(record), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        if err.validator == "required":
            found.append(err.message)  # "'id' is a required property": names the field, not a value
        else:
            found.append(f"{where}: must satisfy {err.validator}={err.validator_value!r}")
    return found


def event_id(article_id: str, body: str, version: str = EXTRACTOR_VERSION) -> str:
    """Deterministic id: the same article through the same extractor version gives the same id.

    `version` is the extractor's version with the options that change its output ("1.19.0+entity-filter.2").
    """
    digest = hashlib.blake2b(digest_size=16)
    for part in (article_id, hashlib.sha256(body.encode("utf-8")).hexdigest(), version):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def build_event(
    article: Article,
    extraction: Extraction,
    *,
    model: str,
    model_version: str,
    language: str = "en",
    language_flag: str | None = None,
    processed_at: datetime | None = None,
    schema: SchemaMajor = CURRENT_SCHEMA,
    version: str = EXTRACTOR_VERSION,
) -> dict[str, Any]:
    """The entity event for one article (shape: `schemas/entity-event.<schema>.json`).

    `version`: the extractor's version with its output-changing options (`Extractor.version`).
    """
    event: dict[str, Any] = {
        "schema_version": EVENT_SCHEMA,
        "event_id": event_id(article.id, article.body, version),
        "article_id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published_at": article.published_at,
        "processed_at": isoformat(processed_at or utc_now()),
        "language": language,
        "extractor": {
            "name": EXTRACTOR_NAME,
            "version": version,
            "model": model,
            "model_version": model_version,
        },
    }
    if language_flag:
        event["language_flag"] = language_flag
    event.update(extraction.to_dict())
    return event if schema == CURRENT_SCHEMA else project("entity-event", event, schema)


def build_incident(record: dict[str, Any], article_id: str) -> dict[str, Any]:
    """The incidents-topic record (shape: `schemas/incident.v1.json`) for an incident `article_id` changed.

    `record` is `service.incidents.Incident.to_record()`.
    """
    return {"schema_version": INCIDENT_SCHEMA, **record, "article_id": article_id}


def payload_for_dead_letter(payload: bytes | str | None) -> tuple[str | None, str]:
    """The original payload as text when it is UTF-8, else base64; returns (payload, encoding)."""
    if payload is None:
        return None, "none"
    if isinstance(payload, str):
        return payload, "utf-8"
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(payload).decode("ascii"), "base64"


def build_dead_letter(
    *,
    reason: DeadLetterReason,
    error_type: str,
    message: str,
    payload: bytes | str | None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    key: bytes | str | None = None,
    article_id: str | None = None,
    failed_at: datetime | None = None,
    schema: SchemaMajor = CURRENT_SCHEMA,
    max_bytes: int | None = None,
) -> dict[str, Any]:
    """The dead-letter record for one failed input (shape: `schemas/dead-letter.<schema>.json`).

    With `max_bytes`, the serialised letter is at most that long: the payload (and an oversized key or
    message) is cut, flagged `payload_truncated` with the original size in `payload_original_bytes`.
    """
    from service import __version__

    text, encoding = payload_for_dead_letter(payload)
    key_text, _ = payload_for_dead_letter(key)
    letter: dict[str, Any] = {
        "schema_version": DEAD_LETTER_SCHEMA,
        "reason": reason,
        "error_type": error_type,
        "error_message": message,
        "article_id": article_id,
        "payload": text,
        "payload_encoding": encoding,
        "source": {"topic": topic, "partition": partition, "offset": offset, "key": key_text},
        "failed_at": isoformat(failed_at or utc_now()),
        "service_version": __version__,
    }
    if max_bytes is not None:
        letter = _cut_dead_letter(letter, max_bytes, len(payload) if payload is not None else 0)
    return letter if schema == CURRENT_SCHEMA else project("dead-letter", letter, schema)


#: v1 dead letters list their reason codes; a newer code is written as this one (message keeps it).
_V1_FALLBACK_REASON = "extraction_error"


def project(
    contract: Literal["entity-event", "dead-letter"], record: dict[str, Any], schema: SchemaMajor
) -> dict[str, Any]:
    """Rewrite a current record in an older major version of its contract, for consumers not migrated yet.

    Drops every property that the older schema file does not declare (at any depth, following its
    `$ref`s), so whatever later versions add never reaches a consumer that validates strictly.

    Examples:
        >>> letter = {"schema_version": "dead-letter.v2", "reason": "not_utf8", "payload_truncated": True}
        >>> project("dead-letter", letter, "v1")["schema_version"]
        'dead-letter.v1'

    """
    name = f"{contract}.{schema}"
    root = validator(name).schema
    projected: dict[str, Any] = _keep_declared(record, root, root)
    projected["schema_version"] = name
    if contract == "dead-letter":
        known = root["properties"]["reason"]["enum"]
        if projected["reason"] not in known:
            projected["error_message"] = f"[{projected['reason']}] {projected['error_message']}"
            projected["reason"] = _V1_FALLBACK_REASON
    return projected


def _keep_declared(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """`value` with only the object properties that schema `node` declares (recursively)."""
    while "$ref" in node:  # local references only ("#/$defs/name"): our schemas use no others
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, list) and "items" in node:
        return [_keep_declared(item, node["items"], root) for item in value]
    if isinstance(value, dict):
        for branch in node.get("oneOf", ()):  # nullable objects: {"oneOf": [{"type": "null"}, {...}]}
            if branch.get("type") == "object":
                node = branch
        declared = node.get("properties")
        if declared is None:
            return value
        return {key: _keep_declared(item, declared[key], root) for key, item in value.items() if key in declared}
    return value


# --- Bounding: every record the worker writes has a size the broker accepts -------------------------

#: Caps on what grows with the input, loosest first: an event over the size limit is retried with the
#: next. The first step applies to every event: 200 mentions per entity and 500 entities of a type
#: or casualty figures are far above a long news article (measured on the 601 WCEP day pages of the
#: corpus: at most 21 mentions, 62 entities of a type, 24 figures), so ordinary events are never cut,
#: while a scraped table of 10,000 rows is.
EVENT_CAPS = ((200, 500), (50, 100), (10, 25), (1, 5), (0, 0))
_LISTS = ("people", "places", "organisations")
#: An oversized error message or key in a dead letter is cut to this many characters.
_DEAD_LETTER_TEXT_CHARS = 1000


def truncated_event(event: dict[str, Any], mentions_cap: int, items_cap: int) -> dict[str, Any]:
    """`event` with at most `items_cap` entities per type and casualty figures, `mentions_cap` mentions each.

    Cut lists keep their first (most salient, or earliest) items; `truncated` records the real length
    of every cut list and `mentions_truncated` marks an entity whose `mentions` were cut (its
    `count` stays the real number of mentions). A figure whose `part_of` parent was cut gets
    `part_of: null`. Events of a schema without these markers (v1) are returned as they are.
    """
    if not str(event.get("schema_version", "")).endswith(".v2"):
        return event
    out = dict(event)
    truncated: dict[str, int] = dict(event.get("truncated") or {})
    for name in _LISTS:
        items = event.get(name) or []
        if len(items) > items_cap:
            truncated[name] = len(items)
            items = items[:items_cap]
        out[name] = [
            {**item, "mentions": item["mentions"][:mentions_cap], "mentions_truncated": True}
            if len(item.get("mentions", ())) > mentions_cap
            else item
            for item in items
        ]
    figures = event.get("casualties") or []
    if len(figures) > items_cap:
        truncated["casualties"] = len(figures)
        out["casualties"] = [
            {**figure, "part_of": None} if (figure.get("part_of") or 0) >= items_cap else figure
            for figure in figures[:items_cap]
        ]
    if truncated:
        out["truncated"] = truncated
    return out


def bounded_event(event: dict[str, Any], max_bytes: int) -> bytes | None:
    """The serialised event, cut by `EVENT_CAPS` until at most `max_bytes` long; None if it never fits."""
    for mentions_cap, items_cap in EVENT_CAPS:
        payload = dumps(truncated_event(event, mentions_cap, items_cap))
        if len(payload) <= max_bytes:
            return payload
    return None


def bounded_incident(record: dict[str, Any], max_bytes: int) -> bytes:
    """The serialised incident record cut to at most `max_bytes`, flagged `truncated: true`.

    For a record its topic refused for good (too large). The listed `articles` are halved first (the
    first report and the latest ones stay, as past MAX_ARTICLES_PER_INCIDENT), then `victims` (first
    named first); the figures, `article_count` and `updates` are never cut, so a consumer still keeps
    the record with the highest `updates` and reads the real toll. Returns the smallest cut when none
    fits (the caller stops after a bounded number of tries).

    >>> record = {"victims": ["A"], "articles": [{"article_id": str(i)} for i in range(9)]}
    >>> loads(bounded_incident(record, 120))["articles"]
    [{'article_id': '0'}, {'article_id': '8'}]
    """
    articles: list[Any] = list(record.get("articles") or [])
    victims: list[Any] = list(record.get("victims") or [])
    listed, named = len(articles), len(victims)
    while True:
        kept = articles[:1] + articles[len(articles) - max(listed - 1, 0) :] if listed < len(articles) else articles
        payload = dumps({**record, "articles": kept, "victims": victims[:named], "truncated": True})
        if len(payload) <= max_bytes or (listed <= 2 and named == 0):
            return payload
        if listed > 2:
            listed = max(2, listed // 2)
        else:
            named //= 2


def _cut_text(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `max_bytes` (never half a character)."""
    return text.encode("utf-8")[: max(0, max_bytes)].decode("utf-8", errors="ignore")


def _cut_dead_letter(letter: dict[str, Any], max_bytes: int, original_bytes: int) -> dict[str, Any]:
    """`letter` cut to serialise in at most `max_bytes` (see `build_dead_letter`)."""
    if len(dumps(letter)) <= max_bytes:
        return letter
    cut = {
        **letter,
        "error_message": letter["error_message"][:_DEAD_LETTER_TEXT_CHARS],
        "source": dict(letter["source"]),
    }
    key = cut["source"].get("key")
    if isinstance(key, str) and len(key) > _DEAD_LETTER_TEXT_CHARS:
        cut["source"]["key"] = key[:_DEAD_LETTER_TEXT_CHARS]
        cut["key_truncated"] = True
    payload = letter.get("payload")
    cut.update(
        payload="" if payload is not None else None, payload_truncated=True, payload_original_bytes=original_bytes
    )
    if payload is None:
        return cut
    room = max_bytes - len(dumps(cut))
    while room > 0:
        text = _cut_text(payload, room)
        if cut["payload_encoding"] == "base64":
            text = text[: len(text) - len(text) % 4]  # whole base64 quanta only: the prefix still decodes
        candidate = {**cut, "payload": text}
        if len(dumps(candidate)) <= max_bytes:
            return candidate
        room = room * 3 // 4  # JSON escaping made it longer than its UTF-8 size: shrink and retry
    return cut
