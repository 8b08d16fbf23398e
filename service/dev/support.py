"""Helpers the CLI's demo, the local broker, the tests and the benchmarks share: polling and ports."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on `host` right now (the OS picks it; another process may take it before use)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for(
    check: Callable[[], T],
    timeout: float,
    what: str,
    *,
    poll: float = 0.2,
    ignore: tuple[type[Exception], ...] = (),
    context: Callable[[], str] | None = None,
) -> T:
    """Poll `check` until it returns something truthy and return that; never sleep-and-assert.

    Args:
        check: called every `poll` seconds.
        timeout: seconds until giving up.
        what: what is awaited, for the error message.
        poll: seconds between calls.
        ignore: exceptions of `check` that count as "not yet".
        context: called once at the deadline; its text (a log tail) is appended to the error.

    Raises:
        TimeoutError: `check` stayed falsy for `timeout` seconds.

    >>> wait_for(lambda: 42, 1, "the answer")
    42
    >>> wait_for(lambda: 0, 0.01, "nothing", poll=0.005)
    Traceback (most recent call last):
    ...
    TimeoutError: timed out after 0.01s waiting for nothing

    """
    deadline = time.monotonic() + timeout
    while True:
        result: T | None
        try:
            result = check()
        except ignore:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            detail = f"\n{context()}" if context else ""
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}{detail}")
        time.sleep(poll)
