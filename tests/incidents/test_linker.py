"""The pure incident linker: link-or-open, latest credible toll, idempotence, expiry, round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.events import dumps, loads
from service.incidents import (
    ArticleToll,
    RegionState,
    compact_detail,
    expire,
    link,
    name_key,
    shrink_to_fit,
    signal_from_event,
    tolls,
)
from tests.support.incidents import CORNER, MILWAUKEE

T0 = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
MADISON = {**MILWAUKEE, "name": "Madison", "geonames_id": 5261457, "lat": 43.07, "lon": -89.40}


def event(
    article_id: str,
    *,
    hours: float = 0,
    killed: int | None = None,
    injured: int | None = None,
    victims: tuple[str, ...] = (),
    places: tuple[dict, ...] = (MILWAUKEE,),
    age: int | None = None,
    people: tuple[str, ...] = (),
) -> dict:
    def total(count: int | None) -> dict | None:
        return (
            None
            if count is None
            else {"count_min": count, "count_max": count, "approximate": False, "victims": list(victims)}
        )

    figures = (
        [{"kind": "killed" if killed else "injured", "text": f"a {age}-year-old man was shot", "date": None}]
        if age
        else []
    )
    return {
        "article_id": article_id,
        "event_id": "0" * 32,
        "published_at": (T0 + timedelta(hours=hours)).isoformat(),
        "processed_at": "2026-12-01T00:00:00Z",
        "places": list(places),
        "people": [{"name": n} for n in (*victims, *people)],
        "casualties": figures,
        "casualty_totals": {"killed": total(killed), "injured": total(injured), "missing": None},
    }


def run(state: RegionState, *events: dict):
    outcomes = []
    for e in events:
        signal = signal_from_event(e, now=T0)
        outcomes.append(link(state, signal, signal.region))
    return outcomes


def test_an_update_with_the_same_corner_and_age_joins_and_the_injured_man_who_died_counts_once():
    state = RegionState()
    first, second = run(
        state,
        event("a", injured=1, places=(CORNER, MILWAUKEE), age=24),
        event("b", hours=20, killed=1, places=(CORNER, MILWAUKEE), age=24, victims=("Rickole Rogers",)),
    )
    assert first.opened and second.incident_id == first.incident_id and not second.opened
    incident = state.incidents[first.incident_id]
    assert (incident.killed, incident.injured) == (1, 0)
    assert incident.victims == ["Rickole Rogers"] and incident.updates == 2
    assert [a.article_id for a in incident.articles] == ["a", "b"]


def test_two_shootings_in_one_city_on_one_day_stay_two_incidents():
    state = RegionState()
    first, second = run(
        state,
        event("a", killed=1, victims=("Deangelo Binns",), age=30),
        event("b", hours=1, killed=1, victims=("Rickole Rogers",), age=24),
    )
    assert first.incident_id != second.incident_id and second.opened


def test_the_same_named_victim_weeks_later_in_a_renamed_place_joins():
    state = RegionState()
    first, second = run(
        state,
        event("a", killed=1, victims=("Thomas Cottrell",), people=("Herschel Ray Jones III",)),
        event(
            "b",
            hours=24 * 10,
            killed=1,
            victims=("Thomas Cottrell",),
            people=("Herschel Jones",),
            places=(MILWAUKEE, MADISON),
        ),
    )
    assert second.incident_id == first.incident_id


def test_the_toll_is_the_largest_death_figure_whatever_order_the_articles_arrive_in():
    state = RegionState()
    outcomes = run(
        state,
        event("late", hours=10, killed=5, injured=9, places=(CORNER, MILWAUKEE)),
        event("early", hours=0, killed=2, injured=3, places=(CORNER, MILWAUKEE)),
    )
    assert outcomes[0].incident_id == outcomes[1].incident_id
    incident = state.incidents[outcomes[0].incident_id]
    assert (incident.killed, incident.injured) == (5, 9)
    assert incident.first_seen == T0 and incident.last_updated == T0 + timedelta(hours=10)


def test_tolls_takes_the_latest_injured_less_later_deaths():
    def at(hours: float) -> datetime:
        return T0 + timedelta(hours=hours)

    assert tolls([ArticleToll("a", at(0), 2, 10), ArticleToll("b", at(5), 4, None)]) == (4, 8)
    assert tolls([ArticleToll("a", at(0), 2, 10), ArticleToll("b", at(5), 4, 6)]) == (4, 6)
    assert tolls([ArticleToll("a", at(0), None, None)]) == (0, 0)


def test_processing_the_same_article_again_changes_nothing():
    state = RegionState()
    first = run(state, event("a", killed=2, places=(CORNER, MILWAUKEE)))[0]
    again = run(state, event("a", killed=2, places=(CORNER, MILWAUKEE)))[0]
    assert first.changed and not again.changed and again.incident_id == first.incident_id
    incident = state.incidents[first.incident_id]
    assert incident.article_count == 1 and incident.updates == 1 and incident.killed == 2


def test_an_article_without_a_toll_opens_nothing():
    state = RegionState()
    outcome = run(state, event("a"))[0]
    assert outcome.incident_id is None and not outcome.changed and not state.incidents


def test_expiry_drops_old_incidents_and_their_article_index():
    state = RegionState()
    first = run(state, event("a", killed=1))[0]
    assert expire(state, T0 + timedelta(days=13), timedelta(days=14)) == []
    assert expire(state, T0 + timedelta(days=15), timedelta(days=14)) == [first.incident_id]
    assert not state.incidents and not state.linked


def test_region_state_round_trips_through_json_and_keeps_linking_idempotent():
    state = RegionState()
    first = run(state, event("a", killed=1, injured=2, victims=("Ann Lee",)))[0]
    restored = RegionState.from_state(loads(dumps(state.to_state())))
    assert restored.to_state() == state.to_state()
    assert not run(restored, event("a", killed=1, injured=2, victims=("Ann Lee",)))[0].changed
    assert restored.incidents[first.incident_id].to_record() == state.incidents[first.incident_id].to_record()


def test_an_article_naming_no_resolved_place_goes_to_the_unplaced_region():
    signal = signal_from_event(event("a", killed=1, places=(CORNER,)), now=T0)
    assert signal.region == "ZZ"
    assert signal_from_event(event("b", killed=1), now=T0).region == "US"


def test_a_missing_publication_time_falls_back_to_processing_time():
    raw = event("a", killed=1)
    raw["published_at"] = None
    assert signal_from_event(raw, now=T0).at == datetime(2026, 12, 1, tzinfo=UTC)
    raw["processed_at"] = None
    assert signal_from_event(raw, now=T0).at == T0


def test_name_keys_ignore_middle_names_suffixes_and_accents():
    assert name_key("Herschel Ray Jones III") == name_key("herschel jones") == "herschel jones"
    assert name_key("José Álvarez") == "jose alvarez"


def test_compacting_an_incident_keeps_the_articles_its_toll_depends_on_and_the_toll():
    state = RegionState()
    reports = [
        event("first", hours=0, injured=2, age=24),
        event("worst", hours=2, killed=3, age=24),
        event("hurt", hours=3, injured=5, age=24),
        event("quiet", hours=4, killed=1, age=24),
        event("latest", hours=5, killed=2, age=24),
    ]
    (outcome, *_) = run(state, *reports)
    incident = state.incidents[outcome.incident_id]
    before = tolls(incident.articles), incident.article_count
    assert compact_detail(incident)
    assert [a.article_id for a in incident.articles] == ["first", "worst", "hurt", "latest"]
    assert (tolls(incident.articles), incident.article_count) == before
    assert not compact_detail(incident)  # nothing left to drop


def test_shrinking_a_region_compacts_the_least_recently_updated_incident_before_dropping_any():
    state = RegionState()
    old = run(state, *[event(f"old{i}", hours=i / 10, injured=1 + i, age=31) for i in range(12)])[0]
    new = run(state, *[event(f"new{i}", hours=24 * 9 + i / 10, killed=1, age=52) for i in range(4)])[0]
    assert old.incident_id != new.incident_id
    full = len(dumps(state.to_state()))

    def under(limit: int):
        return lambda s: len(dumps(s.to_state())) <= limit

    compacted, dropped = shrink_to_fit(state, under(full - 200))
    assert (compacted, dropped) == ([old.incident_id], [])
    assert len(state.incidents[new.incident_id].articles) == 4 and len(state.linked) == 16
    compacted, dropped = shrink_to_fit(state, under(len(dumps(state.to_state())) - 300))
    assert dropped == [old.incident_id] and list(state.incidents) == [new.incident_id]
    assert not any(incident == old.incident_id for incident in state.linked.values())
