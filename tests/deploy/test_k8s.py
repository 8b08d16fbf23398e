"""Kubernetes manifests: schema-valid for a pinned Kubernetes version, and consistent with each other."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from service.config import environment_names

#: The Kubernetes version the manifests target (its strict schemas ship inside kubernetes-validate).
KUBERNETES_VERSION = "1.31.0"

K8S_DIR = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
CRD_DIR = Path(__file__).resolve().parent / "crds"

#: Custom resources: (apiVersion, kind) -> CRD schema excerpt (see tests/deploy/crds/README.md).
CRD_SCHEMAS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "keda.sh_scaledobjects.v1alpha1.yaml",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "keda.sh_triggerauthentications.v1alpha1.yaml",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "monitoring.coreos.com_servicemonitors.v1.yaml",
}

#: KEDA's kafka scaler names for the worker's KAFKA_SASL_MECHANISM values.
KEDA_SASL_MODES = {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256", "SCRAM-SHA-512": "scram_sha512"}


def _manifest_files() -> list[Path]:
    return sorted(p for p in K8S_DIR.glob("*.yaml") if p.name != "kustomization.yaml")


def _documents() -> list[dict]:
    docs = []
    for path in _manifest_files():
        docs.extend(d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d)
    return docs


def _one(kind: str) -> dict:
    [doc] = [d for d in _documents() if d["kind"] == kind]
    return doc


def _worker_container() -> dict:
    [container] = _one("Deployment")["spec"]["template"]["spec"]["containers"]
    return container


def _container_port(name: str) -> int:
    [port] = [p["containerPort"] for p in _worker_container()["ports"] if p["name"] == name]
    return port


def test_kustomization_lists_exactly_the_manifests_in_the_folder():
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text(encoding="utf-8"))
    assert sorted(kustomization["resources"]) == [p.name for p in _manifest_files()]


@pytest.mark.parametrize("doc", _documents(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_manifest_is_valid_for_its_schema(doc):
    key = (doc["apiVersion"], doc["kind"])
    if key in CRD_SCHEMAS:
        schema = yaml.safe_load((CRD_DIR / CRD_SCHEMAS[key]).read_text(encoding="utf-8"))
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    else:
        # strict=True rejects fields the Kubernetes API does not define (typos, misplaced keys).
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_manifests_are_namespace_agnostic():
    assert all("namespace" not in doc["metadata"] for doc in _documents())


@pytest.mark.parametrize(
    ("mutation", "path"),
    [
        (lambda d: d["spec"]["triggers"][0]["metadata"].__setitem__("lagThreshold", 64), "lagThreshold"),
        (lambda d: d["spec"].__setitem__("maxReplicas", 4), "maxReplicas"),
    ],
    ids=["numeric trigger parameter", "misspelt field"],
)
def test_crd_schema_excerpt_rejects_common_scaledobject_mistakes(mutation, path):
    doc = _one("ScaledObject")
    mutation(doc)
    schema = yaml.safe_load((CRD_DIR / CRD_SCHEMAS[("keda.sh/v1alpha1", "ScaledObject")]).read_text())
    with pytest.raises(jsonschema.ValidationError, match=path):
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def test_liveness_and_startup_probes_hit_the_live_endpoint_on_the_health_port():
    container = _worker_container()
    for probe in ("startupProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/health/live", "port": "health"}
    assert _container_port("health") == 6066


def test_readiness_probe_hits_the_ready_endpoint_on_the_health_port():
    assert _worker_container()["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "health"}


def test_container_ports_match_the_configured_ports():
    config = _one("ConfigMap")["data"]
    assert _container_port("health") == int(config["WEB_PORT"])
    assert _container_port("metrics") == int(config["METRICS_PORT"])
    assert config["WEB_HOST"] == "0.0.0.0"


def test_worker_requests_one_core_per_extraction_process_and_caps_memory():
    resources = _worker_container()["resources"]
    config = _one("ConfigMap")["data"]
    assert resources["requests"] == {"cpu": config["EXTRACT_PROCESSES"], "memory": "768Mi"}
    assert resources["limits"] == {"memory": "1536Mi"}


def test_worker_runs_as_the_image_non_root_user():
    pod = _one("Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001


def test_configmap_keys_are_settings_names():
    unknown = set(_one("ConfigMap")["data"]) - set(environment_names())
    assert not unknown, f"the settings object does not read: {sorted(unknown)}"


def test_secret_env_vars_are_settings_names():
    names = {e["name"] for e in _worker_container()["env"]}
    assert names == {"KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"}
    assert names <= set(environment_names())


def test_secret_example_holds_only_placeholders():
    secret = _one("Secret")
    assert secret["stringData"]["KAFKA_SASL_USERNAME"] == "REPLACE_ME"
    assert secret["stringData"]["KAFKA_SASL_PASSWORD"] == "REPLACE_ME"


def test_deployment_env_and_trigger_authentication_reference_existing_secret_keys():
    secret = _one("Secret")
    keys = set(secret["stringData"])
    for env in _worker_container()["env"]:
        ref = env["valueFrom"]["secretKeyRef"]
        assert (ref["name"], ref["key"]) in {(secret["metadata"]["name"], k) for k in keys}
    for ref in _one("TriggerAuthentication")["spec"]["secretTargetRef"]:
        assert ref["name"] == secret["metadata"]["name"]
        assert ref["key"] in keys


def test_keda_scales_at_most_to_the_partition_count():
    max_replicas = _one("ScaledObject")["spec"]["maxReplicaCount"]
    assert 1 <= _one("ScaledObject")["spec"]["minReplicaCount"] <= max_replicas
    assert max_replicas <= int(_one("ConfigMap")["data"]["TOPIC_PARTITIONS"])


def test_keda_watches_the_worker_group_topic_and_broker():
    scaled = _one("ScaledObject")
    config = _one("ConfigMap")["data"]
    [trigger] = scaled["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    assert trigger["metadata"]["consumerGroup"] == config["APP_ID"] == "news-entities"
    assert trigger["metadata"]["topic"] == config["INPUT_TOPIC"] == "news.articles"
    assert trigger["metadata"]["bootstrapServers"] == config["KAFKA_BOOTSTRAP_SERVERS"]
    assert int(trigger["metadata"]["lagThreshold"]) > 0
    assert trigger["authenticationRef"]["name"] == _one("TriggerAuthentication")["metadata"]["name"]
    assert scaled["spec"]["scaleTargetRef"]["name"] == _one("Deployment")["metadata"]["name"]


def test_keda_authenticates_the_way_the_worker_does():
    config = _one("ConfigMap")["data"]
    secret = _one("Secret")["stringData"]
    protocol = config["KAFKA_SECURITY_PROTOCOL"]
    expected_sasl = KEDA_SASL_MODES[config["KAFKA_SASL_MECHANISM"]] if protocol.startswith("SASL") else "none"
    assert secret["keda-sasl"] == expected_sasl
    assert secret["keda-tls"] == ("enable" if protocol in ("SSL", "SASL_SSL") else "disable")


def test_service_monitor_scrapes_the_metrics_port_of_the_worker_service():
    service, monitor = _one("Service"), _one("ServiceMonitor")
    [port] = service["spec"]["ports"]
    assert port["name"] == "metrics"
    assert port["targetPort"] == "metrics"
    assert port["port"] == _container_port("metrics")
    [endpoint] = monitor["spec"]["endpoints"]
    assert endpoint["port"] == port["name"]
    assert endpoint["path"] == "/metrics"
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    # The alert rules select job="news-entities"; the operator's default job label is the Service name.
    assert service["metadata"]["name"] == "news-entities"
    assert "jobLabel" not in monitor["spec"]


def test_selectors_match_the_pod_labels():
    pod_labels = _one("Deployment")["spec"]["template"]["metadata"]["labels"].items()
    assert _one("Deployment")["spec"]["selector"]["matchLabels"].items() <= pod_labels
    assert _one("Service")["spec"]["selector"].items() <= pod_labels
    assert _one("PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= pod_labels


def test_deployment_leaves_the_replica_count_to_keda():
    assert "replicas" not in _one("Deployment")["spec"]


def test_disruption_budget_lets_a_single_replica_be_drained():
    assert _one("PodDisruptionBudget")["spec"] == {
        "maxUnavailable": 1,
        "selector": {"matchLabels": {"app.kubernetes.io/name": "news-entities"}},
    }
