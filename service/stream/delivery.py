"""The delivery unit: one batch published, acknowledged by the broker, acked and committed, in that order.

`Delivery.commit(records, inputs)` is the one place where the order of the at-least-once guarantee
lives (as quix-streams' `Checkpoint.commit()` is):
  1. publish an event or a dead letter for every record and wait until the broker acknowledged each
     (`BatchProcessor.process`: it retries transient failures and raises `PublishError` when it cannot);
  2. only then ack the consumed inputs, so that their offsets may be committed;
  3. commit now, not on Faust's 2.8 s timer: a kill -9 then re-delivers at most the batch in flight
     (measured: 48 duplicates per crash with the timer, i.e. three batches). A commit already running
     (the timer's) makes the call wait and skip, so it is made once more.
A `PublishError` (or a cancellation at shutdown) in step 1 leaves everything unacked and uncommitted:
the batch is read again after a restart. The unit knows no Faust: the agent passes its
`stream.ack` and `app.consumer.commit` in, so the order is tested with fakes
(`tests/stream/test_delivery.py`).

`gate_commits` closes the ways around that order. After a fatal publish failure the worker stops,
and on its way out Faust could still commit offsets it believes acked (its stream acks what it fetches
by itself once the agent's batch loop is gone): once the gate is shut, nothing more is committed. And
Faust acks records no agent saw (around an assignment, `service.stream.commits`): the gate commits no
further than the commit ledger's account of acknowledged output.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from service.stream.commits import CommitLedger
from service.stream.processor import InputRecord, Outgoing

log = logging.getLogger(__name__)

#: Publishes an event or dead letter per record; returns them once the broker acknowledged all.
Publish = Callable[[Sequence[InputRecord]], Awaitable[list[Outgoing]]]
#: Acks one consumed input (Faust's `stream.ack`), so that its offset may be committed.
Ack = Callable[[Any], Awaitable[Any]]
#: Commits the acked offsets; False when it skipped (a commit was already running).
Commit = Callable[[], Awaitable[bool]]


class Delivery:
    """Publish -> wait for the broker's acks -> ack the inputs -> commit (once more if skipped)."""

    def __init__(self, publish: Publish, ack: Ack, commit: Commit) -> None:
        self._publish = publish
        self._ack = ack
        self._commit = commit

    async def commit(self, records: Sequence[InputRecord], inputs: Sequence[Any]) -> list[Outgoing]:
        """Deliver `records` (consumed as `inputs`, the consumer's own objects) and commit their offsets.

        Returns:
            What the broker acknowledged: an event or a dead letter per record.

        Raises:
            PublishError: publishing cannot succeed; nothing of this batch was acked or committed.

        """
        if len(records) != len(inputs):
            raise ValueError(f"{len(records)} records but {len(inputs)} consumed inputs")
        published = await self._publish(records)
        for item in inputs:
            await self._ack(item)
        # A skipped commit is made once more; if that skips too, the next batch's commit (or Faust's
        # timer) carries these offsets: they are acked, so nothing is lost, at most re-read after a crash.
        if not await self._commit():
            await self._commit()
        return published


def gate_commits(consumer: Any, is_shut: Callable[[], bool], ledger: CommitLedger | None = None) -> None:
    """Make `consumer` (a Faust consumer) refuse every commit once `is_shut()`, and commit only what `ledger` allows.

    `ledger` (`service.stream.commits`) lowers each offset to below the first record without
    acknowledged output. Wraps the consumer's `_commit(offsets)`, through which all of Faust's commits pass (ours, its
    timer's, the one on rebalance and on stop). Idempotent: a restarted agent does not wrap it twice.
    """
    if getattr(consumer, "_news_commit_gate", False):
        return
    commit = consumer._commit

    async def gated(offsets: Mapping[Any, int]) -> bool:
        if is_shut():
            log.warning(
                "not committing offsets %s: the worker is stopping after a publish failure; "
                "they are read again after the restart",
                {f"{tp.topic}[{tp.partition}]": offset for tp, offset in offsets.items()},
            )
            return False
        if ledger is not None:
            safe = ledger.safe(offsets)
            if safe != dict(offsets):
                log.debug(
                    "commit lowered to acknowledged output: %s -> %s",
                    {f"{tp.topic}[{tp.partition}]": o for tp, o in offsets.items()},
                    {f"{tp.topic}[{tp.partition}]": o for tp, o in safe.items()},
                )
            if not safe:
                return False
            offsets = safe
        done = bool(await commit(offsets))
        if done and ledger is not None:
            ledger.committed(offsets)
        return done

    consumer._commit = gated
    consumer._news_commit_gate = True
