"""The README is part of the product: its configuration table and commands must match the code."""

import json
import re
from pathlib import Path

import pytest

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


def test_the_example_event_is_what_the_sample_article_gives_today(extractor):
    """The README's trimmed event: the current extractor version and event id, and entries of the real event."""
    from service.events import Article, build_event
    from service.extract import EXTRACTOR_VERSION

    shown = _example_event()
    sample = ROOT / "service/samples/sample_article.jsonl"
    record = json.loads(sample.read_text(encoding="utf-8").splitlines()[0])
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


# --- names and figures in the README and docs/operations.md exist in the code --------------------------------

OPERATIONS = (ROOT / "docs" / "operations.md").read_text()
#: Names the docs write on purpose although they are no setting: misspellings the CLI warns about.
MISSPELLING_EXAMPLES = {"KAFKA_BOOTSTRAP_SERVER", "BATCH_SIZ"}
_UPPER_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _inline_code(markdown: str) -> list[str]:
    """The `inline code` spans of a Markdown text, fenced blocks left out."""
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.DOTALL | re.MULTILINE)
    return re.findall(r"`([^`\n]+)`", prose)


def _named_variables(markdown: str) -> set[str]:
    """UPPER_CASE names a reader would take for environment variables: a whole span, or `NAME=` in one."""
    names = set()
    for span in _inline_code(markdown):
        for token in re.split(r"[\s/(),]+", span):
            match = _UPPER_NAME.fullmatch(token) or re.match(rf"({_UPPER_NAME.pattern})=", token)
            if match:
                names.add(match.group(1) if match.groups() else match.group(0))
    return names


def _literal_values() -> set[str]:
    """Every value a `Literal` setting accepts (SASL_SSL, SCRAM-SHA-512, ...): written in the docs as values."""
    from typing import get_args

    from service.config import Settings

    values = set()
    for field in Settings.model_fields.values():
        for part in (field.annotation, *get_args(field.annotation)):
            values.update(str(v) for v in get_args(part) if isinstance(v, str))
    return values


@pytest.mark.parametrize("doc", ["README.md", "docs/operations.md"])
def test_every_variable_the_docs_name_is_a_setting(doc):
    from service.exitcodes import ExitCode

    known = set(environment_names()) | set(ExitCode.__members__) | _literal_values() | MISSPELLING_EXAMPLES
    unknown = _named_variables((ROOT / doc).read_text()) - known
    assert not unknown, f"{doc} names variables that Settings does not read: {sorted(unknown)}"


def _configuration_rows() -> list[tuple[list[str], str]]:
    """(variable names, default cell) of each row of the README's configuration table."""
    table = README.split("## Configuration", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows.append((re.findall(r"`([A-Z0-9_]+)`", cells[0]), cells[1]))
    return rows


def test_the_configuration_table_lists_only_settings_and_their_true_defaults():
    from service.config import PROJECT_ROOT, Settings

    rows = _configuration_rows()
    assert len(rows) > 20, "the configuration table was not found"
    fields = Settings.model_fields
    checked = 0
    for names, cell in rows:
        assert all(name.lower() in fields for name in names), names
        defaults = re.findall(r"`([^`]+)`", cell.split("(")[0])
        if len(defaults) != len(names):  # prose defaults ("local broker, else …", "–") are read by people
            continue
        for name, written in zip(names, defaults, strict=True):
            default = fields[name.lower()].default
            if default is None:  # resolved at run time (KAFKA_BOOTSTRAP_SERVERS, DATA_DIR): described in words
                continue
            if isinstance(default, bool):
                assert written == str(default).lower(), name
            elif isinstance(default, int | float):
                assert float(written) == default, name
            elif isinstance(default, Path):
                assert PROJECT_ROOT / written == default, name
            else:
                assert written == str(default), name
            checked += 1
    assert checked > 25


def _documented_metrics(markdown: str) -> set[str]:
    return set(re.findall(r"\bnews_[a-z_]+[a-z]", markdown))


def test_every_metric_the_docs_name_is_exported_and_the_readme_table_lists_every_metric():
    from tests.deploy.test_prometheus import _service_series_names

    series = _service_series_names()
    families = {re.sub(r"_(bucket|sum|count)$", "", name) for name in series}  # a histogram by its family name
    named = _documented_metrics(README) | _documented_metrics(OPERATIONS)
    assert named - (series | families) == set(), "named in the docs but not exported by service/metrics.py"
    table = README.split("| metric | type | labels | what |", 1)[1].split("\n\n", 1)[0]
    assert families - _documented_metrics(table) == set(), "exported but missing from the README's metric table"


def _command_rows() -> dict[str, str]:
    """Command name -> its row in the README's "Using it" table."""
    table = README.split("## Using it", 1)[1].split("\n\n```", 1)[0]
    rows = {}
    for line in table.splitlines():
        match = re.match(r"\| `python -m service (\w+)", line)
        if match:
            rows[match.group(1)] = line
    return rows


def test_every_flag_of_every_command_is_in_its_row_of_the_commands_table():
    rows = _command_rows()
    commands = build_parser()._subparsers._group_actions[0].choices
    missing = []
    for name, parser in commands.items():
        for action in parser._actions:
            missing += [
                f"{name} {flag}" for flag in action.option_strings if flag.startswith("--") and flag != "--help"
            ]
            if action.choices and not action.option_strings:  # positional choices: broker fetch|start|…
                missing += [f"{name} {choice}" for choice in action.choices]
    missing = [flag for flag in missing if flag.split(" ", 1)[1] not in rows[flag.split(" ", 1)[0]]]
    assert missing == []


def test_the_layout_table_names_every_module_of_the_service_and_its_stream_layer():
    table = README.split("## Layout", 1)[1]
    modules = [*sorted((ROOT / "service").glob("*.py")), *sorted((ROOT / "service" / "stream").glob("*.py"))]
    unnamed = [
        str(path.relative_to(ROOT))
        for path in modules
        if path.stem not in ("__init__", "__main__")
        and f"`{path.relative_to(ROOT)}`" not in table
        and f"`{path.name}`" not in table
    ]
    assert unnamed == []


#: Paths the docs name that exist only after set-up (git-ignored): fetched by `broker fetch`.
_MADE_BY_SETUP = {"deploy/kafka/lib"}


@pytest.mark.parametrize("doc", ["README.md", "docs/operations.md"])
def test_every_repository_path_the_docs_name_exists(doc):
    text = re.sub(r"^```.*?^```", "", (ROOT / doc).read_text(), flags=re.DOTALL | re.MULTILINE)
    named = {token for span in _inline_code(text) for token in span.split()} | set(re.findall(r"\]\(([^)#]+)", text))
    in_repository = re.compile(r"(\.\./)?(service|tests|bench|deploy|docs|schemas|scripts)/")
    paths = {token.rstrip(",.;:") for token in named if in_repository.match(token) and not re.search(r"[<*]", token)}
    assert len(paths) > 5, "no paths found: the pattern or the doc changed"
    base = (ROOT / doc).parent
    missing = [
        path
        for path in sorted(paths - _MADE_BY_SETUP)
        if not (base / path if path.startswith("../") else ROOT / path).exists()
    ]
    assert missing == []
