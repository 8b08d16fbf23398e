"""A faster matcher for the pipeline's `attribute_ruler`, with the same matches.

The model's attribute ruler maps fine-grained tags to POS and morphology through about 180 one- and
two-token `Matcher` patterns (``[{"TAG": "NNS"}]``, ``[{"LOWER": "gon"}, {"LOWER": "na"}]``). spaCy's
`Matcher` evaluates them at about 17 microseconds a token, 12 % of the whole pipeline's time on news.
Every one of those patterns is a conjunction of equality, ``IN``, ``NOT_IN`` or ``REGEX`` tests on a
token's tag, lower-case form, dependency or space flag, so they can be looked up by tag and by
lower-case form instead of run through the general machine.

`install_fast_matcher` compiles the ruler's patterns and, when every one of them is of that kind,
replaces the ruler's `match` step. `set_annotations` (what the ruler writes) stays spaCy's own, and the
matches are the same list, in the same order, as `AttributeRuler.match` returns: (rule index, rule key,
start, end), each (key, start, end) once, sorted so that later rules win. A model whose ruler holds any
other kind of pattern (operators, other attributes) keeps spaCy's matcher.
`tests/extract/test_fast_ruler.py` checks the two agree token for token on real news.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Token attributes a pattern may test: read for a whole doc at once with `Doc.to_array`.
ATTRS: tuple[str, ...] = ("TAG", "LOWER", "ORTH", "DEP", "IS_SPACE")
COLUMN = {name: i for i, name in enumerate(ATTRS)} | {"TEXT": ATTRS.index("ORTH")}

LOWER = COLUMN["LOWER"]
EQ, IN, NOT_IN, REGEX = range(4)
#: Lower-case forms whose regex hits are remembered before the memory is cleared.
REGEX_CACHE = 50_000

#: One token test: (column, kind, value): a string hash, a set of hashes, or a compiled regex.
Test = tuple[int, int, Any]


class Unsupported(ValueError):
    """A pattern this matcher cannot evaluate (the ruler then keeps spaCy's matcher)."""


def _test(attr: str, spec: Any, hash_of: Callable[[str], int]) -> Test:
    column = COLUMN[attr]
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise Unsupported(f"{attr}: {spec}")
        ((op, value),) = spec.items()
        if op in ("IN", "NOT_IN") and attr != "IS_SPACE":
            return (column, IN if op == "IN" else NOT_IN, frozenset(hash_of(v) for v in value))
        if op == "REGEX" and isinstance(value, str) and attr != "IS_SPACE":
            return (column, REGEX, re.compile(value).search)
        raise Unsupported(f"{attr}: {spec}")
    if attr == "IS_SPACE":
        return (column, EQ, int(bool(spec)))
    if not isinstance(spec, str):
        raise Unsupported(f"{attr}: {spec}")
    return (column, EQ, hash_of(spec))


@dataclass
class _Rule:
    """One pattern of one ruler entry, compiled: the tests of each of its tokens."""

    index: int  # the ruler entry's position: later entries win
    key: int  # the ruler's Matcher key (hash of str(index))
    tokens: list[list[Test]] = field(default_factory=list)
    #: True when the index lookup alone decides the match (one token, one test, the indexed one)
    by_lookup: bool = False


def _first_values(attr: str, spec: dict[str, Any]) -> list[str] | None:
    """The values of `attr` the pattern's first token must have, when it names them (for the index)."""
    value = spec.get(attr)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return None


class FastAttributeMatcher:
    """The ruler's patterns indexed by the first token's lower-case form, tag or space flag."""

    def __init__(self, patterns: list[dict[str, Any]], key_of: Callable[[int], int], strings: Any) -> None:
        self.strings = strings
        hash_of = strings.add
        self.by_tag: dict[int, list[_Rule]] = {}
        self.by_lower: dict[int, list[_Rule]] = {}
        self.by_dep: dict[int, list[_Rule]] = {}
        self.by_space: dict[int, list[_Rule]] = {}
        #: rules whose first token's lower-case form must match a regex, and per form seen, those
        #: whose regex it matches (bounded: cleared at REGEX_CACHE forms)
        self.by_lower_regex: list[_Rule] = []
        self._regex_hits: dict[int, list[_Rule]] = {}
        self.anywhere: list[_Rule] = []
        for index, entry in enumerate(patterns):
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not pattern:
                    raise Unsupported(repr(pattern))
                rule = _Rule(index, key_of(index))
                for token_spec in pattern:
                    unknown = set(token_spec) - set(COLUMN)
                    if unknown:
                        raise Unsupported(f"attributes {sorted(unknown)}")
                    rule.tokens.append([_test(attr, spec, hash_of) for attr, spec in token_spec.items()])
                # Index by the most selective test the first token names: its lower-case form, else
                # its tag, else its dependency, else a regex on its form, else its being a space; the
                # rest are tried at every token.
                lowers = _first_values("LOWER", pattern[0])
                tags = _first_values("TAG", pattern[0])
                if lowers is not None:
                    table, values, column = self.by_lower, [hash_of(v) for v in lowers], COLUMN["LOWER"]
                elif tags is not None:
                    table, values, column = self.by_tag, [hash_of(v) for v in tags], COLUMN["TAG"]
                elif (deps := _first_values("DEP", pattern[0])) is not None:
                    table, values, column = self.by_dep, [hash_of(v) for v in deps], COLUMN["DEP"]
                elif isinstance(pattern[0].get("LOWER"), dict) and "REGEX" in pattern[0]["LOWER"]:
                    self.by_lower_regex.append(rule)
                    continue
                elif pattern[0].get("IS_SPACE") is True:
                    table, values, column = self.by_space, [1], COLUMN["IS_SPACE"]
                else:
                    self.anywhere.append(rule)
                    continue
                rule.by_lookup = len(pattern) == 1 and len(rule.tokens[0]) == 1 and rule.tokens[0][0][0] == column
                for value in values:
                    table.setdefault(value, []).append(rule)

    def _regex_rules(self, lower: int) -> list[_Rule]:
        """The regex-indexed rules whose first-token regex this lower-case form matches (cached)."""
        if not self.by_lower_regex:
            return []
        hits = self._regex_hits.get(lower)
        if hits is None:
            if len(self._regex_hits) >= REGEX_CACHE:
                self._regex_hits.clear()
            text = self.strings[lower]
            hits = [
                rule
                for rule in self.by_lower_regex
                if all(kind != REGEX or value(text) for column, kind, value in rule.tokens[0] if column == LOWER)
            ]
            self._regex_hits[lower] = hits
        return hits

    def _holds(self, rule: _Rule, columns: list[list[int]], start: int, length: int) -> bool:
        if start + len(rule.tokens) > length:
            return False
        for offset, tests in enumerate(rule.tokens):
            position = start + offset
            for column, kind, value in tests:
                got = columns[column][position]
                if kind == EQ:
                    ok = got == value
                elif kind == IN:
                    ok = got in value
                elif kind == NOT_IN:
                    ok = got not in value
                else:
                    ok = bool(value(self.strings[got]))
                if not ok:
                    return False
        return True

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(rule index, rule key, start, end) of every match, as `AttributeRuler.match` returns them."""
        length = len(doc)
        if not length:
            return []
        columns = [doc.to_array(attr).tolist() for attr in ATTRS]
        found: set[tuple[int, int, int, int]] = set()
        holds = self._holds
        by_tag, by_lower, by_dep, by_space = self.by_tag, self.by_lower, self.by_dep, self.by_space
        anywhere, regex_rules = self.anywhere, self._regex_rules
        keys = zip(*(columns[COLUMN[name]] for name in ("TAG", "LOWER", "DEP", "IS_SPACE")), strict=True)
        for start, (tag, lower, dep, space) in enumerate(keys):
            for rules in (
                by_tag.get(tag),
                by_lower.get(lower),
                by_dep.get(dep),
                by_space.get(space),
                regex_rules(lower),
                anywhere,
            ):
                if rules:
                    for rule in rules:
                        if rule.by_lookup or holds(rule, columns, start, length):
                            found.add((rule.index, rule.key, start, start + len(rule.tokens)))
        return sorted(found)


def install_fast_matcher(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the fast matcher; False (spaCy's kept) if it does not apply."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    patterns = ruler.patterns
    strings = nlp.vocab.strings
    try:
        matcher = FastAttributeMatcher(patterns, lambda index: strings.add(str(index)), strings)
    except Unsupported as exc:
        log.info("attribute ruler keeps spaCy's matcher: a pattern is not a plain token test (%s)", exc)
        return False
    ruler.match = matcher  # type: ignore[method-assign]
    return True
