"""Zuiderveen's PDCA cycle: last year's calendar done, this year's under way with one report overdue, and
next year's planned. The internal audits, evaluations and management reviews have findings; some became
actions, some are marked for the kader and one is taken up into the kader's concept (version 2).

Everything goes through ``pdca.services`` as the coördinator, so the demo is what a coördinator could have done
by hand; call inside a tenancy binding of the gemeente, after the kader is loaded (``demo.kader``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from organisations.models import Membership
from pdca import services
from pdca.models import Activiteit, Bevinding, Soort, Status

# kind -> the role of the owner of such an activity
EIGENAAR = {
    Soort.INTERNE_AUDIT: "auditor",
    Soort.MANAGEMENTREVIEW: "bestuurder",
    Soort.RAPPORTAGE: "coordinator",
    Soort.JAARPLANNING: "coordinator",
    Soort.KADER_BIJSTELLEN: "coordinator",
}
CONCLUSIE = {
    Soort.JAARPLANNING: "Het jaarplan is met de thema-eigenaren vastgesteld in het managementteam.",
    Soort.RISICOANALYSE: "Twee nieuwe risico's (phishing met QR-codes, agressie bij de werf) zijn toegevoegd.",
    Soort.UITVOERING: "Het merendeel van de maatregelen loopt op schema; de camera's bij de werf zijn vertraagd.",
    Soort.RODE_DRADEN: "Agressie aan de balie neemt toe; inbraken op de werf namen af na het nieuwe hek.",
    Soort.RAPPORTAGE: "Het college is geïnformeerd over de voortgang en de acties.",
    Soort.INTERNE_AUDIT: "Het kwaliteitssysteem werkt op hoofdlijnen; de uitvoering blijft bij twee afdelingen achter.",
    Soort.EVALUATIE: "De meeste doelen van het jaarplan zijn gehaald; bewustwording blijft een aandachtspunt.",
    Soort.MANAGEMENTREVIEW: "De directie besluit de bevindingen van audit en evaluatie op te volgen.",
    Soort.KADER_BIJSTELLEN: "De bevindingen voor het kader zijn verwerkt in het concept.",
}
# kind -> its findings: (text, kind of finding, theme, for the kader)
BEVINDINGEN: dict[str, list[tuple[str, str, str, bool]]] = {
    Soort.INTERNE_AUDIT: [
        (
            "Toegangspassen van vertrokken medewerkers worden niet altijd ingenomen.",
            "tekortkoming",
            "fysieke_beveiliging",
            False,
        ),
        ("Het wachtwoordbeleid is niet bij alle afdelingen bekend.", "verbeterpunt", "informatiebeveiliging", False),
        ("De meldingen van incidenten worden snel en volledig behandeld.", "sterk_punt", "", False),
    ],
    Soort.EVALUATIE: [
        (
            "Bewustwordingsactiviteiten bereiken de buitendienst nauwelijks.",
            "verbeterpunt",
            "personele_beveiliging",
            False,
        ),
    ],
    Soort.MANAGEMENTREVIEW: [
        (
            "Het kader noemt geen vaste momenten waarop de thema-eigenaren rapporteren; leg die vast.",
            "verbeterpunt",
            "",
            True,
        ),
        (
            "De rol van de ketenpartners in de evaluatie van incidenten staat niet in het kader.",
            "observatie",
            "",
            True,
        ),
    ],
}
OVERDUE = Soort.RAPPORTAGE  # this year's report to the college is late


def _owners(by: Membership) -> dict[str, Membership]:
    members = Membership.objects.filter(gemeente_id=by.gemeente_id).order_by("pk")
    return {member.role: member for member in reversed(list(members))}  # the first of each role


def _year(by: Membership, jaar: int, today: datetime.date, owners: dict[str, Membership]) -> list[Activiteit]:
    """Plan ``jaar`` and record what lies before today as done (this year's report to the college excepted)."""
    services.plan_jaar(by=by, jaar=jaar)
    done = []
    for activiteit in Activiteit.objects.filter(gemeente_id=by.gemeente_id, gepland_op__year=jaar):
        fields: dict[str, Any] = {}
        if activiteit.soort in EIGENAAR:
            fields["eigenaar"] = owners.get(EIGENAAR[Soort(activiteit.soort)])
        if activiteit.gepland_op < today and not (jaar == today.year and activiteit.soort == OVERDUE):
            fields.update(
                status=Status.UITGEVOERD,
                uitgevoerd_op=activiteit.gepland_op,
                conclusie=CONCLUSIE.get(Soort(activiteit.soort), ""),
            )
        if fields:
            services.edit_activiteit(by=by, activiteit=activiteit, expected_version=activiteit.version, **fields)
        if activiteit.status == Status.UITGEVOERD:
            done.append(activiteit)
    return done


def _findings(by: Membership, done: list[Activiteit]) -> list[Bevinding]:
    made = []
    for activiteit in done:
        for tekst, soort, thema, voor_kader in BEVINDINGEN.get(activiteit.soort, []):
            made.append(
                services.add_bevinding(
                    by=by, activiteit=activiteit, tekst=tekst, soort=soort, thema=thema, voor_kader=voor_kader
                )
            )
    return made


def load_demo_pdca(by: Membership) -> None:
    """Last year's calendar done with findings, this year's under way, next year's planned; actions from the
    audit and the review, and last year's first finding for the kader taken up into the kader's concept."""
    today = timezone.localdate()
    owners = _owners(by)
    vorig = _findings(by, _year(by, today.year - 1, today, owners))
    dit = _findings(by, _year(by, today.year, today, owners))
    services.plan_jaar(by=by, jaar=today.year + 1)
    deadline = today + datetime.timedelta(days=75)
    audit = next(b for b in [*dit, *vorig] if b.soort == "tekortkoming")  # this year's, once its audit is done
    facilitair = Membership.objects.filter(gemeente_id=by.gemeente_id, themes__contains=[audit.thema]).first()
    services.actie(
        by=by,
        bevinding=audit,
        titel="Innemen van toegangspassen opnemen in de vertrekprocedure",
        resultaat="Elke vertrekkende medewerker levert de pas in bij HR; HR meldt het aan Facilitair",
        eigenaar=facilitair or by,
        deadline=deadline,
    )
    review = next(b for b in vorig if b.voor_kader)
    services.actie(
        by=by,
        bevinding=review,
        titel="Rapportagemomenten van de thema-eigenaren afspreken",
        resultaat="De thema-eigenaren rapporteren elk kwartaal volgens een vast format",
        eigenaar=by,
        deadline=deadline,
    )
    services.neem_op(by=by, ids=[review.pk])
