"""The table of actions (``audit.Handeling``), kept by a trigger on every history table.

The history groups changes into actions: the changes of one history context, or a change
recorded without one. Grouping the union of every history table for each page costs time that
grows with the history (and planning that union alone costs tens of milliseconds). Instead, an
``AFTER INSERT`` statement trigger on each history table folds the new events into one row per
action: the latest time, the history tables and the kinds of change (the number of changes is
counted when the action is shown). The unfiltered history and the start page read the newest
actions from that table's index; the changes of those actions are then read from their own
tables only (``audit.history``).

:func:`install` runs after every ``migrate`` (like the row-level security policies). It puts the
trigger on each history table that lacks it and, in the same transaction, adds that table's
existing events, so a database migrated before this table existed gets a complete index. It
runs as the owner: row-level security is lifted for the two tables while it copies (it is
FORCEd, for the owner too) and put back before it returns.
"""

from __future__ import annotations

import hashlib
import re

from django.db import connections, transaction

from audit.history import _scope_column, tracked_event_models
from audit.models import Handeling

FUNCTION = "kapstok_note_handeling"
TRIGGER = "kapstok_handeling"
# Model labels and column names: letters, digits, dots and underscores only.
SAFE = re.compile(r"[A-Za-z0-9_.]+")

# The new events of one statement (transition table ``nieuw``) or of a whole table, per action.
# The arrays stay sorted and distinct. A row is only rewritten when the action gains a later time,
# a history table or a kind of change: the many statements of one long transaction (an import, a
# loop of saves) then each find their action's row as it is and leave it (the row is locked, not
# rewritten), instead of adding a version of it that every later statement must step past.
_FOLD = """
INSERT INTO {table} AS h (gemeente_id, sleutel, tijdstip, modellen, soorten)
SELECT {scope}, coalesce(pgh_context_id::text, {label} || ':' || pgh_id), max(pgh_created_at), ARRAY[{label}]::text[],
       array_agg(DISTINCT pgh_label::text ORDER BY pgh_label::text)
FROM {source} {where} GROUP BY 1, 2 ORDER BY min(pgh_id)
ON CONFLICT (gemeente_id, sleutel) DO UPDATE SET
    tijdstip = greatest(h.tijdstip, excluded.tijdstip),
    modellen = ARRAY(SELECT DISTINCT m FROM unnest(h.modellen || excluded.modellen) AS m ORDER BY m),
    soorten = ARRAY(SELECT DISTINCT s FROM unnest(h.soorten || excluded.soorten) AS s ORDER BY s)
WHERE h.tijdstip < excluded.tijdstip OR NOT h.modellen @> excluded.modellen OR NOT h.soorten @> excluded.soorten
"""

# TG_ARGV: the event model's label and the column that holds the gemeente. The events are folded
# per gemeente with ``app.gemeente`` set to it for that statement: the events have passed their own
# table's policy, which for what participants of a bijeenkomst write is not ``app.gemeente`` but
# their session's gemeente (bijeenkomsten.models); the setting is put back before the trigger ends.
_FOLD_NEW = _FOLD.format(
    table=Handeling._meta.db_table, scope="%2$I", label="%1$L", source="nieuw", where="WHERE %2$I = $1"
)
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vorige text := coalesce(current_setting('app.gemeente', true), '');
    g uuid;
BEGIN
    FOR g IN EXECUTE format('SELECT DISTINCT %I FROM nieuw', TG_ARGV[1]) LOOP
        PERFORM set_config('app.gemeente', g::text, true);
        EXECUTE format($fold${_FOLD_NEW}$fold$, TG_ARGV[0], TG_ARGV[1]) USING g;
    END LOOP;
    PERFORM set_config('app.gemeente', vorige, true);
    RETURN NULL;
END
$$
"""  # noqa: S608  (constants of this module)


def index_name(table: str) -> str:
    """The index on (context, time, id) of a history table, with the gemeente: the changes of one
    action in the order they were recorded, read without sorting them all, and counted from the
    index alone (``audit.history``). Not a Django index: the event models are pghistory's; like the
    trigger, it is put on every history table here."""
    digest = hashlib.sha256(table.encode()).hexdigest()[:10]
    return f"kapstok_context_{digest}"


def install(using: str = "default") -> None:
    """Create the function and give every history table of gemeente data its trigger and its index
    of changes per action (:func:`index_name`); a table that gets the trigger now has its earlier
    events folded in, in the same transaction."""
    conn = connections[using]
    quote = conn.ops.quote_name
    target = Handeling._meta.db_table
    # One transaction: a table has its trigger only together with its earlier events (creating the
    # trigger locks the table against writes until commit, so no event slips between the two).
    with transaction.atomic(using=using), conn.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRIGGER])
        present = {name.strip('"') for (name,) in cursor.fetchall()}
        existing = set(conn.introspection.table_names(cursor))
        # (A table not yet migrated gets its trigger at a later migrate.)
        models = [m for m in tracked_event_models() if m._meta.db_table in existing]
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(index_name(table))} ON {quote(table)} "
                f"(pgh_context_id, pgh_created_at, pgh_id) INCLUDE ({quote(str(_scope_column(model)))})"
            )
        new = [m for m in models if m._meta.db_table not in present]
        if not new:
            return
        lifted = [target, *(m._meta.db_table for m in new)]
        for name in lifted:
            cursor.execute(f"ALTER TABLE {quote(name)} NO FORCE ROW LEVEL SECURITY")
        for model in new:
            table, scope, label = model._meta.db_table, str(_scope_column(model)), model._meta.label
            assert SAFE.fullmatch(label) and SAFE.fullmatch(scope), (label, scope)  # literals in the trigger
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {quote(table)} REFERENCING NEW TABLE AS nieuw "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}('{label}', '{scope}')"
            )
            cursor.execute(
                _FOLD.format(table=quote(target), scope=quote(scope), label="%s", source=quote(table), where=""),
                [label, label],
            )
        # The new rows' foreign keys are checked now: a table with checks pending cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in lifted:
            cursor.execute(f"ALTER TABLE {quote(name)} FORCE ROW LEVEL SECURITY")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
