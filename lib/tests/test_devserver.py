"""`make run` stops the background worker it started, also when the worker does not want to stop."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from lib import devserver

IGNORES_SIGTERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)"
)


def _child(code: str) -> subprocess.Popen[bytes]:
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert child.stdout is not None
    child.stdout.readline()  # started (and its signal handler set)
    return child


def test_a_worker_that_is_idle_stops_at_once_when_the_web_server_ends() -> None:
    worker = _child("import time; print('ready', flush=True); time.sleep(60)")
    started = time.monotonic()
    devserver.stop_worker(worker, interrupted=False)
    assert worker.returncode is not None and time.monotonic() - started < 5


def test_a_worker_that_does_not_stop_is_killed_after_its_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devserver, "WORKER_GRACE", 0.5)
    monkeypatch.setattr(devserver, "WORKER_INTERRUPT", 0.5)
    worker = _child(IGNORES_SIGTERM)
    devserver.stop_worker(worker, interrupted=True)
    assert worker.returncode == -9
