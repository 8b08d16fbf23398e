"""`python -m service report` rendering, on canned query_range data (no Prometheus server)."""

from __future__ import annotations

import json
import math
import struct
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from service.cli import build_parser
from service.dev.report import (
    DASHBOARD,
    Panel,
    PrometheusAPI,
    Series,
    Target,
    format_value,
    legend,
    load_panels,
    render,
    report,
)
from service.errors import ReportError

START, END = 1_700_000_000.0, 1_700_000_600.0  # a fixed 10-minute window


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


#: Colours the report draws with: matplotlib's first two line colours, a stat value, a stat's "No data".
LINE_1, LINE_2, STAT_VALUE, STAT_NO_DATA = (31, 119, 180), (255, 127, 14), (31, 111, 63), (85, 85, 85)


def pixels(path: Path, colour: tuple[int, int, int], tolerance: int = 10) -> int:
    """How many pixels of the PNG are within `tolerance` of `colour` on every channel."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    return sum(
        count
        for count, rgb in image.getcolors(maxcolors=1 << 24)
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, colour, strict=True))
    )


class CannedPrometheus:
    """A FetchRange that records each query and answers with two wavy series per expression."""

    def __init__(self, empty: frozenset[str] = frozenset()) -> None:
        self.queries: list[tuple[str, float, float, float]] = []
        self.empty = empty

    def __call__(self, expr: str, start: float, end: float, step: float) -> list[Series]:
        self.queries.append((expr, start, end, step))
        if expr in self.empty:
            return []
        times = [start + i * step for i in range(int((end - start) / step) + 1)]
        return [
            Series(
                labels={
                    "outcome": name,
                    "reason": name,
                    "type": name,
                    "kind": name,
                    "topic": "articles",
                    "partition": str(n),
                    "instance": f"worker-{n}:9108",
                    "version": "0.1.0",
                },
                times=times,
                values=[(n + 1) * (1.5 + math.sin(t / 60)) for t in times],
            )
            for n, name in enumerate(("event", "dead_letter"))
        ]


def test_dashboard_panels_are_loaded_with_titles_units_and_queries_in_reading_order():
    panels = load_panels(DASHBOARD)
    dashboard = json.loads(DASHBOARD.read_text())
    data_panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(panels) == len(data_panels)
    assert {p.title for p in panels} == {p["title"] for p in data_panels}
    assert [t.expr for p in panels for t in p.targets] == [
        t["expr"]
        for p in sorted(data_panels, key=lambda p: (p["gridPos"]["y"], p["gridPos"]["x"]))
        for t in p["targets"]
    ]
    lag = next(p for p in panels if p.title == "Consumer lag per partition")
    assert lag.kind == "timeseries" and lag.targets[0].legend == "{{topic}} [{{partition}}]"


def test_render_queries_every_dashboard_expression_once_over_the_window_and_writes_a_png(tmp_path):
    fetch = CannedPrometheus()
    panels = load_panels(DASHBOARD)

    out = render(panels, fetch, tmp_path / "sub" / "dashboard.png", start=START, end=END)

    assert [q[0] for q in fetch.queries] == [t.expr for p in panels for t in p.targets]
    assert {(q[1], q[2]) for q in fetch.queries} == {(START, END)}
    assert {q[3] for q in fetch.queries} == {2.0}  # 600 s / 400 points, rounded, at least 1 s
    width, height = png_size(out)
    assert (width, height) == (1280, pytest.approx(2072, abs=150))  # 23 panels (incidents added 2026-12)
    assert 20_000 < out.stat().st_size < 300_000
    # The canned series are drawn (both line colours) and stat panels show values, not "No data".
    assert pixels(out, LINE_1) > 1000 and pixels(out, LINE_2) > 1000
    assert pixels(out, STAT_VALUE) > 100


def test_panels_without_data_still_render(tmp_path):
    panels = [
        Panel("Lag", "timeseries", "short", (Target("lag"),)),
        Panel("Ready", "stat", "none", (Target("ready"),)),
        Panel("Build", "table", "none", (Target("info"),)),
    ]
    out = render(
        panels,
        CannedPrometheus(empty=frozenset({"lag", "ready", "info"})),
        tmp_path / "empty.png",
        start=START,
        end=END,
    )
    assert png_size(out)[0] == 1280
    assert pixels(out, STAT_NO_DATA) > 50, 'the stat panel says "No data"'
    assert pixels(out, LINE_1) == 0 and pixels(out, STAT_VALUE) == 0, "nothing is drawn without data"


def test_nan_only_series_and_many_series_render(tmp_path):
    def fetch(expr: str, start: float, end: float, step: float) -> list[Series]:
        nans = Series({"instance": "a"}, [start, end], [math.nan, math.nan])
        return [nans] + [Series({"instance": f"w{i}"}, [start, end], [i, i + 1.0]) for i in range(6)]

    panels = [
        Panel("Latency", "timeseries", "s", (Target("q", "{{instance}}"),)),
        Panel("Seconds since last batch", "stat", "s", (Target("q", "{{instance}}"),)),
    ]
    out = render(panels, fetch, tmp_path / "nan.png", start=START, end=END)
    assert out.stat().st_size > 10_000
    # The NaN series takes the first colour and draws nothing; the next one is drawn in the second.
    assert pixels(out, LINE_1) < 50 < pixels(out, LINE_2)
    assert pixels(out, STAT_VALUE) > 50, "the stat shows the last finite value"


def test_legend_fills_grafana_placeholders_or_shows_the_label_set():
    assert legend(Target("x", "{{ topic }} [{{partition}}]"), {"topic": "in", "partition": "0"}) == "in [0]"
    assert legend(Target("x", "p99"), {}) == "p99"
    assert legend(Target("up"), {"__name__": "up", "job": "j"}) == 'up{job="j"}'
    assert legend(Target("sum(x)"), {}) == "sum(x)"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0.25, "s", "250 ms"),
        (12.0, "s", "12.0 s"),
        (512 * 2**20, "bytes", "512.0 MiB"),
        (100.0, "bytes", "100 B"),
        (3.0, "reqps", "3 req/s"),
        (4.0, "none", "4"),
        (12345.0, "short", "12,345"),
        (math.nan, "s", "NaN"),
    ],
)
def test_format_value_uses_the_panel_unit(value, unit, text):
    assert format_value(value, unit) == text


class _CannedHandler(BaseHTTPRequestHandler):
    requests: list[tuple[str, dict[str, list[str]]]] = []

    def do_GET(self) -> None:  # http.server calls it by this name
        url = urlparse(self.path)
        self.requests.append((url.path, parse_qs(url.query)))
        if "bad" in url.query:
            status, body = 400, {"status": "error", "errorType": "bad_data", "error": "parse error"}
        else:
            status, body = (
                200,
                {
                    "status": "success",
                    "data": {
                        "resultType": "matrix",
                        "result": [{"metric": {"outcome": "event"}, "values": [[START, "1"], [START + 1, "NaN"]]}],
                    },
                },
            )
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canned_server():
    server = HTTPServer(("127.0.0.1", 0), _CannedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _CannedHandler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_prometheus_api_sends_a_range_query_and_parses_the_matrix(canned_server):
    [series] = PrometheusAPI(canned_server + "/").query_range("rate(x[1m])", START, END, 2.0)

    assert series.labels == {"outcome": "event"}
    assert series.times == [START, START + 1] and series.values[0] == 1.0 and math.isnan(series.values[1])
    path, params = _CannedHandler.requests[0]
    assert path == "/api/v1/query_range"
    assert params == {"query": ["rate(x[1m])"], "start": [f"{START:.3f}"], "end": [f"{END:.3f}"], "step": ["2"]}


def test_prometheus_errors_become_report_errors_with_the_reason(canned_server):
    with pytest.raises(ReportError, match="bad_data: parse error"):
        PrometheusAPI(canned_server).query_range("bad(", START, END, 1.0)
    with pytest.raises(ReportError, match="cannot query Prometheus"):
        PrometheusAPI("http://127.0.0.1:1", timeout=2).query("up")
    with pytest.raises(ReportError, match="http"):
        PrometheusAPI("file:///etc/passwd")


def test_report_reads_the_dashboard_and_uses_the_injected_fetch(tmp_path):
    fetch = CannedPrometheus()
    out = report("http://prometheus:9090", tmp_path / "r.png", minutes=5, now=END, fetch=fetch)
    assert out.stat().st_size > 20_000
    assert {(q[1], q[2]) for q in fetch.queries} == {(END - 300, END)}


def test_report_command_defaults():
    args = build_parser().parse_args(["report"])
    assert (args.prometheus, args.minutes) == ("http://localhost:9090", 30.0)


def test_report_has_its_own_extra_named_in_the_readme_and_its_default_out_is_outside_the_repository():
    import tomllib

    from service.config import PROJECT_ROOT

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(req.startswith("matplotlib") for req in project["optional-dependencies"]["report"])
    assert not any(req.startswith("matplotlib") for req in project["dependencies"])
    assert ".[report]" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    out = Path(build_parser().parse_args(["report"]).out).resolve()
    assert not out.is_relative_to(PROJECT_ROOT)


def test_report_without_matplotlib_names_the_report_extra(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(ReportError, match=r"\[report\]"):
        report("http://unused", tmp_path / "r.png", minutes=1, fetch=lambda *args: [])
