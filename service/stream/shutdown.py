"""Shutdown that always ends: a hard deadline after SIGTERM/SIGINT, and a non-zero exit on fatal errors.

Faust's graceful stop waits for agents, streams and the consumer, any of which may be stuck (a slow
article in a thread, a producer waiting on an unreachable broker). Once a stop is requested a
daemon timer ends the process after `SHUTDOWN_TIMEOUT_S` whatever is still running. That is safe
for delivery: offsets are committed only after a batch's output is acknowledged, so a forced exit
leaves the batch in flight uncommitted and the next worker processes it again (at least once).

A fatal error (topic gone, not authorised, publish retry time used up) goes the same way with an
exit code that tells the orchestrator to restart the worker.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Any

import faust

from service.exitcodes import ExitCode

log = logging.getLogger(__name__)


class ShutdownGuard:
    """Arms the hard exit deadline and carries the exit code of a fatal stop."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.exit_code: int = ExitCode.OK
        self.reason: str | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    @property
    def failed(self) -> bool:
        """True once a fatal error stopped the worker (`fail`): nothing more may be committed."""
        return self.reason is not None

    @property
    def stopping(self) -> bool:
        """True once a stop was requested (signal or fatal error)."""
        return self._timer is not None

    def arm(self) -> None:
        """Start the deadline (once): after `timeout_s` the process exits, finished or not."""
        with self._lock:
            if self._timer is not None:
                return
            self._timer = threading.Timer(self.timeout_s, self._force_exit)
            self._timer.daemon = True
            self._timer.start()

    def _force_exit(self) -> None:
        log.warning(
            "shutdown did not finish within %.0fs (SHUTDOWN_TIMEOUT_S): exiting now; the batch in flight "
            "is not committed and will be processed again",
            self.timeout_s,
        )
        logging.shutdown()
        os._exit(self.exit_code)

    def fail(self, reason: str) -> None:
        """Stop the worker with ExitCode.PUBLISH_FAILED: it cannot go on; `reason` names the cause (and the fix).

        Called when publishing fails for good, and when delivering a batch failed otherwise
        (`service.stream.delivery.LookAhead`).
        """
        if self.reason is None:
            self.reason = reason
            self.exit_code = ExitCode.PUBLISH_FAILED
            log.error("stopping: %s", reason)
        self.arm()
        # Through the worker's own SIGTERM handler: the same (bounded) path as an orchestrator's stop.
        os.kill(os.getpid(), signal.SIGTERM)


class GuardedWorker(faust.Worker):
    """A Faust worker whose stop on SIGTERM/SIGINT is bounded by a `ShutdownGuard`."""

    def __init__(self, *args: Any, guard: ShutdownGuard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard

    def _on_sigterm(self) -> None:
        self.guard.arm()
        super()._on_sigterm()

    def _on_sigint(self) -> None:
        self.guard.arm()
        super()._on_sigint()
