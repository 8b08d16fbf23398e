"""Re-run the crash proof: N articles in, kill -9 the worker mid-stream, restart, count events per id.

    python bench/crash_test.py                                   # starts its own broker in a temp dir
    python bench/crash_test.py --guarantee exactly_once
    python bench/crash_test.py --bootstrap 127.0.0.1:9092 --articles 5000 --kill-after 1000

The last line is `lost=N duplicates=M`; the exit code is 0 iff nothing was lost (2 if the worker did
not start: the service refuses PROCESSING_GUARANTEE=exactly_once at start-up, see the README).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tests.support.crash import CORPUS, run_crash_scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles to produce (default 1000)")
    parser.add_argument("--kill-after", type=int, default=200, help="kill -9 after this many events (default 200)")
    parser.add_argument("--guarantee", choices=["at_least_once", "exactly_once"], default="at_least_once")
    parser.add_argument("--bootstrap", help="use this broker instead of starting a local one")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--per-id", action="store_true", help="print the event count of every id")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="article JSONL (default %(default)s)")
    args = parser.parse_args(argv)

    from service.dev import broker

    with tempfile.TemporaryDirectory(prefix="crash-test-") as tmp:
        work = Path(tmp)
        home = work / "kafka"
        with broker.scratch(home, args.bootstrap) as bootstrap:
            print(f"broker {bootstrap}; worker logs in {work}", flush=True)
            try:
                report = run_crash_scenario(
                    bootstrap,
                    work,
                    articles=args.articles,
                    kill_after=args.kill_after,
                    guarantee=args.guarantee,
                    batch_size=args.batch_size,
                    partitions=args.partitions,
                    log=lambda line: print(line, flush=True),
                    corpus=args.corpus,
                )
            except AssertionError as exc:  # the worker would not start (exactly_once is refused by design)
                print(f"the worker did not start: {exc}")
                return 2

    for article_id in report.ids:
        count = report.events[article_id]
        if args.per_id or count != 1:
            dead = f" dead_letters={report.dead_letters[article_id]}" if report.dead_letters[article_id] else ""
            print(f"{article_id} events={count}{dead}")
    print("ids per event count: " + ", ".join(f"{n} event(s): {ids}" for n, ids in report.histogram().items()))
    print(
        f"events before kill: {report.events_before_kill}; restarted worker exit code on SIGTERM: "
        f"{report.restart_exit_code}; seconds: " + ", ".join(f"{k}={v:.1f}" for k, v in report.seconds.items())
    )
    print(f"lost={len(report.lost)} duplicates={report.duplicates}")
    return 0 if not report.lost else 1


if __name__ == "__main__":
    sys.exit(main())
