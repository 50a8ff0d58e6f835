"""The first wall between gemeenten: one scoping method per model."""

from __future__ import annotations

from typing import Any, Protocol, Self, TypeVar

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

_M = TypeVar("_M", bound=models.Model)


class Member(Protocol):
    """What the scoping needs to know of a membership (``organisations.Membership`` is one)."""

    @property
    def pk(self) -> Any: ...

    @property
    def gemeente_id(self) -> Any: ...

    @property
    def role(self) -> str: ...

    @property
    def themes(self) -> list[str]: ...


class GemeenteQuerySet(models.QuerySet[_M]):
    """Base queryset for gemeente data.

    ``visible_to(membership)`` is the only way views, the API, exports and documents fetch
    gemeente data. It filters in SQL on the acting membership's gemeente; subclasses narrow it
    further per role. Row-level security (lib.tenancy) enforces the same boundary again in the
    database.
    """

    def visible_to(self, membership: Member | None) -> Self:
        if membership is None:
            return self.none()
        return self.filter(gemeente_id=membership.gemeente_id)

    def for_gemeente(self, gemeente: Any) -> Self:
        return self.filter(gemeente=gemeente)


def count_of(model: type[models.Model], fk: str) -> Any:
    """How many ``model`` rows point at the outer row through ``fk``, as a correlated subquery.

    Unlike ``Count`` over a join it needs no GROUP BY of the whole list: PostgreSQL computes it
    only for the rows a page shows, and Django leaves it out of the list's ``count()``.
    """
    rows = (
        model._default_manager.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
