"""Dockerfile: builds from files in the repo, runs the worker as non-root, health-checked."""

from __future__ import annotations

import re
import shlex

import pytest

from service.config import Settings


@pytest.fixture(scope="module")
def instructions(repo_root) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (repo_root / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    pairs = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, args = line.strip().partition(" ")
            pairs.append((keyword.upper(), args.strip()))
    return pairs


def _args(instructions, keyword: str) -> list[str]:
    return [args for kw, args in instructions if kw == keyword]


def test_base_image_is_python_311_slim(instructions):
    assert _args(instructions, "FROM") == ["python:3.11-slim"]


def test_every_copied_path_exists_and_is_not_docker_ignored(instructions, repo_root):
    ignored = {
        line.strip()
        for line in (repo_root / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for args in _args(instructions, "COPY"):
        *sources, _destination = shlex.split(args)
        for source in sources:
            assert (repo_root / source).exists(), f"COPY {source}: missing from the repository"
            assert source not in ignored


def test_docker_context_leaves_out_local_state(repo_root):
    ignored = (repo_root / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for path in (".venv", ".local", "deploy/kafka/lib", ".git"):
        assert path in ignored


def test_an_init_process_is_pid_1_so_sigterm_always_reaches_the_worker(instructions):
    assert _args(instructions, "ENTRYPOINT") == ['["/usr/bin/tini", "--"]']
    assert any("install" in args and " tini" in args for args in _args(instructions, "RUN"))


def test_image_runs_the_worker_as_a_non_root_user(instructions):
    users = _args(instructions, "USER")
    assert users and users[-1] not in {"root", "0"}
    assert _args(instructions, "CMD") == ['["python", "-m", "service", "worker"]']


def test_image_exposes_the_default_health_and_metrics_ports(instructions):
    exposed = {int(port) for args in _args(instructions, "EXPOSE") for port in args.split()}
    defaults = Settings.model_fields
    assert exposed == {defaults["web_port"].default, defaults["metrics_port"].default}


def test_health_server_listens_on_all_interfaces_in_the_image(instructions):
    assert any("WEB_HOST=0.0.0.0" in args for args in _args(instructions, "ENV"))


def test_healthcheck_probes_liveness_with_the_python_standard_library(instructions):
    [healthcheck] = _args(instructions, "HEALTHCHECK")
    assert "urllib.request" in healthcheck
    assert "/health/live" in healthcheck


def _index(instructions, predicate) -> int:
    return next(i for i, pair in enumerate(instructions) if predicate(*pair))


def test_extra_ca_certificates_are_trusted_before_pip_first_runs(instructions, repo_root):
    """deploy/ca-certificates/*.crt (a TLS-inspecting proxy's CA) must be in place before any download."""
    copy_ca = _index(instructions, lambda kw, args: kw == "COPY" and args.startswith("deploy/ca-certificates/"))
    trust = _index(instructions, lambda kw, args: kw == "RUN" and "update-ca-certificates" in args)
    first_pip = _index(instructions, lambda kw, args: kw == "RUN" and "pip install" in args)
    assert copy_ca < trust < first_pip
    # pip reads its own certifi bundle unless told otherwise.
    assert "/etc/pip.conf" in instructions[trust][1] and "/etc/ssl/certs/ca-certificates.crt" in instructions[trust][1]
    assert (repo_root / "deploy/ca-certificates/README.md").is_file()


def test_local_ca_certificates_are_never_committed(repo_root):
    assert "deploy/ca-certificates/*.crt" in (repo_root / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_dependency_layer_is_built_from_pyproject_alone(instructions):
    """Editing README.md or the code must not reinstall spaCy and the model (the layer cache)."""
    first_pip = _index(instructions, lambda kw, args: kw == "RUN" and "pip install" in args)
    copied_before = [shlex.split(args)[:-1] for kw, args in instructions[:first_pip] if kw == "COPY"]
    assert copied_before == [["deploy/ca-certificates/"], ["pyproject.toml"]]
