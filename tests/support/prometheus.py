"""A real Prometheus server for tests and demos: own process, own port, own config and storage.

Never the system Prometheus the Debian package may have started on :9090: this one listens on a free
loopback port, scrapes the given worker metrics ports every second, and loads the repo's alert rules.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import yaml

from service.dev.report import PrometheusAPI
from service.dev.support import free_port, wait_for
from service.errors import ReportError
from tests.support.kafka import REPO

RULES = REPO / "deploy" / "prometheus" / "rules" / "news-entities.rules.yml"
#: The job label the dashboard and rules filter on (compose and the k8s ServiceMonitor use it too).
JOB = "news-entities"

T = TypeVar("T")


def prometheus_binary() -> str:
    """Path of the `prometheus` executable, or an error that says how to install it."""
    path = shutil.which("prometheus")
    if path is None:
        raise RuntimeError(
            "prometheus not found: install the Debian package `prometheus` (bash scripts/setup.sh --dev does)"
        )
    return path


class PrometheusServer:
    """`prometheus` scraping `targets` (host:port) as job news-entities, with the repo's rules."""

    def __init__(
        self, workdir: Path, targets: Sequence[str], *, interval: str = "1s", rule_files: Sequence[Path] = (RULES,)
    ) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = PrometheusAPI(self.url)
        self.config = {
            "global": {"scrape_interval": interval, "evaluation_interval": interval, "scrape_timeout": interval},
            "rule_files": [str(path) for path in rule_files],
            "scrape_configs": [{"job_name": JOB, "static_configs": [{"targets": list(targets)}]}],
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "prometheus.log"

    def start(self, timeout: float = 30.0) -> PrometheusServer:
        """Start and wait until `/-/ready` answers 200."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "prometheus.yml"
        config.write_text(yaml.safe_dump(self.config), encoding="utf-8")
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                prometheus_binary(),
                f"--config.file={config}",
                f"--storage.tsdb.path={self.workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--log.level=warn",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.wait_for(self._ready, timeout, "Prometheus to be ready")
        return self

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"prometheus exited with {self.proc.returncode}:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def wait_for(self, check: Callable[[], T], timeout: float, what: str, interval: float = 0.5) -> T:
        """Poll `check` until it returns something truthy; fail with `what` and the log at the deadline."""
        return wait_for(check, timeout, what, poll=interval, ignore=(ReportError,), context=self.log_tail)

    def value(self, expr: str) -> float | None:
        """The first value of an instant query, or None when it returns no data."""
        result = self.api.query(expr)
        return float(result[0]["value"][1]) if result else None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
