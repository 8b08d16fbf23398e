"""Fixtures the stream tests share."""

from __future__ import annotations

import pytest

from service.extract import ArticleText, Entity, Extraction, Mention
from service.stream.pool import ExtractionRunner


class FakeExtractor:
    """An `ArticleExtractor` without spaCy: one person per article (its first word); "EXPLODE" raises."""

    model = "fake"
    model_version = "0"

    def extract(self, body, title=None, deadline=None) -> Extraction:
        return next(self.extract_many([ArticleText(body, title)]))

    def extract_many(self, articles, batch_size=16, deadline=None):
        for article in articles:
            if "EXPLODE" in article.body:
                raise RuntimeError("model blew up")
            first = article.body.split()[0]
            yield Extraction(people=(Entity(first, (Mention(first, 0, len(first)),), salience=1.0),))


@pytest.fixture()
def fake_runner():
    """An `ExtractionRunner` in a thread around `FakeExtractor`: no spaCy, instant."""
    runner = ExtractionRunner(FakeExtractor(), processes=0, batch_size=8)
    runner.start()
    yield runner
    runner.stop()
