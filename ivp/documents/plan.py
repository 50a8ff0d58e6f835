"""The document "Integraal veiligheidsplan" of one plan version, as Word and as PDF/A.

:func:`document_context` gathers what the document shows as plain data, documented in
:data:`PLACEHOLDERS`: the plan's heading and decision, its chapters, the evaluation of the
previous period, the analysis of every priority theme (the story behind the numbers and the
latest figures of its indicators), the themes in the three tiers with their scores and
justification, and the SMART goals per theme. The PDF adds, for every indicator of a priority
theme, its trend chart as inline SVG with the table alternative, and ends with the infographic
(:mod:`ivp.infographic_data`) on a page of its own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from documents import pdf
from documents.data import Placeholder, text
from documents.models import Documentsoort
from documents.word import WordTemplates
from ivp.charts import Punt, Reeks, samenvatting, tabel_rijen, trend_svg
from ivp.choices import Niveau, PlanStatus, Soort
from ivp.infographic import infographic_svg
from ivp.infographic_data import infographic_of
from ivp.models import Doelstelling, Indicator, Meting, Plan, Prioritering, Thema, Veld
from ivp.monitoring import judge, latest_by_indicator

from .common import (
    NIVEAU_UITLEG,
    PLAN_PLACEHOLDERS,
    date,
    goal_placeholders,
    goal_row,
    niveau_label,
    number,
    plan_meta,
    tier_order,
)

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "document_templates" / "ivp.docx"
CRITERIA_LABELS = {
    "omvang": "omvang",
    "ernst": "ernst",
    "trend": "trend",
    "beleving": "beleving",
    "invloed": "beïnvloedbaarheid",
}

PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", "De titel van het document: de titel van het plan, bijvoorbeeld ‘Integraal veiligheidsplan’."),
    Placeholder("gemeente", "De naam van de gemeente."),
    Placeholder("datum", "De datum waarop het document is gemaakt, bijvoorbeeld ‘3 maart 2027’."),
    *PLAN_PLACEHOLDERS,
    Placeholder("hoofdstukken.afbakening", "Afbakening en leeswijzer: waarover het plan gaat en voor wie, of leeg."),
    Placeholder("hoofdstukken.visie", "Visie en ambitie, of leeg."),
    Placeholder("hoofdstukken.evaluatie_vorige", "De evaluatie van de vorige periode, of leeg."),
    Placeholder("hoofdstukken.organisatie", "Organisatie en regie, of leeg."),
    Placeholder("hoofdstukken.budget", "Middelen en budget, of leeg."),
    Placeholder("hoofdstukken.evaluatieaanpak", "Hoe de gemeente monitort en evalueert, of leeg."),
    Placeholder("evaluatie_invoer[]", "De resultaten van de doelen van het vorige plan; per doel:"),
    Placeholder("evaluatie_invoer[].thema", "het thema;"),
    Placeholder("evaluatie_invoer[].wat", "wat het doel wilde bereiken;"),
    Placeholder("evaluatie_invoer[].indicator", "de indicator, of leeg;"),
    Placeholder("evaluatie_invoer[].nulmeting", "de nulmeting met eenheid, of leeg;"),
    Placeholder("evaluatie_invoer[].streefwaarde", "de streefwaarde met eenheid, of leeg;"),
    Placeholder("evaluatie_invoer[].laatste", "de laatste meting met eenheid, of leeg;"),
    Placeholder("evaluatie_invoer[].laatste_periode", "de periode van die meting, of leeg;"),
    Placeholder("evaluatie_invoer[].oordeel", "het oordeel, bijvoorbeeld ‘Bereikt’ of ‘Niet op koers’."),
    Placeholder("analyse[]", "De veiligheidsanalyse van elk thema met prioriteit; per thema:"),
    Placeholder("analyse[].thema", "het thema met zijn code, bijvoorbeeld ‘1.3 Veelvoorkomende criminaliteit’;"),
    Placeholder("analyse[].veld", "het veiligheidsveld van het thema;"),
    Placeholder("analyse[].verhaal", "het verhaal achter de cijfers, of leeg;"),
    Placeholder("analyse[].indicatoren[]", "de indicatoren van het thema; per indicator:"),
    Placeholder("analyse[].indicatoren[].naam", "de naam van de indicator;"),
    Placeholder("analyse[].indicatoren[].soort", "‘Objectief (registraties)’ of ‘Subjectief (beleving)’;"),
    Placeholder("analyse[].indicatoren[].bron", "de bron van de cijfers, of leeg;"),
    Placeholder("analyse[].indicatoren[].eenheid", "de eenheid, bijvoorbeeld ‘%’;"),
    Placeholder("analyse[].indicatoren[].laatste", "het laatste cijfer van de hele gemeente met eenheid, of leeg;"),
    Placeholder("analyse[].indicatoren[].laatste_periode", "de periode van dat cijfer, of leeg;"),
    Placeholder("analyse[].indicatoren[].referentie", "het cijfer om mee te vergelijken in die periode, of leeg;"),
    Placeholder(
        "analyse[].indicatoren[].referentie_naam", "waarmee wordt vergeleken, bijvoorbeeld ‘Nederland’, of leeg."
    ),
    Placeholder(
        "weging", "De gewichten van de criteria van de prioriteitsscore, bijvoorbeeld ‘omvang ×1, ernst ×2, …’."
    ),
    Placeholder("prioriteiten[]", "De drie niveaus: Prioriteit, Overig strategisch thema, Beheersniveau; per niveau:"),
    Placeholder("prioriteiten[].niveau", "de naam van het niveau;"),
    Placeholder("prioriteiten[].uitleg", "wat het niveau betekent;"),
    Placeholder("prioriteiten[].themas[]", "de thema's op dat niveau; per thema:"),
    Placeholder("prioriteiten[].themas[].thema", "het thema met zijn code;"),
    Placeholder("prioriteiten[].themas[].veld", "het veiligheidsveld;"),
    Placeholder("prioriteiten[].themas[].score", "de gewogen score van 1 tot 5, of leeg als er niets is gescoord;"),
    Placeholder("prioriteiten[].themas[].omvang", "de score voor omvang (1–5), of leeg;"),
    Placeholder("prioriteiten[].themas[].ernst", "de score voor ernst (1–5), of leeg;"),
    Placeholder("prioriteiten[].themas[].trend", "de score voor trend (1–5), of leeg;"),
    Placeholder("prioriteiten[].themas[].beleving", "de score voor beleving (1–5), of leeg;"),
    Placeholder("prioriteiten[].themas[].invloed", "de score voor beïnvloedbaarheid (1–5), of leeg;"),
    Placeholder("prioriteiten[].themas[].onderbouwing", "waarom het thema op dit niveau staat, of leeg."),
    Placeholder("niet_ingedeeld[]", "De thema's die nog op geen niveau staan (hun namen)."),
    Placeholder("doelen[]", "De SMART-doelen per thema, de prioriteiten eerst; per thema:"),
    Placeholder("doelen[].thema", "het thema met zijn code;"),
    Placeholder("doelen[].niveau", "het niveau van het thema, of leeg;"),
    Placeholder("doelen[].doelen[]", "de doelen van het thema; per doel:"),
    *goal_placeholders("doelen[].doelen[]"),
)


@dataclass
class _Rows:
    """What one plan's document is made of: loaded (or made-up) model instances."""

    prioriteringen: list[Prioritering]
    doelen: list[Doelstelling]
    indicatoren: list[Indicator]  # of the priority themes
    latest: dict[Any, Meting]  # indicator id -> newest gemeente-wide figure
    series: dict[Any, list[Meting]] | None = None  # indicator id -> its figures, oldest first (PDF only)


