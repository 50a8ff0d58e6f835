"""The history trackers every tracked model gets (``PGHISTORY_DEFAULT_TRACKERS``): insert, update
and delete, each recorded by a statement-level trigger.

A row-level trigger writes one history row per changed row, each as a statement of its own; a
statement-level trigger writes the events of a whole statement at once. An import that stores
100,000 rows in a few ``INSERT … SELECT`` statements so writes its history in as many
statements, and whatever follows the history tables (``audit.handelingen``) runs once per
statement instead of once per row (ADR 0020).

django-pghistory deep-copies the default trackers for every model. A deep copy also copies
django-pgtrigger's operation and level markers, which that library compares by identity, and a
statement-level trigger built from copies loses its transition tables. These trackers copy
themselves shallowly: a new tracker per model that shares the markers.
"""

from __future__ import annotations

import copy
from typing import Any

import pghistory


class _SharedMarkers:
    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return copy.copy(self)


class InsertEvent(_SharedMarkers, pghistory.InsertEvent):
    pass


class UpdateEvent(_SharedMarkers, pghistory.UpdateEvent):
    pass


class DeleteEvent(_SharedMarkers, pghistory.DeleteEvent):
    pass


def default_trackers() -> tuple[pghistory.RowEvent, ...]:
    return (
        InsertEvent(level=pghistory.Statement),
        UpdateEvent(level=pghistory.Statement),
        DeleteEvent(level=pghistory.Statement),
    )


# A statement-level trigger of django-pghistory calls ``_pgh_attach_context()`` once per statement.
# pghistory's own version stores the context in its shared table ``pghistory_context``, one table
# for every gemeente without row-level security. Kapstok keeps the context on each history row
# (``PGHISTORY_CONTEXT_FIELD``), so this version reads nothing and writes nothing.
CONTEXT_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION _pgh_attach_context() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$
"""


def install_context_function(using: str = "default") -> None:
    """Replace pghistory's context function (after every ``migrate``; its migrations install theirs)."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(CONTEXT_FUNCTION_SQL)
