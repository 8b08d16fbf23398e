"""The incident record and a region's state, as plain data that round-trips through JSON.

A `RegionState` is the value of one key of the incidents table: every open incident of one region plus
the index article id -> incident id that makes linking idempotent (an article processed again after a
crash finds itself already counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from service.incidents.signal import parse_time

#: Articles listed per incident; past it the oldest entries are dropped (the toll is already folded in
#: and `article_count` keeps the real number). 200 is far above the largest story measured (a spree of 9).
MAX_ARTICLES_PER_INCIDENT = 200
#: Incidents kept per region; past it the least recently updated is dropped first. Bounds one table
#: value (each incident serialises to ~1-3 KB, so 300 stay well under Kafka's 1 MB record limit).
MAX_INCIDENTS_PER_REGION = 300


def _iso(moment: datetime) -> str:
    from service.events import isoformat  # one timestamp format for every record

    return isoformat(moment)


@dataclass(slots=True)
class ArticleToll:
    """One article of an incident with its own figures (None: the article states none of that kind)."""

    article_id: str
    at: datetime
    killed: int | None
    injured: int | None
    #: Order of arrival within the incident, to break ties between articles of the same time.
    seq: int = 0

    def to_dict(self) -> dict[str, Any]:
        """As in `schemas/incident.v1.json` (`articles[]`)."""
        return {"article_id": self.article_id, "at": _iso(self.at), "killed": self.killed, "injured": self.injured}


@dataclass(slots=True)
class Incident:
    """One real-world incident and every article linked to it."""

    incident_id: str
    region: str
    first_seen: datetime
    last_updated: datetime
    place: dict[str, Any]
    kind: str
    killed: int
    injured: int
    victims: list[str] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)
    place_ids: list[int] = field(default_factory=list)
    place_names: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    articles: list[ArticleToll] = field(default_factory=list)
    article_count: int = 0
    updates: int = 0

    def to_state(self) -> dict[str, Any]:
        """Everything, for the table (read back by `from_state`)."""
        out = self.to_record()
        out.update(
            region=self.region,
            ages=self.ages,
            place_ids=self.place_ids,
            place_names=self.place_names,
            people=self.people,
            articles=[{**a.to_dict(), "seq": a.seq} for a in self.articles],
        )
        return out

    def to_record(self) -> dict[str, Any]:
        """The `news.incidents` record body (without the envelope `service.events.build_incident` adds)."""
        return {
            "incident_id": self.incident_id,
            "first_seen": _iso(self.first_seen),
            "last_updated": _iso(self.last_updated),
            "place": self.place,
            "kind": self.kind,
            "killed": self.killed,
            "injured": self.injured,
            "victims": list(self.victims),
            "articles": [a.to_dict() for a in self.articles],
            "article_count": self.article_count,
            "updates": self.updates,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Incident:
        """Rebuild from `to_state` output."""
        first = parse_time(data["first_seen"])
        last = parse_time(data["last_updated"])
        assert first is not None and last is not None
        articles = []
        for row in data.get("articles", ()):
            at = parse_time(row["at"])
            assert at is not None
            articles.append(
                ArticleToll(row["article_id"], at, row.get("killed"), row.get("injured"), row.get("seq", 0))
            )
        return cls(
            incident_id=data["incident_id"],
            region=data["region"],
            first_seen=first,
            last_updated=last,
            place=data["place"],
            kind=data["kind"],
            killed=data["killed"],
            injured=data["injured"],
            victims=list(data.get("victims", ())),
            ages=list(data.get("ages", ())),
            place_ids=list(data.get("place_ids", ())),
            place_names=list(data.get("place_names", ())),
            people=list(data.get("people", ())),
            articles=articles,
            article_count=data.get("article_count", len(articles)),
            updates=data.get("updates", 0),
        )


@dataclass(slots=True)
class RegionState:
    """The incidents of one region (one table key) and which incident each article was linked to."""

    incidents: dict[str, Incident] = field(default_factory=dict)
    #: article id -> incident id, for every article linked (idempotence); trimmed with its incident.
    linked: dict[str, str] = field(default_factory=dict)

    def to_state(self) -> dict[str, Any]:
        """A JSON-ready dict (the table value)."""
        return {"incidents": [i.to_state() for i in self.incidents.values()], "linked": dict(self.linked)}

    @classmethod
    def from_state(cls, data: dict[str, Any] | None) -> RegionState:
        """Rebuild from `to_state` output (None: an empty region)."""
        if not data:
            return cls()
        incidents = [Incident.from_state(row) for row in data.get("incidents", ())]
        return cls({i.incident_id: i for i in incidents}, dict(data.get("linked", {})))
