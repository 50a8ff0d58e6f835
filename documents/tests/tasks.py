"""Tasks for the runner's tests, run in the render process. Django-free, like every task."""

from __future__ import annotations

import contextlib
import os
import sys
import time


def probe() -> dict[str, object]:
    """What the render process has: modules, environment, open files."""
    fds = {}
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            fds[fd] = os.readlink(f"/proc/self/fd/{fd}")
    return {
        "modules": sorted(name for name in sys.modules if name.split(".")[0] in {"django", "psycopg", "kader"}),
        "environment": sorted(os.environ),
        "files": sorted(fds.values()),
        "pid": os.getpid(),
        "niceness": os.nice(0),
        "parent": os.getppid(),
    }


def echo(value: object) -> object:
    return value


def allocate(megabytes: int) -> int:
    """A memory bomb: one block of ``megabytes`` MiB, touched."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def spin() -> None:
    """Burn CPU time until stopped."""
    while True:
        pass


def stubborn() -> None:
    """Burn CPU time and swallow the clean stop: only the hard limit ends it."""
    while True:
        try:
            while True:
                pass
        except BaseException:  # noqa: S110 - on purpose: the test of the hard stop
            pass


def sleep(seconds: float) -> None:
    """Use no CPU at all, only time: only the wall clock ends it."""
    time.sleep(seconds)


def crash() -> None:
    os.abort()


def fail() -> None:
    raise ValueError("kapot")
