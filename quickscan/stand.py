"""The maturity of the gemeente for the start page (``dashboard``): the latest completed quickscan, its
average level per theme and overall, and the change against the completed scan before it, in at most
two queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse

from .models import Quickscan, Score, Thema
from .results import getal, verschil_tekst


@dataclass(frozen=True)
class ThemaStand:
    thema: str  # the code (quickscan.models.Thema)
    label: str
    gemiddelde: Decimal | None
    vorige: Decimal | None  # in the completed scan before; None when there is none
    verschil: str  # in words: "gestegen met 0,3", "gedaald met 0,5", "gelijk", or ""

    @property
    def tekst(self) -> str:
        return getal(self.gemiddelde)


@dataclass(frozen=True)
class Volwassenheid:
    titel: str
    peildatum: datetime.date
    url: str
    gemiddelde: Decimal | None  # over every cell of the scan
    themas: tuple[ThemaStand, ...]
    vorige_titel: str  # "" when this is the first completed scan
    vorige_peildatum: datetime.date | None
    vorige_gemiddelde: Decimal | None
    verschil: str  # of the overall average, in words

    @property
    def tekst(self) -> str:
        return getal(self.gemiddelde)


def volwassenheid(membership: Any) -> Volwassenheid | None:
    """The latest completed scan that ``membership`` reads (``Quickscan.objects.voor``), or None.
    Queries: the two latest completed scans; their sums and counts per theme."""
    scans = list(
        Quickscan.objects.voor(membership)
        .afgerond()
        .order_by("-peildatum", "-created_at")
        .values("pk", "titel", "peildatum")[:2]
    )
    if not scans:
        return None
    rows = (
        Score.objects.filter(scan_id__in=[s["pk"] for s in scans], niveau__isnull=False)
        .order_by()
        .values("scan_id", "thema")
        .annotate(som=Sum("niveau"), aantal=Count("pk"))
    )
    sums: dict[Any, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        sums[row["scan_id"]][row["thema"]] = (row["som"], row["aantal"])

    def average(scan_id: Any, thema: str | None = None) -> Decimal | None:
        found = [v for t, v in sums.get(scan_id, {}).items() if thema is None or t == thema]
        count = sum(n for _s, n in found)
        return Decimal(sum(s for s, _n in found)) / count if count else None

    nu = scans[0]["pk"]
    toen = scans[1]["pk"] if len(scans) > 1 else None
    themas = tuple(
        ThemaStand(
            thema=t.value,
            label=str(t.label),
            gemiddelde=average(nu, t.value),
            vorige=average(toen, t.value) if toen else None,
            verschil=verschil_tekst(average(nu, t.value), average(toen, t.value)) if toen else "",
        )
        for t in Thema
    )
    totaal, vorige = average(nu), average(toen) if toen else None
    return Volwassenheid(
        titel=scans[0]["titel"],
        peildatum=scans[0]["peildatum"],
        url=reverse("quickscan:scan", args=[nu]),
        gemiddelde=totaal,
        themas=themas,
        vorige_titel=scans[1]["titel"] if toen else "",
        vorige_peildatum=scans[1]["peildatum"] if toen else None,
        vorige_gemiddelde=vorige,
        verschil=verschil_tekst(totaal, vorige),
    )
