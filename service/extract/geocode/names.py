"""Place-name keys and the qualifiers news writes after a town: "Fargo, N.D.", "Alexandria, Va.".

A key is the folded name (`gazetteer.fold`) with the abbreviations news uses spelled out, so that
"St. Paul", "Saint Paul" and "ST PAUL" share one key. State abbreviations are AP style ("Calif.",
"Conn.", "S.D.") and USPS codes ("CA"); the codes are only read as qualifiers after a comma, never as a
place on their own ("IN", "OR" and "ME" are words).
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.extract.gazetteer import fold
from service.extract.ner.attach import DEMONYM_COUNTRIES

#: AP-style state abbreviations (the AP Stylebook's list, plus common variants), folded -> USPS code.
AP_STATES = {
    "ala.": "AL",
    "ariz.": "AZ",
    "ark.": "AR",
    "calif.": "CA",
    "cal.": "CA",
    "colo.": "CO",
    "conn.": "CT",
    "del.": "DE",
    "fla.": "FL",
    "ga.": "GA",
    "ill.": "IL",
    "ind.": "IN",
    "kan.": "KS",
    "kans.": "KS",
    "ky.": "KY",
    "la.": "LA",
    "md.": "MD",
    "mass.": "MA",
    "mich.": "MI",
    "minn.": "MN",
    "miss.": "MS",
    "mo.": "MO",
    "mont.": "MT",
    "neb.": "NE",
    "nebr.": "NE",
    "nev.": "NV",
    "n.h.": "NH",
    "n.j.": "NJ",
    "n.m.": "NM",
    "n.y.": "NY",
    "n.c.": "NC",
    "n.d.": "ND",
    "okla.": "OK",
    "ore.": "OR",
    "pa.": "PA",
    "penn.": "PA",
    "r.i.": "RI",
    "s.c.": "SC",
    "s.d.": "SD",
    "tenn.": "TN",
    "tex.": "TX",
    "vt.": "VT",
    "va.": "VA",
    "wash.": "WA",
    "w.va.": "WV",
    "w. va.": "WV",
    "wis.": "WI",
    "wisc.": "WI",
    "wyo.": "WY",
    "d.c.": "DC",
}
#: Canadian Press abbreviations of the provinces and territories, folded -> GeoNames admin1 code of Canada
#: ("Estey's Bridge, N.B.", "Kingston, Ont."): qualifiers, and places where the entity rules made one.
CANADIAN_PROVINCES = {
    "alta.": "01",
    "b.c.": "02",
    "man.": "03",
    "n.b.": "04",
    "n.l.": "05",
    "nfld.": "05",
    "n.s.": "07",
    "ont.": "08",
    "p.e.i.": "09",
    "que.": "10",
    "sask.": "11",
    "n.w.t.": "13",
}
#: USPS codes: qualifiers only ("Fargo, ND").
USPS_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
    "PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
#: Abbreviated first words, spelled out in keys ("St. Louis" = "Saint Louis").
_PREFIXES = (("st. ", "saint "), ("st ", "saint "), ("ste. ", "sainte "), ("ft. ", "fort "), ("mt. ", "mount "))
#: Words news writes around a town's name that GeoNames does not ("Fargo city", "Town of Groton"), and
#: directions before a region ("Northeast Georgia", "Southern California"): tried when the whole name
#: is not a place.
_SUFFIX = re.compile(r"\s+(?:city|town|township|village|borough)$")
_PREFIX = re.compile(
    r"^(?:(?:town|city|village|borough|township) of |(?:north|south|east|west|central|upper|lower|greater|"
    r"northern|southern|eastern|western|north-?east|north-?west|south-?east|south-?west|northeast(?:ern)?|"
    r"northwest(?:ern)?|southeast(?:ern)?|southwest(?:ern)?|downtown|rural|metro) )"
)
#: What follows each name of a list of counties: ", Clay, Douglas and Wilkin counties", " and Jackson
#: counties", " counties". Each name of the list is a county (or parish), whatever else it may name.
COUNTY_LIST_TAIL = re.compile(
    r"(?:\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)*"
    r"\s+(?P<kind>counties|parishes)\b"
)
#: What `COUNTY_LIST_TAIL` needs somewhere in a text to match there (`ner.votes.Rule.needs`).
COUNTY_PLURAL = re.compile(r"counties|parishes")
#: What precedes the last name of a list of counties: "Barrow and ", "Clay, Douglas & ", "Becker, ".
COUNTY_LIST_HEAD = re.compile(r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)$")
#: A qualifier after a mention: ", Va." / ", N.D." / ", Virginia" / ", Ontario, Canada" / " (Va.)".
QUALIFIER = re.compile(
    r"\s*(?:,|\()\s*(?P<q>(?:[A-Z][A-Za-z]*\.?(?:\s?[A-Z][a-z]*\.)?)(?:\s+[A-Z][a-z]+){0,2})"
    r"(?:\s*,\s*(?P<q2>[A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+){0,2}))?"
)


@lru_cache(maxsize=65_536)
def key(name: str) -> str:
    """The index key of a name.

    Examples:
        >>> key("St. Paul"), key("SAINT PAUL"), key("the Bronx")
        ('saint paul', 'saint paul', 'bronx')

    """
    folded = fold(name)
    folded = folded.removeprefix("the ")
    for short, long in _PREFIXES:
        if folded.startswith(short):
            return long + folded[len(short) :]
    return folded


def fallback_keys(name: str) -> list[str]:
    """Shorter keys to try when `name` itself is not a place.

    Examples:
        >>> fallback_keys("Fargo city"), fallback_keys("Northeast Georgia"), fallback_keys("Town of Groton")
        (['fargo'], ['georgia'], ['groton'])

    """
    full = key(name)
    out = []
    for shorter in (_SUFFIX.sub("", full), _PREFIX.sub("", full)):
        if shorter != full and shorter and shorter not in out:
            out.append(shorter)
    return out


def demonym_country(name: str) -> str | None:
    """The country a nationality word names ("Syrian", "Afghans"), else None; the word as written.

    Examples:
        >>> demonym_country("Afghan"), demonym_country("Filipinos"), demonym_country("Kabul")
        ('Afghanistan', 'Philippines', None)

    """
    # the first country of `COUNTRY_DEMONYMS` to claim the word ("American" is the United States)
    countries = DEMONYM_COUNTRIES.get(name)
    return countries[0] if countries else None


def state_code(text: str, *, codes: bool = True) -> str | None:
    """The USPS code an AP abbreviation (or, with `codes`, a USPS code) stands for, else None.

    Examples:
        >>> state_code("Calif."), state_code("S.D."), state_code("ND"), state_code("Ohio")
        ('CA', 'SD', 'ND', None)

    """
    folded = fold(text)
    if folded in AP_STATES:
        return AP_STATES[folded]
    if codes and text in USPS_CODES:
        return text
    return None
