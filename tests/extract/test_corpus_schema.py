"""Every event the extractor writes for the WCEP section sample (tests/data) validates against the contract."""

from __future__ import annotations

from service.events import EVENT_SCHEMA, Article, build_event, schema_errors
from service.extract import ArticleText, Extractor
from tests.extract.conftest import DATA, read_jsonl

#: Every 6th record of the full section corpus: 598 sections spread over every month and section kind.
CORPUS = DATA / "wcep_sections.jsonl"


def test_every_wcep_section_event_validates_against_the_schema(extractor: Extractor) -> None:
    records = read_jsonl(CORPUS)
    assert len(records) == 598
    failures = []
    figures = 0
    extractions = extractor.extract_many((ArticleText(r["body"], r.get("title")) for r in records), batch_size=64)
    for record, extraction in zip(records, extractions, strict=True):
        event = build_event(
            Article.from_record(record), extraction, model=extractor.model, model_version=extractor.model_version
        )
        errors = schema_errors(EVENT_SCHEMA, event)
        if errors:
            failures.append(f"{record['id']}: {errors[:3]}")
        body = record["body"]
        for field in ("people", "places", "organisations"):
            for entity in event[field]:
                for mention in entity["mentions"]:
                    if body[mention["start"] : mention["end"]] != mention["text"]:
                        failures.append(f"{record['id']}: mention offsets {mention}")
        for figure in event["casualties"]:
            figures += 1
            if body[figure["start"] : figure["end"]] != figure["text"]:
                failures.append(f"{record['id']}: casualty offsets {figure}")
    print(f"validated {len(records)} events, {figures} casualty figures")
    assert not failures, "\n".join(failures[:20])
