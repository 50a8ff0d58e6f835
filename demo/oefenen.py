"""Zuiderveen's programme of trainen, oefenen en testen and its awareness, made by its coördinator.

The programme spans last year, this year and the next two: exercises done (with results, findings
and a follow-up action), one cancelled, one overdue, and the ones planned; several play out a risk of
the demo register. The awareness has activities and the participation of five afdelingen in both
years; this year was started from last year's afdelingen and one of them is not yet complete.
All dates are counted from today, so the demo looks the same whenever it is loaded.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from oefenen import services
from oefenen.models import Deelname
from organisations.models import Membership
from risicos.models import Risico

# (title, kind, theme, scenario risk or "", participants, number, result, explanation, findings)
GEDAAN_VORIG_JAAR: tuple[tuple[str, str, str, str, str, int, str, str, str, tuple[int, int]], ...] = (
    (
        "Ontruimingsoefening stadhuis",
        "ontruiming",
        "fysieke_beveiliging",
        "Brand in het archief",
        "BHV-team, alle medewerkers en bezoekers van het stadhuis",
        214,
        "geslaagd",
        "Het stadhuis was binnen zes minuten leeg.",
        "De verzamelplaats aan de Markt was te klein; de BHV'ers van de tweede verdieping misten een portofoon.",
        (4, 15),
    ),
    (
        "Training omgaan met agressie aan de balie",
        "training",
        "personele_beveiliging",
        "Agressie van een bezoeker aan de balie",
        "Medewerkers van de KCC-balie en hun teamleider",
        18,
        "geslaagd",
        "",
        "Medewerkers willen de alarmknop vaker testen en weten niet altijd wie er dan komt.",
        (6, 10),
    ),
    (
        "Tabletop ransomware met het crisisteam",
        "tabletop",
        "informatiebeveiliging",
        "Ransomware legt de ICT-omgeving plat",
        "Gemeentelijk crisisteam, CISO, ICT-leverancier, communicatie",
        11,
        "deels_geslaagd",
        "De technische stappen waren duidelijk; de besluitvorming over de communicatie liep vast.",
        "Het draaiboek ransomware zegt niets over wat inwoners horen en wanneer. Niemand wist wie de "
        "melding bij de Autoriteit Persoonsgegevens doet.",
        (10, 2),
    ),
)
# Follow-up of the ransomware tabletop: (what, done when, days until the deadline).
ACTIE = (
    "Draaiboek ransomware aanvullen met de communicatie naar inwoners",
    "Het crisisteam heeft een communicatieparagraaf met wie, wat en wanneer vastgesteld",
    60,
)
# (title, kind, theme, scenario, month, day) of the years ahead: planned.
GEPLAND: tuple[tuple[int, str, str, str, str, tuple[int, int]], ...] = (
    (1, "Ontruimingsoefening stadhuis", "ontruiming", "fysieke_beveiliging", "Brand in het archief", (4, 14)),
    (1, "Pentest van de website en het burgerportaal", "technische_test", "informatiebeveiliging", "", (5, 20)),
    (
        1,
        "Tabletop bedreiging van een bestuurder",
        "tabletop",
        "personele_beveiliging",
        "Bedreiging van de burgemeester via sociale media",
        (9, 22),
    ),
    (2, "Back-up terugzetten zaaksysteem", "technische_test", "continuiteit", "", (3, 10)),
    (
        2,
        "Crisisoefening met de veiligheidsregio",
        "crisis",
        "continuiteit",
        "Stroomuitval tijdens verkiezingen",
        (10, 6),
    ),
)
AFDELINGEN = (("Publiekszaken", 42), ("Sociaal Domein", 36), ("Ruimte", 28), ("Bedrijfsvoering", 51), ("Griffie", 9))
ONVOLLEDIG = ("Sociaal Domein", 29)  # this year: not everyone took part yet


def _risico(risicos: dict[str, Risico], titel: str) -> Risico | None:
    return risicos.get(titel) if titel else None


def _programma(by: Membership, risicos: dict[str, Risico], today: datetime.date) -> None:
    vorig = today.year - 1
    for titel, soort, thema, risico, deelnemers, aantal, resultaat, toelichting, bevindingen, (
        m,
        d,
    ) in GEDAAN_VORIG_JAAR:
        day = datetime.date(vorig, m, d)
        made = services.add_oefening(
            by=by,
            titel=titel,
            soort=soort,
            thema=thema,
            scenario=_risico(risicos, risico),
            gepland_op=day,
            status="uitgevoerd",
            uitgevoerd_op=day,
            deelnemers=deelnemers,
            aantal_deelnemers=aantal,
            resultaat=resultaat,
            toelichting=toelichting,
            bevindingen=bevindingen,
        )
        if soort == "tabletop":
            wat, klaar, dagen = ACTIE
            services.actie(
                by=by,
                oefening=made,
                titel=wat,
                resultaat=klaar,
                eigenaar=by,
                deadline=today + datetime.timedelta(days=dagen),
            )
    services.add_oefening(
        by=by,
        titel="Pentest van de website",
        soort="technische_test",
        thema="informatiebeveiliging",
        gepland_op=datetime.date(vorig, 11, 18),
        status="vervallen",
        toelichting="Uitgesteld: de nieuwe website ging pas later live. Opnieuw gepland.",
    )
    _dit_jaar(by, risicos, today)
    for jaren, titel, soort, thema, risico, (m, d) in GEPLAND:
        services.add_oefening(
            by=by,
            titel=titel,
            soort=soort,
            thema=thema,
            scenario=_risico(risicos, risico),
            gepland_op=datetime.date(today.year + jaren, m, d),
        )


def _dit_jaar(by: Membership, risicos: dict[str, Risico], today: datetime.date) -> None:
    """This year's exercises: two done in the months behind us, one overdue, one still to come."""
    begin = datetime.date(today.year, 1, 1)

    def so_far(share: float) -> datetime.date:
        return begin + datetime.timedelta(days=int((today - begin).days * share))

    done: list[dict[str, Any]] = [
        {
            "titel": "Back-up terugzetten zaaksysteem",
            "soort": "technische_test",
            "thema": "continuiteit",
            "scenario": _risico(risicos, "Uitval van het zaaksysteem bij de leverancier"),
            "deelnemers": "Functioneel beheer, ICT-leverancier",
            "aantal_deelnemers": 4,
            "resultaat": "deels_geslaagd",
            "toelichting": "De gegevens kwamen volledig terug, maar het duurde te lang.",
            "bevindingen": "Terugzetten kostte zes uur; de afspraak met de leverancier is twee uur.",
            "day": so_far(0.25),
        },
        {
            "titel": "Crisisoefening stroomuitval tijdens verkiezingen",
            "soort": "crisis",
            "thema": "continuiteit",
            "scenario": _risico(risicos, "Stroomuitval tijdens verkiezingen"),
            "deelnemers": "Crisisteam, team Verkiezingen, netbeheerder",
            "aantal_deelnemers": 16,
            "resultaat": "geslaagd",
            "bevindingen": "De noodstroom van het stembureau in de sporthal moet vooraf getest worden.",
            "day": so_far(0.6),
        },
    ]
    for fields in done:
        day = fields.pop("day")
        services.add_oefening(by=by, gepland_op=day, status="uitgevoerd", uitgevoerd_op=day, **fields)
    services.add_oefening(  # planned three weeks ago and not yet recorded: overdue
        by=by,
        titel="Tabletop datalek met de functionaris gegevensbescherming",
        soort="tabletop",
        thema="informatiebeveiliging",
        scenario=_risico(risicos, "Datalek van dossiers sociaal domein"),
        gepland_op=today - datetime.timedelta(days=21),
        deelnemers="Privacyteam, Sociaal Domein, functionaris gegevensbescherming",
    )
    services.add_oefening(
        by=by,
        titel="Training crisiscommunicatie",
        soort="training",
        thema="continuiteit",
        gepland_op=max(today + datetime.timedelta(days=7), datetime.date(today.year, 12, 10)),
        deelnemers="Team Communicatie, woordvoerders van het college",
    )


