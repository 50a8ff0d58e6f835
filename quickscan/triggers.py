"""Database guards of the quickscan: a completed scan and its scores never change.

The services refuse such changes first, with a Dutch message; these triggers refuse them whatever
code path tries (a raw UPDATE, a command, a cascade). The one change a completed scan allows is
the one the database makes itself: who completed it becomes empty when that membership is removed
(``on_delete=SET_NULL``).
"""

from __future__ import annotations

import pgtrigger

FROZEN_MESSAGE = "Een afgeronde quickscan kan niet meer worden gewijzigd."
_REFUSE = f"RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = 'check_violation';"


def frozen_scan_guard() -> pgtrigger.Trigger:
    """Refuse changing or deleting a completed scan (only ``afgerond_door`` may become NULL)."""
    return pgtrigger.Trigger(
        name="quickscan_scan_frozen",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=(
            "IF OLD.status = 'afgerond' THEN "
            f"IF TG_OP = 'DELETE' THEN {_REFUSE} END IF; "
            "IF (to_jsonb(NEW) - 'afgerond_door_id') <> (to_jsonb(OLD) - 'afgerond_door_id') "
            "OR (NEW.afgerond_door_id IS NOT NULL AND NEW.afgerond_door_id IS DISTINCT FROM OLD.afgerond_door_id) "
            f"THEN {_REFUSE} END IF; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )


def frozen_score_guard() -> pgtrigger.Trigger:
    """Refuse adding, changing or deleting a score of a completed scan."""
    return pgtrigger.Trigger(
        name="quickscan_score_frozen",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=(
            # The table is the scans' own (quickscan.Quickscan), never input.
            "IF EXISTS (SELECT 1 FROM quickscan_quickscan q WHERE q.status = 'afgerond' "  # noqa: S608
            "AND (q.id = OLD.scan_id OR q.id = NEW.scan_id)) "
            f"THEN {_REFUSE} END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )
