"""The document "Uitvoeringsprogramma" of one year, as Word and as PDF/A.

:func:`document_context` gathers the programme's heading, the plan it belongs to, and its actions
per veiligheidsveld and theme (activity, kind of measure, owner, organisation, lokaal or
bovenlokaal, period, budget, status and progress) with the budget per theme, per veld and in
total; documented in :data:`PLACEHOLDERS`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from documents import pdf
from documents.data import Placeholder, text
from documents.models import Documentsoort
from documents.word import WordTemplates
from ivp.choices import ActieStatus, ObeType, PlanStatus, ProgrammaStatus, Schaal
from ivp.models import Actie, Plan, Programma, Thema, Veld
from organisations.models import PartnerOrganisatie

from .common import actie_placeholders, actie_row, date, money

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "document_templates" / "uitvoeringsprogramma.docx"

PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", "De titel van het document, bijvoorbeeld ‘Uitvoeringsprogramma 2027’."),
    Placeholder("gemeente", "De naam van de gemeente."),
    Placeholder("datum", "De datum waarop het document is gemaakt, bijvoorbeeld ‘3 maart 2027’."),
    Placeholder("programma.jaar", "Het jaar van het programma."),
    Placeholder("programma.status", "‘Concept’ of ‘Vastgesteld door het college’."),
    Placeholder("programma.is_concept", "Waar (true) als het programma nog een concept is."),
    Placeholder("programma.vastgesteld_op", "De datum waarop het college het programma vaststelde, of leeg."),
    Placeholder("programma.toelichting", "De toelichting op het programma, of leeg."),
    Placeholder("programma.gebaseerd_op", "Het jaar van het programma waarop dit programma voortbouwt, of leeg."),
    Placeholder("plan.titel", "De titel van het veiligheidsplan waaronder het programma valt."),
    Placeholder("plan.periode", "De looptijd van dat plan, bijvoorbeeld ‘2027–2030’."),
    Placeholder("plan.nummer", "Het versienummer van dat plan."),
    Placeholder("plan.status", "De status van dat plan in woorden."),
    Placeholder("velden[]", "De acties per veiligheidsveld; per veld:"),
    Placeholder("velden[].veld", "de naam van het veld;"),
    Placeholder("velden[].aantal", "het aantal acties in dit veld;"),
    Placeholder("velden[].budget", "het budget van die acties samen, bijvoorbeeld ‘€ 45.000’;"),
    Placeholder("velden[].themas[]", "de thema's van het veld met acties; per thema:"),
    Placeholder("velden[].themas[].thema", "het thema met zijn code;"),
    Placeholder("velden[].themas[].budget", "het budget van de acties van dit thema samen;"),
    Placeholder("velden[].themas[].acties[]", "de acties van het thema; per actie:"),
    *actie_placeholders("velden[].themas[].acties[]"),
    Placeholder("totaal.acties", "Het aantal acties in het programma."),
    Placeholder("totaal.budget", "Het budget van alle acties samen, bijvoorbeeld ‘€ 120.000’."),
    Placeholder("totaal.zonder_budget", "Het aantal acties zonder budget."),
    Placeholder("totaal.lokaal", "Het aantal lokale acties."),
    Placeholder("totaal.bovenlokaal", "Het aantal bovenlokale acties."),
    Placeholder("statussen[]", "Het aantal acties per status; per status:"),
    Placeholder("statussen[].status", "Gepland, Loopt, Afgerond, Uitgesteld of Gestopt;"),
    Placeholder("statussen[].aantal", "het aantal acties met die status."),
)


def _sum(acties: list[Actie]) -> str:
    return money(sum((a.budget for a in acties if a.budget is not None), Decimal(0))) or "€ 0"


def _velden(acties: list[Actie]) -> list[dict[str, Any]]:
    """Veld → theme → actions, in the order of the velden and themes."""
    ordered = sorted(acties, key=lambda a: (a.thema.veld.nummer, a.thema.volgorde, a.thema.naam, a.actiepunt.lower()))
    velden: dict[Any, dict[str, Any]] = {}
    for actie in ordered:
        veld = velden.setdefault(actie.thema.veld_id, {"naam": actie.thema.veld.naam, "themas": {}})
        veld["themas"].setdefault(actie.thema_id, (actie.thema, []))[1].append(actie)
    result = []
    for veld in velden.values():
        themas = list(veld["themas"].values())
        alle = [a for _thema, acties_ in themas for a in acties_]
        result.append(
            {
                "veld": text(veld["naam"]),
                "aantal": len(alle),
                "budget": _sum(alle),
                "themas": [
                    {"thema": text(thema), "budget": _sum(acties_), "acties": [actie_row(a) for a in acties_]}
                    for thema, acties_ in themas
                ],
            }
        )
    return result


def _assemble(programma: Programma, gemeente: str, acties: list[Actie], today: datetime.date) -> dict[str, Any]:
    plan = programma.plan
    per_status = Counter(a.status for a in acties)
    return {
        "titel": f"Uitvoeringsprogramma {programma.jaar}",
        "gemeente": text(gemeente),
        "datum": date(today),
        "programma": {
            "jaar": programma.jaar,
            "status": str(programma.get_status_display()),
            "is_concept": programma.status == ProgrammaStatus.CONCEPT,
            "vastgesteld_op": date(programma.vastgesteld_op),
            "toelichting": text(programma.toelichting),
            "gebaseerd_op": programma.gebaseerd_op.jaar if programma.gebaseerd_op else None,
        },
        "plan": {
            "titel": text(plan.titel),
            "periode": plan.periode,
            "nummer": plan.nummer,
            "status": str(plan.get_status_display()),
        },
        "velden": _velden(acties),
        "totaal": {
            "acties": len(acties),
            "budget": _sum(acties),
            "zonder_budget": sum(1 for a in acties if a.budget is None),
            "lokaal": sum(1 for a in acties if a.schaal == Schaal.LOKAAL),
            "bovenlokaal": sum(1 for a in acties if a.schaal == Schaal.BOVENLOKAAL),
        },
        "statussen": [{"status": str(status.label), "aantal": per_status.get(status, 0)} for status in ActieStatus],
    }


def document_context(programma: Programma) -> dict[str, Any]:
    """Everything the document shows, as plain data: one query for the actions.

    ``programma`` must come from ``visible_to`` with ``select_related("gemeente", "plan", "gebaseerd_op")``.
    """
    acties = list(
        Actie.objects.filter(programma=programma).select_related("thema__veld", "organisatie", "doelstelling")
    )
    with translation.override("nl"):
        return _assemble(programma, programma.gemeente.name, acties, timezone.localdate())


def sample_context() -> dict[str, Any]:
    """A complete made-up programme with every list filled: what an uploaded template is tried on."""
    plan = Plan(
        titel="Integraal veiligheidsplan", nummer=1, startjaar=2027, eindjaar=2030, status=PlanStatus.VASTGESTELD
    )
    programma = Programma(
        plan=plan,
        jaar=2028,
        status=ProgrammaStatus.VASTGESTELD,
        vastgesteld_op=datetime.date(2028, 1, 16),
        toelichting="Voorbeeldtekst.",
        gebaseerd_op=Programma(plan=plan, jaar=2027),
    )
    velden = [Veld(nummer=1, naam="Veilige woon- en leefomgeving"), Veld(nummer=4, naam="Fysieke veiligheid")]
    themas = [
        Thema(veld=velden[0], code="1.3", naam="Veelvoorkomende criminaliteit"),
        Thema(veld=velden[1], code="4.2", naam="Brandveiligheid"),
    ]
    acties = [
        Actie(
            programma=programma,
            thema=thema,
            actiepunt=f"Actie {i}",
            activiteit="Voorbeeldtekst.",
            obe_type=ObeType.ORGANISATORISCH,
            eigenaar="Team Veiligheid",
            organisatie=PartnerOrganisatie(name="Politie") if i % 2 else None,
            partners="Woningcorporatie",
            schaal=Schaal.BOVENLOKAAL if i % 2 else Schaal.LOKAAL,
            start=datetime.date(2028, 1, 1),
            eind=datetime.date(2028, 12, 31),
            budget=Decimal("12500") if i % 2 else None,
            status=ActieStatus.LOPEND,
            voortgang=40,
            voortgang_op=timezone.make_aware(datetime.datetime(2028, 6, 1, 12)),
            evaluatie="Voorbeeldtekst.",
        )
        for i, thema in enumerate(themas * 2, 1)
    ]
    with translation.override("nl"):
        return _assemble(programma, "Gemeente Voorbeeld", acties, datetime.date(2028, 3, 3))


# --- rendering ------------------------------------------------------------------------------------------

WORD = WordTemplates(soort=Documentsoort.UITVOERINGSPROGRAMMA, default_template=DEFAULT_TEMPLATE, sample=sample_context)


def render_docx(programma: Programma, template_bytes: bytes | None = None) -> bytes:
    """The programme as .docx, on ``template_bytes`` or the default template (documents.word)."""
    return WORD.render(document_context(programma), template_bytes)


def _pdf_html(programma: Programma) -> tuple[str, list[dict[str, Any]]]:
    fonts = pdf.font_faces()
    context = {"doc": document_context(programma), "fonts": fonts}
    return render_to_string("ivp/document/uitvoeringsprogramma.html", context), fonts


def layout_pdf(programma: Programma) -> Any:
    """The programme laid out on pages in this process (a WeasyPrint ``Document``), to inspect."""
    return pdf.layout(*_pdf_html(programma))


def render_pdf(programma: Programma) -> bytes:
    """The programme as tagged PDF/A-2a."""
    return pdf.render_pdf(*_pdf_html(programma))
