"""What the linker reads from one entity event: an `ArticleSignal` (pure, no Kafka, no spaCy).

An event carries far more than linking needs; this module keeps the parts that say *which* incident an
article reports: the toll, the named victims and their ages, the places (resolved id, point, region),
the people named, and the article's time (`published_at`, else the time it was processed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: "a 24-year-old man", "Rickole Rogers, 24," -> ages; three digits at most (nobody is 1,000).
_AGE = re.compile(r"\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b", re.IGNORECASE)
_NAME_AGE = re.compile(r"^\s*,\s*(\d{1,3})\b")
#: Generational suffixes and initials dropped before names are compared ("Herschel Ray Jones III").
_NAME_NOISE = {"jr", "sr", "ii", "iii", "iv", "dr", "mr", "mrs", "ms"}
#: Region used when an article names no place the gazetteer resolves: such articles only ever meet
#: each other, on one partition, and link only on strong evidence (a named victim).
UNPLACED = "ZZ"


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place the article names, reduced to what matching needs."""

    name: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    kind: str | None
    country: str | None
    admin1: str | None
    salience: float


@dataclass(frozen=True, slots=True)
class ArticleSignal:
    """One article's evidence for linking (built from its entity event by `signal_from_event`)."""

    article_id: str
    event_id: str | None
    #: `published_at`, else `processed_at`: when the article says what it says.
    at: datetime
    killed: int | None
    injured: int | None
    victims: tuple[str, ...]
    ages: tuple[int, ...]
    places: tuple[PlaceRef, ...]
    people: tuple[str, ...]

    @property
    def has_toll(self) -> bool:
        """Whether the article reports anyone killed or injured (only such articles open incidents)."""
        return bool(self.killed) or bool(self.injured)

    @property
    def primary_place(self) -> PlaceRef | None:
        """The most salient resolved town or region (the article's scene), else the most salient country."""
        resolved = [p for p in self.places if p.country]
        local = [p for p in resolved if p.kind in ("city", "other", "region") and p.admin1]
        for choice in (local, resolved):
            if choice:
                return max(choice, key=lambda p: p.salience)
        return None

    @property
    def region(self) -> str:
        """The partition key: country of the primary place (`ZZ` when none); see `service.incidents`."""
        place = self.primary_place
        return place.country if place is not None and place.country else UNPLACED


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 / ISO 8601 timestamp as aware UTC (a date alone is midnight UTC); None if unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def name_key(name: str) -> str:
    """A person's name as compared across articles: accents, case, punctuation, suffixes and middle names dropped.

    >>> name_key("Herschel Ray Jones III") == name_key("Herschel Jones")
    True
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.findall(r"[a-z]+", plain) if w not in _NAME_NOISE and len(w) > 1]
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{words[0]} {words[-1]}"


def _total(totals: dict[str, Any], kind: str) -> int | None:
    total = totals.get(kind)
    if not isinstance(total, dict):
        return None
    value = total.get("count_min")
    return value if isinstance(value, int) and value >= 0 else None


def _ages(event: dict[str, Any]) -> tuple[int, ...]:
    found: set[int] = set()
    for figure in event.get("casualties") or ():
        if figure.get("kind") not in ("killed", "injured"):
            continue
        for text in (figure.get("text") or "", figure.get("date") or ""):
            found.update(int(m) for m in _AGE.findall(text) if 0 < int(m) < 120)
    return tuple(sorted(found))


def signal_from_event(event: dict[str, Any], *, now: datetime) -> ArticleSignal:
    """The linking evidence of one entity event (v1 or v2); `now` stands in for a missing time."""
    totals = event.get("casualty_totals") or {}
    victims: list[str] = []
    for kind in ("killed", "injured"):
        total = totals.get(kind)
        if isinstance(total, dict):
            victims.extend(v for v in total.get("victims") or () if isinstance(v, str))
    for figure in event.get("casualties") or ():
        victims.extend(v for v in figure.get("victims") or () if isinstance(v, str))
    places = tuple(
        PlaceRef(
            name=str(p.get("name") or ""),
            geonames_id=p.get("geonames_id"),
            lat=p.get("lat"),
            lon=p.get("lon"),
            kind=p.get("kind"),
            country=p.get("country_code"),
            admin1=(p.get("admin1") or {}).get("code") if isinstance(p.get("admin1"), dict) else None,
            salience=float(p.get("salience") or 0.0),
        )
        for p in event.get("places") or ()
        if isinstance(p, dict) and p.get("name")
    )
    at = parse_time(event.get("published_at")) or parse_time(event.get("processed_at")) or now
    return ArticleSignal(
        article_id=str(event["article_id"]),
        event_id=event.get("event_id"),
        at=at,
        killed=_total(totals, "killed"),
        injured=_total(totals, "injured"),
        victims=tuple(dict.fromkeys(victims)),
        ages=_ages(event),
        places=places,
        people=tuple(str(p["name"]) for p in event.get("people") or () if isinstance(p, dict) and p.get("name")),
    )
