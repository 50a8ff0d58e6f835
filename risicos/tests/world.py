"""The world of the risk register tests: gemeente A's register, started by its coördinator."""

from __future__ import annotations

from typing import Any

from lib import tenancy
from risicos import services
from risicos.models import Dreiging, Matrix


def bound(personas: Any, role: str = "coordinator") -> Any:
    by = personas.members[role]
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id)


def register_of(personas: Any, methode: str = "standaard") -> Matrix:
    """Gemeente A's current matrix (the register is started once, by its coördinator)."""
    with bound(personas):
        found = services.current_matrix(personas.gemeente_a.pk)
        return found or services.start_register(by=personas.members["coordinator"], methode=methode)


def dreiging(personas: Any, sleutel: str = "inbraak") -> Dreiging:
    register_of(personas)
    with bound(personas):
        return Dreiging.objects.get(gemeente_id=personas.gemeente_a.pk, sleutel=sleutel)


def fresh(personas: Any, obj: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return type(obj).objects.get(pk=obj.pk)
