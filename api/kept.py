"""Answers of the API's reads kept per gemeente revision, as the heavy pages are (ADR 0011, ADR 0017).

A router opts in with ``router.add_decorator(kept_reads, mode="operation")``: its operations then
run inside :func:`kept_reads`, after ninja has authenticated the token and validated the
parameters. A GET whose answer is kept for this member, path, query string, day and revision of
the gemeente is answered with the kept bytes and headers, without running the operation. Otherwise
the operation runs and :meth:`api.api.KapstokAPI.create_response` hands its serialised 200 answer
to :func:`keep_answer`. Any change in the gemeente moves the revision, so the next read runs again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from lib import revisions

# The headers an answer carries besides its body (the transport headers come from the middleware).
KEPT_HEADERS = (
    "Content-Type",
    "ETag",
    "Link",
    "X-Total-Count",
    "X-Pagination-Page",
    "X-Pagination-Limit",
    "X-Pagination-Count",
)
_KEY = "_kapstok_kept_answer"


def kept_reads(view: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an operation so that a GET may be answered from, and fill, the cache."""
    name = f"api:{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = revisions.key_for(request, name, per_browser=False)
        if key is not None:
            found = revisions.lookup(key)
            if found is not revisions.MISSING:
                content, headers = found
                response = HttpResponse(content)
                for header, value in headers:
                    response[header] = value
                return response
            setattr(request, _KEY, key)
        return view(request, *args, **kwargs)

    return run


def keep_answer(request: HttpRequest, response: HttpResponse) -> None:
    """Keep a successful answer of a read that :func:`kept_reads` let run."""
    key = getattr(request, _KEY, None)
    if key is None or response.status_code != 200:
        return
    delattr(request, _KEY)
    headers = [(header, response[header]) for header in KEPT_HEADERS if header in response]
    revisions.keep(key, (response.content, headers))
