"""deploy/standins: a stand-in for every registry image the stack test starts, honouring its contract.

The stand-ins themselves run in test_stack.py; these checks need no engine.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.deploy.test_stack import SERVICES

STANDINS = Path(__file__).resolve().parents[2] / "deploy/standins"


def _table(path: Path) -> dict[str, str]:
    rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    return {row[0]: row[1] for row in rows}


def test_every_registry_image_of_the_stack_has_a_standin(compose, repo_root):
    dockerfile = (repo_root / "Dockerfile").read_text(encoding="utf-8")
    [base] = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    pulled = {compose["services"][name]["image"] for name in SERVICES if "build" not in compose["services"][name]}
    standins = _table(STANDINS / "images.txt")
    assert set(standins) == pulled | {base}
    for folder in standins.values():
        assert (STANDINS / folder / "Dockerfile").is_file()


def test_grafana_has_no_standin_and_the_stack_test_leaves_it_out(compose):
    assert "grafana" in compose["services"] and "grafana" not in SERVICES
    assert compose["services"]["grafana"]["image"] not in _table(STANDINS / "images.txt")


def test_kafka_standin_has_the_script_the_compose_healthcheck_runs(compose):
    healthcheck = " ".join(compose["services"]["kafka"]["healthcheck"]["test"])
    scripts = re.findall(r"/opt/kafka/bin/([\w.-]+\.sh)", healthcheck)
    assert scripts
    tools = _table(STANDINS / "kafka/bin/tools.txt")
    assert set(scripts) <= set(tools) | {"kafka-run-class.sh", "kafka-server-start.sh"}


def test_kafka_standin_starts_like_the_official_image():
    dockerfile = (STANDINS / "kafka/Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["/etc/kafka/docker/run"]' in dockerfile
    assert "USER appuser" in dockerfile
    # The official image's own class turns KAFKA_* into server.properties and formats KRaft storage.
    assert "kafka.docker.KafkaDockerWrapper setup" in (STANDINS / "kafka/docker/launch").read_text(encoding="utf-8")


def test_prometheus_standin_keeps_the_official_entrypoint_and_paths():
    dockerfile = (STANDINS / "prometheus/Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["/bin/prometheus"]' in dockerfile
    assert '"--config.file=/etc/prometheus/prometheus.yml"' in dockerfile
    assert "USER nobody" in dockerfile


def test_every_standin_is_labelled_so_a_real_image_is_never_overwritten():
    for folder in set(_table(STANDINS / "images.txt").values()):
        assert "LABEL io.news-entities.standin=" in (STANDINS / folder / "Dockerfile").read_text(encoding="utf-8")
    assert "io.news-entities.standin" in (STANDINS / "build.sh").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "script",
    sorted(
        [
            *STANDINS.glob("*.sh"),
            *(STANDINS / "kafka/bin").glob("*.sh"),
            *(STANDINS / "kafka/docker" / name for name in ("run", "configure", "launch")),
        ]
    ),
    ids=lambda p: str(p.relative_to(STANDINS)),
)
def test_standin_scripts_are_valid_bash(script):
    proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
