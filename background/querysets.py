"""Scoping of background tasks: a member sees the tasks of their gemeente that their role may follow."""

from __future__ import annotations

from typing import Any, Self

from lib.permissions import READERS
from lib.querysets import GemeenteQuerySet, Member


class AchtergrondtaakQuerySet(GemeenteQuerySet[Any]):
    def visible_to(self, membership: Member | None) -> Self:
        """Readers of the gemeente see all its tasks; any other role only the tasks it started itself."""
        qs = super().visible_to(membership)
        if membership is not None and membership.role not in READERS:
            qs = qs.filter(aangemaakt_door_id=membership.pk)
        return qs

    def recent(self) -> Self:
        """Newest first, with who started each task (one query for a page of them)."""
        return self.select_related("aangemaakt_door__user").order_by("-created_at", "-pk")
