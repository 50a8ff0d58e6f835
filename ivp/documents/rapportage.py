"""The "Voortgangsrapportage veiligheidsplan" for college and raad, as Word and as PDF/A.

:func:`document_context` reports on a plan and one year's programme (the latest unless another
year is asked for): a short summary with the counts first, then per theme each SMART goal's latest
measurement against its target with the judgement of :mod:`ivp.monitoring`, and the actions of
the year that are done, running, overdue or stalled, with their evaluation notes. Documented in
:data:`PLACEHOLDERS`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from documents import pdf
from documents.data import Placeholder, text
from documents.models import Documentsoort
from documents.word import WordTemplates
from ivp.choices import CLOSED_ACTION_STATUSES, ActieStatus, Niveau, PlanStatus, ProgrammaStatus
from ivp.models import Actie, Doelstelling, Indicator, Meting, Plan, Prioritering, Programma, Thema, Veld
from ivp.monitoring import GoalStatus, judge, latest_by_indicator
from ivp.querysets import STALLED_AFTER, stalled_before

from .common import (
    PLAN_PLACEHOLDERS,
    actie_placeholders,
    actie_row,
    date,
    goal_placeholders,
    goal_row,
    niveau_label,
    plan_meta,
    tier_order,
)

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "document_templates" / "voortgangsrapportage.docx"
TITEL = "Voortgangsrapportage veiligheidsplan"
GROUPS = {
    "afgerond": "de acties die zijn afgerond",
    "lopend": "de acties die lopen en op tijd zijn",
    "te_laat": "de open acties waarvan de einddatum voorbij is",
    "stil": "de lopende acties waarvan de voortgang al drie maanden niet is bijgewerkt",
}
ACTIE_FIELDS = (
    "actiepunt",
    "thema",
    "organisatie",
    "eigenaar",
    "eind",
    "status",
    "voortgang",
    "bijgewerkt_op",
    "evaluatie",
)


_ACTIE_MEANING = {p.naam.rsplit(".", 1)[1]: p.betekenis for p in actie_placeholders("actie")}


def _actie_placeholders(group: str, meaning: str) -> tuple[Placeholder, ...]:
    prefix = f"acties.{group}[]"
    fields = [Placeholder(f"{prefix}.{name}", _ACTIE_MEANING[name]) for name in ACTIE_FIELDS]
    fields[-1] = Placeholder(fields[-1].naam, fields[-1].betekenis.rstrip(";") + ".")
    return (Placeholder(prefix, f"{meaning[:1].upper()}{meaning[1:]}; per actie:"), *fields)


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", "De titel van het document: ‘Voortgangsrapportage veiligheidsplan’."),
    Placeholder("gemeente", "De naam van de gemeente."),
    Placeholder("datum", "De datum waarop de rapportage is gemaakt: de peildatum."),
    *PLAN_PLACEHOLDERS,
    Placeholder("jaar", "Het jaar van het uitvoeringsprogramma waarover de rapportage gaat, of leeg als er geen is."),
    Placeholder("programma_status", "De status van dat programma, of leeg."),
    Placeholder("samenvatting.tekst", "Een korte samenvatting in zinnen van de aantallen hieronder."),
    Placeholder("samenvatting.doelen", "Het aantal doelen van het plan."),
    Placeholder("samenvatting.bereikt", "Het aantal doelen dat is bereikt."),
    Placeholder("samenvatting.op_koers", "Het aantal doelen dat op koers is (nog niet bereikt)."),
    Placeholder("samenvatting.niet_op_koers", "Het aantal doelen dat niet op koers is."),
    Placeholder(
        "samenvatting.niet_te_beoordelen", "Het aantal doelen dat nog niet te beoordelen is of nog geen meting heeft."
    ),
    Placeholder("samenvatting.acties", "Het aantal acties in het programma van het jaar."),
    Placeholder("samenvatting.afgerond", "Het aantal afgeronde acties."),
    Placeholder("samenvatting.lopend", "Het aantal lopende acties die op tijd zijn en niet stilstaan."),
    Placeholder("samenvatting.te_laat", "Het aantal open acties waarvan de einddatum voorbij is."),
    Placeholder("samenvatting.stil", "Het aantal lopende acties die al drie maanden niet zijn bijgewerkt."),
    Placeholder(
        "samenvatting.gepland", "Het aantal acties dat nog niet is begonnen of is uitgesteld (en niet te laat)."
    ),
    Placeholder("samenvatting.gestopt", "Het aantal gestopte acties."),
    Placeholder("themas[]", "De doelen per thema, de prioriteiten eerst; per thema:"),
    Placeholder("themas[].thema", "het thema met zijn code;"),
    Placeholder("themas[].niveau", "het niveau van het thema, of leeg;"),
    Placeholder("themas[].doelen[]", "de doelen van het thema; per doel:"),
    *goal_placeholders("themas[].doelen[]"),
    *(p for group, meaning in GROUPS.items() for p in _actie_placeholders(group, meaning)),
)


def programma_for(plan: Plan, jaar: str | None) -> Programma | None:
    """The plan's programme of ``jaar``, or its latest when no year is asked for (one query).

    None when the plan has no programme yet; LookupError when the year asked for has none.
    """
    programmas = {p.jaar: p for p in Programma.objects.filter(plan=plan)}
    if jaar in (None, ""):
        return programmas[max(programmas)] if programmas else None
    try:
        return programmas[int(str(jaar))]
    except (ValueError, KeyError):
        raise LookupError(jaar) from None


def _group(actie: Actie, today: datetime.date, now: datetime.datetime) -> str:
    if actie.status == ActieStatus.AFGEROND:
        return "afgerond"
    if actie.status == ActieStatus.GESTOPT:
        return "gestopt"
    if actie.status not in CLOSED_ACTION_STATUSES and actie.eind and actie.eind < today:
        return "te_laat"
    if actie.status == ActieStatus.LOPEND:
        updated = actie.voortgang_op or actie.created_at
        return "stil" if updated is not None and updated < stalled_before(now) else "lopend"
    return "gepland"


def _summary(doelen: list[GoalStatus], groups: dict[str, list[Actie]], jaar: int | None) -> dict[str, Any]:
    counts = {
        "doelen": len(doelen),
        "bereikt": sum(1 for s in doelen if s.bereikt),
        "op_koers": sum(1 for s in doelen if s.op_koers and not s.bereikt),
        "niet_op_koers": sum(1 for s in doelen if s.op_koers is False),
        "niet_te_beoordelen": sum(1 for s in doelen if s.op_koers is None),
    }
    acties = {group: len(rows) for group, rows in groups.items()}
    sentences = [
        f"Het plan heeft {counts['doelen']} {'doel' if counts['doelen'] == 1 else 'doelen'}: "
        f"{counts['bereikt']} bereikt, {counts['op_koers']} op koers, {counts['niet_op_koers']} niet op koers "
        f"en {counts['niet_te_beoordelen']} nog niet te beoordelen."
    ]
    if jaar is None:
        sentences.append("Er is nog geen uitvoeringsprogramma.")
    else:
        total = sum(acties.values())
        sentences.append(
            f"Het uitvoeringsprogramma {jaar} heeft {total} {'actie' if total == 1 else 'acties'}: "
            f"{acties['afgerond']} afgerond, {acties['lopend']} lopend, {acties['te_laat']} te laat, "
            f"{acties['stil']} stilstaand, {acties['gepland']} nog niet begonnen en {acties['gestopt']} gestopt."
        )
    return {"tekst": " ".join(sentences), **counts, "acties": sum(acties.values()), **acties}


def _assemble(
    plan: Plan,
    gemeente: str,
    programma: Programma | None,
    rows: tuple[Mapping[Any, str | None], list[Doelstelling], Mapping[Any, Meting], list[Actie]],
    now: datetime.datetime,
) -> dict[str, Any]:
    niveau, doelen, latest, acties = rows
    today = timezone.localdate(now)
    themas: dict[Any, dict[str, Any]] = {}
    statuses = []
    for doel in sorted(
        doelen, key=lambda d: (tier_order(niveau.get(d.thema_id)), d.thema.veld.nummer, d.thema.volgorde, d.volgorde)
    ):
        doel.plan = plan  # the judgement reads the plan's period: no query per goal
        status = judge(doel, latest.get(doel.indicator_id), today=today)
        statuses.append(status)
        label = niveau_label(niveau.get(doel.thema_id))
        group = themas.setdefault(doel.thema_id, {"thema": text(doel.thema), "niveau": label, "doelen": []})
        group["doelen"].append(goal_row(doel, status))
    groups: dict[str, list[Actie]] = {name: [] for name in (*GROUPS, "gepland", "gestopt")}
    for actie in sorted(acties, key=lambda a: (a.thema.veld.nummer, a.thema.volgorde, a.actiepunt.lower())):
        groups[_group(actie, today, now)].append(actie)
    return {
        "titel": TITEL,
        "gemeente": text(gemeente),
        "datum": date(today),
        "plan": plan_meta(plan),
        "jaar": programma.jaar if programma else None,
        "programma_status": str(programma.get_status_display()) if programma else None,
        "samenvatting": _summary(statuses, groups, programma.jaar if programma else None),
        "themas": list(themas.values()),
        "acties": {
            group: [{name: row[name] for name in ACTIE_FIELDS} for row in map(actie_row, groups[group])]
            for group in GROUPS
        },
    }


def document_context(plan: Plan, programma: Programma | None) -> dict[str, Any]:
    """Everything the report shows, as plain data (3 or 4 queries whatever the plan's size).

    ``plan`` must come from ``visible_to`` with ``select_related("gemeente", "gebaseerd_op")``,
    ``programma`` from :func:`programma_for`.
    """
    niveau = dict(Prioritering.objects.filter(plan=plan).values_list("thema_id", "niveau"))
    doelen = list(Doelstelling.objects.filter(plan=plan).select_related("thema__veld", "indicator"))
    latest = latest_by_indicator(d.indicator_id for d in doelen)
    acties = (
        list(Actie.objects.filter(programma=programma).select_related("thema__veld", "organisatie", "doelstelling"))
        if programma
        else []
    )
    with translation.override("nl"):
        return _assemble(plan, plan.gemeente.name, programma, (niveau, doelen, latest, acties), timezone.now())


def sample_context() -> dict[str, Any]:
    """A complete made-up report with every list filled: what an uploaded template is tried on."""
    now = timezone.make_aware(datetime.datetime(2028, 10, 1, 12))
    plan = Plan(
        titel="Integraal veiligheidsplan",
        nummer=1,
        startjaar=2027,
        eindjaar=2030,
        status=PlanStatus.VASTGESTELD,
        vastgesteld_op=datetime.date(2026, 12, 17),
        vastgesteld_door="Gemeenteraad",
        besluitkenmerk="R-2026-118",
    )
    programma = Programma(plan=plan, jaar=2028, status=ProgrammaStatus.VASTGESTELD)
    thema = Thema(
        veld=Veld(nummer=1, naam="Veilige woon- en leefomgeving"), code="1.3", naam="Veelvoorkomende criminaliteit"
    )
    indicator = Indicator(thema=thema, naam="Woninginbraken", eenheid="per 1.000 inwoners")
    doel = Doelstelling(
        plan=plan,
        thema=thema,
        wat="Minder woninginbraken",
        indicator=indicator,
        nulmeting=Decimal(3),
        nulmeting_periode="2025",
        streefwaarde=Decimal(2),
        deadline=datetime.date(2030, 12, 31),
        eigenaar="Team Veiligheid",
    )
    meting = Meting(indicator=indicator, jaar=2027, waarde=Decimal("2.8"))
    long_ago = now - 2 * STALLED_AFTER
    acties = [
        Actie(
            programma=programma,
            thema=thema,
            actiepunt=f"Actie {status}",
            status=status,
            eigenaar="Team Veiligheid",
            eind=eind,
            voortgang=100 if status == ActieStatus.AFGEROND else 50,
            voortgang_op=updated,
            evaluatie="Voorbeeldtekst.",
            created_at=long_ago,
        )
        for status, eind, updated in (
            (ActieStatus.AFGEROND, datetime.date(2028, 6, 30), now),
            (ActieStatus.LOPEND, datetime.date(2028, 12, 31), now),
            (ActieStatus.LOPEND, datetime.date(2028, 3, 31), now),
            (ActieStatus.LOPEND, datetime.date(2028, 12, 31), long_ago),
        )
    ]
    rows = ({thema.pk: Niveau.PRIORITEIT}, [doel], {indicator.pk: meting}, acties)
    with translation.override("nl"):
        return _assemble(plan, "Gemeente Voorbeeld", programma, rows, now)


# --- rendering ------------------------------------------------------------------------------------------

WORD = WordTemplates(soort=Documentsoort.VOORTGANGSRAPPORTAGE, default_template=DEFAULT_TEMPLATE, sample=sample_context)


def render_docx(plan: Plan, programma: Programma | None, template_bytes: bytes | None = None) -> bytes:
    """The report as .docx, on ``template_bytes`` or the default template (documents.word)."""
    return WORD.render(document_context(plan, programma), template_bytes)


# The groups of actions in the PDF: what needs attention first.
PDF_GROUPS = (("te_laat", "Te laat"), ("stil", "Staan stil"), ("lopend", "Lopen op tijd"), ("afgerond", "Afgerond"))


def _pdf_html(plan: Plan, programma: Programma | None) -> tuple[str, list[dict[str, Any]]]:
    fonts = pdf.font_faces()
    doc = document_context(plan, programma)
    summary = doc["samenvatting"]
    context = {
        "doc": doc,
        "doel_regels": [
            ("Bereikt", summary["bereikt"]),
            ("Op koers", summary["op_koers"]),
            ("Niet op koers", summary["niet_op_koers"]),
            ("Nog niet te beoordelen", summary["niet_te_beoordelen"]),
        ],
        "actie_groepen": [{"titel": titel, "acties": doc["acties"][group]} for group, titel in PDF_GROUPS],
        "fonts": fonts,
    }
    return render_to_string("ivp/document/voortgangsrapportage.html", context), fonts


def layout_pdf(plan: Plan, programma: Programma | None) -> Any:
    """The report laid out on pages in this process (a WeasyPrint ``Document``), to inspect."""
    return pdf.layout(*_pdf_html(plan, programma))


def render_pdf(plan: Plan, programma: Programma | None) -> bytes:
    """The report as tagged PDF/A-2a."""
    return pdf.render_pdf(*_pdf_html(plan, programma))
