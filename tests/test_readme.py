"""The README is part of the product: its configuration table and commands must match the code."""

import re
from pathlib import Path

from service.cli import build_parser
from service.config import environment_names

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


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
