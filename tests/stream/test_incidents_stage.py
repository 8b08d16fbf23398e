"""The incident stage's logic without a broker: what is routed, published and stored, in which order."""

from __future__ import annotations

import asyncio
from typing import Any

import faust

from service.config import Settings
from service.events import dumps, loads, schema_errors
from service.incidents.current import current_incidents
from service.stream import incidents as stage_module
from service.stream.incidents import IncidentStage
from service.stream.publisher import Publisher
from tests.support import incidents as support
from tests.support.incidents import MemoryTable

MILWAUKEE = {**support.MILWAUKEE, "mentions": [], "count": 1}
CORNER = {**support.CORNER, "mentions": [], "count": 1}


def event(article_id: str, killed: int | None, injured: int | None, hour: int) -> dict[str, Any]:
    def total(n: int | None) -> dict | None:
        return None if n is None else {"count_min": n, "count_max": n, "approximate": False, "victims": []}

    return {
        "schema_version": "entity-event.v2",
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


class Recorder:
    """The broker's side of the stage: every send in order (topic, key, value), and table writes among them."""

    def __init__(self) -> None:
        self.log: list[tuple[str, bytes | None, bytes]] = []

    async def send(self, topic: str, key: bytes | None, value: bytes, *, timestamp: float | None = None) -> Any:
        self.log.append((topic, key, value))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    def topics(self) -> list[str]:
        return [topic for topic, _, _ in self.log]

    def on(self, topic: str) -> list[dict[str, Any]]:
        return [loads(value) for t, _, value in self.log if t == topic]


def make_stage(**settings: Any) -> tuple[IncidentStage, Recorder]:
    recorder = Recorder()
    stage = IncidentStage(
        faust.App("incidents-unit", autodiscover=False),
        Settings(incidents_enabled=True, **settings),
        Publisher(recorder.send),
    )
    table = MemoryTable()

    class LoggedTable(MemoryTable):
        def __setitem__(self, key: bytes, value: bytes) -> None:
            recorder.log.append(("<table>", key, value))
            table.data[key] = value

    stage.table = LoggedTable()  # type: ignore[assignment]
    stage.table.data = table.data
    return stage, recorder


def handle_all(stage: IncidentStage, events: list[dict[str, Any]]) -> list[bool]:
    """Route each event as the batch processor does, then handle what went to the links topic."""

    async def scenario() -> list[bool]:
        changed = []
        for e in events:
            topic, key, value = stage.route(e["article_id"].encode(), dumps(e))
            assert topic == stage.links_topic.get_topic_name()
            changed.append(await stage.handle(key, value, 0, timestamp=None))
        return changed

    return asyncio.run(scenario())


def test_an_event_without_toll_or_people_goes_out_at_once_with_a_null_incident_id():
    stage, _ = make_stage()
    quiet = event("a", None, None, 1)
    topic, key, value = stage.route(b"a", dumps(quiet))
    assert (topic, key) == ("news.entities", b"a") and loads(value) == {**quiet, "incident_id": None}


def test_an_event_with_a_toll_goes_whole_to_the_links_topic_keyed_by_country():
    stage, _ = make_stage()
    payload = dumps(event("b", None, 1, 1))
    topic, key, value = stage.route(b"b", payload)
    assert topic == "news-entities-incident-links" and key == b"US" and value == payload


def test_v1_events_are_written_without_incident_id():
    stage, recorder = make_stage(event_schema="v1")
    quiet = dumps(event("a", None, None, 1))
    assert stage.route(b"a", quiet)[2] == quiet
    handle_all(stage, [event("b", None, 1, 1)])
    (published,) = recorder.on("news.entities")
    assert "incident_id" not in published


def test_the_event_is_published_with_its_incident_id_before_the_record_and_the_record_before_the_table():
    stage, recorder = make_stage()
    assert handle_all(stage, [event("a", None, 1, 1), event("b", 1, None, 9), event("b", 1, None, 9)]) == [
        True,
        True,
        False,
    ]
    assert recorder.topics() == [
        *("news.entities", "news.incidents", "<table>"),
        *("news.entities", "news.incidents", "<table>"),
        "news.entities",  # the repeat: its event again (same id), no record, no table write
    ]
    ids = {e["incident_id"] for e in recorder.on("news.entities")}
    (incident,) = {r["incident_id"] for r in recorder.on("news.incidents")}
    assert ids == {incident}
    state = loads(stage.table.get(b"US"))  # type: ignore[arg-type]
    assert [i["killed"] for i in state["incidents"]] == [1] and state["incidents"][0]["injured"] == 0


def test_replay_after_a_crash_before_the_table_write_publishes_the_same_id_and_the_same_record():
    stage, recorder = make_stage()
    handle_all(stage, [event("a", None, 1, 1)])
    after_a = dict(stage.table.data)
    handle_all(stage, [event("b", 1, None, 9)])
    first_event, first_record = recorder.log[-3][2], recorder.log[-2][2]
    stage.table.data.clear()
    stage.table.data.update(after_a)  # restored from a changelog that lacks b's write
    handle_all(stage, [event("b", 1, None, 9)])
    assert recorder.log[-3][2] == first_event and recorder.log[-2][2] == first_record


def test_records_follow_the_incident_schema_and_the_latest_wins():
    stage, recorder = make_stage()
    handle_all(stage, [event("a", None, 1, 1), event("b", 1, None, 9)])
    published = recorder.on("news.incidents")
    assert all(schema_errors("incident.v1", record) == [] for record in published)
    (current,) = current_incidents(published)
    assert current["updates"] == 2 and current["article_id"] == "b" and dumps(current)


def test_a_request_that_is_not_an_event_is_dead_lettered_and_nothing_else_is_published():
    stage, recorder = make_stage()
    assert asyncio.run(stage.handle(b"US", b"{not json", 2, offset=7)) is False
    assert recorder.topics() == ["news.articles.dlq"]
    (letter,) = recorder.on("news.articles.dlq")
    assert letter["reason"] == "invalid_json" and letter["source"]["offset"] == 7
    assert schema_errors("dead-letter.v2", letter) == []


def test_a_linking_failure_still_publishes_the_event_without_an_incident(monkeypatch):
    def broken(*args: Any) -> None:
        raise RuntimeError("a linker bug")

    stage, recorder = make_stage()
    monkeypatch.setattr(stage_module, "link", broken)
    assert handle_all(stage, [event("a", None, 1, 1)]) == [False]
    assert recorder.topics() == ["news.entities"] and recorder.on("news.entities")[0]["incident_id"] is None


def test_a_region_too_large_for_one_changelog_record_drops_its_least_recent_incidents():
    stage, _ = make_stage(incident_ttl_days=365)  # nothing expires: only the size bound drops incidents
    far_apart = []
    for month in range(1, 7):  # six shootings at six street corners, a month apart: six incidents
        e = event(f"d{month}", None, 1, 1)
        e["published_at"] = f"2026-{month:02d}-01T01:00:00Z"
        e["places"] = [{**CORNER, "name": f"{month}th & Thurston"}, MILWAUKEE]
        far_apart.append(e)
    handle_all(stage, far_apart[:1])
    one = len(stage.table.get(b"US") or b"")
    stage.max_state_bytes = int(one * 3.5)
    handle_all(stage, far_apart[1:])
    state = loads(stage.table.get(b"US"))  # type: ignore[arg-type]
    assert len(stage.table.get(b"US") or b"") <= stage.max_state_bytes
    assert [i["articles"][0]["article_id"] for i in state["incidents"]] == ["d4", "d5", "d6"]


def test_the_events_the_stage_writes_validate_as_v2_with_an_incident_id_or_null():
    from tests.test_events import _full_event  # a real, complete event: three killed, one person named

    stage, recorder = make_stage()
    handle_all(stage, [_full_event()])
    nobody = {"killed": None, "injured": None, "missing": None}
    quiet = {**_full_event(), "people": [], "casualties": [], "casualty_totals": nobody}
    topic, _, routed_out = stage.route(b"q", dumps(quiet))
    published = [*recorder.on("news.entities"), loads(routed_out)]
    assert topic == "news.entities" and [e["incident_id"] is None for e in published] == [False, True]
    assert all(schema_errors("entity-event.v2", e) == [] for e in published)


def test_a_batch_publishes_every_event_then_every_record_then_writes_each_region_once():
    from service.stream.incidents import LinkRequest

    stage, recorder = make_stage()
    batch = [event("a", None, 1, 1), event("b", 1, None, 9), event("c", None, None, 10)]
    batch[2].update(people=[{"name": "Tom Barrett"}], places=[])  # no toll, no place, a person: joins nothing
    requests = [LinkRequest(*stage.route(e["article_id"].encode(), dumps(e))[1:], 0) for e in batch]
    assert asyncio.run(stage.handle_batch(requests)) == 2
    assert recorder.topics() == [*["news.entities"] * 3, *["news.incidents"] * 2, "<table>"]
    assert [e["incident_id"] is None for e in recorder.on("news.entities")] == [False, False, True]
    assert [r["updates"] for r in recorder.on("news.incidents")] == [1, 2]  # the state after each article
