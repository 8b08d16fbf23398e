"""What entity tests read from an extraction: names by type, and the ids of the rules that fired."""

from __future__ import annotations

from service.extract import Extraction


def names(extraction: Extraction) -> dict[str, list[str]]:
    """{"people" | "places" | "organisations": the canonical names, in the extraction's order}."""
    return {
        "people": [e.name for e in extraction.people],
        "places": [p.name for p in extraction.places],
        "organisations": [e.name for e in extraction.organisations],
    }


def rules(extraction: Extraction) -> set[str]:
    """The ids of every entity rule that fired on any entity."""
    return {rule for e in extraction.evidence for rule, *_ in e.rules}


def typed_names(extraction: Extraction) -> dict[str, set[str]]:
    """{"person" | "place" | "org": the set of canonical names}, for assertions that ignore order."""
    return {
        "person": {e.name for e in extraction.people},
        "place": {p.name for p in extraction.places},
        "org": {e.name for e in extraction.organisations},
    }


def all_names(extraction: Extraction) -> set[str]:
    """Every canonical name of any type."""
    return set().union(*typed_names(extraction).values())
