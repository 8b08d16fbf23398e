"""Article batch -> outcomes: the CPU-bound step shared by the worker and `python -m service extract`.

`process_batch` turns validated articles into serialised events (or failures), so the worker and the
CLI write byte-for-byte the same events. It runs wherever the `ExtractionRunner` puts it: in a
thread of the worker process, or in a pool of processes that each load the model once.

An exception while extracting one article fails that article alone (it becomes an `ArticleFailure`
for the dead-letter topic); the rest of its batch goes on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field

from service.config import SchemaMajor
from service.events import CURRENT_SCHEMA, Article, build_event, dumps
from service.extract import ArticleText, Extraction, Extractor

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleEvent:
    """A successfully extracted article: the serialised event plus counts for metrics."""

    article_id: str
    payload: bytes
    entity_counts: dict[str, int] = field(default_factory=dict)
    casualty_kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleFailure:
    """An article whose extraction raised; it goes to the dead-letter topic."""

    article_id: str
    reason: str
    error_type: str
    message: str


Outcome = ArticleEvent | ArticleFailure


def _summarise(article: Article, extraction: Extraction, extractor: Extractor, schema: SchemaMajor) -> ArticleEvent:
    event = build_event(article, extraction, model=extractor.model, model_version=extractor.model_version,
                        language=article.language or "en", language_flag=article.language_flag, schema=schema)
    return ArticleEvent(
        article_id=article.id,
        payload=dumps(event),
        entity_counts={
            "person": len(extraction.people),
            "place": len(extraction.places),
            "organisation": len(extraction.organisations),
        },
        casualty_kinds=tuple(c.kind for c in extraction.casualties),
    )


def process_batch(extractor: Extractor, articles: Sequence[Article], batch_size: int = 16,
                  schema: SchemaMajor = CURRENT_SCHEMA) -> list[Outcome]:
    """Extract a batch with one `nlp.pipe` pass; on any error, retry article by article.

    The fast path keeps spaCy's batching; the slow path isolates the one bad article so that only it
    is dead-lettered.
    """
    texts = [ArticleText(a.body, a.title) for a in articles]
    try:
        extractions = list(extractor.extract_many(texts, batch_size=batch_size))
        return [_summarise(a, x, extractor, schema) for a, x in zip(articles, extractions, strict=True)]
    except Exception:  # noqa: BLE001 - isolate the failing article below
        log.warning("batch of %d failed; retrying one by one to isolate the bad article", len(articles))
    outcomes: list[Outcome] = []
    for article, text in zip(articles, texts, strict=True):
        try:
            outcomes.append(_summarise(article, extractor.extract(text.body, text.title), extractor, schema))
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the others
            outcomes.append(ArticleFailure(article.id, "extraction_error", type(exc).__name__, str(exc)[:2000]))
    return outcomes


def balanced_parts(sizes: Sequence[int], parts: int) -> list[list[int]]:
    """Split item indices into at most `parts` groups of near-equal total size (longest first).

    Each group keeps its items in input order, so `nlp.pipe` sees them as they came.

    Examples:
        >>> balanced_parts([5, 1, 1, 1, 4], 2)
        [[0, 2], [1, 3, 4]]

    """
    groups: list[list[int]] = [[] for _ in range(min(parts, len(sizes)))]
    totals = [0] * len(groups)
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = totals.index(min(totals))
        groups[lightest].append(index)
        totals[lightest] += sizes[index]
    return [sorted(group) for group in groups if group]


# --- Running it off the event loop -------------------------------------------------------------

_process_extractor: Extractor | None = None


def _exit_with_parent(parent: int, interval_s: float = 1.0) -> None:
    """Exit this pool process once its worker is gone (a kill -9 gives the pool no chance to stop it).

    Without this, every crashed worker leaves its extraction processes behind, each holding a model.
    """
    while os.getppid() == parent:
        time.sleep(interval_s)
    os._exit(0)


def _init_process(model: str) -> None:
    global _process_extractor  # noqa: PLW0603 - one model per pool process, loaded once
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    # Shutdown is the parent's job: Ctrl-C reaches the whole process group, and a pool process that
    # raised KeyboardInterrupt into the batch in flight left the worker hanging at "Wait for streams".
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _process_extractor = Extractor.from_model(model)


def _child_model_info() -> tuple[str, str]:
    assert _process_extractor is not None, "pool initializer did not run"
    return _process_extractor.model, _process_extractor.model_version


def _process_batch_in_child(articles: Sequence[Article], batch_size: int,
                            schema: SchemaMajor = CURRENT_SCHEMA) -> list[Outcome]:
    assert _process_extractor is not None, "pool initializer did not run"
    return process_batch(_process_extractor, articles, batch_size, schema)


class ExtractionRunner:
    """Runs `process_batch` off the event loop so Kafka heartbeats and commits never stall.

    processes=0: one background thread in this process (lowest memory; spaCy holds the GIL most
    of the time, so the loop gets a slice every switch interval).
    processes=N: N worker processes, each loading the model once; batches are spread over them.
    """

    def __init__(self, model: str, processes: int = 0, batch_size: int = 16,
                 schema: SchemaMajor = CURRENT_SCHEMA) -> None:
        self.model_name = model
        self.processes = processes
        self.batch_size = batch_size
        self.schema = schema
        self.extractor: Extractor | None = None
        self._executor: Executor | None = None
        self.load_seconds = 0.0
        self._child_info = (model, "unknown")

    def start(self) -> None:
        """Load the model (in this process, or in each pool process) and warm it up."""
        started = time.perf_counter()
        if self.processes > 0:
            pool = ProcessPoolExecutor(max_workers=self.processes, initializer=_init_process,
                                       initargs=(self.model_name,))
            # Force every process to start and load the model now, not on the first article.
            warm = [pool.submit(_process_batch_in_child, [Article(id="warm-up", body="Warm up.")], 1)
                    for _ in range(self.processes)]
            for fut in warm:
                fut.result()
            self._child_info = pool.submit(_child_model_info).result()
            self._executor = pool
        else:
            self.extractor = Extractor.from_model(self.model_name)
            self.extractor.extract("Warm up.")
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        self.load_seconds = time.perf_counter() - started

    @property
    def model_info(self) -> tuple[str, str]:
        """(model name, model version) for build info."""
        if self.extractor is not None:
            return self.extractor.model, self.extractor.model_version
        return self._child_info

    async def run(self, articles: Sequence[Article]) -> list[Outcome]:
        """Extract a batch off the loop; results are in input order."""
        if not articles:
            return []
        assert self._executor is not None, "ExtractionRunner.start() was not called"
        loop = asyncio.get_running_loop()
        if self.processes > 0:
            # One batch is split over the pool so that every process works on it: the agent handles one
            # batch at a time (its offsets are committed before the next), so without the split a
            # pool of N would run one process at a time. The parts are balanced by text length, since
            # the batch is done only when its slowest part is.
            parts = balanced_parts([len(a.body) for a in articles], self.processes)
            results = await asyncio.gather(*(
                loop.run_in_executor(self._executor, _process_batch_in_child, [articles[i] for i in part],
                                     self.batch_size, self.schema)
                for part in parts
            ))
            outcomes: list[Outcome | None] = [None] * len(articles)
            for part, part_outcomes in zip(parts, results, strict=True):
                for index, outcome in zip(part, part_outcomes, strict=True):
                    outcomes[index] = outcome
            return [outcome for outcome in outcomes if outcome is not None]
        extractor = self.extractor
        assert extractor is not None
        return await loop.run_in_executor(self._executor, process_batch, extractor, list(articles),
                                          self.batch_size, self.schema)

    def process_ids(self) -> list[int]:
        """Pids of the extraction processes (empty in thread mode), for the process metrics."""
        if isinstance(self._executor, ProcessPoolExecutor):
            # ProcessPoolExecutor has no public accessor; its pid -> process map is stable API in practice.
            return list(getattr(self._executor, "_processes", None) or {})
        return []

    def stop(self) -> None:
        """Shut the executor down (waits for a running batch)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

