"""Geocoding in context: every place name of an article resolved to a GeoNames place, with a point.

`ContextGeocoder` is the extractor's geocoder. Its `lookup` is the gazetteer's (countries, regions and
towns of 5,000+ people, used by the entity rules to tell places from other names); its `resolve`
reads the whole article (qualifiers such as "Alexandria, Va.", the dateline, the regions the article
names) and resolves every place against GeoNames towns of 500+ people (`index`, `resolve`).

The index is a SQLite file built once per machine (about 30 s, in a child process) and read through the
OS page cache, which all extraction processes share: each process holds only its SQLite page cache,
its candidate cache and the 4,000-row admin1 table.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from service.extract.gazetteer import Geocoder, GeonamesGazetteer, GeoPlace, gazetteer
from service.extract.geocode.resolve import ContextResolver, PlaceIndex

__all__ = ["ContextGeocoder", "PlaceResolver", "context_geocoder", "resolve_places"]

PlaceNames = Sequence[tuple[str, Sequence[tuple[int, int]]]]
"""Each place of an article: its canonical name and its mentions' (start, end) offsets in the text."""


@runtime_checkable
class PlaceResolver(Protocol):
    """A geocoder that resolves all the places of one article together, reading the article."""

    def resolve(self, names: PlaceNames, text: str) -> list[GeoPlace | None]:
        """One `GeoPlace` or None per entry of `names`, in order."""
        ...


class ContextGeocoder:
    """The gazetteer's `lookup` plus `resolve` in context (see the module docstring)."""

    def __init__(self, lookups: GeonamesGazetteer | None = None, index_path: Path | None = None) -> None:
        self._lookups = lookups if lookups is not None else gazetteer()
        self._resolver = ContextResolver(PlaceIndex(index_path))
        # The entity rules ask the same few hundred names several times per mention: their answers cached.
        self._named = lru_cache(maxsize=20_000)(self._lookup)

    def lookup(self, name: str, countries: frozenset[str] = frozenset()) -> GeoPlace | None:
        """The gazetteer's best entry for `name` (see `GeonamesGazetteer.lookup`), else a first-level region.

        The gazetteer knows US states only; "Tamil Nadu", "Hampshire", "Sindh" come from the index.
        """
        return self._lookup(name, countries) if countries else self._named(name)

    def _lookup(self, name: str, countries: frozenset[str] = frozenset()) -> GeoPlace | None:
        return self._lookups.lookup(name, countries) or self._resolver.places.admin1_named(name)

    def country_name(self, code: str) -> str | None:
        """The country's name for an ISO code."""
        return self._lookups.country_name(code)

    def resolve(self, names: PlaceNames, text: str) -> list[GeoPlace | None]:
        """Every place of one article, resolved together.

        Examples:
            >>> text = "ALEXANDRIA, Va. - Alexandria police said."
            >>> [g.admin1.name for g in context_geocoder().resolve([("Alexandria", [(0, 10), (16, 26)])], text)]
            ['Virginia']

        """
        return self._resolver.resolve(names, text)


def resolve_places(geocoder: Geocoder, names: PlaceNames, text: str) -> list[GeoPlace | None]:
    """Resolve with `geocoder.resolve` when it reads context, else name by name with `lookup`.

    A plain `Geocoder` (a test's fake) still gets the countries the article names as context.
    """
    if isinstance(geocoder, PlaceResolver):
        return geocoder.resolve(names, text)
    found = [geocoder.lookup(name) for name, _ in names]
    countries = frozenset(g.country_code for g in found if g is not None and g.kind == "country" and g.country_code)
    return [geocoder.lookup(name, countries) for name, _ in names]


_lock = threading.Lock()


@cache
def _build() -> ContextGeocoder:
    return ContextGeocoder()


def context_geocoder() -> ContextGeocoder:
    """The process-wide context geocoder, opened on first use (the first use on a machine builds the index)."""
    with _lock:
        return _build()
