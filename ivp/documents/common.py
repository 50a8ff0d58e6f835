"""What the three documents of the veiligheidsplan share: numbers, amounts and dates as Dutch text,
the plan's heading data, and the rows of a goal and of an action.

Each function reads model instances that are already loaded (from the database, or made up for a
sample) and never starts a query: the callers fetch with ``select_related`` first.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats

from documents.data import Placeholder, text
from ivp.charts import getal, met_eenheid
from ivp.choices import Niveau, PlanStatus
from ivp.models import Actie, Doelstelling, Plan
from ivp.monitoring import GoalStatus

NIVEAU_UITLEG = {
    Niveau.PRIORITEIT: "Extra inzet en middelen: hier richt het plan zich op.",
    Niveau.OVERIG_STRATEGISCH: "Blijvende aandacht, zonder extra inzet.",
    Niveau.BEHEERSNIVEAU: "Het gewone werk van de gemeente en haar partners.",
}


def number(value: Decimal | float | int | str | None, unit: str = "") -> str | None:
    """``3,4 per 1.000 inwoners`` (Dutch digits, with the unit), or None for no value."""
    if value is None or value == "":
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return met_eenheid(getal(amount), unit or "")
    except (InvalidOperation, ValueError, TypeError):
        return text(value)


def money(value: Decimal | None) -> str | None:
    """``€ 12.500`` or ``€ 99,50``, or None for no amount."""
    if value is None:
        return None
    cents = 0 if value == value.to_integral_value() else 2
    return f"€ {getal(value, cents)}"


def date(value: datetime.date | datetime.datetime | None) -> str | None:
    """``31 december 2030``, or None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return formats.date_format(value, "j F Y")


def plan_meta(plan: Plan) -> dict[str, Any]:
    """The heading data of a plan version (``plan.gebaseerd_op`` must be loaded with it)."""
    return {
        "titel": text(plan.titel),
        "periode": plan.periode,
        "startjaar": plan.startjaar,
        "eindjaar": plan.eindjaar,
        "nummer": plan.nummer,
        "status": str(plan.get_status_display()),
        "is_concept": plan.status == PlanStatus.CONCEPT,
        "is_vastgesteld": plan.status in {PlanStatus.VASTGESTELD, PlanStatus.VERVALLEN},
        "vastgesteld_op": date(plan.vastgesteld_op),
        "vastgesteld_door": text(plan.vastgesteld_door),
        "besluitkenmerk": text(plan.besluitkenmerk),
        "gebaseerd_op": plan.gebaseerd_op.nummer if plan.gebaseerd_op else None,
    }


PLAN_PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("plan.titel", "De titel van het plan, bijvoorbeeld ‘Integraal veiligheidsplan’."),
    Placeholder("plan.periode", "De looptijd van het plan, bijvoorbeeld ‘2027–2030’."),
    Placeholder("plan.startjaar", "Het eerste jaar van het plan."),
    Placeholder("plan.eindjaar", "Het laatste jaar van het plan."),
    Placeholder("plan.nummer", "Het versienummer van het plan (1, 2, …)."),
    Placeholder("plan.status", "De status in woorden: Concept, Ter besluitvorming, Vastgesteld of Vervallen."),
    Placeholder("plan.is_concept", "Waar (true) als het plan nog een concept is; gebruik het om ‘CONCEPT’ te tonen."),
    Placeholder("plan.is_vastgesteld", "Waar (true) als het plan vastgesteld of vervallen is."),
    Placeholder("plan.vastgesteld_op", "De datum waarop de raad het plan vaststelde, in woorden, of leeg."),
    Placeholder("plan.vastgesteld_door", "Het orgaan dat het plan vaststelde, of leeg."),
    Placeholder("plan.besluitkenmerk", "Het kenmerk van het besluit, of leeg."),
    Placeholder("plan.gebaseerd_op", "Het nummer van de versie waarop deze versie voortbouwt, of leeg."),
)


def goal_row(doel: Doelstelling, status: GoalStatus) -> dict[str, Any]:
    """A SMART goal with its latest measurement and judgement (``doel.indicator`` loaded)."""
    unit = doel.indicator.eenheid if doel.indicator else ""
    laatste = status.laatste
    return {
        "wat": text(doel.wat),
        "indicator": text(doel.indicator.naam) if doel.indicator else None,
        "eenheid": text(unit),
        "nulmeting": number(doel.nulmeting, unit),
        "nulmeting_periode": text(doel.nulmeting_periode),
        "streefwaarde": number(doel.streefwaarde, unit),
        "deadline": date(doel.deadline),
        "eigenaar": text(doel.eigenaar),
        "laatste": number(laatste.waarde, unit) if laatste else None,
        "laatste_periode": laatste.periode if laatste else None,
        "oordeel": status.label,
        "op_koers": True if status.bereikt else status.op_koers,
    }


