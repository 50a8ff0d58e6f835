"""The first wall between gemeenten: one scoping method per model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

if TYPE_CHECKING:
    from organisations.models import Membership

_M = TypeVar("_M", bound=models.Model)


class GemeenteQuerySet(models.QuerySet[_M]):
    """Base queryset for gemeente data.

    ``visible_to(membership)`` is the only way views, the API, exports and documents fetch
    gemeente data. It filters in SQL on the acting membership's gemeente; subclasses narrow it
    further per role. Row-level security (lib.tenancy) enforces the same boundary again in the
    database.
    """

    def visible_to(self, membership: Membership | None) -> GemeenteQuerySet[_M]:
        if membership is None:
            return self.none()
        return self.filter(gemeente_id=membership.gemeente_id)

    def for_gemeente(self, gemeente: Any) -> GemeenteQuerySet[_M]:
        return self.filter(gemeente=gemeente)
