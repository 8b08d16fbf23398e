"""The one settings-to-TLS builder: what every Kafka client (CLI and Faust worker) gets from KAFKA_SSL_*."""

from __future__ import annotations

import ssl

import faust
import pytest

from service.config import Settings
from service.errors import ConfigError
from service.stream.app import broker_credentials
from service.tls import ssl_context


def settings(**values: object) -> Settings:
    return Settings.from_env(kafka_bootstrap_servers="127.0.0.1:9093", **values)


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SASL_PLAINTEXT"])
def test_no_tls_context_without_tls(protocol):
    assert ssl_context(settings(kafka_security_protocol=protocol)) is None
    assert "ssl_context" not in settings(kafka_security_protocol=protocol).kafka_client_options()


@pytest.mark.parametrize("protocol", ["SSL", "SASL_SSL"])
def test_every_client_verifies_the_certificate_and_the_host_name(protocol):
    configured = settings(kafka_security_protocol=protocol, kafka_sasl_username="u", kafka_sasl_password="p")
    cli_context = configured.kafka_client_options()["ssl_context"]
    credentials = broker_credentials(configured)
    assert isinstance(credentials, faust.SSLCredentials | faust.SASLCredentials)
    faust_context = credentials.context if isinstance(credentials, faust.SSLCredentials) else credentials.ssl_context
    for context in (cli_context, faust_context):
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True


@pytest.mark.parametrize("variable", ["kafka_ssl_cafile", "kafka_ssl_certfile", "kafka_ssl_keyfile"])
def test_a_missing_file_names_its_variable_and_path_for_both_clients(variable, tmp_path):
    missing = tmp_path / "nowhere.pem"
    # Built without validation: the builder must hold even for settings not read through from_env().
    configured = Settings.model_construct(
        kafka_bootstrap_servers="127.0.0.1:9093", kafka_security_protocol="SSL", **{variable: missing}
    )
    for build in (ssl_context, broker_credentials, Settings.kafka_client_options):
        with pytest.raises(ConfigError, match=f"{variable.upper()}={missing}: no such file"):
            build(configured)


def test_a_file_that_is_not_a_certificate_names_kafka_ssl_cafile(tmp_path):
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match=f"KAFKA_SSL_CAFILE={junk}: not a PEM CA certificate"):
        ssl_context(settings(kafka_security_protocol="SSL", kafka_ssl_cafile=junk))


def test_a_key_without_its_certificate_is_refused(tmp_path):
    key = tmp_path / "client.key"
    key.write_text("-----BEGIN PRIVATE KEY-----\n")
    with pytest.raises(ConfigError, match="KAFKA_SSL_KEYFILE is set without KAFKA_SSL_CERTFILE"):
        ssl_context(settings(kafka_security_protocol="SSL", kafka_ssl_keyfile=key))
