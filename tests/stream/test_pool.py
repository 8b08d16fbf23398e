import asyncio
import doctest
import gc

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
