"""Entity typing from evidence: the vote table, its explanation, and the classes of error it fixes.

Short hand-written passages only (no corpus text).
"""

from __future__ import annotations

from service.extract import Extraction, Extractor
from service.extract.ner.votes import RULES


def _names(extraction: Extraction) -> dict[str, list[str]]:
    return {
        "people": [e.name for e in extraction.people],
        "places": [p.name for p in extraction.places],
        "organisations": [e.name for e in extraction.organisations],
    }


def test_vote_rules_have_unique_names_and_positive_weights() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.weight > 0 and rule.label in ("person", "place", "org", "norp") for rule in RULES)


def test_explanation_names_the_rules_that_typed_each_entity(extractor: Extractor) -> None:
    extraction = extractor.extract("Gunmen attacked the town of Tarbela on Monday, officials said.")
    evidence = {e.name: e for e in extraction.evidence}
    assert evidence["Tarbela"].label == "place"
    assert "town_of_x" in {rule for rule, *_ in evidence["Tarbela"].rules}
    explained = extraction.explain()
    assert explained[0]["name"] and explained[0]["rules"][0]["rule"]
    assert "evidence" not in extraction.to_dict()  # the event is unchanged
