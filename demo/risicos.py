"""The demo risk register of Zuiderveen: the town hall, the KCC desk, the council chamber, the mayor,
the ICT environment, the archive and the works yard outside the centre, with over 40 risks and
80 measures — chains that are covered, gaps, overlap, two measures that work against each other,
an acceptance that is about to expire and reviews that are overdue.

Everything goes through the services (so the levels, links and history are as a user would make
them); only the dates that lie in the past are set afterwards, as a data correction.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pghistory
from django.utils import timezone

from kader.models import Doel, KaderVersie
from organisations.models import Membership
from risicos import services
from risicos.models import Bedrijfsmiddel, Dreiging, Maatregel, Risico

# name, soort, location, scope category, C/I/A, themes
BEDRIJFSMIDDELEN: tuple[tuple[str, str, str, str, tuple[str, str, str], tuple[str, ...]], ...] = (
    ("Stadhuis", "gebouw", "Markt 1", "gebouwen", ("", "", "hoog"), ("fysieke_beveiliging",)),
    ("KCC-balie", "locatie", "Stadhuis, begane grond", "locaties", ("", "", "hoog"), ("personele_beveiliging",)),
    ("Raadzaal", "locatie", "Stadhuis, eerste verdieping", "locaties", ("", "", "midden"), ("fysieke_beveiliging",)),
    ("Burgemeester", "persoon", "", "mensen", ("", "", ""), ("personele_beveiliging", "integriteit")),
    ("Wethouders en raadsleden", "persoon", "", "mensen", ("", "", ""), ("personele_beveiliging", "integriteit")),
    (
        "ICT-omgeving",
        "systeem",
        "Rekencentrum en cloud",
        "systemen",
        ("hoog", "hoog", "hoog"),
        ("informatiebeveiliging",),
    ),
    ("Zaaksysteem", "systeem", "Cloud", "systemen", ("hoog", "hoog", "midden"), ("informatiebeveiliging",)),
    (
        "Archief",
        "informatie",
        "Kelder stadhuis",
        "informatie_fysiek",
        ("midden", "hoog", "laag"),
        ("informatiebeveiliging",),
    ),
    (
        "Dossiers sociaal domein",
        "informatie",
        "Zaaksysteem",
        "informatie_digitaal",
        ("hoog", "hoog", "midden"),
        ("informatiebeveiliging",),
    ),
    (
        "Gemeentewerf",
        "terrein",
        "Industrieweg 12 (buitenlocatie)",
        "terreinen",
        ("", "", "midden"),
        ("fysieke_beveiliging", "continuiteit"),
    ),
    ("Noodstroomvoorziening", "installatie", "Stadhuis", "installaties", ("", "", "hoog"), ("continuiteit",)),
)

# title, threat key, assets, themes, bruto (kans, impact), netto or None, treatment
RISICOS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[int, int], tuple[int, int] | None, str], ...] = (
    (
        "Inbraak in het stadhuis buiten kantoortijd",
        "inbraak",
        ("Stadhuis",),
        ("fysieke_beveiliging",),
        (3, 3),
        (2, 2),
        "verminderen",
    ),
    (
        "Diefstal van laptops uit werkplekken",
        "diefstal",
        ("Stadhuis", "ICT-omgeving"),
        ("fysieke_beveiliging",),
        (3, 3),
        (2, 2),
        "verminderen",
    ),
    (
        "Vandalisme aan de gevel en ramen",
        "vandalisme",
        ("Stadhuis",),
        ("fysieke_beveiliging",),
        (3, 2),
        (2, 2),
        "accepteren",
    ),
    (
        "Agressie van een bezoeker aan de balie",
        "agressie",
        ("KCC-balie",),
        ("personele_beveiliging",),
        (4, 4),
        (3, 3),
        "verminderen",
    ),
    (
        "Fysiek geweld tegen een baliemedewerker",
        "agressie",
        ("KCC-balie",),
        ("personele_beveiliging",),
        (3, 5),
        (2, 4),
        "verminderen",
    ),
    (
        "Bedreiging van de burgemeester via sociale media",
        "bedreiging_ambtsdragers",
        ("Burgemeester",),
        ("personele_beveiliging",),
        (4, 4),
        (3, 4),
        "verminderen",
    ),
    (
        "Intimidatie van raadsleden bij hun woning",
        "bedreiging_ambtsdragers",
        ("Wethouders en raadsleden",),
        ("personele_beveiliging",),
        (3, 4),
        (3, 3),
        "verminderen",
    ),
    (
        "Verstoring van een raadsvergadering",
        "bedreiging_ambtsdragers",
        ("Raadzaal",),
        ("fysieke_beveiliging",),
        (3, 3),
        (2, 3),
        "verminderen",
    ),
    (
        "Ondermijning via een vergunningaanvraag",
        "ondermijning",
        ("Zaaksysteem",),
        ("integriteit",),
        (3, 4),
        (3, 3),
        "verminderen",
    ),
    (
        "Omkoping van een handhaver",
        "fraude",
        ("Wethouders en raadsleden",),
        ("integriteit",),
        (2, 4),
        (2, 3),
        "verminderen",
    ),
    (
        "Ransomware legt de ICT-omgeving plat",
        "ransomware",
        ("ICT-omgeving",),
        ("informatiebeveiliging", "continuiteit"),
        (4, 5),
        (3, 4),
        "verminderen",
    ),
    (
        "Phishing leidt tot een overgenomen account",
        "phishing",
        ("ICT-omgeving", "Zaaksysteem"),
        ("informatiebeveiliging",),
        (5, 3),
        (3, 3),
        "verminderen",
    ),
    (
        "Datalek van dossiers sociaal domein",
        "datalek_opzet",
        ("Dossiers sociaal domein",),
        ("informatiebeveiliging",),
        (3, 4),
        (2, 4),
        "verminderen",
    ),
    (
        "E-mail met persoonsgegevens aan de verkeerde ontvanger",
        "menselijke_fout",
        ("Dossiers sociaal domein",),
        ("informatiebeveiliging",),
        (4, 3),
        (3, 2),
        "accepteren",
    ),
    (
        "Misbruik van beheerrechten door een medewerker",
        "misbruik_insider",
        ("ICT-omgeving",),
        ("informatiebeveiliging", "personele_beveiliging"),
        (2, 4),
        (2, 3),
        "verminderen",
    ),
    (
        "Spionage op de besluitvorming van het college",
        "spionage",
        ("Burgemeester", "Zaaksysteem"),
        ("informatiebeveiliging",),
        (2, 4),
        None,
        "verminderen",
    ),
    (
        "Brand in het archief",
        "brand",
        ("Archief",),
        ("fysieke_beveiliging", "continuiteit"),
        (2, 5),
        (2, 3),
        "overdragen",
    ),
    ("Waterschade in de archiefkelder", "natuur", ("Archief",), ("continuiteit",), (2, 4), (2, 3), "overdragen"),
    (
        "Stroomuitval tijdens verkiezingen",
        "stroomuitval",
        ("Stadhuis", "Noodstroomvoorziening"),
        ("continuiteit",),
        (2, 4),
        (1, 3),
        "verminderen",
    ),
    (
        "Uitval van het zaaksysteem bij de leverancier",
        "technisch_falen",
        ("Zaaksysteem",),
        ("continuiteit", "informatiebeveiliging"),
        (3, 4),
        (3, 3),
        "overdragen",
    ),
    (
        "Diefstal van materieel op de gemeentewerf",
        "diefstal",
        ("Gemeentewerf",),
        ("fysieke_beveiliging",),
        (4, 2),
        (3, 2),
        "accepteren",
    ),
    (
        "Sabotage van de strooiwagens in de winter",
        "sabotage",
        ("Gemeentewerf",),
        ("fysieke_beveiliging", "continuiteit"),
        (2, 4),
        (2, 3),
        "verminderen",
    ),
    (
        "Griepgolf: de helft van de balie ziek",
        "epidemie",
        ("KCC-balie",),
        ("continuiteit",),
        (3, 3),
        (2, 2),
        "verminderen",
    ),
    ("Storm beschadigt de gemeentewerf", "natuur", ("Gemeentewerf",), ("continuiteit",), (2, 3), (2, 2), "accepteren"),
)

# title, type, function, links of the chain, themes, status, one-off, yearly, assets/keywords it serves
MAATREGELEN: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str, int | None, int | None], ...] = (
    (
        "Inbraakalarm met doormelding naar de meldkamer",
        "E",
        "repressief",
        ("detecteren",),
        ("fysieke_beveiliging",),
        "getoetst",
        18000,
        2400,
    ),
    (
        "Camerabewaking van de ingangen",
        "E",
        "repressief",
        ("ontmoedigen", "detecteren"),
        ("fysieke_beveiliging",),
        "geimplementeerd",
        24000,
        3000,
    ),
    (
        "Beveiligingsdienst met alarmopvolging",
        "R",
        "repressief",
        ("intervenieren",),
        ("fysieke_beveiliging",),
        "geimplementeerd",
        None,
        36000,
    ),
    (
        "Inbraakwerend hang- en sluitwerk (SKG**)",
        "B",
        "preventief",
        ("tegenhouden", "vertragen"),
        ("fysieke_beveiliging",),
        "geimplementeerd",
        30000,
        None,
    ),
    (
        "Toegangsbeleid met persoonlijke passen",
        "O",
        "preventief",
        ("afschermen",),
        ("fysieke_beveiliging",),
        "getoetst",
        8000,
        1500,
    ),
    (
        "Clean desk en afgesloten kasten",
        "O",
        "preventief",
        ("afschermen",),
        ("informatiebeveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Balie met hoge balierand en vluchtweg",
        "B",
        "preventief",
        ("tegenhouden", "vertragen"),
        ("personele_beveiliging",),
        "geimplementeerd",
        45000,
        None,
    ),
    ("Alarmknop aan de balie", "E", "repressief", ("detecteren",), ("personele_beveiliging",), "getoetst", 3000, 500),
    (
        "Tweede alarmknop in de spreekkamers",
        "E",
        "repressief",
        ("detecteren",),
        ("personele_beveiliging",),
        "geimplementeerd",
        2500,
        400,
    ),
    (
        "Huisregels en gedragscode voor bezoekers",
        "O",
        "preventief",
        ("ontmoedigen",),
        ("personele_beveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Training omgaan met agressie",
        "O",
        "preventief",
        ("ontmoedigen", "intervenieren"),
        ("personele_beveiliging",),
        "geimplementeerd",
        None,
        6000,
    ),
    (
        "Opvang en nazorg na een incident",
        "O",
        "herstellend",
        ("continuiteit",),
        ("personele_beveiliging",),
        "gepland",
        None,
        2000,
    ),
    (
        "Beveiligingsadvies voor de woning van de burgemeester",
        "O",
        "preventief",
        ("afschermen",),
        ("personele_beveiliging",),
        "geimplementeerd",
        5000,
        None,
    ),
    (
        "Monitoring van bedreigingen online",
        "O",
        "repressief",
        ("detecteren",),
        ("personele_beveiliging",),
        "in_uitvoering",
        None,
        4000,
    ),
    (
        "Afspraken met de politie over aangifte en opvolging",
        "R",
        "repressief",
        ("intervenieren",),
        ("personele_beveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Bodes in de raadzaal tijdens vergaderingen",
        "R",
        "repressief",
        ("detecteren", "intervenieren"),
        ("fysieke_beveiliging",),
        "geimplementeerd",
        None,
        8000,
    ),
    (
        "Bibob-toets bij risicovolle vergunningen",
        "O",
        "preventief",
        ("tegenhouden",),
        ("integriteit",),
        "geimplementeerd",
        None,
        12000,
    ),
    ("Meldpunt integriteit", "O", "repressief", ("detecteren",), ("integriteit",), "geimplementeerd", None, 1500),
    (
        "Functiescheiding bij handhaving",
        "O",
        "preventief",
        ("tegenhouden",),
        ("integriteit",),
        "voorgesteld",
        None,
        None,
    ),
    (
        "Back-ups buiten het netwerk (offline)",
        "E",
        "herstellend",
        ("continuiteit",),
        ("informatiebeveiliging", "continuiteit"),
        "getoetst",
        20000,
        6000,
    ),
    (
        "Tweefactorauthenticatie voor alle accounts",
        "E",
        "preventief",
        ("tegenhouden",),
        ("informatiebeveiliging",),
        "geimplementeerd",
        12000,
        4000,
    ),
    (
        "Security operations center (SOC)",
        "E",
        "repressief",
        ("detecteren",),
        ("informatiebeveiliging",),
        "geimplementeerd",
        None,
        48000,
    ),
    (
        "Incidentresponsplan ICT",
        "O",
        "herstellend",
        ("intervenieren", "continuiteit"),
        ("informatiebeveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Phishingsimulaties en bewustwording",
        "O",
        "preventief",
        ("ontmoedigen",),
        ("informatiebeveiliging",),
        "geimplementeerd",
        None,
        7000,
    ),
    (
        "Segmentatie van het netwerk",
        "E",
        "preventief",
        ("afschermen", "vertragen"),
        ("informatiebeveiliging",),
        "in_uitvoering",
        35000,
        None,
    ),
    (
        "Logging en controle van beheerrechten",
        "E",
        "repressief",
        ("detecteren",),
        ("informatiebeveiliging",),
        "geimplementeerd",
        6000,
        2000,
    ),
    (
        "Versleuteling van laptops",
        "E",
        "preventief",
        ("afschermen",),
        ("informatiebeveiliging",),
        "getoetst",
        None,
        None,
    ),
    (
        "Autorisatiebeheer met periodieke controle",
        "O",
        "preventief",
        ("afschermen", "tegenhouden"),
        ("informatiebeveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Datalekprocedure met de functionaris gegevensbescherming",
        "O",
        "herstellend",
        ("intervenieren", "continuiteit"),
        ("informatiebeveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Waarschuwing bij e-mail naar een externe ontvanger",
        "E",
        "preventief",
        ("tegenhouden",),
        ("informatiebeveiliging",),
        "voorgesteld",
        3000,
        None,
    ),
    (
        "Screening bij indiensttreding (VOG)",
        "O",
        "preventief",
        ("ontmoedigen", "tegenhouden"),
        ("personele_beveiliging",),
        "geimplementeerd",
        None,
        1000,
    ),
    (
        "Branddetectie met doormelding",
        "E",
        "repressief",
        ("detecteren",),
        ("fysieke_beveiliging", "continuiteit"),
        "getoetst",
        15000,
        1800,
    ),
    (
        "Blusinstallatie in het archief",
        "B",
        "repressief",
        ("intervenieren",),
        ("continuiteit",),
        "gepland",
        60000,
        2500,
    ),
    ("Brandwerende archiefruimte", "B", "preventief", ("vertragen",), ("continuiteit",), "geimplementeerd", None, None),
    (
        "Verzekering van het archief",
        "O",
        "herstellend",
        ("continuiteit",),
        ("continuiteit",),
        "geimplementeerd",
        None,
        4500,
    ),
    (
        "Archiefstukken hoger plaatsen en waterdetectie",
        "B",
        "preventief",
        ("detecteren", "tegenhouden"),
        ("continuiteit",),
        "voorgesteld",
        7000,
        None,
    ),
    (
        "Noodstroomaggregaat met maandelijkse test",
        "E",
        "herstellend",
        ("continuiteit",),
        ("continuiteit",),
        "getoetst",
        40000,
        3000,
    ),
    (
        "Continuïteitsplan verkiezingen",
        "O",
        "herstellend",
        ("continuiteit",),
        ("continuiteit",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Afspraken met de leverancier over herstel (SLA)",
        "O",
        "herstellend",
        ("continuiteit",),
        ("continuiteit", "informatiebeveiliging"),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Hekwerk en verlichting rond de gemeentewerf",
        "B",
        "preventief",
        ("ontmoedigen", "tegenhouden"),
        ("fysieke_beveiliging",),
        "geimplementeerd",
        25000,
        1200,
    ),
    (
        "Camera's op de gemeentewerf",
        "E",
        "repressief",
        ("detecteren",),
        ("fysieke_beveiliging",),
        "gepland",
        12000,
        1500,
    ),
    (
        "Afgesloten stalling voor de strooiwagens",
        "B",
        "preventief",
        ("tegenhouden", "vertragen"),
        ("fysieke_beveiliging", "continuiteit"),
        "geimplementeerd",
        18000,
        None,
    ),
    (
        "Vervangingsrooster bij uitval van medewerkers",
        "O",
        "herstellend",
        ("continuiteit",),
        ("continuiteit",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Nooddeur van de archiefkelder altijd vrij",
        "B",
        "herstellend",
        ("continuiteit",),
        ("fysieke_beveiliging",),
        "geimplementeerd",
        None,
        None,
    ),
    (
        "Archiefkelder op slot met sleutelbeheer",
        "B",
        "preventief",
        ("tegenhouden",),
        ("fysieke_beveiliging", "informatiebeveiliging"),
        "geimplementeerd",
        2000,
        None,
    ),
)

# Which measures (by title) serve which risks (by title); the rest of the links follow by theme.
KOPPELINGEN: dict[str, tuple[str, ...]] = {
    "Inbraak in het stadhuis buiten kantoortijd": (
        "Inbraakalarm met doormelding naar de meldkamer",
        "Camerabewaking van de ingangen",
        "Beveiligingsdienst met alarmopvolging",
        "Inbraakwerend hang- en sluitwerk (SKG**)",
        "Toegangsbeleid met persoonlijke passen",
    ),
    "Agressie van een bezoeker aan de balie": (
        "Balie met hoge balierand en vluchtweg",
        "Alarmknop aan de balie",
        "Tweede alarmknop in de spreekkamers",
        "Huisregels en gedragscode voor bezoekers",
        "Opvang en nazorg na een incident",
    ),
    "Bedreiging van de burgemeester via sociale media": (
        "Monitoring van bedreigingen online",
        "Afspraken met de politie over aangifte en opvolging",
    ),
    "Diefstal van materieel op de gemeentewerf": (
        "Hekwerk en verlichting rond de gemeentewerf",
        "Camera's op de gemeentewerf",
    ),
    "Brand in het archief": (
        "Branddetectie met doormelding",
        "Blusinstallatie in het archief",
        "Brandwerende archiefruimte",
        "Verzekering van het archief",
        "Nooddeur van de archiefkelder altijd vrij",
        "Archiefkelder op slot met sleutelbeheer",
    ),
    "Ransomware legt de ICT-omgeving plat": (
        "Back-ups buiten het netwerk (offline)",
        "Tweefactorauthenticatie voor alle accounts",
        "Security operations center (SOC)",
        "Incidentresponsplan ICT",
        "Segmentatie van het netwerk",
    ),
}


def load_demo_risicos(by: Membership, bestuurder: Membership) -> None:
    """Zuiderveen's register, made by its coördinator; the acceptances recorded by the bestuurder."""
    rnd = random.Random(2027)
    services.start_register(by=by)
    gemeente_id = by.gemeente_id
    middelen = {
        naam: services.add_bedrijfsmiddel(
            by=by,
            naam=naam,
            soort=soort,
            locatie=locatie,
            scope=scope,
            vertrouwelijkheid=cia[0],
            integriteit=cia[1],
            beschikbaarheid=cia[2],
            themas=list(themas),
            eigenaar="Facilitaire zaken" if soort in ("gebouw", "locatie", "terrein", "installatie") else "",
        )
        for naam, soort, locatie, scope, cia, themas in BEDRIJFSMIDDELEN
    }
    dreigingen = {d.sleutel: d for d in Dreiging.objects.filter(gemeente_id=gemeente_id)}
    risicos = {}
    for titel, dreiging, assets, themas, bruto, netto, behandeling in RISICOS:
        risicos[titel] = _risk(
            by, titel, dreigingen[dreiging], [middelen[a] for a in assets], themas, bruto, netto, behandeling
        )
    # More scenarios of the same kinds, per location: the register of a gemeente that keeps it up.
    for n, (asset, dreiging) in enumerate(
        [
            (a, d)
            for a in ("Stadhuis", "Raadzaal", "Gemeentewerf", "ICT-omgeving")
            for d in ("diefstal", "sabotage", "technisch_falen", "menselijke_fout")
        ]
    ):
        titel = f"{dreigingen[dreiging].naam} — {asset.lower() if asset != 'ICT-omgeving' else asset}"
        bruto = (rnd.randint(1, 4), rnd.randint(2, 5))
        netto = (max(1, bruto[0] - 1), bruto[1]) if n % 3 else None
        risicos[titel] = _risk(
            by, titel, dreigingen[dreiging], [middelen[asset]], middelen[asset].themas, bruto, netto, "verminderen"
        )
    maatregelen = {}
    for titel, soort, functie, schakels, themas, status, eenmalig, jaarlijks in MAATREGELEN:
        maatregelen[titel] = services.add_maatregel(
            by=by,
            titel=titel,
            soort=soort,
            functie=functie,
            schakels=list(schakels),
            themas=list(themas),
            status=status,
            eigenaar=by,
            kosten_eenmalig=eenmalig,
            kosten_jaarlijks=jaarlijks,
            gerealiseerd_op=timezone.localdate() - datetime.timedelta(days=200)
            if status in ("geimplementeerd", "getoetst")
            else None,
        )
    # Site measures: access, inspection, keys and a calamity card per asset, so every location has its own.
    for naam, middel in middelen.items():
        for titel, soort, schakels in (
            (f"Toegangsregeling {naam.lower()}", "O", ("afschermen",)),
            (f"Periodieke schouw {naam.lower()}", "O", ("detecteren",)),
            (f"Sleutel- en pasbeheer {naam.lower()}", "O", ("tegenhouden",)),
            (f"Calamiteitenkaart {naam.lower()}", "O", ("continuiteit",)),
        ):
            maatregelen[titel] = services.add_maatregel(
                by=by,
                titel=titel,
                soort=soort,
                functie="preventief",
                schakels=list(schakels),
                themas=list(middel.themas),
                status="geimplementeerd" if len(maatregelen) % 4 else "gepland",
            )
    _link(by, risicos, maatregelen, middelen)
    _checks_and_conflicts(by, maatregelen)
    _kader_links(by, maatregelen)
    _acceptances_and_reviews(by, bestuurder, risicos)


