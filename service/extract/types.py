"""What the extractor returns: plain frozen dataclasses, independent of spaCy and Kafka.

`Extraction.to_dict()` gives exactly the extraction part of `schemas/entity-event.v1.json`
(people, places, organisations, casualties, casualty_totals); `service.events` adds the envelope.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

CasualtyKind = Literal["killed", "injured", "missing"]
FigureBasis = Literal["count", "victim"]
CASUALTY_KINDS: tuple[CasualtyKind, ...] = ("killed", "injured", "missing")
PlaceKind = Literal["country", "city", "region", "continent", "other"]
#: How a place mention refers to its place when it is not the place's name standing alone: "in_name", the
#: place's name inside another entity's name ("Kansas City" in "Kansas City Police Department");
#: "demonym", its nationality or adjective ("Iraqi" for Iraq, "Texan" for Texas).
MentionForm = Literal["in_name", "demonym"]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The parts of an article the extractor reads."""

    body: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: `body[start:end] == text`."""

    text: str
    start: int
    end: int
    #: None for the entity's own name; places only: how the mention refers to the place (`MentionForm`).
    form: MentionForm | None = None

    def to_dict(self) -> dict[str, Any]:
        """The schema's `mention` object (`form` only when there is one: an optional v2 property)."""
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.form is not None:
            out["form"] = self.form
        return out


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person or organisation, with every mention of it in the article."""

    name: str
    mentions: tuple[Mention, ...]
    salience: float
    #: A person's rank or office as the text writes it before the name ("Sgt.", "Detective"), kept out
    #: of the name; None when the text gives none (and for organisations).
    title: str | None = None

    @property
    def count(self) -> int:
        """How many times the article mentions it."""
        return len(self.mentions)

    def to_dict(self) -> dict[str, Any]:
        """The schema's `entity` object (`title` only when there is one: an optional v2 property)."""
        out: dict[str, Any] = {
            "name": self.name,
            "mentions": [m.to_dict() for m in self.mentions],
            "count": self.count,
            "salience": round(self.salience, 4),
        }
        if self.title is not None:
            out["title"] = self.title
        return out


@dataclass(frozen=True, slots=True)
class Admin1:
    """A first-level administrative region (US state, province, governorate) as GeoNames codes it."""

    #: GeoNames' admin1 code within the country: the postal code for US states ("VA"), else a
    #: GeoNames code ("08" for Ontario); with `Place.country_code` it is unique.
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Place:
    """One real-world place with its gazetteer data (None where unknown)."""

    name: str
    mentions: tuple[Mention, ...]
    salience: float
    kind: PlaceKind | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    admin1: Admin1 | None = None

    @property
    def count(self) -> int:
        """How many times the article mentions it."""
        return len(self.mentions)

    def to_dict(self) -> dict[str, Any]:
        """The schema's `place` object."""
        return {
            "name": self.name,
            "mentions": [m.to_dict() for m in self.mentions],
            "count": self.count,
            "salience": round(self.salience, 4),
            "kind": self.kind,
            "country_code": self.country_code,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "admin1": asdict(self.admin1) if self.admin1 is not None else None,
        }


@dataclass(frozen=True, slots=True)
class CasualtyFigure:
    """One casualty figure as stated in the text ("killed 88 people, including 31 children")."""

    kind: CasualtyKind
    count_min: int
    count_max: int | None
    approximate: bool
    qualifier: str | None
    group: str | None
    text: str
    start: int
    end: int
    sentence_start: int
    part_of: int | None = None
    place: str | None = None
    date: str | None = None
    #: "count": a stated number; "victim": one named or described person ("Luis Ortega, 40, died").
    basis: FigureBasis = "count"
    #: Canonical person names of the named victims this figure is about (from `Extraction.people`).
    victims: tuple[str, ...] = ()
    #: The victim is the suspect / gunman / attacker (who still counts in the totals).
    perpetrator: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The schema's `casualty` object."""
        out = asdict(self)
        out["victims"] = list(self.victims)
        return out


