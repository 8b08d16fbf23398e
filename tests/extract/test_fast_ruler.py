"""The fast attribute-ruler matcher gives spaCy's matches, and so the same tokens, on real and odd text."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from service.extract import Extractor, load_model
from service.extract.fast_ruler import FastAttributeMatcher, install_fast_matcher
from tests.support.kafka import WCEP_DAYS

#: The model's exception patterns (contractions, colloquial forms, pronoun cases, expletive "there",
#: auxiliaries, spaces) and plain news.
PASSAGES = [
    "I ain't gonna say it, y'all know nothin' about it.",
    "There is a man who was killed, and there were two others; it isn't clear.",
    "They said you'd have to go.\n\n  He had been shot  \t twice, but survived.",
    "What do you want? Which one? That's his, not hers. We'll see ourselves out.",
    "",
    " ",
    "Gon na be fine; y' all come back now. Somethin' happened.",
]


@pytest.fixture(scope="module")
def stock() -> Language:
    return load_model("auto", fast_ruler=False)


def texts() -> list[str]:
    records = [json.loads(line) for line in WCEP_DAYS.read_text().splitlines() if line.strip()]
    return PASSAGES + [r["body"] for r in records[:20]]


def test_same_matches_as_spacy(stock: Language) -> None:
    ruler = stock.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    fast = FastAttributeMatcher(ruler.patterns, lambda index: stock.vocab.strings.add(str(index)), stock.vocab.strings)
    docs = list(stock.pipe(texts(), disable=["attribute_ruler"]))
    assert sum(len(doc) for doc in docs) > 5000
    for doc in docs:
        assert fast(doc) == ruler.match(doc), doc.text[:80]
    # the exception patterns were exercised, not only the tag map
    exceptions = {index for doc in docs for index, *_ in fast(doc) if len(ruler.patterns[index]["patterns"][0]) > 1}
    assert exceptions


def test_same_tokens_as_stock_pipeline(stock: Language, extractor: Extractor) -> None:
    assert extractor.nlp.pipe_names == stock.pipe_names
    for fast_doc, stock_doc in zip(extractor.nlp.pipe(texts()), stock.pipe(texts()), strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_, t.dep_, t.tag_) for t in fast_doc] == [
            (t.pos_, str(t.morph), t.lemma_, t.dep_, t.tag_) for t in stock_doc
        ]


def test_loader_installs_it_and_can_leave_it_out(stock: Language, extractor: Extractor) -> None:
    assert isinstance(extractor.nlp.get_pipe("attribute_ruler").match, FastAttributeMatcher)
    assert not isinstance(stock.get_pipe("attribute_ruler").match, FastAttributeMatcher)


def test_a_pattern_it_cannot_read_keeps_spacys_matcher() -> None:
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    assert not install_fast_matcher(nlp)
    assert not isinstance(ruler.match, FastAttributeMatcher)
    nlp2 = Language()
    ruler2 = nlp2.add_pipe("attribute_ruler")
    ruler2.add([[{"LOWER": {"IN": ["gon"]}}, {"LOWER": "na"}]], {"LEMMA": "go"})
    ruler2.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    assert install_fast_matcher(nlp2)
    doc = nlp2("we gon na  go")
    assert [t.lemma_ for t in doc][1] == "go"
    assert doc[3].pos_ == "SPACE"
    assert not install_fast_matcher(Language())  # no ruler at all
