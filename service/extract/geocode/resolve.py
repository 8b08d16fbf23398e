"""Which real place each place name of an article is, read in the article's context.

For every place name the index offers its candidates (every GeoNames town of 500+ people, region and
country of that name). The evidence, strongest first:

1. a qualifier written after a mention: "Alexandria, Va.", "Fargo, N.D.", "Kingston, Ontario" keeps
   only the candidates in that state / country. No candidate there: the place gets the region's point
   and codes but no id ("Millbrook, Vermont" is somewhere in Vermont, never the Millbrook of Alabama);
2. the article's focus: the states, provinces and countries it names (a dateline's qualifier counts
   double), then the regions of the towns resolved in a first pass;
3. the prior: countries, then first-level regions, then towns by population.

A town's score is its prior plus a bonus for lying in a focus region or country, each scaled by the
share of the article's evidence that region or country holds. See `docs/geocoding.md`.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.extract import geodb
from service.extract.gazetteer import GeoPlace, fold
from service.extract.geocode import index
from service.extract.geocode.names import QUALIFIER, fallback_keys, key, state_code
from service.extract.types import Admin1, PlaceKind

#: Candidates read per name, most populous first (there are 40-odd Springfields).
CANDIDATES = 60
#: Priors by level (towns: 0.8 x log10 of population, 2.4 for 1,000 people, 5.5 for 8 million). A country
#: or state name is almost always the country or state, whatever the context adds to a same-named town
#: (Italy, Texas; Ohio City). A national capital outranks a same-named state ("Washington").
LEVEL_PRIOR = {
    index.CONTINENT: 8.5,
    index.COUNTRY: 9.0,
    index.CAPITAL: 8.8,
    index.ADMIN1: 8.5,
    index.AREA: 8.0,
    index.ADMIN2: 2.5,
}
#: A national capital is news' usual sense of its name among same-named towns (Paris, not Paris, Texas,
#: unless the story's other places are in Texas).
CAPITAL_BONUS = 1.0
#: A town this large is what news means by a name it shares with its own state or province
#: ("Buenos Aires", "Tokyo", "Istanbul"): the region's prior drops below the town's.
REGION_NAMED_TOWN = 1_000_000
#: Bonuses for lying in the article's top region / country (scaled by their share of the evidence).
ADMIN1_BONUS = 3.0
COUNTRY_BONUS = 2.0
#: Evidence weights: a qualifier after a mention, a dateline's qualifier, a region named in the text,
#: a town resolved in the first pass.
QUALIFIER_WEIGHT = 2.0
DATELINE_WEIGHT = 3.0
NAMED_WEIGHT = 1.0
TOWN_WEIGHT = 0.5
#: Places of one local story lie together ("Paris" with "Henry County" and "Whitlock" is Paris,
#: Tennessee): a town or county gets this much for each other place name of the article that has a
#: candidate in its 1-degree grid cell or a neighbouring one (about 110-220 km), up to NEARBY_MAX names.
NEARBY_BONUS = 1.5
NEARBY_MAX = 2
#: A dateline's qualifier sits within this many characters of the body's start.
DATELINE_CHARS = 120

_KIND: dict[int, PlaceKind] = {
    index.CONTINENT: "continent",
    index.COUNTRY: "country",
    index.CAPITAL: "city",
    index.ADMIN1: "region",
    index.ADMIN2: "region",
    index.AREA: "region",
    index.CITY: "city",
}

Region = tuple[str, str | None]
"""(country code, admin1 code or None for the whole country)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One index row."""

    geonames_id: int | None
    name: str
    level: int
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int


class PlaceIndex:
    """Read-only lookups in the index file; one SQLite connection per thread, candidates cached."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = geodb.ensure(path or index.default_path(), builder="service.extract.geocode.build")
        self._local = threading.local()
        self.admin1: dict[tuple[str, str], index.Admin1Row] = {}
        #: Folded region or country name -> the regions it names ("Punjab": India's and Pakistan's).
        self.regions: dict[str, list[Region]] = {}
        for row in index.iter_admin1(self.path):
            self.admin1[(row[0], row[1])] = row
            self.regions.setdefault(fold(row[2]), []).append((row[0], row[1]))
        for name_key, cc in self._rows("SELECT key, cc FROM place WHERE level = ?", (index.COUNTRY,)):
            self.regions.setdefault(str(name_key), []).append((str(cc), None))
        self.candidates = lru_cache(maxsize=20_000)(self._candidates)

    def _rows(self, sql: str, args: tuple[object, ...]) -> list[tuple[object, ...]]:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.db = db
        return list(db.execute(sql, args).fetchall())

    def _candidates(self, name_key: str) -> tuple[Candidate, ...]:
        rows = self._rows(
            "SELECT gid, name, level, cc, a1, lat, lon, pop FROM place WHERE key = ? ORDER BY level, pop DESC LIMIT ?",
            (name_key, CANDIDATES),
        )
        return tuple(Candidate(*row) for row in rows)  # type: ignore[arg-type]

    def region_of(self, qualifier: str) -> list[Region]:
        """The regions a qualifier names: "Va." / "VA" / "Virginia" -> [("US", "VA")]; "Canada" -> [("CA", None)]."""
        code = state_code(qualifier)
        if code is not None:
            return [("US", code)]
        return self.regions.get(key(qualifier), [])

    def admin1_of(self, candidate: Candidate) -> Admin1 | None:
        """The candidate's admin1 code and name."""
        if candidate.country_code is None or candidate.admin1 is None:
            return None
        row = self.admin1.get((candidate.country_code, candidate.admin1))
        return Admin1(candidate.admin1, row[2]) if row else None


