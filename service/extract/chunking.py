"""Long bodies in pieces: bounded memory per spaCy Doc, exact offsets, a time budget checked between pieces.

One spaCy Doc over 200,000 characters of a casualty list peaked at 994 MB RSS (244 MB in pieces);
cut into pieces of at most `PIECE_CHARS` characters, memory is bounded by one piece and the
results. Pieces end at a paragraph break, else a sentence end, else whitespace, so a sentence is
cut only when it alone is longer than a piece. Each piece is extracted as if it were an article; the
results are shifted by the piece's start and merged: entities and places with the same name become
one (mentions in text order, the highest salience of any piece), casualty figures are concatenated
(`part_of` re-indexed) and the headline totals are computed once over the whole text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from service.errors import ExtractionTimeout
from service.extract.types import CasualtyFigure, Entity, Extraction, Mention, Place

#: Longest piece given to spaCy in one Doc (characters). 20,000 characters (~4,000 tokens, four long
#: news articles) keep one extraction process under ~300 MB with en_core_web_sm while leaving the
#: context of a paragraph intact; smaller pieces only add per-Doc overhead.
PIECE_CHARS = 20_000

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?。]['\")\]]?\s")
_SPACE = re.compile(r"\s")


def split_points(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text` exactly, each at most `limit` characters.

    Examples:
        >>> split_points("One. Two. Three.", 10)
        [(0, 10), (10, 16)]

    """
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = (
            _last_match_end(_PARAGRAPH, window)
            or _last_match_end(_SENTENCE_END, window)
            or _last_match_end(_SPACE, window)
            or limit
        )
        pieces.append((start, start + cut))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, len(text)))
    return pieces


def _last_match_end(pattern: re.Pattern[str], window: str) -> int:
    """End of the last match in the second half of `window` (0 if none): pieces never get tiny."""
    end = 0
    for match in pattern.finditer(window, len(window) // 2):
        end = match.end()
    return end


def extract_in_pieces(
    text: str,
    extract_pieces: Callable[[Sequence[str]], Iterable[Extraction]],
    deadline: float | None = None,
    limit: int = PIECE_CHARS,
) -> Extraction:
    """Extract `text` piece by piece with `extract_pieces` and merge the results (offsets into `text`).

    Raises:
        ExtractionTimeout: when `time.monotonic()` passes `deadline` between two pieces.

    """
    points = split_points(text, limit)
    results: list[tuple[int, Extraction]] = []
    for (start, end), extraction in zip(points, extract_pieces([text[a:b] for a, b in points]), strict=True):
        results.append((start, extraction))
        if deadline is not None and time.monotonic() > deadline and end < len(text):
            raise ExtractionTimeout(
                f"extraction stopped after {end} of {len(text)} characters: over the time budget "
                "(EXTRACT_TIME_BUDGET_S)"
            )
    return merge(results, text)


def _shift(mentions: Iterable[Mention], offset: int) -> list[Mention]:
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in mentions]


def merge(results: Sequence[tuple[int, Extraction]], text: str) -> Extraction:
    """One `Extraction` from per-piece results, each given with its piece's start offset in `text`."""
    # Imported here: the stream's own process imports this module for PIECE_CHARS and must not pay for
    # building the casualty grammar (seconds of CPU) that only extraction processes use.
    from service.extract.casualties import casualty_totals

    people: dict[str, Entity] = {}
    organisations: dict[str, Entity] = {}
    places: dict[str, Place] = {}
    figures: list[CasualtyFigure] = []
    for offset, extraction in results:
        for target, entities in ((people, extraction.people), (organisations, extraction.organisations)):
            for entity in entities:
                shifted = _shift(entity.mentions, offset)
                known = target.get(entity.name)
                # `replace` keeps every other field (a person's `title`); the first piece's title wins.
                target[entity.name] = (
                    replace(entity, mentions=tuple(shifted))
                    if known is None
                    else replace(
                        known,
                        mentions=known.mentions + tuple(shifted),
                        salience=max(known.salience, entity.salience),
                        title=known.title if known.title is not None else entity.title,
                    )
                )
        for place in extraction.places:
            shifted = _shift(place.mentions, offset)
            known_place = places.get(place.name)
            places[place.name] = (
                replace(place, mentions=tuple(shifted))
                if known_place is None
                else replace(
                    known_place,
                    mentions=known_place.mentions + tuple(shifted),
                    salience=max(known_place.salience, place.salience),
                )
            )
        base = len(figures)
        for figure in extraction.casualties:
            figures.append(
                replace(
                    figure,
                    start=figure.start + offset,
                    end=figure.end + offset,
                    sentence_start=figure.sentence_start + offset,
                    part_of=None if figure.part_of is None else figure.part_of + base,
                )
            )

    def ranked(items: Iterable[Entity]) -> tuple[Entity, ...]:
        return tuple(sorted(items, key=lambda e: (-e.salience, e.mentions[0].start)))

    return Extraction(
        people=ranked(people.values()),
        organisations=ranked(organisations.values()),
        places=tuple(sorted(places.values(), key=lambda p: (-p.salience, p.mentions[0].start))),
        casualties=tuple(figures),
        casualty_totals=casualty_totals(figures, text),
        evidence=tuple(e for _, extraction in results for e in extraction.evidence),
    )
