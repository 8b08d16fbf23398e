"""The extraction pool heals: a dead process is replaced, its articles retried once; an article that kills
its process twice or outlives its time budget is dead-lettered, and the rest of the batch goes on.

The pool forks from this process, so a patched `process_batch` runs in the children too: it stands in
for an article that makes spaCy crash or hang (the OOM killer, a pathological input).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest

from service.events import Article
from service.pipeline import ArticleEvent, ArticleFailure
from service.stream import pool
from service.stream.pool import ExtractionRunner


@pytest.fixture
def hostile_pool(monkeypatch, tmp_path):
    """A one-process pool whose children die on 'CRASH' (every time) or 'CRASH-ONCE' (the first time) and
    hang on 'HANG'."""
    original = pool.process_batch
    marker = tmp_path / "crashed-once"

    def process_batch(extractor, articles, *args, **kwargs):
        for article in articles:
            if "CRASH-ONCE" in article.body and not marker.exists():
                marker.touch()
                os._exit(9)
            if "CRASH-ALWAYS" in article.body:
                os._exit(9)
            if "HANG" in article.body:
                time.sleep(600)
        return original(extractor, articles, *args, **kwargs)

    monkeypatch.setattr(pool, "process_batch", process_batch)
    monkeypatch.setattr(pool, "HARD_DEADLINE_GRACE_S", 1.0)
    runner = ExtractionRunner("auto", processes=1, batch_size=8, time_budget_s=2.0)
    runner.start()
    yield runner, marker
    runner.stop()


def batch(*bodies: str) -> list[Article]:
    return [Article(id=f"a{i}", body=body) for i, body in enumerate(bodies)]


def kinds(outcomes) -> list[str]:
    return ["event" if isinstance(o, ArticleEvent) else o.reason for o in outcomes]


def test_an_article_that_kills_its_process_once_gets_its_event_from_a_fresh_process(hostile_pool):
    runner, marker = hostile_pool
    outcomes = asyncio.run(runner.run(batch("Rain in Oslo.", "CRASH-ONCE in Paris.", "Sun in Rome.")))
    assert marker.exists()
    assert kinds(outcomes) == ["event", "event", "event"]
    assert [o.article_id for o in outcomes] == ["a0", "a1", "a2"]
    assert runner.pool_restarts == 1


def test_an_article_that_kills_its_process_twice_is_dead_lettered_and_the_batch_goes_on(hostile_pool):
    runner, _ = hostile_pool
    outcomes = asyncio.run(runner.run(batch("Rain in Oslo.", "CRASH-ALWAYS here.", "Sun in Rome.")))
    assert kinds(outcomes) == ["event", "extraction_crashed", "event"]
    assert runner.pool_restarts == 2
    # The healed pool keeps working.
    assert kinds(asyncio.run(runner.run(batch("Snow in Bern.")))) == ["event"]


def test_a_process_killed_from_outside_between_batches_is_replaced(hostile_pool):
    runner, _ = hostile_pool
    for pid in runner.process_ids():
        os.kill(pid, 9)
    time.sleep(0.5)
    outcomes = asyncio.run(runner.run(batch("Rain in Oslo.", "Sun in Rome.")))
    assert kinds(outcomes) == ["event", "event"]
    assert runner.pool_restarts == 1


@pytest.mark.slow  # waits out a real time budget twice (~10 s); scripts/test.sh runs it
def test_an_article_over_its_time_budget_is_dead_lettered_and_its_process_replaced(hostile_pool):
    runner, _ = hostile_pool
    started = time.monotonic()
    outcomes = asyncio.run(runner.run(batch("Rain in Oslo.", "HANG forever.", "Sun in Rome.")))
    assert kinds(outcomes) == ["event", "extraction_timeout", "event"]
    failure = outcomes[1]
    assert isinstance(failure, ArticleFailure) and "EXTRACT_TIME_BUDGET_S" in failure.message
    assert runner.pool_restarts == 2
    # Bounded: part budget (3 articles x 2 s + 1 s), then the slow one alone (2 s + 1 s), plus two model loads.
    print(f"timeout path took {time.monotonic() - started:.1f}s")


def test_stop_kills_a_process_busy_with_a_hanging_article(hostile_pool):
    runner, _ = hostile_pool
    pids = runner.process_ids()

    async def start_then_stop() -> None:
        task = asyncio.ensure_future(runner.run(batch("HANG")))
        await asyncio.sleep(1.0)
        runner.stop()
        task.cancel()

    started = time.monotonic()
    asyncio.run(start_then_stop())
    assert time.monotonic() - started < 30
    # The pool's manager thread has closed its pipes: an interpreter exit right now prints no traceback.
    managers = [t for t in threading.enumerate() if type(t).__name__ == "_ExecutorManagerThread"]
    assert not [t for t in managers if t.is_alive()]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in pids
    ):
        time.sleep(0.1)
    assert not any(
        Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in pids
    )


def test_a_cancellation_while_the_pool_heals_leaves_a_fresh_pool_and_stop_joins_the_old_one(monkeypatch):
    # A look-ahead batch closed (or the worker stopping) cancels its extraction while the pool is
    # replaced; the runner must go on with a working pool. Plain pools: no model needed for this.
    from concurrent.futures import ProcessPoolExecutor

    runner = ExtractionRunner("auto", processes=1)
    monkeypatch.setattr(runner, "_new_pool", lambda: ProcessPoolExecutor(max_workers=1))
    monkeypatch.setattr(runner, "_warm", lambda executor: [executor.submit(abs, -1)])
    runner._executor = runner._new_pool()
    assert runner._executor.submit(abs, -1).result(timeout=30) == 1  # its process and manager thread run
    old_manager = runner._executor._executor_manager_thread  # type: ignore[attr-defined]
    joining = threading.Event()

    async def cancelled_while_joining(func, *args):
        joining.set()
        await asyncio.Event().wait()

    async def scenario() -> None:
        monkeypatch.setattr(pool.asyncio, "to_thread", cancelled_while_joining)
        healing = asyncio.ensure_future(runner._replace_pool("a test"))
        while not joining.is_set():
            await asyncio.sleep(0.01)
        healing.cancel()
        with pytest.raises(asyncio.CancelledError):
            await healing

    try:
        asyncio.run(scenario())
        monkeypatch.undo()
        # The next batch gets a pool that takes work (before: "cannot schedule new futures after shutdown").
        assert runner._executor is not None
        assert runner._executor.submit(abs, -2).result(timeout=30) == 2
    finally:
        runner.stop()
    assert not old_manager.is_alive()  # stop joined the killed pool's manager too
