"""Expected failures of every command end in one line naming the setting or path and the fix, exit code 2.

No broker is needed for these: each failure happens before, or instead of, the first Kafka contact.
"""

from __future__ import annotations

import json
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka.errors import KafkaConnectionError

from service import cli
from service.exitcodes import ExitCode
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
    # A broker started with --dir D is found only through LOCAL_BROKER_DIR: the line says so.
    assert f"LOCAL_BROKER_DIR={no_local_broker['LOCAL_BROKER_DIR']}" in line and "LOCAL_BROKER_DIR=D" in line


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


@pytest.fixture
def live_pid() -> Iterator[int]:
    """A process id that is alive for the test (a local broker's pid file may point at it)."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    yield sleeper.pid
    sleeper.kill()
    sleeper.wait()


def fake_running_broker(home: Path, pid: int, address: str, protocol: str) -> Path:
    """The files `broker start` leaves for a running broker with this client protocol."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "kafka.pid").write_text(str(pid))
    (home / "bootstrap").write_text(address)
    (home / "server.properties").write_text(f"advertised.listeners={protocol}://{address}\n")
    return home


def test_tls_start_where_a_plaintext_broker_runs_is_refused_in_one_line(tmp_path, live_pid):
    home = fake_running_broker(tmp_path / "kafka", live_pid, "127.0.0.1:19093", "PLAINTEXT")
    run = run_cli("broker", "start", "--tls", "--port", "0", "--dir", str(home))
    assert run.returncode == ExitCode.SETUP
    line = one_error_line(run)
    assert "PLAINTEXT broker already runs" in line and "127.0.0.1:19093" in line and "broker stop" in line
    assert run.stdout == "" and not (home / "tls").exists()


def test_broker_start_with_dir_says_later_commands_need_local_broker_dir(tmp_path, monkeypatch, capsys):
    from service.dev import broker

    monkeypatch.delenv("LOCAL_BROKER_DIR", raising=False)
    monkeypatch.setattr(broker, "start", lambda home, **options: "127.0.0.1:19094")
    home = tmp_path / "elsewhere"
    assert cli.main(["broker", "start", "--port", "0", "--dir", str(home)]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert out.strip().splitlines()[-1] == "127.0.0.1:19094"
    assert f"LOCAL_BROKER_DIR={home}" in err


def test_broker_dir_that_cannot_be_created_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    run = run_cli("broker", "start", "--port", "0", "--dir", str(blocker / "kafka"))
    assert run.returncode == ExitCode.SETUP
    line = one_error_line(run)
    assert str(blocker / "kafka") in line and "--dir" in line and "LOCAL_BROKER_DIR" in line


def test_worker_with_a_data_dir_it_cannot_create_is_one_line_naming_data_dir(tmp_path, no_local_broker):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = {**no_local_broker, "DATA_DIR": str(blocker / "data"), "METRICS_PORT": "0", "WEB_PORT": "0"}
    run = run_cli("worker", env={**env, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"})
    assert run.returncode == ExitCode.SETUP
    assert f"DATA_DIR={blocker / 'data'}" in one_error_line(run)


@pytest.fixture
def tls_listener(tmp_path) -> Iterator[tuple[str, Path]]:
    """A listener that completes TLS handshakes and nothing else (a TLS broker, as a plaintext client sees it)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    class Handshake(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            try:
                with context.wrap_socket(self.request, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handshake)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_plaintext_client_on_the_local_tls_listener_is_pointed_at_kafka_security_protocol(
    tmp_path, tls_listener, live_pid
):
    address, cert = tls_listener
    home = fake_running_broker(tmp_path / "kafka", live_pid, address, "SSL")
    (home / "tls").mkdir()
    shutil.copy(cert, home / "tls" / "ca.pem")
    run = run_cli("consume", "--timeout", "5", env={"LOCAL_BROKER_DIR": str(home)})
    assert run.returncode == ExitCode.SETUP
    line = one_error_line(run)
    assert "speaks TLS" in line and "KAFKA_SECURITY_PROTOCOL=SSL" in line
    assert f"KAFKA_SSL_CAFILE={home / 'tls' / 'ca.pem'}" in line and "does not answer" not in line


def test_a_misspelt_setting_is_warned_about_with_the_nearest_name(tmp_path):
    run = run_cli("broker", "status", "--dir", str(tmp_path), env={"KAFKA_BOOTSTRAP_SERVER": "kafka:9092"})
    warnings = [line for line in run.stderr.splitlines() if " WARNING " in line]
    assert len(warnings) == 1, run.stderr
    assert "KAFKA_BOOTSTRAP_SERVER is not a setting" in warnings[0] and "KAFKA_BOOTSTRAP_SERVERS?" in warnings[0]


def test_configuration_errors_are_json_with_log_format_json():
    run = run_cli("consume", env={"LOG_FORMAT": "json", "BATCH_SIZE": "0"})
    assert run.returncode == ExitCode.SETUP
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    entry = json.loads(lines[0])
    assert entry["level"] == "ERROR" and "BATCH_SIZE" in entry["message"]


def test_version_names_the_package_and_the_extractor_version():
    from service import __version__
    from service.extract import EXTRACTOR_VERSION

    run = run_cli("--version")
    assert run.returncode == 0
    assert f"news-entities {__version__}" in run.stdout and f"extractor {EXTRACTOR_VERSION}" in run.stdout
    assert "event_id" in run.stdout


def test_exit_codes_table_in_operations_doc_matches_the_exit_code_enum():
    doc = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    section = doc.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert sorted(int(code) for code in rows if code.isdigit()) == sorted(int(code) for code in ExitCode)


def test_a_local_broker_that_runs_but_does_not_answer_points_at_its_status_and_log(tmp_path, live_pid):
    with socket.socket() as sock:  # a port nothing listens on once the socket is closed
        sock.bind(("127.0.0.1", 0))
        silent = f"127.0.0.1:{sock.getsockname()[1]}"
    home = fake_running_broker(tmp_path / "kafka", live_pid, silent, "PLAINTEXT")
    run = run_cli("consume", "--timeout", "5", env={"LOCAL_BROKER_DIR": str(home)})
    assert run.returncode == ExitCode.SETUP
    line = one_error_line(run)
    assert f"cannot connect to Kafka at {silent}" in line and "That address is the local broker's" in line
    assert "does not answer" in line and "broker status" in line and str(home / "logs") in line


@pytest.mark.parametrize(
    ("raised", "starts"),
    [
        (ssl.SSLError("KEY_VALUES_MISMATCH"), "TLS set-up failed: "),
        (KafkaConnectionError("gone"), "Kafka error: KafkaConnectionError"),
    ],
)
def test_tls_and_kafka_failures_after_the_start_are_one_line_with_exit_code_2(raised, starts, monkeypatch, capsys):
    def fails(args: object, settings: object) -> int:
        raise raised

    monkeypatch.setattr(cli, "cmd_report", fails)  # a command that needs no cluster to get this far
    assert cli.main(["report"]) == ExitCode.SETUP
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and f" ERROR service: {starts}" in lines[0], lines
