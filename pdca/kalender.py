"""The year calendar of the PDCA cycle: per phase the activities of a year in date order, beside what
the kader says of that phase, with the exercises and quickscans of the same year among them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from kader.models import KaderVersie, PdcaFase
from lib.kalender import KalenderItem
from lib.maanden import maandnaam
from oefenen import kalender as oefenen_kalender
from organisations.models import Membership
from quickscan import kalender as quickscan_kalender

from .models import Activiteit, Fase


def andere_items(membership: Membership, jaar: int) -> list[KalenderItem]:
    """The entries of ``jaar`` that other capabilities plan, as ``membership`` may read them: the exercises
    and tests of the programme of trainen, oefenen en testen (``oefenen.kalender.items``) and the
    quickscans of maturity (``quickscan.kalender.items``): one query each."""
    return [*oefenen_kalender.items(membership, jaar), *quickscan_kalender.items(membership, jaar)]


@dataclass(frozen=True)
class Regel:
    """One row of the calendar: an own activity or an entry of another capability."""

    datum: datetime.date
    titel: str
    soort: str
    url: str
    status: str
    te_laat: bool
    eigenaar: str = ""
    uitgevoerd_op: datetime.date | None = None

    @property
    def maand(self) -> str:
        return maandnaam(self.datum.month)


@dataclass
class KalenderFase:
    """One phase of the year: what the kader says of it, and its rows in date order."""

    fase: str
    label: str
    wat: str | None = None  # the kader's own description (PdcaFase): what, when, by whom
    wanneer: str | None = None
    wie: str | None = None
    regels: list[Regel] = field(default_factory=list)

    @property
    def te_laat(self) -> int:
        return sum(1 for regel in self.regels if regel.te_laat)


@dataclass
class Kalender:
    jaar: int
    fasen: list[KalenderFase]
    kader: KaderVersie | None  # the version whose description of the phases is shown

    @property
    def leeg(self) -> bool:
        return not any(fase.regels for fase in self.fasen)


def _own(activiteit: Activiteit, today: datetime.date) -> Regel:
    eigenaar = activiteit.eigenaar
    return Regel(
        datum=activiteit.gepland_op,
        titel=activiteit.titel,
        soort=activiteit.get_soort_display(),
        url=reverse("pdca:activiteit", args=[activiteit.pk]),
        status=activiteit.get_status_display(),
        te_laat=activiteit.te_laat(today),
        eigenaar=(eigenaar.user.full_name or eigenaar.user.email) if eigenaar is not None else "",
        uitgevoerd_op=activiteit.uitgevoerd_op,
    )


def _other(item: KalenderItem, today: datetime.date) -> Regel:
    return Regel(item.datum, item.titel, item.soort, item.url, item.status, not item.gedaan and item.datum < today)


def beschrijving(membership: Membership) -> tuple[KaderVersie | None, dict[str, PdcaFase]]:
    """The kader's description of the four phases: of the adopted version, else of the open one (one query)."""
    found = list(
        PdcaFase.objects.visible_to(membership)
        .filter(versie__status__in=["vastgesteld", "concept", "ter_besluitvorming"])
        .select_related("versie")
    )
    adopted = [fase for fase in found if fase.versie.status == "vastgesteld"]
    chosen = adopted or found
    versie = chosen[0].versie if chosen else None
    return versie, {fase.fase: fase for fase in chosen}


def jaarkalender(membership: Membership, jaar: int, activiteiten: list[Activiteit], today: datetime.date) -> Kalender:
    """The calendar of ``jaar`` from its ``activiteiten`` (already filtered), the kader's description of each
    phase (one query) and the other capabilities' entries (:func:`andere_items`)."""
    versie, kader = beschrijving(membership)
    fasen = {
        fase.value: KalenderFase(
            fase.value,
            str(fase.label),
            getattr(kader.get(fase.value), "wat", None),
            getattr(kader.get(fase.value), "wanneer", None),
            getattr(kader.get(fase.value), "wie", None),
        )
        for fase in Fase
    }
    for activiteit in activiteiten:
        fasen[activiteit.fase].regels.append(_own(activiteit, today))
    for item in andere_items(membership, jaar):
        if item.fase in fasen and item.datum.year == jaar:
            fasen[item.fase].regels.append(_other(item, today))
    for fase in fasen.values():
        fase.regels.sort(key=lambda regel: (regel.datum, regel.titel))
    return Kalender(jaar, list(fasen.values()), versie)
