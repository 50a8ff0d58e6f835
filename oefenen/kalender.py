"""The exercises of a year as entries of the PDCA calendar (``pdca``), in one query.

An exercise, training or crisis exercise is the *do* of the cycle: the gemeente carries out its
preparation. A technical test (restoring a back-up, a pentest) checks whether a measure works, so
it is a *check*.
"""

from __future__ import annotations

from typing import Any

from lib.kalender import KalenderItem

from .models import Oefening, Soort, Status


def items(membership: Any, jaar: int) -> list[KalenderItem]:
    """The exercises of ``jaar`` the member may read (``Oefening.objects.voor``), by their day."""
    found = Oefening.objects.voor(membership).in_jaar(jaar).order_by("gepland_op", "titel")
    entries = []
    for oefening in found:
        test = oefening.soort == Soort.TECHNISCHE_TEST
        status = str(oefening.get_status_display())
        entries.append(
            KalenderItem(
                datum=oefening.datum,
                fase="check" if test else "do",
                soort="Test" if test else "Oefening",
                titel=oefening.titel,
                url=oefening.get_absolute_url(),
                status=f"{status}, te laat" if oefening.te_laat else status,
                gedaan=oefening.status != Status.GEPLAND,
            )
        )
    return sorted(entries, key=lambda item: (item.datum, item.titel))
