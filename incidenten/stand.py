"""The incident trend for the start page (``dashboard``): the reports of the last twelve whole months
against the twelve before, as the member may read them, in one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from .models import Incident
from .rode_draden import ERNSTIG, Periode, laatste_twaalf_maanden


@dataclass(frozen=True)
class Trend:
    periode: Periode  # the last twelve whole months
    nu: int
    toen: int  # the twelve months before
    ernstig: int  # serious or very serious, in the last twelve months


def trend(membership: Any, today: datetime.date) -> Trend:
    """Reports per period by their date (``Incident.objects.voor_behandeling``)."""
    periode = laatste_twaalf_maanden(today)
    vorige = periode.vorige()
    found = (
        Incident.objects.voor_behandeling(membership)
        .filter(datum__range=(vorige.van, periode.tot))
        .aggregate(
            nu=Count("pk", filter=Q(datum__gte=periode.van)),
            toen=Count("pk", filter=Q(datum__lt=periode.van)),
            ernstig=Count("pk", filter=Q(datum__gte=periode.van, ernst__in=ERNSTIG)),
        )
    )
    return Trend(periode=periode, nu=found["nu"], toen=found["toen"], ernstig=found["ernstig"])
