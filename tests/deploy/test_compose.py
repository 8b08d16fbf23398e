"""docker-compose.yml: valid Compose, runnable without edits, wired to the files under deploy/."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest
import yaml

from service.config import environment_names

SERVICES_NEEDING_SETTINGS = ("worker", "producer")


def _bind_mounts(service: dict) -> list[tuple[str, str]]:
    """(host path, container path) of a service's bind mounts, short or long syntax."""
    mounts = []
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            if volume.get("type") != "bind":
                continue
            source, target = volume["source"], volume["target"]
        mounts.append((source, target))
    return mounts


def _vendored_compose_schema() -> dict:
    """The Compose specification schema that check-jsonschema ships (`vendor.compose-spec`).

    Located through the distribution's file list rather than importlib.resources: importing any
    check_jsonschema module runs its CLI module, which fails with click 8.3 (`ParamType[...]`).
    """
    [schema_file] = [
        f
        for f in metadata.files("check-jsonschema") or []
        if f.as_posix().endswith("builtin_schemas/vendor/compose-spec.json")
    ]
    return json.loads(schema_file.read_text(encoding="utf-8"))


def test_compose_file_matches_the_compose_specification_schema(compose):
    schema = _vendored_compose_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_class(schema).iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_compose_runs_the_whole_stack(compose):
    assert set(compose["services"]) == {"kafka", "worker", "producer", "prometheus", "grafana"}


@pytest.mark.parametrize("name", ["kafka", "worker", "producer", "prometheus", "grafana"])
def test_every_service_has_an_image_or_a_build(compose, name):
    service = compose["services"][name]
    assert "image" in service or "build" in service


def test_kafka_is_the_official_image_pinned_to_the_tested_version(compose):
    assert compose["services"]["kafka"]["image"] == "apache/kafka:3.9.1"


def test_kafka_advertises_the_compose_name_inside_and_localhost_outside(compose):
    env = compose["services"]["kafka"]["environment"]
    listeners = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
    advertised = dict(item.split("://") for item in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    protocols = dict(item.split(":") for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert advertised == {"INTERNAL": "kafka:9092", "HOST": "localhost:29092"}
    # Every listener has a protocol, and every advertised one is also bound.
    assert set(listeners) == set(protocols)
    assert set(advertised) <= set(listeners)
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] in listeners
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] not in advertised
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] in advertised
    node_id = env["KAFKA_NODE_ID"]
    controller_port = listeners["CONTROLLER"].rpartition(":")[2]
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{node_id}@kafka:{controller_port}"
    assert "29092:29092" in compose["services"]["kafka"]["ports"]


@pytest.mark.parametrize("name", SERVICES_NEEDING_SETTINGS)
def test_service_environment_uses_only_settings_names(compose, name):
    unknown = set(compose["services"][name]["environment"]) - set(environment_names())
    assert not unknown, f"{name} sets variables the settings object does not read: {sorted(unknown)}"


@pytest.mark.parametrize("name", SERVICES_NEEDING_SETTINGS)
def test_service_reaches_kafka_on_its_internal_listener(compose, name):
    env = compose["services"][name]["environment"]
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert compose["services"][name]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_worker_health_server_listens_on_all_interfaces(compose):
    assert compose["services"]["worker"]["environment"]["WEB_HOST"] == "0.0.0.0"


def test_worker_healthcheck_uses_the_readiness_endpoint(compose):
    test = " ".join(compose["services"]["worker"]["healthcheck"]["test"])
    assert "/health/ready" in test
    assert ":6066/" in test


def test_producer_feeds_the_shipped_samples_once_the_worker_is_ready(compose, repo_root):
    producer = compose["services"]["producer"]
    assert producer["command"][:4] == ["python", "-m", "service", "produce"]
    container_path = producer["command"][4]
    host_path = None
    for source, target in _bind_mounts(producer):
        if container_path.startswith(target.rstrip("/") + "/"):
            host_path = repo_root / source / container_path[len(target.rstrip("/")) + 1 :]
    assert host_path is not None, f"{container_path} is not inside a mounted folder"
    assert host_path.is_file()
    assert host_path.read_text(encoding="utf-8").count("\n") >= 20
    assert producer["depends_on"]["worker"]["condition"] == "service_healthy"
    assert producer["restart"] == "no"


def test_producer_runs_the_image_the_worker_builds(compose):
    worker, producer = compose["services"]["worker"], compose["services"]["producer"]
    assert producer["image"] == worker["image"]
    assert producer["build"] == worker["build"] == "."


@pytest.mark.parametrize("name", ["kafka", "worker", "producer", "prometheus", "grafana"])
def test_every_bind_mount_source_exists_in_the_repo(compose, repo_root, name):
    for source, _ in _bind_mounts(compose["services"][name]):
        assert source.startswith("./"), f"{source}: use a path relative to the repository"
        assert (repo_root / source).exists(), f"{name} mounts {source}, which is missing"


def test_prometheus_mounts_the_checked_config_and_rules(compose):
    mounts = dict(_bind_mounts(compose["services"]["prometheus"]))
    assert mounts["./deploy/prometheus/prometheus.yml"] == "/etc/prometheus/prometheus.yml"
    # prometheus.yml names its rule files relative to itself: rules/ must sit beside it.
    assert mounts["./deploy/prometheus/rules"] == "/etc/prometheus/rules"


def test_prometheus_scrapes_the_worker_metrics_port(repo_root, compose):
    config = yaml.safe_load((repo_root / "deploy/prometheus/prometheus.yml").read_text(encoding="utf-8"))
    [job] = [j for j in config["scrape_configs"] if j["job_name"] == "news-entities"]
    targets = [t for sc in job["static_configs"] for t in sc["targets"]]
    port = compose["services"]["worker"]["environment"]["METRICS_PORT"]
    assert targets == [f"worker:{port}"]


def test_grafana_mounts_the_checked_provisioning_and_dashboards(compose, repo_root):
    grafana = compose["services"]["grafana"]
    mounts = dict(_bind_mounts(grafana))
    assert mounts["./deploy/grafana/provisioning/datasources"] == "/etc/grafana/provisioning/datasources"
    assert mounts["./deploy/grafana/provisioning/dashboards"] == "/etc/grafana/provisioning/dashboards"
    assert mounts["./deploy/grafana/dashboards"] == "/etc/grafana/dashboards"
    # The home dashboard path, seen from the host, is the dashboard file the tests check.
    home = Path(grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"])
    assert home.parent == Path("/etc/grafana/dashboards")
    assert (repo_root / "deploy/grafana/dashboards" / home.name).is_file()


def test_grafana_lets_anonymous_visitors_view(compose):
    env = compose["services"]["grafana"]["environment"]
    assert env["GF_AUTH_ANONYMOUS_ENABLED"] == "true"
    assert env["GF_AUTH_ANONYMOUS_ORG_ROLE"] == "Viewer"


def test_worker_gets_time_to_shut_down_gracefully(compose, repo_root):
    """Docker's default 10 s before SIGKILL cut the worker's shutdown short on a loaded machine."""
    grace = compose["services"]["worker"]["stop_grace_period"]
    assert grace.endswith("s") and int(grace[:-1]) >= 30
    deployment = yaml.safe_load((repo_root / "deploy/k8s/deployment.yaml").read_text(encoding="utf-8"))
    assert int(grace[:-1]) == deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
