"""Every committed casualty passage, one test each: its figures must match exactly (no miss, no extra).

A passage the rules get wrong today is listed, with the reason, in
`tests/data/casualties_known_failures.json`; it runs as a strict expected failure, so the test fails
when a passage breaks AND when a known failure starts to pass (then remove its entry).
"""

from __future__ import annotations

import json
from functools import cache
from types import ModuleType
from typing import Any

import pytest

from service.extract import ArticleText, Extractor
from tests.extract.conftest import DATA, read_jsonl

_SETS = ("casualties.jsonl", "casualties_dev.jsonl")
_KNOWN = json.loads((DATA / "casualties_known_failures.json").read_text(encoding="utf-8"))


def _passages() -> list[Any]:
    params = []
    for name in _SETS:
        for item in read_jsonl(DATA / name):
            key = f"{name}:{item['id']}"
            marks = [pytest.mark.xfail(strict=True, reason=_KNOWN[key])] if key in _KNOWN else []
            params.append(pytest.param(name, item, id=key, marks=marks))
    return params


@cache
def _extracted(extractor: Extractor, name: str) -> dict[str, list[dict[str, Any]]]:
    """All passages of one set, extracted in one batch (one `nlp.pipe`), by id."""
    items = read_jsonl(DATA / name)
    extractions = extractor.extract_many(ArticleText(item["text"]) for item in items)
    return {item["id"]: e.to_dict()["casualties"] for item, e in zip(items, extractions, strict=True)}


def test_every_known_failure_names_a_passage_and_a_reason() -> None:
    ids = {f"{name}:{item['id']}" for name in _SETS for item in read_jsonl(DATA / name)}
    assert set(_KNOWN) <= ids
    assert all(isinstance(reason, str) and len(reason) > 20 for reason in _KNOWN.values())


@pytest.mark.parametrize(("name", "item"), _passages())
def test_passage_figures_match_exactly(
    extractor: Extractor, scorer: ModuleType, name: str, item: dict[str, Any]
) -> None:
    predicted = _extracted(extractor, name)[item["id"]]
    _, extra, missed, extras, _ = scorer.score_item(item, predicted)
    got = [(p["kind"], p["count_min"], p["group"]) for p in predicted]
    assert (extra, missed) == (0, 0), f"{item['text']}\n gold: {item['gold']}\n got: {got}\n extra: {extras}"
