"""Who and what caused a change: the context stored on every pghistory event row.

The request middleware adds the origin (``web`` or ``api``) and the HTTP method to pghistory's
user and url; management commands wrap their work in :func:`command_context` so their
changes read ``origin="command"`` with the command's name, and background tasks in
:func:`task_context` (``origin="task"`` with the kind of task and who started it).

How contexts nest, and why commands need more than ``pghistory.context``
--------------------------------------------------------------------------

``pghistory.context`` keeps one context per thread: a ``with pghistory.context(...)`` entered
while another one is open does not start a context of its own but *adds* its metadata to the
open one, and that metadata stays after the inner block ends. In a request that is harmless:
every service called by the view acts for the same person. In a command it misattributes: a
loader that calls ``kader.services`` (``pghistory.context(user=<coördinator>, action=...)``)
and then creates the next gemeente would record that gemeente as made by the first
gemeente's coördinator.

So :func:`command_context` does not hold a pghistory context open around its block. It adds
its own context to every statement run while no pghistory context is open, and a
``pghistory.context`` entered inside it becomes a context of its own (its own id: one action
in the history) that also carries the command's origin and name. When that inner block ends,
pghistory forgets its metadata, and the command's next statement carries the command's
context again: nothing set inside sticks.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pghistory
import pghistory.middleware
import pghistory.runtime
from django.db import connection
from django.http import HttpRequest

API_PREFIX = "/api/"

# The command contexts open in this thread, innermost last.
_commands = threading.local()


def request_origin(request: HttpRequest) -> str:
    """``api`` for the REST API, ``web`` for everything else (HTML pages, htmx fragments)."""
    return "api" if request.path.startswith(API_PREFIX) else "web"


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's middleware, with the origin and the HTTP method in the context."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request)
        context["origin"] = request_origin(request)
        context["method"] = request.method
        return context


def _open_commands() -> list[Any]:
    if not hasattr(_commands, "stack"):
        _commands.stack = []
    stack: list[Any] = _commands.stack
    return stack


def _pghistory_context() -> Any:
    """The pghistory context open in this thread, or None."""
    return getattr(pghistory.runtime._tracker, "value", None)


@contextmanager
def command_context(name: str, **extra: Any) -> Iterator[None]:
    """Record the changes made inside the block as done by management command ``name``.

    ``extra`` adds metadata, e.g. ``user=<id>`` for a step that acts as a person. Every
    ``pghistory.context`` entered inside the block (the services) is an action of its own
    that inherits this metadata without overriding its own; a nested ``command_context`` is
    one too. Inside an open pghistory context (a request) the metadata is added to that
    context for the duration of the block only. Usage in a command's ``handle``::

        with command_context("load_demo"):
            ...
    """
    with _outside_request({"origin": "command", "command": name, **extra}):
        yield


@contextmanager
def task_context(soort: str, **extra: Any) -> Iterator[None]:
    """Record the changes made inside the block as done by a background task of kind ``soort``.

    As :func:`command_context`, with ``origin="task"``; ``extra`` names the person who started
    the task (``user=<id>``) and the task itself (``taak=<id>``).
    """
    with _outside_request({"origin": "task", "task": soort, **extra}):
        yield


@contextmanager
def _outside_request(metadata: dict[str, Any]) -> Iterator[None]:
    running = _pghistory_context()
    if running is not None:
        saved = dict(running.metadata)
        running.metadata.update(metadata)
        try:
            yield
        finally:
            running.metadata.clear()
            running.metadata.update(saved)
        return

    context = pghistory.runtime.Context(id=uuid.uuid4(), metadata=metadata)
    stack = _open_commands()
    stack.append(context)
    try:
        with connection.execute_wrapper(_recorder(context)):
            yield
    finally:
        stack.remove(context)


def _recorder(context: Any) -> Callable[..., Any]:
    """An execute wrapper that puts ``context`` on the statements of its command block."""

    def record(execute: Callable[..., Any], sql: Any, params: Any, many: bool, db_context: dict[str, Any]) -> Any:
        stack = _open_commands()
        if not stack or stack[-1] is not context:
            return execute(sql, params, many, db_context)  # a nested command block records
        running = _pghistory_context()
        if running is not None:
            # A service's pghistory.context: its own action, with the command's metadata too.
            for key, value in context.metadata.items():
                running.metadata.setdefault(key, value)
            return execute(sql, params, many, db_context)
        pghistory.runtime._tracker.value = context
        try:
            return pghistory.runtime._inject_history_context(execute, sql, params, many, db_context)
        finally:
            del pghistory.runtime._tracker.value

    return record
