"""deploy/standins/engine.sh install, run against stand-in `go`, `docker` and plugin directory.

The installer once named a shell function `install`, so its own `install -m 0755 …` re-entered the
function and rebuilt the Compose plugin forever on every machine without the plugin. These tests run
the plugin step for real (the script, bash, cp, install) with only the expensive tools replaced, so
that class of bug fails here in seconds instead of at CI's time limit.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "deploy" / "standins" / "engine.sh"
SHELL_SCRIPTS = sorted([*ROOT.glob("scripts/*.sh"), *ROOT.glob("deploy/**/*.sh"), ROOT / ".ci" / "run"])

_FAKE_DOCKER = """#!/bin/sh
# `docker compose version` answers only once the plugin is in place; the engine always answers.
if [ "$1" = compose ]; then
  [ -x "$DOCKER_CLI_PLUGIN_DIR/docker-compose" ] || exit 1
  echo "Docker Compose version (stub)"; exit 0
fi
exit 0
"""
_FAKE_GO = """#!/bin/sh
echo "$*" >> "$GO_CALLS"
case "$1" in
  mod) mkdir -p "$GO_SRC/cmd"; echo module > "$GO_SRC/go.mod"; printf '{"Dir": "%s"}\\n' "$GO_SRC" ;;
  build) while [ "$1" != -o ]; do shift; done; printf '#!/bin/sh\\necho compose\\n' > "$2" ;;
esac
"""


def _stub(bin_dir: Path, name: str, text: str) -> None:
    path = bin_dir / name
    path.write_text(text)
    path.chmod(0o755)


def _run_installer(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    bin_dir, plugins, calls = tmp_path / "bin", tmp_path / "plugins", tmp_path / "go-calls"
    bin_dir.mkdir()
    _stub(bin_dir, "docker", _FAKE_DOCKER)
    _stub(bin_dir, "go", _FAKE_GO)
    for present in ("dockerd", "debootstrap"):  # already installed: no apt-get in this test
        _stub(bin_dir, present, "#!/bin/sh\nexit 0\n")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DOCKER_CLI_PLUGIN_DIR": str(plugins),
        "GO_CALLS": str(calls),
        "GO_SRC": str(tmp_path / "src"),
        "TMPDIR": str(tmp_path),
    }
    result = subprocess.run(
        ["bash", str(ENGINE), "install"], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    return result, plugins, calls


def test_installer_builds_the_compose_plugin_once_and_installs_it(tmp_path: Path) -> None:
    result, plugins, calls = _run_installer(tmp_path)

    assert result.returncode == 0, result.stderr
    builds = [line for line in calls.read_text().splitlines() if line.startswith("build")]
    assert len(builds) == 1, f"the plugin was built {len(builds)} times"
    plugin = plugins / "docker-compose"
    assert plugin.is_file()
    assert stat.S_IMODE(plugin.stat().st_mode) == 0o755
    assert "ready: Docker Compose version (stub)" in result.stderr
    # Its temporary source copy is removed: only the stub's own folders remain.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "go-calls", "plugins", "src"]


def test_installer_keeps_an_installed_plugin_without_building(tmp_path: Path) -> None:
    first, plugins, calls = _run_installer(tmp_path)
    assert first.returncode == 0, first.stderr
    calls.unlink()
    for entry in ("bin", "src"):
        subprocess.run(["rm", "-rf", str(tmp_path / entry)], check=True)

    again, _, calls = _run_installer(tmp_path)

    assert again.returncode == 0, again.stderr
    assert not calls.exists(), "go was called although the plugin was installed"


def _functions(script: Path) -> list[str]:
    return re.findall(r"^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{", script.read_text(), re.MULTILINE)


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_shell_function_shadows_a_command_or_builtin(script: Path) -> None:
    for name in _functions(script):
        found = subprocess.run(
            ["bash", "-c", f"type -t {name}"], capture_output=True, text=True, check=False
        ).stdout.strip()
        assert found == "", f"{script.name}: function {name}() shadows the {found} `{name}`"
