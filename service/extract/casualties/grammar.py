r"""The casualty lexicon, loaded once, and the pattern builders every casualty rule is made with.

The words live in `lexicon/*.json`, one file per concept (fates, people, fillers, cues, exclusions):
a list of entries `{"id", "forms", "note"?}`. A form is a regular-expression fragment in which a
literal space stands for any run of whitespace (`"gunned down"` matches "gunned\n down"); most forms
are plain words. Adding a word to an entry is the one edit that makes every rule built from that entry
read it, and the pre-filters and first-letter look-aheads follow, because they are derived here from the
same forms (`stems`, `led`).

The loader refuses an unknown key, an id used twice, an id that does not start with its file's concept
(`fates.json` holds `fate.*`), a form listed twice in one entry, a form that does not compile and a form
with a capturing group (rules name their own groups).

>>> "gunned down" in LEXICON["fate.killed.phrase"].forms
True
>>> bool(re.fullmatch(alternation("fate.killed.phrase"), "gunned\n down"))
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from service.errors import ServiceError

#: File stem -> the prefix every id in it carries.
_CONCEPTS = {"fates": "fate.", "people": "person.", "fillers": "filler.", "cues": "cue.", "exclusions": "exclusion."}
_KEYS = {"id", "forms", "note"}


class LexiconError(ServiceError):
    """The casualty lexicon data is malformed (raised at import: a bad edit fails every test at once)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon concept: its id, its surface forms (regex fragments) and why it exists."""

    id: str
    forms: tuple[str, ...]
    note: str = ""


#: An age adjective: "16-year-old", "16 year old" and, in tokenised wire text, "16 - year - old".
YEAR_OLD = r"(?:\s?-\s?|\s)year(?:\s?-\s?|\s)old"


def _to_regex(form: str) -> str:
    return form.replace(" ", r"\s+")


def load_lexicon(files: dict[str, str] | None = None) -> dict[str, Entry]:
    """Every entry by id. `files`: {stem: JSON text}; default the package's `lexicon/*.json`."""
    if files is None:
        folder = resources.files(__package__) / "lexicon"
        files = {
            p.name.removesuffix(".json"): p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".json")
        }
    entries: dict[str, Entry] = {}
    for stem, raw in sorted(files.items()):
        prefix = _CONCEPTS.get(stem)
        if prefix is None:
            raise LexiconError(f"lexicon/{stem}.json: unknown concept file (known: {', '.join(_CONCEPTS)})")
        for item in json.loads(raw):
            unknown = set(item) - _KEYS
            if unknown or "id" not in item or "forms" not in item:
                raise LexiconError(f"lexicon/{stem}.json: entry {item.get('id')!r}: keys must be {sorted(_KEYS)}")
            entry_id = item["id"]
            if not entry_id.startswith(prefix):
                raise LexiconError(f"lexicon/{stem}.json: id {entry_id!r} must start with {prefix!r}")
            if entry_id in entries:
                raise LexiconError(f"lexicon: duplicate id {entry_id!r}")
            forms = tuple(item["forms"])
            if not forms or not all(isinstance(f, str) and f for f in forms):
                raise LexiconError(f"lexicon: {entry_id}: forms must be non-empty strings")
            if len(set(forms)) != len(forms):
                twice = sorted({f for f in forms if forms.count(f) > 1})
                raise LexiconError(f"lexicon: {entry_id}: forms listed twice: {twice}")
            for form in forms:
                try:
                    compiled = re.compile(_to_regex(form))
                except re.error as exc:
                    raise LexiconError(f"lexicon: {entry_id}: form {form!r} does not compile: {exc}") from exc
                if compiled.groups:
                    raise LexiconError(f"lexicon: {entry_id}: form {form!r} has a capturing group; use (?:...)")
            entries[entry_id] = Entry(entry_id, forms, item.get("note", ""))
    return entries


LEXICON = load_lexicon()
#: Ids read by the builders (filled as rules are built; a test checks that every entry is read).
USED: set[str] = set()


def forms(*ids: str) -> list[str]:
    """The forms of the entries `ids`, in order, each once."""
    out: dict[str, None] = {}
    for entry_id in ids:
        entry = LEXICON.get(entry_id)
        if entry is None:
            raise LexiconError(f"no lexicon entry {entry_id!r}")
        USED.add(entry_id)
        out.update(dict.fromkeys(entry.forms))
    return list(out)


