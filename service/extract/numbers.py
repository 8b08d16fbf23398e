"""Quantities as news writes them: "2,345", "Eighty-eight", "1.2 million", "dozens", "at least 40".

`QUANTITY` finds candidate quantity phrases; `parse_quantity` turns one match into a `Quantity`.
Vague words give a lower bound flagged approximate, after ACLED's coding conventions: "scores" is 20,
"thousands" 1,000. Two exceptions: "hundreds" is 200, the plural's literal lower bound, because the
project's seed fixture forbids the count 100 for the seed's "left hundreds dead" (and ACLED's 100 is itself
a floor convention, not a reading of the word); "dozens" is 24, the plural's literal lower bound and the
casualty labelling guide's best integer for it (rule 7: several = 3, dozens = 24, hundreds = 200).
We evaluated the PyPI number-word parsers
(word2number, number-parser, numerizer, text2num): each handles the plain words but none the vague
quantities, qualifiers or "a dozen"/"half a million", and their greedy matching of "a"/"one" needs the
same guarding we do here, so a 100-line grammar that we fully control won out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

#: Vague quantities -> lower bound (ACLED: scores 20 = one score; dozens and hundreds: see module doc).
VAGUE = {
    "a dozen": 12,
    "dozen": 12,
    "two dozen": 24,
    "three dozen": 36,
    "dozens": 24,
    "scores": 20,
    "hundreds": 200,
    "thousands": 1_000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "millions": 1_000_000,
    "several": 3,
    "a handful": 3,
    "a few": 2,
    "half a million": 500_000,
    "a hundred": 100,
    "a thousand": 1_000,
}

#: Qualifiers that make a figure approximate; the value says whether it bounds from below ("min"),
#: from above ("max") or is a rough estimate ("about").
QUALIFIERS = {
    "at least": "min",
    "more than": "min",
    "over": "min",
    "well over": "min",
    "just over": "min",
    "in excess of": "min",
    "upwards of": "min",
    "no fewer than": "min",
    "no less than": "min",
    "nearly": "about",
    "almost": "about",
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "close to": "about",
    "estimated": "about",
    "up to": "max",
    "as many as": "max",
    "at most": "max",
    "fewer than": "max",
    "less than": "max",
    "just under": "about",
    "a total of": "exact",
    "all": "exact",
}

#: Larger numbers in news are money, populations or data sizes, never victims.
MAX_COUNT = 100_000_000

_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", "thousand", "million", "billion"], key=len, reverse=True))
_NUMBER_WORDS = rf"(?:{_WORD})(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{_WORD}))*"
_DIGITS = r"\d{1,3}(?:, ?\d{3}){1,4}(?![\d,]\d)|\d{1,12}(?:\.\d{1,6})?(?![\d.]\d|\d)"
_SCALE = r"(?:\s*(?:million|billion|thousand|m\b|bn\b))"
_VAGUE = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in VAGUE), key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(q).replace(r"\ ", r"\s+") for q in QUALIFIERS), key=len, reverse=True))

#: One quantity phrase: optional qualifier, then a vague word, digits (with scale) or number words.
QUANTITY = re.compile(
    # a hyphen before the number only as a range's upper end after digits ("35-45 people"), never "-5" or "X-5"
    rf"(?<![\w$£€.,])(?<![^\d]-)(?<!^-)(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?P<num>(?P<vague>{_VAGUE})\b(?:\s+of\b)?|(?P<digits>{_DIGITS}){_SCALE}?|(?:a\s+)?(?P<words>{_NUMBER_WORDS})\b)"
    r"(?![\w%]|-(?!\s|\d)|\s*(?:%|percent\b|per\s*cent\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed quantity phrase: `value` is the lower bound where the text only gives one."""

    value: int
    approximate: bool
    unbounded: bool
    qualifier: str | None
    vague: bool
    upper: int | None = None  # set for ranges: "six to 30", "between 10 and 20"


class NumberParser(Protocol):
    """Anything that turns a `QUANTITY` match into a `Quantity` (or None when it is not a count)."""

    def __call__(self, match: re.Match[str]) -> Quantity | None:
        """Parse one match."""
        ...


def words_to_int(text: str) -> int | None:
    """Parse English number words.

    Examples:
        >>> words_to_int("Eighty-eight")
        88
        >>> words_to_int("two hundred and fifty thousand")
        250000

    """
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if word in ("and", "a", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits_to_int(digits: str, scale_text: str) -> int | None:
    scale_word = scale_text.strip().lower()
    factor = {"million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9, "thousand": 1000}.get(scale_word, 1)
    number = float(digits.replace(",", "").replace(" ", ""))
    if factor == 1 and "." in digits:
        return None  # "7.8", "5.25": magnitudes and rates, never a head count
    return int(round(number * factor))


def parse_quantity(match: re.Match[str]) -> Quantity | None:
    """Turn a `QUANTITY` match into a `Quantity`; None for things that are not counts."""
    qualifier = match.group("qual")
    qualifier_norm = re.sub(r"\s+", " ", qualifier.lower()) if qualifier else None
    vague_text = match.group("vague")
    if vague_text:
        value = VAGUE[re.sub(r"\s+", " ", vague_text.lower())]
        exact_vague = vague_text.lower() in (
            "a dozen",
            "dozen",
            "two dozen",
            "three dozen",
            "half a million",
            "a hundred",
            "a thousand",
        )
        return Quantity(
            value,
            True,
            not exact_vague or QUALIFIERS.get(qualifier_norm or "") == "min",
            qualifier_norm,
            not exact_vague,
        )
    if match.group("digits"):
        scale = match.group("num")[len(match.group("digits")) :]
        parsed = _digits_to_int(match.group("digits"), scale)
    else:
        words = match.group("words").lower()
        if words.split()[0].split("-")[0] in _SCALES and not match.group("num").lower().startswith("a"):
            return None  # a bare "million" ("$2.5 million") is the tail of something else
        parsed = words_to_int(words)
    if parsed is None or parsed > MAX_COUNT:
        return None
    bound = QUALIFIERS.get(qualifier_norm or "")
    approximate = bound in ("min", "max", "about")
    return Quantity(parsed, approximate, bound == "min", qualifier_norm, False)
