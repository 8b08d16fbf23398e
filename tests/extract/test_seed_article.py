"""The seed article (tests/data) through `python -m service extract`, checked against seed_article.expected.json.

The committed article is our own retelling of the shared fixture (whose text we may not commit); to check
the original, point the test at it: `SEED_ARTICLE=../shared/fixtures/seed_article.txt
SEED_EXPECTED=../shared/fixtures/seed_article.expected.json pytest tests/extract/test_seed_article.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from service.events import EVENT_SCHEMA, schema_errors
from tests.extract.conftest import DATA, ROOT

SEED = Path(os.environ.get("SEED_ARTICLE", DATA / "seed_article.txt"))
EXPECTED = Path(os.environ.get("SEED_EXPECTED", DATA / "seed_article.expected.json"))


@pytest.fixture(scope="module")
def event() -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-m", "service", "extract", str(SEED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, run.stdout
    return json.loads(lines[0])


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def _names(event: dict[str, Any], field: str) -> list[str]:
    return [entity["name"] for entity in event[field]]


@pytest.mark.parametrize("field", ["people", "places", "organisations"])
def test_every_required_entity_is_found_exactly_once(event, expected, field) -> None:
    names = _names(event, field)
    for required in expected[field]["required"]:
        options = required.split("|")
        hits = [n for n in names if n in options]
        assert len(hits) == 1, f"{field}: want one of {options}, got {names}"


@pytest.mark.parametrize("field", ["people", "places", "organisations"])
def test_no_forbidden_entity_is_reported(event, expected, field) -> None:
    names = _names(event, field)
    for forbidden in expected[field]["forbidden"]:
        assert forbidden not in names, f"{field}: {forbidden!r} must not be an entry ({names})"


def test_required_casualty_figures_are_found(event, expected) -> None:
    figures = event["casualties"]
    for want in expected["casualties"]["required"]:

        def matches(figure: dict[str, Any], want: dict[str, Any] = want) -> bool:
            if figure["kind"] != want["kind"] or figure["approximate"] != want["approximate"]:
                return False
            if figure["group"] != want["group"]:
                return False
            if "count_min" in want and figure["count_min"] != want["count_min"]:
                return False
            if "place" in want and figure["place"] != want["place"]:
                return False
            if "text_contains" in want and want["text_contains"] not in figure["text"]:
                return False
            if "part_of_count" in want:
                parent = figure["part_of"]
                return parent is not None and figures[parent]["count_min"] == want["part_of_count"]
            return True

        assert any(matches(f) for f in figures), f"missing {want} in {figures}"


def test_no_casualty_figure_counts_a_forbidden_number(event, expected) -> None:
    counts = {f["count_min"] for f in event["casualties"]}
    assert not counts & set(expected["casualties"]["forbidden_counts"])


def test_headline_total_is_the_khan_sheikhun_toll(event) -> None:
    assert event["casualty_totals"]["killed"] == {
        "count_min": 88,
        "count_max": 88,
        "approximate": False,
        "victims": [],
        "perpetrators": 0,
    }
    assert event["casualty_totals"]["injured"] is None


def test_mentions_index_into_the_body_as_received(event) -> None:
    body = SEED.read_text(encoding="utf-8")
    for field in ("people", "places", "organisations"):
        for entity in event[field]:
            for mention in entity["mentions"]:
                assert body[mention["start"] : mention["end"]] == mention["text"]
    for figure in event["casualties"]:
        assert body[figure["start"] : figure["end"]] == figure["text"]


def test_event_validates_against_the_schema(event) -> None:
    assert schema_errors(EVENT_SCHEMA, event) == []