def goal_placeholders(prefix: str) -> tuple[Placeholder, ...]:
    """The fields of :func:`goal_row` under ``prefix`` (``doelen[].doelen[]``)."""
    return (
        Placeholder(f"{prefix}.wat", "wat het doel wil bereiken;"),
        Placeholder(f"{prefix}.indicator", "de indicator waarmee het doel wordt gemeten, of leeg;"),
        Placeholder(f"{prefix}.eenheid", "de eenheid van die indicator, bijvoorbeeld ‘%’, of leeg;"),
        Placeholder(f"{prefix}.nulmeting", "de nulmeting met eenheid, bijvoorbeeld ‘3,4 per 1.000 inwoners’, of leeg;"),
        Placeholder(f"{prefix}.nulmeting_periode", "de periode van de nulmeting, bijvoorbeeld ‘2025’, of leeg;"),
        Placeholder(f"{prefix}.streefwaarde", "de streefwaarde met eenheid, of leeg;"),
        Placeholder(f"{prefix}.deadline", "de datum waarop het doel bereikt moet zijn, in woorden, of leeg;"),
        Placeholder(f"{prefix}.eigenaar", "wie voor het doel verantwoordelijk is, of leeg;"),
        Placeholder(f"{prefix}.laatste", "de laatste meting met eenheid, of leeg;"),
        Placeholder(f"{prefix}.laatste_periode", "de periode van die meting, of leeg;"),
        Placeholder(
            f"{prefix}.oordeel",
            "het oordeel: Bereikt, Op koers, Niet op koers, Nog niet te beoordelen of Nog geen meting;",
        ),
        Placeholder(
            f"{prefix}.op_koers", "waar (true) als het doel bereikt of op koers is, onwaar als niet, leeg als onbekend."
        ),
    )


def actie_row(actie: Actie) -> dict[str, Any]:
    """An action of the programme (``thema``, ``organisatie`` and ``doelstelling`` loaded)."""
    periode = " – ".join(part for part in (date(actie.start), date(actie.eind)) if part) or None
    return {
        "actiepunt": text(actie.actiepunt),
        "activiteit": text(actie.activiteit),
        "thema": text(actie.thema),
        "soort_maatregel": str(actie.get_obe_type_display()) if actie.obe_type else None,
        "eigenaar": text(actie.eigenaar),
        "organisatie": text(actie.organisatie.name) if actie.organisatie else "Gemeente",
        "partners": text(actie.partners),
        "schaal": str(actie.get_schaal_display()),
        "start": date(actie.start),
        "eind": date(actie.eind),
        "periode": periode,
        "budget": money(actie.budget),
        "status": str(actie.get_status_display()),
        "voortgang": actie.voortgang,
        "bijgewerkt_op": date(actie.voortgang_op),
        "evaluatie": text(actie.evaluatie),
        "doel": text(actie.doelstelling.wat) if actie.doelstelling else None,
        "overgenomen": actie.overgenomen_van_id is not None,
    }


def actie_placeholders(prefix: str) -> tuple[Placeholder, ...]:
    """The fields of :func:`actie_row` under ``prefix``."""
    return (
        Placeholder(f"{prefix}.actiepunt", "het actiepunt;"),
        Placeholder(f"{prefix}.activiteit", "de activiteit of maatregel, of leeg;"),
        Placeholder(f"{prefix}.thema", "het thema met zijn code, bijvoorbeeld ‘1.3 Veelvoorkomende criminaliteit’;"),
        Placeholder(
            f"{prefix}.soort_maatregel", "Organisatorisch, Bouwkundig, Elektronisch of Reactie (OBE), of leeg;"
        ),
        Placeholder(f"{prefix}.eigenaar", "de eigenaar van de actie, of leeg;"),
        Placeholder(
            f"{prefix}.organisatie", "de organisatie die de actie uitvoert (‘Gemeente’ als de gemeente dat zelf doet);"
        ),
        Placeholder(f"{prefix}.partners", "de betrokken partners, of leeg;"),
        Placeholder(f"{prefix}.schaal", "‘Lokaal’ of ‘Bovenlokaal’;"),
        Placeholder(f"{prefix}.start", "de startdatum in woorden, of leeg;"),
        Placeholder(f"{prefix}.eind", "de einddatum in woorden, of leeg;"),
        Placeholder(
            f"{prefix}.periode", "start en einde samen, bijvoorbeeld ‘1 maart 2027 – 31 december 2027’, of leeg;"
        ),
        Placeholder(f"{prefix}.budget", "het budget, bijvoorbeeld ‘€ 12.500’, of leeg;"),
        Placeholder(f"{prefix}.status", "Gepland, Loopt, Afgerond, Uitgesteld of Gestopt;"),
        Placeholder(f"{prefix}.voortgang", "de voortgang in procenten (een getal van 0 tot 100);"),
        Placeholder(f"{prefix}.bijgewerkt_op", "wanneer de voortgang voor het laatst is bijgewerkt, of leeg;"),
        Placeholder(f"{prefix}.evaluatie", "de evaluatie van de actie, of leeg;"),
        Placeholder(f"{prefix}.doel", "het doel waaraan de actie bijdraagt, of leeg;"),
        Placeholder(
            f"{prefix}.overgenomen", "waar (true) als de actie uit het programma van het vorige jaar is overgenomen."
        ),
    )


def niveau_label(niveau: str | None) -> str | None:
    """``Prioriteit``, ``Overig strategisch thema`` or ``Beheersniveau``; None for no level."""
    return str(Niveau(niveau).label) if niveau else None


def tier_order(niveau: str | None) -> int:
    """Priorities first, then the other strategic themes, then beheersniveau, then the rest."""
    order = {value: i for i, value in enumerate(Niveau.values)}
    return order.get(niveau or "", len(order))
