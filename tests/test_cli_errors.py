"""Expected failures of every command end in one line naming the setting or path and the fix, exit code 2.

No broker is needed for these: each failure happens before, or instead of, the first Kafka contact.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import run_cli as _run

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "service" / "samples" / "sample_article.jsonl"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """The CLI without the caller's Kafka, model and port settings: each test sets what it means."""
    return _run(*args, env=env, cwd=cwd, timeout=120, drop_env=("KAFKA_", "SPACY_", "METRICS_", "WEB_"))


def one_error_line(run: subprocess.CompletedProcess) -> str:
    """The run's stderr, asserted to be exactly one ERROR line and no traceback."""
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert "Traceback" not in run.stderr and "Unclosed" not in run.stderr, run.stderr
    assert len(lines) == 1 and " ERROR " in lines[0], run.stderr
    return lines[0]


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.fixture
def no_local_broker(tmp_path: Path) -> dict[str, str]:
    return {"LOCAL_BROKER_DIR": str(tmp_path / "kafka")}


@pytest.mark.parametrize(
    "command", [["consume", "--timeout", "5"], ["produce", "--topic", "t", str(SAMPLE)], ["replay"]]
)
def test_unreachable_cluster_is_one_line_naming_the_setting(command, no_local_broker):
    run = run_cli(*command, env={**no_local_broker, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"})
    assert run.returncode == 2
    line = one_error_line(run)
    assert "cannot connect to Kafka at 127.0.0.1:1" in line and "KAFKA_BOOTSTRAP_SERVERS" in line


def test_unset_bootstrap_without_local_broker_says_the_default_was_tried(no_local_broker):
    run = run_cli("consume", "--timeout", "5", env=no_local_broker)
    line = one_error_line(run)
    assert run.returncode == 2
    assert "KAFKA_BOOTSTRAP_SERVERS is not set and no local broker runs" in line
    assert "python -m service broker start" in line


def test_stale_local_broker_address_is_reported_as_stale_not_as_a_bad_setting(tmp_path):
    home = tmp_path / "kafka"
    home.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs
    (home / "bootstrap").write_text("127.0.0.1:19092")
    (home / "kafka.pid").write_text(str(gone.pid))
    for command in (["consume", "--timeout", "5"], ["produce", str(SAMPLE)], ["worker"]):
        run = run_cli(*command, env={"LOCAL_BROKER_DIR": str(home), "METRICS_PORT": "0", "WEB_PORT": "0"})
        line = one_error_line(run)
        assert run.returncode == 2, command
        assert "127.0.0.1:19092" in line and "is stale" in line and str(home / "bootstrap") in line
        assert "python -m service broker start" in line
        assert "check KAFKA_BOOTSTRAP_SERVERS" not in line.lower()


def test_missing_input_file_names_the_path():
    for command in ("produce", "extract"):
        run = run_cli(command, "/no/such/articles.jsonl")
        assert run.returncode == 2
        assert "/no/such/articles.jsonl" in one_error_line(run)


def test_tls_file_that_does_not_exist_names_the_variable_and_path():
    run = run_cli("consume", env={"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CAFILE": "/no/ca.pem"})
    assert run.returncode == 2
    line = one_error_line(run)
    assert "KAFKA_SSL_CAFILE=/no/ca.pem" in line


def test_metrics_port_in_use_names_the_variable(busy_port, no_local_broker):
    run = run_cli(
        "worker",
        env={
            **no_local_broker,
            "METRICS_HOST": "127.0.0.1",
            "METRICS_PORT": str(busy_port),
            "WEB_PORT": "0",
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
        },
    )
    assert run.returncode == 2
    line = one_error_line(run)
    assert f"METRICS_PORT={busy_port}" in line and "METRICS_PORT=0" in line


def test_web_port_in_use_names_the_variable(busy_port, no_local_broker):
    run = run_cli(
        "worker",
        env={
            **no_local_broker,
            "WEB_PORT": str(busy_port),
            "METRICS_PORT": "0",
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
        },
    )
    assert run.returncode == 2
    assert f"WEB_PORT={busy_port}" in one_error_line(run)


def test_unknown_model_with_the_default_extraction_pool_is_one_line(no_local_broker):
    run = run_cli(
        "worker",
        env={
            **no_local_broker,
            "SPACY_MODEL": "en_no_such_model",
            "EXTRACT_PROCESSES": "2",
            "METRICS_PORT": "0",
            "WEB_PORT": "0",
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
        },
    )
    assert run.returncode == 2
    line = one_error_line(run)
    assert "SPACY_MODEL=en_no_such_model" in line and "pip install" in line
    assert "BrokenProcessPool" not in run.stderr


def test_closed_pipe_ends_quietly_with_exit_code_0():
    # `extract` writes one event per article; `head -c 1` closes the pipe after the first byte.
    records = "".join(f'{{"id": "a{i}", "body": "Rain fell in Oslo on day {i}."}}\n' for i in range(400))
    script = f"set -o pipefail; {sys.executable} -m service extract - | head -c 1 >/dev/null"
    run = subprocess.run(["bash", "-c", script], cwd=REPO, input=records, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr
