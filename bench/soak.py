"""Soak: 10,000 articles through one worker; its resident memory at the end vs after the first 1,000.

    python bench/soak.py                      # starts its own broker in a temp dir; ~15-30 min on 2 cores
    python bench/soak.py --articles 3000      # a shorter run
    python bench/soak.py --bootstrap 127.0.0.1:9092

Articles are --corpus files (default: the day and section samples in tests/data), repeated with unique ids.
Prints RSS samples as it goes, then `rss_after_1000=… rss_end=… growth=…%` as its last line; the exit
code is 0 iff the growth is within --max-growth (default 15%). Not part of CI.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--baseline-after", type=int, default=1000, help="first RSS sample after this many events")
    parser.add_argument("--bootstrap", help="use this broker instead of starting a local one")
    parser.add_argument("--max-growth", type=float, default=15.0, help="allowed growth in percent (default 15)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up after this many seconds")
    parser.add_argument("--corpus", type=Path, nargs="+", default=CORPORA, help="article JSONL file(s)")
    args = parser.parse_args(argv)

    from service.dev import broker

    with tempfile.TemporaryDirectory(prefix="soak-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        home = work / "kafka"
        bootstrap = stack.enter_context(broker.scratch(home, args.bootstrap))
        topics = Topics()
        worker = WorkerProcess(topics.env(bootstrap), work / "worker.log").start()
        try:
            worker.wait_ready(timeout=180)
            assert worker.proc is not None
            process = psutil.Process(worker.proc.pid)
            records = corpus_records(args.articles, prefix=f"soak-{topics.suffix}", corpus=args.corpus)
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
                    print(
                        f"{done:>6} events  {time.monotonic() - started:7.1f}s  rss={samples[-1][1]:.1f} MiB",
                        flush=True,
                    )
                    next_report = (done // 1000 + 1) * 1000
                return done >= len(records)

            wait_for(progressed, args.timeout, f"{len(records)} events", poll=1.0)
            elapsed = time.monotonic() - started
            exit_code = worker.stop(timeout=60)
        finally:
            worker.kill()

    baseline, end = samples[0][1], samples[-1][1]
    growth = (end - baseline) / baseline * 100
    print(f"{len(records)} articles in {elapsed:.0f}s ({len(records) / elapsed:.1f}/s); worker exit code {exit_code}")
    print(f"rss_after_{samples[0][0]}={baseline:.1f}MiB rss_end={end:.1f}MiB growth={growth:+.1f}%")
    return 0 if growth <= args.max_growth else 1


if __name__ == "__main__":
    sys.exit(main())
