"""`python -m service extract --explain`: why each person, place and organisation has its type.

For one article, as plain text (format documented in `docs/entities.md`), one block per entity in
text order:

- the entity's canonical name, the type it was given ("not output" for a nationality) and the
  label votes summed over all its mentions;
- the rules that decided it, heaviest first, each with its label, total weight and how often it fired
  ("spacy_label" is the model's own label; the other names are in `ner.votes.RULES`, `ner.mentions`
  and `ner.clustering`);
- each mention as the body has it, with its offsets and the votes it cast: the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.extract.types import TypeEvidence

#: The event's list an entity of each label goes to.
_OUTPUT = {
    "person": "person",
    "place": "place",
    "org": "organisation",
    "norp": "nationality (not output)",
    "none": "not a name (not output)",
}


def _votes(votes: dict[str, float]) -> str:
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{label} {weight:g}" for label, weight in ranked)


def explain_types(body: str, evidence: Sequence[TypeEvidence]) -> str:
    """The typing evidence of one article's entities over `body` (the text the offsets index)."""
    lines = [f"-- entities: {len(evidence)}"]
    for i, entity in enumerate(evidence):
        kind = _OUTPUT.get(entity.label, entity.label)
        lines.append(f'entity {i}: {kind} "{entity.name}"  votes {_votes(entity.votes)}')
        decided = "; ".join(f"{rule} -> {label} {weight:g} (x{times})" for rule, label, weight, times in entity.rules)
        lines.append(f"    rules: {decided}")
        if entity.geocoding:
            lines.append(f"    geocoded: {entity.geocoding}")
        if entity.filter_score is not None:
            verdict = "kept" if entity.filter_kept else "dropped by entity_filter"
            top = ", ".join(f"{feature} {weight:+.2f}" for feature, weight in entity.filter_top)
            lines.append(
                f"    entity_filter: score {entity.filter_score:.3f} (threshold {entity.filter_threshold:g}): "
                f"{verdict}; top: {top}"
            )
        for m in entity.mentions:
            cast = ", ".join(f"{rule} -> {label} {weight:g}" for rule, label, weight in m.rules) or "no votes"
            lines.append(f'    mention "{body[m.start : m.end]}" [{m.start}:{m.end}]: {cast}')
    return "\n".join(lines) + "\n"


__all__ = ["explain_types"]
