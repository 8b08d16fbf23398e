#!/usr/bin/env python3
"""CPU cost of the incident stage per article, next to the cost of extracting the article.

    python bench/incident_stage_cost.py [--corpus tests/data/wcep_days.jsonl] [--articles 400]

`bench/throughput.py --quick --incidents` measures the end-to-end ratio on the real broker, but on a
machine shared with other work its runs differ by more than the stage costs. This measures the stage
alone, in one process, with no broker: the articles are extracted once (the real extractor, one
process, timed), then every event goes through `IncidentStage.route` and, when routed, through
`handle_batch` in batches as the agent takes them, with sends that are acknowledged at once and an
in-memory table. The stage runs in the worker process beside the extraction pool, so its share of the
CPU is (route + link) / extraction per article. Articles are repeated with unique ids (as in
throughput.py), so the same incidents gain articles as a busy story does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import faust  # noqa: E402

from service.config import Settings  # noqa: E402
from service.events import Article  # noqa: E402
from service.extract import Extractor  # noqa: E402
from service.pipeline import ArticleEvent, process_batch  # noqa: E402
from service.stream.incidents import LINK_BATCH_SIZE, IncidentStage, LinkRequest  # noqa: E402
from service.stream.publisher import Publisher  # noqa: E402
from tests.support.incidents import MemoryTable  # noqa: E402
from tests.support.kafka import WCEP_DAYS  # noqa: E402


async def acknowledged(topic: str, key: bytes | None, value: bytes, *, timestamp: float | None = None) -> Any:
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    done.set_result(None)
    return done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=WCEP_DAYS, help="article JSONL (default %(default)s)")
    ap.add_argument("--articles", type=int, default=400, help="articles through the stage (default 400)")
    args = ap.parse_args()

    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    extractor = Extractor.from_model("auto")
    unique = [Article.from_record(row) for row in rows]
    started = time.perf_counter()
    outcomes = process_batch(extractor, unique)
    extract_s = (time.perf_counter() - started) / len(unique)
    payloads = [o.payload for o in outcomes if isinstance(o, ArticleEvent)]

    stage = IncidentStage(
        faust.App("stage-cost", autodiscover=False), Settings(incidents_enabled=True), Publisher(acknowledged)
    )
    stage.table = MemoryTable()  # type: ignore[assignment]
    events = []
    for number in range(args.articles):
        event = json.loads(payloads[number % len(payloads)])
        event["article_id"] = f"{event['article_id']}#{number}"
        events.append((event["article_id"].encode(), json.dumps(event).encode()))

    started = time.perf_counter()
    routed = [stage.route(key, payload) for key, payload in events]
    route_s = time.perf_counter() - started
    requests = [
        LinkRequest(key, value, 0) for topic, key, value in routed if topic == stage.links_topic.get_topic_name()
    ]

    async def link_all() -> int:
        changed = 0
        for first in range(0, len(requests), LINK_BATCH_SIZE):
            changed += await stage.handle_batch(requests[first : first + LINK_BATCH_SIZE])
        return changed

    started = time.perf_counter()
    changed = asyncio.run(link_all())
    link_s = time.perf_counter() - started

    per_article = (route_s + link_s) / len(events)
    table = stage.table.data  # type: ignore[attr-defined]
    print(f"{len(unique)} articles extracted: {extract_s * 1000:.1f} ms each (spaCy + rules, 1 process)")
    print(
        f"{len(events)} events: route {route_s / len(events) * 1000:.2f} ms each; {len(requests)} routed, "
        f"linked in batches of {LINK_BATCH_SIZE}: {link_s / max(1, len(requests)) * 1000:.2f} ms each; "
        f"{changed} incident updates; table {len(table)} regions, {sum(map(len, table.values()))} bytes"
    )
    print(f"stage_ms_per_article={per_article * 1000:.2f} share_of_extraction={per_article / extract_s * 100:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
