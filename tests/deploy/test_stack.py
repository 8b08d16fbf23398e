"""docker-compose.yml on a real Docker engine: built, started, fed, scraped, torn down.

The project's own Dockerfile and compose file run unchanged: kafka, worker, producer and prometheus
come up with `docker compose`, the producer feeds the shipped samples, and everything is checked
from the host through the published ports, as a user would. Where the engine cannot pull from a
registry, deploy/standins/build.sh builds local stand-ins under the official image names (a real,
pulled image is never replaced). The host's CA bundle goes into the image build through the
documented deploy/ca-certificates/ folder, for networks that inspect TLS.

Grafana is not started: its image comes only from a container registry, and Grafana is neither a
Debian package nor on the registries this project's machines reach. Its provisioning and
dashboard stay checked statically (tests/deploy/test_grafana.py, test_compose.py).

Needs a Docker engine and the Compose v2 plugin: `bash deploy/standins/engine.sh install` (CI does
this); the fixture starts dockerd when none answers and stops it again afterwards.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from service.dev.support import wait_for
from service.events import EVENT_SCHEMA, schema_errors
from tests.support.kafka import consume

REPO = Path(__file__).resolve().parents[2]
PROJECT = "news-entities-stack-test"
SERVICES = ("kafka", "worker", "producer", "prometheus")  # everything but grafana (see above)
HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
CA_FILE = REPO / "deploy/ca-certificates/stack-test-host.crt"
SAMPLES = REPO / "service/samples/articles.jsonl"
# Generous: two cores shared with other work; a cold machine also builds every image first.
READY_TIMEOUT = 240.0

T = TypeVar("T")

pytestmark = [pytest.mark.stack, pytest.mark.timeout(2400)]


def _run(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        output = (proc.stdout + proc.stderr)[-4000:]
        raise AssertionError(f"`{' '.join(args)}` exited with {proc.returncode}:\n{output}")
    return proc


def _compose(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
    return _run("docker", "compose", "--project-name", PROJECT, *args, timeout=timeout, check=check)


def _http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait_for(check: Callable[[], T], timeout: float, what: str, details: Callable[[], str] = str) -> T:
    """Poll `check` every second (not listening yet, or a half-written answer, count as "not yet")."""
    return wait_for(check, timeout, what, poll=1.0, ignore=(OSError, ValueError, KeyError), context=details)


def _published_ports(compose: dict) -> list[int]:
    return [int(str(p).split(":")[0]) for name in SERVICES for p in compose["services"][name].get("ports", [])]


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Stack:
    """The running compose project, with the host-side addresses its ports are published on."""

    kafka: str = "localhost:29092"
    worker_web: str = "http://localhost:6066"
    worker_metrics: str = "http://localhost:9108"
    prometheus: str = "http://localhost:9090"
    timings: dict[str, float] = field(default_factory=dict)

    def container(self, service: str) -> dict[str, Any]:
        """`docker inspect` of the service's (only) container, stopped ones included."""
        ids = _compose("ps", "--all", "--quiet", service).stdout.split()
        assert len(ids) == 1, f"expected one {service} container, found {ids}"
        return json.loads(_run("docker", "inspect", ids[0]).stdout)[0]

    def logs(self, service: str, lines: int = 60) -> str:
        return _compose("logs", "--no-color", "--tail", str(lines), service, check=False).stdout

    def prometheus_api(self, path: str) -> Any:
        status, body = _http_get(self.prometheus + path)
        assert status == 200, f"{path}: HTTP {status} {body[:300]!r}"
        return json.loads(body)["data"]


@pytest.fixture(scope="module")
def docker_engine() -> Iterator[None]:
    """A Docker engine answering the CLI and the Compose v2 plugin; dockerd is started if none runs."""
    if shutil.which("docker") is None:
        pytest.fail("the docker CLI is missing: run `bash deploy/standins/engine.sh install` (as root)")
    started_pid = None
    if _run("docker", "info", check=False).returncode != 0:
        started_pid = _run("bash", "deploy/standins/engine.sh", "start", timeout=180).stdout.strip()
    try:
        if _run("docker", "compose", "version", check=False).returncode != 0:
            pytest.fail("the Compose v2 plugin is missing: run `bash deploy/standins/engine.sh install`")
        yield
    finally:
        if started_pid:
            _run("bash", "deploy/standins/engine.sh", "stop", started_pid, timeout=60)


def _volumes_of_project() -> set[str]:
    ids = _compose("ps", "--all", "--quiet", check=False).stdout.split()
    if not ids:
        return set()
    containers = json.loads(_run("docker", "inspect", *ids).stdout)
    return {m["Name"] for c in containers for m in c["Mounts"] if m["Type"] == "volume"}


def _leftovers(volumes: set[str]) -> list[str]:
    """Containers, networks and volumes of the project that still exist."""
    label = f"label=com.docker.compose.project={PROJECT}"
    found = [f"container {c}" for c in _run("docker", "ps", "--all", "--quiet", "--filter", label).stdout.split()]
    found += [f"network {n}" for n in _run("docker", "network", "ls", "--quiet", "--filter", label).stdout.split()]
    existing = set(_run("docker", "volume", "ls", "--quiet").stdout.split())
    found += [f"volume {v}" for v in sorted(volumes & existing)]
    return found


