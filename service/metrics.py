"""Prometheus metrics of the worker, named by Prometheus conventions (base units, `_total`, bounded labels).

Label sets are bounded: `outcome` and `kind`/`type` are fixed enums, `reason` is the fixed set of
dead-letter reason codes, `topic`/`partition` are bounded by the topic's partition count, and
`news_incident_toll` carries at most `LARGEST_INCIDENTS` incidents per worker at a time.
The dashboard (deploy/grafana) and alert rules (deploy/prometheus) use exactly these names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from service.errors import DEAD_LETTER_REASONS

#: Latency buckets: sub-second for the normal path, up to 2 min to see backlogs drain.
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
#: Extraction of one batch: 16 articles of ~500 words take ~0.3-1 s on one core.
_BATCH_SECONDS_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
_BATCH_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)

ARTICLES = Counter(
    "news_articles_processed_total", "Input records handled, by outcome (event or dead_letter).", ["outcome"]
)
DEAD_LETTERS = Counter("news_dead_letters_total", "Dead letters acknowledged by the broker, by reason.", ["reason"])
END_TO_END_LATENCY = Histogram(
    "news_end_to_end_latency_seconds",
    "Time from the input record's Kafka timestamp to its event being acknowledged by the broker.",
    buckets=_LATENCY_BUCKETS,
)
EXTRACTION_SECONDS = Histogram(
    "news_extraction_batch_seconds", "Wall time to extract one batch (spaCy + rules).", buckets=_BATCH_SECONDS_BUCKETS
)
BATCH_SIZE = Histogram("news_batch_size", "Articles per extraction batch.", buckets=_BATCH_SIZE_BUCKETS)
ENTITIES = Counter("news_entities_total", "Entities published, by type.", ["type"])
CASUALTY_FIGURES = Counter("news_casualty_figures_total", "Casualty figures published, by kind.", ["kind"])
CONSUMER_LAG = Gauge(
    "news_consumer_lag_messages", "Records waiting in each assigned input partition.", ["topic", "partition"]
)
COMMITTED_OFFSET = Gauge(
    "news_committed_offset",
    "The consumer group's committed offset (read from the broker), per input partition.",
    ["topic", "partition"],
)
LAST_PROGRESS = Gauge("news_last_progress_timestamp_seconds", "Unix time at which this worker last finished a batch.")
MODEL_LOAD_SECONDS = Gauge("news_model_load_seconds", "Time taken to load the spaCy model at start-up.")
READY = Gauge("news_worker_ready", "1 when the model is loaded and partitions are assigned, else 0.")
PUBLISH_BLOCKED = Gauge(
    "news_publish_blocked",
    "1 while publishing waits for the cluster (fewer in-sync replicas than min.insync.replicas), else 0.",
)
ASSIGNED_PARTITIONS = Gauge("news_assigned_partitions", "Input partitions assigned to this worker.")
BUILD_INFO = Gauge(
    "news_build_info",
    "Constant 1, labelled with the service, extractor and model versions.",
    ["version", "extractor_version", "model", "model_version"],
)

INCIDENTS_OPEN = Gauge("news_incidents_open", "Incidents in the table partitions this worker holds (not expired).")
INCIDENT_UPDATES = Counter(
    "news_incident_updates_total", "Incident records published (acknowledged), by outcome.", ["outcome"]
)
INCIDENT_TABLE_BYTES = Gauge("news_incident_table_bytes", "Serialised size of the incident table this worker holds.")
INCIDENT_TABLE_REGIONS = Gauge("news_incident_table_regions", "Regions (table keys) in the table this worker holds.")
INCIDENT_LINK_LAG = Gauge(
    "news_incident_link_lag_messages",
    "Events waiting for their incident: link requests per assigned partition of <APP_ID>-incident-links.",
    ["partition"],
)
#: Open incidents exported one by one (the dashboard's "largest open incidents" table): a bounded set.
LARGEST_INCIDENTS = 10
INCIDENT_TOLL = Gauge(
    "news_incident_toll",
    f"Killed and injured of the {LARGEST_INCIDENTS} open incidents with the largest toll in this worker's table.",
    ["incident_id", "place", "kind"],
)
INCIDENT_CHANGELOG_LAG = Gauge(
    "news_incident_changelog_lag_messages",
    "Changelog records not yet in this worker's incident table (still to restore, or a standby trailing).",
)

for _outcome in ("opened", "updated"):
    INCIDENT_UPDATES.labels(_outcome)
for _outcome in ("event", "dead_letter"):
    ARTICLES.labels(_outcome)
for _kind in ("killed", "injured", "missing"):
    CASUALTY_FIGURES.labels(_kind)
for _type in ("person", "place", "organisation"):
    ENTITIES.labels(_type)
# Every dead-letter reason code, so each series exists from the start.
for _reason in DEAD_LETTER_REASONS:
    DEAD_LETTERS.labels(_reason)


class ProcessTreeCollector:
    """Memory and CPU of the worker and of each extraction process, labelled `process`.

    prometheus_client's `process_*` metrics cover only the process that serves /metrics; with an
    extraction pool most of the memory and CPU is in its children. Labels are bounded: `worker` and
    `extract-0` .. `extract-<N-1>` for EXTRACT_PROCESSES=N. Read from /proc (Linux); elsewhere empty.
    """

    def __init__(self, children: Callable[[], list[int]]) -> None:
        self.children = children
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._ticks = os.sysconf("SC_CLK_TCK")

    def _read(self, pid: int) -> tuple[float, float] | None:
        try:
            with open(f"/proc/{pid}/statm") as statm, open(f"/proc/{pid}/stat") as stat:
                resident = int(statm.read().split()[1]) * self._page
                fields = stat.read().rpartition(")")[2].split()
        except (OSError, IndexError, ValueError):
            return None
        # After the command name: state is field 3 of stat, so utime/stime (14, 15) are at 11, 12 here.
        return float(resident), (int(fields[11]) + int(fields[12])) / self._ticks

    def collect(self) -> Iterator[Metric]:
        """Called by the registry on every scrape."""
        memory = GaugeMetricFamily(
            "news_process_resident_memory_bytes",
            "Resident memory of the worker and of each extraction process.",
            labels=["process"],
        )
        cpu = CounterMetricFamily(
            "news_process_cpu_seconds", "CPU time of the worker and of each extraction process.", labels=["process"]
        )
        named = [("worker", os.getpid())] + [(f"extract-{i}", pid) for i, pid in enumerate(sorted(self.children()))]
        for name, pid in named:
            reading = self._read(pid)
            if reading is not None:
                memory.add_metric([name], reading[0])
                cpu.add_metric([name], reading[1])
        yield memory
        yield cpu


def watch_process_tree(children: Callable[[], list[int]], registry: CollectorRegistry = REGISTRY) -> None:
    """Export `news_process_*` for this process and the pids `children()` returns at scrape time."""
    registry.register(ProcessTreeCollector(children))


def serve(host: str, port: int, registry: CollectorRegistry = REGISTRY) -> None:
    """Serve `/metrics` on host:port in a daemon thread (port 0 disables it)."""
    if port:
        start_http_server(port, addr=host, registry=registry)