def _indicator(indicator: Indicator, laatste: Meting | None) -> dict[str, Any]:
    return {
        "naam": text(indicator.naam),
        "soort": str(indicator.get_soort_display()),
        "bron": text(indicator.bron),
        "eenheid": text(indicator.eenheid),
        "laatste": number(laatste.waarde, indicator.eenheid) if laatste else None,
        "laatste_periode": laatste.periode if laatste else None,
        "referentie": number(laatste.referentiewaarde, indicator.eenheid) if laatste else None,
        "referentie_naam": text(indicator.referentie_naam),
    }


def chart(
    indicator: Indicator, metingen: list[Meting], *, gemeente: str, streefwaarde: Decimal | None, nr: int
) -> dict[str, Any]:
    """The trend of one indicator for the PDF: the SVG, its summary, and the table alternative.

    Yearly figures where there are any, otherwise the monthly ones (``2025-03``).
    """
    jaarlijks = [m for m in metingen if m.maand is None]
    rows = jaarlijks or metingen
    reeksen = [Reeks(gemeente, [Punt(m.periode, m.waarde) for m in rows])]
    if any(m.referentiewaarde is not None for m in rows):
        naam = indicator.referentie_naam or "Referentie"
        reeksen.append(Reeks(naam, [Punt(m.periode, m.referentiewaarde) for m in rows], referentie=True))
    summary = samenvatting(
        titel=indicator.naam,
        eenheid=indicator.eenheid,
        reeksen=reeksen,
        lager_is_beter=indicator.lager_is_beter,
        streefwaarde=streefwaarde,
    )
    svg = trend_svg(
        titel=indicator.naam,
        eenheid=indicator.eenheid,
        reeksen=reeksen,
        lager_is_beter=indicator.lager_is_beter,
        streefwaarde=streefwaarde,
        id_prefix=f"trend-{nr}",
    )
    return {
        "svg": svg,
        "samenvatting": summary,
        "kolommen": ["Periode", *(reeks.naam for reeks in reeksen)],
        "rijen": [[rij.periode, *rij.waarden] for rij in tabel_rijen(reeksen)],
    }