def _image_id(name: str) -> str | None:
    proc = _run("docker", "image", "inspect", "--format", "{{.Id}}", name, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def _report(config: pytest.Config, line: str) -> None:
    """Print past pytest's output capture, so CI logs show the stack's timings on a pass too."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)


@pytest.fixture(scope="module")
def stack(docker_engine: None, request: pytest.FixtureRequest) -> Iterator[Stack]:
    """Stand-ins and the worker image built, kafka/worker/producer/prometheus up; all removed afterwards."""
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    _compose("down", "--volumes", "--remove-orphans", timeout=180)  # a run killed half-way
    busy = [port for port in _published_ports(compose) if _port_in_use(port)]
    if busy:
        pytest.fail(f"host ports {busy} are taken; the compose file publishes them (stop what holds them)")

    result = Stack()
    started = time.monotonic()

    def lap(name: str) -> None:
        result.timings[name] = time.monotonic() - started - sum(result.timings.values())

    _run("bash", "deploy/standins/build.sh", timeout=1800)
    lap("stand-in images")

    created_ca_file = False
    if HOST_CA_BUNDLE.is_file() and not CA_FILE.exists():
        shutil.copyfile(HOST_CA_BUNDLE, CA_FILE)
        created_ca_file = True
    image = compose["services"]["worker"]["image"]
    built_images = {_image_id(image)}
    volumes: set[str] = set()
    try:
        _compose("build", "worker", timeout=1800)
        built_images.add(_image_id(image))
        lap("worker image")
        try:
            # The README's command (`up --build`): the producer's build of the same image is a cache hit.
            _compose("up", "--detach", "--build", *SERVICES, timeout=900)
        except AssertionError as exc:
            logs = _compose("logs", "--no-color", "--tail", "40", check=False).stdout
            raise AssertionError(f"{exc}\n--- service logs ---\n{logs}") from None
        lap("compose up (worker healthy)")
        volumes = _volumes_of_project()
        yield result
    finally:
        # Each rebuild after a code change leaves the previous image untagged: no pile of them.
        built_images.add(_image_id(image))
        for superseded in built_images - {_image_id(image), None}:
            _run("docker", "image", "rm", str(superseded), check=False)
        if created_ca_file:
            CA_FILE.unlink(missing_ok=True)
        volumes |= _volumes_of_project()
        _compose("down", "--volumes", "--remove-orphans", "--timeout", "30", timeout=180)
        lap("tests and compose down")
        _report(request.config, "stack test: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items()))
        left = _leftovers(volumes)
        assert not left, f"`docker compose down --volumes` left {left}"


def test_kafka_image_healthcheck_passes(stack: Stack) -> None:
    health = stack.container("kafka")["State"]["Health"]
    assert health["Status"] == "healthy", health["Log"][-3:]


def test_worker_turns_healthy_and_ready_through_the_published_port(stack: Stack) -> None:
    _wait_for(
        lambda: stack.container("worker")["State"]["Health"]["Status"] == "healthy",
        READY_TIMEOUT,
        "the worker container to turn healthy",
        lambda: stack.logs("worker"),
    )
    assert _http_get(stack.worker_web + "/health/ready")[0] == 200
    assert _http_get(stack.worker_web + "/health/live")[0] == 200


def test_kafka_writes_the_compose_settings_into_server_properties(stack: Stack) -> None:
    """The image's contract: KAFKA_FOO_BAR -> foo.bar in /opt/kafka/config/server.properties."""
    text = _compose("exec", "-T", "kafka", "cat", "/opt/kafka/config/server.properties").stdout
    properties = dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    environment = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["kafka"]["environment"]
    expected = {
        key.removeprefix("KAFKA_").lower().replace("_", "."): str(value)
        for key, value in environment.items()
        if key != "KAFKA_HEAP_OPTS"
    }
    assert {key: properties.get(key) for key in expected} == expected


def test_producer_feeds_every_sample_and_exits_cleanly(stack: Stack) -> None:
    samples = SAMPLES.read_text(encoding="utf-8").splitlines()
    state = _wait_for(
        lambda: (s := stack.container("producer")["State"])["Status"] == "exited" and s,
        READY_TIMEOUT,
        "the producer to finish",
        lambda: stack.logs("producer"),
    )
    assert state["ExitCode"] == 0, stack.logs("producer")
    assert f"produced {len(samples)} records to news.articles at kafka:9092" in stack.logs("producer")


def test_every_sample_article_event_arrives_on_the_output_topic_read_from_the_host(stack: Stack) -> None:
    expected_ids = {json.loads(line)["id"] for line in SAMPLES.read_text(encoding="utf-8").splitlines()}

    def seen(records: list[Any]) -> bool:
        return {json.loads(r.value)["article_id"] for r in records} >= expected_ids

    records = asyncio.run(
        consume(stack.kafka, "news.entities", count=10 * len(expected_ids), timeout=READY_TIMEOUT, until=seen)
    )
    events = [json.loads(r.value) for r in records]
    assert {e["article_id"] for e in events} == expected_ids, stack.logs("worker")
    assert [schema_errors(EVENT_SCHEMA, event) for event in events] == [[]] * len(events)
    assert sum(len(e["people"]) + len(e["places"]) for e in events) > 0, "no entity extracted from any sample"


def test_the_incident_stage_publishes_incident_updates_whose_events_name_them(stack: Stack) -> None:
    records = asyncio.run(consume(stack.kafka, "news.incidents", count=1, timeout=READY_TIMEOUT))
    assert records, stack.logs("worker")
    incidents = [json.loads(r.value) for r in records]
    assert [schema_errors("incident.v1", incident) for incident in incidents] == [[]] * len(incidents)
    # The update's article: its event was published (before the update) and carries the incident's id.
    wanted = {i["article_id"]: i["incident_id"] for i in incidents}

    def seen(rows: list[Any]) -> bool:
        return {json.loads(r.value)["article_id"] for r in rows} >= set(wanted)

    events = [
        json.loads(r.value)
        for r in asyncio.run(consume(stack.kafka, "news.entities", count=10_000, timeout=READY_TIMEOUT, until=seen))
    ]
    assert {e["article_id"]: e["incident_id"] for e in events if e["article_id"] in wanted} == wanted


def _processed_events(metrics_text: str) -> float:
    for family in text_string_to_metric_families(metrics_text):
        if family.name == "news_articles_processed":
            return sum(
                s.value for s in family.samples if s.name.endswith("_total") and s.labels.get("outcome") == "event"
            )
    return 0.0


def test_worker_metrics_count_every_event_and_prometheus_scrapes_the_same_count(stack: Stack) -> None:
    n_samples = len(SAMPLES.read_text(encoding="utf-8").splitlines())
    counted = _wait_for(
        lambda: (c := _processed_events(_http_get(stack.worker_metrics + "/metrics")[1].decode())) >= n_samples and c,
        READY_TIMEOUT,
        f"/metrics to count {n_samples} events",
        lambda: stack.logs("worker"),
    )
    # No crash, no rebalance: each sample is processed exactly once.
    assert counted == n_samples

    def scraped() -> float | None:
        query = urllib.parse.quote('sum(news_articles_processed_total{outcome="event"})')
        result = stack.prometheus_api(f"/api/v1/query?query={query}")
        return float(result["result"][0]["value"][1]) if result["result"] else None

    assert (
        _wait_for(
            lambda: scraped() == counted, 120, "Prometheus to scrape the event count", lambda: stack.logs("prometheus")
        )
        is True
    )


def test_prometheus_reports_the_worker_target_up(stack: Stack) -> None:
    def target() -> dict[str, Any] | None:
        targets = stack.prometheus_api("/api/v1/targets")["activeTargets"]
        return next((t for t in targets if t["labels"]["job"] == "news-entities" and t["health"] == "up"), None)

    up = _wait_for(target, READY_TIMEOUT, "the news-entities target to be up", lambda: stack.logs("prometheus"))
    assert up["scrapeUrl"] == "http://worker:9108/metrics"


def test_prometheus_loads_and_evaluates_the_repo_alert_rules(stack: Stack) -> None:
    rules_file = REPO / "deploy/prometheus/rules/news-entities.rules.yml"
    repo_rules = {
        r.get("alert") or r["record"] for g in yaml.safe_load(rules_file.read_text())["groups"] for r in g["rules"]
    }

    def evaluated() -> list[dict[str, Any]] | None:
        rules = [r for g in stack.prometheus_api("/api/v1/rules")["groups"] for r in g["rules"]]
        # "unknown" until the first evaluation; then "ok", or "err" with lastError.
        return rules if rules and all(r["health"] != "unknown" for r in rules) else None

    rules = _wait_for(evaluated, 120, "the rules to be evaluated", lambda: stack.logs("prometheus"))
    groups = stack.prometheus_api("/api/v1/rules")["groups"]
    assert {g["file"] for g in groups} == {"/etc/prometheus/rules/news-entities.rules.yml"}
    assert {r["name"] for r in rules} == repo_rules
    assert {r["name"]: r["health"] for r in rules} == dict.fromkeys(repo_rules, "ok")


def test_worker_stops_on_sigterm_when_ready_and_while_starting(stack: Stack) -> None:
    """Last in this file: it stops the worker. 137 would mean Docker gave up and sent SIGKILL."""
    _compose("stop", "worker", timeout=180)
    state = stack.container("worker")["State"]
    # Ready: the graceful path, within the compose file's stop_grace_period.
    assert (state["Status"], state["ExitCode"]) == ("exited", 0), stack.logs("worker", 30)

    # Still importing and loading the model, before Faust's signal handlers exist: without an init
    # process as PID 1 this SIGTERM was dropped and the stop waited for SIGKILL.
    _compose("start", "worker", timeout=60)
    _compose("stop", "worker", timeout=180)
    state = stack.container("worker")["State"]
    assert state["Status"] == "exited" and state["ExitCode"] in {0, 143}, (state, stack.logs("worker", 30))
