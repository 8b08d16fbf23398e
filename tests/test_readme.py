"""The README is part of the product: its configuration table and commands must match the code."""

import json
import re
from pathlib import Path

from service.cli import build_parser
from service.config import environment_names

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented_in_the_configuration_table():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", README))
    assert set(environment_names()) <= documented


def test_the_quick_start_and_test_commands_exist_and_ci_runs_the_test_command():
    root = Path(__file__).resolve().parents[1]
    assert "bash scripts/quickstart.sh" in README and (root / "scripts/quickstart.sh").exists()
    assert "bash scripts/test.sh" in README and (root / "scripts/test.sh").exists()
    assert "bash scripts/test.sh" in (root / ".ci/run").read_text()


def test_every_cli_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    for command in commands:
        assert f"python -m service {command}" in README


def _example_event() -> dict:
    block = README.split("## Example event", 1)[1].split("```json\n", 1)[1].split("\n```", 1)[0]
    return json.loads(block)


def test_the_example_event_is_what_the_sample_article_gives_today():
    """The README's trimmed event: the current extractor version and event id, and entries of the real event."""
    from service.events import Article, build_event
    from service.extract import EXTRACTOR_VERSION, Extractor

    shown = _example_event()
    sample = ROOT / "service/samples/sample_article.jsonl"
    record = json.loads(sample.read_text(encoding="utf-8").splitlines()[0])
    extractor = Extractor.from_model("auto")
    extraction = extractor.extract(record["body"], record.get("title"))
    event = build_event(
        Article.from_record(record),
        extraction,
        model=extractor.model,
        model_version=extractor.model_version,
    )
    assert shown["extractor"]["version"] == EXTRACTOR_VERSION
    assert shown["event_id"] == event["event_id"]
    assert shown["casualty_totals"] == event["casualty_totals"]
    for key in ("people", "places", "organisations"):
        for entry in shown[key]:
            real = next(e for e in event[key] if e["name"] == entry["name"])
            assert entry["mentions"][0] in real["mentions"]
            assert {k: v for k, v in entry.items() if k != "mentions"} == {
                k: v for k, v in real.items() if k != "mentions"
            }
    for figure in shown["casualties"]:
        assert figure in event["casualties"]
    counts = re.search(r"(\d+) people, (\d+) places, (\d+) organisations and (\d+) casualty figures", README)
    assert counts and tuple(map(int, counts.groups())) == tuple(
        len(event[k]) for k in ("people", "places", "organisations", "casualties")
    )
