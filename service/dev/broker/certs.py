"""TLS certificates for the local broker, made with the JDK's `keytool` (already needed to run Kafka).

A private certificate authority signs one server certificate per broker; the broker reads a PKCS12
keystore, clients trust the CA's PEM file (`KAFKA_SSL_CAFILE`). For development and tests only:
keys live unencrypted-at-rest next to a password file in the broker's state directory.

    ca = create_authority(home / "tls")                       # ca.pem + ca.p12
    keystore = issue_server_keystore(ca, home / "tls", ["localhost", "127.0.0.1"])
    broker.start(home, tls=keystore)                          # an SSL listener
"""

from __future__ import annotations

import ipaddress
import secrets
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from service.errors import BrokerError

#: Days a generated certificate is valid: long enough for a development broker, short enough that a
#: leaked test key is soon worthless.
VALIDITY_DAYS = 30

#: 2048-bit RSA: accepted by every TLS stack we talk to; key generation takes well under a second.
_KEY_ARGS = ["-keyalg", "RSA", "-keysize", "2048", "-validity", str(VALIDITY_DAYS)]


@dataclass(frozen=True)
class CertificateAuthority:
    """A private CA: its PKCS12 keystore (to sign) and its certificate as PEM (for clients to trust)."""

    keystore: Path
    password: str
    certificate: Path


@dataclass(frozen=True)
class BrokerKeystore:
    """A broker's PKCS12 keystore (private key, certificate, CA chain) and its password."""

    path: Path
    password: str


def _keytool(*args: str) -> None:
    keytool = shutil.which("keytool")
    if keytool is None:
        raise BrokerError(
            "`keytool` was not found on PATH: install a Java 17+ runtime "
            "(Debian: `apt-get install openjdk-17-jre-headless`)"
        )
    run = subprocess.run([keytool, *args], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise BrokerError(f"keytool {args[0]} failed: {(run.stdout + run.stderr).strip()[-2000:]}")


def _password(path: Path) -> str:
    """The password stored at `path`, created (owner-readable only) on first use."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def create_authority(directory: Path, name: str = "news-entities local CA") -> CertificateAuthority:
    """Create a CA in `directory` (`ca.p12`, `ca.pem`), or return the one already there."""
    directory.mkdir(parents=True, exist_ok=True)
    password = _password(directory / "ca.password")
    keystore, certificate = directory / "ca.p12", directory / "ca.pem"
    if not keystore.exists():
        _keytool(
            "-genkeypair",
            "-alias",
            "ca",
            "-dname",
            f"CN={name}",
            *_KEY_ARGS,
            "-ext",
            "bc:c=ca:true",
            "-ext",
            "ku:c=keyCertSign,cRLSign",
            "-keystore",
            str(keystore),
            "-storetype",
            "PKCS12",
            "-storepass",
            password,
        )
        certificate.unlink(missing_ok=True)
    if not certificate.exists():
        _keytool(
            "-exportcert",
            "-rfc",
            "-alias",
            "ca",
            "-keystore",
            str(keystore),
            "-storepass",
            password,
            "-file",
            str(certificate),
        )
    return CertificateAuthority(keystore, password, certificate)


def _subject_alternative_names(hosts: Sequence[str]) -> str:
    names = []
    for host in hosts:
        try:
            ipaddress.ip_address(host)
            names.append(f"ip:{host}")
        except ValueError:
            names.append(f"dns:{host}")
    return "SAN=" + ",".join(names)


def issue_server_keystore(
    ca: CertificateAuthority, directory: Path, hosts: Sequence[str], name: str = "broker"
) -> BrokerKeystore:
    """A keystore `<name>.p12` whose certificate, signed by `ca`, is valid for `hosts` (names or IPs).

    Returns the existing keystore if there is one (its hosts are not checked again).
    """
    if not hosts:
        raise ValueError("a server certificate needs at least one host name or IP address")
    directory.mkdir(parents=True, exist_ok=True)
    password = _password(directory / f"{name}.password")
    keystore = directory / f"{name}.p12"
    if keystore.exists():
        return BrokerKeystore(keystore, password)
    request, signed = directory / f"{name}.csr", directory / f"{name}.pem"
    store = ["-keystore", str(keystore), "-storetype", "PKCS12", "-storepass", password]
    try:
        _keytool("-genkeypair", "-alias", name, "-dname", f"CN={hosts[0]}", *_KEY_ARGS, *store)
        _keytool("-certreq", "-alias", name, "-file", str(request), *store)
        _keytool(
            "-gencert",
            "-alias",
            "ca",
            "-keystore",
            str(ca.keystore),
            "-storepass",
            ca.password,
            "-infile",
            str(request),
            "-outfile",
            str(signed),
            "-rfc",
            "-validity",
            str(VALIDITY_DAYS),
            "-ext",
            _subject_alternative_names(hosts),
            "-ext",
            "ku:c=digitalSignature,keyEncipherment",
            "-ext",
            "eku=serverAuth",
        )
        # The chain reply replaces the self-signed certificate only once the CA is trusted in the store.
        _keytool("-importcert", "-noprompt", "-alias", "ca", "-file", str(ca.certificate), *store)
        _keytool("-importcert", "-noprompt", "-alias", name, "-file", str(signed), *store)
    except BrokerError:
        keystore.unlink(missing_ok=True)
        raise
    finally:
        request.unlink(missing_ok=True)
    return BrokerKeystore(keystore, password)
