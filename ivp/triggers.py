"""Database guards of the veiligheidsplan: an adopted or expired plan, its priorities and its goals
never change. Its step tracker, programmes and actions go on after adoption and are not guarded."""

from __future__ import annotations

import pgtrigger

from lib import triggers

FROZEN_MESSAGE = "Een vastgesteld of vervallen veiligheidsplan kan niet worden gewijzigd."


def frozen_plan_guard() -> pgtrigger.Trigger:
    """Refuse changing or deleting an adopted/expired plan; only vastgesteld → vervallen."""
    return triggers.frozen_version_guard("ivp_plan_frozen", FROZEN_MESSAGE)


def frozen_plan_part_guard(name: str) -> pgtrigger.Trigger:
    """Refuse any change to a priority or goal of an adopted or expired plan."""
    return triggers.frozen_part_guard(name, FROZEN_MESSAGE, version_table="ivp_plan", version_column="plan_id")
