"""Run the poison inputs through a real worker on a real broker and print what they cost.

    python bench/poison.py                       # starts its own broker in a temp dir, full-size inputs
    python bench/poison.py --scale 0.5 --processes 1 --bootstrap 127.0.0.1:9092

Inputs: every hostile class of `tests/support/adversarial.py` (the 990,000-character casualty list
of issue 10, thousands of entities, number grammar, huge numbers, one enormous sentence and token,
punctuation runs, odd Unicode, markup, repeated content, whitespace), a body over MAX_BODY_BYTES, an
enormous title and a 200 kB key, mixed with ordinary articles over four partitions. The worker runs
with the default settings (EXTRACT_TIME_BUDGET_S, MAX_MESSAGE_BYTES, ...) unless overridden.

The last line is `stalled=N lost=M max_rss_mb=X shutdown_s=Y`: ordinary articles without an event,
inputs with neither an event nor a dead letter, the peak resident memory of the worst process
(worker or extraction process, sampled from the worker's metrics) and the seconds SIGTERM took.
Targets: stalled=0 lost=0 max_rss_mb<=400 shutdown_s<=30. Exit code 0 iff all four are met.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tests.support.poison import run_poison_scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", help="use this broker instead of starting a local one")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the hostile bodies (1.0 = full size)")
    parser.add_argument("--ordinary-copies", type=int, default=4, help="copies of the 30 sample articles")
    parser.add_argument("--processes", default="auto", help="EXTRACT_PROCESSES of the worker (default auto)")
    parser.add_argument("--budget", type=float, help="EXTRACT_TIME_BUDGET_S (default: the service default)")
    args = parser.parse_args(argv)

    from service.dev import broker

    env = {"EXTRACT_PROCESSES": args.processes}
    if args.budget is not None:
        env["EXTRACT_TIME_BUDGET_S"] = str(args.budget)
    with tempfile.TemporaryDirectory(prefix="poison-") as tmp:
        work = Path(tmp)
        home = work / "kafka"
        with broker.scratch(home, args.bootstrap) as bootstrap:
            print(f"broker {bootstrap}; worker log in {work}", flush=True)
            report = run_poison_scenario(
                bootstrap,
                work,
                scale=args.scale,
                ordinary_copies=args.ordinary_copies,
                env=env,
                log=lambda line: print(line, flush=True),
            )

    for key, name in sorted(report.poison.items(), key=lambda kv: kv[1]):
        outcome = "event" if key in report.events else f"dead letter ({report.letters.get(key, 'none')})"
        print(f"  {name:<24} {outcome}")
    print(
        f"events={len(report.events)} dead_letters={len(report.letters)} truncated_events={report.truncated_events} "
        f"max_event_bytes={max(report.event_sizes, default=0)} liveness_failures={report.liveness_failures} "
        f"exit_code={report.exit_code} seconds={report.seconds:.0f}"
    )
    print("max_rss_mb per process: " + ", ".join(f"{k}={v:.0f}" for k, v in sorted(report.max_rss_mb.items())))
    print(report.summary())
    worst = max(report.max_rss_mb.values(), default=0.0)
    ok = report.stalled == 0 and not report.lost and worst <= 400 and report.shutdown_s <= 30
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