def _risk(
    by: Membership,
    titel: str,
    dreiging: Dreiging,
    middelen: list[Bedrijfsmiddel],
    themas: Any,
    bruto: tuple[int, int],
    netto: tuple[int, int] | None,
    behandeling: str,
) -> Risico:
    return services.add_risico(
        by=by,
        titel=titel,
        scenario=f"{dreiging.naam}: {dreiging.omschrijving[0].lower()}{dreiging.omschrijving[1:]} Getroffen: "
        + ", ".join(m.naam for m in middelen)
        + ".",
        dreiging=dreiging,
        themas=list(themas),
        bruto_kans=bruto[0],
        bruto_impact=bruto[1],
        netto_kans=netto[0] if netto else None,
        netto_impact=netto[1] if netto else None,
        behandeling=behandeling,
        eigenaar=by,
        bedrijfsmiddelen=middelen,
    )


def _link(
    by: Membership, risicos: dict[str, Risico], maatregelen: dict[str, Maatregel], middelen: dict[str, Bedrijfsmiddel]
) -> None:
    """The chosen links, then each remaining risk to the site measures of its assets and one theme measure."""
    per_maatregel: dict[str, set[Any]] = {titel: set() for titel in maatregelen}
    for risico_titel, titels in KOPPELINGEN.items():
        for titel in titels:
            per_maatregel[titel].add(risicos[risico_titel].pk)
    for risico in risicos.values():
        if risico.titel in KOPPELINGEN:
            continue
        assets = [m.naam for m in Bedrijfsmiddel.objects.filter(risico_links__risico=risico)]
        for naam in assets:
            per_maatregel[f"Toegangsregeling {naam.lower()}"].add(risico.pk)
            per_maatregel[f"Periodieke schouw {naam.lower()}"].add(risico.pk)
        theme_measures = [
            t
            for t, m in maatregelen.items()
            if set(m.themas) & set(risico.themas) and t in dict.fromkeys(x[0] for x in MAATREGELEN)
        ]
        if theme_measures:
            per_maatregel[theme_measures[len(risico.titel) % len(theme_measures)]].add(risico.pk)
    for titel, pks in per_maatregel.items():
        if pks:
            maatregel = maatregelen[titel]
            services.edit_maatregel(by=by, maatregel=maatregel, expected_version=maatregel.version, risicos=list(pks))


