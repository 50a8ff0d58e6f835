"""Scoping of kader data: every member of the gemeente may read its kader."""

from __future__ import annotations

from typing import Any

from lib.querysets import GemeenteQuerySet


class KaderVersieQuerySet(GemeenteQuerySet[Any]):
    def concepts(self) -> KaderVersieQuerySet:
        return self.filter(status="concept")

    def adopted(self) -> KaderVersieQuerySet:
        return self.filter(status="vastgesteld")

    def open(self) -> KaderVersieQuerySet:
        """Concept or ter besluitvorming: the version being worked on (at most one)."""
        return self.filter(status__in=["concept", "ter_besluitvorming"])


class KaderOnderdeelQuerySet(GemeenteQuerySet[Any]):
    """Rows that belong to one version of the kader."""

    def of(self, versie: Any) -> KaderOnderdeelQuerySet:
        return self.filter(versie=versie)
