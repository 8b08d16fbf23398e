"""Settings -> TLS, once for every Kafka client (the CLI's aiokafka clients and the Faust worker).

`ssl_context` is the only place the KAFKA_SSL_* settings become an `ssl.SSLContext`: CA verification
and host-name checking are always on (a TLS connection that trusts anyone is not worth having).
`check_brokers` makes one TLS handshake with each bootstrap server before a command starts, because
the Kafka clients report a rejected certificate only as "Unable to bootstrap": it turns an untrusted
certificate or a host-name mismatch into one line naming the setting to fix.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from pathlib import Path

from service.config import Settings
from service.errors import ConfigError

#: OpenSSL verify codes (X509_V_ERR_*) that mean "the certificate is for another host".
_HOST_MISMATCH = {62, 64}  # HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH
#: Seconds for one handshake: a reachable broker answers in milliseconds, even on a loaded machine.
HANDSHAKE_TIMEOUT_S = 10.0


def uses_tls(settings: Settings) -> bool:
    """True when KAFKA_SECURITY_PROTOCOL is SSL or SASL_SSL."""
    return settings.kafka_security_protocol in ("SSL", "SASL_SSL")


def _existing_file(variable: str, path: Path | None) -> str | None:
    if path is None:
        return None
    if not path.is_file():
        raise ConfigError(f"{variable}={path}: no such file (give the path of a PEM file, or unset {variable})")
    return str(path)


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context for KAFKA_SSL_* (None unless the protocol is SSL or SASL_SSL).

    Trusts only KAFKA_SSL_CAFILE when set, else the system's CAs (managed Kafka services use public
    CAs); presents KAFKA_SSL_CERTFILE/KAFKA_SSL_KEYFILE when the cluster wants client certificates.

    Raises:
        ConfigError: a file is missing or is not what its variable says, naming the variable.

    """
    if not uses_tls(settings):
        return None
    cafile = _existing_file("KAFKA_SSL_CAFILE", settings.kafka_ssl_cafile)
    certfile = _existing_file("KAFKA_SSL_CERTFILE", settings.kafka_ssl_certfile)
    keyfile = _existing_file("KAFKA_SSL_KEYFILE", settings.kafka_ssl_keyfile)
    if keyfile and not certfile:
        raise ConfigError(
            "KAFKA_SSL_KEYFILE is set without KAFKA_SSL_CERTFILE: set both for a client certificate, or neither"
        )
    try:
        context = ssl.create_default_context(cafile=cafile)
    except ssl.SSLError as exc:
        raise ConfigError(f"KAFKA_SSL_CAFILE={cafile}: not a PEM CA certificate ({exc.reason or exc})") from None
    if certfile:
        try:
            context.load_cert_chain(certfile, keyfile)
        except ssl.SSLError as exc:
            raise ConfigError(
                f"KAFKA_SSL_CERTFILE={certfile} / KAFKA_SSL_KEYFILE={keyfile}: not a PEM certificate and its "
                f"unencrypted private key ({exc.reason or exc})"
            ) from None
    return context


def _explain(error: ssl.SSLCertVerificationError, address: str, host: str, settings: Settings) -> str:
    reason = error.verify_message or str(error)
    if error.verify_code in _HOST_MISMATCH:
        return (
            f"TLS: the certificate of the Kafka broker at {address} is not valid for {host!r} ({reason}); "
            "put a host name the certificate lists in KAFKA_BOOTSTRAP_SERVERS (and in the broker's "
            "advertised.listeners)"
        )
    trusted = (
        f"KAFKA_SSL_CAFILE={settings.kafka_ssl_cafile}"
        if settings.kafka_ssl_cafile
        else "the system CAs (KAFKA_SSL_CAFILE is unset)"
    )
    return (
        f"TLS: the Kafka broker at {address} presented a certificate that {trusted} does not trust "
        f"({reason}); set KAFKA_SSL_CAFILE to the PEM file of the CA that signed the broker's certificate"
    )


async def _handshake(host: str, port: int, context: ssl.SSLContext) -> None:
    _, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=context, server_hostname=host), HANDSHAKE_TIMEOUT_S
    )
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()


async def check_brokers(settings: Settings) -> None:
    """One TLS handshake per bootstrap server; raise ConfigError if a certificate is refused.

    A server that cannot be reached at all is left to the Kafka client, which reports it.

    Raises:
        ConfigError: untrusted certificate, host-name mismatch, or a listener that does not speak TLS.

    """
    context = ssl_context(settings)
    if context is None:
        return
    for address in settings.bootstrap_servers.split(","):
        host, _, port = address.strip().rpartition(":")
        host = host.strip("[]")
        try:
            await _handshake(host, int(port), context)
        except ssl.SSLCertVerificationError as exc:
            raise ConfigError(_explain(exc, address.strip(), host, settings)) from None
        except (ssl.SSLError, ConnectionResetError) as exc:
            raise ConfigError(
                f"TLS: no TLS handshake with the Kafka broker at {address.strip()} ({exc}); is that a TLS "
                "listener? Check KAFKA_SECURITY_PROTOCOL and KAFKA_BOOTSTRAP_SERVERS"
            ) from None
        except (OSError, TimeoutError):
            continue
