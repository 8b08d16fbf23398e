"""Casualty F1 on the project's dev set and on our own labelled set, scored with the project's scorer."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from service.extract import ArticleText, Extractor
from tests.extract.conftest import DATA, read_jsonl


def _score(extractor: Extractor, scorer: ModuleType, path: Path) -> tuple[float, float, float, list[str]]:
    items = read_jsonl(path)
    tp = fp = fn = 0
    errors = []
    extractions = extractor.extract_many(ArticleText(item["text"]) for item in items)
    for item, extraction in zip(items, extractions, strict=True):
        preds = extraction.to_dict()["casualties"]
        t, f, n, _, _ = scorer.score_item(item, preds)
        tp, fp, fn = tp + t, fp + f, fn + n
        if f or n:
            errors.append(f"{item['id']}: {item['text']} -> {[(p['kind'], p['count_min'], p['group']) for p in preds]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, errors


def test_own_labelled_set_has_at_least_150_passages_with_hard_negatives() -> None:
    items = read_jsonl(DATA / "casualties.jsonl")
    assert len(items) >= 150
    assert len({item["id"] for item in items}) == len(items)
    assert sum(1 for item in items if not item["gold"]) >= 30  # passages with numbers but no victims


def test_own_labelled_set_f1_at_least_0_90(extractor: Extractor, scorer: ModuleType) -> None:
    precision, recall, f1, errors = _score(extractor, scorer, DATA / "casualties.jsonl")
    print(f"own set: precision={precision:.3f} recall={recall:.3f} F1={f1:.3f}")
    assert f1 >= 0.90, "\n".join(errors)


def test_dev_set_f1_at_least_0_95(extractor: Extractor, scorer: ModuleType) -> None:
    precision, recall, f1, errors = _score(extractor, scorer, DATA / "casualties_dev.jsonl")
    print(f"dev set: precision={precision:.3f} recall={recall:.3f} F1={f1:.3f}")
    assert f1 >= 0.95, "\n".join(errors)
