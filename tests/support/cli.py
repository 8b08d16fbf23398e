"""`python -m service …` as a user runs it: one subprocess, output captured, never raising on exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 180,
    cwd: Path = REPO,
    drop_env: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run the CLI with this environment plus `env`, less the variables starting with any of `drop_env`."""
    base = {k: v for k, v in os.environ.items() if not (drop_env and k.startswith(drop_env))}
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
        env={**base, **(env or {})},
        check=False,
    )
