"""The incident stage's logic without a broker: what is forwarded, published and stored, in which order."""

from __future__ import annotations

import asyncio
from typing import Any

import faust

from service.config import Settings
from service.events import dumps, loads, schema_errors
from service.incidents.current import current_incidents
from service.stream.incidents import IncidentStage, link_request

MILWAUKEE = {
    "name": "Milwaukee",
    "kind": "city",
    "country_code": "US",
    "admin1": {"code": "WI", "name": "Wisconsin"},
    "geonames_id": 5263045,
    "lat": 43.04,
    "lon": -87.91,
    "salience": 0.9,
    "mentions": [],
    "count": 1,
}
CORNER = {
    "name": "65th & Thurston",
    "kind": None,
    "country_code": None,
    "geonames_id": None,
    "lat": None,
    "lon": None,
    "salience": 0.95,
    "mentions": [],
    "count": 1,
}


def event(article_id: str, killed: int | None, injured: int | None, hour: int) -> dict[str, Any]:
    def total(n: int | None) -> dict | None:
        return None if n is None else {"count_min": n, "count_max": n, "approximate": False, "victims": []}

    return {
        "article_id": article_id,
        "event_id": "0" * 32,
        "published_at": f"2026-03-01T{hour:02d}:00:00Z",
        "processed_at": "2026-03-02T00:00:00Z",
        "places": [CORNER, MILWAUKEE],
        "people": [],
        "organisations": [],
        "casualties": [{"kind": "injured", "text": "a 24-year-old man was shot", "date": None, "victims": []}],
        "casualty_totals": {"killed": total(killed), "injured": total(injured), "missing": None},
    }


class FakeTable:
    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}

    def get(self, key: bytes) -> bytes | None:
        return self.data.get(key)

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self.data[key] = value


def stage_with_log() -> tuple[IncidentStage, list[tuple[str, bytes | None]]]:
    sent: list[tuple[str, bytes | None]] = []

    async def send(topic: str, key: bytes | None, value: bytes) -> Any:
        sent.append((topic, key))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    settings = Settings(incidents_enabled=True)
    stage = IncidentStage(faust.App("incidents-unit", autodiscover=False), settings, send)
    stage.table = FakeTable()  # type: ignore[assignment]
    return stage, sent


def test_an_article_without_toll_or_people_is_not_forwarded_and_others_are_keyed_by_country():
    assert link_request(event("a", None, None, 1)) is None
    key, value = link_request(event("b", None, 1, 1))  # type: ignore[misc]
    assert key == b"US" and loads(value)["article_id"] == "b" and "mentions" not in loads(value)["places"][0]


def test_each_change_publishes_a_valid_record_before_the_table_write_and_a_repeat_publishes_nothing():
    stage, sent = stage_with_log()

    async def scenario() -> list[bool]:
        changed = []
        for e in (event("a", None, 1, 1), event("b", 1, None, 9), event("b", 1, None, 9)):
            key, value = link_request(e)  # type: ignore[misc]
            changed.append(await stage.handle(key, value, 0))
        return changed

    assert asyncio.run(scenario()) == [True, True, False]
    assert [topic for topic, _ in sent] == ["news.incidents", "news.incidents"]
    state = loads(stage.table.get(b"US"))  # type: ignore[arg-type]
    assert [i["killed"] for i in state["incidents"]] == [1] and state["incidents"][0]["injured"] == 0


def test_records_follow_the_incident_schema_and_the_latest_wins():
    stage, _ = stage_with_log()
    published: list[dict] = []

    async def send(topic: str, key: bytes | None, value: bytes) -> Any:
        published.append(loads(value))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    stage.send = send

    async def scenario() -> None:
        for e in (event("a", None, 1, 1), event("b", 1, None, 9)):
            await stage.handle(*link_request(e), 0)  # type: ignore[misc]

    asyncio.run(scenario())
    assert all(schema_errors("incident.v1", record) == [] for record in published)
    (current,) = current_incidents(published)
    assert current["updates"] == 2 and current["article_id"] == "b" and dumps(current)
