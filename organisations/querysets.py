from __future__ import annotations

from typing import Any, Self

from django.utils import timezone

from lib.querysets import GemeenteQuerySet, Member


class PartnerQuerySet(GemeenteQuerySet[Any]):
    pass


class MembershipQuerySet(GemeenteQuerySet[Any]):
    def visible_to(self, membership: Member | None) -> Self:
        qs = super().visible_to(membership)
        if membership is None:
            return qs
        if membership.role in {"coordinator", "auditor", "bestuurder"}:
            return qs
        return qs.filter(pk=membership.pk)

    def coordinators(self) -> Self:
        return self.filter(role="coordinator")


class InvitationQuerySet(GemeenteQuerySet[Any]):
    def visible_to(self, membership: Member | None) -> Self:
        qs = super().visible_to(membership)
        if membership is None or membership.role != "coordinator":
            return qs.none()
        return qs

    def open(self) -> Self:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
