"""Prometheus config and alert rules: promtool accepts them, their unit tests pass, names exist."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

import service.metrics

CONFIG = Path("deploy/prometheus/prometheus.yml")
RULES_DIR = Path("deploy/prometheus/rules")
RULE_TESTS = Path("deploy/prometheus/tests/news-entities.test.yml")
DASHBOARD = Path("deploy/grafana/dashboards/news-entities.json")

#: Names the exposition format gives each series of a metric family, by type.
_SERIES_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}

_SERVICE_METRIC = re.compile(r"\bnews_[a-z_]+")
_PROCESS_METRIC = re.compile(r"\bprocess_[a-z_]+")


def _run(promtool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([promtool, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def _service_series_names() -> set[str]:
    """Every series name the collectors in service/metrics.py expose (with _total, _bucket, ...)."""
    names = set()
    for collector in vars(service.metrics).values():
        if isinstance(collector, MetricWrapperBase):
            for family in collector.describe():
                names.update(family.name + suffix for suffix in _SERIES_SUFFIXES[family.type])
    # Collected at scrape time, not a wrapper: the per-process memory/CPU of the worker and its pool.
    for family in service.metrics.ProcessTreeCollector(list).collect():
        names.update(sample.name for sample in family.samples)
    return names


def _alert_rules(repo_root: Path) -> list[dict]:
    rules = []
    for path in sorted((repo_root / RULES_DIR).glob("*.yml")):
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            rules.extend(group["rules"])
    return rules


def _all_expressions(repo_root: Path) -> list[str]:
    dashboard = json.loads((repo_root / DASHBOARD).read_text(encoding="utf-8"))
    panel_exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    return [rule["expr"] for rule in _alert_rules(repo_root)] + panel_exprs


def test_promtool_accepts_the_compose_prometheus_config(promtool, repo_root):
    result = _run(promtool, "check", "config", str(CONFIG), cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr
    # The config loads the rules file by a path relative to itself; a wrong path finds 0 files.
    assert "1 rule files found" in result.stdout


def test_promtool_accepts_every_rules_file(promtool, repo_root):
    rule_files = sorted(str(p.relative_to(repo_root)) for p in (repo_root / RULES_DIR).glob("*.yml"))
    assert rule_files == ["deploy/prometheus/rules/news-entities.rules.yml"]
    result = _run(promtool, "check", "rules", *rule_files, cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_fire_and_stay_quiet_as_their_unit_tests_expect(promtool, repo_root):
    result = _run(promtool, "test", "rules", str(RULE_TESTS), cwd=repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_unit_test(repo_root):
    tested = {
        case["alertname"]
        for test in yaml.safe_load((repo_root / RULE_TESTS).read_text(encoding="utf-8"))["tests"]
        for case in test.get("alert_rule_test", [])
        if case["exp_alerts"]
    }
    assert {rule["alert"] for rule in _alert_rules(repo_root)} == tested


@pytest.mark.parametrize("field", ["for", "labels", "annotations"])
def test_every_alert_has_for_severity_and_runbook(repo_root, field):
    for rule in _alert_rules(repo_root):
        assert field in rule, f"{rule['alert']} lacks {field!r}"
        if field == "labels":
            assert rule["labels"]["severity"] in {"critical", "warning"}
        if field == "annotations":
            assert {"summary", "description", "runbook"} <= set(rule["annotations"])


def test_rules_and_dashboard_use_only_metrics_the_service_exports(repo_root):
    exported = _service_series_names()
    used = {name for expr in _all_expressions(repo_root) for name in _SERVICE_METRIC.findall(expr)}
    assert used, "no news_* metric found: the regex or the files changed"
    assert used <= exported, f"not exported by service/metrics.py: {sorted(used - exported)}"


def test_memory_and_cpu_are_read_per_process_tree_not_from_the_metrics_process_alone(repo_root):
    # prometheus_client's process_* cover only the process serving /metrics, not the extraction pool.
    used = {name for expr in _all_expressions(repo_root) for name in _PROCESS_METRIC.findall(expr)}
    assert used == set()
    exprs = " ".join(_all_expressions(repo_root))
    assert "news_process_resident_memory_bytes" in exprs and "news_process_cpu_seconds_total" in exprs


def test_every_service_metric_appears_on_the_dashboard_or_in_a_rule(repo_root):
    used = {name for expr in _all_expressions(repo_root) for name in _SERVICE_METRIC.findall(expr)}
    families = {
        family.name
        for collector in vars(service.metrics).values()
        if isinstance(collector, MetricWrapperBase)
        for family in collector.describe()
    }
    unused = {f for f in families if not any(name.startswith(f) for name in used)}
    # news_committed_offset duplicates what lag shows; everything else should be visible somewhere.
    assert unused == {"news_committed_offset"}
