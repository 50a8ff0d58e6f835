"""What the risk register asks of a risk's owner: acceptances that expire and reviews that are due.

The reminders (``herinneringen``) e-mail each owner these points once; this module only says which
points are open on a day, for the gemeente bound to the transaction (row-level security), in two
queries whatever the register's size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from lib.herinneringen import Punt

from .models import Acceptatie, Risico

ACCEPTATIE_VERLOOPT = "risicos.acceptatie.verloopt"
ACCEPTATIE_VERLOPEN = "risicos.acceptatie.verlopen"
REVIEW_BINNENKORT = "risicos.review.binnenkort"
REVIEW_TE_LAAT = "risicos.review.te_laat"

# Heading of each kind of point, in the order a digest lists them.
KOPPEN = {
    ACCEPTATIE_VERLOPEN: "Verlopen acceptaties van uw risico's",
    ACCEPTATIE_VERLOOPT: "Acceptaties van uw risico's die binnenkort verlopen",
    REVIEW_TE_LAAT: "Risico's waarvan de beoordeling te laat is",
    REVIEW_BINNENKORT: "Risico's die binnenkort opnieuw beoordeeld moeten worden",
}


def open_punten(today: datetime.date, dagen: int, membership: Any = None) -> Iterator[Punt]:
    """The open points of every risk owner (or of ``membership`` only), ``dagen`` days ahead.

    * the latest acceptance of a risk, not withdrawn, that expired or expires within ``dagen``;
    * a risk whose next review date has passed or falls within ``dagen``.
    """
    horizon = today + datetime.timedelta(days=dagen)
    owned = Q(risico__eigenaar__isnull=False)
    if membership is not None:
        owned &= Q(risico__eigenaar=membership)
    newer = Acceptatie.objects.filter(risico=OuterRef("risico"), geaccepteerd_op__gt=OuterRef("geaccepteerd_op"))
    acceptaties = (
        Acceptatie.objects.filter(owned, ingetrokken_op__isnull=True, geldig_tot__lte=horizon)
        .exclude(Exists(newer))
        .order_by("geldig_tot", "risico__titel")
        .values_list("pk", "geldig_tot", "risico_id", "risico__titel", "risico__eigenaar_id")
    )
    for pk, geldig_tot, risico_id, titel, eigenaar_id in acceptaties:
        soort = ACCEPTATIE_VERLOPEN if geldig_tot < today else ACCEPTATIE_VERLOOPT
        yield Punt(
            eigenaar_id, soort, KOPPEN[soort], pk, geldig_tot, titel, reverse("risicos:risico", args=[risico_id])
        )

    risicos = Risico.objects.filter(eigenaar__isnull=False, volgende_review__lte=horizon)
    if membership is not None:
        risicos = risicos.filter(eigenaar=membership)
    for pk, review, titel, eigenaar_id in risicos.order_by("volgende_review", "titel").values_list(
        "pk", "volgende_review", "titel", "eigenaar_id"
    ):
        assert review is not None  # filtered on it
        soort = REVIEW_TE_LAAT if review < today else REVIEW_BINNENKORT
        yield Punt(eigenaar_id, soort, KOPPEN[soort], pk, review, titel, reverse("risicos:risico", args=[pk]))
