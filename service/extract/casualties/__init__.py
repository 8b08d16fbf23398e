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

from service.extract.casualties import counts as count_rules
from service.extract.casualties import victims as victim_rules
from service.extract.casualties.counts import CountRules, CountTrace, PlaceMention, casualty_sentences
from service.extract.casualties.totals import TotalsTrace, casualty_totals
from service.extract.casualties.victims import PersonMention, Victim, VictimRules, reports_a_death
from service.extract.numbers import NumberParser, parse_quantity
from service.extract.types import CasualtyFigure, CasualtyKind, CasualtyTotal


@dataclass(frozen=True, slots=True)
class CasualtyReport:
    """Everything the casualty rules found in one article."""

    figures: tuple[CasualtyFigure, ...]
    totals: dict[CasualtyKind, CasualtyTotal | None]
    victims: tuple[Victim, ...]
    #: With `explain=True`: the rule id of each figure (a victim's figure: its deciding mention's rule),
    #: the numbers a filter dropped, each figure's fate and what each total summed; else None.
    explanation: Explanation | None = None
    #: The kinds whose total was read from the article's title (`with_title`): the body states none.
    from_title: tuple[CasualtyKind, ...] = ()
    #: The title's own report and text when a total was taken from it (for `--explain`).
    title: tuple[str, CasualtyReport] | None = None

    def states_more(self, kind: CasualtyKind, count: int) -> bool:
        """Whether this (title's) report states a count of `kind` larger than `count`, and its total is it.

        Rule `totals.title_count` (guide rule 7, the largest stated figure): a follow-up's body often tells
        again only some of the dead ("sentenced the man who killed four people" over a body naming two), and
        a headline's "Kills 10; 80 Hurt" holds a count the body's text hides from the rules.
        """
        total = self.totals.get(kind)
        return (
            total is not None
            and total.count_min > count
            and any(f.kind == kind and f.basis != "victim" and f.count_min == total.count_min for f in self.figures)
        )

    def with_title(self, title: str, report: CasualtyReport) -> CasualtyReport:
        """The report with the kinds its body states nothing of (or less of) taken from `report`, the title's.

        Guide rule 1: the article is its title and its body. A headline figure ("Gunman kills three at
        Ohio school") counts when no body sentence gives a figure of that kind; when the body does, the
        body's figure is the same people told in full and wins, unless the headline states a larger count
        (`states_more`, rule `totals.title_count`). The title's figures are not added to
        `figures` (their offsets would index the title, and event offsets index the body).
        """
        body_states = any(t is not None for t in self.totals.values())
        taken = tuple(
            k
            for k, t in self.totals.items()
            if (t is None or report.states_more(k, t.count_min))
            and report.totals.get(k) is not None
            # One described or named person in the title ("Victim found shot in car") may be the body's
            # victim told to the end ("... was pronounced dead"): people, not mentions. Only a stated
            # count is taken beside a body that reports a casualty of another kind.
            and not (body_states and all(f.basis == "victim" for f in report.figures if f.kind == k))
        )
        if not taken:
            return self
        totals = dict(self.totals)
        for kind in taken:
            headline = report.totals[kind]
            if headline is not None:
                totals[kind] = replace(headline, from_title=True)
        return replace(self, totals=totals, from_title=taken, title=(title, report))


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the report says what it says (`python -m service extract --explain`)."""

    rules: tuple[str, ...]
    counts: CountTrace
    totals: TotalsTrace
    sentences: tuple[tuple[int, int], ...]
    #: figure index -> index of the victim it is about (`CasualtyReport.victims`)
    of_victim: dict[int, int]


class CasualtyExtractor:
    """Counted figures, victims and totals of one parsed document."""

    def __init__(self, parse: NumberParser = parse_quantity) -> None:
        self.counts = CountRules(parse)
        self.victims = VictimRules()

    @staticmethod
    def may_report(text: str) -> bool:
        """Whether any count or victim rule could fire on `text`: the lexicon's fate words, as a pre-filter."""
        # The two modules' own pre-filters (private to this package), built from the same lexicon.
        return bool(count_rules._ANY_CUE.search(text) or victim_rules._ANY_FATE.search(text))

    def extract(
        self,
        doc: Doc,
        places: Sequence[PlaceMention] = (),
        people: Sequence[PersonMention] = (),
        not_people: Sequence[tuple[int, int]] = (),
        text: str | None = None,
        explain: bool = False,
    ) -> CasualtyReport:
        """Figures (counted, then one per victim not already counted), victims and totals of `doc`.

        `people`: the person mentions with their canonical names; `not_people`: spans of other named
        entities (organisations), never read as a victim's name; `text`: `doc.text` when the caller has it
        (Doc.text re-joins every token on each access); `explain`: also say why (`Explanation`).
        """
        text = doc.text if text is None else text
        count_trace = CountTrace() if explain else None
        totals_trace = TotalsTrace() if explain else None
        figures = self.counts.extract(doc, places, text, count_trace)
        sentences = [(s.start_char, s.end_char) for s in casualty_sentences(doc, text)]
        people = sorted(people, key=lambda p: p.start)
        others = [(p.start, p.end) for p in places] + list(not_people)
        victims = self.victims.resolve(self.victims.mentions(text, sentences, people, others))
        totals = casualty_totals(
            figures,
            text,
            victims,
            fatal=reports_a_death(text, sentences),
            trace=totals_trace,
            places=[(p.start, p.end, p.name) for p in places],
            sentences=sentences,
        )
        counted = len(figures)
        figures, of_victim = self._with_victims(figures, victims, text, places)
        explanation = None
        if count_trace is not None and totals_trace is not None:
            rules = count_trace.rules + [victims[of_victim[i]].deciding.rule for i in range(counted, len(figures))]
            explanation = Explanation(tuple(rules), count_trace, totals_trace, tuple(sentences), of_victim)
        return CasualtyReport(tuple(figures), totals, tuple(victims), explanation)

    @staticmethod
    def _with_victims(
        figures: list[CasualtyFigure], victims: Sequence[Victim], text: str, places: Sequence[PlaceMention]
    ) -> tuple[list[CasualtyFigure], dict[int, int]]:
        """One figure per victim: a counted singular figure on the same phrase becomes that victim's.

        Also returns, for each figure about a victim, the victim's index.
        """
        out = list(figures)
        of_victim: dict[int, int] = {}
        for v, victim in enumerate(victims):
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
                of_victim[same] = v
            else:
                of_victim[len(out)] = v
                out.append(figure)
        return out, of_victim


__all__ = ["CasualtyExtractor", "CasualtyReport", "Explanation", "PersonMention", "PlaceMention", "casualty_totals"]
