"""Template filters of the risk register: a level's name and colour on a matrix."""

from __future__ import annotations

from django import template

from risicos.models import Matrix

register = template.Library()


@register.filter
def niveau_naam(matrix: Matrix, index: int | None) -> str:
    return matrix.niveau_naam(index)


@register.filter
def niveau_kleur(matrix: Matrix, index: int | None) -> str:
    return "" if index is None else str(matrix.niveaus[index]["kleur"])


@register.filter
def kans_label(matrix: Matrix, kans: int | None) -> str:
    return "" if kans is None else f"{kans}. {matrix.kans_labels[kans - 1]}"


@register.filter
def impact_label(matrix: Matrix, impact: int | None) -> str:
    return "" if impact is None else f"{impact}. {matrix.impact_labels[impact - 1]}"
