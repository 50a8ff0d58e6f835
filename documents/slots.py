"""At most ``DOCUMENT_RENDER_SLOTS`` renders at once in the whole instance; the rest are told to wait.

A render holds one slot: a PostgreSQL advisory lock ``(SLOT_KEY, n)`` for ``n`` in
``1..DOCUMENT_RENDER_SLOTS``, taken with ``pg_try_advisory_xact_lock`` in one query that tries the
slots in order and stops at the first free one. Every app process and every server of the
instance shares the database, so the bound holds across all of them. When every slot is taken
the query returns nothing and :class:`~documents.errors.RenderBusy` is raised at once: the
request does not queue behind the renders, and the page answers 503 with ``Retry-After``.

The lock belongs to the transaction (a request runs in one, see accounts.middleware), so it is
released when the request ends, also if the worker dies, and it can never stay behind on a
pooled connection. A session that already holds a slot takes it again (advisory locks are
re-entrant), so a request that renders twice uses one slot.

With fewer slots than app workers, some workers are always free for pages, however many
documents are requested at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import connection, transaction

from documents.errors import RenderBusy

SLOT_KEY = 0x4B505344  # "KPSD": the first key of every render slot's advisory lock
RETRY_AFTER_SECONDS = 5

# Without ORDER BY: the filter runs row by row and LIMIT stops at the first lock taken, so the
# query never holds more than one slot (tests/test_slots.py checks pg_locks).
_TAKE_SLOT = "SELECT slot FROM generate_series(1, %s) AS slot WHERE pg_try_advisory_xact_lock(%s, slot) LIMIT 1"


@contextmanager
def render_slot() -> Iterator[int]:
    """Hold a render slot for the rest of the transaction, or raise RenderBusy at once."""
    with ExitStack() as stack:
        if not connection.in_atomic_block:  # outside a request: a transaction of its own
            stack.enter_context(transaction.atomic())
        with connection.cursor() as cursor:
            cursor.execute(_TAKE_SLOT, [settings.DOCUMENT_RENDER_SLOTS, SLOT_KEY])
            row = cursor.fetchone()
        if row is None:
            raise RenderBusy
        yield int(row[0])
