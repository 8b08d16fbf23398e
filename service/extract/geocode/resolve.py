"""Which real place each place name of an article is, read in the article's context.

For every place name the index offers its candidates (every GeoNames town of 500+ people, region and
country of that name). The evidence, strongest first:

1. a qualifier written after a mention: "Alexandria, Va.", "Fargo, N.D.", "Kingston, Ontario" keeps
   only the candidates in that state / country. No candidate there: the place gets the region's point
   and codes but no id ("Millbrook, Vermont" is somewhere in Vermont, never the Millbrook of Alabama);
2. the article's focus: the states, provinces and countries it names (a dateline's qualifier counts
   double), the states and counties it names in passing inside other names ("Minnesota Department of
   Transportation"), then the regions of the towns resolved in a first pass;
3. the other places of the story: a town near another name's places, weighted by how unlikely that is
   by chance (a name of one place counts fully, one of twenty-odd namesakes not at all);
4. the prior: countries, then first-level regions, then towns by population.

A town's score is its prior plus a bonus for lying in a focus region or country, each scaled by the
share of the article's evidence that region or country holds. A name the index has no place for, in a
story whose towns lie together, is put at their centre. See `docs/geocoding.md`.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from service.extract import geodb
from service.extract.gazetteer import GeoPlace, fold
from service.extract.geocode import index
from service.extract.geocode.names import (
    CANADIAN_PROVINCES,
    COUNTY_LIST_HEAD,
    COUNTY_LIST_TAIL,
    QUALIFIER,
    USPS_CODES,
    demonym_country,
    fallback_keys,
    key,
    state_code,
)
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
#: ... except in these countries, whose news names such a city in full ("New York City"): there a bare
#: "New York" is the state, as the LGL and GeoVirus annotators read it (`state_first`).
STATE_FIRST = frozenset({"US"})
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
#: ... in proportion to how unlikely that is by chance: a name of n places (1-degree cells) has one near a
#: given town by chance about n times in NEARBY_CHANCE (a 3x3-cell neighbourhood holds 1 % - 3 % of the
#: United States' towns), while the other places of a local story lie near it most of the time. A name's
#: weight is the log of that likelihood ratio, 1.0 for a name of one place, 0.5 for six, none past
#: NEARBY_CHANCE: "Vernon" (20-odd towns) near one "Hartford" is no evidence, "Puryear" near "Paris" is.
NEARBY_CHANCE = 35
#: A story's places lie together when at least STORY_PLACES of its towns and counties, and STORY_SHARE of
#: them, lie within STORY_KM of their median point (a county or two of local news), and STORY_COUNTRY of
#: all its resolved places lie in that country (a page of several stories, a day's world summary, does not).
STORY_KM = 100.0
STORY_PLACES = 2
STORY_SHARE = 0.5
STORY_COUNTRY = 0.6
#: A town or county name whose every candidate lies in one country ("Henry County") is evidence for
#: that country, as much as a town resolved in the first pass; one whose every candidate lies in one
#: state ("Kanawha County") is as much evidence for that state too.
ONE_COUNTRY_WEIGHT = TOWN_WEIGHT
#: The evidence that earns the full focus bonus: one named state or country, one qualifier. Less (one
#: town read in the first pass) earns its share, so that it never outweighs a city's population.
FOCUS_FULL = 1.0
#: A state or county named in passing, inside another name ("Minnesota Department of Transportation",
#: "Edgar County Sheriff's Office", "the Tennessee Arts Commission"), which the entity rules rightly keep
#: out of the article's places: weaker evidence for the article's focus than a place the article names
#: (`named_in_passing`), as a local paper names its own state's agencies and counties.
PASSING_WEIGHT = 0.5
#: A dateline's qualifier sits within this many characters of the body's start.
DATELINE_CHARS = 120
#: A first-level region abroad named like a town of a country the article is about ranks as a town of
#: this size ("Portland" in a US story is Oregon's or Maine's, not the Jamaican parish).
FOREIGN_REGION_AS_TOWN = 1_000_000
#: ... and so does one named like a town of another country that is bigger than the region (its country's
#: people over its regions) and has this many people or more, wherever the story is: "Hamilton" is the
#: Canadian city, not the Bermudan parish; "St. Louis" (280,000) is Missouri's, not the Seychelles
#: district (4,000 on average); Bali (a province of 8 million on average) is not the Indian town of 300,000.
BIG_TOWN = 100_000
#: A town found by one of its other names ("Salem" is a name of Jerusalem) ranks below a town of that
#: very name of this size or more, as if it had about 300 times fewer people ("Cologne" still finds Köln:
#: the Cologne of Italy is a village).
ALTERNATE_PENALTY = 2.0
OWN_NAME_TOWN = 100_000
#: A small town in the article's focus region gets half the region's bonus when a town of its very name
#: in the same country is a city this many times larger (and of OWN_NAME_TOWN people or more): "Boston"
#: in a story about Long Island, N.Y., is Boston, Massachusetts (650,000), not the New York village
#: (8,000) (`famous_namesake`). A qualifier ("Boston, N.Y.") still decides alone.
FAMOUS_NAMESAKE_RATIO = 20


#: A wire dateline around a name in capitals: at the start of the body or after the headline, in
#: parentheses or not ("LEBANON (AP) -", "(NEW YORK) --"), then a dash.
DATELINE_BEFORE = re.compile(r"(?:^|[.!?:]\s+|\n\s*)\(?$")
DATELINE_AFTER = re.compile(r"\)?\s*(?:\((?:AP|Reuters|AFP|UPI|CNN|Xinhua|dpa)\)\s*)?(?:[—–]|--?\s)")


@dataclass(frozen=True, slots=True)
class TownCue:
    """Words around a mention that name a town, not a country (or a state): the levels they rule out."""

    name: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    #: The index levels a mention with this cue cannot be.
    not_levels: frozenset[int]
    #: Only a mention written in capitals ("LEBANON (AP) -") shows the cue.
    upper_case: bool = False
    #: When set, the only countries a mention with this cue can be in.
    countries: frozenset[str] | None = None


_NOT_COUNTRY = frozenset({index.COUNTRY})
_NOT_REGION = frozenset({index.COUNTRY, index.ADMIN1})
#: The cues, in the order they are tried. A country's people are "Palestinian", so "a Palestine man" is
#: the town; a state's are not ("a Georgia man" may be the state), so only city words rule a state out.
TOWN_CUES: tuple[TownCue, ...] = (
    TownCue(
        "resident_after",
        None,
        re.compile(r"\s+(?:man|woman|men|women|boy|girl|teen|teenager|youth|resident|residents|native|couple)\b"),
        _NOT_COUNTRY,
    ),
    TownCue("age_then_of", re.compile(r",\s*\d{1,3},\s+(?:of\s+)?$"), None, _NOT_COUNTRY),
    TownCue(
        "city_words_after",
        None,
        re.compile(r"\s+(?:city\s+limits|city\s+council|City\s+Council|city\s+officials|mayor|Mayor|city\s+hall)\b"),
        _NOT_REGION,
    ),
    # A wire dateline names a town (or a city-state, which has its town too): "LEBANON (AP) -" is Lebanon,
    # Ohio. Capitals only, at the start of the body or after the headline, and only the country is ruled
    # out ("BALI (Reuters)" may be the province).
    TownCue(
        "dateline_town",
        DATELINE_BEFORE,
        DATELINE_AFTER,
        _NOT_COUNTRY,
        upper_case=True,
    ),
    # American local government names itself after its town: "Paris Police Department", "Dublin Board of
    # Education", "Mansfield Independent School District" are in the United States (or Canada), never in
    # France, Ireland or England, whose police and schools are not the town's.
    TownCue(
        "american_body_after",
        None,
        re.compile(
            r"\s+(?:Police\s+Department|Fire\s+Department|Board\s+of\s+(?:Education|Selectmen|Aldermen|Supervisors)|"
            r"(?:Independent\s+|Unified\s+|Community\s+|Public\s+)?School\s+District|Township|Selectmen)\b"
        ),
        frozenset(),
        countries=frozenset({"US", "CA"}),
    ),
    # "a Washington state farm", "the state of Washington", "Henan province": the first-level region
    TownCue(
        "state_words",
        re.compile(r"\bthe\s+(?:state|province)\s+of\s+$"),
        None,
        frozenset({index.CONTINENT, index.COUNTRY, index.CAPITAL, index.AREA, index.ADMIN2, index.CITY}),
    ),
    TownCue(
        "state_words",
        None,
        re.compile(r"\s+(?:state|province)\b"),
        frozenset({index.CONTINENT, index.COUNTRY, index.CAPITAL, index.AREA, index.ADMIN2, index.CITY}),
    ),
    TownCue("city_of_before", re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage)\s+of\s+$"), None, _NOT_REGION),
    TownCue(
        "distance_of",
        re.compile(r"\b(?:miles?|kilometers?|kilometres?|km)\s+(?:north|south|east|west|\w+east|\w+west)\s+of\s+$"),
        None,
        _NOT_REGION,
    ),
)

#: A dateline's town of 100,000+ people (`OWN_NAME_TOWN`) beside a namesake first-level region of its
#: country: the town, whatever `STATE_FIRST` says of the bare name (applied in `_query`, not a TOWN_CUE:
#: "BALI (Reuters)", whose namesake town is Indian, stays the province).
DATELINE_CITY = TownCue("dateline_city", DATELINE_BEFORE, DATELINE_AFTER, _NOT_REGION, upper_case=True)

#: A dateline's dash after a state abbreviation that lost its period ("York, Pa- A 16-year-old ...").
_DASH_AFTER = re.compile(r"\s*(?:-|–|—)")
#: A direction before a name ("Southern California", "West Side"), which `fallback_keys` drops.
_DIRECTION = re.compile(r"(?i)(?:north|south|east|west|central|upper|lower|northern|southern|eastern|western)")
#: A comma right before a mention ("Desoto, MO").
_COMMA_BEFORE = re.compile(r", ?$")
#: What separates two names of a list: ", ", " and ", ", and ", " or ".
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+)")
#: A list's comma or "and" right before a mention.
_LIST_BEFORE = re.compile(r"(?:,|\band|&) $")
#: The capitalised word right after a mention ("Tennessee| Colony").
_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b")
#: More names of a list after a qualifier-like word ("Crockett, Palestine and Houston").
_LIST_GOES_ON = re.compile(r"(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)[A-Z]")

#: A body of a town's government after a name the entity rules cut with "City" ("Dublin City Council",
#: "San Fernando City Councilwoman"): the name is the town's, and no country or state (`city_body_after`).
CITY_BODY_AFTER = re.compile(r"\s+(?:Council(?:man|woman|member|lor)?s?|Hall|Commission(?:er)?s?|Manager|Clerk)\b")

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


@dataclass(slots=True)
class Query:
    """One place name of the article: its candidates, its qualifiers' regions and the cues that narrowed it."""

    name: str
    candidates: tuple[Candidate, ...]
    qualifiers: list[tuple[Region, float]]
    #: Names of the `TOWN_CUES` that ruled candidates out.
    rules: list[str] = field(default_factory=list)
    #: The key the candidates were found by: the bare town's for "San Fernando City" ("san fernando").
    found_by: str = ""


