"""`python -m service report`: the Grafana dashboard's panels as one PNG, straight from Prometheus.

For reviewers without Grafana. The panels, their titles, PromQL and legends are read from the
dashboard JSON (deploy/grafana/dashboards/news-entities.json), so the picture shows exactly what the
dashboard shows: stat panels become a header row (last value, like Grafana's `lastNotNull`), table
panels a line of labels, time-series panels line charts in the dashboard's reading order.

Data comes through a `FetchRange` function; `PrometheusAPI.query_range` is the real one, a test
passes canned series instead.
"""

from __future__ import annotations

import io
import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from service.config import PROJECT_ROOT
from service.dev.promql import substitute_grafana_variables
from service.errors import ReportError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DASHBOARD = PROJECT_ROOT / "deploy" / "grafana" / "dashboards" / "news-entities.json"
#: Points per series: enough for smooth lines on a 600 px wide panel, far under Prometheus' 11,000 cap.
_POINTS = 400
#: Labels that say where a series was scraped, not what it measures (left out of table panels).
_TARGET_LABELS = ("__name__", "job", "instance")


@dataclass(frozen=True, slots=True)
class Target:
    """One query of a panel."""

    expr: str
    legend: str = ""


@dataclass(frozen=True, slots=True)
class Panel:
    """The parts of a Grafana panel the report draws."""

    title: str
    kind: str  # Grafana panel type: "timeseries", "stat", "table", ...
    unit: str
    targets: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class Series:
    """One series of a range query: its labels and its (unix time, value) points."""

    labels: dict[str, str]
    times: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)


class FetchRange(Protocol):
    """Runs a PromQL range query: what `/api/v1/query_range` returns, as `Series`."""

    def __call__(self, expr: str, start: float, end: float, step: float) -> list[Series]:
        """Series of `expr` evaluated every `step` seconds from `start` to `end` (unix times)."""
        ...


class PrometheusAPI:
    """A minimal client of Prometheus' HTTP API (`/api/v1/...`), standard library only."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ReportError(f"--prometheus must be an http(s) URL, got {url!r}")
        self.url = url.rstrip("/")
        self.timeout = timeout

    def get(self, path: str, **params: str) -> Any:
        """GET `/api/v1/<path>` and return its `data`; raises ReportError on any failure."""
        url = f"{self.url}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked above
                body = json.loads(response.read())
        except urllib.error.HTTPError as exc:  # 400/422: a bad expression; the body says why
            body = json.loads(exc.read() or b"{}")
        except (OSError, ValueError) as exc:
            raise ReportError(f"cannot query Prometheus at {self.url}: {exc} (is it running? --prometheus)") from exc
        if body.get("status") != "success":
            raise ReportError(f"Prometheus rejected {params or path}: {body.get('errorType')}: {body.get('error')}")
        return body["data"]

    def query(self, expr: str, at: float | None = None) -> list[dict[str, Any]]:
        """Instant query: the raw `result` list (`metric`, `value`) of a vector or scalar."""
        params = {"query": expr} | ({"time": f"{at:.3f}"} if at is not None else {})
        data = self.get("query", **params)
        if data["resultType"] == "scalar":
            return [{"metric": {}, "value": data["result"]}]
        return list(data["result"])

    def query_range(self, expr: str, start: float, end: float, step: float) -> list[Series]:
        """Range query (a `FetchRange`)."""
        data = self.get("query_range", query=expr, start=f"{start:.3f}", end=f"{end:.3f}", step=f"{step:g}")
        return [
            Series(
                labels=dict(item["metric"]),
                times=[float(t) for t, _ in item["values"]],
                values=[float(v) for _, v in item["values"]],
            )
            for item in data["result"]
        ]


def load_panels(path: Path = DASHBOARD) -> list[Panel]:
    """The dashboard's panels that query data, in reading order (top to bottom, left to right)."""
    try:
        dashboard = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read the dashboard {path}: {exc}") from exc
    raw: list[dict[str, Any]] = []
    for panel in dashboard.get("panels", []):
        raw.append(panel)
        raw.extend(panel.get("panels", []))  # panels inside a collapsed row
    raw = [p for p in raw if p.get("type") != "row" and p.get("targets")]
    raw.sort(key=lambda p: (p.get("gridPos", {}).get("y", 0), p.get("gridPos", {}).get("x", 0)))
    return [
        Panel(
            title=p.get("title", ""),
            kind=p.get("type", "timeseries"),
            unit=p.get("fieldConfig", {}).get("defaults", {}).get("unit", "none"),
            targets=tuple(Target(t["expr"], t.get("legendFormat", "")) for t in p["targets"] if t.get("expr")),
        )
        for p in raw
    ]


