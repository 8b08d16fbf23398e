"""Offsets exact on real pages: every mention's and casualty figure's `text` equals `body[start:end]`.

Runs the extractor over article records (JSONL with id, title, body), such as the shared GVDB corpus
whose text may not be committed, and prints `articles=N mentions=M mismatches=K`; exits 1 on any mismatch.

    .venv/bin/python bench/check_offsets.py ../shared/corpus/gvdb_dev.jsonl [--ids tests/data/entities/gvdb_gold.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.extract import ArticleText, Extractor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, help="JSONL article records")
    parser.add_argument("--ids", type=Path, help="JSONL whose `id`s select the articles (e.g. a gold file)")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.ids:
        wanted = {json.loads(line)["id"] for line in args.ids.read_text(encoding="utf-8").splitlines() if line.strip()}
        records = [r for r in records if r["id"] in wanted]
    extractor = Extractor.from_model("auto")
    mentions = 0
    bad: list[tuple[str, str, str]] = []
    texts = (ArticleText(r["body"], r.get("title")) for r in records)
    for record, extraction in zip(records, extractor.extract_many(texts), strict=True):
        body = record["body"]
        spans = [
            m
            for group in (extraction.people, extraction.places, extraction.organisations)
            for entity in group
            for m in entity.mentions
        ]
        spans += list(extraction.casualties)
        mentions += len(spans)
        bad += [(record["id"], s.text, body[s.start : s.end]) for s in spans if body[s.start : s.end] != s.text]
    for article_id, text, found in bad[:10]:
        print(f"{article_id}: {text!r} != body {found!r}")
    print(f"articles={len(records)} mentions={mentions} mismatches={len(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