def _analyse(gemeente: str, rows: _Rows) -> list[dict[str, Any]]:
    per_thema: dict[Any, list[Indicator]] = defaultdict(list)
    for indicator in rows.indicatoren:
        per_thema[indicator.thema_id].append(indicator)
    targets = {d.indicator_id: d.streefwaarde for d in reversed(rows.doelen) if d.streefwaarde is not None}
    prioriteiten = [p for p in rows.prioriteringen if p.niveau == Niveau.PRIORITEIT]
    analyse = []
    nr = 0
    for p in sorted(prioriteiten, key=lambda p: (p.thema.veld.nummer, p.thema.volgorde, p.thema.naam)):
        indicatoren = []
        for indicator in per_thema.get(p.thema_id, []):
            item = _indicator(indicator, rows.latest.get(indicator.pk))
            if rows.series is not None and rows.series.get(indicator.pk):
                nr += 1
                target = targets.get(indicator.pk)
                item["grafiek"] = chart(
                    indicator, rows.series[indicator.pk], gemeente=gemeente, streefwaarde=target, nr=nr
                )
            indicatoren.append(item)
        analyse.append(
            {
                "thema": text(p.thema),
                "veld": text(p.thema.veld.naam),
                "verhaal": text(p.thema.verhaal),
                "indicatoren": indicatoren,
            }
        )
    return analyse


def _tiers(plan: Plan, rows: _Rows) -> tuple[list[dict[str, Any]], list[str]]:
    """The themes on each of the three levels, and the shown themes on none yet."""
    ordered = sorted(rows.prioriteringen, key=lambda p: (p.thema.veld.nummer, p.thema.volgorde, p.thema.naam))
    tiers = []
    for niveau in Niveau:
        themas = [
            {
                "thema": text(p.thema),
                "veld": text(p.thema.veld.naam),
                "score": number(p.score(plan.gewichten)),
                **{criterion: getattr(p, criterion) for criterion in Prioritering.CRITERIA},
                "onderbouwing": text(p.onderbouwing),
            }
            for p in ordered
            if p.niveau == niveau
        ]
        tiers.append({"niveau": str(niveau.label), "uitleg": NIVEAU_UITLEG[niveau], "themas": themas})
    shown = [p for p in ordered if not p.niveau and not p.thema.verborgen and not p.thema.veld.verborgen]
    return tiers, [str(text(p.thema)) for p in shown]