def legend(target: Target, labels: dict[str, str]) -> str:
    """Grafana's legend: `{{label}}` placeholders filled in; without a format, the label set.

    >>> legend(Target("x", "{{topic}} [{{partition}}]"), {"topic": "in", "partition": "3"})
    'in [3]'
    """
    if target.legend and target.legend != "__auto":
        return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), target.legend)
    shown = {k: v for k, v in labels.items() if k != "__name__"}
    name = labels.get("__name__", "")
    if not shown:
        return name or target.expr
    return name + "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(shown.items())) + "}"


def format_value(value: float, unit: str) -> str:
    """A value as Grafana would print it for the panel's unit (the few units the dashboard uses).

    >>> format_value(0.042, "s"), format_value(3 * 2**20, "bytes"), format_value(12.5, "reqps")
    ('42 ms', '3.0 MiB', '12.5 req/s')
    """
    if math.isnan(value):
        return "NaN"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if abs(value) < 1 else f"{value:.1f} s"
    if unit == "bytes":
        for scale, name in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
            if abs(value) >= scale:
                return f"{value / scale:.1f} {name}"
        return f"{value:.0f} B"
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{text} req/s" if unit == "reqps" else text


def _last_value(series: Series) -> float:
    finite = [v for v in series.values if not math.isnan(v)]
    return finite[-1] if finite else math.nan


@dataclass(frozen=True, slots=True)
class _PanelData:
    panel: Panel
    lines: list[tuple[str, Series]]  # (legend, series) over all targets


def fetch_panels(panels: Sequence[Panel], fetch: FetchRange, start: float, end: float, step: float) -> list[_PanelData]:
    """Run every target of every panel once."""
    result = []
    for panel in panels:
        lines = []
        for target in panel.targets:
            expr = substitute_grafana_variables(target.expr, interval="1m")
            for series in sorted(fetch(expr, start, end, step), key=lambda s: sorted(s.labels.items())):
                lines.append((legend(target, series.labels), series))
        result.append(_PanelData(panel, lines))
    return result


def _draw_stat(ax: Axes, data: _PanelData) -> None:
    ax.set_axis_off()
    ax.set_title(data.panel.title, fontsize=10, loc="left")
    values = [_last_value(s) for _, s in data.lines]
    if not values:
        text = "No data"
    elif len(values) <= 3:
        text = " · ".join(format_value(v, data.panel.unit) for v in values)
    else:  # many workers: the range, as a summary
        text = f"{format_value(min(values), data.panel.unit)} – {format_value(max(values), data.panel.unit)}"
    ax.text(
        0.5,
        0.4,
        text,
        ha="center",
        va="center",
        fontsize=20,
        weight="bold",
        transform=ax.transAxes,
        color="#555555" if text == "No data" else "#1f6f3f",
    )
    ax.patch.set_visible(True)


def _draw_table(ax: Axes, data: _PanelData) -> None:
    ax.set_axis_off()
    ax.set_title(data.panel.title, fontsize=10, loc="left")
    rows = []
    for _, series in data.lines:
        labels = {k: v for k, v in series.labels.items() if k not in _TARGET_LABELS}
        rows.append("   ".join(f"{k}={v}" for k, v in sorted(labels.items())))
    ax.text(
        0.0,
        0.5,
        "\n".join(rows[:4]) or "No data",
        ha="left",
        va="center",
        fontsize=10,
        transform=ax.transAxes,
        family="monospace",
    )


def _date(unix_time: float) -> float:
    """Matplotlib's date number (days since its 1970 epoch) of a unix time."""
    from matplotlib import dates as mdates

    return float(mdates.date2num(datetime.fromtimestamp(unix_time, tz=UTC)))


