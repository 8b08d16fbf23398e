"""The exit codes of every command (`python -m service …`), defined once; docs/operations.md has the table.

Each code means one thing, whichever command returns it, so a script or an orchestrator can act on it
without knowing the command.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a command's exit status says."""

    #: Done (the worker: stopped on SIGTERM/SIGINT after committing).
    OK = 0
    #: Ran, but did not get what was asked: `consume --count N` saw fewer, `extract --strict` rejected a
    #: record, `demo` got no event in time.
    INCOMPLETE = 1
    #: Cannot run as configured: settings, files, ports, model or cluster; one ERROR line says what to fix.
    #: Also argparse's code for a wrong command-line flag.
    SETUP = 2
    #: `broker status`: the local broker is not running (the LSB convention for a status query).
    BROKER_NOT_RUNNING = 3
    #: The worker stopped because it could not go on publishing (topic gone, not authorised, retry time
    #: used up), or because delivering a batch failed otherwise (an ERROR line with its traceback: a
    #: pool that broke while it was replaced, a commit that raised), without committing; the
    #: orchestrator should restart it.
    PUBLISH_FAILED = 4
    #: Interrupted by Ctrl-C outside the worker (128 + SIGINT).
    INTERRUPTED = 130
