"""Rules shared by everything a body adopts (the kader, the veiligheidsplan): the vaststelling."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import UniqueConstraint
from django.utils import timezone


def adoption_refusals(
    obj: Any, *, on: datetime.date, body: str, reference: str, label: str = "de versie"
) -> dict[str, list[str]]:
    """What is wrong with a vaststelling of ``obj``, per field (empty: nothing).

    ``obj`` has ``ingediend_op``, ``vastgesteld_op``, ``nummer`` and ``gemeente_id``; earlier
    adoptions of the same model in the same gemeente bound the date from below.
    """
    errors: dict[str, list[str]] = {}
    if not body.strip():
        errors.setdefault("vastgesteld_door", []).append(f"Geef aan welk orgaan {label} heeft vastgesteld.")
    if len(body.strip()) > 150:
        errors.setdefault("vastgesteld_door", []).append("De naam van het orgaan is langer dan 150 tekens.")
    if len(reference.strip()) > 100:
        errors.setdefault("besluitkenmerk", []).append("Het besluitkenmerk is langer dan 100 tekens.")
    if on > timezone.localdate():
        errors.setdefault("vastgesteld_op", []).append("De datum van vaststelling ligt in de toekomst.")
    if obj.ingediend_op and on < timezone.localdate(obj.ingediend_op):
        errors.setdefault("vastgesteld_op", []).append(
            f"De datum van vaststelling ligt vóór de dag waarop {label} ter besluitvorming is aangeboden "
            f"({timezone.localdate(obj.ingediend_op):%d-%m-%Y})."
        )
    previous = (
        type(obj)
        .objects.filter(gemeente_id=obj.gemeente_id, vastgesteld_op__isnull=False)
        .exclude(pk=obj.pk)
        .order_by("-vastgesteld_op")
        .first()
    )
    if previous is not None and previous.vastgesteld_op and on < previous.vastgesteld_op:
        errors.setdefault("vastgesteld_op", []).append(
            f"De datum van vaststelling ligt vóór de vaststelling van versie {previous.nummer} "
            f"({previous.vastgesteld_op:%d-%m-%Y})."
        )
    return errors


def full_clean(obj: models.Model, *, exclude: list[str]) -> None:
    """Field rules (choices, lengths), the model's own ``clean()``, then uniqueness as Dutch messages.

    The check constraints repeat the field rules in the database; checking them again here would
    cost a query each.
    """
    obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    for constraint in type(obj)._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            constraint.validate(type(obj), obj)


def text(value: Any) -> Any:
    """Texts trimmed; an empty text means not filled in (NULL)."""
    if isinstance(value, str):
        return value.strip() or None
    return value