def _town_prior(population: int) -> float:
    return math.log10(population + 1) * 0.8


def _prior(candidate: Candidate, candidates: tuple[Candidate, ...]) -> float:
    if candidate.level == index.CITY:
        return _town_prior(candidate.population)
    if candidate.level == index.CAPITAL and not any(c.level == index.ADMIN1 for c in candidates):
        return _town_prior(candidate.population) + CAPITAL_BONUS
    if candidate.level == index.ADMIN1 and any(
        c.level in _TOWNS and c.country_code == candidate.country_code and c.population >= REGION_NAMED_TOWN
        for c in candidates
    ):
        return _town_prior(REGION_NAMED_TOWN) - 0.5
    return LEVEL_PRIOR[candidate.level]


_TOWNS = (index.CITY, index.CAPITAL)
_LOCAL = (index.CITY, index.CAPITAL, index.ADMIN2)


def _cell(c: Candidate) -> tuple[int, int]:
    return (math.floor(c.lat or 0.0), math.floor(c.lon or 0.0))


_REGIONS = (index.COUNTRY, index.ADMIN1)


class ContextResolver:
    """Resolves all the place names of one article together."""

    def __init__(self, places: PlaceIndex) -> None:
        self.places = places

    def resolve(self, names: Sequence[tuple[str, Sequence[tuple[int, int]]]], text: str) -> list[GeoPlace | None]:
        """One `GeoPlace` (or None) per (name, mention spans) of the article whose body is `text`."""
        queries = [self._query(name, spans, text) for name, spans in names]
        # One name, one place: a qualifier on any mention ("MILLBROOK, Vt." in the dateline) holds for the
        # same name elsewhere ("Millbrook police"), even when the entity rules kept them apart.
        shared: dict[str, list[tuple[Region, float]]] = {}
        for name, _, qualifiers in queries:
            shared.setdefault(key(name), []).extend(qualifiers)
        queries = [(name, c, q or shared[key(name)]) for name, c, q in queries]
        evidence: dict[Region, float] = defaultdict(float)
        for (_, candidates, qualifiers), (_, spans) in zip(queries, names, strict=True):
            for region, weight in qualifiers:
                evidence[region] += weight
                evidence[(region[0], None)] += weight
            regions = {(c.country_code, c.admin1) for c in candidates if c.level in _REGIONS and c.country_code}
            capital = any(c.level == index.CAPITAL for c in candidates)
            named = bool(candidates) and max(candidates, key=lambda c: _prior(c, candidates)).level in _REGIONS
            # "Ohio", "Canada"; not "Georgia" (two), "Washington" (a capital), "Alexandria" (a town first)
            if len(regions) == 1 and named and not capital:
                cc, a1 = regions.pop()
                evidence[(cc, None)] += NAMED_WEIGHT * len(spans)
                if a1 is not None:
                    evidence[(cc, a1)] += NAMED_WEIGHT * len(spans)
        # Only names that are towns or counties alone take part: a town named "California" near one named
        # "Nevada" is no reason to leave the states.
        local = [bool(c) and all(x.level in _LOCAL for x in c) for _, c, _ in queries]
        cells = [
            {_cell(c) for c in candidates if c.lat is not None} if is_local else set()
            for (_, candidates, _), is_local in zip(queries, local, strict=True)
        ]
        nearby = [
            self._nearby(i, candidates, cells) if local[i] else {} for i, (_, candidates, _) in enumerate(queries)
        ]
        first = [self._pick(name, c, q, evidence, near) for (name, c, q), near in zip(queries, nearby, strict=True)]
        towns = Counter(
            r
            for geo, (_, spans) in zip(first, names, strict=True)
            if geo is not None and geo.kind == "city" and geo.country_code
            for r in [(geo.country_code, geo.admin1.code if geo.admin1 else None)] * len(spans)
        )
        if not towns:
            return first
        for (cc, a1), n in towns.items():
            evidence[(cc, None)] += TOWN_WEIGHT * n
            if a1:
                evidence[(cc, a1)] += TOWN_WEIGHT * n
        return [self._pick(name, c, q, evidence, near) for (name, c, q), near in zip(queries, nearby, strict=True)]

    @staticmethod
    def _nearby(i: int, candidates: tuple[Candidate, ...], cells: list[set[tuple[int, int]]]) -> dict[int, int]:
        """For each candidate (by position), how many other names have a candidate close to it."""
        out: dict[int, int] = {}
        others = [c for j, c in enumerate(cells) if j != i and c]
        if not others:
            return out
        for n, candidate in enumerate(candidates):
            if candidate.level not in _LOCAL or candidate.lat is None:
                continue
            lat, lon = _cell(candidate)
            around = {(lat + a, lon + b) for a in (-1, 0, 1) for b in (-1, 0, 1)}
            out[n] = sum(1 for cell in others if not cell.isdisjoint(around))
        return out

    def _query(
        self, name: str, spans: Sequence[tuple[int, int]], text: str
    ) -> tuple[str, tuple[Candidate, ...], list[tuple[Region, float]]]:
        qualifiers: list[tuple[Region, float]] = []
        base = name
        if ", " in name:  # "Fargo, N.D." as one mention
            base, _, tail = name.partition(", ")
            qualifiers += [(r, QUALIFIER_WEIGHT) for r in self._qualifier(tail, None)]
        for start, end in spans:
            match = QUALIFIER.match(text, end)
            if match:
                weight = DATELINE_WEIGHT if start < DATELINE_CHARS else QUALIFIER_WEIGHT
                qualifiers += [(r, weight) for r in self._qualifier(match.group("q"), match.group("q2"))]
        # "Ill." whose period the entity name lost: a state abbreviation, not the Indian town Ala.
        dotted = base if base.endswith(".") else base + "." if any(text[e : e + 1] == "." for _, e in spans) else None
        code = state_code(dotted, codes=False) if dotted else None
        if code is not None:
            return base, self.places.candidates(key(dotted or base)), qualifiers
        candidates = self.places.candidates(key(base))
        for shorter in fallback_keys(base) if not candidates else ():
            candidates = self.places.candidates(shorter)
            if candidates:
                break
        return base, candidates, qualifiers

    def _qualifier(self, q: str, q2: str | None) -> list[Region]:
        regions = self.places.region_of(q)
        if not regions:
            words = q.split()  # ", Va. police said": the longest known prefix
            for n in range(len(words) - 1, 0, -1):
                regions = self.places.region_of(" ".join(words[:n]))
                if regions:
                    break
        if q2 and regions:
            countries = {r[0] for r in self.places.region_of(q2) if r[1] is None}
            regions = [r for r in regions if r[0] in countries] or regions
        return regions

    def _pick(
        self,
        name: str,
        candidates: tuple[Candidate, ...],
        qualifiers: list[tuple[Region, float]],
        evidence: dict[Region, float],
        nearby: dict[int, int],
    ) -> GeoPlace | None:
        near = {id(c): nearby.get(n, 0) for n, c in enumerate(candidates)}
        if qualifiers and candidates:
            allowed = {r for r, _ in qualifiers}
            inside = tuple(
                c for c in candidates if (c.country_code, c.admin1) in allowed or (c.country_code, None) in allowed
            )
            if inside:
                candidates = inside
            elif all(c.level in _TOWNS or c.level == index.ADMIN2 for c in candidates):
                return self._region_only(name, qualifiers)  # "Millbrook, Vermont": never Alabama's
        if not candidates:
            return self._region_only(name, qualifiers) if qualifiers else None
        top_region = max((n for r, n in evidence.items() if r[1] is not None), default=0.0)
        top_country = max((n for r, n in evidence.items() if r[1] is None), default=0.0)

        def score(c: Candidate) -> float:
            s = _prior(c, candidates) + NEARBY_BONUS * min(near.get(id(c), 0), NEARBY_MAX)
            if c.country_code and c.level not in (index.CONTINENT, index.AREA):
                if top_region and c.admin1 and c.level != index.ADMIN1:  # a state's own name is no evidence
                    s += ADMIN1_BONUS * evidence.get((c.country_code, c.admin1), 0.0) / top_region
                if top_country:
                    s += COUNTRY_BONUS * evidence.get((c.country_code, None), 0.0) / top_country
            return s

        best = max(candidates, key=lambda c: (score(c), -c.level, c.population))
        return GeoPlace(
            best.name,
            _KIND[best.level],
            best.country_code,
            best.lat,
            best.lon,
            best.geonames_id,
            best.population,
            self.places.admin1_of(best),
        )

    def _region_only(self, name: str, qualifiers: list[tuple[Region, float]]) -> GeoPlace | None:
        """A town the gazetteer lacks, placed by its qualifier: the region's point and codes, no id."""
        region = max(qualifiers, key=lambda q: q[1])[0]
        cc, a1 = region
        if a1 is not None:
            row = self.places.admin1.get((cc, a1))
            if row is None:
                return None
            return GeoPlace(name, "other", cc, row[4], row[5], None, 0, Admin1(a1, row[2]))
        return None
