#!/usr/bin/env python3
"""Score article-to-incident linking with B-cubed precision, recall and F1, per split.

    python bench/score_incidents.py CORPUS_DIR [--clusters tests/data/incidents/clusters.jsonl]
                                    [--cmd "python -m service extract -"] [--events CACHE.jsonl] [--misses]

Every article of every source file named in the clusters file is run through the real extractor (the
`--cmd`, like the other scorers), then through `service.incidents.link` in publication order, one
region state per region key as the stream stage keeps them. The gold clustering is the verified groups
of `clusters.jsonl`; every other article is its own incident. B-cubed (Bagga and Baldwin 1998): per
article, precision = |predicted cluster ∩ gold cluster| / |predicted cluster|, recall the same over the
gold cluster; averaged over the articles of a split. A group's split is in the file; a singleton's is
the same hash rule (sha1 of its id, first byte even = tune). Predicted clusters are built over ALL
articles, so a false merge across splits still costs precision. `--misses` prints the wrong links and
missed links of the TUNE split only: the check split is scored, never read.

Publication time: ECB+ records carry one; GVDB articles carry none, so the crowd's incident date from
`gvdb_dev_incidents.jsonl` stands in (the articles are local reports of that day or follow-ups); GeoVirus
and GeoWebNews carry none: they take the processing time, as the stream stage does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from service.incidents import RegionState, expire, link, signal_from_event
from service.incidents.signal import ArticleSignal

ROOT = Path(__file__).resolve().parents[1]
#: Stand-in processing time for undated articles (all of them arrive "now", one second apart).
PROCESSING_START = datetime(2026, 1, 1, tzinfo=UTC)
TTL = timedelta(days=14)


def split_of(key: str) -> str:
    """tune or check, from the sha1 of a group or article id."""
    return "tune" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "check"


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_articles(corpus: Path, sources: list[str]) -> list[dict]:
    """Every article of the source files, with `published_at` where one is known (see the docstring)."""
    gvdb_dates = {}
    incidents_file = corpus / "gvdb_dev_incidents.jsonl"
    if incidents_file.exists():
        gvdb_dates = {row["id"]: row["date"] for row in _read(incidents_file) if row.get("date")}
    articles = []
    for source in sources:
        for row in _read(corpus / source):
            published = row.get("published_at") or (
                f"{gvdb_dates[row['id']]}T12:00:00Z" if row["id"] in gvdb_dates else None
            )
            articles.append(
                {"id": row["id"], "title": row.get("title"), "body": row["body"], "published_at": published}
            )
    return articles


def extract(articles: list[dict], cmd: str, cache: Path | None) -> dict[str, dict]:
    """{article id: entity event}, from the cache file when it holds every article, else from `cmd`."""
    if cache is not None and cache.exists():
        events = {e["article_id"]: e for e in _read(cache)}
        if all(a["id"] in events for a in articles):
            return events
    stdin = "".join(json.dumps(a) + "\n" for a in articles)
    run = subprocess.run(
        shlex.split(cmd), input=stdin, capture_output=True, text=True, timeout=7200, check=False, cwd=ROOT
    )
    if run.returncode:
        sys.exit(f"extract failed ({run.returncode}): {run.stderr[-1500:]}")
    events = {}
    for line in run.stdout.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            if "article_id" in event and "schema_version" in event:
                events[event["article_id"]] = event
    if cache is not None:
        cache.write_text("".join(json.dumps(e) + "\n" for e in events.values()), encoding="utf-8")
    return events


def run_linker(articles: list[dict], events: dict[str, dict]) -> dict[str, str]:
    """{article id: predicted incident id} (an article linked to nothing is its own incident)."""
    signals: list[ArticleSignal] = []
    for index, article in enumerate(articles):
        event = events.get(article["id"])
        if event is None:
            continue
        now = PROCESSING_START + timedelta(seconds=index)
        signals.append(signal_from_event(event, now=now))
    signals.sort(key=lambda s: s.at)  # publication order (stable: arrival order within a time)
    regions: dict[str, RegionState] = defaultdict(RegionState)
    predicted: dict[str, str] = {}
    for signal in signals:
        region = signal.region
        state = regions[region]
        expire(state, signal.at, TTL)
        outcome = link(state, signal, region)
        predicted[signal.article_id] = outcome.incident_id or f"alone:{signal.article_id}"
    for article in articles:
        predicted.setdefault(article["id"], f"alone:{article['id']}")
    return predicted


def bcubed(ids: list[str], gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 averaged over `ids` (clusters built over all of `gold`)."""
    gold_members: dict[str, set[str]] = defaultdict(set)
    pred_members: dict[str, set[str]] = defaultdict(set)
    for article_id in gold:
        gold_members[gold[article_id]].add(article_id)
        pred_members[predicted[article_id]].add(article_id)
    precision = recall = 0.0
    for article_id in ids:
        g, p = gold_members[gold[article_id]], pred_members[predicted[article_id]]
        both = len(g & p)
        precision += both / len(p)
        recall += both / len(g)
    n = len(ids) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    """Print B-cubed P/R/F1 per split (and per source), return 1 when --min-f1 is not reached."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="the shared corpus folder (holds gvdb_dev.jsonl, geo/, ecbplus_...)")
    parser.add_argument("--clusters", default=str(ROOT / "tests" / "data" / "incidents" / "clusters.jsonl"))
    parser.add_argument("--cmd", default=f"{sys.executable} -m service extract -")
    parser.add_argument("--events", help="cache of the extracted events (reused when it holds every article)")
    parser.add_argument("--misses", action="store_true", help="print wrong and missed links of the tune split")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 when a split's F1 is below this")
    args = parser.parse_args()

    clusters = _read(Path(args.clusters))
    sources = sorted({c["source"] for c in clusters})
    articles = load_articles(Path(args.corpus), sources)
    source_of = {a["id"]: s for s in sources for a in load_articles(Path(args.corpus), [s])}
    gold = {a["id"]: f"alone:{a['id']}" for a in articles}
    split = {a["id"]: split_of(a["id"]) for a in articles}
    for cluster in clusters:
        for article_id in cluster["articles"]:
            gold[article_id] = cluster["group"]
            split[article_id] = cluster["split"]
    events = extract(articles, args.cmd, Path(args.events) if args.events else None)
    predicted = run_linker(articles, events)

    failed = False
    print(f"{'split':<6} {'source':<28} {'articles':>8} {'P':>6} {'R':>6} {'F1':>6}")
    for name in ("tune", "check"):
        for source in [*sources, "ALL"]:
            ids = [a for a in gold if split[a] == name and (source == "ALL" or source_of[a] == source)]
            p, r, f = bcubed(ids, gold, predicted)
            print(f"{name:<6} {source:<28} {len(ids):>8} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
            if source == "ALL" and args.min_f1 is not None and f < args.min_f1:
                failed = True
    if args.misses:
        by_pred: dict[str, list[str]] = defaultdict(list)
        for article_id, incident in predicted.items():
            by_pred[incident].append(article_id)
        print("\nwrong links (tune):")
        for incident, members in by_pred.items():
            groups = {gold[m] for m in members}
            if len(groups) > 1 and any(split[m] == "tune" for m in members):
                print("  ", incident, [(m, gold[m]) for m in members])
        print("missed links (tune):")
        for cluster in clusters:
            if cluster["split"] == "tune":
                got = {a: predicted[a] for a in cluster["articles"]}
                if len(set(got.values())) > 1:
                    print("  ", cluster["group"], got)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
