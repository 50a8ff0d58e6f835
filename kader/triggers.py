"""Database guards of the kader: an adopted or expired version and its parts never change."""

from __future__ import annotations

import pgtrigger

FROZEN_MESSAGE = "Een vastgestelde of vervallen versie van het kader kan niet worden gewijzigd."

_RAISE = f"RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = 'check_violation';"


def frozen_version_guard() -> pgtrigger.Trigger:
    """Refuse changing or deleting an adopted/expired version; only vastgesteld → vervallen."""
    return pgtrigger.Trigger(
        name="kader_versie_frozen",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=(
            "IF OLD.status IN ('vastgesteld', 'vervallen') THEN "
            f"IF TG_OP = 'DELETE' THEN {_RAISE} END IF; "
            "IF NOT (OLD.status = 'vastgesteld' AND NEW.status = 'vervallen' "
            "AND (to_jsonb(NEW) - ARRAY['status', 'version', 'updated_at']) "
            "= (to_jsonb(OLD) - ARRAY['status', 'version', 'updated_at'])) "
            f"THEN {_RAISE} END IF; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )


def frozen_part_guard(name: str) -> pgtrigger.Trigger:
    """Refuse any change to a part of an adopted or expired version."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=(
            "IF EXISTS (SELECT 1 FROM kader_kaderversie v WHERE v.status IN ('vastgesteld', 'vervallen') "
            "AND (v.id = OLD.versie_id OR v.id = NEW.versie_id)) "
            f"THEN {_RAISE} END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )
