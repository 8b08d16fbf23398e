"""Fixtures for every lane: one spaCy model and extractor per test session (loading costs seconds)."""

from __future__ import annotations

import pytest

from service.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor (`Extractor.from_model("auto")`), loaded once for all tests that use it."""
    return Extractor.from_model("auto")
