"""What incident tests and the stage's cost bench share: two places of one Milwaukee story, and the table in memory."""

from __future__ import annotations

#: A resolved city (as an event's place carries it, without mentions).
MILWAUKEE = {
    "name": "Milwaukee",
    "kind": "city",
    "country_code": "US",
    "admin1": {"code": "WI", "name": "Wisconsin"},
    "geonames_id": 5263045,
    "lat": 43.04,
    "lon": -87.91,
    "salience": 0.9,
}
#: A street corner the gazetteer cannot resolve.
CORNER = {
    "name": "65th & Thurston",
    "kind": None,
    "country_code": None,
    "geonames_id": None,
    "lat": None,
    "lon": None,
    "salience": 0.95,
}


class MemoryTable:
    """The incidents table in memory: the part of Faust's Table API the stage uses."""

    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}

    def get(self, key: bytes) -> bytes | None:
        return self.data.get(key)

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self.data[key] = value
