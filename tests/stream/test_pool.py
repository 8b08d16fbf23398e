import asyncio
import doctest
import gc
import multiprocessing
import subprocess
import sys

import orjson

import service.stream.pool
from service.events import Article
from service.pipeline import ArticleEvent
from service.stream.pool import ExtractionRunner, balanced_parts


def test_docstring_examples():
    assert doctest.testmod(service.stream.pool).failed == 0


def test_balanced_parts_cover_every_index_once_and_balance_the_load():
    sizes = [900, 10, 10, 500, 400, 30, 20, 880]
    parts = balanced_parts(sizes, 2)
    assert sorted(i for part in parts for i in part) == list(range(len(sizes)))
    totals = [sum(sizes[i] for i in part) for part in parts]
    assert max(totals) - min(totals) <= max(sizes)
    assert all(part == sorted(part) for part in parts)
    assert balanced_parts([3], 4) == [[0]]
    assert balanced_parts([], 2) == []


def test_a_process_pool_returns_outcomes_in_input_order():
    runner = ExtractionRunner("auto", processes=2, batch_size=4)
    runner.start()
    try:
        articles = [Article(id=f"a{i}", body=("Rain fell in Paris. " * (1 + 7 * (i % 3)))) for i in range(9)]
        outcomes = asyncio.run(runner.run(articles))
        assert len(runner.process_ids()) == 2
        # each pool process froze its warmed-up heap (the model's objects: tens of thousands)
        assert runner._executor is not None
        assert runner._executor.submit(gc.get_freeze_count).result() > 10_000
    finally:
        runner.stop()
    assert [o.article_id for o in outcomes] == [a.id for a in articles]
    assert all(isinstance(o, ArticleEvent) for o in outcomes)
    assert [orjson.loads(o.payload)["article_id"] for o in outcomes] == [a.id for a in articles]


def test_only_a_forking_pool_has_the_worker_import_the_extractor_first():
    # A forked pool shares what the worker imported before the fork; a spawned one imports the extractor
    # in each process anyway, so importing it in the worker as well would only cost the worker's memory.
    script = """
import sys
from service.stream.pool import ExtractionRunner

class Stop(Exception):
    pass

def no_pool(self):
    raise Stop(sorted(m for m in sys.modules if m == "service.extract.extractor"))

ExtractionRunner._new_pool = no_pool
for method in ("spawn", "fork"):
    try:
        ExtractionRunner("auto", processes=1, start_method=method).start()
    except Stop as stop:
        print(method, stop.args[0])
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split("\n")[:2] == ["spawn []", "fork ['service.extract.extractor']"]


def test_the_pool_context_is_the_start_method_given_or_the_platform_default():
    # One context decides both how the pool starts and whether the worker imports the extractor first.
    assert ExtractionRunner("auto", processes=1)._context().get_start_method() == multiprocessing.get_start_method()
    spawned = ExtractionRunner("auto", processes=1, start_method="spawn")
    assert spawned._context().get_start_method() == "spawn" and not spawned._forks()
