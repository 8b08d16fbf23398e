#!/usr/bin/env python3
"""Score casualty-figure extraction against a gold JSONL file.

Usage (from the project root):
    python bench/score_casualties.py [GOLD.jsonl] [--cmd "python -m service extract -"] [--min-f1 0.9] [-v]

GOLD defaults to tests/data/casualties_dev.jsonl; tests/data/casualties.jsonl is the larger labelled set.
(The project's scorer from ../shared/tools, kept in the repository so a clone can score without it;
bench/score_casualties.py is its command line, the tests reuse its matching.)

Each gold line: {"id", "text", "gold": [{"kind", "min": [lo, hi], "group"?, "group_optional"?, "exact"?}],
                 "forbid": [numbers], "ignore"?: [numbers], "ignore_kinds"?: [kinds]}
The command reads article records as JSONL on stdin ({"id": ..., "body": ...}) and writes one
event per line on stdout, each with "article_id" and "casualties": [{"kind", "count_min", "group", ...}].
A predicted figure matches a gold one when the kinds are equal, count_min lies in gold "min"
and the group agrees (see group_ok). Prints micro precision, recall and F1; exits 1 below --min-f1.
"""

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "casualties_dev.jsonl"

GENERIC = {None, "", "people", "person", "persons", "others", "other", "individuals"}


def norm(group):
    if group is None:
        return None
    g = str(group).lower().strip()
    for suffix in ("ren", "es", "s"):  # children -> child, witnesses -> witness, soldiers -> soldier
        if g.endswith(suffix) and len(g) > len(suffix) + 2:
            return g[: -len(suffix)]
    return g


def group_ok(gold, pred_group):
    want = gold.get("group")
    if want is None:
        return (pred_group or None) in GENERIC or norm(pred_group) in GENERIC
    if gold.get("group_optional") and ((pred_group or None) in GENERIC):
        return True
    got = norm(pred_group) or ""
    return norm(want) in got or got in norm(want) if got else False


def score_item(item, preds):
    ignore = set(item.get("ignore", []))
    ignore_kinds = set(item.get("ignore_kinds", []))
    preds = [p for p in preds if p.get("kind") not in ignore_kinds and p.get("count_min") not in ignore]
    used = set()
    tp = 0
    for g in item["gold"]:
        lo, hi = g["min"]
        for i, p in enumerate(preds):
            if i in used or p.get("kind") != g["kind"]:
                continue
            n = p.get("count_min")
            if isinstance(n, (int, float)) and lo <= n <= hi and group_ok(g, p.get("group")):
                used.add(i)
                tp += 1
                break
    fp_items = [p for i, p in enumerate(preds) if i not in used]
    forbidden = [p for p in fp_items if p.get("count_min") in set(item.get("forbid", []))]
    return tp, len(fp_items), len(item["gold"]) - tp, fp_items, forbidden


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("--cmd", default=f"{shlex.quote(sys.executable)} -m service extract -")
    ap.add_argument("--min-f1", type=float, default=0.0)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    items = [json.loads(line) for line in open(a.gold) if line.strip()]
    stdin = "".join(json.dumps({"id": it["id"], "body": it["text"]}) + "\n" for it in items)
    run = subprocess.run(shlex.split(a.cmd), input=stdin, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
        print(f"extract command failed with exit code {run.returncode}")
        return 1
    events = {}
    for line in run.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            ev = json.loads(line)
            events[str(ev.get("article_id"))] = ev
    TP = FP = FN = FORB = 0
    for it in items:
        ev = events.get(it["id"])
        preds = (ev or {}).get("casualties") or []
        tp, fp, fn, fp_items, forbidden = score_item(it, preds)
        TP, FP, FN, FORB = TP + tp, FP + fp, FN + fn, FORB + len(forbidden)
        if a.verbose and (fp or fn or ev is None):
            shown = [{k: p.get(k) for k in ("kind", "count_min", "group")} for p in preds]
            print(
                f"{it['id']}: tp={tp} fp={fp} fn={fn} missing_event={ev is None}\n  text: {it['text']}\n"
                f"  gold: {json.dumps(it['gold'])}\n  pred: {json.dumps(shown)}"
            )
    p = TP / (TP + FP) if TP + FP else 0.0
    r = TP / (TP + FN) if TP + FN else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"items={len(items)} events={len(events)} tp={TP} fp={FP} fn={FN} forbidden_hits={FORB}")
    print(f"casualty precision={p:.3f} recall={r:.3f} F1={f1:.3f}")
    return 0 if f1 >= a.min_f1 else 1
