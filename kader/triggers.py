"""Database guards of the kader: an adopted or expired version and its parts never change."""

from __future__ import annotations

import pgtrigger

from lib import triggers

FROZEN_MESSAGE = "Een vastgestelde of vervallen versie van het kader kan niet worden gewijzigd."


def frozen_version_guard() -> pgtrigger.Trigger:
    """Refuse changing or deleting an adopted/expired version; only vastgesteld → vervallen."""
    return triggers.frozen_version_guard("kader_versie_frozen", FROZEN_MESSAGE)


def frozen_part_guard(name: str) -> pgtrigger.Trigger:
    """Refuse any change to a part of an adopted or expired version."""
    return triggers.frozen_part_guard(
        name, FROZEN_MESSAGE, version_table="kader_kaderversie", version_column="versie_id"
    )
