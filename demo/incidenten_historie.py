"""Zuiderveen's incidents of the last years, so the rode draden show trends, and its analysis of last year.

The pattern: aggression at the desk of the town hall rises, burglary at the works yard falls after
the new fence, phishing peaks one spring, thefts keep coming back at the sports hall. Every report
is short and names no one; those older than two months are handled.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from incidenten import services
from incidenten.models import IncidentSoort
from incidenten.rode_draden import Periode
from organisations.models import Membership
from risicos.models import Bedrijfsmiddel

# kind -> (place, asset or "", what happened, months of the year before last, of last year, of this year)
HISTORIE: dict[str, tuple[str, str, str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {
    "agressie": (
        "Publieksbalie stadhuis",
        "Stadhuis",
        "Een bezoeker werd agressief aan de balie; collega's kwamen erbij en de bezoeker vertrok.",
        (2, 5, 9, 11),
        (1, 2, 3, 4, 6, 8, 9, 10, 11),
        (1, 2, 4, 6, 8, 9, 10),
    ),
    "inbraak": (
        "Gemeentewerf",
        "",
        "Poging tot inbraak op de gemeentewerf; schade aan hek of deur.",
        (1, 3, 6, 8, 10),
        (2, 11),
        (5,),
    ),
    "phishing": (
        "",
        "",
        "Een medewerker klikte op een link in een nagemaakte e-mail; het wachtwoord is meteen gewijzigd.",
        (4, 7, 12),
        (3, 3, 3, 3, 3, 6, 9, 12),
        (2, 5, 9, 11),
    ),
    "datalek": (
        "",
        "",
        "Een document met persoonsgegevens ging naar een verkeerde ontvanger en is teruggevraagd.",
        (5, 10),
        (2, 7, 10),
        (3, 9),
    ),
    "diefstal": (
        "Sporthal De Wiek",
        "",
        "Uit de kleedruimte van de sporthal is gereedschap van de beheerder verdwenen.",
        (6,),
        (1, 5, 10),
        (4,),
    ),
    "bedreiging_ambtsdrager": (
        "Sociale media",
        "",
        "Na een raadsvergadering verscheen een bedreigend bericht aan een ambtsdrager.",
        (11,),
        (4, 10),
        (3, 7),
    ),
    "vandalisme": (
        "Milieustraat",
        "",
        "Vernielingen aan de slagboom van de milieustraat.",
        (3, 8),
        (4, 9),
        (6,),
    ),
}
ERNST = ("gering", "aanzienlijk", "aanzienlijk", "ernstig")
CONCLUSIES = (
    "De agressie aan de publieksbalie van het stadhuis is meer dan verdubbeld; het gaat vooral om "
    "boosheid over wachttijden. We leggen de balie-instructie opnieuw uit en trainen de medewerkers.\n"
    "Phishing piekte in maart met een golf van nagemaakte e-mails van de directie. De bewustwordingscampagne "
    "komt vóór het voorjaar.\n"
    "Inbraken op de gemeentewerf namen sterk af sinds het nieuwe hek: die maatregel werkt."
)
ACTIES = (
    (
        "Training omgaan met agressie voor alle baliemedewerkers",
        "Alle medewerkers van de publieksbalie volgden de training.",
        "personele_beveiliging",
        120,
    ),
    (
        "Phishing-oefening en campagne vóór maart",
        "Elke medewerker kreeg een oefenmail; de klikratio is gemeten en besproken in het MT.",
        "informatiebeveiliging",
        90,
    ),
)


def _dates(months: tuple[int, ...], year: int, today: datetime.date) -> list[datetime.date]:
    """A day in each month, spread over the month; none after today or in the last week (those are recent)."""
    days = [datetime.date(year, month, 3 + (i * 9) % 24) for i, month in enumerate(months)]
    return [day for day in days if day < today - datetime.timedelta(days=45)]


def aantal(today: datetime.date) -> int:
    """How many reports of the last years the demo makes on ``today``."""
    return sum(
        len(_dates(months, today.year - offset, today))
        for value in HISTORIE.values()
        for offset, months in zip((2, 1, 0), value[3:], strict=True)
    )


def load_demo_rode_draden(by: Membership, melder: Membership) -> None:
    """The reports of the last years, last year's analysis with conclusions and two actions."""
    today = timezone.localdate()
    soorten = {s.sleutel: s for s in IncidentSoort.objects.filter(gemeente_id=by.gemeente_id)}
    middelen = {m.naam: m for m in Bedrijfsmiddel.objects.filter(gemeente_id=by.gemeente_id)}
    n = 0
    for soort, (plaats, middel, wat, *years) in HISTORIE.items():
        for offset, months in zip((2, 1, 0), years, strict=True):
            for datum in _dates(months, today.year - offset, today):
                incident = services.meld(
                    by=melder,
                    soort=soorten[soort],
                    datum=datum,
                    locatie=plaats,
                    bedrijfsmiddel=middelen.get(middel),
                    omschrijving=wat,
                    ernst=ERNST[n % len(ERNST)],
                    politie=soort in ("inbraak", "bedreiging_ambtsdrager"),
                )
                n += 1
                fields: dict[str, Any] = {"status": "afgehandeld"}
                if incident.datalek:
                    fields |= {"ap_melding": "gemeld", "ap_gemeld_op": datum + datetime.timedelta(days=1)}
                services.behandel(by=by, incident=incident, expected_version=incident.version, **fields)
    vorig_jaar = Periode(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31))
    analyse = services.rode_draden(by=by, periode=vorig_jaar)
    services.conclusies(by=by, analyse=analyse, expected_version=analyse.version, conclusies=CONCLUSIES)
    for titel, resultaat, thema, dagen in ACTIES:
        services.rode_draden_actie(
            by=by,
            analyse=analyse,
            titel=titel,
            resultaat=resultaat,
            eigenaar=by,
            deadline=today + datetime.timedelta(days=dagen),
            thema=thema,
        )