def _county_list(text: str, start: int, end: int) -> re.Match[str] | None:
    """The county-list tail after a mention, when the mention is one of a list (`county_list`).

    "Barrow and Jackson counties", "Clay, Douglas and Wilkin counties": every name is a county. A lone
    name before "counties" is not one ("the four metro Athens counties" are the counties around Athens).
    """
    match = COUNTY_LIST_TAIL.match(text, end)
    if match is None or text[end : match.start("kind")].strip():
        return match  # other names of the list follow this one
    return match if COUNTY_LIST_HEAD.search(text, max(0, start - 40), start) else None


def _cue_holds(cue: TownCue, text: str, start: int, end: int) -> bool:
    if cue.upper_case and not text[start:end].isupper():
        return False
    if cue.before is not None and not cue.before.search(text, max(0, start - 40), start):
        return False
    return cue.after is None or bool(cue.after.match(text, end))


class Focus:
    """The article's evidence (`_without` for every name), summed once: each name's is the total less its own."""

    def __init__(self, contributions: dict[str, dict[Region, float]], passing: frozenset[Region] = frozenset()) -> None:
        self.contributions = contributions
        #: The regions that states and counties named in passing vote for (`named_in_passing`, for --explain).
        self.passing = passing
        self.total: dict[Region, float] = defaultdict(float)
        for regions in contributions.values():
            for region, weight in regions.items():
                self.total[region] += weight
        self._cache: dict[str, dict[Region, float]] = {}
        #: The evidence of a name that contributes nothing (most names): one dict they share, only read.
        self._all = {region: weight for region, weight in self.total.items() if weight > 1e-9}
        self._tops: dict[str | None, tuple[float, float]] = {}

    def without(self, own: str) -> dict[Region, float]:
        """The evidence from every name but `own` (weights left by `own` alone are dropped, not kept at 0)."""
        mine = self.contributions.get(own)
        if not mine:
            return self._all
        if own not in self._cache:
            self._cache[own] = {
                region: weight - mine.get(region, 0.0)
                for region, weight in self.total.items()
                if weight - mine.get(region, 0.0) > 1e-9
            }
        return self._cache[own]

    def tops(self, own: str) -> tuple[float, float]:
        """The largest region and country weights of `without(own)` (0.0 when none), once per evidence dict."""
        shared = None if not self.contributions.get(own) else own
        if shared not in self._tops:
            top_region = top_country = 0.0  # every weight is positive
            for (_, admin1), weight in self.without(own).items():  # max() without its call, per weight
                if admin1 is None:
                    if weight > top_country:
                        top_country = weight
                elif weight > top_region:
                    top_region = weight
            self._tops[shared] = (top_region, top_country)
        return self._tops[shared]


