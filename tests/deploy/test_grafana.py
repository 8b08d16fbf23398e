"""Grafana provisioning and the dashboard: the compose stack shows a working dashboard unaided."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

DATASOURCES = Path("deploy/grafana/provisioning/datasources/prometheus.yml")
PROVIDERS = Path("deploy/grafana/provisioning/dashboards/dashboards.yml")
DASHBOARD = Path("deploy/grafana/dashboards/news-entities.json")


@pytest.fixture(scope="module")
def dashboard(repo_root) -> dict:
    return json.loads((repo_root / DASHBOARD).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def datasource(repo_root) -> dict:
    [source] = yaml.safe_load((repo_root / DATASOURCES).read_text(encoding="utf-8"))["datasources"]
    return source


def _data_panels(dashboard: dict) -> list[dict]:
    return [p for p in dashboard["panels"] if p["type"] != "row"]


def test_datasource_points_at_the_compose_prometheus(datasource, compose):
    assert datasource["type"] == "prometheus"
    assert datasource["url"] == "http://prometheus:9090"
    assert "prometheus" in compose["services"]
    assert datasource["isDefault"] is True


def test_every_panel_queries_prometheus_with_an_expression(dashboard):
    panels = _data_panels(dashboard)
    assert len(panels) >= 12
    for panel in panels:
        assert panel["targets"], f"panel {panel['title']!r} has no query"
        for target in panel["targets"]:
            assert target["expr"].strip(), f"panel {panel['title']!r} has an empty query"


def test_every_panel_and_query_uses_the_provisioned_datasource_uid(dashboard, datasource):
    for panel in _data_panels(dashboard):
        assert panel["datasource"] == {"type": "prometheus", "uid": datasource["uid"]}, panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == datasource["uid"], panel["title"]


def test_panel_ids_are_unique_and_panels_do_not_overlap(dashboard):
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    cells = set()
    for panel in dashboard["panels"]:
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24, panel["title"]
        area = {(x, y) for x in range(pos["x"], pos["x"] + pos["w"]) for y in range(pos["y"], pos["y"] + pos["h"])}
        assert not area & cells, f"panel {panel['title']!r} overlaps another"
        cells |= area


def test_dashboard_covers_the_operational_questions(dashboard):
    exprs = " ".join(t["expr"] for p in _data_panels(dashboard) for t in p["targets"])
    for needed in (
        "rate(news_articles_processed_total",
        "news_end_to_end_latency_seconds_bucket",
        "news_consumer_lag_messages",
        "rate(news_dead_letters_total",
        "rate(news_entities_total",
        "rate(news_casualty_figures_total",
        "news_batch_size_bucket",
        "news_extraction_batch_seconds_bucket",
        "news_process_resident_memory_bytes",
        "rate(news_process_cpu_seconds_total",
        "news_worker_ready",
    ):
        assert needed in exprs


def test_queries_run_in_prometheus_as_written(dashboard):
    # Grafana-only macros ($__rate_interval, $var) would break the integration test that runs
    # each expression against Prometheus directly.
    for panel in _data_panels(dashboard):
        for target in panel["targets"]:
            assert "$" not in target["expr"], panel["title"]


def test_every_dashboard_expression_is_valid_promql(dashboard, promtool, tmp_path):
    # promtool has no expression checker; a recording rule per expression gets each one parsed.
    rules = [
        {"record": f"dashboard:panel{p['id']}:{t['refId']}", "expr": t["expr"]}
        for p in _data_panels(dashboard)
        for t in p["targets"]
    ]
    rules_file = tmp_path / "dashboard-exprs.yml"
    rules_file.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8")
    result = subprocess.run([promtool, "check", "rules", str(rules_file)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_provisioning_loads_dashboards_from_the_folder_compose_mounts(repo_root, compose):
    [provider] = yaml.safe_load((repo_root / PROVIDERS).read_text(encoding="utf-8"))["providers"]
    assert provider["type"] == "file"
    mounts = {
        target: source for source, target, *_ in (v.split(":") for v in compose["services"]["grafana"]["volumes"])
    }
    host_folder = repo_root / mounts[provider["options"]["path"]]
    assert host_folder == (repo_root / DASHBOARD).parent
    assert (repo_root / DASHBOARD).is_file()


def test_home_dashboard_is_the_provisioned_dashboard(repo_root, compose):
    home = compose["services"]["grafana"]["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert Path(home).name == DASHBOARD.name


def test_dashboard_refreshes_itself(dashboard):
    assert dashboard["uid"] == "news-entities"
    assert dashboard["refresh"]
