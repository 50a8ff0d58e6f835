"""The multi-year programme as the page shows it: per year the exercises planned, overdue, done and
cancelled, per kind and theme, and the exercises themselves.

Two queries whatever the amount of data: the counts grouped in SQL (per year, kind, theme and status),
and the exercises of the years shown with their scenario.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from organisations.models import Thema

from .models import JAAR_MAX, JAAR_MIN, Oefening, Soort, Status, in_jaren

VOOR = 1  # the programme shows last year,
NA = 3  # this year and three years ahead
BREEDTE = VOOR + 1 + NA


@dataclass(frozen=True)
class Venster:
    """The years the page shows, ``van`` up to and including ``tot``."""

    van: int
    tot: int

    @classmethod
    def rond(cls, today: datetime.date, van: int | None = None) -> Venster:
        """The default window around ``today``, or the one starting at ``van`` (kept within the years
        a date may have)."""
        start = today.year - VOOR if van is None else van
        start = min(max(start, JAAR_MIN), JAAR_MAX - BREEDTE + 1)
        return cls(start, start + BREEDTE - 1)

    @property
    def jaren(self) -> list[int]:
        return list(range(self.van, self.tot + 1))

    @property
    def eerder(self) -> int | None:
        return self.van - BREEDTE if self.van - BREEDTE >= JAAR_MIN else None

    @property
    def later(self) -> int | None:
        return self.van + BREEDTE if self.tot + BREEDTE <= JAAR_MAX else None


@dataclass
class Jaar:
    jaar: int
    gepland: int = 0  # every planned exercise, overdue ones included
    te_laat: int = 0  # of those, the ones whose day has passed
    uitgevoerd: int = 0
    vervallen: int = 0
    per_soort: Counter[str] = field(default_factory=Counter)
    per_thema: Counter[str] = field(default_factory=Counter)
    oefeningen: list[Oefening] = field(default_factory=list)

    @property
    def totaal(self) -> int:
        return self.gepland + self.uitgevoerd + self.vervallen

    @property
    def soorten(self) -> list[tuple[str, int]]:
        """Kinds with their number, in the order of the choices."""
        return [(str(label), self.per_soort[value]) for value, label in Soort.choices if self.per_soort[value]]

    @property
    def themas(self) -> list[tuple[str, int]]:
        """Themes with their number, in the order of the choices; exercises without one last."""
        found = [(str(label), self.per_thema[value]) for value, label in Thema.choices if self.per_thema[value]]
        if self.per_thema[""]:
            found.append(("Zonder thema", self.per_thema[""]))
        return found


def jaar_van() -> ExtractYear:
    """The year an exercise belongs to, in SQL (``Oefening.datum``)."""
    return ExtractYear(Coalesce("uitgevoerd_op", "gepland_op"))


def programma(found: QuerySet[Oefening], jaren: list[int], today: datetime.date) -> list[Jaar]:
    """The years ``jaren`` (consecutive) of the exercises in ``found`` (already scoped and filtered)."""
    shown = found.filter(in_jaren(jaren[0], jaren[-1]))
    per_jaar = {jaar: Jaar(jaar) for jaar in jaren}
    counts = (
        shown.annotate(jaar=jaar_van())
        .values("jaar", "soort", "thema", "status")
        .annotate(n=Count("pk"), laat=Count("pk", filter=Q(status=Status.GEPLAND, gepland_op__lt=today)))
        .order_by()
    )
    for row in counts:
        jaar = per_jaar[row["jaar"]]
        setattr(jaar, row["status"], getattr(jaar, row["status"]) + row["n"])
        jaar.te_laat += row["laat"]
        jaar.per_soort[row["soort"]] += row["n"]
        jaar.per_thema[row["thema"]] += row["n"]
    ordered = shown.select_related("scenario").annotate(dag=Coalesce("uitgevoerd_op", "gepland_op"))
    for oefening in ordered.order_by("dag", "titel", "pk"):
        per_jaar[oefening.datum.year].oefeningen.append(oefening)
    return list(per_jaar.values())
