"""Link one article to an incident of its region or open a new one; keep the latest credible toll.

Pure: a `RegionState` and an `ArticleSignal` in, the updated state and a `LinkOutcome` out. The stream
stage calls it per article; the benchmark (`bench/score_incidents.py`) calls it the same way.

Matching scores the evidence that an article and an incident are one event, and links only above
`LINK_THRESHOLD`: a false merge adds two incidents' dead together and is worse than a missed link, so
no single weak clue (same city, same day) is enough, while one strong clue (the same named victim, the
same street corner) with a second one is.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from service.incidents.model import (
    MAX_ARTICLES_PER_INCIDENT,
    MAX_INCIDENTS_PER_REGION,
    ArticleToll,
    Incident,
    RegionState,
)
from service.incidents.signal import ArticleSignal, PlaceRef, name_key

#: Score an article must reach against an incident to be linked to it (tuned on the tune half of
#: tests/data/incidents: see `bench/score_incidents.py`).
LINK_THRESHOLD = 3.0
#: Articles within this time of an incident's articles count as "the same days" (a shooting is
#: reported that night, the next morning and when the victim is named).
NEAR_TIME = timedelta(days=2)
#: Beyond this gap only named people can carry a link (trials, funerals, lawsuits come weeks later).
FAR_TIME = timedelta(days=7)
#: Share of the top place's salience a place needs to be part of an article's scene (`scene`).
SCENE_SALIENCE = 0.6
#: Two points closer than this are one scene (a town and its neighbourhood, a county seat).
NEAR_KM = 30.0


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    """What `link` did with one article."""

    #: The incident the article belongs to; None when it reports no toll and matched no incident.
    incident_id: str | None
    #: True when the incident gained or changed something (publish an update); False for a repeat.
    changed: bool
    opened: bool = False


def _km(a: PlaceRef, lat: float | None, lon: float | None) -> float | None:
    if a.lat is None or a.lon is None or lat is None or lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _full_names(names: list[str] | tuple[str, ...]) -> set[str]:
    """Name keys of people named by first and last name (a lone surname is too common to link on)."""
    return {key for key in map(name_key, names) if " " in key}


def scene(signal: ArticleSignal) -> tuple[set[int], set[str]]:
    """The article's scene: ids of its salient towns, and names of salient places the gazetteer lacks.

    Only places at least `SCENE_SALIENCE` as salient as the article's most salient place count: an
    article about one shooting often names earlier ones ("Newtown", "Colorado Springs") for context.
    """
    top = max((p.salience for p in signal.places), default=0.0)
    salient = [p for p in signal.places if p.salience >= SCENE_SALIENCE * top]
    ids = {p.geonames_id for p in salient if p.geonames_id is not None and p.kind in ("city", "other")}
    names = {p.name.lower() for p in salient if p.geonames_id is None and p.kind is None}
    return ids, names


def score(incident: Incident, signal: ArticleSignal) -> float:
    """How strongly `signal` looks like another report of `incident` (see the module docstring)."""
    points = 0.0
    victims_now, victims_then = _full_names(signal.victims), _full_names(incident.victims)
    if victims_now & victims_then:
        points += 3
    elif victims_now and victims_then:
        points -= 3  # both name their dead or hurt, and not the same people: two incidents
    people_shared = _full_names(signal.people) & _full_names(incident.people)

    local_ids, unresolved = scene(signal)
    place_points = 0.0
    if unresolved & set(incident.place_names):
        place_points += 1.5  # a street corner or venue the gazetteer does not know: specific, but may be a word
    if local_ids & set(incident.place_ids):
        place_points += 1.5
    else:
        primary = signal.primary_place
        distance = _km(primary, incident.place.get("lat"), incident.place.get("lon")) if primary else None
        if distance is not None and distance <= NEAR_KM and primary is not None and primary.kind != "country":
            place_points += 1
    points += place_points
    # The same people count only at the same scene: national figures (a president, an attorney general)
    # are quoted about many incidents.
    if place_points or victims_now & victims_then:
        points += min(len(people_shared), 2) * 1.5
    # The same toll of two or more is a distinctive detail; one dead is what most shootings report.
    for now_count, then_count in ((signal.killed, incident.killed), (signal.injured, incident.injured)):
        if now_count is not None and now_count >= 2 and now_count == then_count:
            points += 1
            break

    if signal.ages and incident.ages:
        points += 1 if set(signal.ages) & set(incident.ages) else -1

    gap = min((abs(signal.at - a.at) for a in incident.articles), default=abs(signal.at - incident.last_updated))
    if gap <= NEAR_TIME:
        points += 1
    elif gap > FAR_TIME and not (victims_now & victims_then or people_shared):
        points -= 2
    return points


def decide(state: RegionState, signal: ArticleSignal) -> tuple[str | None, float]:
    """The incident `signal` would join (None: none scores `LINK_THRESHOLD`) and its score; changes nothing."""
    if signal.article_id in state.linked:
        return state.linked[signal.article_id], math.inf
    best: tuple[float, datetime, str] | None = None
    for incident in state.incidents.values():
        points = score(incident, signal)
        if points >= LINK_THRESHOLD and (best is None or (points, incident.last_updated) > best[:2]):
            best = (points, incident.last_updated, incident.incident_id)
    return (best[2], best[0]) if best else (None, 0.0)


def incident_id_for(region: str, article_id: str) -> str:
    """Deterministic id of the incident an article opens: replaying the article opens the same id."""
    return hashlib.blake2b(f"{region}\x00{article_id}".encode(), digest_size=10).hexdigest()


def tolls(articles: list[ArticleToll]) -> tuple[int, int]:
    """(killed, injured): the latest credible figures (casualty-labelling rule 7) over an incident's articles.

    Killed is the largest figure any article states (deaths are not undone; a later article that names
    fewer dead is partial coverage). Injured is the latest stated figure, less the deaths reported after
    it: someone hurt who later died counts as killed only (rule 2).

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> tolls([ArticleToll("a", t, None, 1), ArticleToll("b", t.replace(hour=5), 1, None)])
    (1, 0)
    """
    ordered = sorted(articles, key=lambda a: (a.at, a.seq))
    killed = max((a.killed for a in ordered if a.killed is not None), default=0)
    injured = 0
    for index, article in enumerate(ordered):
        if article.injured is not None:
            killed_then = max((a.killed or 0 for a in ordered[: index + 1]), default=0)
            injured = max(0, article.injured - max(0, killed - killed_then))
    return killed, injured


def _remember(incident: Incident, signal: ArticleSignal) -> None:
    for name in signal.victims:
        if name not in incident.victims:
            incident.victims.append(name)
    incident.ages = sorted(set(incident.ages) | set(signal.ages))
    ids, names = scene(signal)
    incident.place_ids.extend(sorted(ids - set(incident.place_ids)))
    incident.place_names.extend(sorted(names - set(incident.place_names)))
    for person in signal.people:
        if person not in incident.people:
            incident.people.append(person)


def _place_of(signal: ArticleSignal) -> dict[str, object]:
    place = signal.primary_place
    if place is None:
        return {"name": None, "geonames_id": None, "lat": None, "lon": None, "country_code": None, "admin1": None}
    return {
        "name": place.name,
        "geonames_id": place.geonames_id,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country,
        "admin1": place.admin1,
    }


def link(state: RegionState, signal: ArticleSignal, region: str) -> LinkOutcome:
    """Link `signal` into `state` (mutated) and say what changed; idempotent per article id."""
    if signal.article_id in state.linked:
        return LinkOutcome(state.linked[signal.article_id], changed=False)
    chosen, _ = decide(state, signal)
    if chosen is None:
        if not signal.has_toll:
            return LinkOutcome(None, changed=False)
        chosen = incident_id_for(region, signal.article_id)
        state.incidents[chosen] = Incident(
            incident_id=chosen,
            region=region,
            first_seen=signal.at,
            last_updated=signal.at,
            place=_place_of(signal),
            kind="killed",
            killed=0,
            injured=0,
        )
        opened = True
    else:
        opened = False
    incident = state.incidents[chosen]
    incident.articles.append(
        ArticleToll(signal.article_id, signal.at, signal.killed, signal.injured, seq=incident.article_count)
    )
    incident.article_count += 1
    if len(incident.articles) > MAX_ARTICLES_PER_INCIDENT:
        # Keep the first report and the latest ones; the dropped ones' figures stay in the toll.
        incident.articles = incident.articles[:1] + incident.articles[-(MAX_ARTICLES_PER_INCIDENT - 1) :]
    _remember(incident, signal)
    killed, injured = tolls(incident.articles)
    # Deaths are never undone, also when the article that stated them was trimmed from the list.
    incident.killed, incident.injured = max(killed, incident.killed), injured
    incident.kind = "killed" if incident.killed else "injured"
    incident.first_seen = min(incident.first_seen, signal.at)
    incident.last_updated = max(incident.last_updated, signal.at)
    incident.updates += 1
    state.linked[signal.article_id] = chosen
    _bound(state)
    return LinkOutcome(chosen, changed=True, opened=opened)


def expire(state: RegionState, now: datetime, ttl: timedelta) -> list[str]:
    """Drop incidents last updated more than `ttl` before `now`; returns their ids."""
    gone = [i.incident_id for i in state.incidents.values() if now - i.last_updated > ttl]
    for incident_id in gone:
        _drop(state, incident_id)
    return gone


def _drop(state: RegionState, incident_id: str) -> None:
    state.incidents.pop(incident_id, None)
    for article_id in [a for a, i in state.linked.items() if i == incident_id]:
        del state.linked[article_id]


def drop_least_recent(state: RegionState) -> str | None:
    """Drop the incident updated longest ago (article time); returns its id (None: the region is empty)."""
    if not state.incidents:
        return None
    oldest = min(state.incidents.values(), key=lambda i: (i.last_updated, i.incident_id))
    _drop(state, oldest.incident_id)
    return oldest.incident_id


def compact_detail(incident: Incident) -> bool:
    """Keep only the articles an incident's toll still depends on; True if anything was dropped.

    Kept: the first report, the latest one, the latest that states an injured figure (`tolls` reads
    injured from it) and the one with the most dead (killed is never undone anyway). `article_count`
    keeps the real number, and the article index of the region (`RegionState.linked`) is untouched, so a
    replayed article is still recognised. The cost: a later article is scored against fewer report
    times (`score`'s time gap), as past MAX_ARTICLES_PER_INCIDENT.
    """
    ordered = sorted(incident.articles, key=lambda a: (a.at, a.seq))
    if len(ordered) <= 2:
        return False
    keep = {id(ordered[0]), id(ordered[-1])}
    injured = [a for a in ordered if a.injured is not None]
    if injured:
        keep.add(id(injured[-1]))
    killed = [a for a in ordered if a.killed is not None]
    if killed:
        keep.add(id(max(killed, key=lambda a: a.killed or 0)))
    kept = [a for a in incident.articles if id(a) in keep]
    if len(kept) == len(incident.articles):
        return False
    incident.articles = kept
    return True


def shrink_to_fit(state: RegionState, fits: Callable[[RegionState], bool]) -> tuple[list[str], list[str]]:
    """Shrink `state` until `fits(state)`: detail of the least recently updated incidents first, then them.

    First each incident's article list is compacted (`compact_detail`), least recently updated first,
    until the state fits; only if every incident is compacted and it still does not fit are incidents
    dropped whole, least recently updated first (as past INCIDENT_TTL_DAYS). Returns (ids compacted,
    ids dropped).
    """
    compacted: list[str] = []
    dropped: list[str] = []
    if fits(state):
        return compacted, dropped
    for incident in sorted(state.incidents.values(), key=lambda i: (i.last_updated, i.incident_id)):
        if compact_detail(incident):
            compacted.append(incident.incident_id)
            if fits(state):
                return compacted, dropped
    while state.incidents and not fits(state):
        gone = drop_least_recent(state)
        if gone is not None:
            dropped.append(gone)
    return compacted, dropped


def _bound(state: RegionState) -> None:
    while len(state.incidents) > MAX_INCIDENTS_PER_REGION:
        drop_least_recent(state)
