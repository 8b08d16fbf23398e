#!/usr/bin/env python3
"""Train the learned entity filter (`service/extract/ner/entity_filter.py`) on the TUNE halves only.

    PYTHONPATH=. .venv/bin/python training/entity_filter/train.py [--out service/extract/ner/entity_filter.json]
        [--gold tests/data/labels/entity_gold.jsonl] [--articles /work/labels/entity_articles.jsonl]
        [--extra GOLD ARTICLES]... [--folds 5] [--dump EXAMPLES.jsonl]

1. Extract every tune article with the filter off and keep, for each output entity, its features (the
   evidence `--explain` shows) and the scorer's verdict (`tests.support.score_entities`: the same
   matching, greedy in output order): a true positive (keep), a false positive (drop); an entity
   matching an optional gold entity is left out. An article whose split is not "tune" is never extracted.
2. Logistic regression (L2), fitted by Newton's method with numpy: deterministic, no random state.
3. Article-grouped cross-validation (folds by a hash of the article id) picks the L2 strength (least
   out-of-fold log loss), then a threshold per type (best out-of-fold F1 of that type, true positives
   dropped counting as misses; the lower threshold on a tie). A type whose best gain is under MIN_GAIN
   keeps every entity (threshold 0).
4. Refit on all the data with that strength; write feature -> weight, bias, threshold, the training
   set's description, the cross-validation figures and a version to `--out`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from service.extract.ner.entity_filter import FILTER_FILE  # noqa: E402
from tests.support.score_entities import TYPES, verdicts  # noqa: E402

#: Entity list of the event -> cluster label.
LABEL_OF_TYPE = {"people": "person", "places": "place", "organisations": "org"}
#: L2 strengths tried (penalty lambda x |w|^2 / 2 against the summed log loss).
LAMBDAS = (0.3, 1.0, 3.0, 10.0, 30.0)
#: Thresholds tried: a probability under it drops the entity. 0 keeps all (the rules alone).
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(0, 20))
VERSION = "2"
#: Smallest out-of-fold F1 gain for which a type is filtered at all: below it, the gain is within the noise
#: of ~140 articles (0.01: about three of ~370 organisations decided the other way) and the type keeps every
#: entity the rules type.
MIN_GAIN = 0.01


@dataclass
class Example:
    """One output entity of one training article."""

    article: str
    kind: str  # people / places / organisations
    features: dict[str, float]
    keep: bool
    name: str = ""  # for reading the tune examples; no feature


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collect(
    sets: Iterable[tuple[Path, Path, bool]],
) -> tuple[list[Example], dict[str, dict[str, int]], list[str]]:
    """The examples of every tune article of `sets` (gold, articles, needs split == tune), its misses, a description."""
    from service.extract import Extractor

    extractor = Extractor.from_model("auto", entity_filter="off", evidence=True)
    examples: list[Example] = []
    missed: dict[str, dict[str, int]] = {}
    described = []
    for gold_path, articles_path, split_required in sets:
        gold = {g["id"]: g for g in read_jsonl(gold_path)}
        n = 0
        for article in read_jsonl(articles_path):
            if article["id"] not in gold:
                continue
            if split_required and article.get("split") != "tune":
                continue  # a check article: never extracted, never read
            n += 1
            extraction = extractor.extract(article["body"], article.get("title"))
            event = extraction_lists(extraction)
            features = {
                (e.label, e.name, min(m.start for m in e.mentions)): dict(e.features)
                for e in extraction.evidence
                if e.features and e.mentions
            }
            missed[article["id"]] = {}
            for kind in TYPES:
                entities = event[kind]
                marks, misses = verdicts(gold[article["id"]].get(kind) or [], entities)
                missed[article["id"]][kind] = len(misses)
                for entity, mark in zip(entities, marks, strict=True):
                    key = (LABEL_OF_TYPE[kind], entity["name"], min(m["start"] for m in entity["mentions"]))
                    if mark == "optional" or key not in features:
                        continue
                    examples.append(Example(article["id"], kind, features[key], mark == "tp", entity["name"]))
        described.append(f"{gold_path.name} over {articles_path.name}{' (tune split)' if split_required else ''}: {n}")
    return examples, missed, described


def extraction_lists(extraction) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    """The event's three lists (name, mentions with text and start), in output order."""
    return {
        kind: [
            {"name": e.name, "mentions": [{"text": m.text, "start": m.start} for m in e.mentions]}
            for e in getattr(extraction, attr)
        ]
        for kind, attr in (("people", "people"), ("places", "places"), ("organisations", "organisations"))
    }


