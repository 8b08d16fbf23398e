"""Entity-set matching, the same as the shared scorer (`../shared/tools/score_entities.py`), importable.

A predicted entity matches a gold entity of the same type when its canonical name, or one of its
mention texts, equals (normalised) the gold name or one of its aliases; one-to-one, greedy in the
prediction order. A gold entity marked `optional` counts neither as found nor as missed.
Reimplemented here (not copied) so that bench scripts and tests can score per kind and split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

TYPES = ("people", "places", "organisations")


def norm(name: str) -> str:
    """Lower case, ’ as ', no leading "the" or trailing "'s", punctuation . , ' " ( ) - as spaces."""
    s = name.lower().replace("\u2019", "'")
    s = re.sub(r"^the\s+", "", s.strip())
    s = re.sub(r"'s$", "", s)
    return re.sub(r"\s+", " ", re.sub(r"[.,'\"()\-]", " ", s)).strip()


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the names behind the errors."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_pos: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def verdicts(gold: Sequence[Mapping[str, Any]], predicted: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[int]]:
    """Each predicted entity's verdict ("tp", "fp" or "optional") and the indexes of the gold entities missed.

    A prediction matches the first unused gold entity that shares a normalised form with its name or one of
    its mentions, a required one before an optional one (the shared scorer's matching).
    """
    golds = [{norm(g["name"])} | {norm(a) for a in g.get("aliases") or []} for g in gold]
    optional = [bool(g.get("optional")) for g in gold]
    used: set[int] = set()
    out = []
    for p in predicted:
        forms = {norm(p["name"])} | {norm(m["text"]) for m in p.get("mentions") or []}
        hit = next((i for i, gs in enumerate(golds) if i not in used and not optional[i] and forms & gs), None)
        if hit is None:
            hit = next((i for i, gs in enumerate(golds) if i not in used and optional[i] and forms & gs), None)
        if hit is None:
            out.append("fp")
        else:
            used.add(hit)
            out.append("optional" if optional[hit] else "tp")
    return out, [i for i in range(len(gold)) if i not in used and not optional[i]]


def score_type(gold: Iterable[Mapping[str, Any]], predicted: Iterable[Mapping[str, Any]]) -> Tally:
    """One article, one entity type: gold entities {name, aliases, optional?} against event entities."""
    gold = list(gold)
    predicted = list(predicted)
    found, missed = verdicts(gold, predicted)
    tally = Tally(tp=found.count("tp"), fp=found.count("fp"))
    tally.false_pos = [p["name"] for p, verdict in zip(predicted, found, strict=True) if verdict == "fp"]
    tally.missed = [gold[i]["name"] for i in missed]
    tally.fn = len(tally.missed)
    return tally


def score_article(gold: Mapping[str, Any], event: Mapping[str, Any]) -> dict[str, Tally]:
    """Per type tallies of one article (a missing event predicts nothing)."""
    return {t: score_type(gold.get(t) or [], event.get(t) or []) for t in TYPES}
