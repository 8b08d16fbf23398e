"""The extractor: article text -> `Extraction`, batched over spaCy's `nlp.pipe`.

Baseline implementation: spaCy NER grouped by label, mentions merged by exact text. The extraction
issue replaces the grouping with canonical entities, geocoding and casualty figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from service.extract.model import load_model, model_name
from service.extract.types import Entity, Extraction, Mention, Place

EXTRACTOR_NAME = "news-entities"
#: Bump when extraction output changes: it is part of every event_id.
EXTRACTOR_VERSION = "0.1.0"

_PEOPLE = {"PERSON"}
_PLACES = {"GPE", "LOC", "FAC"}
_ORGANISATIONS = {"ORG"}


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The parts of an article the extractor reads."""

    body: str
    title: str | None = None


class Extractor:
    """Turns article texts into `Extraction`s. Deterministic; safe to reuse for many batches."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.model = model_name(nlp)
        self.model_version = str(nlp.meta.get("version", "unknown"))

    @classmethod
    def from_model(cls, name_or_path: str = "auto") -> Extractor:
        """Load the spaCy model and build an extractor around it."""
        return cls(load_model(name_or_path))

    def extract(self, body: str, title: str | None = None) -> Extraction:
        """Extract from one article."""
        return next(self.extract_many([ArticleText(body, title)]))

    def extract_many(self, articles: Iterable[ArticleText], batch_size: int = 16) -> Iterator[Extraction]:
        """Extract from many articles, in order, batching the spaCy work with `nlp.pipe`."""
        for doc in self.nlp.pipe((a.body for a in articles), batch_size=batch_size):
            yield self._from_doc(doc)

    def _from_doc(self, doc: Doc) -> Extraction:
        groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for ent in doc.ents:
            groups[(ent.label_, ent.text)].append(Mention(ent.text, ent.start_char, ent.end_char))
        total = sum(len(m) for m in groups.values()) or 1
        people, places, organisations = [], [], []
        for (label, name), mentions in groups.items():
            salience = len(mentions) / total
            if label in _PEOPLE:
                people.append(Entity(name, tuple(mentions), salience))
            elif label in _ORGANISATIONS:
                organisations.append(Entity(name, tuple(mentions), salience))
            elif label in _PLACES:
                places.append(Place(name, tuple(mentions), salience))
        return Extraction(people=tuple(people), organisations=tuple(organisations), places=tuple(places))
