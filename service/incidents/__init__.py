"""Incidents: many articles about one real-world event, linked into one record with the latest toll.

Pure, no Kafka: `signal_from_event` reads an entity event, `link` decides link-or-open against the
incidents of the article's region and updates the toll (latest credible figures, casualty-labelling
rule 7), `expire` drops incidents older than INCIDENT_TTL_DAYS. The stream stage
(`service.stream.incidents`) keeps one `RegionState` per region in a Faust table.

Why a region key: the table must hold every candidate incident of an article on the worker that
processes the article, so the key has to be something two reports of one incident share however they
name the place. The country of the article's scene does ("Danville, Ohio" and "Mount Vernon, Knox
County" are both US); a town or a point does not. Matching then happens inside the region.
"""

from service.incidents.linker import (
    LinkOutcome,
    compact_detail,
    decide,
    drop_least_recent,
    expire,
    incident_id_for,
    link,
    score,
    shrink_to_fit,
    tolls,
)
from service.incidents.model import ArticleToll, Incident, RegionState
from service.incidents.signal import UNPLACED, ArticleSignal, PlaceRef, name_key, parse_time, signal_from_event

__all__ = [
    "UNPLACED",
    "ArticleSignal",
    "ArticleToll",
    "Incident",
    "LinkOutcome",
    "PlaceRef",
    "RegionState",
    "compact_detail",
    "decide",
    "drop_least_recent",
    "expire",
    "incident_id_for",
    "link",
    "name_key",
    "parse_time",
    "score",
    "shrink_to_fit",
    "signal_from_event",
    "tolls",
]