def design(examples: Sequence[Example], columns: Sequence[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(columns)}
    x = np.zeros((len(examples), len(columns)))
    for row, example in enumerate(examples):
        for k, v in example.features.items():
            if k in index:
                x[row, index[k]] = v
    return x


def fit(x: np.ndarray, y: np.ndarray, lam: float, iterations: int = 50) -> tuple[np.ndarray, float]:
    """L2 logistic regression by Newton's method (the bias unpenalised). Deterministic."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, lam)
    penalty[-1] = 0.0
    for _ in range(iterations):
        z = np.clip(xb @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        gradient = xb.T @ (p - y) + penalty * w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w[:-1], float(w[-1])


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ weights + bias, -30, 30)))


def f1(examples: Sequence[Example], kept: Sequence[bool], misses: int) -> float:
    tp = sum(1 for e, k in zip(examples, kept, strict=True) if k and e.keep)
    fp = sum(1 for e, k in zip(examples, kept, strict=True) if k and not e.keep)
    fn = misses + sum(1 for e, k in zip(examples, kept, strict=True) if not k and e.keep)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fold_of(article: str, folds: int) -> int:
    return int(hashlib.sha1(article.encode()).hexdigest(), 16) % folds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FILTER_FILE)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/data/labels/entity_gold.jsonl")
    parser.add_argument("--articles", type=Path, default=Path("/work/labels/entity_articles.jsonl"))
    parser.add_argument(
        "--extra",
        nargs=2,
        action="append",
        default=[],
        metavar=("GOLD", "ARTICLES"),
        help="a dev set taken whole (e.g. tests/data/entities/wcep_gold.jsonl tests/data/entities/wcep_articles.jsonl)",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dump", type=Path, help="also write the examples and misses as JSONL")
    parser.add_argument("--examples", type=Path, help="read the examples and misses a --dump wrote (no extraction)")
    args = parser.parse_args()

    started = time.monotonic()
    sets = [(args.gold, args.articles, True), *((Path(g), Path(a), False) for g, a in args.extra)]
    if args.examples:
        rows = read_jsonl(args.examples)
        examples = [Example(**r) for r in rows if "features" in r]
        missed = {r["article"]: r["missed"] for r in rows if "missed" in r}
        described = next(r["described"] for r in rows if "described" in r)
    else:
        examples, missed, described = collect(sets)
    if args.dump:
        lines = [json.dumps({"described": described})]
        lines += [json.dumps({"article": a, "missed": m}) for a, m in missed.items()]
        lines += [
            json.dumps({"article": e.article, "kind": e.kind, "features": e.features, "keep": e.keep, "name": e.name})
            for e in examples
        ]
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    misses = sum(sum(m.values()) for m in missed.values())
    columns = sorted({k for e in examples for k in e.features})
    x = design(examples, columns)
    y = np.array([1.0 if e.keep else 0.0 for e in examples])
    folds = np.array([fold_of(e.article, args.folds) for e in examples])
    print(f"{len(examples)} entities ({int(y.sum())} kept by the labels), {len(columns)} features, {misses} misses")
    print(f"rules alone: F1 {f1(examples, [True] * len(examples), misses):.4f}")

    kinds = np.array([e.kind for e in examples])
    type_misses = {kind: sum(m[kind] for m in missed.values()) for kind in TYPES}
    # The L2 strength by out-of-fold log loss (a proper score: less noisy than F1 at a threshold), then
    # each type's threshold by its out-of-fold F1.
    best: tuple[float, float, np.ndarray] | None = None  # (log loss, lambda, out-of-fold scores)
    for lam in LAMBDAS:
        oof = np.zeros(len(examples))
        for k in range(args.folds):
            train, test = folds != k, folds == k
            w, b = fit(x[train], y[train], lam)
            oof[test] = predict(x[test], w, b)
        p = np.clip(oof, 1e-6, 1 - 1e-6)
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        print(f"lambda {lam:>5}: out-of-fold log loss {loss:.4f}")
        if best is None or loss < best[0] - 1e-12:
            best = (loss, lam, oof)
    assert best is not None
    loss, lam, oof = best
    thresholds: dict[str, float] = {}
    for kind in TYPES:
        rows = [i for i in range(len(examples)) if kinds[i] == kind]
        subset = [examples[i] for i in rows]
        scores = {t: f1(subset, list(oof[rows] >= t), type_misses[kind]) for t in THRESHOLDS}
        # a type keeps every entity unless filtering gains at least MIN_GAIN out of fold
        top = max(THRESHOLDS, key=lambda t: (scores[t], -t))
        thresholds[kind] = top if scores[top] >= scores[0.0] + MIN_GAIN else 0.0
        print(f"{kind:<13} " + " ".join(f"{t:.2f}:{scores[t]:.4f}" for t in THRESHOLDS))
    kept = [oof[i] >= thresholds[examples[i].kind] for i in range(len(examples))]
    score = f1(examples, kept, misses)
    print(f"chosen: lambda {lam}, thresholds {thresholds}: cross-validated F1 {score:.4f}")

    w, b = fit(x, y, lam)
    weights = {c: round(float(v), 5) for c, v in zip(columns, w, strict=True) if abs(v) >= 1e-5}
    data = {
        "version": VERSION,
        "model": "logistic regression (L2), P(keep) = sigmoid(bias + sum weight x feature)",
        "training": "; ".join(described) + f" articles; {len(examples)} output entities of the rules, labelled by "
        "the entity-set scorer's matching (optional gold left out)",
        "lambda": lam,
        "thresholds_note": "per output type; 0 keeps every entity of the type",
        "thresholds": {LABEL_OF_TYPE[kind]: t for kind, t in thresholds.items()},
        "cross_validation": {
            "folds": args.folds,
            "grouped_by": "article",
            "f1_rules_alone": round(f1(examples, [True] * len(examples), misses), 4),
            "f1_filtered": round(score, 4),
            "log_loss": round(loss, 4),
        },
        "bias": round(b, 5),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
