"""Zuiderveen's incident registration: set up by its coördinator, with reports of the last months."""

from __future__ import annotations

import datetime

from django.utils import timezone

from acties import services as acties_services
from acties.models import Bron, Verbeteractie
from incidenten import services
from incidenten.models import IncidentSoort
from organisations.models import Membership
from risicos.models import Bedrijfsmiddel, Maatregel, Risico

# (days ago, kind, time, place, asset or "", seriousness, police, what happened)
MELDINGEN: tuple[tuple[int, str, str, str, str, str, bool, str], ...] = (
    (
        3,
        "agressie",
        "10:40",
        "Publieksbalie stadhuis",
        "Stadhuis",
        "aanzienlijk",
        False,
        "Een bezoeker werd boos over de wachttijd, sloeg met de vuist op de balie en schold de medewerker uit.",
    ),
    (
        9,
        "phishing",
        "08:55",
        "",
        "",
        "gering",
        False,
        "Een e-mail die van de directeur leek te komen vroeg om een spoedbetaling. Niet betaald, gemeld bij de "
        "servicedesk.",
    ),
    (
        21,
        "bedreiging_ambtsdrager",
        "22:10",
        "Sociale media",
        "",
        "ernstig",
        True,
        "Na het raadsdebat over de opvanglocatie verscheen een bericht met een bedreiging aan het adres van een "
        "wethouder. Aangifte gedaan.",
    ),
    (
        34,
        "inbraak",
        "03:15",
        "Gemeentewerf",
        "",
        "aanzienlijk",
        True,
        "Het hek van de gemeentewerf is opengeknipt; er is gereedschap uit een bus verdwenen.",
    ),
    (
        47,
        "datalek",
        "14:20",
        "Afdeling Sociaal Domein",
        "",
        "ernstig",
        False,
        "Een brief met een beschikking is naar een verkeerd adres gestuurd.",
    ),
    (
        60,
        "vandalisme",
        "",
        "Raadszaal",
        "",
        "gering",
        False,
        "Na een drukke raadsvergadering bleek een microfoon op de publieke tribune vernield.",
    ),
)


# What the coördinator learnt from them, in the same order: (risk or "", flag it for review, measure or "").
KOPPELINGEN: tuple[tuple[str, bool, str], ...] = (
    ("Agressie van een bezoeker aan de balie", True, "Training omgaan met agressie"),
    ("Phishing leidt tot een overgenomen account", False, "Phishingsimulaties en bewustwording"),
    ("Bedreiging van de burgemeester via sociale media", True, ""),
    ("", False, "Inbraakalarm met doormelding naar de meldkamer"),
    ("", False, ""),
    ("", False, ""),
)

# Follow-up actions, in the same order as the reports: (what, done when, owner "melder" or the
# coördinator, days until the deadline (negative: overdue), finished).
ACTIES: tuple[tuple[tuple[str, str, str, int, bool], ...], ...] = (
    (
        (
            "Tweede baliemedewerker inroosteren op drukke momenten",
            "Rooster van de balie heeft op maandag- en dinsdagochtend twee medewerkers",
            "coordinator",
            -20,
            True,
        ),
        ("Alarmknop onder de balie testen", "Test gedaan en het resultaat vastgelegd", "melder", -5, False),
    ),
    (("Phishingmelding toevoegen aan de intranetpagina", "Meldknop staat op intranet", "melder", 30, False),),
    (),
    (("Hek van de gemeentewerf vervangen", "Nieuw hek met cilinderslot geplaatst", "coordinator", 60, False),),
    (),
    (),
)
# Findings of an audit, not from an incident.
AUDIT = "Interne audit fysieke beveiliging 2026"
AUDIT_ACTIES = (
    ("Sleutelplan stadhuis actualiseren", "Sleutelplan met alle uitgegeven sleutels en passen is bijgewerkt", 45),
    ("Bezoekersregistratie bij de personeelsingang invoeren", "Elke bezoeker staat in het register", 90),
)

