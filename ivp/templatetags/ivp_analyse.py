"""Template filters of the veiligheidsanalyse: figures written the Dutch way (``1.234,5``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ivp import charts

register = template.Library()


@register.filter
def getal(waarde: Decimal | int | None) -> str:
    """``waarde`` with a decimal comma and thousands dots, at most two decimals; ``—`` when unknown."""
    return "—" if waarde is None else charts.getal(waarde)


@register.filter
def cijfer(waarde: Decimal | int | None, eenheid: str = "") -> str:
    """``waarde`` with its unit (``12%``, ``3,4 per 1.000 inwoners``); a count without "aantal"."""
    if waarde is None:
        return "—"
    eenheid = (eenheid or "").strip()
    return charts.met_eenheid(charts.getal(waarde), "" if eenheid.lower() == "aantal" else eenheid)
