"""Who and what caused a change: the context stored on every pghistory event row.

The request middleware adds the origin (``web`` or ``api``) and the HTTP method to pghistory's
user and url; management commands wrap their work in :func:`command_context` so their
changes read ``origin="command"`` with the command's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pghistory
import pghistory.middleware
from django.http import HttpRequest

API_PREFIX = "/api/"


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


@contextmanager
def command_context(name: str, **extra: Any) -> Iterator[None]:
    """Record the changes made inside the block as done by management command ``name``.

    Usage in a command's ``handle``::

        with command_context("load_demo"):
            ...
    """
    with pghistory.context(origin="command", command=name, **extra):
        yield
