from __future__ import annotations

from typing import Any

from django.utils import timezone

from lib.querysets import GemeenteQuerySet, Member


class PartnerQuerySet(GemeenteQuerySet[Any]):
    pass


class MembershipQuerySet(GemeenteQuerySet[Any]):
    def visible_to(self, membership: Member | None) -> MembershipQuerySet:
        qs = super().visible_to(membership)
        if membership is None:
            return qs  # type: ignore[return-value]
        if membership.role in {"coordinator", "auditor", "bestuurder"}:
            return qs  # type: ignore[return-value]
        return qs.filter(pk=membership.pk)  # type: ignore[return-value]

    def coordinators(self) -> MembershipQuerySet:
        return self.filter(role="coordinator")


class InvitationQuerySet(GemeenteQuerySet[Any]):
    def visible_to(self, membership: Member | None) -> InvitationQuerySet:
        qs = super().visible_to(membership)
        if membership is None or membership.role != "coordinator":
            return qs.none()  # type: ignore[return-value]
        return qs  # type: ignore[return-value]

    def open(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
