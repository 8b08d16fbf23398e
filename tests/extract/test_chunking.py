"""Long bodies are extracted in pieces: the pieces cover the text exactly, offsets stay exact, and the
time budget is checked between pieces."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.errors import ExtractionTimeout
from service.extract.chunking import PIECE_CHARS, merge, split_points
from service.extract.types import Entity, Extraction, Mention
from tests.support.adversarial import ordinary_articles


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n!?"), max_size=3000), st.integers(min_value=1, max_value=400))
def test_pieces_cover_the_text_exactly_and_none_is_over_the_limit(text, limit):
    points = split_points(text, limit)
    assert points[0][0] == 0 and points[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(points, points[1:], strict=False))
    assert all(0 < end - start <= limit for start, end in points) or text == ""


def test_pieces_end_at_a_sentence_when_there_is_one():
    text = "First sentence here. " * 2000
    assert all(text[end - 2 : end] == ". " for _, end in split_points(text)[:-1])


def test_a_long_body_in_pieces_keeps_every_offset_exact_and_merges_entities(extractor):
    bodies = [article["body"] for article in ordinary_articles()]
    body = "\n\n".join(bodies)
    while len(body) < 3 * PIECE_CHARS:
        body += "\n\n" + body
    extraction = extractor.extract(body)
    for entity in (*extraction.people, *extraction.organisations, *extraction.places):
        assert all(body[m.start : m.end] == m.text for m in entity.mentions), entity.name
        assert [m.start for m in entity.mentions] == sorted(m.start for m in entity.mentions)
    names = [e.name for e in extraction.places]
    assert len(names) == len(set(names))  # one place per name, whatever piece it was found in
    assert any(m.start > 2 * PIECE_CHARS for p in extraction.places for m in p.mentions)
    for figure in extraction.casualties:
        assert body[figure.start : figure.end] == figure.text
        assert figure.part_of is None or 0 <= figure.part_of < len(extraction.casualties)


def test_a_long_body_past_its_deadline_raises_extraction_timeout(extractor):
    body = ("Twelve people were killed in Homs on Monday, officials said. " * 4000)[:150_000]
    with pytest.raises(ExtractionTimeout, match="EXTRACT_TIME_BUDGET_S"):
        extractor.extract(body, deadline=time.monotonic() + 0.01)


def test_merging_pieces_keeps_a_persons_title():
    # A long body is extracted piece by piece; a person's `title` must survive the merge of the pieces,
    # whichever piece gave it (it was lost when the merge rebuilt each entity from name, mentions, salience).
    first = "Sgt. Dana Reyes spoke. "
    second = "Reyes said more. "
    text = first + second
    titled = Entity("Dana Reyes", (Mention("Dana Reyes", 5, 15),), 0.5, title="Sgt.")
    plain = Entity("Dana Reyes", (Mention("Reyes", 0, 5),), 0.4)
    merged = merge([(0, Extraction(people=(titled,))), (len(first), Extraction(people=(plain,)))], text)
    assert [(p.name, p.title) for p in merged.people] == [("Dana Reyes", "Sgt.")]
    assert [m.start for m in merged.people[0].mentions] == [5, len(first)]
    merged = merge([(0, Extraction(people=(plain,))), (len(first), Extraction(people=(titled,)))], text)
    assert merged.people[0].title == "Sgt."
