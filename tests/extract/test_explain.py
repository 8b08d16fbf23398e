"""`extract --explain`: every figure with its rule id and fate, every total with what it summed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from service.extract import Extractor
from service.extract.casualties import counts, victims
from service.extract.casualties.explain import explain
from service.extract.ner.explain import explain_types
from tests.support.cli import run_cli

_WIRE = (
    "A suicide bomber killed at least 23 people and wounded 41 others at a market on Tuesday, police said. "
    "Among the dead were 9 children. An earlier attack in 2013 left hundreds dead."
)


def test_each_figure_says_its_rule_and_fate_and_each_total_what_it_summed(extractor: Extractor) -> None:
    body, report = extractor.explain_casualties(_WIRE)
    text = explain("a1", body, report)
    assert re.search(r"figure 0: killed 23\+  rule count\.left  -> counted", text)
    assert re.search(r"figure \d: injured 41  rule count\.left  -> counted", text)
    assert re.search(r"killed 200\+  rule count\.right  -> background \(filter\.background\.", text)
    assert re.search(r'dropped "2013"  by filter\.', text)
    assert "total killed: 23 = figure 0 (23)" in text
    assert "total missing: none stated" in text


def test_a_figure_of_another_day_and_place_says_so(extractor: Extractor) -> None:
    body, report = extractor.explain_casualties(
        "An earthquake hit southern Chile on Sunday, killing at least 10 people. "
        "On Saturday, more than a dozen people were killed by a quake in eastern Turkey."
    )
    text = explain("a3", body, report)
    assert re.search(r"figure 1: killed 12\+  rule count\.right  -> background \(filter\.background\.other_day\)", text)
    assert "total killed: 10 = figure 0 (10)" in text


def test_a_victim_lists_the_mentions_and_rules_merged_into_them(extractor: Extractor) -> None:
    body, report = extractor.explain_casualties(
        "Dana Whitfield, 34, was shot in the chest on Friday. Whitfield died at the hospital, police said."
    )
    text = explain("a2", body, report)
    assert re.search(r"victim 0: Dana Whitfield \(killed\)", text)
    assert "victim.subject.named" in text
    assert re.search(r"total killed: 1 = .*; victims 0", text)


def test_explaining_changes_nothing_the_event_says(extractor: Extractor) -> None:
    extraction = extractor.extract(_WIRE)
    _, report = extractor.explain_casualties(_WIRE)
    assert report.figures == extraction.casualties
    assert report.totals == extraction.casualty_totals


def test_every_rule_id_in_a_trace_is_a_known_rule(extractor: Extractor) -> None:
    _, report = extractor.explain_casualties(_WIRE + " Luis Ortega, 40, was found dead in his car.")
    assert report.explanation is not None
    assert set(report.explanation.rules) <= set(counts.RULES) | set(victims.RULES)


def test_the_cli_explains_a_txt_file_and_jsonl_records(tmp_path: Path) -> None:
    txt = tmp_path / "wire.txt"
    txt.write_text(_WIRE, encoding="utf-8")
    run = run_cli("extract", "--explain", str(txt))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("== article wire.txt") or "== article" in run.stdout
    assert "rule count.left  -> counted" in run.stdout

    records = "".join(json.dumps({"id": f"r{i}", "body": _WIRE}) + "\n" for i in range(2))
    run = run_cli("extract", "--explain", "-", stdin=records)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("== article r") == 2
    assert "{" not in run.stdout.splitlines()[0]  # an explanation, not an event


_TYPED = (
    "Cases were reported in Cairo and Giza on Monday, and Giza hospitals filled, officials said. "
    "Dana Whitfield, 34, was shot in Alexandria. Whitfield died. "
    "The Islamic State (IS) claimed the attack; ISIS fighters were blamed."
)


def test_each_entity_says_its_type_the_rules_that_decided_it_and_each_mentions_votes(extractor: Extractor) -> None:
    body, _, evidence = extractor.explain_article(_TYPED)
    text = explain_types(body, evidence)
    giza = re.search(r'entity \d+: place "Giza"  votes place 3, person 2\n(.*\n){4}', text)
    assert giza, text
    assert "rules: gazetteer_place_named_person -> place 3 (x2); spacy_label -> person 2 (x2)" in giza.group(0)
    assert "    geocoded: Giza, city, EG/" in giza.group(0)
    assert giza.group(0).count('mention "Giza" [') == 2
    assert re.search(r'entity \d+: person "Dana Whitfield"  votes person', text)
    assert re.search(r'mention "Whitfield" \[\d+:\d+\]: spacy_label -> person 1, surname_of_person -> person 1.5', text)
    assert re.search(r'entity \d+: organisation "Islamic State"  votes org', text)
    assert re.search(r'mention "ISIS" \[\d+:\d+\]: .*known_organisation -> org 2', text)


def test_the_typing_evidence_is_the_events_entities_with_their_exact_mentions(extractor: Extractor) -> None:
    extraction = extractor.extract(_TYPED)
    body, _, evidence = extractor.explain_article(_TYPED)
    assert evidence == extraction.evidence
    output = {"person": extraction.people, "place": extraction.places, "org": extraction.organisations}
    for entity in evidence:
        if entity.label == "norp":
            continue
        listed = next(e for e in output[entity.label] if e.name == entity.name)
        assert [(m.start, m.end) for m in entity.mentions] == [(m.start, m.end) for m in listed.mentions]
        assert sum(w for m in entity.mentions for _, _, w in m.rules) == sum(entity.votes.values())


def test_the_cli_explains_entity_types_after_the_casualties(tmp_path: Path) -> None:
    txt = tmp_path / "typed.txt"
    txt.write_text(_TYPED, encoding="utf-8")
    run = run_cli("extract", "--explain", str(txt))
    assert run.returncode == 0, run.stderr
    casualties, _, entities = run.stdout.partition("-- entities: ")
    assert "total killed: 1" in casualties
    assert re.search(r'entity \d+: place "Giza"  votes place 3, person 2', entities)
    assert 'mention "Alexandria" [' in entities


def test_the_explanation_says_where_each_place_was_put_and_by_which_geocoding_rules(extractor: Extractor):
    text = "A 36-year-old Palestine man was arrested. Gary Wilson, 54, of Palestine was charged in Anderson County."
    extraction = extractor.extract(text)
    palestine = next(e for e in extraction.evidence if e.name == "Palestine")
    assert palestine.geocoding.startswith("Palestine, city, US/TX (")
    assert " by resident_after, " in palestine.geocoding  # "a Palestine man": the town, not the country
    assert next(e for e in extraction.explain() if e["name"] == "Palestine")["geocoding"] == palestine.geocoding
