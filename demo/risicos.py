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

from .risicos_data import BEDRIJFSMIDDELEN, KOPPELINGEN, MAATREGELEN, RISICOS


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
    _thema_links(by, risicos, maatregelen)
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


THEMA_LINKS = {
    "5.2": (["Ondermijning via een vergunningaanvraag"], []),
    "5.3": (
        ["Ransomware legt de ICT-omgeving plat", "Phishing leidt tot een overgenomen account"],
        ["Back-ups buiten het netwerk (offline)", "Tweefactorauthenticatie voor alle accounts"],
    ),
    "5.4": (["Agressie van een bezoeker aan de balie", "Bedreiging van de burgemeester via sociale media"], []),
    "5.5": (["Omkoping van een handhaver"], []),
}


def _thema_links(by: Membership, risicos: dict[str, Risico], maatregelen: dict[str, Maatregel]) -> None:
    """The themes of veld 5 of the veiligheidsplan point to the risks and measures they are about."""
    from ivp.models import Thema

    themas = {t.code: t for t in Thema.objects.filter(gemeente_id=by.gemeente_id, veld__nummer=5)}
    for code, (risico_titels, maatregel_titels) in THEMA_LINKS.items():
        if code not in themas:
            continue
        for titel in risico_titels:
            services.link_thema(by=by, obj=risicos[titel], thema=themas[code])
        for titel in maatregel_titels:
            services.link_thema(by=by, obj=maatregelen[titel], thema=themas[code])
