"""What the analysis pages show: prepared data for the templates, so the views stay thin.

Templates receive rows, charts and flags made here and never start a query of their own. Every
function names the queries it makes; their number does not depend on the amount of data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse

from lib.navigation import Crumb, breadcrumbs
from organisations.models import Membership

from . import charts, services
from .analysis import (
    IMPORT_PREFIX,
    Cijfer,
    Gebiedscijfer,
    Jaarreeks,
    Kerncijfer,
    doelen_per_indicator,
    inwonertallen,
    is_geimporteerd,
    jaarcijfers,
    kerncijfer,
    maandcijfers,
    per_1000,
    top_gebieden,
)
from .models import Doelstelling, Indicator, Meting, Misdrijfkoppeling, Thema, Veld

GEEN_INWONERTAL = "geen inwonertal"


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(
        ("Veiligheidsplan", reverse("ivp:overzicht")), ("Veiligheidsanalyse", reverse("ivp:analyse")), *items
    )


def may_edit(member: Membership, thema: Thema) -> bool:
    """Whether ``member`` may change the indicators and story of ``thema`` (the services decide again)."""
    return services.may_change_thema(member, thema)


def editable_themes(member: Membership) -> list[Thema]:
    """The shown themes whose indicators ``member`` may change (1 query)."""
    themas = Thema.objects.visible_to(member).shown().select_related("veld")
    return [t for t in themas if may_edit(member, t)]


def choosable_themes(member: Membership) -> list[Thema]:
    """Every theme of the gemeente, to map a police code to (1 query)."""
    return list(Thema.objects.visible_to(member).select_related("veld"))


def _code_key(koppeling: Misdrijfkoppeling) -> tuple[str, list[tuple[int, str]]]:
    """Codes in their natural order: 2.6.2 before 2.6.10, E33 before E35."""
    delen = re.split(r"[.]", koppeling.code)
    return koppeling.dimensie, [(int(d), "") if d.isdigit() else (-1, d) for d in delen]


def koppelingen(member: Membership) -> list[Misdrijfkoppeling]:
    """The police crime and overlast codes with their theme, in the order of the code lists (1 query)."""
    rijen = Misdrijfkoppeling.objects.visible_to(member).select_related("thema__veld")
    return sorted(rijen, key=_code_key)


def gemeente_naam(member: Membership) -> str:
    return member.gemeente.name.removeprefix("Gemeente ").strip() or "Gemeente"


# --- the overview -----------------------------------------------------------------------------


@dataclass
class ThemaBlok:
    thema: Thema
    regels: list[tuple[Indicator, Kerncijfer]] = field(default_factory=list)
    bewerkbaar: bool = False


@dataclass
class VeldBlok:
    veld: Veld
    themas: list[ThemaBlok] = field(default_factory=list)


def overview(member: Membership) -> list[VeldBlok]:
    """Per shown veld and theme its indicators with their key figures.

    4 queries: the shown themes with their veld, their indicators, the latest four years of every
    indicator (grouped per year in the database), the population per year.
    """
    themas = list(Thema.objects.visible_to(member).shown().select_related("veld"))
    indicatoren = list(
        Indicator.objects.visible_to(member)
        .filter(thema__verborgen=False, thema__veld__verborgen=False)
        .order_by("thema_id", "volgorde", "naam")
    )
    metingen = Meting.objects.visible_to(member).filter(
        indicator__thema__verborgen=False, indicator__thema__veld__verborgen=False
    )
    reeksen = jaarcijfers(metingen, indicatoren, laatste=4)
    inwoners = inwonertallen(member)
    per_thema: dict[Any, list[tuple[Indicator, Kerncijfer]]] = {}
    for indicator in indicatoren:
        kern = kerncijfer(indicator, reeksen.get(indicator.pk), inwoners)
        per_thema.setdefault(indicator.thema_id, []).append((indicator, kern))
    velden: dict[Any, VeldBlok] = {}
    for thema in themas:
        blok = velden.setdefault(thema.veld_id, VeldBlok(thema.veld))
        blok.themas.append(ThemaBlok(thema, per_thema.get(thema.pk, []), may_edit(member, thema)))
    return list(velden.values())


# --- one theme ------------------------------------------------------------------------------


@dataclass
class Grafiek:
    """One indicator on the theme page: its chart, summary, table and the figures of its areas."""

    indicator: Indicator
    svg: str
    samenvatting: str
    kolommen: list[str]
    rijen: list[tuple[str, list[str]]]
    kern: Kerncijfer
    per_maand: bool
    heeft_maanden: bool
    lopend: Cijfer | None
    voorlopig: bool
    doel: Doelstelling | None
    gebieden: list[tuple[str, list[Gebiedscijfer]]]  # ("Wijken", top 10), ("Buurten", top 10)
    geimporteerd: bool


def _eenheid(indicator: Indicator) -> str:
    """The unit as a chart writes it after a number ("aantal" says nothing there)."""
    eenheid = indicator.eenheid.strip()
    return "" if eenheid.lower() == "aantal" else eenheid


def _reeksen(indicator: Indicator, cijfers: list[Cijfer], naam: str) -> list[charts.Reeks]:
    reeksen = [charts.Reeks(naam, [charts.Punt(c.label, c.waarde) for c in cijfers])]
    if any(c.referentie is not None for c in cijfers):
        punten = [charts.Punt(c.label, c.referentie) for c in cijfers]
        reeksen.append(charts.Reeks(indicator.referentie_naam or "Referentie", punten, referentie=True))
    return reeksen


def _tabel(
    indicator: Indicator, reeksen: list[charts.Reeks], cijfers: list[Cijfer], inwoners: dict[int, int]
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The table alternative (charts.tabel_rijen), with figures per 1,000 inwoners where asked for."""
    kolommen = [r.naam for r in reeksen]
    rijen = [(rij.periode, rij.waarden) for rij in charts.tabel_rijen(reeksen)]
    if not indicator.per_1000:
        return kolommen, rijen
    per_label: dict[str, Decimal | None] = {c.label: per_1000(c.waarde, inwoners.get(c.jaar)) for c in cijfers}
    extra = [(periode, [*waarden, _getal(per_label.get(periode))]) for periode, waarden in rijen]
    return [*kolommen, "Per 1.000 inwoners"], extra


