"""One digest per corpus of everything the extractor outputs: proof that a speed-up changed nothing.

    python bench/extract_digest.py CORPUS.jsonl [CORPUS.jsonl ...] [--explain 20] [--dump DIR]

For each corpus, every article's full `Extraction` (the event part, `to_dict()`, and the type evidence,
`explain()`) is serialised with the service's fixed JSON options and hashed; with --explain N, the
`extract --explain` text (casualty and entity-type explanations) of each corpus's first N articles is
hashed too. Run it before and after a change: equal digests mean byte-identical output. With --dump, the
serialised outputs are also written to DIR/<corpus>.jsonl (and DIR/<corpus>.explain.txt), so a changed
digest can be diffed article by article.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.events import dumps_line
from service.extract import ArticleText, Extractor
from service.extract.casualties.explain import explain
from service.extract.ner.explain import explain_types


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="+", help="JSONL files of {id?, title?, body}")
    parser.add_argument("--explain", type=int, default=0, help="also digest the explain text of the first N")
    parser.add_argument("--dump", type=Path, help="write the serialised outputs here")
    parser.add_argument("--model", default="auto")
    args = parser.parse_args()

    extractor = Extractor.from_model(args.model)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    for corpus in args.corpora:
        records = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
        articles = [ArticleText(r["body"], r.get("title")) for r in records]
        lines = [
            dumps_line({"extraction": e.to_dict(), "evidence": e.explain()}) for e in extractor.extract_many(articles)
        ]
        explained = []
        for i, record in enumerate(records[: args.explain]):
            body, report, evidence = extractor.explain_article(record["body"], record.get("title"))
            explained.append(explain(str(record.get("id", i)), body, report) + explain_types(body, evidence))
        digest = hashlib.sha256(b"".join(lines)).hexdigest()[:16]
        explain_digest = hashlib.sha256("".join(explained).encode()).hexdigest()[:16] if explained else "-"
        print(f"{corpus.name}: articles={len(lines)} extraction={digest} explain({len(explained)})={explain_digest}")
        if args.dump:
            (args.dump / f"{corpus.stem}.jsonl").write_bytes(b"".join(lines))
            (args.dump / f"{corpus.stem}.explain.txt").write_text("".join(explained), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