def alternation(*ids: str) -> str:
    r"""A non-capturing alternation of the entries' forms, longest first so the longest form wins.

    Neighbouring forms that start with a word boundary share one (`\b(?:a|b)` for `\ba|\bb`: the same
    matches, tried in the same order), so that inside a word the engine gives up after one test, not one
    per form.
    """
    branches: list[str] = []
    bounded: list[str] = []  # the current run of forms led by \b, without it
    for form in sorted(forms(*ids), key=len, reverse=True):
        regex = _to_regex(form)
        if _starts_at_boundary(regex):
            bounded.append(regex[2:])
            continue
        branches += _shared_boundary(bounded)
        bounded = []
        branches.append(regex)
    branches += _shared_boundary(bounded)
    return "(?:" + "|".join(branches) + ")"


def _starts_at_boundary(regex: str) -> bool:
    r"""`regex` is `\b` and then a sequence (a top-level "|" parses as one branch, never as `\b` first)."""
    if not regex.startswith("\\b"):
        return False
    code = sre_parse.parse(regex).data
    return bool(code) and code[0] == (sre_constants.AT, sre_constants.AT_BOUNDARY)


def _shared_boundary(bounded: list[str]) -> list[str]:
    if len(bounded) < 2:
        return ["\\b" + b for b in bounded]
    return ["\\b(?:" + "|".join(bounded) + ")"]


def words(*ids: str) -> frozenset[str]:
    """The entries' forms as a set of lower-case words (for token tests, not regexes)."""
    return frozenset(f.lower() for f in forms(*ids))


# -- derived pre-filters --------------------------------------------------------------------------

#: A stem longer than this buys little: the pre-filter only has to be a superset of the rule.
_STEM_CHARS = 5
_DIGIT = "\\d"
_SPACES = "\\s+"


#: How many leading characters the analysis follows (enough for stems and first letters).
_HEAD_CHARS = 8


def _heads(code: list[tuple[Any, Any]], fold: bool) -> set[tuple[tuple[str, ...], bool]]:
    r"""Every way a match of the parsed pattern `code` can start: (leading characters, whole match?).

    A "character" is a letter (lower-cased when `fold`), a punctuation character or `\d`. Where the
    analysis cannot follow (any character, a large class, a back-reference), the head stops there,
    incomplete; an empty incomplete head means "may start with anything".
    """
    heads: set[tuple[tuple[str, ...], bool]] = {((), True)}
    for op, av in code:
        open_heads = {h for h, complete in heads if complete and len(h) < _HEAD_CHARS}
        if not open_heads:
            break
        done = {(h, c) for h, c in heads if (h, c) not in {(o, True) for o in open_heads}}
        nxt: set[tuple[tuple[str, ...], bool]] | None = None
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero-width: \\b, look-arounds
        if op is sre_constants.LITERAL:
            char = chr(av)
            nxt = {((char.lower() if fold else char,), True)}
        elif op is sre_constants.IN:
            nxt = _class_heads(av, fold)
        elif op is sre_constants.BRANCH:
            nxt = set()
            for branch in av[1]:
                nxt |= _heads(list(branch), fold)
        elif op is sre_constants.SUBPATTERN:
            nxt = _heads(list(av[-1]), fold)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and _is_spaces(av):
            nxt = {((_SPACES,), True)}  # "\\s+": one token, so "in critical" keeps both words
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, item = av
            nxt = {(h, c and high == 1) for h, c in _heads(list(item), fold)}
            if low == 0:
                nxt.add(((), True))
        if nxt is None:  # cannot follow: every open head stops here
            return done | {(h, False) for h in open_heads}
        heads = done | {(h + n, c) for h in open_heads for n, c in nxt}
    return heads


def _is_spaces(repeat: Any) -> bool:
    low, high, item = repeat
    return bool(
        low == 1
        and high == sre_constants.MAXREPEAT
        and list(item) == [(sre_constants.IN, [(sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE)])]
    )


