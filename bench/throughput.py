"""Throughput and latency of the service against raw spaCy, in one run, on the real local broker.

    python bench/throughput.py            # full: >= 3,000 articles (~10 min on 2 cores)
    python bench/throughput.py --quick    # <= 3 minutes, same figures on fewer articles
    python bench/throughput.py --quick --incidents   # the same with the incident stage on

Steps (same texts, model, components and number of extraction processes throughout):
  (a) raw spaCy: the stock pipeline's `nlp.pipe` over the texts of --corpus (default
      tests/data/wcep_days.jsonl), repeated. The service loads the same components and gets the same
      annotations, but matches the attribute ruler's patterns with `service/extract/fast_ruler.py`; the
      in-process line shows both what that saves and what the rules cost over the service's own pipeline;
  (b) the service end to end: a fresh worker is started, all articles are produced at once, and the
      run is timed from the first to the last event (sustained rate) with per-article latency from
      the input record's timestamp to the event's; also worker start -> first event;
  (c) ratio = service / raw articles per second, raw measured before (a) and again after (b) and (d)
      (the machine's speed drifts; the mean of the two rates);
  (d) a latency run at half the measured maximum rate.
Prints the figures, writes a JSON result and a PNG plot; the last line is `ratio=<service/raw>`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import kafka_clients  # noqa: E402
from service.config import Settings  # noqa: E402
from service.dev import broker  # noqa: E402
from service.extract import Extractor, load_model  # noqa: E402
from service.stream.topics import ensure_topics  # noqa: E402
from tests.support.kafka import WCEP_DAYS, Topics, WorkerProcess  # noqa: E402

#: In-repo default: 41 day summaries (~490 words, like the full ../shared/corpus/wcep_days.jsonl).
CORPUS = WCEP_DAYS


def load_articles(count: int, corpus: Path = CORPUS) -> list[dict]:
    """`count` article records from the corpus, repeated with unique ids."""
    base = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    return [{**base[i % len(base)], "id": f"{base[i % len(base)]['id']}#{i}"} for i in range(count)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class RssSampler:
    """Peak resident memory of a process and its children, and their CPU time, sampled every 0.2 s in a thread.

    `samples` keeps (wall time, {process: CPU seconds so far}) so that the CPU each process spent between
    two moments (the first and the last event) can be read afterwards (`cpu_between`).
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak: dict[str, int] = {}
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                cpu: dict[str, float] = {}
                for proc in [root, *root.children(recursive=True)]:
                    name = f"{'worker' if proc.pid == self.pid else 'extract'}-{proc.pid}"
                    self.peak[name] = max(self.peak.get(name, 0), proc.memory_info().rss)
                    times = proc.cpu_times()
                    cpu[name] = times.user + times.system
                self.samples.append((time.time(), cpu))
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def cpu_between(self, start: float, end: float) -> dict[str, float]:
        """CPU seconds each process spent between the samples nearest to `start` and `end` (wall time)."""
        if not self.samples:
            return {}
        first = min(self.samples, key=lambda s: abs(s[0] - start))[1]
        last = min(self.samples, key=lambda s: abs(s[0] - end))[1]
        return {name: round(last[name] - first.get(name, 0.0), 2) for name in last}

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --- (a) raw spaCy ------------------------------------------------------------------------------


def raw_spacy(stock: Any, texts: list[str], processes: int, batch_size: int) -> dict:
    """The stock pipeline's `nlp.pipe` over `texts` with `processes` processes, timed."""
    started = time.perf_counter()
    for _ in stock.pipe(texts, batch_size=batch_size, n_process=max(1, processes)):
        pass
    elapsed = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {
        "articles": len(texts),
        "seconds": elapsed,
        "articles_per_s": len(texts) / elapsed,
        "words_per_s": words / elapsed,
        "components": stock.pipe_names,
        "n_process": max(1, processes),
    }


