"""The hand-labelled entity dev set (tests/data/entities), WCEP half: offsets exact, and the entity-set F1
the rules reached on it does not slip back.

The GVDB half's text may not be committed (only its ids and labels are, in gvdb_gold.jsonl); it is scored
from the shared corpus with `../shared/tools/score_entities.py` and its offsets are checked with
`bench/check_offsets.py` (commands in docs/entities.md).

Matching is the project scorer's (`../shared/tools/score_entities.py`): a predicted entity matches a gold
entity of the same type when its name or one of its mention texts equals, normalised, the gold name or an
alias; one-to-one, greedy, per article.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from service.events import EVENT_SCHEMA, Article, build_event, schema_errors
from service.extract import ArticleText, Extractor
from tests.extract.conftest import DATA, read_jsonl

ENTITIES = DATA / "entities"
TYPES = ("people", "places", "organisations")


def _norm(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.lower().replace("\u2019", "'").strip())
    text = re.sub(r"'s$", "", text)
    return " ".join(re.sub(r"[.,'\"()\-]", " ", text).split())


def _articles(half: str) -> list[dict[str, Any]]:
    gold_ids = {g["id"] for g in read_jsonl(ENTITIES / f"{half}_gold.jsonl")}
    records = [r for r in read_jsonl(ENTITIES / f"{half}_articles.jsonl") if r["id"] in gold_ids]
    assert len(records) == 30
    return records


@pytest.fixture(scope="module")
def events(extractor: Extractor) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    out = {}
    for half in ("wcep",):
        records = _articles(half)
        extractions = extractor.extract_many(ArticleText(r["body"], r.get("title")) for r in records)
        out[half] = [
            (
                r,
                build_event(
                    Article.from_record({"id": r["id"], "body": r["body"], "title": r.get("title")}),
                    x,
                    model=extractor.model,
                    model_version=extractor.model_version,
                ),
            )
            for r, x in zip(records, extractions, strict=True)
        ]
    return out


def _score(pairs: list[tuple[dict[str, Any], dict[str, Any]]], gold: dict[str, dict[str, Any]]) -> tuple[float, float]:
    tp = fp = fn = 0
    for record, event in pairs:
        for kind in TYPES:
            golds = [{_norm(g["name"]), *map(_norm, g.get("aliases") or [])} for g in gold[record["id"]][kind]]
            used: set[int] = set()
            for entity in event[kind]:
                forms = {_norm(entity["name"]), *(_norm(m["text"]) for m in entity["mentions"])}
                hit = next((i for i, g in enumerate(golds) if i not in used and forms & g), None)
                if hit is None:
                    fp += 1
                else:
                    used.add(hit)
                    tp += 1
            fn += len(golds) - len(used)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("half", ["wcep"])
def test_every_mention_is_the_original_body_at_its_offsets(events, half) -> None:
    bad = []
    for record, event in events[half]:
        assert not schema_errors(EVENT_SCHEMA, event), record["id"]
        body = record["body"]
        for kind in TYPES:
            for entity in event[kind]:
                bad += [(record["id"], m) for m in entity["mentions"] if body[m["start"] : m["end"]] != m["text"]]
        bad += [(record["id"], f) for f in event["casualties"] if body[f["start"] : f["end"]] != f["text"]]
    assert not bad, bad[:5]


@pytest.mark.parametrize(("half", "min_f1", "min_precision"), [("wcep", 0.88, 0.88)])
def test_dev_set_entity_f1_holds(events, half, min_f1, min_precision) -> None:
    gold = {g["id"]: g for g in read_jsonl(ENTITIES / f"{half}_gold.jsonl")}
    precision, f1 = _score(events[half], gold)
    print(f"{half}: precision={precision:.3f} F1={f1:.3f}")
    assert f1 >= min_f1 and precision >= min_precision, (precision, f1)
