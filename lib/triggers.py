"""Database guards for documents that are decided on: an adopted version and its parts never change.

Used by the kader and the veiligheidsplan. The services refuse such changes first, with a
message at the field; these triggers refuse them whatever code path tries (a raw UPDATE, a
cascade, a management command).
"""

from __future__ import annotations

import pgtrigger

DECIDED = "('vastgesteld', 'vervallen')"


def _raise(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';"


def frozen_version_guard(name: str, message: str) -> pgtrigger.Trigger:
    """Refuse changing or deleting an adopted/expired version; only vastgesteld → vervallen."""
    refuse = _raise(message)
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=(
            f"IF OLD.status IN {DECIDED} THEN "
            f"IF TG_OP = 'DELETE' THEN {refuse} END IF; "
            "IF NOT (OLD.status = 'vastgesteld' AND NEW.status = 'vervallen' "
            "AND (to_jsonb(NEW) - ARRAY['status', 'version', 'updated_at']) "
            "= (to_jsonb(OLD) - ARRAY['status', 'version', 'updated_at'])) "
            f"THEN {refuse} END IF; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )


def frozen_part_guard(name: str, message: str, *, version_table: str, version_column: str) -> pgtrigger.Trigger:
    """Refuse any change to a part of an adopted or expired version (``version_column`` points at it)."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=(
            # The table and column are names from the models' Meta, never input.
            f"IF EXISTS (SELECT 1 FROM {version_table} v WHERE v.status IN {DECIDED} "  # noqa: S608
            f"AND (v.id = OLD.{version_column} OR v.id = NEW.{version_column})) "
            f"THEN {_raise(message)} END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )
