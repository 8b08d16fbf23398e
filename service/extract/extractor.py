"""The extractor: article text -> `Extraction`, batched over spaCy's `nlp.pipe`.

Per article: blank the site boilerplate (same length, so offsets hold), run the spaCy pipeline, build
canonical entities (`entities`), then casualty figures tied to those places (`casualties`) and the
headline totals. Deterministic: no randomness, no clocks, no network.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from service.extract.boilerplate import boilerplate_spans, mask
from service.extract.casualties import CasualtyExtractor, PlaceMention, casualty_totals
from service.extract.chunking import PIECE_CHARS, extract_in_pieces
from service.extract.entities import EntityBuilder, place_mentions
from service.extract.gazetteer import Geocoder, gazetteer
from service.extract.model import ModelLoader, load_model, model_name
from service.extract.numbers import NumberParser
from service.extract.types import Extraction

EXTRACTOR_NAME = "news-entities"
#: Bump when extraction output changes: it is part of every event_id.
EXTRACTOR_VERSION = "1.0.0"

#: Only this many leading characters of a body are analysed (10x a long news article): it bounds the
#: time and memory one pathological record can take from the stream. Offsets are unaffected.
MAX_PARSED_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The parts of an article the extractor reads."""

    body: str
    title: str | None = None


class Extractor:
    """Turns article texts into `Extraction`s. Deterministic; safe to reuse for many batches."""

    def __init__(self, nlp: Language, geocoder: Geocoder | None = None,
                 number_parser: NumberParser | None = None) -> None:
        self.nlp = nlp
        self.model = model_name(nlp)
        self.model_version = str(nlp.meta.get("version", "unknown"))
        self.geocoder = geocoder if geocoder is not None else gazetteer()
        self.entities = EntityBuilder(self.geocoder)
        self.casualties = CasualtyExtractor() if number_parser is None else CasualtyExtractor(number_parser)

    @classmethod
    def from_model(cls, name_or_path: str = "auto", loader: ModelLoader = load_model) -> Extractor:
        """Load the spaCy model with `loader` and build an extractor around it."""
        return cls(loader(name_or_path))

    def extract(self, body: str, title: str | None = None, deadline: float | None = None) -> Extraction:
        """Extract from one article; `deadline` (time.monotonic()) bounds a long body, see `chunking`."""
        return next(self.extract_many([ArticleText(body, title)], deadline=deadline))

    def extract_many(self, articles: Iterable[ArticleText], batch_size: int = 16,
                     deadline: float | None = None) -> Iterator[Extraction]:
        """Extract from many articles, in order, batching the spaCy work with `nlp.pipe`.

        A body longer than `PIECE_CHARS` is extracted in pieces (bounded memory, `deadline` checked
        between pieces; raises `ExtractionTimeout` past it).
        """
        short: list[ArticleText] = []
        for article in articles:
            if len(article.body) <= PIECE_CHARS:
                short.append(article)
                continue
            yield from self._pipe(short, batch_size)
            short = []
            yield self._extract_long(article, deadline)
        yield from self._pipe(short, batch_size)

    def _pipe(self, articles: list[ArticleText], batch_size: int) -> Iterator[Extraction]:
        def texts() -> Iterator[tuple[str, ArticleText]]:
            for article in articles:
                body = article.body[:MAX_PARSED_CHARS]
                yield mask(body, boilerplate_spans(body)), article

        for doc, article in self.nlp.pipe(texts(), batch_size=batch_size, as_tuples=True):
            yield self._from_doc(doc, article)

    def _extract_long(self, article: ArticleText, deadline: float | None) -> Extraction:
        body = article.body[:MAX_PARSED_CHARS]

        def pieces(texts: Sequence[str]) -> Iterator[Extraction]:
            for doc in self.nlp.pipe(texts, batch_size=1):
                yield self._from_doc(doc, ArticleText(doc.text, article.title))

        return extract_in_pieces(mask(body, boilerplate_spans(body)), pieces, deadline)

    def _from_doc(self, doc: Doc, article: ArticleText) -> Extraction:
        entities = self.entities.build(doc, article.title)
        places = [PlaceMention(a, b, name) for a, b, name in place_mentions(entities.places)]
        figures = self.casualties.extract(doc, places)
        return Extraction(
            people=entities.people,
            organisations=entities.organisations,
            places=entities.places,
            casualties=tuple(figures),
            casualty_totals=casualty_totals(figures, doc.text),
        )
