"""Taking render slots from another database connection, as other app processes would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection

from documents.slots import SLOT_KEY


@contextmanager
def slots_taken_elsewhere(count: int | None = None) -> Iterator[None]:
    """Hold ``count`` render slots (default: all) on a connection of its own for the block."""
    params = connection.get_connection_params()
    keys = ("dbname", "user", "password", "host", "port")
    with psycopg.connect(**{k: params[k] for k in keys if params.get(k)}, autocommit=True) as other:
        for slot in range(1, (settings.DOCUMENT_RENDER_SLOTS if count is None else count) + 1):
            row = other.execute("SELECT pg_try_advisory_lock(%s, %s)", [SLOT_KEY, slot]).fetchone()
            # (a slot this test's own transaction took for a render stays taken until the test ends)
            assert row and row[0], f"slot {slot} is already taken"
        try:
            yield
        finally:
            # Released here, not by closing: a closed connection's backend lets go of its locks a
            # moment later, and a test that takes a slot right after would find it still taken.
            other.execute("SELECT pg_advisory_unlock_all()")
