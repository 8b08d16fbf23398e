"""Shared fixtures for the deployment-file checks (no network, no broker, no container engine).

The exception is test_stack.py, marked `stack`: it runs the compose stack on a real Docker engine
(plain `pytest` deselects it; `bash scripts/test.sh` runs it; markers are registered in pyproject.toml).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        pytest.fail(
            "promtool not found: install it with `apt-get update && apt-get install -y prometheus` "
            "(Debian's package ships /usr/bin/promtool)"
        )
    return path
