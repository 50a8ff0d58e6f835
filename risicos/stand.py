"""The state of the risk register for the start page (``dashboard``): risks per level of the current
matrix, reviews that are late or asked for, acceptances that expire, and measures per status, in
four queries whatever the size of the register."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from .models import Acceptatie, Maatregel, MaatregelStatus, Matrix, Risico

# An acceptance that expires within this many days counts as expiring (as in the reminders).
ACCEPTATIE_DAGEN = 30


@dataclass(frozen=True)
class Niveau:
    """One level band of the current matrix with the number of risks at it (net, else gross)."""

    index: int
    naam: str
    kleur: str
    aantal: int


@dataclass(frozen=True)
class Stand:
    started: bool  # the gemeente has a risk matrix
    niveaus: tuple[Niveau, ...] = ()
    te_laat: int = 0  # risks whose next review date has passed
    opnieuw: int = 0  # risks marked for review (an incident, a changed score)
    acceptaties: int = 0  # current acceptances that expired or expire within ACCEPTATIE_DAGEN
    maatregelen: tuple[tuple[str, str, int], ...] = ()  # per status: value, label, number

    @property
    def risicos(self) -> int:
        return sum(niveau.aantal for niveau in self.niveaus)


def stand(membership: Any, today: datetime.date) -> Stand:
    """The register as ``membership`` reads it on ``today`` (queries: the matrix, the risks per level
    with the late and marked ones, the expiring acceptances, the measures per status)."""
    matrix = Matrix.objects.visible_to(membership).filter(status="actueel").first()
    if matrix is None:
        return Stand(started=False)
    per_niveau = (
        Risico.objects.visible_to(membership)
        .annotate(effectief=Coalesce("netto_niveau", "bruto_niveau"))
        .order_by()
        .values("effectief")
        .annotate(
            n=Count("pk"),
            te_laat=Count("pk", filter=Q(volgende_review__lt=today)),
            opnieuw=Count("pk", filter=Q(herbeoordelen=True)),
        )
    )
    counts: dict[int | None, int] = {}
    te_laat = opnieuw = 0
    for row in per_niveau:
        counts[row["effectief"]] = row["n"]
        te_laat += row["te_laat"]
        opnieuw += row["opnieuw"]
    newer = Acceptatie.objects.filter(risico=OuterRef("risico"), geaccepteerd_op__gt=OuterRef("geaccepteerd_op"))
    acceptaties = (
        Acceptatie.objects.visible_to(membership)
        .filter(ingetrokken_op__isnull=True, geldig_tot__lte=today + datetime.timedelta(days=ACCEPTATIE_DAGEN))
        .exclude(Exists(newer))
        .count()
    )
    per_status = dict(Maatregel.objects.visible_to(membership).order_by().values_list("status").annotate(n=Count("pk")))
    niveaus = matrix.niveaus if isinstance(matrix.niveaus, list) else []
    return Stand(
        started=True,
        niveaus=tuple(
            Niveau(index, str(band.get("naam", "")), str(band.get("kleur", "")), counts.get(index, 0))
            for index, band in enumerate(niveaus)
        ),
        te_laat=te_laat,
        opnieuw=opnieuw,
        acceptaties=acceptaties,
        maatregelen=tuple((s.value, str(s.label), per_status.get(s.value, 0)) for s in MaatregelStatus),
    )