def _doelen(plan: Plan, rows: _Rows, today: datetime.date) -> list[dict[str, Any]]:
    niveau = {p.thema_id: p.niveau for p in rows.prioriteringen}
    groups: dict[Any, dict[str, Any]] = {}
    for doel in sorted(
        rows.doelen,
        key=lambda d: (tier_order(niveau.get(d.thema_id)), d.thema.veld.nummer, d.thema.volgorde, d.volgorde),
    ):
        doel.plan = plan  # the judgement reads the plan's period: no query per goal
        group = groups.setdefault(
            doel.thema_id,
            {
                "thema": text(doel.thema),
                "niveau": niveau_label(niveau.get(doel.thema_id)),
                "doelen": [],
            },
        )
        group["doelen"].append(goal_row(doel, judge(doel, rows.latest.get(doel.indicator_id), today=today)))
    return list(groups.values())


def _evaluatie_invoer(plan: Plan) -> list[dict[str, Any]]:
    """The frozen results of the previous plan's goals (``ivp.services.goal_results``)."""
    rows = plan.evaluatie_invoer if isinstance(plan.evaluatie_invoer, list) else []
    result = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        unit = str(row.get("eenheid") or "")
        result.append(
            {
                "thema": text(row.get("thema")),
                "wat": text(row.get("wat")),
                "indicator": text(row.get("indicator")),
                "nulmeting": number(row.get("nulmeting"), unit),
                "streefwaarde": number(row.get("streefwaarde"), unit),
                "laatste": number(row.get("laatste"), unit),
                "laatste_periode": text(row.get("laatste_periode")),
                "oordeel": text(row.get("oordeel")),
            }
        )
    return result


def _assemble(plan: Plan, gemeente: str, rows: _Rows, today: datetime.date) -> dict[str, Any]:
    tiers, niet_ingedeeld = _tiers(plan, rows)
    weging = ", ".join(f"{label} ×{plan.gewichten[criterion]}" for criterion, label in CRITERIA_LABELS.items())
    return {
        "titel": text(plan.titel) or "Integraal veiligheidsplan",
        "gemeente": text(gemeente),
        "datum": date(today),
        "plan": plan_meta(plan),
        "hoofdstukken": {
            name: text(getattr(plan, name))
            for name in ("afbakening", "visie", "evaluatie_vorige", "organisatie", "budget", "evaluatieaanpak")
        },
        "evaluatie_invoer": _evaluatie_invoer(plan),
        "analyse": _analyse(gemeente, rows),
        "weging": weging,
        "prioriteiten": tiers,
        "niet_ingedeeld": niet_ingedeeld,
        "doelen": _doelen(plan, rows, today),
    }


def _rows(plan: Plan, *, series: bool) -> _Rows:
    """One query per part (4, a fifth for the figures of the charts)."""
    prioriteit = {"thema__prioriteringen__plan": plan, "thema__prioriteringen__niveau": Niveau.PRIORITEIT}
    prioriteringen = list(Prioritering.objects.filter(plan=plan).select_related("thema__veld"))
    doelen = list(Doelstelling.objects.filter(plan=plan).select_related("thema__veld", "indicator"))
    indicatoren = list(Indicator.objects.filter(**prioriteit).order_by("volgorde", "naam"))
    latest = latest_by_indicator([*(i.pk for i in indicatoren), *(d.indicator_id for d in doelen)])
    rows = _Rows(prioriteringen, doelen, indicatoren, latest)
    if series:
        rows.series = defaultdict(list)
        figures = Meting.objects.filter(gebied="", **{f"indicator__{k}": v for k, v in prioriteit.items()})
        for meting in figures.order_by("indicator_id", "jaar", "maand"):
            rows.series[meting.indicator_id].append(meting)
    return rows


def document_context(plan: Plan) -> dict[str, Any]:
    """Everything the document shows, as plain data (4 or 5 queries whatever the plan's size).

    Runs inside the caller's tenancy binding; ``plan`` must come from ``visible_to`` with
    ``select_related("gemeente", "gebaseerd_op")``.
    """
    with translation.override("nl"):
        return _assemble(plan, plan.gemeente.name, _rows(plan, series=False), timezone.localdate())


