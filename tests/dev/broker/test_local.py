import pytest

from service.dev import broker
from service.dev.broker import local
from service.dev.broker.certs import BrokerKeystore
from service.dev.broker.local import _server_properties
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


@pytest.mark.parametrize(
    ("sasl", "tls", "protocol"), [(True, False, "SASL_PLAINTEXT"), (False, True, "SSL"), (True, True, "SASL_SSL")]
)
def test_client_listener_protocol_follows_sasl_users_and_tls(sasl, tls, protocol, tmp_path):
    keystore = BrokerKeystore(tmp_path / "broker.p12", "pw") if tls else None
    props = _server_properties(tmp_path, 9093, 9094, 4, 9095, {"u": "p"} if sasl else None, keystore)
    assert f"listeners={protocol}://127.0.0.1:9093," in props
    assert f"advertised.listeners={protocol}://127.0.0.1:9093,INTERNAL://127.0.0.1:9095" in props
    assert ("ssl.keystore.location=" + str(tmp_path / "broker.p12") in props) is tls
    assert (f"listener.name.{protocol.lower()}.scram-sha-512.sasl.jaas.config" in props) is sasl
