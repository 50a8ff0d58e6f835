"""Progress written beside the work: a second connection, one short transaction per report.

A task's work runs in one transaction (all or nothing, like a request), so nothing it writes is
visible before it ends. Its progress must be: the user watches it while the work goes on. So
:class:`ProgressWriter` writes ``voortgang``, ``totaal`` and ``stap`` of the task's record over a
connection of its own, as the same app role and under the same row-level security (bound to the
task's gemeente in each of its transactions), and commits at once.

The work must not change its own record: its transaction would hold the row lock the writer
waits for. The writer waits at most ``LOCK_TIMEOUT`` and then gives up on that report (logged),
rather than hang the task.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from lib import tenancy

from .models import Achtergrondtaak, Status

log = logging.getLogger("kapstok.background")

# A report is written at once when the step changes or the work is complete; otherwise at most
# this often (a task may report every row of a large file).
MIN_INTERVAL = 0.5
LOCK_TIMEOUT = "2s"


class ProgressWriter:
    """Writes the progress of one running task over its own database connection (opened on first use)."""

    def __init__(self, *, taak_id: UUID, gemeente_id: UUID, user_id: int | None) -> None:
        self.taak_id = taak_id
        self.gemeente_id = gemeente_id
        self.user_id = user_id
        self._db: Any = None
        self._written_at = 0.0
        self._written: tuple[int, int | None, str] | None = None

    def write(self, *, voortgang: int, totaal: int | None, stap: str) -> None:
        """Store the progress now if it is news enough (see ``MIN_INTERVAL``); never fails the task."""
        state = (voortgang, totaal, stap)
        complete = totaal is not None and voortgang >= totaal
        first_or_new_step = self._written is None or self._written[2] != stap
        if state == self._written:
            return
        if not (first_or_new_step or complete) and time.monotonic() - self._written_at < MIN_INTERVAL:
            return
        try:
            self._update(voortgang, totaal, stap)
        except Exception:
            log.warning("progress of background task %s not written", self.taak_id, exc_info=True)
            self._discard()
            return
        self._written, self._written_at = state, time.monotonic()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connection(self) -> Any:
        if self._db is None:
            db = connections[DEFAULT_DB_ALIAS].copy()
            # A connection of its own, also when the process uses a pool (whose slots the work may need).
            db.settings_dict.setdefault("OPTIONS", {}).pop("pool", None)
            db.set_autocommit(False)
            self._db = db
        return self._db

    def _update(self, voortgang: int, totaal: int | None, stap: str) -> None:
        db = self._connection()
        table = db.ops.quote_name(Achtergrondtaak._meta.db_table)
        try:
            tenancy.bind(gemeente=self.gemeente_id, user=self.user_id, db=db)
            with db.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                cursor.execute(
                    f"UPDATE {table} SET voortgang = %s, totaal = %s, stap = %s, updated_at = %s "  # noqa: S608 - the table name is our model's
                    "WHERE id = %s AND status = %s",
                    [voortgang, totaal, stap, timezone.now(), self.taak_id, Status.BEZIG],
                )
            db.commit()
        except Exception:
            db.rollback()
            raise

    def _discard(self) -> None:
        """After a failed write: drop the connection, the next report opens a fresh one."""
        try:
            self.close()
        except Exception:
            log.debug("closing the progress connection failed", exc_info=True)
            self._db = None
