"""Shared fixtures of the extraction tests; the session's `extractor` is in tests/conftest.py."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def scorer() -> ModuleType:
    """The project's casualty scorer (tests/support/score_casualties.py), imported for its matching."""
    from tests.support import score_casualties

    return score_casualties
