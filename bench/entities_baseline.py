"""Plain spaCy as an entity extractor, the baseline the project's rules are measured against.

    python ../shared/tools/score_entities.py GOLD ARTICLES --cmd ".venv/bin/python bench/entities_baseline.py -"

Reads article records (JSONL: id, body, ...) from the paths given (``-`` = stdin) and writes, per article,
one JSON line ``{article_id, people, places, organisations}`` in the event shape the scorer reads: one
entity per distinct surface text of a spaCy entity, typed by spaCy's label (PERSON -> people, GPE/LOC ->
places, ORG -> organisations; other labels dropped). Same model and components as the extractor
(``SPACY_MODEL``, default auto); no normalisation, no rules.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract import load_model

#: spaCy label -> the event's entity list.
TYPE_OF = {"PERSON": "people", "GPE": "places", "LOC": "places", "ORG": "organisations"}


def records(paths: list[str]) -> Iterator[dict[str, Any]]:
    """Article records from JSONL files (``-`` = stdin)."""
    for path in paths:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
        with stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="article JSONL files, - for stdin")
    parser.add_argument("--model", default=os.environ.get("SPACY_MODEL", "auto"))
    args = parser.parse_args()
    nlp = load_model(args.model)
    batch = list(records(args.paths))
    for record, doc in zip(batch, nlp.pipe((r["body"] for r in batch), batch_size=16), strict=True):
        event: dict[str, Any] = {"article_id": record["id"], "people": [], "places": [], "organisations": []}
        seen: set[tuple[str, str]] = set()
        for ent in doc.ents:
            kind = TYPE_OF.get(ent.label_)
            if kind is None or (kind, ent.text) in seen:
                continue
            seen.add((kind, ent.text))
            mentions = [
                {"text": e.text, "start": e.start_char, "end": e.end_char}
                for e in doc.ents
                if e.text == ent.text and TYPE_OF.get(e.label_) == kind
            ]
            event[kind].append({"name": ent.text, "mentions": mentions})
        sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