def _bewustwording(by: Membership, today: datetime.date) -> None:
    vorig = today.year - 1
    begin = datetime.date(today.year, 1, 1)

    def so_far(share: float) -> datetime.date:
        return begin + datetime.timedelta(days=int((today - begin).days * share))

    activiteiten = (
        ("E-learning informatiebeveiliging", "e_learning", "informatiebeveiliging", datetime.date(vorig, 2, 1), 163),
        ("Sessie agressie en omgangsvormen", "sessie", "personele_beveiliging", datetime.date(vorig, 5, 16), 24),
        ("Phishingsimulatie najaar", "phishingsimulatie", "informatiebeveiliging", datetime.date(vorig, 10, 20), 166),
        ("E-learning informatiebeveiliging", "e_learning", "informatiebeveiliging", so_far(0.1), 150),
        ("Evaluatie van het incident aan de balie", "incidentevaluatie", "personele_beveiliging", so_far(0.5), 14),
        ("Campagne: meld een incident", "campagne", "", so_far(0.7), None),
    )
    for titel, soort, thema, datum, aantal in activiteiten:
        services.add_activiteit(
            by=by,
            titel=titel,
            soort=soort,
            thema=thema,
            datum=datum,
            doelgroep="Alle medewerkers" if aantal is None or aantal > 100 else "Medewerkers van de publieksbalie",
            aantal_deelnemers=aantal,
        )
    for afdeling, medewerkers in AFDELINGEN:
        services.add_deelname(by=by, jaar=vorig, afdeling=afdeling, medewerkers=medewerkers, deelgenomen=medewerkers)
    services.nieuw_jaar(by=by, jaar=today.year)
    for deelname in Deelname.objects.filter(gemeente_id=by.gemeente_id, jaar=today.year):
        deelgenomen = ONVOLLEDIG[1] if deelname.afdeling == ONVOLLEDIG[0] else deelname.medewerkers
        services.edit_deelname(by=by, deelname=deelname, expected_version=deelname.version, deelgenomen=deelgenomen)


def load_demo_oefenen(by: Membership) -> None:
    """The programme and the awareness, recorded by the coördinator ``by`` (after the risks are loaded)."""
    today = timezone.localdate()
    risicos = {r.titel: r for r in Risico.objects.filter(gemeente_id=by.gemeente_id)}
    _programma(by, risicos, today)
    _bewustwording(by, today)
