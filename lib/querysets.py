"""The first wall between gemeenten: one scoping method per model."""

from __future__ import annotations

from typing import Any, Protocol, Self, TypeVar

from django.db import models

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
