"""Aggregation: the article's casualty totals from its counted figures and its distinct victims.

Semantics (the project's labelling guide, `docs/casualties.md`): the people killed / injured in the
incident(s) the article reports as news. Per kind:

- the largest current, top-level counted figure ("Three men were shot"): tolls are updated upward and
  headlines restate the body, so figures of one incident are never added; sub-groups ("including 31
  children") and background figures (a year before the figure, an earlier or separate incident, a
  statistic) are left out;
- the number of distinct victims the victim rules resolved (named or described people, one per person
  across title and body, perpetrators included);
- the total is the larger of the two. A "shot" count ("two men were shot, one fatally") counts
  everyone hit, so the killed are taken out of it before it competes as an injured total.

`approximate` is set when the figure behind the total is approximate, or when the stated count and the
people the article describes disagree (more described victims than the stated count).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.extract.casualties.grammar import alternation
from service.extract.casualties.victims import Victim, is_background
from service.extract.types import CASUALTY_KINDS, CasualtyFigure, CasualtyKind, CasualtyTotal

_HIT_ONLY = re.compile(r"\bshot\b", re.IGNORECASE)
_HARMED = re.compile(alternation("cue.harmed"), re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: A year after these words does not date the figure ("since 2010" is checked as a statistic elsewhere).
_YEAR_OK_BEFORE = re.compile(rf"\b{alternation('cue.figure_year_ok')}\s+(?:\w+\s+)?$", re.IGNORECASE)


#: How far back in its sentence a figure looks for a year that dates it (bounds the work on run-on text).
_DATING_WINDOW = 300


def is_background_figure(figure: CasualtyFigure, doc_text: str) -> bool:
    """A figure about an earlier event or a statistic, judged from its sentence up to the figure.

    Only the last `_DATING_WINDOW` characters before the figure are read, which bounds the work on a
    run-on "sentence" of thousands of figures.
    """
    head = doc_text[max(figure.sentence_start, figure.start - _DATING_WINDOW) : figure.start]
    for year in _YEAR.finditer(head):
        if not _YEAR_OK_BEFORE.search(head[: year.start()]):
            return True
    return is_background(head + doc_text[figure.start : figure.end])


def _alive(figure: CasualtyFigure, dead: int) -> tuple[int, int | None]:
    """An injured figure less the `dead`, if it is a plain "shot" count ("two men were shot, one fatally")."""
    if dead and _HIT_ONLY.search(figure.text) and not _HARMED.search(figure.text):
        return (
            max(figure.count_min - dead, 0),
            max(figure.count_max - dead, 0) if figure.count_max is not None else None,
        )
    return figure.count_min, figure.count_max


def casualty_totals(
    figures: Sequence[CasualtyFigure], doc_text: str, victims: Sequence[Victim] = (), fatal: bool = False
) -> dict[CasualtyKind, CasualtyTotal | None]:
    """Totals per kind (None where the article gives nothing of that kind); see the module docstring.

    `fatal`: the article calls its incident fatal ("a deadly shooting"); if no death is stated, the
    first victim only said to be "shot" is taken as the one who died.
    """
    totals: dict[CasualtyKind, CasualtyTotal | None] = dict.fromkeys(CASUALTY_KINDS)
    current = [f for f in figures if f.part_of is None and f.basis == "count" and not is_background_figure(f, doc_text)]
    victims = list(victims)
    if (
        fatal
        and not any(v.kind == "killed" for v in victims)
        and not any(f.kind == "killed" and f.count_min for f in current)
    ):
        first = next((v for v in victims if v.hit_only), None)
        if first is not None:
            first.died = True
    killed_people = 0
    for kind in CASUALTY_KINDS:
        people = [v for v in victims if v.kind == kind]
        if kind == "injured" and killed_people:
            # People only said to be "shot" are among the dead while the stated toll has room for them.
            room = killed_people - sum(v.kind == "killed" for v in victims)
            for victim in [v for v in people if v.hit_only][: max(room, 0)]:
                people.remove(victim)
        pool = [f for f in current if f.kind == kind]

        dead = killed_people if kind == "injured" else 0
        best = max(pool, key=lambda f: (_alive(f, dead)[0], not f.approximate)) if pool else None
        count, count_max = _alive(best, dead) if best else (0, 0)
        approximate = best.approximate if best else False
        if len(people) > count:
            approximate = approximate or (best is not None and best.count_min > 0)
            count, count_max = len(people), len(people)
        if best is None and not people:
            continue
        if count == 0 and not people and not any(f.count_min == 0 for f in pool):
            continue  # the only figure was a "shot" count that the dead used up: nothing of this kind
        if kind == "killed":
            killed_people = count
        named = tuple(dict.fromkeys(v.name for v in people if v.name))
        totals[kind] = CasualtyTotal(
            count, count_max, approximate, victims=named, perpetrators=sum(v.perpetrator for v in people)
        )
    return totals


__all__ = ["casualty_totals", "is_background_figure"]
