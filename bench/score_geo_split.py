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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--split", choices=("tune", "check", "all"), default="check")
    parser.add_argument("--cmd", default=f"{sys.executable} -m service extract -")
    parser.add_argument("--scorer", type=Path, help="default: tools/score_geo.py of the shared folder of GOLD")
    parser.add_argument("-v", action="store_true", help="list the misses (read them on tune halves only)")
    args = parser.parse_args()
    args.scorer = args.scorer or shared_scorer(args.gold)
    if args.scorer is None:
        parser.error("score_geo.py not found beside the gold file's corpus; pass --scorer")
    lines = [line for line in args.gold.open(encoding="utf-8") if line.strip()]
    kept = [line for line in lines if args.split == "all" or split_of(json.loads(line)["id"]) == args.split]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as half:
        half.writelines(kept)
        half.flush()
        command = [sys.executable, str(args.scorer), half.name, "--cmd", args.cmd] + (["-v"] if args.v else [])
        return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
