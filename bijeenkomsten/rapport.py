"""A short report of a bijeenkomst as tagged PDF/A-2a: who took part, every question's figures and
the ideas with their votes. Rendered by the shared documents app (``documents.pdf``: a separate
process with limits, one of the instance's render slots); the template gets plain data only.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone

from documents import pdf

from .models import Bijeenkomst


def _number(value: Any) -> str:
    return "–" if value is None else formats.number_format(value, decimal_pos=1)


def document_context(bijeenkomst: Bijeenkomst, stand: list[dict[str, Any]], deelnemers: int) -> dict[str, Any]:
    """Plain data of the report, from the figures the pages show (``views._stand``)."""
    vragen = []
    for nr, item in enumerate(stand, start=1):
        vraag = item["vraag"]
        vragen.append(
            {
                "nr": nr,
                "tekst": vraag.tekst,
                "soort": vraag.get_soort_display(),
                "open": vraag.soort == "open",
                "matrix": vraag.soort == "matrix",
                "as_x": vraag.as_x,
                "as_y": vraag.as_y,
                "antwoorden": item["antwoorden"],
                "onderwerpen": [
                    {
                        "naam": o["naam"],
                        "antwoorden": o["antwoorden"],
                        "gemiddelde": _number(o.get("gemiddelde")),
                        "x": _number(o.get("x")),
                        "y": _number(o.get("y")),
                    }
                    for o in item["onderwerpen"]
                ],
                "inbreng": [
                    {"tekst": i.tekst, "stemmen": i.aantal_stemmen} for i in item["inbreng"] if not i.verborgen
                ],
            }
        )
    return {
        "titel": bijeenkomst.titel,
        "gemeente": bijeenkomst.plan.gemeente.name,
        "datum": formats.date_format(bijeenkomst.datum, "j F Y"),
        "doelgroep": bijeenkomst.get_doelgroep_display(),
        "plan": f"{bijeenkomst.plan.titel} {bijeenkomst.plan.periode}",
        "status": bijeenkomst.get_status_display(),
        "deelnemers": deelnemers,
        "vragen": vragen,
        "gemaakt": formats.date_format(timezone.localdate(), "j F Y"),
    }


def _html(bijeenkomst: Bijeenkomst, stand: list[dict[str, Any]], deelnemers: int) -> tuple[str, list[dict[str, Any]]]:
    fonts = pdf.font_faces()
    context = {"doc": document_context(bijeenkomst, stand, deelnemers), "fonts": fonts}
    return render_to_string("bijeenkomsten/rapport.html", context), fonts


def render_pdf(bijeenkomst: Bijeenkomst, stand: list[dict[str, Any]], deelnemers: int) -> bytes:
    return pdf.render_pdf(*_html(bijeenkomst, stand, deelnemers))
