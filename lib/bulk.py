"""Writing many new rows at once: ``COPY`` into a temporary table, then ``INSERT … SELECT`` from it.

For imports of thousands of rows ``bulk_create`` spends most of its time building one large SQL
statement in Python and having psycopg take it apart again. :func:`copy_create` sends the values
with ``COPY`` (no SQL to build) into a temporary table shaped like the model's table, then moves
them with ``INSERT … SELECT`` in batches. That statement goes through Django's cursor, so the rows
still pass the table's constraints, its row-level security and its history triggers, with the
history context of the caller (``pghistory.context``): only the Python side of ``bulk_create`` is
skipped. The objects keep their own primary keys (the models' UUIDs are made in Python).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection

BATCH = 2000


def copy_create(objs: Sequence[Any], *, batch: int = BATCH, progress: Callable[[int, int], None] | None = None) -> None:
    """Insert ``objs`` (new instances of one model, primary keys set) as ``bulk_create`` would."""
    if not objs:
        return
    meta = objs[0]._meta
    fields = list(meta.concrete_fields)
    table = connection.ops.quote_name(meta.db_table)
    stage = connection.ops.quote_name(f"kapstok_stage_{meta.db_table}")
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    total = len(objs)
    with connection.cursor() as cursor:
        # The names are the model's own table and columns; no value is put into the SQL.
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} (n serial, LIKE {table}) ON COMMIT DROP")
        with cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
        for start in range(0, total, batch):
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage}"  # noqa: S608
                " WHERE n > %s AND n <= %s ORDER BY n",
                [start, start + batch],
            )
            if progress is not None:
                progress(min(start + batch, total), total)
        cursor.execute(f"DROP TABLE {stage}")
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
