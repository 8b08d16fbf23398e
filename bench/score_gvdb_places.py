#!/usr/bin/env python3
"""Geocoding on US local news without gold points: the GVDB crowd's incident city and state.

    python bench/score_gvdb_places.py ../shared/corpus [--cmd "python -m service extract -"] [-v]

`gvdb_dev_incidents.jsonl` gives, for most GVDB dev pages, the crowd's city and state of the incident.
When the city is one of the article's places (same name, accents and "St."/"Saint" folded), it should
lie in that state: the first figure is how often it does (the crowd's labels carry slips: "Columbia"
in a Maury County, Tennessee, story labelled Missouri). The second figure counts towns placed outside the
United States in these US pages (most are wrong: a person typed as a place, or a foreign namesake).
Neither half of a labelled set is read: the pages are the GVDB dev split.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.extract.geocode.names import key  # noqa: E402


def in_state(place: dict, state: str) -> bool:
    """The crowd's state is "TX - Texas", or a prefix of the name ("Te", "Wis.", "Alabama ")."""
    admin1 = place.get("admin1") or {}
    if " - " in state:
        return admin1.get("code") == state[:2]
    return bool(admin1.get("name", "").lower().startswith(state.strip().rstrip(".").lower()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cmd", default=f"{sys.executable} -m service extract -")
    parser.add_argument("-v", action="store_true", help="list the cities placed in another state")
    args = parser.parse_args()
    pages = (args.corpus / "gvdb_dev.jsonl").read_text(encoding="utf-8")
    crowd = {
        row["id"]: row for row in map(json.loads, (args.corpus / "gvdb_dev_incidents.jsonl").open(encoding="utf-8"))
    }
    run = subprocess.run(shlex.split(args.cmd), input=pages, capture_output=True, text=True, cwd=ROOT, check=False)
    if run.returncode:
        print(run.stderr[-1500:])
        return 1
    found = placed = abroad = 0
    for event in map(json.loads, (line for line in run.stdout.splitlines() if line.startswith("{"))):
        places = event.get("places") or []
        abroad += sum(1 for p in places if p.get("kind") == "city" and p.get("country_code") not in (None, "US"))
        label = crowd.get(str(event.get("article_id"))) or {}
        if not (label.get("city") and label.get("state")):
            continue
        hits = [p for p in places if key(p["name"]) == key(label["city"])]
        if not hits:
            continue
        found += 1
        good = all(in_state(p, label["state"]) for p in hits)
        placed += good
        if args.v and not good:
            where = [(p.get("country_code"), (p.get("admin1") or {}).get("code")) for p in hits]
            print(f"{event.get('article_id')} {label['city']!r} crowd {label['state']!r} placed {where}")
    print(f"cities found={found} in the crowd's state={placed} ({placed / max(found, 1):.3f}) towns abroad={abroad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