@dataclass(frozen=True, slots=True)
class CasualtyTotal:
    """People of one kind in the incident(s) the article reports as news (`docs/casualties.md`)."""

    count_min: int
    count_max: int | None
    approximate: bool
    #: Canonical names of the named people counted in this total.
    victims: tuple[str, ...] = ()
    #: How many of the people counted are perpetrators (a gunman shot by police).
    perpetrators: int = 0
    #: Read from the article's title: no body sentence states a figure of this kind.
    from_title: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The schema's `total` object."""
        out = asdict(self)
        out["victims"] = list(self.victims)
        if not self.from_title:  # optional in the schema; present only when true
            del out["from_title"]
        return out


@dataclass(frozen=True, slots=True)
class MentionVotes:
    """The votes one mention cast: `body[start:end]` is the mention, `rules` (rule, label, weight) in order."""

    start: int
    end: int
    rules: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True, slots=True)
class TypeEvidence:
    """Why one entity got its type: the label votes over all its mentions and the rules that cast them.

    Not part of the event (the schema is unchanged): `extract --explain` and tests read it.
    """

    name: str
    #: "person", "place", "org", or "norp" (a nationality: not output).
    label: str
    #: Total weight per label over all mentions.
    votes: dict[str, float]
    #: (rule name, label, total weight, times fired), heaviest first; "spacy_label" is the model's label.
    rules: tuple[tuple[str, str, float, int], ...]
    #: Each mention with the votes it cast, in text order: the evidence behind `rules`.
    mentions: tuple[MentionVotes, ...] = ()
    #: A place's resolution: where it was put and by which geocoding rules (empty when not a place).
    geocoding: str = ""
    #: The learned entity filter's features (`ner.entity_filter`), for an output type; training reads them.
    features: tuple[tuple[str, float], ...] = ()
    #: The filter's score (None when it is off or the cluster is not of an output type), its threshold,
    #: whether it kept the entity, and the features that weighed most: (feature, weight x value).
    filter_score: float | None = None
    filter_threshold: float | None = None
    filter_kept: bool = True
    filter_top: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "name": self.name,
            "label": self.label,
            "votes": {k: round(v, 3) for k, v in self.votes.items()},
            "rules": [
                {"rule": rule, "label": label, "weight": round(weight, 3), "times": times}
                for rule, label, weight, times in self.rules
            ],
            "mentions": [
                {
                    "start": m.start,
                    "end": m.end,
                    "rules": [{"rule": r, "label": lab, "weight": round(w, 3)} for r, lab, w in m.rules],
                }
                for m in self.mentions
            ],
            **({"geocoding": self.geocoding} if self.geocoding else {}),
            **(
                {
                    "entity_filter": {
                        "score": round(self.filter_score, 4),
                        "kept": self.filter_kept,
                        "top": [{"feature": k, "contribution": round(v, 3)} for k, v in self.filter_top],
                    }
                }
                if self.filter_score is not None
                else {}
            ),
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    people: tuple[Entity, ...] = ()
    organisations: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    casualties: tuple[CasualtyFigure, ...] = ()
    casualty_totals: dict[CasualtyKind, CasualtyTotal | None] = field(
        default_factory=lambda: dict.fromkeys(CASUALTY_KINDS)
    )
    #: Why each entity has its type (`TypeEvidence`), in text order; not part of `to_dict()`.
    evidence: tuple[TypeEvidence, ...] = ()

    def explain(self) -> list[dict[str, Any]]:
        """The rules that typed each entity, JSON-ready (for `extract --explain`)."""
        return [e.to_dict() for e in self.evidence]

    def to_dict(self) -> dict[str, Any]:
        """The extraction fields of an entity event."""
        return {
            "people": [e.to_dict() for e in self.people],
            "places": [p.to_dict() for p in self.places],
            "organisations": [e.to_dict() for e in self.organisations],
            "casualties": [c.to_dict() for c in self.casualties],
            "casualty_totals": {
                kind: (total.to_dict() if (total := self.casualty_totals.get(kind)) else None)
                for kind in CASUALTY_KINDS
            },
        }
