"""The app's side of the render process: plain data in, bytes or a typed error out.

:func:`run` sends a task (a function of a Django-free module, such as
:func:`documents.worker.fill_docx`) with plain-data arguments and :class:`Limits` to the
render server of this app process (``python -m documents.worker``, started on first use with a
minimal environment and kept), which forks a render process for it (see :mod:`documents.worker`
for how the limits are set). The answer is the task's value, or the error the render process
reported, raised again as its own type from :mod:`documents.errors`.

One render at a time per app process (a lock); a gunicorn sync worker handles one request at a
time anyway, and :mod:`documents.slots` bounds the renders of the whole instance.

Django-free, like the worker, so it can be used and tested without a database.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from documents.errors import RenderFailed, from_report
from documents.worker import read_frame, write_frame

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60.0  # the server imports WeasyPrint and docxtpl once: about a second
GRACE_SECONDS = 5.0  # on top of a request's wall time, before the app gives up on the server

# The render server gets only what it needs to find Python, its libraries and fonts: no
# database URLs, no secret key.
_ENV_NAMES = {"PATH", "HOME", "LANG", "TZ", "TMPDIR", "LD_LIBRARY_PATH", "VIRTUAL_ENV", "PYTHONPATH"}
_ENV_PREFIXES = ("LC_", "FONTCONFIG", "XDG_", "PANGO", "GDK_")


@dataclass(frozen=True)
class Limits:
    """The hard limits of one render process."""

    cpu_seconds: float  # CPU time (user + system) it may use
    memory_bytes: int  # address space it may add to what it has when it starts
    wall_seconds: float  # real time after which it is killed


@dataclass(frozen=True)
class Result:
    value: Any  # bytes (a document) or JSON data
    cpu_seconds: float  # CPU time the render process used


PLAIN_TYPES = (str, bytes, int, float, bool, type(None))


def check_plain(value: Any, where: str = "argument") -> None:
    """Refuse anything but plain data (dicts with text keys, lists, text, bytes, numbers, None)."""
    if isinstance(value, PLAIN_TYPES):
        return
    if isinstance(value, list | tuple):
        for item in value:
            check_plain(item, where)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: dict key {key!r} is not text")
            check_plain(item, f"{where}.{key}")
        return
    raise TypeError(f"{where}: {type(value).__name__} is not plain data; the render process gets plain data only")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _ENV_NAMES or k.startswith(_ENV_PREFIXES)}
    env["MALLOC_ARENA_MAX"] = "2"  # fewer malloc arenas: address space close to what is used
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class _Server:
    """``python -m documents.worker`` for this app process."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "documents.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=_environment(),
            start_new_session=True,  # its own process group: killed as a whole, no terminal signals
        )
        try:
            ready, _body = self.receive(time.monotonic() + START_SECONDS)
        except (OSError, EOFError, TimeoutError, ValueError):
            self.stop()
            raise
        if not ready.get("ready"):
            self.stop()
            raise EOFError("render server did not start")

    def usable(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def send(self, header: dict[str, Any], body: bytes) -> None:
        assert self.process.stdin is not None
        write_frame(self.process.stdin.fileno(), header, body)

    def receive(self, deadline: float) -> tuple[dict[str, Any], bytes]:
        assert self.process.stdout is not None
        return read_frame(self.process.stdout.fileno(), deadline)

    def stop(self) -> None:
        if self.owner == os.getpid():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


_lock = threading.Lock()
_server: _Server | None = None


def _current_server() -> _Server:
    global _server
    if _server is None or not _server.usable():
        if _server is not None and _server.owner == os.getpid():
            _server.stop()
        _server = _Server()  # (a server inherited from a parent process is left to that process)
    return _server


def stop_server() -> None:
    """Stop this process's render server (a new one starts on the next render)."""
    global _server
    with _lock:
        if _server is not None:
            _server.stop()
            _server = None


def server_pid() -> int | None:
    """The process id of this process's render server, if one runs."""
    return _server.process.pid if _server is not None and _server.usable() else None


def run(task: Callable[..., Any], *args: Any, limits: Limits) -> Result:
    """Run ``task(*args)`` in a render process under ``limits``.

    ``task`` is a module-level function of a Django-free module; ``args`` must be plain data.
    Raises the DocumentError the render process reported, or RenderFailed if the render server
    itself did not answer.
    """
    check_plain(list(args))
    header = {"cpu": limits.cpu_seconds, "memory": limits.memory_bytes, "wall": limits.wall_seconds}
    body = pickle.dumps((task, args), protocol=pickle.HIGHEST_PROTOCOL)
    global _server
    with _lock:
        try:
            server = _current_server()
            server.send(header, body)
            reply, data = server.receive(time.monotonic() + limits.wall_seconds + GRACE_SECONDS)
        except (OSError, EOFError, TimeoutError, ValueError) as error:
            if _server is not None:
                _server.stop()
                _server = None
            raise RenderFailed(problem=f"het maakproces antwoordde niet ({error.__class__.__name__})") from None
    if reply.get("ok"):
        value = data if reply.get("bytes") else reply.get("value")
        return Result(value=value, cpu_seconds=float(reply.get("cpu", 0.0)))
    raise from_report(str(reply.get("error")), dict(reply.get("details") or {}))