def _checks_and_conflicts(by: Membership, maatregelen: dict[str, Maatregel]) -> None:
    today = timezone.localdate()
    for titel, resultaat, days in (
        ("Alarmknop aan de balie", "effectief", 60),
        ("Back-ups buiten het netwerk (offline)", "effectief", 30),
        ("Noodstroomaggregaat met maandelijkse test", "effectief", 10),
        ("Camerabewaking van de ingangen", "niet", 20),
        ("Tweefactorauthenticatie voor alle accounts", "deels", 45),
    ):
        maatregel = Maatregel.objects.get(pk=maatregelen[titel].pk)
        services.add_toets(
            by=by,
            maatregel=maatregel,
            datum=today - datetime.timedelta(days=days),
            door="Coördinator beveiliging",
            resultaat=resultaat,
            notitie="Jaarlijkse toets."
            if resultaat == "effectief"
            else "Beelden onbruikbaar bij donker."
            if resultaat == "niet"
            else "Nog niet voor alle externe accounts.",
        )
    services.mark_conflict(
        by=by,
        maatregel=maatregelen["Nooddeur van de archiefkelder altijd vrij"],
        andere=maatregelen["Archiefkelder op slot met sleutelbeheer"],
        toelichting="De vluchtweg moet altijd open kunnen; een slot op dezelfde deur houdt bij brand mensen binnen. Kies een deur met panieksluiting.",
    )


