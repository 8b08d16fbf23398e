"""Broker faults under load on a real three-broker cluster: does the worker lose or duplicate anything?

    python bench/failover.py                          # starts its own cluster in a temp dir (~4 min)
    python bench/failover.py --fault hung_broker      # one fault (repeatable)
    python bench/failover.py --rate 20                # articles per second in the steady stream

Runs the faults of `tests/support/failover.py` (the same code as tests/integration/test_failover.py) in
order with one worker: kill -9 of the input partitions' leader, of the output partitions' leader and of
the group coordinator, a rolling restart, a broker hung with SIGSTOP, two brokers down at once. Prints
one line per fault and last `lost=N duplicates=M max_pause_s=X recovery_s=Y` (totals; worst pause and
recovery). Exit code 0 iff nothing was lost and no fault duplicated more than one batch.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tests.support.failover import BATCH_SIZE, FAULTS, run_faults, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fault", action="append", choices=FAULTS, help="run only this fault (repeatable)")
    parser.add_argument("--rate", type=float, default=8.0, help="articles per second (default 8)")
    args = parser.parse_args(argv)
    # This script's own clients (load, reader, lag monitor) retry through every fault: their per-retry
    # warnings would bury the report. The worker's log keeps everything.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)

    from service.dev.broker import cluster

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="failover-") as tmp:
        work = Path(tmp)
        with cluster.scratch(work / "kafka") as kafka:
            print(f"cluster {kafka.bootstrap}; worker log in {work}", flush=True)
            reports = run_faults(
                kafka, work, tuple(args.fault or FAULTS), rate=args.rate, log=lambda line: print(line, flush=True)
            )
    print(f"seconds={time.monotonic() - started:.0f}")
    print(summary(reports))
    bad = [r for r in reports if r.lost or r.duplicates > BATCH_SIZE]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
