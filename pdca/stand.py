"""How the PDCA cycle of a year stands, for the start page (``dashboard``): per phase what is planned, done
and late, and the next activity. Two queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership

from .models import Activiteit, Fase, Status


@dataclass(frozen=True)
class FaseStand:
    fase: str  # "plan", "do", "check", "act"
    label: str  # "Plan", ...
    gepland: int  # still to do (status gepland), the late ones included
    uitgevoerd: int
    te_laat: int  # of those still to do, past their date

    @property
    def totaal(self) -> int:
        """Everything of the year that is not cancelled."""
        return self.gepland + self.uitgevoerd


@dataclass(frozen=True)
class Volgende:
    titel: str
    datum: datetime.date
    fase: str
    url: str


@dataclass(frozen=True)
class JaarStand:
    jaar: int
    fasen: tuple[FaseStand, ...]  # plan, do, check, act
    volgende: Volgende | None  # the first planned activity from today on in the year

    @property
    def te_laat(self) -> int:
        return sum(fase.te_laat for fase in self.fasen)


def jaar_stand(membership: Membership, jaar: int, today: datetime.date | None = None) -> JaarStand:
    """The PDCA cycle of ``jaar`` as ``membership`` reads it (queries: the counts per phase; the next one)."""
    today = today or timezone.localdate()
    found = Activiteit.objects.voor(membership).van_jaar(jaar)
    rows = (
        found.order_by()
        .values("fase")
        .annotate(
            n_gepland=Count("pk", filter=Q(status=Status.GEPLAND)),
            n_uitgevoerd=Count("pk", filter=Q(status=Status.UITGEVOERD)),
            n_te_laat=Count("pk", filter=Q(status=Status.GEPLAND, gepland_op__lt=today)),
        )
    )
    counts: dict[str, tuple[int, int, int]] = {
        row["fase"]: (row["n_gepland"], row["n_uitgevoerd"], row["n_te_laat"]) for row in rows
    }
    fasen = tuple(FaseStand(fase.value, str(fase.label), *counts.get(fase.value, (0, 0, 0))) for fase in Fase)
    first = found.gepland().filter(gepland_op__gte=today).order_by("gepland_op", "titel").first()
    volgende = (
        Volgende(first.titel, first.gepland_op, first.fase, reverse("pdca:activiteit", args=[first.pk]))
        if first is not None
        else None
    )
    return JaarStand(jaar, fasen, volgende)
