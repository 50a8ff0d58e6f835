"""The quickscans of a year for the PDCA calendar (``pdca``): each scan on its peildatum, in the phase
check, in one query."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from lib.kalender import KalenderItem

from .models import Quickscan, Status


def items(membership: Any, jaar: int) -> list[KalenderItem]:
    """The scans ``membership`` reads (``Quickscan.objects.voor``) with their peildatum in ``jaar``."""
    if not datetime.MINYEAR <= jaar <= datetime.MAXYEAR:
        return []
    scans = Quickscan.objects.voor(membership).filter(peildatum__year=jaar).order_by("peildatum", "created_at")
    return [
        KalenderItem(
            datum=scan.peildatum,
            fase="check",
            soort="Quickscan",
            titel=scan.titel,
            url=reverse("quickscan:scan", args=[scan.pk]),
            status="Afgerond" if scan.status == Status.AFGEROND else "Concept",
            gedaan=scan.status == Status.AFGEROND,
        )
        for scan in scans.only("pk", "titel", "peildatum", "status")
    ]
