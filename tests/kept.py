"""What the tests of pages kept per gemeente revision (lib.revisions.cached) share: a request with its
query count, and the page without its CSRF token to compare a kept answer with a fresh one."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

BASE = 6  # the shell of every page (tests/test_query_budgets.py)


def without_token(page: str) -> str:
    """The page without its CSRF token (masked anew on every response)."""
    return re.sub(r'(data-csrf=|name="csrfmiddlewaretoken" value=)"[^"]*"', "", page)


def get(client: Client, url: str) -> tuple[str, int]:
    """The page at ``url`` (which must answer 200) and the number of queries it took."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(ctx.captured_queries)