def _draw_timeseries(ax: Axes, data: _PanelData, start: float, end: float) -> None:
    from matplotlib import dates as mdates
    from matplotlib.ticker import FuncFormatter

    ax.set_title(data.panel.title, fontsize=11, loc="left")
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_xlim(_date(start), _date(end))
    locator = mdates.AutoDateLocator(tz=UTC)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=UTC))
    # Bytes are drawn in MiB so the ticks fall on round MiB values, not on round byte counts.
    scale = 2**20 if data.panel.unit == "bytes" else 1
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_value(v * scale, data.panel.unit)))
    ax.tick_params(labelsize=8)
    if not data.lines:
        ax.text(0.5, 0.5, "No data", ha="center", va="center", transform=ax.transAxes, color="#888888")
        return
    for label, series in data.lines:
        ax.plot([_date(t) for t in series.times], [v / scale for v in series.values], linewidth=1.4, label=label)
    finite = [v / scale for _, series in data.lines for v in series.values if math.isfinite(v)]
    # Like Grafana: the y axis starts at 0 for non-negative data, and all-zero lines sit on the floor.
    low = min([0.0, *finite])
    high = max([0.0, *finite])
    ax.set_ylim(low, high * 1.08 if high > low else low + 1)
    ax.legend(fontsize=7, loc="upper left", ncol=min(4, max(1, len(data.lines) // 3)), frameon=False)


def render(
    panels: Sequence[Panel],
    fetch: FetchRange,
    out: Path,
    *,
    start: float,
    end: float,
    title: str = "news-entities",
    dpi: int = 80,
) -> Path:
    """Draw the panels from `start` to `end` (unix times) into a PNG at `out`; returns `out`."""
    try:
        import matplotlib
    except ImportError as exc:  # a dev extra, not needed by the worker
        raise ReportError(
            "the report needs matplotlib, which the worker does not: install the report extra with "
            "`.venv/bin/pip install -e '.[report]'` (or `pip install 'news-entities[report]'`)"
        ) from exc

    matplotlib.use("Agg")  # files only; never opens a window
    from matplotlib import pyplot as plt

    step = max(1.0, round((end - start) / _POINTS))
    data = fetch_panels(panels, fetch, start, end, step)
    header = [d for d in data if d.panel.kind in {"stat", "table"}]
    charts = [d for d in data if d.panel.kind not in {"stat", "table"}]
    stats = [d for d in header if d.panel.kind == "stat"]
    tables = [d for d in header if d.panel.kind == "table"]
    chart_rows = math.ceil(len(charts) / 2)
    heights = [1.3] * bool(stats) + [0.6] * len(tables) + [3.2] * chart_rows
    figure = plt.figure(figsize=(16, sum(heights) + 1.0), layout="constrained")
    grid = figure.add_gridspec(len(heights), 2, height_ratios=heights)
    row = 0
    if stats:
        cells = grid[row, :].subgridspec(1, len(stats))
        for index, panel_data in enumerate(stats):
            _draw_stat(figure.add_subplot(cells[0, index]), panel_data)
        row += 1
    for panel_data in tables:
        _draw_table(figure.add_subplot(grid[row, :]), panel_data)
        row += 1
    for index, panel_data in enumerate(charts):
        _draw_timeseries(figure.add_subplot(grid[row + index // 2, index % 2]), panel_data, start, end)
    span = f"{datetime.fromtimestamp(start, tz=UTC):%Y-%m-%d %H:%M} – {datetime.fromtimestamp(end, tz=UTC):%H:%M} UTC"
    figure.suptitle(f"{title}   {span}", fontsize=14, x=0.01, ha="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    # A 256-colour palette keeps the charts crisp at a third of the size: the picture lives in git.
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    Image.open(buffer).convert("RGB").quantize(colors=256).save(out, format="PNG", optimize=True)
    return out


def report(
    prometheus: str,
    out: Path,
    *,
    minutes: float,
    dashboard: Path = DASHBOARD,
    now: float | None = None,
    fetch: FetchRange | None = None,
) -> Path:
    """Query `prometheus` for the last `minutes` and render the dashboard to `out` (the CLI's command)."""
    end = now if now is not None else datetime.now(tz=UTC).timestamp()
    panels = load_panels(dashboard)
    title = json.loads(dashboard.read_text(encoding="utf-8")).get("title", "dashboard")
    fetch = fetch or PrometheusAPI(prometheus).query_range
    return render(panels, fetch, out, start=end - minutes * 60, end=end, title=f"{title} ({prometheus})")