def sample_context() -> dict[str, Any]:
    """A complete made-up plan with every list filled: what an uploaded template is tried on."""
    vorige = Plan(nummer=1, startjaar=2023, eindjaar=2026, status=PlanStatus.VERVALLEN)
    plan = Plan(
        nummer=2,
        titel="Integraal veiligheidsplan",
        startjaar=2027,
        eindjaar=2030,
        status=PlanStatus.VASTGESTELD,
        vastgesteld_op=datetime.date(2026, 12, 17),
        vastgesteld_door="Gemeenteraad",
        besluitkenmerk="R-2026-118",
        gebaseerd_op=vorige,
        **dict.fromkeys(
            ("afbakening", "visie", "evaluatie_vorige", "organisatie", "budget", "evaluatieaanpak"), "Voorbeeldtekst."
        ),
        evaluatie_invoer=[
            {
                "thema": "1.3 Veelvoorkomende criminaliteit",
                "wat": "Minder woninginbraken",
                "indicator": "Woninginbraken",
                "eenheid": "per 1.000 inwoners",
                "nulmeting": "3.6",
                "streefwaarde": "3",
                "laatste": "3.1",
                "laatste_periode": "2025",
                "oordeel": "Niet op koers",
            }
        ],
    )
    veld = Veld(nummer=1, naam="Veilige woon- en leefomgeving")
    themas = [
        Thema(veld=veld, code=f"1.{i}", naam=naam, verhaal="Het verhaal achter de cijfers.", volgorde=i)
        for i, naam in enumerate(
            ("Sociale kwaliteit", "Fysieke kwaliteit", "Veelvoorkomende criminaliteit", "Veiligheidsgevoel"), 1
        )
    ]
    niveaus = [Niveau.PRIORITEIT, Niveau.OVERIG_STRATEGISCH, Niveau.BEHEERSNIVEAU, None]
    prioriteringen = [
        Prioritering(
            plan=plan, thema=t, omvang=4, ernst=3, trend=4, beleving=5, invloed=3, niveau=n, onderbouwing="Omdat."
        )
        for t, n in zip(themas, niveaus, strict=True)
    ]
    indicator = Indicator(
        thema=themas[0],
        naam="Woninginbraken",
        soort=Soort.OBJECTIEF,
        eenheid="per 1.000 inwoners",
        bron="CBS",
        referentie_naam="Nederland",
    )
    doel = Doelstelling(
        plan=plan,
        thema=themas[0],
        wat="Minder woninginbraken",
        indicator=indicator,
        nulmeting=Decimal("3.4"),
        nulmeting_periode="2025",
        streefwaarde=Decimal("2.5"),
        deadline=datetime.date(2030, 12, 31),
        eigenaar="Team Veiligheid",
    )
    metingen = [
        Meting(indicator=indicator, jaar=jaar, waarde=Decimal(waarde), referentiewaarde=Decimal("2.9"))
        for jaar, waarde in ((2024, "3.4"), (2025, "3.1"))
    ]
    rows = _Rows(prioriteringen, [doel], [indicator], {indicator.pk: metingen[-1]})
    with translation.override("nl"):
        return _assemble(plan, "Gemeente Voorbeeld", rows, datetime.date(2027, 3, 3))


# --- rendering ------------------------------------------------------------------------------------------

WORD = WordTemplates(soort=Documentsoort.IVP, default_template=DEFAULT_TEMPLATE, sample=sample_context)


def render_docx(plan: Plan, template_bytes: bytes | None = None) -> bytes:
    """The plan as .docx, on ``template_bytes`` or the default template (documents.word)."""
    return WORD.render(document_context(plan), template_bytes)


def _pdf_html(plan: Plan) -> tuple[str, list[dict[str, Any]]]:
    fonts = pdf.font_faces()
    with translation.override("nl"):
        doc = _assemble(plan, plan.gemeente.name, _rows(plan, series=True), timezone.localdate())
        svg = infographic_svg(infographic_of(plan))
    html = render_to_string("ivp/document/ivp.html", {"doc": doc, "infographic": svg, "fonts": fonts})
    return html, fonts


def layout_pdf(plan: Plan) -> Any:
    """The plan laid out on pages in this process (a WeasyPrint ``Document``), to inspect."""
    return pdf.layout(*_pdf_html(plan))


def render_pdf(plan: Plan) -> bytes:
    """The plan as tagged PDF/A-2a, with the trend charts and the infographic as its last page."""
    return pdf.render_pdf(*_pdf_html(plan))
