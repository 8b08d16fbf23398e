"""A real run for the README's dashboard picture: broker + Prometheus + worker, articles in waves, report.

    python bench/observe_demo.py [--articles 400] [--seconds 150] [--out docs/dashboard.png]

Starts a local Kafka broker, a Prometheus server of its own (free port, 1 s scrapes, the repo's alert
rules) and one worker; feeds corpus articles from --corpus (default tests/data/wcep_sections.jsonl) in waves over
`--seconds` (with one burst in the middle, so lag shows, and a few invalid records, so dead letters
show), waits until Prometheus has seen every record processed, then runs

    python -m service report --prometheus <its URL> --minutes <run length> --out <out>

and stops everything it started.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python bench/observe_demo.py`
    sys.path.insert(0, str(REPO))

from service.dev import broker  # noqa: E402
from tests.support.kafka import WCEP_SECTIONS, Topics, WorkerProcess, produce  # noqa: E402
from tests.support.prometheus import PrometheusServer  # noqa: E402

CORPUS = WCEP_SECTIONS
#: One invalid record of each kind the decoder rejects early; sent every few waves.
INVALID = [
    b'{"id": "bad-json", "body": ',
    b'{"id": "no-body", "title": "A title only"}',
    b"\xff\xfe\x00 not text",
    b'{"id": "empty-body", "body": ""}',
]
WAVE_INTERVAL_S = 5.0


def waves(articles: int, count: int) -> list[int]:
    """Articles per wave: an even trickle, and half of all articles in one burst a third of the way in.

    The burst takes the worker several seconds, longer than the 5 s lag refresh, so lag shows.
    """
    burst = articles // 2
    sizes = [(articles - burst) // count] * count
    sizes[count // 3] += burst
    sizes[-1] += articles - sum(sizes)
    return sizes


def corpus_records(count: int, corpus: Path = CORPUS) -> list[tuple[bytes, bytes]]:
    """`count` (key, value) article records from the corpus, each with a unique id."""
    lines = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        (f"demo-{n:05d}".encode(), json.dumps({**article, "id": f"demo-{n:05d}"}).encode())
        for n, article in zip(range(count), itertools.cycle(lines), strict=False)
    ]


def log(message: str) -> None:
    print(f"[observe-demo] {message}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=150.0, help="how long to feed articles")
    parser.add_argument("--out", default="docs/dashboard.png")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="article JSONL (default %(default)s)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="observe-demo-"))
    topics = Topics()
    worker: WorkerProcess | None = None
    prometheus: PrometheusServer | None = None
    home = workdir / "kafka"
    try:
        bootstrap = broker.start(home, port=0, partitions=topics.partitions)
        log(f"broker at {bootstrap}")
        worker = WorkerProcess({**topics.env(bootstrap), "BATCH_SIZE": "16"}, workdir / "worker.log").start()
        prometheus = PrometheusServer(workdir / "prometheus", [f"127.0.0.1:{worker.metrics_port}"]).start()
        log(f"prometheus at {prometheus.url}; waiting for the worker")
        worker.wait_ready(timeout=120)
        started = time.time()

        records = corpus_records(args.articles, args.corpus)
        count = max(1, int(args.seconds / WAVE_INTERVAL_S))
        sent = invalid = 0
        for number, size in enumerate(waves(args.articles, count)):
            wave = records[sent : sent + size]
            sent += size
            if number % 2 == 1:
                value = INVALID[invalid % len(INVALID)]
                wave = [*wave, (f"invalid-{invalid}".encode(), value)]
                invalid += 1
            asyncio.run(produce(bootstrap, topics.input, wave))
            log(f"wave {number + 1}/{count}: {len(wave)} records")
            time.sleep(max(0.0, started + (number + 1) * WAVE_INTERVAL_S - time.time()))

        total = sent + invalid
        prometheus.wait_for(
            lambda: prometheus.value("sum(news_articles_processed_total)") == total,
            300,
            f"all {total} records processed",
        )
        # Let the picture show the lag back at zero for a while (it is refreshed every 5 s).
        prometheus.wait_for(
            lambda: prometheus.value("max(max_over_time(news_consumer_lag_messages[10s]))") == 0,
            60,
            "lag to stay at zero for 10 s",
        )
        minutes = (time.time() - started) / 60 + 0.5
        command = [
            sys.executable,
            "-m",
            "service",
            "report",
            "--prometheus",
            prometheus.url,
            "--minutes",
            f"{minutes:.1f}",
            "--out",
            args.out,
        ]
        log("running: python -m service report " + " ".join(command[4:]))
        subprocess.run(command, cwd=REPO, check=True)
        log(f"{total} records ({invalid} invalid) in {time.time() - started:.0f}s; picture: {args.out}")
        return 0
    finally:
        if worker is not None:
            worker.stop()
        if prometheus is not None:
            prometheus.stop()
        broker.stop(home, wipe=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
