"""What an action asks of its owner: a deadline that comes near or has passed (one query)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lib.herinneringen import Punt

from .models import Verbeteractie

BINNENKORT = "acties.actie.binnenkort"
TE_LAAT = "acties.actie.te_laat"
KOPPEN = {TE_LAAT: "Uw acties die te laat zijn", BINNENKORT: "Uw acties met een deadline die nadert"}


def open_punten(today: datetime.date, dagen: int, membership: Any = None) -> Iterator[Punt]:
    """Every running action with an owner (or of ``membership`` only) due within ``dagen`` days or overdue."""
    horizon = today + datetime.timedelta(days=dagen)
    found = Verbeteractie.objects.lopend().filter(eigenaar__isnull=False, deadline__lte=horizon)
    if membership is not None:
        found = found.filter(eigenaar=membership)
    for pk, deadline, titel, eigenaar_id in found.order_by("deadline", "titel").values_list(
        "pk", "deadline", "titel", "eigenaar_id"
    ):
        soort = TE_LAAT if deadline < today else BINNENKORT
        yield Punt(eigenaar_id, soort, KOPPEN[soort], pk, deadline, titel, reverse("acties:actie", args=[pk]))
