"""The extractor never crashes, stays deterministic, and keeps offsets valid on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.events import EVENT_SCHEMA, schema_errors
from service.extract import ArticleText, Extractor

_NEWSY = st.sampled_from(
    [
        "At least 12 people were killed",
        "including 3 children",
        "no one was hurt",
        "Dozens wounded",
        "the death toll rose to",
        "Khan Sheikhun",
        "(OPCW)",
        "UN",
        "Bashar al-) Assad",
        "2,345",
        "1.2 million",
        "Eighty-eight",
        "more than",
        " ",
        "\n",
        ".",
        ",",
        "’s",
        "a 31-year-old man was shot dead",
        "Subscribe to our newsletter",
        "between 10 and",
        "to 30",
        "9" * 40,
        "million million",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_NEWSY, st.text(max_size=12)), max_size=40).map(" ".join),
)


def _check(extractor: Extractor, body: str) -> None:
    first = extractor.extract(body).to_dict()
    assert extractor.extract(body).to_dict() == first  # deterministic
    event = {
        "schema_version": EVENT_SCHEMA,
        "event_id": "0" * 32,
        "article_id": "x",
        "processed_at": "2026-01-01T00:00:00.000Z",
        "language": "en",
        "extractor": {"name": "n", "version": "v", "model": "m", "model_version": "v"},
        **first,
    }
    assert schema_errors(EVENT_SCHEMA, event) == []
    for field in ("people", "places", "organisations"):
        for entity in first[field]:
            for mention in entity["mentions"]:
                assert body[mention["start"] : mention["end"]] == mention["text"]
    for figure in first["casualties"]:
        assert body[figure["start"] : figure["end"]] == figure["text"]
        assert figure["part_of"] is None or 0 <= figure["part_of"] < len(first["casualties"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_TEXT)
def test_any_text_gives_a_valid_deterministic_extraction(extractor: Extractor, body: str) -> None:
    _check(extractor, body)


def test_edge_cases_do_not_crash(extractor: Extractor) -> None:
    cases = [
        "",
        " ",
        "\n\n\n",
        "\x00\x01\ufeff",
        "🙂" * 50,
        "Ωμέγα Αθήνα σεισμός σκότωσε 12 ανθρώπους.",
        "На востоке Украины погибли 12 человек.",
        "الجيش قتل 12 شخصا",
        "地震で12人が死亡した。",
        "killed " * 500,
        "1" * 5000 + " people were killed",
        "12" + ",000" * 300 + " dead",
        "(((" * 200,
        "A" * 20_000,
        "Dr. " * 300,
    ]
    for body in cases:
        _check(extractor, body)


def test_huge_article_is_processed(extractor: Extractor) -> None:
    paragraph = "Gunmen killed 12 villagers in the town of Zamfara on Monday, police said. "
    body = paragraph * 4000  # ~300k characters, beyond the parse limit
    extraction = extractor.extract(body)
    assert extraction.casualties and extraction.casualties[0].count_min == 12


def test_extract_many_keeps_order_and_matches_extract(extractor: Extractor) -> None:
    bodies = ["Three soldiers were killed.", "Nobody was injured.", "Five people are missing."]
    many = [e.to_dict() for e in extractor.extract_many([ArticleText(b) for b in bodies], batch_size=2)]
    assert many == [extractor.extract(b).to_dict() for b in bodies]
    assert [m["casualties"][0]["count_min"] for m in many] == [3, 0, 5]


def test_extract_many_bounds_each_spacy_batch_by_characters_and_matches_extract(extractor: Extractor, monkeypatch):
    from service.extract import extractor as extractor_module

    monkeypatch.setattr(extractor_module, "BATCH_CHARS", 100)
    batches: list[int] = []
    pipe = extractor._pipe

    def recording_pipe(articles, batch_size):
        if articles:
            batches.append(sum(len(a.body) for a in articles))
        return pipe(articles, batch_size)

    monkeypatch.setattr(extractor, "_pipe", recording_pipe)
    bodies = [f"Gunmen killed {n} villagers in Zamfara on Monday, police said." for n in range(2, 9)]
    many = [e.to_dict() for e in extractor.extract_many([ArticleText(b) for b in bodies], batch_size=16)]
    assert len(batches) > 1 and max(batches) <= 100 and sum(batches) == sum(map(len, bodies))
    assert many == [extractor.extract(b).to_dict() for b in bodies]
