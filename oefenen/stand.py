"""The programme's state in a year for the start page (``dashboard``): the exercises planned, overdue,
done and cancelled, and the awareness coverage, as the member may read them, in two queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from .bewustwording import percentage
from .models import Deelname, Oefening, Status


@dataclass(frozen=True)
class Uitvoering:
    jaar: int
    gepland: int  # still planned, the overdue ones included
    te_laat: int  # of those, planned for a day that has passed
    uitgevoerd: int
    vervallen: int
    medewerkers: int  # the employees of the afdelingen recorded for the year
    deelgenomen: int  # of them, who took part in at least one awareness activity
    bereik: float | None  # deelgenomen / medewerkers; None when no participation is recorded for the year
    afdelingen_onder: int  # afdelingen where not everyone took part

    @property
    def percentage(self) -> int | None:
        """The coverage in whole percents, rounded down (99.6 % is not everyone)."""
        return percentage(self.deelgenomen, self.medewerkers) if self.bereik is not None else None


def uitvoering(membership: Any, jaar: int) -> Uitvoering:
    """``jaar`` of the programme (``Oefening.objects.voor``: nothing for a role without ``oefenen.view``).
    Queries: the exercises counted per status, the participation summed."""
    today = timezone.localdate()
    oefeningen = (
        Oefening.objects.voor(membership)
        .in_jaar(jaar)
        .aggregate(
            gepland=Count("pk", filter=Q(status=Status.GEPLAND)),
            te_laat=Count("pk", filter=Q(status=Status.GEPLAND, gepland_op__lt=today)),
            uitgevoerd=Count("pk", filter=Q(status=Status.UITGEVOERD)),
            vervallen=Count("pk", filter=Q(status=Status.VERVALLEN)),
        )
    )
    deelname = (
        Deelname.objects.voor(membership)
        .filter(jaar=jaar)
        .aggregate(
            alle=Sum("medewerkers"),
            mee=Sum("deelgenomen"),
            onder=Count("pk", filter=Q(deelgenomen__lt=F("medewerkers"))),
        )
    )
    medewerkers, deelgenomen = deelname["alle"] or 0, deelname["mee"] or 0
    return Uitvoering(
        jaar=jaar,
        gepland=oefeningen["gepland"],
        te_laat=oefeningen["te_laat"],
        uitgevoerd=oefeningen["uitgevoerd"],
        vervallen=oefeningen["vervallen"],
        medewerkers=medewerkers,
        deelgenomen=deelgenomen,
        bereik=deelgenomen / medewerkers if medewerkers else None,
        afdelingen_onder=deelname["onder"],
    )
