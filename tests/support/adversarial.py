"""Adversarial article bodies, one or more per class of input that has frozen or bloated workers elsewhere.

Shared by `tests/integration/test_poison.py`, `tests/test_extraction_bounds.py` (Hypothesis draws
from `FRAGMENTS`) and `bench/poison.py`. Everything is generated here: no corpus file is read.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "service" / "samples" / "articles.jsonl"

_TOWNS = ("Homs", "Idlib", "Aleppo", "Hama", "Daraa", "Raqqa", "Mosul", "Kabul", "Gaza", "Kharkiv")
_FIRST = ("Ahmed", "Maria", "John", "Olga", "Wei", "Fatima", "Pierre", "Aisha", "Ivan", "Lucia", "Kofi", "Mei")
_LAST = ("Haddad", "Garcia", "Smith", "Petrova", "Zhang", "Khan", "Dubois", "Okafor", "Ivanov", "Rossi", "Mensah")

#: Pieces that stress one rule each, repeated to build bodies (and drawn by Hypothesis).
FRAGMENTS = (
    "43 killed in Homs. ",
    "one hundred and one hundred and one hundred and ",
    "tens of thousands of hundreds of millions of dozens of ",
    "killed killed injured missing dead wounded ",
    "at least 12, including 3 children, 4 women and 5 men of whom 2 were ",
    "999999999999999999999999999999999999999999 people were killed ",
    "1e308 1,000,000,000,000,000,000,000 -0.000000001 ",
    "(((((((((( [[[[[[ {{{{{ ",
    "<tr><td>Aleppo</td><td>12 killed</td><td>3 injured</td></tr>",
    "\u200d\u200b\u202e\u2066\ufeff\u0301\u0301\u0301\u0301e\u0308\u0308\u0308 ",
    "\U0001f600\U0001f4a5\U0001f1fa\U0001f1e6 ",
    "Mr. Dr. St. U.S.A. e.g. i.e. No. 5 ",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "..............................,,,,,,,,,,;;;;;;;;;;----------",
    "\n\n\n\t\t\t   \r\n",
    "President Ahmed Haddad met Maria Garcia of the United Nations in Geneva. ",
)


def ordinary_articles() -> list[dict[str, str]]:
    """The repository's sample articles (Wikipedia Current Events sections, CC BY-SA; see service/samples)."""
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _fill(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def adversarial_bodies(max_body_chars: int = 990_000, scale: float = 1.0) -> dict[str, str]:
    """{name: body}: every class of hostile input, sized by `scale` (1.0 = the sizes seen in production).

    The largest stays under `max_body_chars` (valid input, under MAX_BODY_BYTES).
    """
    rng = random.Random(10)
    big = min(int(990_000 * scale), max_body_chars)
    mid = int(200_000 * scale)
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{i}" for i in range(5000)]
    return {
        # The record: ~1 MB of short sentences, each with a casualty figure.
        "casualty-list": " ".join(f"{rng.randint(1, 99)} killed in {rng.choice(_TOWNS)}." for _ in range(big // 18))[
            :big
        ],
        "thousands-of-entities": " ".join(f"{name} met {rng.choice(names)} in {rng.choice(_TOWNS)}." for name in names)[
            :mid
        ],
        "number-grammar": _fill(FRAGMENTS[1] + FRAGMENTS[2], mid // 2) + " people were killed.",
        "huge-numbers": _fill(FRAGMENTS[5] + FRAGMENTS[6], mid // 4) + "9" * 20_000 + " were injured.",
        "one-enormous-sentence": _fill("and the crowd in Kabul grew as the officials said nothing ", mid),
        "one-enormous-token": _fill("a", mid // 2),
        "punctuation-runs": _fill(FRAGMENTS[7] + FRAGMENTS[13], mid // 2),
        "odd-unicode": _fill(FRAGMENTS[9] + FRAGMENTS[10] + "Kyiv \u0000 ", mid // 4),
        "markup-table": "<html><body><table>" + _fill(FRAGMENTS[8], mid) + "</table></body></html>",
        "repeated-paragraph": _fill(
            "Five people were killed and 12 injured when a bus crashed near Lyon, police said on Monday. ", mid
        ),
        "whitespace-and-newlines": "Floods hit Dhaka." + _fill(FRAGMENTS[14], mid // 4) + "Three died.",
    }
