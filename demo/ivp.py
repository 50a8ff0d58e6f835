"""The demo veiligheidsplan of Zuiderveen: an adopted IVP 2027–2030 with its analysis, a start
meeting with the partners (demo.bijeenkomsten), priorities, SMART goals and a 2027 programme whose
actions the police and the fire brigade carry out.

The analysis comes from sample files in the real layout of the police tables (``demo/data``,
synthetic figures for the fictitious gemeente GM9901), imported the way a user imports them. Every
change goes through ``ivp.services`` as the person who would make it, so history records it.
Call inside a tenancy binding of the gemeente.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import F
from django.utils import timezone

from ivp import importing, services
from ivp.models import Actie, Indicator, Plan, PlanStap, Prioritering, Thema
from ivp.opendata import parse_file
from organisations.models import Membership, PartnerOrganisatie

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = "politie_47018NED_GM9901.csv"

INWONERS = {jaar: 45200 + 320 * (jaar - 2012) for jaar in range(2012, 2026)}

# Veiligheidsmonitor (subjective) and BBV figures per year: key → {year: value}.
MONITOR = {
    "vm:onveilig-buurt": {2019: "19.8", 2021: "18.1", 2023: "21.4"},
    "vm:overlast-sociaal": {2019: "8.9", 2021: "8.1", 2023: "9.6"},
    "vm:overlast-fysiek": {2019: "21.0", 2021: "19.7", 2023: "20.2"},
    "vm:slachtoffer": {2019: "14.2", 2021: "12.9", 2023: "13.5"},
    "vm:slachtoffer-online": {2019: "13.0", 2021: "15.8", 2023: "17.1"},
    "bbv:halt": {2021: "112", 2022: "118", 2023: "131", 2024: "127", 2025: "139"},
    "bbv:winkeldiefstal": {2021: "1.6", 2022: "1.9", 2023: "2.1", 2024: "2.0", 2025: "2.2"},
    "bbv:geweld": {2021: "4.1", 2022: "4.3", 2023: "4.2", 2024: "4.0", 2025: "3.9"},
    "bbv:woninginbraak": {2021: "2.4", 2022: "2.6", 2023: "2.9", 2024: "2.7", 2025: "2.5"},
    "bbv:vernieling": {2021: "5.2", 2022: "5.0", 2023: "5.4", 2024: "5.1", 2025: "4.8"},
}
REFERENTIE = {"vm:onveilig-buurt": "18.9", "vm:slachtoffer-online": "16.2", "bbv:woninginbraak": "2.2"}

VERHALEN = {
    "1.3": "Na twee jaar daling stegen de woninginbraken in 2023 vooral in de wijken Veenhorst en Stationsbuurt, "
    "waar een groep rondtrekkende daders actief was. Sinds de aanhouding in 2024 dalen de cijfers weer.",
    "5.2": "Het aantal meldingen van drugshandel is klein, maar politie en RIEC zien signalen van misbruik van "
    "bedrijfspanden op het bedrijventerrein De Vaart. Veel ondermijning blijft buiten de registraties.",
    "3.2": "Halt-verwijzingen nemen toe. Jongerenwerk en politie zien een groep van vijftien jongeren die "
    "betrokken raakt bij drugsrunnen; de cijfers tonen alleen het topje.",
    "D.2": "De meldingen van overlast door verwarde personen stegen met een derde sinds 2019, mede door het "
    "sluiten van een beschermde woonvorm. De politie besteedt er steeds meer tijd aan.",
}

# theme code → (scores omvang, ernst, trend, beleving, invloed), tier, justification
PRIORITEITEN: dict[str, tuple[tuple[int, int, int, int, int], str, str]] = {
    "1.3": ((5, 4, 3, 5, 4), "prioriteit", "Woninginbraak raakt veel inwoners en weegt zwaar in de beleving."),
    "5.2": (
        (3, 5, 4, 3, 4),
        "prioriteit",
        "Ondermijning ondergraaft de rechtsstaat; de gemeente heeft eigen instrumenten.",
    ),
    "3.2": ((3, 4, 5, 4, 4), "prioriteit", "Een groeiende groep risicojongeren; vroeg ingrijpen loont."),
    "D.2": ((4, 4, 5, 4, 3), "prioriteit", "Overlast door verward gedrag stijgt en vraagt zorg en veiligheid samen."),
    "1.1": ((3, 3, 3, 3, 3), "overig_strategisch", "Blijft aandacht vragen, via de wijkaanpak."),
    "4.1": ((3, 3, 2, 3, 3), "overig_strategisch", "Verkeersveiligheid rond scholen blijft een zorg van bewoners."),
    "2.1": ((2, 2, 3, 2, 3), "beheersniveau", "Winkeldiefstal blijft onder het landelijk gemiddelde."),
    "4.2": ((2, 4, 2, 2, 2), "beheersniveau", "De brandweer houdt de reguliere preventie op peil."),
}

# theme code → goals (what, indicator bronsleutel, target, owner)
DOELEN: dict[str, list[tuple[str, str, str, str]]] = {
    "1.3": [
        (
            "Het aantal woninginbraken per 1.000 inwoners daalt tot onder het landelijk gemiddelde",
            "bbv:woninginbraak",
            "2.0",
            "Teamleider Veiligheid",
        ),
        (
            "Minder inwoners voelen zich weleens onveilig in de eigen buurt",
            "vm:onveilig-buurt",
            "17.0",
            "Teamleider Veiligheid",
        ),
    ],
    "3.2": [
        ("Het aantal Halt-verwijzingen per 10.000 jongeren daalt met een vijfde", "bbv:halt", "110", "Jeugdregisseur")
    ],
    "D.2": [
        (
            "Minder slachtoffers van online criminaliteit door voorlichting aan kwetsbare groepen",
            "vm:slachtoffer-online",
            "14.0",
            "Coördinator Zorg en Veiligheid",
        )
    ],
    "5.2": [
        (
            "Meer geregistreerde zaken van drugshandel door een betere informatiepositie (signalen leiden tot zaken)",
            "politie:misdrijf:3.1.1:GeregistreerdeMisdrijven_1",
            "30",
            "Programmamanager Ondermijning",
        )
    ],
}

# (theme, actiepunt, activity, OBE type, partner or None, schaal, start, end, budget, status, progress)
POLITIE, BRANDWEER = "Politie Eenheid Oost-Nederland", "Veiligheidsregio Zuiderveen-Vallei"
ACTIES: list[tuple[str, str, str, str | None, str | None, str, str, str, int | None, str, int]] = [
    (
        "1.3",
        "Inbraakpreventie in Veenhorst",
        "Woningscans en advies over hang- en sluitwerk",
        "bouwkundig",
        None,
        "lokaal",
        "2027-01-15",
        "2027-10-31",
        45000,
        "lopend",
        40,
    ),
    (
        "1.3",
        "Gerichte surveillance bij inbraakgolven",
        "Extra surveillance na een melding in de buurt",
        "organisatorisch",
        POLITIE,
        "lokaal",
        "2027-01-01",
        "2027-12-31",
        None,
        "lopend",
        55,
    ),
    (
        "1.3",
        "Buurtpreventie-appgroepen",
        "Begeleiding van vijf nieuwe appgroepen",
        "organisatorisch",
        POLITIE,
        "lokaal",
        "2026-09-01",
        "2026-11-30",
        5000,
        "lopend",
        70,
    ),
    (
        "1.3",
        "Camera's bij het station",
        "Cameratoezicht op de fietsenstalling",
        "elektronisch",
        None,
        "lokaal",
        "2027-03-01",
        "2027-09-30",
        60000,
        "gepland",
        0,
    ),
    (
        "5.2",
        "Integrale controles bedrijventerrein De Vaart",
        "Vier controles met politie, RIEC en Belastingdienst",
        "organisatorisch",
        POLITIE,
        "bovenlokaal",
        "2027-02-01",
        "2027-12-31",
        20000,
        "lopend",
        25,
    ),
    (
        "5.2",
        "Bibob-beleid actualiseren",
        "Uitbreiden naar vastgoedtransacties",
        "organisatorisch",
        None,
        "lokaal",
        "2026-10-01",
        "2027-06-30",
        None,
        "lopend",
        30,
    ),
    (
        "3.2",
        "Groepsaanpak risicojongeren",
        "Persoonsgerichte aanpak van vijftien jongeren",
        "organisatorisch",
        POLITIE,
        "lokaal",
        "2027-01-01",
        "2027-12-31",
        35000,
        "lopend",
        20,
    ),
    (
        "D.2",
        "Meldpunt zorgwekkend gedrag",
        "Eén telefoonnummer en opvolging binnen 24 uur",
        "reactie",
        None,
        "bovenlokaal",
        "2026-06-01",
        "2026-12-31",
        15000,
        "afgerond",
        100,
    ),
    (
        "4.2",
        "Rookmelders bij verminderd zelfredzamen",
        "Huisbezoeken en plaatsing van rookmelders",
        "bouwkundig",
        BRANDWEER,
        "lokaal",
        "2027-01-01",
        "2027-12-31",
        12000,
        "lopend",
        35,
    ),
    (
        "4.2",
        "Brandveiligheid in kamerverhuurpanden",
        "Controles samen met bouw- en woningtoezicht",
        "organisatorisch",
        BRANDWEER,
        "lokaal",
        "2026-09-01",
        "2026-11-15",
        None,
        "lopend",
        50,
    ),
    (
        "4.1",
        "Schoolzones veiliger",
        "Herinrichting bij drie basisscholen",
        "bouwkundig",
        None,
        "lokaal",
        "2027-04-01",
        "2027-08-31",
        80000,
        "gepland",
        0,
    ),
]


def load_demo_ivp(coordinator: Membership, bestuurder: Membership) -> Plan:
    """Everything above, in the order a gemeente would do it."""
    today = timezone.localdate()
    plan = services.start_ivp(by=coordinator, startjaar=2027)
    gemeente = coordinator.gemeente
    for jaar, aantal in INWONERS.items():
        services.set_inwonertal(by=coordinator, jaar=jaar, aantal=aantal)
    result = parse_file((DATA / SAMPLE).read_bytes(), expected_table="47018NED", gemeente_code=gemeente.cbs_code)
    importing.apply(result.cijfers, gemeente=gemeente, tabel=result.tabel, by=coordinator)
    indicators = {i.bronsleutel: i for i in Indicator.objects.filter(gemeente_id=gemeente.pk).select_related("thema")}
    for key, values in MONITOR.items():
        for jaar, waarde in values.items():
            reference = REFERENTIE.get(key) if jaar == max(values) else None
            services.set_meting(
                by=coordinator,
                indicator=indicators[key],
                jaar=jaar,
                waarde=Decimal(waarde),
                referentiewaarde=Decimal(reference) if reference else None,
            )
    themas = {t.code: t for t in Thema.objects.filter(gemeente_id=gemeente.pk).select_related("veld")}
    for code, verhaal in VERHALEN.items():
        thema = themas[code]
        services.edit_thema(by=coordinator, thema=thema, expected_version=thema.version, verhaal=verhaal)
    _chapters(coordinator, plan)
    # The start meeting with the partners comes before the scoring (demo.bijeenkomsten imports this module).
    from .bijeenkomsten import load_demo_bijeenkomsten

    load_demo_bijeenkomsten(coordinator, plan)
    _priorities(coordinator, plan, themas)
    goals = _goals(coordinator, plan, themas, indicators)
    for stap in PlanStap.objects.filter(plan=plan):
        services.edit_step(by=coordinator, stap=stap, expected_version=stap.version, status="gereed", wie="Inge Bosman")
    plan = services.submit_plan(by=coordinator, plan=plan)
    plan = services.adopt_plan(by=bestuurder, plan=plan, on=today, body="gemeenteraad", reference="RB-2026-117")
    _programme(coordinator, plan, themas, goals)
    return plan


def _chapters(by: Membership, plan: Plan) -> None:
    services.edit_plan(
        by=by,
        plan=plan,
        expected_version=plan.version,
        titel="Integraal veiligheidsplan Zuiderveen",
        afbakening="Dit plan beschrijft de lokale veiligheidsaanpak van Zuiderveen voor 2027–2030, voor raad, "
        "college, inwoners en partners. Het volgt de lijn evaluatie → analyse → prioriteiten → doelen → aanpak.",
        visie="Zuiderveen is een gemeente waar inwoners zich veilig voelen en waar gemeente, politie, "
        "brandweer, scholen en zorgpartners samen optrekken tegen wat de veiligheid ondermijnt.",
        evaluatie_vorige="Het vorige plan bracht de woninginbraken terug, maar de aanpak van verward gedrag en "
        "ondermijning kwam te laat op gang. De jaarlijkse evaluaties lieten zien dat partners meer sturing vroegen.",
        organisatie="Het team Openbare Orde en Veiligheid voert de regie; het integraal veiligheidsoverleg met "
        "politie, OM, brandweer en zorgpartners komt elk kwartaal bijeen.",
        budget="Jaarlijks € 450.000 uit de programmabegroting Veiligheid, aangevuld met middelen van partners.",
        evaluatieaanpak="Elk kwartaal een voortgangsoverzicht aan het integraal veiligheidsoverleg, elk jaar een "
        "voortgangsrapportage aan college en raad, een tussenevaluatie in 2028 en een eindevaluatie in 2030.",
    )


def _priorities(by: Membership, plan: Plan, themas: dict[str, Thema]) -> None:
    for p in Prioritering.objects.filter(plan=plan, thema__code__in=PRIORITEITEN):
        scores, niveau, why = PRIORITEITEN[p.thema.code]
        values = dict(zip(Prioritering.CRITERIA, scores, strict=True))
        services.edit_prioritering(
            by=by, prioritering=p, expected_version=p.version, niveau=niveau, onderbouwing=why, **values
        )


def _goals(by: Membership, plan: Plan, themas: dict[str, Thema], indicators: dict[Any, Indicator]) -> dict[str, Any]:
    goals = {}
    for code, items in DOELEN.items():
        for wat, key, target, owner in items:
            goals[code] = services.add_doelstelling(
                by=by,
                plan=plan,
                thema=themas[code],
                wat=wat,
                indicator=indicators[key],
                streefwaarde=Decimal(target),
                deadline=datetime.date(2030, 12, 31),
                eigenaar=owner,
            )
    return goals


def _programme(by: Membership, plan: Plan, themas: dict[str, Thema], goals: dict[str, Any]) -> None:
    programma = services.start_programma(by=by, plan=plan, jaar=2027)
    partners = {p.name: p for p in PartnerOrganisatie.objects.filter(gemeente_id=by.gemeente_id)}
    people = {m.partner_id: m for m in Membership.objects.filter(gemeente_id=by.gemeente_id, role="ketenpartner")}
    stalled = []
    for code, punt, activiteit, obe, partner, schaal, start, eind, budget, status, voortgang in ACTIES:
        actie = services.add_actie(
            by=by,
            programma=programma,
            thema=themas[code],
            doelstelling=goals.get(code),
            actiepunt=punt,
            activiteit=activiteit,
            obe_type=obe,
            organisatie=partners[partner] if partner else None,
            partners=partner,
            schaal=schaal,
            start=datetime.date.fromisoformat(start),
            eind=datetime.date.fromisoformat(eind),
            budget=Decimal(budget) if budget is not None else None,
            **({} if partner else {"status": status, "voortgang": voortgang}),
        )
        if partner and status != "gepland":
            # The partner's own person reports the progress (their demo login can do the same).
            actie = services.update_voortgang(
                by=people[partners[partner].pk],
                actie=actie,
                expected_version=actie.version,
                status=status,
                voortgang=voortgang,
            )
        if punt == "Bibob-beleid actualiseren":
            stalled.append(actie.pk)
    # The Bibob update has not moved since the summer: the monitoring flags it as stalled.
    Actie.objects.filter(pk__in=stalled).update(
        voortgang_op=timezone.now() - datetime.timedelta(days=120), version=F("version") + 1
    )
