"""Every dashboard panel and every alert has data: a real Prometheus scrapes a worker on real articles.

No panel or alert may sit on a metric that does not exist or is never set. Alert expressions are
comparisons that return nothing while all is well, so they are checked with their thresholds
stripped (`service.dev.promql`): what an alert measures must return data; whether it fires is the job
of the promtool unit tests in deploy/prometheus/tests/.
"""

from __future__ import annotations

import asyncio
import json
import math
import struct
from pathlib import Path

import pytest
import yaml

from service.dev.promql import data_operands, substitute_grafana_variables, without_thresholds
from service.dev.report import DASHBOARD, load_panels, report
from tests.support.kafka import WCEP_SECTIONS, produce
from tests.support.prometheus import JOB, RULES, PrometheusServer

ARTICLES = 30
#: One invalid record per kind of input failure, so the dead-letter series get real increments.
INVALID = [
    (b"bad-json", b'{"id": "bad-json", "body": '),
    (b"no-body", b'{"id": "no-body", "title": "A title only"}'),
    (b"not-utf8", b"\xff\xfe\x00 not text"),
    (b"empty", b""),
]


@pytest.fixture
def prometheus_dir(tmp_path: Path) -> Path:
    return tmp_path / "prometheus"


def alert_rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"] for rule in group["rules"]]


def expressions_that_must_return_data() -> dict[str, str]:
    """{expression: where it comes from} for every dashboard target and every alert's data operand."""
    wanted: dict[str, str] = {}
    for panel in load_panels(DASHBOARD):
        for target in panel.targets:
            wanted.setdefault(substitute_grafana_variables(target.expr, "1m"), f"panel {panel.title!r}")
    for rule in alert_rules():
        stripped = without_thresholds(rule["expr"])
        for expr in data_operands(rule["expr"]) + ([stripped] if stripped else []):
            wanted.setdefault(expr, f"alert {rule['alert']}")
    return wanted


def has_finite_value(result: list[dict]) -> bool:
    return any(math.isfinite(float(item["value"][1])) for item in result)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.timeout(180)  # about 30 s on 2 shared cores, broker start-up included
def test_every_dashboard_query_and_alert_expression_returns_data_from_a_real_run(
    kafka, topics, start_worker, prometheus_dir, tmp_path
):
    # The incident stage on, so that its panels (largest incidents, incident lag) have data too.
    worker = start_worker(BATCH_SIZE="8", INCIDENTS_ENABLED="true", INCIDENTS_TOPIC=f"incidents-{topics.suffix}")
    prometheus = PrometheusServer(prometheus_dir, [f"127.0.0.1:{worker.metrics_port}"]).start()
    try:
        worker.wait_ready(timeout=90)
        # Two scrapes before any article, so rates and quantiles see the counters move.
        prometheus.wait_for(
            lambda: (prometheus.value(f'count_over_time(up{{job="{JOB}"}}[1m]) and up == 1') or 0) >= 2,
            30,
            "two successful scrapes of the worker",
        )

        lines = WCEP_SECTIONS.read_text().splitlines()[:ARTICLES]
        records = [(json.loads(line)["id"].encode(), line.encode()) for line in lines] + INVALID
        asyncio.run(produce(kafka, topics.input, records))
        total = len(records)
        prometheus.wait_for(
            lambda: prometheus.value("sum(news_articles_processed_total)") == total,
            90,
            f"Prometheus to see all {total} records processed",
        )
        assert prometheus.value('news_articles_processed_total{outcome="dead_letter"}') == len(INVALID)
        assert prometheus.value("sum(news_dead_letters_total)") == len(INVALID)

        # Every expression must return at least one finite value; poll the missing ones with a deadline
        # (lag is refreshed every 2 s, LAG_REFRESH_S; rules evaluated every second).
        missing = expressions_that_must_return_data()
        results: dict[str, list[dict]] = {}

        def all_have_data() -> bool:
            for expr in list(missing):
                results[expr] = prometheus.api.query(expr)
                if has_finite_value(results[expr]):
                    del missing[expr]
            return not missing

        try:
            prometheus.wait_for(all_have_data, 30, "every expression to return data", interval=1.0)
        except TimeoutError:
            report_lines = [f"{origin}: {expr} -> {results.get(expr)}" for expr, origin in missing.items()]
            raise AssertionError("no data for:\n" + "\n".join(report_lines)) from None

        # The alert expressions as written run too; with 4 of 34 records dead-lettered the dead-letter
        # ratio is above its 5 % threshold (that alert would fire after its `for: 10m`).
        firing = {rule["alert"]: prometheus.api.query(rule["expr"]) for rule in alert_rules()}
        [ratio] = firing["NewsEntitiesDeadLetterRateHigh"]
        assert float(ratio["value"][1]) == pytest.approx(len(INVALID) / total, rel=1e-3)

        def rules_all_ok() -> list[dict] | None:
            groups = prometheus.api.get("rules")["groups"]
            rules = [rule for group in groups for rule in group["rules"]]
            return rules if rules and all(rule["health"] == "ok" for rule in rules) else None

        rules = prometheus.wait_for(rules_all_ok, 15, 'every rule to evaluate with health "ok"')
        assert sorted(r["name"] for r in rules) == sorted(r["alert"] for r in alert_rules())
        assert all(not r.get("lastError") for r in rules)

        # The report draws the same panels from this Prometheus.
        out = report(prometheus.url, tmp_path / "dashboard.png", minutes=2)
        assert out.stat().st_size > 20_000
        width, height = png_size(out)
        assert width >= 1200 and height >= 1200
    finally:
        prometheus.stop()
