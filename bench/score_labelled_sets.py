#!/usr/bin/env python3
"""Score casualty totals against an adjudicated labelled set, per kind of news and per split.

python bench/score_labelled_sets.py GOLD.jsonl ARTICLES.jsonl [--cmd "python -m service extract -"]
                                    [--save PRED.jsonl] [--baseline PRED.jsonl] [--misses] [--batch N]

GOLD: one row per article {id, kind, split, killed, injured, vague, confidence, note}, split "tune" or
"check"; ARTICLES: {id, title?, body} with the same ids. An article is right when the event's
`casualty_totals.killed.count_min` (null = 0) equals `killed` exactly, and the same for injured.
Prints, for every (kind, split) and for every split over all kinds, the article count and both
accuracies. `--save` keeps the predictions; `--baseline` prints the accuracies of saved predictions
beside the new ones (before -> after). `--misses` lists wrong articles of the TUNE split only: the
check split is for scoring, never for reading. `--batch N` scores one labelling batch only (batch 2:
more wire crime and disaster news, labelled 2026-12-06; batch 3: wire crime, disasters and international
web pages, labelled 2026-12-07 and scored before any rule was written from it). Records with an empty
body are left out (the service dead-letters them) and named.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

KINDS = ("killed", "injured")


def _read(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(articles: list[dict], cmd: str) -> dict[str, dict[str, int]]:
    """{article id: {"killed": n, "injured": n}} from the extract command's events."""
    stdin = "".join(json.dumps({"id": a["id"], "title": a.get("title"), "body": a["body"]}) + "\n" for a in articles)
    run = subprocess.run(shlex.split(cmd), input=stdin, capture_output=True, text=True, timeout=3600, check=False)
    if run.returncode:
        sys.exit(f"extract failed ({run.returncode}): {run.stderr[-1500:]}")
    out = {}
    for line in run.stdout.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            totals = event.get("casualty_totals") or {}
            out[str(event["article_id"])] = {k: ((totals.get(k) or {}).get("count_min") or 0) for k in KINDS}
    return out


def table(gold: list[dict], pred: dict[str, dict[str, int]]) -> dict[tuple[str, str], tuple[int, float, float]]:
    """{(kind of news, split): (articles, killed accuracy, injured accuracy)}; kind "ALL" sums the kinds."""
    right: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in gold:
        got = pred.get(row["id"], {"killed": 0, "injured": 0})
        for key in ((row["kind"], row["split"]), ("ALL", row["split"])):
            right[key][0] += 1
            right[key][1] += got["killed"] == row["killed"]
            right[key][2] += got["injured"] == row["injured"]
    return {key: (n, k / n, i / n) for key, (n, k, i) in sorted(right.items())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("articles")
    ap.add_argument("--cmd", default=f"{shlex.quote(sys.executable)} -m service extract -")
    ap.add_argument("--save", help="write the predictions here (JSONL)")
    ap.add_argument("--baseline", help="predictions saved by an earlier run: print before -> after")
    ap.add_argument("--misses", action="store_true", help="list the wrong articles of the tune split")
    ap.add_argument("--batch", type=int, help="score only the labelling batch N (rows without one are batch 1)")
    a = ap.parse_args()
    gold = [row for row in _read(a.gold) if a.batch is None or row.get("batch", 1) == a.batch]
    ids = {row["id"] for row in gold}
    articles = [x for x in _read(a.articles) if x["id"] in ids]
    # A record with no body is outside the input contract (schemas/article.v1.json): the service
    # dead-letters it (empty_body) and gives no figure to score.
    empty = {x["id"] for x in articles if not (x.get("body") or "").strip()}
    if empty:
        names = ", ".join(sorted(empty))
        print(f"left out: {len(empty)} record(s) with an empty body (dead letters by contract): {names}")
        gold = [row for row in gold if row["id"] not in empty]
        articles = [x for x in articles if x["id"] not in empty]
    pred = predict(articles, a.cmd)
    if a.save:
        Path(a.save).write_text("".join(json.dumps({"id": k, **v}) + "\n" for k, v in pred.items()), encoding="utf-8")
    before = table(gold, {r["id"]: r for r in _read(a.baseline)}) if a.baseline else None
    print(f"{'kind':<14} {'split':<6} {'n':>4}  {'killed':>15}  {'injured':>15}")
    for key, (n, killed, injured) in table(gold, pred).items():
        if before and key in before:
            _, k0, i0 = before[key]
            print(f"{key[0]:<14} {key[1]:<6} {n:>4}  {k0:.3f} -> {killed:.3f}  {i0:.3f} -> {injured:.3f}")
        else:
            print(f"{key[0]:<14} {key[1]:<6} {n:>4}  {killed:>15.3f}  {injured:>15.3f}")
    if a.misses:
        for row in gold:
            got = pred.get(row["id"], {"killed": 0, "injured": 0})
            if row["split"] == "tune" and any(got[k] != row[k] for k in KINDS):
                print(
                    f"miss {row['id']} ({row['kind']}): gold {row['killed']}/{row['injured']} "
                    f"got {got['killed']}/{got['injured']}  note: {row.get('note', '')}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
