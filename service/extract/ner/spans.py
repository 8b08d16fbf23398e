"""Mention candidates and clusters: the spans the rules vote on, and their votes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from service.extract.ner.lexicon import PARTICLES

Label = str  # "person" | "place" | "org"
#: Compiled once: `name_tokens` runs for every form of every cluster.
_NAME_SPLIT = re.compile(r"[\s-]+")


class Votes(defaultdict[Label, float]):
    """Label votes: a Counter with float weights (context rules weigh less than a model label)."""

    def __init__(self) -> None:
        super().__init__(float)

    def update(self, other: Mapping[Label, float]) -> None:  # type: ignore[override]
        """Add `other`'s votes (Counter semantics, not dict replacement)."""
        for label, weight in other.items():
            self[label] += weight

    def most_common(self, n: int | None = None) -> list[tuple[Label, float]]:
        """The `n` labels of most weight, heaviest first; ties keep insertion order, as Counter does."""
        if n == 1 and self:  # the usual question, without a sort: max keeps the first of equal weights
            label = max(self, key=self.__getitem__)
            return [(label, self[label])]
        return sorted(self.items(), key=lambda kv: -kv[1])[:n]


@dataclass(slots=True)
class Candidate:
    """One mention candidate: its span in the text, the name it reads as, and its label votes."""

    start: int
    end: int
    form: str  # the name as it should read ("Bashar al-Assad"), may differ from the raw text
    votes: Votes = field(default_factory=Votes)
    title: str | None = None
    #: The rules that voted, in order: (rule name, label, weight), for `extract --explain`.
    fired: list[tuple[str, Label, float]] = field(default_factory=list)

    def cast(self, rule: str, label: Label, weight: float) -> None:
        """Add `weight` to `label` and record that `rule` voted."""
        self.votes[label] += weight
        self.fired.append((rule, label, weight))

    def absorb(self, other: Candidate) -> None:
        """Take `other`'s votes and fired rules (two mentions joined into one name)."""
        self.votes.update(other.votes)
        self.fired.extend(other.fired)


def raw_offset(raw: str, form_index: int) -> int:
    """Index in `raw` of the character at `form_index` of its whitespace-collapsed form."""
    seen = 0
    i = 0
    while i < len(raw) and raw[i].isspace():
        i += 1
    while i < len(raw) and seen < form_index:
        if raw[i].isspace():
            while i < len(raw) and raw[i].isspace():
                i += 1
            seen += 1
            continue
        i += 1
        seen += 1
    return i


def find_names(text: str, names: Sequence[str], not_after: str) -> list[tuple[int, int]]:
    r"""The spans `re.finditer` finds for ``(?<![\w<not_after>])(?:<name>|<name>|...)(?![\w])``, names as literals.

    The same matches (at each position the first name, in the given order, that stands alone there; none
    overlapping), found with `str.find` instead of a pattern compiled for each article's names: a
    compilation costs ~0.15 ms, and `re`'s cache is too small to spare it on a stream of new articles.

    Examples:
        >>> find_names("UN, UNHCR and the U.N.", ["U.N", "UN", "UNHCR"], ".")
        [(0, 2), (4, 9), (18, 21)]

    """
    found: dict[int, int] = {}  # start -> end of the first name, in order, that stands alone there
    for name in names:
        i = text.find(name)
        while i >= 0:
            end = i + len(name)
            if (
                i not in found
                and not (i and _word_or(text[i - 1], not_after))
                and not (end < len(text) and _word_or(text[end], ""))
            ):
                found[i] = end
            i = text.find(name, i + 1)
    spans = []
    after = 0
    for start in sorted(found):
        if start >= after:  # the scan goes on after each match
            spans.append((start, found[start]))
            after = found[start]
    return spans


def _word_or(ch: str, others: str) -> bool:
    r"""Whether `ch` is a regex word character (`\w`: a letter, a digit, "_") or one of `others`."""
    return ch.isalnum() or ch == "_" or ch in others


def leading_label(mention: Candidate) -> Label:
    """The label with the most votes so far ("org" when none)."""
    return mention.votes.most_common(1)[0][0] if mention.votes else "org"


@lru_cache(maxsize=65_536)
def looks_like_name(form: str) -> bool:
    """One to four words, each capitalised.

    Cached (pure, and the vote rules ask it of each mention's form a dozen times).
    """
    words = form.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


@dataclass(slots=True)
class Cluster:
    """The mentions of one real-world entity."""

    mentions: list[Candidate]
    votes: Votes = field(default_factory=Votes)
    acronym_of: str | None = None

    def label(self) -> Label:
        """The label of most votes over all mentions (ties: alphabetical)."""
        for mention in self.mentions:
            self.votes.update(mention.votes)
        best = sorted(self.votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return best[0][0] if best else "org"


@lru_cache(maxsize=65_536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a name without particles ("al", "van"), split at spaces and hyphens.

    Cached (pure, and the clustering rules split every form of an article several times).
    """
    return tuple(t for t in _NAME_SPLIT.split(name) if t and t.lower() not in PARTICLES)
