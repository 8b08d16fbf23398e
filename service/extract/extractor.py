"""The extractor: article text -> `Extraction`, batched over spaCy's `nlp.pipe`.

Per article: normalise the page (`page`: boilerplate and branding blanked, datelines recased, glued
words split; same length, so offsets hold), run the spaCy pipeline, build
canonical entities (`entities`), then casualty figures tied to those places and people (`casualties`)
and the incident totals. Deterministic: no randomness, no clocks, no network.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from service.extract.casualties import CasualtyExtractor, CasualtyReport, PersonMention, PlaceMention
from service.extract.chunking import PIECE_CHARS, extract_in_pieces, split_points
from service.extract.entities import EntityBuilder
from service.extract.gazetteer import Geocoder
from service.extract.geocode import context_geocoder
from service.extract.identity import DEFAULT_ENTITY_FILTER, EXTRACTOR_VERSION, EntityFilterSetting
from service.extract.model import ModelLoader, load_model, model_name
from service.extract.ner.entity_filter import EntityFilter, load_filter
from service.extract.numbers import NumberParser
from service.extract.page import normalise, split_tokens
from service.extract.types import ArticleText, Extraction, TypeEvidence

#: Most characters of short bodies given to `nlp.pipe` in one batch (two pieces' worth): measured on a
#: batch of 16 with two 15,000-character hostile bodies, 303 MB peak in one batch against 250 MB one by one.
BATCH_CHARS = 2 * PIECE_CHARS

#: A title longer than this is not a headline: only its first characters are read for casualty figures.
MAX_TITLE_CHARS = 300

#: Only this many leading characters of a body are analysed (10x a long news article): it bounds the
#: time and memory one pathological record can take from the stream. Offsets are unaffected.
MAX_PARSED_CHARS = 200_000


class Extractor:
    """Turns article texts into `Extraction`s. Deterministic; safe to reuse for many batches."""

    def __init__(
        self,
        nlp: Language,
        geocoder: Geocoder | None = None,
        number_parser: NumberParser | None = None,
        evidence: bool = True,
        entity_filter: EntityFilter | None = None,
    ) -> None:
        """Build around a loaded pipeline.

        `evidence`: each `Extraction` says why its entities have their types (`Extraction.explain`); the
        stream's extraction processes leave it out (no event carries it; it costs ~2 ms an article).
        `entity_filter`: the learned keep/drop decision for each output entity (`ner.entity_filter`); None
        keeps every entity the rules type.
        """
        self.nlp = nlp
        self.evidence = evidence
        self.model = model_name(nlp)
        self.model_version = str(nlp.meta.get("version", "unknown"))
        #: EXTRACTOR_VERSION, plus SemVer build metadata for an option that changes the output: events of an
        #: extractor with the learned entity filter on are "1.19.0+entity-filter.2" and have their own ids.
        self.version = EXTRACTOR_VERSION + (f"+entity-filter.{entity_filter.version}" if entity_filter else "")
        self.geocoder = geocoder if geocoder is not None else context_geocoder()
        self.entities = EntityBuilder(self.geocoder, entity_filter)
        self.casualties = CasualtyExtractor() if number_parser is None else CasualtyExtractor(number_parser)

    @classmethod
    def from_model(
        cls,
        name_or_path: str = "auto",
        loader: ModelLoader = load_model,
        ner: str = "stock",
        evidence: bool = True,
        entity_filter: EntityFilterSetting = DEFAULT_ENTITY_FILTER,
    ) -> Extractor:
        """Load the spaCy model with `loader` (NER weights `ner`, see `load_model`) and build an extractor around it.

        `entity_filter`: "on" applies the shipped learned entity filter (`ner.entity_filter`), "off" keeps
        every entity the rules type.
        """
        chosen = load_filter() if entity_filter == "on" else None
        return cls(loader(name_or_path, ner=ner), evidence=evidence, entity_filter=chosen)

    def extract(self, body: str, title: str | None = None, deadline: float | None = None) -> Extraction:
        """Extract from one article; `deadline` (time.monotonic()) bounds a long body, see `chunking`."""
        return next(self.extract_many([ArticleText(body, title)], deadline=deadline))

    def extract_many(
        self, articles: Iterable[ArticleText], batch_size: int = 16, deadline: float | None = None
    ) -> Iterator[Extraction]:
        """Extract from many articles, in order, batching the spaCy work with `nlp.pipe`.

        A body longer than `PIECE_CHARS` is extracted in pieces (bounded memory, `deadline` checked
        between pieces; raises `ExtractionTimeout` past it). Shorter ones go to spaCy in batches of at
        most `batch_size` articles and `BATCH_CHARS` characters.
        """
        short: list[ArticleText] = []
        for article in articles:
            if len(article.body) > PIECE_CHARS:
                yield from self._pipe(short, batch_size)
                short = []
                yield self._extract_long(article, deadline)
                continue
            # spaCy holds every Doc of a batch at once: a batch is bounded by characters as well as by
            # count, so a batch of long-ish bodies costs no more memory than two pieces of a long one.
            if short and sum(len(a.body) for a in short) + len(article.body) > BATCH_CHARS:
                yield from self._pipe(short, batch_size)
                short = []
            short.append(article)
        yield from self._pipe(short, batch_size)

    def _pipe(self, articles: list[ArticleText], batch_size: int) -> Iterator[Extraction]:
        # The normalised text travels with each doc: it is `doc.text`, which spaCy re-joins from every
        # token on each access. A title `_with_title` will read goes through the same `nlp.pipe`, right
        # after its body (a separate `nlp(title)` per article cost a pipeline call of its own).
        def docs() -> Iterator[tuple[Doc | str, tuple[ArticleText, str, bool]]]:
            for article in articles:
                body = article.body[:MAX_PARSED_CHARS]
                page = normalise(body, article.title, self._is_place)
                title = self._title_to_read(article.title)
                if page.breaks:  # glued words: our tokens, the same text
                    doc = split_tokens(self.nlp.make_doc(page.text), page.breaks, self.nlp.vocab)
                    doc.user_data["breaks"] = page.breaks
                    yield doc, (article, page.text, title is not None)
                else:
                    yield page.text, (article, page.text, title is not None)
                if title is not None:
                    yield title, (article, title, False)

        body: tuple[Doc, ArticleText, str] | None = None  # a body waiting for its title's doc
        for doc, (article, text, title_follows) in self.nlp.pipe(docs(), batch_size=batch_size, as_tuples=True):
            if body is not None:
                yield self._from_doc(body[0], body[1], body[2], title_doc=doc)
                body = None
            elif title_follows:
                body = (doc, article, text)
            else:
                yield self._from_doc(doc, article, text)

    def _extract_long(self, article: ArticleText, deadline: float | None) -> Extraction:
        body = article.body[:MAX_PARSED_CHARS]
        # The normalised page has the body's length, so its pieces are the body's pieces: mention texts
        # are read from the original piece (`_from_doc`), spaCy reads the normalised one. Glued-word
        # token breaks are left out here: a long body's cost matters more than a glued dateline.
        page = normalise(body, article.title, self._is_place)
        originals = iter([body[start:end] for start, end in split_points(page.text)])

        def pieces(texts: Sequence[str]) -> Iterator[Extraction]:
            for doc in self.nlp.pipe(texts, batch_size=1):
                yield self._from_doc(doc, ArticleText(next(originals), article.title), read_title=False)

        # The totals are taken once over the whole text (`extract_in_pieces`), then from the title.
        extraction = extract_in_pieces(page.text, pieces, deadline)
        whole = CasualtyReport(figures=extraction.casualties, totals=extraction.casualty_totals, victims=())
        return replace(extraction, casualty_totals=self._with_title(whole, article.title).totals)

    def explain_casualties(self, body: str, title: str | None = None) -> tuple[str, CasualtyReport]:
        """One article's casualty report with its `Explanation` (`extract --explain`), and the body it read.

        The same path as `extract` for a body up to `PIECE_CHARS` (a longer one is explained on its
        first piece only).
        """
        body, report, _ = self.explain_article(body, title)
        return body, report

    def explain_article(
        self, body: str, title: str | None = None
    ) -> tuple[str, CasualtyReport, tuple[TypeEvidence, ...]]:
        """`explain_casualties`, plus why each entity has its type (`TypeEvidence`, in text order)."""
        body = body[:PIECE_CHARS]
        page = normalise(body, title, self._is_place)
        if page.breaks:
            doc = split_tokens(self.nlp.make_doc(page.text), page.breaks, self.nlp.vocab)
            doc.user_data["breaks"] = page.breaks
            doc = self.nlp(doc)
        else:
            doc = self.nlp(page.text)
        entities = self.entities.build(doc, title, body, page.text)
        places = [PlaceMention(a, b, name) for a, b, name in entities.place_spans]
        people = [PersonMention(m.start, m.end, person.name) for person in entities.people for m in person.mentions]
        report = self.casualties.extract(doc, places, people, text=page.text, explain=True)
        return body, self._with_title(report, title, explain=True), entities.evidence

    def _title_to_read(self, title: str | None) -> str | None:
        """The part of `title` `_with_title` reads, when it has the lexicon's fate words (else None)."""
        if not title:
            return None
        title = title[:MAX_TITLE_CHARS]
        return title if self.casualties.may_report(title) else None

    def _with_title(
        self, report: CasualtyReport, title: str | None, explain: bool = False, title_doc: Doc | None = None
    ) -> CasualtyReport:
        """`report`, with the kinds its body states nothing of (or less of) read from `title` (`with_title`).

        The title is parsed on its own (`title_doc`, when the caller parsed it already), and only when the
        lexicon's fate words occur in it (a headline's larger count wins over the body's, rule
        `totals.title_count`, so a title with a fate word is always read).
        """
        title = self._title_to_read(title)
        if title is None:
            return report
        if title_doc is None:
            title_doc = self.nlp(title)
        return report.with_title(title, self.casualties.extract(title_doc, text=title, explain=explain))

    def _is_place(self, word: str) -> bool:
        return self.geocoder.lookup(word) is not None

    def _from_doc(
        self,
        doc: Doc,
        article: ArticleText,
        text: str | None = None,
        read_title: bool = True,
        title_doc: Doc | None = None,
    ) -> Extraction:
        """One article's (or one piece's) extraction from its parsed `doc`.

        `text` is `doc.text` when the caller has it (read once here otherwise). With `read_title`, totals the
        body states none of are read from the title (parsed already: `title_doc`, if given), not for the
        pieces of a long body (`_extract_long`).
        """
        body = article.body[:MAX_PARSED_CHARS]
        text = doc.text if text is None else text
        entities = self.entities.build(doc, article.title, body, text, evidence=self.evidence)
        places = [PlaceMention(a, b, name) for a, b, name in entities.place_spans]
        people = [PersonMention(m.start, m.end, person.name) for person in entities.people for m in person.mentions]
        report = self.casualties.extract(doc, places, people, text=text)
        if read_title:
            report = self._with_title(report, article.title, title_doc=title_doc)
        # Figures are read from the normalised text; their `text` is the body's, as received.
        figures = tuple(replace(f, text=body[f.start : f.end]) for f in report.figures)
        return Extraction(
            people=entities.people,
            organisations=entities.organisations,
            places=entities.places,
            casualties=figures,
            casualty_totals=report.totals,
            evidence=entities.evidence,
        )