def _class_heads(items: list[tuple[Any, Any]], fold: bool) -> set[tuple[tuple[str, ...], bool]] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(av).lower() if fold else chr(av))
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT:
            chars.add(_DIGIT)
        elif op is sre_constants.RANGE and av[1] - av[0] < 26:
            chars.update(chr(c).lower() if fold else chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return {((c,), True) for c in chars}


def _pattern_heads(pattern: str) -> set[tuple[str, ...]]:
    heads = _heads(list(sre_parse.parse(pattern, re.IGNORECASE)), fold=True)
    if any(not h for h, _ in heads):
        raise LexiconError(f"cannot tell how {pattern[:60]!r} starts: lead it with a word")
    return {h for h, _ in heads}


def stems(*ids: str) -> re.Pattern[str]:
    """A cheap pre-filter: matches wherever any form of the entries could (a superset), case-insensitive.

    Each form contributes its possible leading letters (up to `_STEM_CHARS`), so a new form is covered
    without anyone writing a stem for it.
    """
    found: set[tuple[str, ...]] = set()
    for form in forms(*ids):
        for head in _pattern_heads(_to_regex(form)):
            found.add(head[:_STEM_CHARS])
    # A stem that extends another stem is implied by it.
    kept = [s for s in found if not any(o != s and s[: len(o)] == o for o in found)]
    # As a trie ("de(?:ad|ath)", not "dead|death"): the engine tries the alternatives one by one at each
    # position, and a flat list of a hundred stems cost a millisecond per article (measured: 3.5x less).
    return led(re.compile(_trie(kept), re.IGNORECASE))


def _trie(heads: list[tuple[str, ...]]) -> str:
    """A prefix-free set of heads as one regex that matches exactly where one of them does."""
    children: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        children.setdefault(head[0], []).append(head[1:])
    branches = []
    for first, rests in sorted(children.items()):
        token = first if first in (_DIGIT, _SPACES) else re.escape(first)
        if rests == [()]:
            branches.append(token)
        else:  # prefix-free: a head that ends here has no longer sibling
            branches.append(token + _trie(rests))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def first_letters(pattern: re.Pattern[str]) -> str:
    """The character class body of every character a match of `pattern` can start with ("" if unknown)."""
    heads = _heads(list(sre_parse.parse(pattern.pattern, pattern.flags)), fold=bool(pattern.flags & re.IGNORECASE))
    if any(not h for h, _ in heads):
        return ""
    chars = {h[0] for h, _ in heads}
    body = "".join(sorted(c for c in chars if len(c) == 1 and c.isalpha()))
    body += "".join(sorted(re.escape(c) for c in chars if len(c) == 1 and not c.isalpha()))
    return body + (_DIGIT if _DIGIT in chars else "") + ("\\s" if _SPACES in chars else "")


#: Heads at least this long make a selective look-ahead: "kille", "shot\s+", not "a\s+" or a digit.
_SELECTIVE_HEAD = 4
#: ... or when there are this many heads and every match starts at a word boundary (see `led`).
_MANY_HEADS = 8


def led(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""`pattern` led by a look-ahead on its possible first characters, derived from the pattern itself.

    Python's engine has no first-character skip for a case-insensitive alternation; the look-ahead costs
    one set test at most positions. When every match starts with a word of four characters or more
    ("killing", "both"), a second look-ahead, the trie of those heads (`stems`), turns most word starts
    away before the alternation is tried (measured: 2-3x faster on the object and pair rules); when every
    match starts at a word boundary, `\b` is tested before the trie, which then pays with many short heads
    too. Matches, groups included, are the same. A pattern whose start cannot be told (e.g. one led by a
    look-behind that may match anything) is returned unchanged.
    """
    body = first_letters(pattern)
    if not body:
        return pattern
    code = list(sre_parse.parse(pattern.pattern, pattern.flags))
    heads = {h[:_STEM_CHARS] for h, _ in _heads(code, fold=bool(pattern.flags & re.IGNORECASE))}
    kept = [h for h in heads if not any(o != h and h[: len(o)] == o for o in heads)]
    selective = all(len(h) >= _SELECTIVE_HEAD for h in heads)
    if _at_boundary(code) and (selective or len(kept) >= _MANY_HEADS):
        # Every match starts at a word boundary: tested first, the trie runs at word starts only. There a
        # long alternation's trie pays even with short heads ("in\s+", "\d"; measured 4x on the background
        # cues), while a few short ones ("a\s+", "the\s+") cost more than they turn away (measured 1.2x slower).
        return re.compile(f"(?=[{body}])\\b(?={_trie(kept)})(?:{pattern.pattern})", pattern.flags)
    if selective:
        return re.compile(f"(?=[{body}])(?={_trie(kept)})(?:{pattern.pattern})", pattern.flags)
    return re.compile(f"(?=[{body}])(?:{pattern.pattern})", pattern.flags)


def _at_boundary(code: list[tuple[Any, Any]]) -> bool:
    r"""Whether every match of the parsed pattern `code` starts with `\b` (through groups and alternatives)."""
    if not code:
        return False
    op, av = code[0]
    if op is sre_constants.AT:
        return bool(av is sre_constants.AT_BOUNDARY)
    if op is sre_constants.SUBPATTERN:
        return _at_boundary(list(av[-1]))
    if op is sre_constants.BRANCH:
        return all(_at_boundary(list(branch)) for branch in av[1])
    return False


__all__ = [
    "YEAR_OLD",
    "LEXICON",
    "Entry",
    "LexiconError",
    "alternation",
    "first_letters",
    "forms",
    "led",
    "load_lexicon",
    "stems",
    "words",
]