def spacy_and_extractor(
    texts: list[str], model: str, processes: int, batch_size: int, extractor_articles: int
) -> tuple[dict, dict]:
    """(a) raw `nlp.pipe` of the stock pipeline over all texts; then, over the first `extractor_articles`,
    the stock pipeline again, the extractor's own pipeline (`load_model`: the same components, its
    attribute ruler matched by `fast_ruler`) and the in-process extractor (that pipeline + rules), which
    isolates what the rules cost and what the faster matcher saves."""
    from service.extract import ArticleText

    stock = load_model(model, fast_ruler=False)
    nlp = load_model(model)
    extractor = Extractor(nlp, evidence=False)  # as the worker's extraction processes build it
    list(stock.pipe(texts[:20], batch_size=batch_size))  # warm-up, as the worker does
    list(nlp.pipe(texts[:20], batch_size=batch_size))
    list(extractor.extract_many([ArticleText(t) for t in texts[:20]], batch_size=batch_size))
    raw = raw_spacy(stock, texts, processes, batch_size)
    sample = texts[:extractor_articles]
    started = time.perf_counter()
    for _ in stock.pipe(sample, batch_size=batch_size):
        pass
    stock_sample = time.perf_counter() - started
    started = time.perf_counter()
    for _ in nlp.pipe(sample, batch_size=batch_size):
        pass
    raw_sample = time.perf_counter() - started
    started = time.perf_counter()
    for _ in extractor.extract_many((ArticleText(t) for t in sample), batch_size=batch_size):
        pass
    full = time.perf_counter() - started
    inproc = {
        "articles": len(sample),
        "articles_per_s": len(sample) / full,
        "stock_articles_per_s_same_sample": len(sample) / stock_sample,
        "raw_articles_per_s_same_sample": len(sample) / raw_sample,
        "fast_ruler_saving_pct": (stock_sample - raw_sample) / stock_sample * 100,
        "rules_overhead_pct": (full - raw_sample) / raw_sample * 100,
    }
    return raw, inproc


# --- Kafka helpers ------------------------------------------------------------------------------


async def produce_paced(bootstrap: str, topic: str, articles: list[dict], rate: float | None) -> None:
    """Produce all articles; at `rate` per second if given, else as fast as possible."""
    producer = kafka_clients.producer(bootstrap=bootstrap, acks="all", linger_ms=2, max_request_size=3_000_000)
    await producer.start()
    try:
        started = time.monotonic()
        futures = []
        for n, article in enumerate(articles):
            if rate:
                delay = started + n / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            value = json.dumps(article).encode()
            futures.append(await producer.send(topic, value, key=article["id"].encode()))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def collect_events(bootstrap: str, topic: str, ids: set[str], timeout: float) -> dict[str, int]:
    """Event timestamps (ms, set by the worker's producer) per article id, until all ids are seen."""
    consumer = kafka_clients.consumer(bootstrap=bootstrap, topics=(topic,))
    await consumer.start()
    seen: dict[str, int] = {}
    try:
        deadline = time.monotonic() + timeout
        while len(seen) < len(ids) and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    key = record.key.decode()
                    if key in ids and key not in seen:
                        seen[key] = record.timestamp
    finally:
        await consumer.stop()
    return seen


async def input_timestamps(bootstrap: str, topic: str) -> dict[str, int]:
    consumer = kafka_clients.consumer(bootstrap=bootstrap, topics=(topic,))
    await consumer.start()
    stamps: dict[str, int] = {}
    try:
        while True:
            batches = await consumer.getmany(timeout_ms=1500)
            if not batches:
                break
            for records in batches.values():
                for record in records:
                    stamps[record.key.decode()] = record.timestamp
    finally:
        await consumer.stop()
    return stamps


