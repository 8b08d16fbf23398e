import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import Settings, environment_names
from service.errors import ConfigError


def test_defaults_name_the_documented_topics_and_ports(monkeypatch):
    for name in environment_names():
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert (settings.input_topic, settings.output_topic, settings.dlq_topic) == (
        "news.articles",
        "news.entities",
        "news.articles.dlq",
    )
    assert settings.web_port == 6066 and settings.metrics_port == 9108
    assert settings.processing_guarantee == "at_least_once"


def test_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("INPUT_TOPIC", "raw")
    monkeypatch.setenv("METRICS_PORT", "9200")
    monkeypatch.setenv("SPACY_MODEL", "/models/en")
    settings = Settings.from_env()
    assert settings.bootstrap_servers == "kafka-1:9092,kafka-2:9092"
    assert settings.input_topic == "raw" and settings.metrics_port == 9200 and settings.spacy_model == "/models/en"


def test_settings_are_frozen():
    settings = Settings.from_env()
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError for frozen instances
        settings.input_topic = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("KAFKA_BOOTSTRAP_SERVERS", "no-port-here", "KAFKA_BOOTSTRAP_SERVERS"),
        ("METRICS_PORT", "not-a-number", "METRICS_PORT"),
        ("PROCESSING_GUARANTEE", "twice", "PROCESSING_GUARANTEE"),
        ("MAX_BODY_BYTES", "2000000", "MAX_BODY_BYTES"),
    ],
)
def test_bad_configuration_fails_at_start_with_the_variable_named(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=expected):
        Settings.from_env()


def test_bootstrap_falls_back_to_the_local_broker_address_the_cli_finds(monkeypatch, tmp_path: Path):
    from service.cli import with_local_broker

    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("LOCAL_BROKER_DIR", str(tmp_path))
    assert with_local_broker(Settings.from_env()).bootstrap_servers == "localhost:9092"
    (tmp_path / "bootstrap").write_text("127.0.0.1:40001\n")
    # Settings alone never reads the local broker's files; the CLI looks the address up and passes it in.
    assert Settings.from_env().bootstrap_servers == "localhost:9092"
    assert with_local_broker(Settings.from_env()).bootstrap_servers == "127.0.0.1:40001"
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    assert with_local_broker(Settings.from_env()).bootstrap_servers == "kafka:9092"


# Run in a fresh interpreter: the test process itself has imported service.dev long ago.
_PRODUCTION_IMPORTS = """
import sys
from service.cli import with_local_broker
from service.config import Settings
from service.connection import check_local_broker
import service.stream.app
settings = with_local_broker(Settings.from_env())
check_local_broker(settings)
assert settings.bootstrap_servers == "kafka:9092", settings.bootstrap_servers
print(sorted(name for name in sys.modules if name == "service.dev" or name.startswith("service.dev.")))
"""


def test_a_worker_given_kafka_bootstrap_servers_never_imports_the_development_tools(tmp_path: Path):
    (tmp_path / "bootstrap").write_text("127.0.0.1:40001\n")  # a local broker's address is there, unread
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": "kafka:9092", "LOCAL_BROKER_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", _PRODUCTION_IMPORTS],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_exactly_once_is_refused_at_start_with_the_reason_and_the_fix(monkeypatch):
    monkeypatch.setenv("PROCESSING_GUARANTEE", "exactly_once")
    with pytest.raises(ConfigError, match="PROCESSING_GUARANTEE.*#177.*PROCESSING_GUARANTEE=at_least_once"):
        Settings.from_env()


def test_extract_processes_auto_means_one_per_usable_core(monkeypatch):
    import os

    monkeypatch.delenv("EXTRACT_PROCESSES", raising=False)
    assert Settings.from_env().extraction_processes == len(os.sched_getaffinity(0))
    monkeypatch.setenv("EXTRACT_PROCESSES", "0")
    assert Settings.from_env().extraction_processes == 0
    monkeypatch.setenv("EXTRACT_PROCESSES", "-1")
    with pytest.raises(ConfigError, match="EXTRACT_PROCESSES"):
        Settings.from_env()


def test_the_workers_data_dir_defaults_to_the_temp_dir_not_the_working_directory(monkeypatch):
    import tempfile

    monkeypatch.delenv("DATA_DIR", raising=False)
    settings = Settings(app_id="news-x")
    assert settings.worker_data_dir == Path(tempfile.gettempdir()) / "news-x-data"
    assert Settings(data_dir=Path("/srv/data")).worker_data_dir == Path("/srv/data")