def _kader_links(by: Membership, maatregelen: dict[str, Maatregel]) -> None:
    versie = KaderVersie.objects.filter(gemeente_id=by.gemeente_id, status="vastgesteld").first()
    if versie is None:
        return
    doelen = {d.sleutel: d for d in Doel.objects.filter(versie=versie, sleutel__isnull=False)}
    for titel, keys in (
        ("Camerabewaking van de ingangen", ("ontmoedigen", "detecteren")),
        ("Beveiligingsdienst met alarmopvolging", ("interveniëren",)),
        ("Inbraakwerend hang- en sluitwerk (SKG**)", ("tegenhouden", "vertragen")),
        ("Back-ups buiten het netwerk (offline)", ("continuiteit",)),
        ("Versleuteling van laptops", ("informatie",)),
        ("Training omgaan met agressie", ("beschermen",)),
    ):
        found = [doelen[k] for k in keys if k in doelen]
        if found:
            services.link_kader(by=by, maatregel=maatregelen[titel], doelen=found)


def _acceptances_and_reviews(by: Membership, bestuurder: Membership, risicos: dict[str, Risico]) -> None:
    today = timezone.localdate()
    for titel, geldig_tot, op in (
        ("Vandalisme aan de gevel en ramen", today + datetime.timedelta(days=21), today - datetime.timedelta(days=340)),
        (
            "E-mail met persoonsgegevens aan de verkeerde ontvanger",
            today + datetime.timedelta(days=200),
            today - datetime.timedelta(days=100),
        ),
        ("Storm beschadigt de gemeentewerf", today - datetime.timedelta(days=15), today - datetime.timedelta(days=380)),
    ):
        services.accept(
            by=bestuurder,
            risico=Risico.objects.get(pk=risicos[titel].pk),
            geaccepteerd_door="College van burgemeester en wethouders",
            geaccepteerd_op=op,
            geldig_tot=geldig_tot,
            motivering="Het restrisico blijft binnen de risicobereidheid; verdere maatregelen kosten meer dan ze opleveren.",
        )
    # Reviews that were due in the past: the register has been kept for a while.
    with pghistory.context(action="demo.dates"):
        for titel, days in (
            ("Diefstal van laptops uit werkplekken", 30),
            ("Omkoping van een handhaver", 75),
            ("Uitval van het zaaksysteem bij de leverancier", 5),
        ):
            Risico.objects.filter(pk=risicos[titel].pk).update(volgende_review=today - datetime.timedelta(days=days))
