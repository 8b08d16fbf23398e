#!/usr/bin/env python3
"""Geocoding score on one half of a geoparsing dev file, with the shared scorer.

    python bench/score_geo_split.py ../shared/corpus/geo/lgl_dev.jsonl --split check [-v]

Each file is split by article id into a *tune* half (read its misses, adjust the rules) and a *check*
half (only ever scored): split = tune when sha1(id) is even. The half is written to a temporary file
and `score_geo.py` (from the shared tools) runs the extractor on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_scorer(gold: Path) -> Path | None:
    """The shared scorer beside the corpus the gold file comes from (`<shared>/corpus/geo/x` -> `<shared>/tools`)."""
    scorer = gold.resolve().parents[2] / "tools" / "score_geo.py"
    return scorer if scorer.exists() else None


def split_of(article_id: str) -> str:
    """`tune` or `check`, fixed by the id alone."""
    return "tune" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 2 == 0 else "check"


def list_unrecognised(lines: list[str], cmd: str) -> int:
    """Print each gold toponym no predicted place overlaps: what covers it instead, and its context.

    One line per miss: article id, the phrase, `person:`/`organisation:` and the entity's name for each
    entity of another kind overlapping it, or `-` when none does, then 60 characters either side (tab
    separated).
    """
    rows = [json.loads(line) for line in lines]
    stdin = "".join(json.dumps({"id": r["id"], "title": r["title"], "body": r["body"]}) + "\n" for r in rows)
    run = subprocess.run(shlex.split(cmd), input=stdin, capture_output=True, text=True, cwd=ROOT, check=False)
    if run.returncode:
        print(run.stderr[-1500:], file=sys.stderr)
        return run.returncode
    lines = (x for x in run.stdout.splitlines() if x.startswith("{"))
    events = {str(e["article_id"]): e for e in map(json.loads, lines)}
    missed = total = 0
    for row in rows:
        event = events.get(row["id"]) or {}
        spans = [
            (m["start"], m["end"], kind[:-1] if kind != "people" else "person", entity["name"])
            for kind in ("places", "people", "organisations")
            for entity in event.get(kind) or []
            for m in entity.get("mentions") or []
        ]
        for t in row["toponyms"]:
            total += 1
            if any(k == "place" and s < t["end"] and t["start"] < e for s, e, k, _ in spans):
                continue
            missed += 1
            over = [f"{k}:{n!r}" for s, e, k, n in spans if s < t["end"] and t["start"] < e]
            body = row["body"]
            context = body[max(0, t["start"] - 60) : t["end"] + 60].replace("\n", " ")
            print(f"{row['id']}\t{t['phrase']!r}\t{' '.join(over) or '-'}\t{context}")
    print(f"unrecognised {missed} of {total}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--split", choices=("tune", "check", "all"), default="check")
    parser.add_argument("--cmd", default=f"{sys.executable} -m service extract -")
    parser.add_argument("--scorer", type=Path, help="default: tools/score_geo.py of the shared folder of GOLD")
    parser.add_argument("-v", action="store_true", help="list the misses (read them on tune halves only)")
    parser.add_argument(
        "--unrecognised",
        action="store_true",
        help="list the gold toponyms no place covers, with what the output made of them (tune half only)",
    )
    args = parser.parse_args()
    if args.unrecognised and args.split != "tune":
        parser.error("--unrecognised lists articles' text: only with --split tune")
    args.scorer = args.scorer or shared_scorer(args.gold)
    if args.scorer is None:
        parser.error("score_geo.py not found beside the gold file's corpus; pass --scorer")
    lines = [line for line in args.gold.open(encoding="utf-8") if line.strip()]
    kept = [line for line in lines if args.split == "all" or split_of(json.loads(line)["id"]) == args.split]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as half:
        half.writelines(kept)
        half.flush()
        if args.unrecognised:
            return list_unrecognised(kept, args.cmd)
        command = [sys.executable, str(args.scorer), half.name, "--cmd", args.cmd] + (["-v"] if args.v else [])
        return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
