import pytest

from service import broker
from service.broker import local
from service.errors import BrokerError


def test_fetching_jars_without_maven_names_the_missing_tool(monkeypatch, tmp_path):
    monkeypatch.setattr(local, "LIB_DIR", tmp_path / "lib")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrokerError, match="mvn.*apt-get install maven"):
        broker.fetch_jars()


def test_starting_without_java_names_the_missing_tool(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrokerError, match="java"):
        broker.start(tmp_path / "kafka", port=0)


def test_status_of_a_broker_that_never_ran_is_not_running(tmp_path):
    state = broker.status(tmp_path)
    assert state["running"] is False and state["bootstrap"] is None


def test_stale_pid_file_does_not_count_as_running(tmp_path):
    (tmp_path / "kafka.pid").write_text("999999")
    (tmp_path / "bootstrap").write_text("127.0.0.1:1")
    assert broker.LocalBroker(tmp_path).bootstrap() is None
