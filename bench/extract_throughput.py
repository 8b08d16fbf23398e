"""Extractor throughput next to raw spaCy `nlp.pipe` on the same model, in the same run.

    python bench/extract_throughput.py [--corpus tests/data/wcep_days.jsonl] [--limit 200]

Prints articles/s for raw `nlp.pipe` with the stock pipeline (spaCy's own attribute-ruler matcher), for
the same pipeline as the extractor loads it (`load_model`: the same components, the attribute ruler
matched by `fast_ruler`), and for the full extractor; then the overhead of the rules in percent over the
extractor's own pipeline and the extractor's rate as a fraction of stock spaCy's. Each is measured over
the same articles after a warm-up pass; the best of --repeat runs counts, to damp noise on a shared machine.

Times are CPU time of this process (`time.process_time`), not wall clock: on a loaded machine the
wall clock also counts the time other processes held the cores, which made the overhead swing by
several points between runs. Rates are articles per CPU-second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract import ArticleText, Extractor, load_model

#: In-repo default (a sample); pass --corpus ../shared/corpus/wcep_days.jsonl for the full corpus.
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "wcep_days.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=200, help="articles to use (0 = all)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--model", default="auto")
    args = parser.parse_args()

    records = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    if args.limit:
        records = records[: args.limit]
    bodies = [r["body"] for r in records]
    articles = [ArticleText(r["body"], r.get("title")) for r in records]
    extractor = Extractor.from_model(args.model, evidence=False)  # as the worker's extraction processes
    nlp = extractor.nlp
    stock = load_model(args.model, fast_ruler=False)

    # Warm-up: caches, gazetteer, first-batch allocation.
    for pipeline in (stock, nlp):
        for _ in pipeline.pipe(bodies[:8], batch_size=args.batch_size):
            pass
    for _ in extractor.extract_many(articles[:8], batch_size=args.batch_size):
        pass

    stock_best = raw_best = full_best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        for _ in stock.pipe(bodies, batch_size=args.batch_size):
            pass
        stock_best = min(stock_best, time.process_time() - started)
        started = time.process_time()
        for _ in nlp.pipe(bodies, batch_size=args.batch_size):
            pass
        raw_best = min(raw_best, time.process_time() - started)
        started = time.process_time()
        for _ in extractor.extract_many(articles, batch_size=args.batch_size):
            pass
        full_best = min(full_best, time.process_time() - started)

    n = len(bodies)
    stock_rate, raw_rate, full_rate = n / stock_best, n / raw_best, n / full_best
    overhead = (full_best - raw_best) / raw_best * 100
    print(
        f"model={extractor.model} {extractor.model_version} components={','.join(nlp.pipe_names)} "
        f"articles={n} words={sum(len(b.split()) for b in bodies)}"
    )
    print(
        f"stock nlp.pipe: {stock_rate:.1f} articles/s | extractor's nlp.pipe: {raw_rate:.1f} articles/s | "
        f"extractor: {full_rate:.1f} articles/s | rules overhead: {overhead:+.1f}% | "
        f"extractor / stock: {full_rate / stock_rate:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