def service_run(
    bootstrap: str, articles: list[dict], env: dict[str, str], log_dir: Path, rate: float | None, timeout: float
) -> dict:
    """Start a fresh worker, feed `articles` (at `rate`/s or all at once), time their events."""
    topics = Topics()
    settings = Settings.from_env(
        kafka_bootstrap_servers=bootstrap, input_topic=topics.input, output_topic=topics.output, dlq_topic=topics.dlq
    )
    asyncio.run(ensure_topics(settings))
    worker = WorkerProcess(
        {**topics.env(bootstrap), **env, "LOG_LEVEL": "WARNING"}, log_dir / f"worker-{topics.suffix}.log"
    )
    spawned = time.time()
    worker.start()
    assert worker.proc is not None
    ids = {a["id"] for a in articles}
    with RssSampler(worker.proc.pid) as rss:
        if rate is not None:
            worker.wait_ready(timeout=120)
        producer = threading.Thread(target=lambda: asyncio.run(produce_paced(bootstrap, topics.input, articles, rate)))
        producer.start()
        events = asyncio.run(collect_events(bootstrap, topics.output, ids, timeout))
        producer.join()
    worker.stop()
    if len(events) < len(ids):
        raise SystemExit(f"only {len(events)}/{len(ids)} events arrived; worker log:\n{worker.log_tail()}")
    produced = asyncio.run(input_timestamps(bootstrap, topics.input))
    latencies = [(events[i] - produced[i]) / 1000 for i in ids]
    first, last = min(events.values()) / 1000, max(events.values()) / 1000
    words = sum(len(a["body"].split()) for a in articles)
    rate_measured = (len(ids) - 1) / (last - first) if last > first else float("nan")
    return {
        "articles": len(ids),
        "worker_start_to_first_event_s": first - spawned,
        "sustained_articles_per_s": rate_measured,
        "sustained_words_per_s": rate_measured * words / len(ids),
        "latency_s": {
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "p99": percentile(latencies, 99),
            "max": max(latencies),
            "mean": statistics.fmean(latencies),
        },
        "peak_rss_mb": {name: round(value / 2**20, 1) for name, value in rss.peak.items()},
        # Where the cores went while events flowed: the worker's own share (Kafka, JSON, validation,
        # delivery) is CPU the extraction processes could not use on a machine with few cores.
        "cpu_s_first_to_last_event": rss.cpu_between(first, last),
        "window_s": last - first,
        "event_times": sorted(t / 1000 - first for t in events.values()),
        "latencies": latencies,
    }


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    raw, full, svc = result["raw_spacy"], result["extractor_in_process"], result["service"]
    names = ["raw spaCy\nnlp.pipe", "extractor, 1 process\n(spaCy+rules)", "service\nend to end"]
    values = [raw["articles_per_s"], full["articles_per_s"], svc["sustained_articles_per_s"]]
    bars = axes[0].bar(names, values, color=["#888", "#5b8", "#36c"])
    axes[0].bar_label(bars, fmt="%.1f")
    axes[0].set_ylabel("articles / s")
    axes[0].set_title(f"Throughput ({result['machine']['cores']} cores, ratio={result['ratio']:.2f})")

    times = svc["event_times"]
    if times:
        width = max(1.0, times[-1] / 60)
        buckets = [0] * (int(times[-1] / width) + 1)
        for t in times:
            buckets[int(t / width)] += 1
        axes[1].plot([i * width for i in range(len(buckets))], [b / width for b in buckets], color="#36c")
    axes[1].set_xlabel("seconds since first event")
    axes[1].set_ylabel("events / s")
    axes[1].set_title("Saturated run: events per second")

    half = result["half_load"]
    lat = sorted(half["latencies"])
    axes[2].plot(lat, [i / len(lat) for i in range(len(lat))], color="#c63")
    for q in ("p50", "p95", "p99"):
        axes[2].axvline(half["latency_s"][q], ls=":", color="#555")
        axes[2].text(half["latency_s"][q], 0.02, q, rotation=90)
    axes[2].set_xlabel("end-to-end latency (s)")
    axes[2].set_ylabel("fraction of articles")
    axes[2].set_title(f"Latency at half load ({half['rate']:.1f} articles/s)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="<= 3 minutes: fewer articles, shorter latency run")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="article JSONL (default %(default)s)")
    ap.add_argument("--articles", type=int, help="articles for (a) and (b) (default 3000; --quick 400)")
    ap.add_argument(
        "--processes",
        type=int,
        default=Settings.from_env().extraction_processes,
        help="EXTRACT_PROCESSES for the worker (default: the service's, i.e. one per core; "
        "0 = a thread in the worker process)",
    )
    ap.add_argument("--batch-size", type=int, default=int(os.environ.get("BATCH_SIZE", "16")))
    ap.add_argument("--model", default=os.environ.get("SPACY_MODEL", "auto"))
    ap.add_argument("--half-load-seconds", type=float, help="duration of (d) (default 60; --quick 20)")
    ap.add_argument("--bootstrap", help="use a running broker instead of starting one")
    ap.add_argument("--incidents", action="store_true", help="the worker runs the incident stage (INCIDENTS_ENABLED)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "throughput.json")
    ap.add_argument("--plot", type=Path, default=ROOT / "docs" / "throughput.png")
    args = ap.parse_args()
    count = args.articles or (400 if args.quick else 3000)
    half_seconds = args.half_load_seconds or (20 if args.quick else 60)

    articles = load_articles(count, args.corpus)
    texts = [a["body"] for a in articles]
    print(
        f"== {count} articles, {sum(len(t.split()) for t in texts)} words; model={args.model} "
        f"processes={args.processes} batch_size={args.batch_size} incidents={args.incidents}",
        flush=True,
    )

    raw, inproc = spacy_and_extractor(
        texts, args.model, args.processes, args.batch_size, extractor_articles=min(count, 200 if args.quick else 600)
    )
    print(
        f"(a) raw spaCy nlp.pipe ({raw['n_process']} process(es), components {raw['components']}): "
        f"{raw['articles_per_s']:.1f} articles/s, {raw['words_per_s']:.0f} words/s",
        flush=True,
    )
    print(
        f"    extractor in process (spaCy + rules, 1 process, {inproc['articles']} articles): "
        f"{inproc['articles_per_s']:.1f} articles/s vs its own pipeline "
        f"{inproc['raw_articles_per_s_same_sample']:.1f}: rules {inproc['rules_overhead_pct']:+.1f}%; "
        f"stock pipeline {inproc['stock_articles_per_s_same_sample']:.1f} "
        f"(fast attribute-ruler matcher saves {inproc['fast_ruler_saving_pct']:.1f}%)",
        flush=True,
    )

    env = {"EXTRACT_PROCESSES": str(args.processes), "BATCH_SIZE": str(args.batch_size), "SPACY_MODEL": args.model}
    if args.incidents:  # events that may belong to an incident reach the output topic through the stage
        env["INCIDENTS_ENABLED"] = "true"
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, contextlib.ExitStack() as stack:
        tmp_path = Path(tmp)
        bootstrap = stack.enter_context(broker.scratch(tmp_path / "kafka", args.bootstrap))
        svc = service_run(bootstrap, articles, env, tmp_path, rate=None, timeout=max(600, count))
        print(
            f"(b) service end to end: {svc['sustained_articles_per_s']:.1f} articles/s, "
            f"{svc['sustained_words_per_s']:.0f} words/s sustained; worker start -> first event "
            f"{svc['worker_start_to_first_event_s']:.1f} s; peak RSS MB {svc['peak_rss_mb']}",
            flush=True,
        )
        cpu = svc["cpu_s_first_to_last_event"]
        worker_cpu = sum(v for k, v in cpu.items() if k.startswith("worker"))
        extract_cpu = sum(v for k, v in cpu.items() if k.startswith("extract"))
        print(
            f"    CPU from first to last event ({svc['window_s']:.1f} s wall): worker {worker_cpu:.1f} s, "
            f"extraction processes {extract_cpu:.1f} s; per article: worker "
            f"{1000 * worker_cpu / count:.1f} ms, extraction {1000 * extract_cpu / count:.1f} ms",
            flush=True,
        )
        rate = svc["sustained_articles_per_s"] / 2
        half_articles = load_articles(max(20, int(rate * half_seconds)), args.corpus)
        half = service_run(bootstrap, half_articles, env, tmp_path, rate=rate, timeout=half_seconds + 300)
        half["rate"] = rate
        print(
            f"(d) half load ({rate:.1f} articles/s for {half_seconds:.0f} s): latency "
            f"p50={half['latency_s']['p50']:.3f}s p95={half['latency_s']['p95']:.3f}s "
            f"p99={half['latency_s']['p99']:.3f}s",
            flush=True,
        )

    # (a) again after (b): the machine's speed drifts (other load on shared cores), so the service is
    # compared with raw spaCy measured on both sides of its run (the mean of the two rates).
    after = raw_spacy(load_model(args.model, fast_ruler=False), texts, args.processes, args.batch_size)
    raw["articles_per_s_before"] = raw["articles_per_s"]
    raw["articles_per_s_after"] = after["articles_per_s"]
    raw["articles_per_s"] = (raw["articles_per_s_before"] + after["articles_per_s"]) / 2
    raw["words_per_s"] = (raw["words_per_s"] + after["words_per_s"]) / 2
    print(
        f"(a') raw spaCy again after the service runs: {after['articles_per_s']:.1f} articles/s; "
        f"the ratio uses the mean of before and after, {raw['articles_per_s']:.1f}",
        flush=True,
    )
    ratio = svc["sustained_articles_per_s"] / raw["articles_per_s"]
    result = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {
            "processes": args.processes,
            "batch_size": args.batch_size,
            "model": args.model,
            "articles": count,
            "quick": args.quick,
            "incidents": args.incidents,
        },
        "raw_spacy": raw,
        "extractor_in_process": inproc,
        "service": svc,
        "half_load": half,
        "ratio": ratio,
        "max_rss_per_process_mb": max([*svc["peak_rss_mb"].values(), *half["peak_rss_mb"].values()]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    slim = json.loads(json.dumps(result))
    for run in (slim["service"], slim["half_load"]):
        run.pop("event_times"), run.pop("latencies")
    args.out.write_text(json.dumps(slim, indent=2) + "\n")
    plot(result, args.plot)
    print(f"max RSS per process: {result['max_rss_per_process_mb']:.0f} MB; wrote {args.out} and {args.plot}")
    print(f"ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