#: First-level regions named by an English word: never taken for the region out of context.
REGION_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center coast maritime capital "
    "islands island lakes upper lower federal national plateau highlands valley littoral van bar male store "
    "pool forest para est ouest nord sud".split()
)


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
        people: dict[str, int] = {}
        for name_key, cc, pop in self._rows("SELECT key, cc, pop FROM place WHERE level = ?", (index.COUNTRY,)):
            self.regions.setdefault(str(name_key), []).append((str(cc), None))
            people[str(cc)] = max(people.get(str(cc), 0), int(str(pop)))
        regions_of: dict[str, int] = defaultdict(int)
        for cc, _ in self.admin1:
            regions_of[cc] += 1
        #: Each country's people over its first-level regions: what one of its regions holds, on average
        #: (a district of the Seychelles 4,000, a province of Indonesia 8 million).
        self.region_people = {cc: people.get(cc, 0) // n for cc, n in regions_of.items()}
        self.candidates = lru_cache(maxsize=20_000)(self._candidates)
        #: Folded first-level region names that are no English word ("minnesota", "tamil nadu").
        self.admin1_names = frozenset(
            fold(row[2]) for row in self.admin1.values() if fold(row[2]) not in REGION_WORDS and len(row[2]) > 3
        )
        self.admin1_first_words = frozenset(name.split(" ")[0] for name in self.admin1_names)

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
        province = CANADIAN_PROVINCES.get(fold(qualifier))
        if province is not None:  # "Estey's Bridge, N.B."
            return [("CA", province)]
        return self.regions.get(key(qualifier), [])

    def admin1_named(self, name: str) -> GeoPlace | None:
        """The first-level region of that very name ("Tamil Nadu"), None for words ("Central", "Coast")."""
        folded = fold(name)
        if folded in REGION_WORDS:
            return None
        region = next(((cc, a1) for cc, a1 in self.regions.get(folded, ()) if a1 is not None), None)
        row = self.admin1.get(region) if region is not None else None
        if row is None:
            return None
        return GeoPlace(row[2], "region", row[0], row[4], row[5], row[3], 0, Admin1(row[1], row[2]))

    def admin1_of(self, candidate: Candidate) -> Admin1 | None:
        """The candidate's admin1 code and name."""
        if candidate.country_code is None or candidate.admin1 is None:
            return None
        row = self.admin1.get((candidate.country_code, candidate.admin1))
        return Admin1(candidate.admin1, row[2]) if row else None


def _specificity(places: int) -> float:
    """The weight of a nearby name with this many places (see NEARBY_CHANCE)."""
    return max(0.0, math.log(NEARBY_CHANCE / max(places, 1)) / math.log(NEARBY_CHANCE))


def _km(place: GeoPlace, lat: float, lon: float) -> float:
    """About how far `place` lies from (lat, lon), in km (flat-earth: for the few hundred km of one story)."""
    if place.lat is None or place.lon is None:
        return math.inf
    return math.hypot(place.lat - lat, (place.lon - lon) * math.cos(math.radians(lat))) * 111.2


def _town_prior(population: int) -> float:
    return math.log10(population + 1) * 0.8


def _prior(candidate: Candidate, candidates: tuple[Candidate, ...], name_key: str | None = None) -> float:
    """The candidate's standing among `candidates` (see LEVEL_PRIOR).

    With `name_key`, only a town of that very name ranks a same-named region down: "Henan" is the province,
    though Hengyang, a city of 1M, has it as another name.
    """
    if candidate.level == index.CITY:
        return _town_prior(candidate.population)
    if candidate.level == index.CAPITAL and not any(c.level == index.ADMIN1 for c in candidates):
        return _town_prior(candidate.population) + CAPITAL_BONUS
    if (
        candidate.level == index.ADMIN1
        and candidate.country_code not in STATE_FIRST
        and any(
            c.level in _TOWNS
            and c.country_code == candidate.country_code
            and c.population >= REGION_NAMED_TOWN
            and (name_key is None or key(c.name) == name_key)
            for c in candidates
        )
    ):
        return _town_prior(REGION_NAMED_TOWN) - 0.5
    return LEVEL_PRIOR[candidate.level]


_TOWNS = (index.CITY, index.CAPITAL)
_LOCAL = (index.CITY, index.CAPITAL, index.ADMIN2)


def _cell(c: Candidate) -> tuple[int, int]:
    return (math.floor(c.lat or 0.0), math.floor(c.lon or 0.0))


_REGIONS = (index.COUNTRY, index.ADMIN1)


def _contribute(own: dict[Region, float], candidates: tuple[Candidate, ...], mentions: int, weight: float) -> None:
    """What one name adds to the article's focus, for `mentions` mentions (a state named, a county's state)."""
    regions = {(c.country_code, c.admin1) for c in candidates if c.level in _REGIONS and c.country_code}
    capital = any(c.level == index.CAPITAL for c in candidates)
    named = bool(candidates) and max(candidates, key=lambda c: _prior(c, candidates)).level in _REGIONS
    # "Ohio", "Canada"; not "Georgia" (two), "Washington" (a capital), "Alexandria" (a town first)
    if len(regions) == 1 and named and not capital:
        cc, a1 = regions.pop()
        own[(cc, None)] += weight * mentions
        if a1 is not None:
            own[(cc, a1)] += weight * mentions
    elif candidates and all(c.level in _LOCAL for c in candidates):
        # "Henry County": which one is unknown, but every one is in the United States.
        countries = {c.country_code for c in candidates}
        country = countries.pop() if len(countries) == 1 else None
        if country is not None:
            own[(country, None)] += ONE_COUNTRY_WEIGHT * mentions
            states = {c.admin1 for c in candidates}
            state = states.pop() if len(states) == 1 else None
            if state is not None:  # "Kanawha County": in West Virginia only
                own[(country, state)] += ONE_COUNTRY_WEIGHT * mentions


@dataclass(frozen=True, slots=True)
class PassingName:
    """A state or county named inside another name, which is no place of the article (`named_in_passing`)."""

    key: str
    candidates: tuple[Candidate, ...]
    count: int


#: Capitalised words in a row ("The Minnesota Department", "Edgar County Community Foundation").
_CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+)*")
_COUNTY_WORDS = {"County": "County", "Parish": "Parish"}


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
        for query in queries:
            shared.setdefault(key(query.name), []).extend(query.qualifiers)
        for query in queries:
            query.qualifiers = query.qualifiers or shared[key(query.name)]
        # The article's focus, as each name contributes to it: a name is never evidence for itself (a
        # "Paris" read as France in a first pass must not vote France for the second).
        contributions: dict[str, dict[Region, float]] = defaultdict(lambda: defaultdict(float))
        for query, (_, spans) in zip(queries, names, strict=True):
            own = contributions[query.found_by or key(query.name)]
            for region, weight in query.qualifiers:
                own[region] += weight
                own[(region[0], None)] += weight
            _contribute(own, query.candidates, len(spans), NAMED_WEIGHT)
        countries = {region[0] for regions in contributions.values() for region in regions}
        passing = self._named_in_passing(text, [span for _, spans in names for span in spans], countries)
        passing_regions: dict[Region, float] = defaultdict(float)
        for name in passing:
            _contribute(passing_regions, name.candidates, name.count, PASSING_WEIGHT)
            _contribute(contributions[name.key], name.candidates, name.count, PASSING_WEIGHT)
        voted = frozenset(passing_regions)
        # Only names that are towns or counties alone take part: a town named "California" near one named
        # "Nevada" is no reason to leave the states.
        local = [
            bool(q.candidates)
            and (
                all(c.level in _LOCAL for c in q.candidates)
                or all(c.level in (index.CITY, index.ADMIN2) for c in q.candidates if key(c.name) == q.found_by)
            )
            for q in queries
        ]
        cells = [
            {_cell(c) for c in q.candidates if c.lat is not None}
            if q.candidates and all(x.level in _LOCAL for x in q.candidates)
            else set()
            for q in queries
        ]
        # a county named in passing ("Douglas County Hospital") is a neighbour too
        cells += [
            {_cell(c) for c in name.candidates if c.lat is not None}
            for name in passing
            if name.key not in {key(q.name) for q in queries} and all(c.level in _LOCAL for c in name.candidates)
        ]
        nearby = [self._nearby(i, q.candidates, cells) if local[i] else {} for i, q in enumerate(queries)]
        focus = Focus(contributions, voted)
        first = [self._pick(q, focus, near) for q, near in zip(queries, nearby, strict=True)]
        towns = False
        for geo, query, (_, spans) in zip(first, queries, names, strict=True):
            if geo is not None and geo.kind == "city" and geo.country_code:
                own = contributions[query.found_by or key(query.name)]
                own[(geo.country_code, None)] += TOWN_WEIGHT * len(spans)
                if geo.admin1:
                    own[(geo.country_code, geo.admin1.code)] += TOWN_WEIGHT * len(spans)
                towns = True
        listed = self._same_kind_lists(queries, names, first, text)
        if towns or listed:
            focus = Focus(contributions, voted)
            first = [self._pick(q, focus, near) for q, near in zip(queries, nearby, strict=True)]
        return self._story_centre(queries, first)

    @staticmethod
    def _story_centre(queries: list[Query], found: list[GeoPlace | None]) -> list[GeoPlace | None]:
        """A name the index has no place for, in a story whose towns and counties lie together, is put among them.

        "Whitlock" (a hamlet the index lacks) in a story about Paris and Henry County, Tennessee, lies near
        them; so do "Cottonport Fire Station" and "Port of Los Angeles" in theirs (`story_centre`: `kind`
        other, no id, the point of the story's centre and the admin1 of its town nearest to it). A story
        whose places are spread (national or world news) places nothing this way.
        """
        missing = [g is None and not q.candidates and not q.qualifiers for q, g in zip(queries, found, strict=True)]
        if not any(missing):
            return found
        local = [
            g
            for q, g in zip(queries, found, strict=True)
            if g is not None
            and g.lat is not None
            and g.lon is not None
            and any(c.geonames_id == g.geonames_id and c.level in _LOCAL for c in q.candidates)
        ]
        if len(local) < STORY_PLACES:
            return found
        lats = sorted(g.lat for g in local if g.lat is not None)
        lons = sorted(g.lon for g in local if g.lon is not None)
        lat, lon = lats[len(lats) // 2], lons[len(lons) // 2]
        together = [g for g in local if _km(g, lat, lon) <= STORY_KM]
        if len(together) < STORY_PLACES or len(together) < STORY_SHARE * len(local):
            return found
        placed = [g.country_code for g in found if g is not None and g.country_code]
        if sum(1 for cc in placed if cc == together[0].country_code) < STORY_COUNTRY * len(placed):
            return found  # a page of several stories ("Puntland" beside Washington's places)
        lat = round(sum(g.lat or 0.0 for g in together) / len(together), 4)
        lon = round(sum(g.lon or 0.0 for g in together) / len(together), 4)
        nearest = min(together, key=lambda g: _km(g, lat, lon))
        return [
            GeoPlace(q.name, "other", nearest.country_code, lat, lon, None, 0, nearest.admin1, ("story_centre",))
            if gap
            else g
            for q, g, gap in zip(queries, found, missing, strict=True)
        ]

    @staticmethod
    def _same_kind_lists(
        queries: list[Query],
        names: Sequence[tuple[str, Sequence[tuple[int, int]]]],
        first: list[GeoPlace | None],
        text: str,
    ) -> bool:
        """Keep, for a name in a list of states (or of countries), only its candidates of that kind (`same_kind_list`).

        "Virginia, Washington, West Virginia and Wyoming" names four states: Washington is the state, not
        the capital; "Guinea, Niger and Togo" names countries. The other names' first-pass readings decide.
        """
        levels: list[tuple[int, str | None] | None] = []
        for query, geo in zip(queries, first, strict=True):
            picked = next((c for c in query.candidates if geo and c.geonames_id == geo.geonames_id), None)
            levels.append((picked.level, picked.country_code) if picked and geo else None)
        mentions: list[tuple[int, int, int]] = []
        for start, end, i in sorted((start, end, i) for i, (_, spans) in enumerate(names) for start, end in spans):
            if not mentions or start >= mentions[-1][1]:  # a mention inside another is not in the sequence
                mentions.append((start, end, i))
        neighbours: dict[int, set[int]] = defaultdict(set)
        # runs of names joined by separators; only a run with an "and" or "or" is a list ("Nuevo Laredo,
        # Tamaulipas, Mexico" is a town, its state and its country)
        run: list[tuple[int, int]] = []
        closed = False
        for (_, end, i), (start, _, j) in [*zip(mentions, mentions[1:], strict=False), ((0, 0, -1), (0, 0, -1))]:
            separator = _LIST_SEPARATOR.fullmatch(text, end, start) if j >= 0 else None
            if separator and i != j:
                run.append((i, j))
                closed = closed or bool(re.search(r"\b(?:and|or)\b|&", separator.group()))
                continue
            if closed:
                for a, b in run:
                    neighbours[a].add(b)
                    neighbours[b].add(a)
            run, closed = [], False
        changed = False
        for i, others in neighbours.items():
            if len(others) < 2 or queries[i].qualifiers:  # a list of three or more; "Washington, D.C." is no list
                continue
            if all(levels[j] is not None and levels[j][0] in _TOWNS for j in others):  # type: ignore[index]
                changed = ContextResolver._town_list(queries[i], levels[i]) or changed
                continue
            kinds = {levels[j] for j in others}
            kind = kinds.pop() if len(kinds) == 1 else None
            if kind is None or kind[0] not in _REGIONS:
                continue
            level, cc = kind
            query = queries[i]
            kept = tuple(
                c for c in query.candidates if c.level == level and (level == index.COUNTRY or c.country_code == cc)
            )
            if kept and len(kept) < len(query.candidates) and levels[i] != kind:
                query.candidates = kept
                query.rules.append("same_kind_list")
                changed = True
        return changed

    @staticmethod
    def _town_list(query: Query, level: tuple[int, str | None] | None) -> bool:
        """A name read as a region in a list of towns is its namesake town of 100,000+ people (`town_list`).

        "offices in Los Angeles, Miami, New York and Detroit": New York City, not the state that
        `STATE_FIRST` makes a bare "New York". A town of the very name (or with "City") and that size only.
        """
        if level is not None and level[0] in _TOWNS:
            return False
        towns = tuple(c for c in query.candidates if c.level in _TOWNS)
        if not any(
            c.population >= OWN_NAME_TOWN and key(c.name) in (query.found_by, f"{query.found_by} city") for c in towns
        ):
            return False
        query.candidates = towns
        query.rules.append("town_list")
        return True

    def _named_in_passing(self, text: str, taken: list[tuple[int, int]], countries: set[str]) -> list[PassingName]:
        """States and counties named inside other names, outside every place mention (`named_in_passing`).

        A first-level region's name counts when the index reads it as that one region (a name shared by
        regions of several countries counts when only one of those countries has evidence); a county's
        name ("Edgar County") counts like a county the article names.
        """
        found: dict[str, list[int]] = defaultdict(list)
        first_words = self.places.admin1_first_words
        for run in _CAPITALISED_RUN.finditer(text):
            plain = run.group().split(" ")
            if not any(w in _COUNTY_WORDS or w.lower() in first_words for w in plain):
                continue  # most runs are people's and organisations' names: nothing to look up
            words, at = [], run.start()
            for word in plain:
                words.append((at, word))
                at += len(word) + 1
            i = 0
            while i < len(words):
                for n in (3, 2, 1):
                    if i + n > len(words):
                        continue
                    phrase = " ".join(w for _, w in words[i : i + n])
                    after = words[i + n][1] if i + n < len(words) else ""
                    if after in _COUNTY_WORDS:
                        phrase = f"{phrase} {after}"
                        n += 1
                    elif fold(phrase) not in self.places.admin1_names:
                        continue
                    start = words[i][0]
                    end = words[i + n - 1][0] + len(words[i + n - 1][1])
                    if not any(s < end and start < e for s, e in taken):
                        found[key(phrase)].append(start)
                    i += n - 1
                    break
                i += 1
        out = []
        for name_key, starts in found.items():
            candidates = self.places.candidates(name_key)
            if not name_key.endswith((" county", " parish")):
                regions = {(c.country_code, c.admin1) for c in candidates if c.level == index.ADMIN1}
                if len(regions) > 1:  # "Florida": Florida, USA, when the article is about the United States
                    candidates = tuple(c for c in candidates if c.level != index.ADMIN1 or c.country_code in countries)
            if candidates:
                out.append(PassingName(name_key, candidates, len(starts)))
        return out

    @staticmethod
    def _nearby(i: int, candidates: tuple[Candidate, ...], cells: list[set[tuple[int, int]]]) -> dict[int, float]:
        """For each candidate (by position), how many other names have a candidate close to it."""
        out: dict[int, float] = {}
        others = [c for j, c in enumerate(cells) if j != i and c]
        if not others:
            return out
        for n, candidate in enumerate(candidates):
            if candidate.level not in _LOCAL or candidate.lat is None:
                continue
            lat, lon = _cell(candidate)
            around = {(lat + a, lon + b) for a in (-1, 0, 1) for b in (-1, 0, 1)}
            # a name of many namesakes ("Vernon", "Henry County") has one near almost anywhere: it counts less
            out[n] = sum(_specificity(len(cell)) for cell in others if not cell.isdisjoint(around))
        return out

    def _query(self, name: str, spans: Sequence[tuple[int, int]], text: str) -> Query:
        qualifiers: list[tuple[Region, float]] = []
        # (qualifier, its regions, weight, more names of a list follow it, a list's name comes before too)
        written: list[tuple[str, list[Region], float, bool, bool]] = []
        base = name
        if ", " in name:  # "Fargo, N.D." as one mention
            base, _, tail = name.partition(", ")
            qualifiers += [(r, QUALIFIER_WEIGHT) for r in self._qualifier(tail, None)]
        for start, end in spans:
            match = QUALIFIER.match(text, end) if not COUNTY_LIST_TAIL.match(text, end) else None
            if match:  # (", Douglas and Wilkin counties" is a list, no qualifier)
                weight = DATELINE_WEIGHT if start < DATELINE_CHARS else QUALIFIER_WEIGHT
                dashed = match.group("q2") is None and bool(_DASH_AFTER.match(text, match.end()))
                regions = self._qualifier(match.group("q"), match.group("q2"), dashed)
                goes_on = match.group("q2") is None and bool(_LIST_GOES_ON.match(text, match.end()))
                # "... Georgia, Oklahoma, Pennsylvania and ...": a name inside a list
                inside = bool(match.group("q2") or goes_on) and bool(
                    _LIST_BEFORE.search(text, max(0, start - 3), start)
                )
                if regions:
                    written.append((match.group("q"), regions, weight, goes_on, inside))
        # "Ill." whose period the entity name lost: a state abbreviation, not the Indian town Ala.
        dotted = base if base.endswith(".") else base + "." if any(text[e : e + 1] == "." for _, e in spans) else None
        code = state_code(dotted, codes=False) if dotted else None
        if code is not None:
            return Query(base, self.places.candidates(key(dotted or base)), qualifiers)
        found_by = key(base)
        candidates: tuple[Candidate, ...] = ()
        rules: list[str] = []
        if base.endswith(" City") and any(CITY_BODY_AFTER.match(text, end) for _, end in spans):
            # "Dublin City Council": the council of the town of Dublin, not Dublin City
            bare = key(base.removesuffix(" City"))
            candidates = tuple(c for c in self.places.candidates(bare) if c.level not in _NOT_REGION)
            if candidates:
                found_by, rules = bare, ["city_body_after"]
        candidates = candidates or self.places.candidates(found_by)
        longer = self._longer_town(base, spans, text) if candidates else None
        if longer is not None:  # "a Tennessee Colony man" cut to "Tennessee": the town of Tennessee Colony
            found_by, candidates, rules = longer
        for shorter in fallback_keys(base) if not candidates else ():
            candidates = self.places.candidates(shorter)
            if candidates and _DIRECTION.match(base):
                # "Southern California", "North Minneapolis": a part of a region or of a city; "West Side",
                # "North Shore" are a town's parts, not the Turkish town of Side
                candidates = tuple(c for c in candidates if c.level in _REGIONS or c.population >= OWN_NAME_TOWN)
                if candidates:
                    rules.append("direction_of_place")
            if candidates:
                found_by = shorter
                break
        state = self.places.admin1.get(("US", base)) if base in USPS_CODES else None
        if state is not None and spans and all(_COMMA_BEFORE.search(text, max(0, s - 3), s) for s, _ in spans):
            # "Desoto, MO" whose state the entity rules made a place of its own: Missouri, not Mo i Rana
            candidates = tuple(
                c for c in self.places.candidates(key(state[2])) if c.admin1 == base and c.level == index.ADMIN1
            )
            found_by, rules = key(state[2]), [*rules, "postal_code"]
        list_rule = self._list_not_qualifier(candidates, written)
        for word, regions, weight, *_ in written:
            if word in list_rule:
                continue
            # "Atlanta, Georgia": the state, where an Atlanta lies, not the country too
            holding = [
                r
                for r in regions
                if any((c.country_code, c.admin1) == r or (c.country_code, None) == r for c in candidates)
            ]
            qualifiers += [(r, weight) for r in holding or regions]
        rules += sorted(set(list_rule.values()))
        query = Query(base, candidates, qualifiers, rules, found_by)
        country = demonym_country(base) if not candidates else None
        if country is not None:  # "Syrian" tagged as a place, which the index has no town for: Syria
            query.candidates = tuple(c for c in self.places.candidates(key(country)) if c.level == index.COUNTRY)
            if query.candidates:
                query.rules.append("demonym_country")
        lists = [_county_list(text, start, end) for start, end in spans]
        kind = next((m.group("kind") for m in lists if m), None)
        if kind is not None:  # "Barrow and Jackson counties": Jackson County
            counties = self.places.candidates(key(f"{base} {'Parish' if kind == 'parishes' else 'County'}"))
            if counties:
                query.candidates = counties
                query.rules.append("county_list")
        for cue in TOWN_CUES:
            # The candidates first: a cue that would rule none out (most names) needs no look at the text.
            kept = tuple(
                c
                for c in query.candidates
                if c.level not in cue.not_levels and (cue.countries is None or c.country_code in cue.countries)
            )
            if kept and len(kept) < len(query.candidates) and any(_cue_holds(cue, text, s, e) for s, e in spans):
                query.candidates = kept
                query.rules.append(cue.name)
        cities = {
            c.country_code
            for c in query.candidates
            if c.level in _TOWNS
            and c.population >= OWN_NAME_TOWN
            and key(c.name) in (query.found_by, f"{query.found_by} city")  # "New York City"
        }
        if any(c.level == index.ADMIN1 and c.country_code in cities for c in query.candidates) and any(
            _cue_holds(DATELINE_CITY, text, s, e) for s, e in spans
        ):
            # "NEW YORK (AP) -": a dateline names the city, never its namesake state (`dateline_city`)
            query.candidates = tuple(c for c in query.candidates if c.level not in _NOT_REGION)
            query.rules.append(DATELINE_CITY.name)
        return query

    def _list_not_qualifier(
        self, candidates: tuple[Candidate, ...], written: list[tuple[str, list[Region], float, bool, bool]]
    ) -> dict[str, str]:
        """The words after a comma that are the next names of a list, not qualifiers: word -> rule.

        "volunteers from Crockett, Palestine and Houston" names three towns, not Crockett in Palestine
        (`list_not_qualifier`: no candidate lies in the word's region, the word is a town too and the list
        goes on); "Georgia, Oklahoma, Pennsylvania" names three states, and "Niger, Nigeria" two countries
        (`region_list`: inside a list, a state's name before another state's of its country, or a country's
        before any region's, is no town there; "Washington, Pa." is the town, its state abbreviated).
        """
        out: dict[str, str] = {}
        if not candidates:
            return out
        for word, regions, _, goes_on, inside in written:
            countries = {cc for cc, _ in regions}
            same = any(
                c.level == index.COUNTRY or (c.level == index.ADMIN1 and c.country_code in countries)
                for c in candidates
            )
            if (
                inside
                and same
                and state_code(word) is None
                and not any((c.country_code, c.admin1) in regions and c.level in _REGIONS for c in candidates)
            ):
                out[word] = "region_list"
            elif (
                goes_on
                and not any(
                    (c.country_code, c.admin1) in regions or (c.country_code, None) in regions for c in candidates
                )
                and any(c.level in _TOWNS for c in self.places.candidates(key(word)))
            ):
                out[word] = "list_not_qualifier"
        return out

    def _longer_town(
        self, base: str, spans: Sequence[tuple[int, int]], text: str
    ) -> tuple[str, tuple[Candidate, ...], list[str]] | None:
        """The town every mention names with the capitalised word after it, when the name was cut short.

        "a Tennessee Colony man" whose name the entity rules cut to "Tennessee" is the town of Tennessee
        Colony, not the state (`longer_town`); a mention without the word ("in Tennessee") keeps the name.
        """
        words = {m.group(1) if (m := _NEXT_WORD.match(text, end)) else None for _, end in spans}
        if len(words) != 1 or None in words:
            return None
        longer = key(f"{base} {words.pop()}")
        towns = tuple(c for c in self.places.candidates(longer) if c.level in _TOWNS and key(c.name) == longer)
        return (longer, towns, ["longer_town"]) if towns else None

    def _qualifier(self, q: str, q2: str | None, dashed: bool = False) -> list[Region]:
        # "Busan, South Korea. All 169 people": the sentence's period is no abbreviation's
        regions = self.places.region_of(q) or self.places.region_of(q.removesuffix("."))
        if not regions and dashed and state_code(f"{q}.", codes=False):
            regions = [("US", str(state_code(f"{q}.", codes=False)))]  # "York, Pa- A teen...": a scraped dateline
        if not regions and (self.places.candidates(key(q)) or self.places.candidates(key(q.removesuffix(".")))):
            # "Pensacola, Panama City and Gainesville": a list of towns, not "Panama"; "in Shuja'iyya, Gaza City."
            # at a sentence's end: a part of a town, not Mozambique's province of Gaza
            return []
        if not regions:
            words = q.split()  # ", N.D. Police Chief": the longest known prefix
            for n in range(len(words) - 1, 0, -1):
                prefix = " ".join(words[:n])
                # "Busan, South Korea. All 169 people": the sentence's period is no abbreviation's
                regions = self.places.region_of(prefix) or self.places.region_of(prefix.removesuffix("."))
                if regions:
                    break
                if n > 1 and self.places.candidates(key(prefix.removesuffix("."))):
                    return []  # "in Shuja'iyya, Gaza City. The ...": a town (the longer name), not "Gaza"
        if q2 and regions:
            countries = {r[0] for r in self.places.region_of(q2) if r[1] is None}
            regions = [r for r in regions if r[0] in countries] or regions
        return regions

    def _pick(self, query: Query, focus: Focus, nearby: dict[int, float]) -> GeoPlace | None:
        name, candidates, qualifiers = query.name, query.candidates, query.qualifiers
        name_key = query.found_by or key(name)
        evidence = focus.without(name_key)
        near = {id(c): nearby.get(n, 0) for n, c in enumerate(candidates)} if nearby else {}
        rules = list(query.rules)
        if qualifiers and candidates:
            allowed = {r for r, _ in qualifiers}
            countries = {(cc, None) for cc, _ in allowed}
            inside = tuple(
                c for c in candidates if (c.country_code, c.admin1) in allowed or (c.country_code, None) in allowed
            )
            if inside:
                candidates = inside
                rules.append("qualifier")
            elif all(c.level in _TOWNS or c.level == index.ADMIN2 for c in candidates) or (
                all(a1 is not None for (_, a1), _ in qualifiers)
                and not any(c.level in _REGIONS and (c.country_code, None) in countries for c in candidates)
            ):
                # "Millbrook, Vermont": never Alabama's; "Westmoreland, N.Y." (a town the index lacks) is in
                # New York, never the Jamaican parish
                return self._region_only(name, qualifiers)
        if not candidates:
            return self._region_only(name, qualifiers) if qualifiers else None
        top_region, top_country = focus.tops(name_key)
        if top_region:
            top_region = max(top_region, FOCUS_FULL)
        if top_country:
            top_country = max(top_country, FOCUS_FULL)

        # "Portland" in a US story: the Jamaican parish of that name ranks as a town (see FOREIGN_REGION_AS_TOWN).
        name_key = query.found_by or name_key  # the own-name tests compare with the key the candidates came from
        towns_in_focus = {
            c.country_code
            for c in candidates
            if c.level in _TOWNS
            and c.country_code
            and evidence.get((c.country_code, None), 0.0) > 0
            and key(c.name) == name_key
        }

        # the largest town of this very name in each country
        namesakes: dict[str, int] = {}
        for c in candidates:
            if c.level in _TOWNS and c.country_code and key(c.name) == name_key:
                namesakes[c.country_code] = max(namesakes.get(c.country_code, 0), c.population)

        def outgrown(region: Candidate) -> bool:
            """A town of that name in another country is bigger than the region (see BIG_TOWN)."""
            size = max(BIG_TOWN, self.places.region_people.get(region.country_code or "", 0))
            return any(pop >= size for cc, pop in namesakes.items() if cc != region.country_code)

        own_name_town = any(
            c.level in _TOWNS and c.population >= OWN_NAME_TOWN and key(c.name) == name_key for c in candidates
        )

        big_namesake: dict[str, int] = {}  # country -> its largest town of this very name (100,000+ people)
        for c in candidates:
            if c.level in _TOWNS and c.country_code and c.population >= OWN_NAME_TOWN and key(c.name) == name_key:
                big_namesake[c.country_code] = max(big_namesake.get(c.country_code, 0), c.population)

        adjusted: set[str] = set()

        def prior(c: Candidate) -> float:
            if (
                c.level == index.ADMIN1
                and c.country_code
                and evidence.get((c.country_code, None), 0.0) == 0
                and ((towns_in_focus - {c.country_code}) or outgrown(c))
            ):
                adjusted.add("region_abroad_as_town")
                return _town_prior(FOREIGN_REGION_AS_TOWN) - 0.5
            if c.level in _TOWNS and key(c.name) != name_key:
                if c.level == index.CAPITAL:  # "Mexico" is the country, not Mexico City (one of its names)
                    adjusted.add("other_name_of_capital")
                    return _town_prior(c.population) + CAPITAL_BONUS - (ALTERNATE_PENALTY if own_name_town else 0.0)
                if own_name_town:
                    adjusted.add("other_name_of_town")
                    return _prior(c, candidates, name_key) - ALTERNATE_PENALTY
            if c.level == index.ADMIN2 and own_name_town and key(c.name) != name_key:
                # "volunteers from Crockett, Palestine and Houston": the city, not Houston County
                adjusted.add("bare_county_below_city")
                return _prior(c, candidates, name_key) - ALTERNATE_PENALTY
            return _prior(c, candidates, name_key)

        def bonuses(c: Candidate) -> dict[str, float]:
            out = {"nearby": NEARBY_BONUS * min(near.get(id(c), 0), NEARBY_MAX)}
            if c.country_code and c.level not in (index.CONTINENT, index.AREA):
                if top_region and c.admin1 and c.level != index.ADMIN1:  # a state's own name is no evidence
                    out["focus_region"] = ADMIN1_BONUS * evidence.get((c.country_code, c.admin1), 0.0) / top_region
                    if (
                        c.level in _TOWNS
                        and big_namesake.get(c.country_code, 0) >= c.population * FAMOUS_NAMESAKE_RATIO
                    ):
                        out["focus_region"] /= 2
                if top_country:
                    out["focus_country"] = COUNTRY_BONUS * evidence.get((c.country_code, None), 0.0) / top_country
            return out

        def score(c: Candidate) -> float:
            return prior(c) + sum(bonuses(c).values())

        best = max(candidates, key=lambda c: (score(c), -c.level, c.population))
        rules += sorted(adjusted)
        rules += [bonus for bonus, value in bonuses(best).items() if value > 0]
        if {(best.country_code, best.admin1), (best.country_code, None)} & focus.passing and "focus_country" in rules:
            rules.append("named_in_passing")
        return GeoPlace(
            best.name,
            _KIND[best.level],
            best.country_code,
            best.lat,
            best.lon,
            best.geonames_id,
            best.population,
            self.places.admin1_of(best),
            tuple(rules) or ("prior",),
        )

    def _region_only(self, name: str, qualifiers: list[tuple[Region, float]]) -> GeoPlace | None:
        """A town the gazetteer lacks, placed by its qualifier: the region's point and codes, no id."""
        weight = max(w for _, w in qualifiers)
        regions = [region for region, w in qualifiers if w == weight]
        cc, a1 = regions[0]
        # "Fambita, Niger": the country, which gives a town no point, before the Nigerian state
        if a1 is not None and all(a is not None or c == cc for c, a in regions):
            row = self.places.admin1.get((cc, a1))
            if row is None:
                return None
            return GeoPlace(name, "other", cc, row[4], row[5], None, 0, Admin1(a1, row[2]), ("qualifier_region_only",))
        return None
