"""Casualty figures and totals. One entry point: `CasualtyExtractor.extract` -> `CasualtyReport`.

Three rule families, one module each:

- `counts`: number grammar, figures stated as counts ("at least 40 people were killed", "kills 3,
  wounds 14", "no one was hurt");
- `victims`: victim phrases, one named or described person linked to a fate ("Luis Ortega, 40, died"),
  merged into distinct people across title and body;
- `totals`: aggregation of both into the article's incident totals (semantics in `docs/casualties.md`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from service.extract.casualties.counts import CountRules, PlaceMention
from service.extract.casualties.totals import casualty_totals
from service.extract.casualties.victims import PersonMention, Victim, VictimRules, reports_a_death
from service.extract.numbers import NumberParser, parse_quantity
from service.extract.types import CasualtyFigure, CasualtyKind, CasualtyTotal


@dataclass(frozen=True, slots=True)
class CasualtyReport:
    """Everything the casualty rules found in one article."""

    figures: tuple[CasualtyFigure, ...]
    totals: dict[CasualtyKind, CasualtyTotal | None]
    victims: tuple[Victim, ...]


class CasualtyExtractor:
    """Counted figures, victims and totals of one parsed document."""

    def __init__(self, parse: NumberParser = parse_quantity) -> None:
        self.counts = CountRules(parse)
        self.victims = VictimRules()

    def extract(
        self,
        doc: Doc,
        places: Sequence[PlaceMention] = (),
        people: Sequence[PersonMention] = (),
        not_people: Sequence[tuple[int, int]] = (),
        text: str | None = None,
    ) -> CasualtyReport:
        """Figures (counted, then one per victim not already counted), victims and totals of `doc`.

        `people`: the person mentions with their canonical names; `not_people`: spans of other named
        entities (organisations), never read as a victim's name; `text`: `doc.text` when the caller has it
        (Doc.text re-joins every token on each access).
        """
        text = doc.text if text is None else text
        figures = self.counts.extract(doc, places, text)
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        people = sorted(people, key=lambda p: p.start)
        others = [(p.start, p.end) for p in places] + list(not_people)
        victims = self.victims.resolve(self.victims.mentions(text, sentences, people, others))
        totals = casualty_totals(figures, text, victims, fatal=reports_a_death(text, sentences))
        figures = self._with_victims(figures, victims, text, places)
        return CasualtyReport(tuple(figures), totals, tuple(victims))

    @staticmethod
    def _with_victims(
        figures: list[CasualtyFigure], victims: Sequence[Victim], text: str, places: Sequence[PlaceMention]
    ) -> list[CasualtyFigure]:
        """One figure per victim: a counted singular figure on the same phrase becomes that victim's."""
        out = list(figures)
        for victim in victims:
            mention = victim.deciding
            figure = CasualtyFigure(
                kind=victim.kind,
                count_min=1,
                count_max=1,
                approximate=False,
                qualifier=None,
                group=victim.noun,
                text=text[mention.start : mention.end],
                start=mention.start,
                end=mention.end,
                sentence_start=mention.sentence_start,
                place=CountRules.place(places, mention.sentence_start, mention.end, mention.start),
                basis="victim",
                victims=(victim.name,) if victim.name else (),
                perpetrator=victim.perpetrator,
            )
            same = next(
                (
                    i
                    for i, f in enumerate(out)
                    if f.count_min == 1
                    and f.kind == victim.kind
                    and f.part_of is None
                    and f.start < mention.end
                    and mention.start < f.end
                ),
                None,
            )
            if same is not None:
                out[same] = replace(out[same], basis="victim", victims=figure.victims, perpetrator=victim.perpetrator)
            else:
                out.append(figure)
        return out


__all__ = ["CasualtyExtractor", "CasualtyReport", "PersonMention", "PlaceMention", "casualty_totals"]
