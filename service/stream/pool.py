"""The extraction pool: runs the article path (`service.pipeline.process_batch`) off the event loop.

`ExtractionRunner` keeps Kafka heartbeats and commits flowing while spaCy works: a background thread
(processes=0) or a pool of processes that each load the model once, heal when one dies or hangs, and
bound every article by its time budget. The worker owns it (`python -m service extract` calls
`process_batch` directly, in its own process).
This module is imported by pool processes, so it imports nothing of Faust or Kafka.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from service.config import SchemaMajor
from service.events import CURRENT_SCHEMA, Article
from service.extract import DEFAULT_ENTITY_FILTER, EntityFilterSetting
from service.pipeline import ArticleExtractor, ArticleFailure, Outcome, process_batch

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from service.extract import Extractor

log = logging.getLogger(__name__)


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


_process_extractor: Extractor | None = None


def _exit_with_parent(parent: int, interval_s: float = 1.0) -> None:
    """Exit this pool process once its worker is gone (a kill -9 gives the pool no chance to stop it).

    Without this, every crashed worker leaves its extraction processes behind, each holding a model.
    """
    while os.getppid() == parent:
        time.sleep(interval_s)
    os._exit(0)


def _init_process(model: str, ner: str = "stock", entity_filter: EntityFilterSetting = DEFAULT_ENTITY_FILTER) -> None:
    global _process_extractor  # one model per pool process, loaded once
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    # Shutdown is the parent's job: Ctrl-C reaches the whole process group, and a pool process that
    # raised KeyboardInterrupt into the batch in flight left the worker hanging at "Wait for streams".
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from service.extract import Extractor  # the grammar and spaCy: only the processes that extract import them

    # no event carries type evidence
    _process_extractor = Extractor.from_model(model, ner=ner, evidence=False, entity_filter=entity_filter)
    _settle_heap(_process_extractor)


#: A warm-up text that touches the lazily loaded parts (gazetteer, casualty lexicon, number parser).
WARM_UP_TEXT = "Warm up. Two people were killed and 3 injured in Springfield, Illinois, police said."


def _settle_heap(extractor: Extractor) -> None:
    """Warm a pool process's `extractor` up, then move all that is alive into the permanent generation.

    The model, vocabularies and lexicons are some 100,000 objects that live as long as the process. Left
    in the collector's oldest generation, every full collection walks them all: about 0.1 s each, some 2 %
    of extraction time on news. `gc.freeze` after a collection (so no garbage is frozen) leaves them out.
    """
    extractor.extract(WARM_UP_TEXT)
    gc.collect()
    gc.freeze()


def _child_model_info() -> tuple[str, str]:
    assert _process_extractor is not None, "pool initializer did not run"
    return _process_extractor.model, _process_extractor.model_version


def _process_batch_in_child(
    articles: Sequence[Article],
    batch_size: int,
    schema: SchemaMajor = CURRENT_SCHEMA,
    time_budget_s: float | None = None,
    max_event_bytes: int | None = None,
) -> list[Outcome]:
    assert _process_extractor is not None, "pool initializer did not run"
    return process_batch(_process_extractor, articles, batch_size, schema, time_budget_s, max_event_bytes)


#: Added to a part's time budget before the worker gives up on its process (seconds): the in-process
#: deadline is checked between pieces of a long body, so a piece in progress may overrun it a little.
HARD_DEADLINE_GRACE_S = 10.0


#: How long `stop` waits for a killed pool's manager thread to close its pipes (seconds).
MANAGER_JOIN_TIMEOUT_S = 5.0


def _kill_pool(pool: ProcessPoolExecutor) -> threading.Thread | None:
    """Kill every process of `pool` at once (a graceful shutdown would wait for the article in flight).

    Returns the pool's manager thread, which closes the pool's wake-up pipe as it ends. The caller
    joins it: CPython 3.11's exit hook writes to that pipe without a lock, so an interpreter that
    exits while the thread is closing it prints "OSError: [Errno 9] Bad file descriptor".
    """
    # ProcessPoolExecutor has no public accessor for either; both are stable in practice.
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    return manager if isinstance(manager, threading.Thread) else None


class ExtractionRunner:
    """Runs `process_batch` off the event loop so Kafka heartbeats and commits never stall.

    processes=0: one background thread in this process (lowest memory; spaCy holds the GIL most
    of the time, so the loop gets a slice every switch interval). The time budget is checked between
    pieces of a long body only: a thread cannot be stopped from outside.
    `model` is a model name or path, or an extractor instance (any `ArticleExtractor`: a test double
    needs no spaCy), which runs in the thread (processes=0 only: an instance cannot be sent to a pool).
    processes=N: N worker processes, each loading the model once; batches are spread over them. The
    pool heals: a part that outlives its time budget or whose process died (OOM killer, kill -9)
    gets a fresh pool, and its articles are retried one at a time; an article that times out or kills
    its process again is dead-lettered (`extraction_timeout`, `extraction_crashed`).
    """

    def __init__(
        self,
        model: str | ArticleExtractor,
        processes: int = 0,
        batch_size: int = 16,
        schema: SchemaMajor = CURRENT_SCHEMA,
        time_budget_s: float | None = None,
        max_event_bytes: int | None = None,
        start_method: str | None = None,
        ner: str = "stock",
        entity_filter: EntityFilterSetting = DEFAULT_ENTITY_FILTER,
    ) -> None:
        if not isinstance(model, str) and processes > 0:
            raise ValueError("an extractor instance runs in this process: pass a model name for processes > 0")
        self.model_name = model if isinstance(model, str) else model.model
        #: multiprocessing start method of the pool (None: the platform's, fork on Linux). A test that
        #: measures a pool process's memory spawns it, so it does not inherit the test runner's heap.
        self.start_method = start_method
        self._given = None if isinstance(model, str) else model
        self.ner = ner  # NER weights, see `load_model`
        self.entity_filter = entity_filter  # the learned entity filter, "on" or "off" (`Extractor.from_model`)
        self.processes = processes
        self.batch_size = batch_size
        self.schema = schema
        self.time_budget_s = time_budget_s
        self.max_event_bytes = max_event_bytes
        self.extractor: ArticleExtractor | None = None
        self._executor: Executor | None = None
        self.load_seconds = 0.0
        self._child_info = (self.model_name, "unknown")
        #: Pools replaced since start, for tests and logs.
        self.pool_restarts = 0
        #: Manager threads of killed pools not yet seen to end (`stop` joins them).
        self._retired: list[threading.Thread] = []

    def start(self) -> None:
        """Load the model (in this process, or in each pool process) and warm it up."""
        started = time.perf_counter()
        if self.processes > 0:
            if self._forks():
                # Built here, before the pool forks, so its processes share the compiled grammar and
                # spaCy's modules instead of importing them each (the CLI's other commands never import
                # them). A spawned pool imports them anew in each process: here it would only cost memory.
                importlib.import_module("service.extract.extractor")
            pool = self._new_pool()
            # Force every process to start and load the model now, not on the first article.
            for fut in self._warm(pool):
                fut.result()
            self._child_info = pool.submit(_child_model_info).result()
            self._executor = pool
        else:
            from service.extract import Extractor

            self.extractor = (
                self._given
                if self._given is not None
                else Extractor.from_model(
                    self.model_name, ner=self.ner, evidence=False, entity_filter=self.entity_filter
                )
            )
            self.extractor.extract("Warm up.")  # no gc.freeze here: this process is the worker's own
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        self.load_seconds = time.perf_counter() - started

    def _context(self) -> BaseContext:
        """The pool's multiprocessing context: `start_method`'s, or the platform's default one."""
        return multiprocessing.get_context(self.start_method)

    def _forks(self) -> bool:
        """Whether the pool's processes are forked from this one (and so inherit its imports)."""
        return self._context().get_start_method() == "fork"

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=self._context(),
            initializer=_init_process,
            initargs=(self.model_name, self.ner, self.entity_filter),
        )

    def _warm(self, pool: ProcessPoolExecutor) -> list[Future[list[Outcome]]]:
        return [
            pool.submit(_process_batch_in_child, [Article(id="warm-up", body="Warm up.")], 1)
            for _ in range(self.processes)
        ]

    async def _replace_pool(self, why: str) -> None:
        """Kill the pool and start a fresh one with every process loaded (off the event loop).

        The fresh pool is in place before the first await: the caller may be cancelled there (a
        look-ahead batch closed, the worker stopping), and the runner must not keep the killed pool
        ("cannot schedule new futures after shutdown" for every batch after). A pool starts its
        processes only when the warm-up is submitted, after the old pool's manager thread ended.
        """
        old = self._executor
        assert isinstance(old, ProcessPoolExecutor)
        manager = _kill_pool(old)
        pool = self._new_pool()
        self._executor = pool
        self.pool_restarts += 1
        log.warning("extraction pool replaced (%s)", why)
        if manager is not None:
            self._retired.append(manager)
            await asyncio.to_thread(manager.join, MANAGER_JOIN_TIMEOUT_S)
            self._retired = [thread for thread in self._retired if thread.is_alive()]
        await asyncio.gather(*(asyncio.wrap_future(fut) for fut in self._warm(pool)))

    @property
    def model_info(self) -> tuple[str, str]:
        """(model name, model version) for build info."""
        if self.extractor is not None:
            return self.extractor.model, self.extractor.model_version
        return self._child_info

    async def run(self, articles: Sequence[Article]) -> list[Outcome]:
        """Extract a batch off the loop; results are in input order, one per article, whatever happens."""
        if not articles:
            return []
        assert self._executor is not None, "ExtractionRunner.start() was not called"
        if self.processes > 0:
            return await self._run_in_pool(articles)
        loop = asyncio.get_running_loop()
        extractor = self.extractor
        assert extractor is not None
        return await loop.run_in_executor(
            self._executor,
            process_batch,
            extractor,
            list(articles),
            self.batch_size,
            self.schema,
            self.time_budget_s,
            self.max_event_bytes,
        )

    async def _in_pool(self, part: Sequence[Article]) -> list[Outcome]:
        """One part in one pool process, given up after its time budget (TimeoutError)."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(
            self._executor,
            _process_batch_in_child,
            list(part),
            self.batch_size,
            self.schema,
            self.time_budget_s,
            self.max_event_bytes,
        )
        if self.time_budget_s is None:
            return await future
        return await asyncio.wait_for(future, self.time_budget_s * len(part) + HARD_DEADLINE_GRACE_S)

    async def _run_in_pool(self, articles: Sequence[Article]) -> list[Outcome]:
        # One batch is split over the pool so that every process works on it: the agent extracts one
        # batch at a time (the next one only once this one is extracted, while this one publishes), so
        # without the split a pool of N would run one process at a time. The parts are balanced by text
        # length, since the batch is done only when its slowest part is.
        parts = balanced_parts([len(a.body) for a in articles], self.processes)
        results = await asyncio.gather(
            *(self._in_pool([articles[i] for i in part]) for part in parts), return_exceptions=True
        )
        outcomes: list[Outcome | None] = [None] * len(articles)
        failed: list[int] = []
        for part, result in zip(parts, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, BrokenProcessPool | TimeoutError):
                    raise result
                failed.extend(part)
                continue
            for index, outcome in zip(part, result, strict=True):
                outcomes[index] = outcome
        if failed:
            await self._replace_pool(f"{len(failed)} articles in a process that died or ran out of time")
            for index in sorted(failed):
                outcomes[index] = await self._retry_alone(articles[index])
        return [outcome for outcome in outcomes if outcome is not None]

    async def _retry_alone(self, article: Article) -> Outcome:
        """The second and last try of an article whose process died or timed out: alone, in a fresh pool."""
        try:
            return (await self._in_pool([article]))[0]
        except TimeoutError:
            await self._replace_pool(f"article {article.id} over its time budget")
            return ArticleFailure(
                article.id,
                "extraction_timeout",
                "ExtractionTimeout",
                f"extraction took longer than {self.time_budget_s}s (EXTRACT_TIME_BUDGET_S) "
                "twice; its process was replaced",
            )
        except BrokenProcessPool:
            await self._replace_pool(f"article {article.id} killed its process twice")
            return ArticleFailure(
                article.id,
                "extraction_crashed",
                "BrokenProcessPool",
                "the extraction process died twice on this article (out of memory, killed or "
                "crashed); it was replaced each time",
            )

    def process_ids(self) -> list[int]:
        """Pids of the extraction processes (empty in thread mode), for the process metrics."""
        if isinstance(self._executor, ProcessPoolExecutor):
            return list(getattr(self._executor, "_processes", None) or {})
        return []

    def stop(self) -> None:
        """Stop at once: pool processes are killed, a thread is left to finish (its result is dropped)."""
        # Also the managers of pools replaced by a healing that was cancelled before it joined them.
        managers: list[threading.Thread | None] = [*self._retired]
        self._retired = []
        if isinstance(self._executor, ProcessPoolExecutor):
            managers.append(_kill_pool(self._executor))
        elif self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        for manager in managers:
            if manager is not None:
                manager.join(MANAGER_JOIN_TIMEOUT_S)
        self._executor = None
