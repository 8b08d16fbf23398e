#!/usr/bin/env python3
"""Entity-set P/R/F1 per kind of news and per split (tune / check), with the shared scorer's matching.

    python bench/score_entity_sets.py GOLD ARTICLES [--cmd ".venv/bin/python -m service extract -"]
        [--save RUN.json] [--compare BEFORE.json] [-v]

ARTICLES rows: {id, title, body, kind?, split?}; GOLD rows: {id, people, places, organisations}. Articles
without a kind count as "all", without a split as "tune". `-v` prints false positives and misses of
TUNE articles only: check articles are scored, never read. `--save` keeps the per-group figures, and
`--compare` prints each group's F1 before -> after and flags a check group that dropped.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tests.support.score_entities import TYPES, Tally, score_article

DEFAULT_CMD = ".venv/bin/python -m service extract -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--cmd", default=DEFAULT_CMD)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("-v", action="store_true", help="errors of tune articles")
    args = parser.parse_args()

    gold = {g["id"]: g for g in map(json.loads, args.gold.read_text(encoding="utf-8").splitlines()) if g}
    articles = [a for a in map(json.loads, args.articles.read_text(encoding="utf-8").splitlines()) if a["id"] in gold]
    stdin = "".join(json.dumps({"id": a["id"], "title": a.get("title"), "body": a["body"]}) + "\n" for a in articles)
    run = subprocess.run(shlex.split(args.cmd), input=stdin, capture_output=True, text=True, timeout=1800)
    if run.returncode:
        print(run.stderr[-1500:])
        return 1
    events = {
        str(e.get("article_id")): e for e in map(json.loads, (x for x in run.stdout.splitlines() if x[:1] == "{"))
    }

    groups: dict[tuple[str, str], dict[str, Tally]] = defaultdict(lambda: {t: Tally() for t in TYPES})
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for article in articles:
        kind, split = article.get("kind") or "all", article.get("split") or "tune"
        tallies = score_article(gold[article["id"]], events.get(article["id"]) or {})
        for key in ((kind, split), ("ALL", split)):
            counts[key] += 1
            for t in TYPES:
                groups[key][t].add(tallies[t])
        if args.v and split == "tune":
            for t in TYPES:
                if tallies[t].false_pos or tallies[t].missed:
                    print(f"{article['id']} {t}: false+ {tallies[t].false_pos} missed {tallies[t].missed}")

    figures: dict[str, dict[str, float | int]] = {}
    print(f"{'kind':<10} {'split':<6} {'n':>3}  {'P':>5} {'R':>5} {'F1':>5}   people places  orgs")
    for key in sorted(groups, key=lambda k: (k[0] == "ALL", k)):
        total = Tally()
        for t in TYPES:
            total.add(groups[key][t])
        p, r, f = total.prf()
        per_type = [groups[key][t].prf()[2] for t in TYPES]
        figures[f"{key[0]}/{key[1]}"] = {
            "n": counts[key],
            "P": p,
            "R": r,
            "F1": f,
            **dict(zip(TYPES, per_type, strict=True)),
        }
        print(
            f"{key[0]:<10} {key[1]:<6} {counts[key]:>3}  {p:5.3f} {r:5.3f} {f:5.3f}   "
            + "  ".join(f"{x:5.3f}" for x in per_type)
        )
    if args.save:
        args.save.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    dropped = False
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        print("\nF1 before -> after (people / places / organisations)")
        for group, now in figures.items():
            then = before.get(group)
            if then is None:
                continue
            flag = ""
            if group.endswith("/check") and now["F1"] < then["F1"] - 1e-9:
                flag, dropped = "  CHECK DROPPED", True
            print(
                f"{group:<16} {then['F1']:.3f} -> {now['F1']:.3f}   "
                + " ".join(f"{then[t]:.3f}->{now[t]:.3f}" for t in TYPES)
                + flag
            )
    return 2 if dropped else 0


if __name__ == "__main__":
    sys.exit(main())
