"""What changed between two versions of the kader, in words a reader understands.

Rows are matched across versions by each part's ``identity_fields`` and compared on its
``compared_fields`` (kader.models); values are shown with their Dutch labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models

from lib.textdiff import TextDiff, diff_words, worth_diffing

from .models import PARTS, KaderOnderdeel, KaderVersie, Stap


@dataclass(frozen=True)
class Difference:
    onderdeel: str  # "Scope: deelplannen"
    wat: str  # "Informatiebeveiliging – IB-plan: status", or "" for the part itself
    voor: str
    na: str

    @cached_property
    def diff(self) -> TextDiff | None:
        """For a long text: which words were deleted and inserted (None: show both values)."""
        return diff_words(self.voor, self.na) if worth_diffing(self.voor, self.na) else None


def readable(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A stored value as a Dutch reader sees it: labels of choices, ja/nee, — for empty."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    base = getattr(field, "base_field", None) or field
    choices = dict(base.flatchoices) if base is not None and base.choices else {}
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete field, not a reverse relation
    return field


def _part_label(model: type[KaderOnderdeel]) -> str:
    return f"{Stap(model.step).label}: {model._meta.verbose_name_plural}"


def _rows(model: type[KaderOnderdeel], versie: KaderVersie) -> dict[tuple[Any, ...], dict[str, Any]]:
    names = (*model.identity_fields, *model.compared_fields)
    return {
        tuple(row[name] for name in model.identity_fields): row
        for row in model.objects.filter(versie=versie).values(*names)
    }


def _identity(model: type[KaderOnderdeel], key: tuple[Any, ...]) -> str:
    return " – ".join(readable(v, model_field(model, n)) for n, v in zip(model.identity_fields, key, strict=True))


def _part_differences(model: type[KaderOnderdeel], a: KaderVersie, b: KaderVersie) -> list[Difference]:
    label, old, new = _part_label(model), _rows(model, a), _rows(model, b)
    found = [Difference(label, _identity(model, key), "—", "toegevoegd") for key in sorted(new.keys() - old.keys())]
    found += [Difference(label, _identity(model, key), "verwijderd", "—") for key in sorted(old.keys() - new.keys())]
    for key in sorted(old.keys() & new.keys()):
        for name in model.compared_fields:
            if old[key][name] != new[key][name]:
                field = model_field(model, name)
                found.append(
                    Difference(
                        label,
                        f"{_identity(model, key)}: {field.verbose_name}",
                        readable(old[key][name], field),
                        readable(new[key][name], field),
                    )
                )
    return found


def compare(a: KaderVersie, b: KaderVersie) -> list[Difference]:
    """Everything that differs from ``a`` to ``b``: the version's own texts, then each part."""
    found = []
    for name in KaderVersie.EDIT_FIELDS:
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            field = model_field(KaderVersie, name)
            found.append(
                Difference(str(field.verbose_name).capitalize(), "", readable(before, field), readable(after, field))
            )
    for model in PARTS:
        if model.identity_fields:
            found += _part_differences(model, a, b)
    return found