# The coördinator's handling of the reports above, in the same order (None: not yet handled).
BEHANDELD: tuple[dict[str, object] | None, ...] = (
    {
        "status": "afgehandeld",
        "nazorg": "Teamleider sprak de medewerker dezelfde dag; geen verdere hulp nodig.",
        "afhandeling": "Bezoeker een waarschuwingsbrief gestuurd. Tweede baliemedewerker bij drukte ingeroosterd.",
    },
    {"status": "afgehandeld", "afhandeling": "Servicedesk blokkeerde de afzender; waarschuwing op intranet."},
    {
        "status": "in_behandeling",
        "aangifte": True,
        "nazorg": "Gesprek met de wethouder en het kabinet; extra toezicht bij de woning afgesproken met de politie.",
    },
    None,
    {
        "status": "afgehandeld",
        "ap_melding": "gemeld",
        "afhandeling": "Met de functionaris gegevensbescherming beoordeeld en gemeld; de ontvanger heeft de brief "
        "vernietigd. Adrescontrole vóór verzending toegevoegd aan de werkinstructie.",
    },
    None,
)


def load_demo_incidenten(by: Membership, melder: Membership) -> None:
    """The registration, set up by the coördinator; the reports made by the employee (melder)."""
    services.start(by=by, bewaartermijn_maanden=24)
    soorten = {s.sleutel: s for s in IncidentSoort.objects.filter(gemeente_id=by.gemeente_id)}
    middelen = {m.naam: m for m in Bedrijfsmiddel.objects.filter(gemeente_id=by.gemeente_id)}
    today = timezone.localdate()
    gemeld = []
    for dagen, soort, tijd, plaats, middel, ernst, politie, wat in MELDINGEN:
        gemeld.append(
            services.meld(
                by=melder,
                soort=soorten[soort],
                datum=today - datetime.timedelta(days=dagen),
                tijd=datetime.time.fromisoformat(tijd) if tijd else None,
                locatie=plaats,
                bedrijfsmiddel=middelen.get(middel),
                omschrijving=wat,
                ernst=ernst,
                politie=politie,
            )
        )
    for incident, fields in zip(gemeld, BEHANDELD, strict=True):
        if fields:
            if fields.get("ap_melding") == "gemeld":  # reported to the Autoriteit the day after it happened
                fields = {**fields, "ap_gemeld_op": incident.datum + datetime.timedelta(days=1)}
            services.behandel(by=by, incident=incident, expected_version=incident.version, **fields)
    risicos = {r.titel: r for r in Risico.objects.filter(gemeente_id=by.gemeente_id)}
    maatregelen = {m.titel: m for m in Maatregel.objects.filter(gemeente_id=by.gemeente_id)}
    for incident, (risico, herbeoordelen, maatregel) in zip(gemeld, KOPPELINGEN, strict=True):
        if risico:
            services.koppel(by=by, incident=incident, obj=risicos[risico], herbeoordelen=herbeoordelen)
        if maatregel:
            services.koppel(by=by, incident=incident, obj=maatregelen[maatregel])
    for incident, acties in zip(gemeld, ACTIES, strict=True):
        for titel, resultaat, eigenaar, dagen, af in acties:
            actie = services.actie(
                by=by,
                incident=incident,
                titel=titel,
                resultaat=resultaat,
                eigenaar=by if eigenaar == "coordinator" else melder,
                deadline=today + datetime.timedelta(days=max(dagen, 0)),
            )
            if af:
                acties_services.edit(by=by, actie=actie, expected_version=actie.version, status="afgerond")
            if dagen < 0:  # made weeks ago: its deadline has passed
                Verbeteractie.objects.filter(pk=actie.pk).update(deadline=today + datetime.timedelta(days=dagen))
    for titel, resultaat, dagen in AUDIT_ACTIES:
        acties_services.add(
            by=by,
            bron=Bron.AUDIT,
            bron_titel=AUDIT,
            titel=titel,
            resultaat=resultaat,
            eigenaar=by,
            deadline=today + datetime.timedelta(days=dagen),
            thema="fysieke_beveiliging",
        )
