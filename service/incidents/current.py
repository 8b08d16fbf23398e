"""The current incidents from the incidents topic: the latest record of each incident, largest toll first.

The topic holds one record per update; a consumer keeps, per `incident_id`, the record with the highest
`updates` (a duplicate after a crash carries the same count). Pure: records in, incidents out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def current_incidents(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest state of each incident, ordered by killed, then injured, then most recently updated.

    >>> first = {"incident_id": "a", "updates": 1, "killed": 1, "injured": 0, "last_updated": "x"}
    >>> current_incidents([first, {**first, "updates": 2, "killed": 3}])[0]["killed"]
    3
    """
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        incident_id = record.get("incident_id")
        if not isinstance(incident_id, str):
            continue
        if record.get("updates", 0) >= latest.get(incident_id, {}).get("updates", 0):
            latest[incident_id] = record
    return sorted(
        latest.values(),
        key=lambda r: (r.get("killed", 0), r.get("injured", 0), r.get("last_updated", "")),
        reverse=True,
    )
