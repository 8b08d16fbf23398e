"""Soak: 10,000 articles through one worker; its resident memory at the end vs after the first 1,000.

    python bench/soak.py                      # starts its own broker in a temp dir; ~15-30 min on 2 cores
    python bench/soak.py --articles 3000      # a shorter run
    python bench/soak.py --bootstrap 127.0.0.1:9092

Articles are --corpus files (default: the day and section samples in tests/data), repeated with unique ids.
Prints RSS samples as it goes, then `rss_after_1000=… rss_end=… growth=…%` as its last line; the exit
code is 0 iff the growth is within --max-growth (default 15%). Not part of CI.

    python bench/soak.py --incidents          # the incident stage on (INCIDENTS_ENABLED=true)

With --incidents the articles are dated one every --article-hours (default 1 h) from 2026-01-01, so
article time moves on as it does in a real feed and INCIDENT_TTL_DAYS expiry has work to do (a corpus
repeat comes back 639 hours later, after its incident expired); the incident table's size is printed
with every RSS sample (from the worker's /metrics) and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from service.dev.support import wait_for
from tests.support.crash import corpus_records
from tests.support.kafka import WCEP_DAYS, WCEP_SECTIONS, Topics, WorkerProcess, produce, topic_size

CORPORA = [WCEP_DAYS, WCEP_SECTIONS]


def rss_mb(process: psutil.Process) -> float:
    """Resident memory of the worker and any extraction processes it started, in MiB."""
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def table_size(metrics_text: str) -> dict[str, float]:
    """The incident table gauges of one /metrics page: open incidents, bytes, regions; incidents opened so far."""
    wanted = {
        "news_incidents_open": "open",
        "news_incident_table_bytes": "bytes",
        "news_incident_table_regions": "regions",
    }
    found = {}
    for line in metrics_text.splitlines():
        name, _, value = line.partition(" ")
        if name in wanted:
            found[wanted[name]] = float(value)
        elif name == 'news_incident_updates_total{outcome="opened"}':
            found["opened_so_far"] = float(value)  # open now far below this: expiry at work
    return found


def dated(records: list[tuple[bytes, bytes]], hours: float) -> list[tuple[bytes, bytes]]:
    """The records with `published_at` one every `hours` from 2026-01-01 (article time moves on)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for number, (key, value) in enumerate(records):
        article = json.loads(value)
        article["published_at"] = (start + timedelta(hours=hours * number)).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append((key, json.dumps(article).encode()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--baseline-after", type=int, default=1000, help="first RSS sample after this many events")
    parser.add_argument("--bootstrap", help="use this broker instead of starting a local one")
    parser.add_argument("--max-growth", type=float, default=15.0, help="allowed growth in percent (default 15)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up after this many seconds")
    parser.add_argument("--corpus", type=Path, nargs="+", default=CORPORA, help="article JSONL file(s)")
    parser.add_argument("--incidents", action="store_true", help="run the incident stage (INCIDENTS_ENABLED=true)")
    parser.add_argument("--article-hours", type=float, default=1.0, help="with --incidents: hours between articles")
    args = parser.parse_args(argv)

    from service.dev import broker

    with tempfile.TemporaryDirectory(prefix="soak-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        home = work / "kafka"
        bootstrap = stack.enter_context(broker.scratch(home, args.bootstrap))
        topics = Topics()
        env = topics.env(bootstrap)
        if args.incidents:
            env |= {"INCIDENTS_ENABLED": "true", "INCIDENTS_TOPIC": f"incidents-{topics.suffix}"}
        worker = WorkerProcess(env, work / "worker.log").start()
        try:
            worker.wait_ready(timeout=180)
            assert worker.proc is not None
            process = psutil.Process(worker.proc.pid)
            records = corpus_records(args.articles, prefix=f"soak-{topics.suffix}", corpus=args.corpus)
            if args.incidents:
                records = dated(records, args.article_hours)
            started = time.monotonic()
            asyncio.run(produce(bootstrap, topics.input, records))
            print(f"broker {bootstrap}; produced {len(records)} articles; worker pid {process.pid}", flush=True)

            samples: list[tuple[int, float]] = []
            next_report = args.baseline_after

            def progressed() -> bool:
                nonlocal next_report
                if worker.proc is not None and worker.proc.poll() is not None:
                    raise AssertionError(f"worker exited with {worker.proc.returncode}:\n{worker.log_tail()}")
                done = asyncio.run(topic_size(bootstrap, topics.output))
                if done >= next_report or done >= len(records):
                    samples.append((done, rss_mb(process)))
                    table = f"  incident table {table_size(worker.metrics())}" if args.incidents else ""
                    print(
                        f"{done:>6} events  {time.monotonic() - started:7.1f}s  rss={samples[-1][1]:.1f} MiB{table}",
                        flush=True,
                    )
                    next_report = (done // 1000 + 1) * 1000
                return done >= len(records)

            wait_for(progressed, args.timeout, f"{len(records)} events", poll=1.0)
            elapsed = time.monotonic() - started
            if args.incidents:
                time.sleep(3)  # one more gauge refresh (LAG_REFRESH_S) after the last article
                final_table = table_size(worker.metrics())
                updates = asyncio.run(topic_size(bootstrap, f"incidents-{topics.suffix}"))
            exit_code = worker.stop(timeout=60)
        finally:
            worker.kill()

    baseline, end = samples[0][1], samples[-1][1]
    growth = (end - baseline) / baseline * 100
    print(f"{len(records)} articles in {elapsed:.0f}s ({len(records) / elapsed:.1f}/s); worker exit code {exit_code}")
    if args.incidents:
        print(f"incident updates published: {updates}; incident table at the end: {final_table}")
    print(f"rss_after_{samples[0][0]}={baseline:.1f}MiB rss_end={end:.1f}MiB growth={growth:+.1f}%")
    return 0 if growth <= args.max_growth else 1


if __name__ == "__main__":
    sys.exit(main())