def _getal(waarde: Decimal | None) -> str:
    return GEEN_INWONERTAL if waarde is None else charts.getal(waarde)


def grafiek(
    indicator: Indicator,
    *,
    reeks: Jaarreeks | None,
    maanden: list[Cijfer],
    per_maand: bool,
    inwoners: dict[int, int],
    doel: Doelstelling | None,
    naam: str,
) -> dict[str, Any]:
    """The chart, summary and table of one indicator: per year, or per month of the last two years."""
    alle_jaren = reeks.cijfers if reeks else []
    jaren = [c for c in alle_jaren if not c.lopend]
    per_maand = per_maand and bool(maanden)
    cijfers = maanden if per_maand else jaren
    reeksen = _reeksen(indicator, cijfers, naam)
    streefwaarde = doel.streefwaarde if doel is not None and not per_maand else None
    args: dict[str, Any] = {
        "titel": indicator.naam,
        "eenheid": _eenheid(indicator),
        "reeksen": reeksen,
        "lager_is_beter": indicator.lager_is_beter,
        "streefwaarde": streefwaarde,
    }
    kolommen, rijen = _tabel(indicator, reeksen, cijfers, inwoners)
    return {
        "svg": charts.trend_svg(**args, id_prefix=f"grafiek-{indicator.pk}"),
        "samenvatting": charts.samenvatting(**args),
        "kolommen": kolommen,
        "rijen": rijen,
        "per_maand": per_maand,
        "heeft_maanden": bool(reeks and reeks.heeft_maanden),
        "lopend": next((c for c in reversed(alle_jaren) if c.lopend), None),
        "voorlopig": any(c.voorlopig for c in cijfers),
        "doel": doel if streefwaarde is not None else None,
    }


def _gebieden(per_soort: dict[str, list[Gebiedscijfer]]) -> list[tuple[str, list[Gebiedscijfer]]]:
    titels = {"Wijk": "Wijken", "Buurt": "Buurten"}
    return [(titels.get(soort, soort), rijen) for soort, rijen in per_soort.items() if rijen]


def thema_page(member: Membership, thema: Thema, *, per_maand: bool) -> dict[str, Any]:
    """Every indicator of ``thema`` with its chart, table, key figures and areas.

    5 queries (6 per month): the indicators, their yearly figures (grouped in the database), with
    ``per_maand`` the last 24 months of each, the population per year, the goals measuring with them,
    and the top wijken and buurten of the imported indicators in their latest year.
    """
    indicatoren = list(Indicator.objects.visible_to(member).filter(thema=thema).order_by("volgorde", "naam"))
    metingen = Meting.objects.visible_to(member).filter(indicator__thema=thema)
    reeksen = jaarcijfers(metingen, indicatoren)
    maanden = maandcijfers(metingen) if per_maand else {}
    inwoners = inwonertallen(member)
    doelen = doelen_per_indicator(member, Q(indicator__thema=thema))
    gebieden = top_gebieden(metingen.filter(indicator__bronsleutel__startswith=IMPORT_PREFIX))
    naam = gemeente_naam(member)
    grafieken = []
    for indicator in indicatoren:
        reeks = reeksen.get(indicator.pk)
        onderdelen = grafiek(
            indicator,
            reeks=reeks,
            maanden=maanden.get(indicator.pk, []),
            per_maand=per_maand,
            inwoners=inwoners,
            doel=doelen.get(indicator.pk),
            naam=naam,
        )
        grafieken.append(
            Grafiek(
                indicator=indicator,
                kern=kerncijfer(indicator, reeks, inwoners),
                gebieden=_gebieden(gebieden.get(indicator.pk, {})),
                geimporteerd=is_geimporteerd(indicator),
                **onderdelen,
            )
        )
    return {
        "grafieken": grafieken,
        "heeft_maanden": any(g.heeft_maanden for g in grafieken),
        "per_maand": per_maand,
    }
