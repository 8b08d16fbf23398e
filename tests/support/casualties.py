"""What casualty tests compare: an article's killed and injured totals as plain numbers."""

from __future__ import annotations

from service.extract import Extractor
from service.extract.types import CasualtyTotal


def totals(extractor: Extractor, body: str, title: str | None = None) -> tuple[int | None, int | None]:
    """(killed, injured) count_min of the article's casualty totals; None where there is no total."""
    found = extractor.extract(body, title).casualty_totals

    def count(total: CasualtyTotal | None) -> int | None:
        return total.count_min if total is not None else None

    return count(found["killed"]), count(found["injured"])
