"""Fixtures for every lane: one spaCy model and extractor per test session (loading costs seconds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from service.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor (`Extractor.from_model("auto")`), loaded once for all tests that use it."""
    from service.extract import Extractor  # here, not at collection: lanes that never extract skip the import

    return Extractor.from_model("auto")
