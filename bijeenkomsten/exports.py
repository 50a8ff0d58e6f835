"""The results of a bijeenkomst as a spreadsheet (.xlsx) or CSV (``;``, UTF-8 with byte order mark).

One row per question and theme (or action) with its figures, then one row per remark of the open
questions with its votes. Texts never run as formulas (``ivp.exports.write_cell``,
``audit.services.csv_body``); every export is recorded in the security log.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.models import SecurityEventKind
from audit.services import csv_body, record_security_event
from ivp.exports import XLSX_TYPE, cell_text, write_cell

from .models import Bijeenkomst, Soort

HEADERS = [
    "Nr.",
    "Vraag",
    "Soort vraag",
    "Thema, actie of inbreng",
    "Antwoorden of stemmen",
    "Gemiddelde",
    "Horizontale as (2 × 2)",
    "Verticale as (2 × 2)",
    "Verborgen",
]
WIDTHS = [6, 40, 24, 50, 12, 12, 14, 14, 10]


def rows(stand: list[dict[str, Any]]) -> list[list[object]]:
    """The rows of the export, from the figures of ``views._stand`` (questions, figures, remarks)."""
    found: list[list[object]] = []
    for nr, item in enumerate(stand, start=1):
        vraag = item["vraag"]
        if vraag.soort == Soort.OPEN:
            for inbreng in item["inbreng"]:
                found.append(
                    [
                        nr,
                        vraag.tekst,
                        vraag.get_soort_display(),
                        inbreng.tekst,
                        inbreng.aantal_stemmen,
                        None,
                        None,
                        None,
                        "ja" if inbreng.verborgen else "nee",
                    ]
                )
            continue
        for o in item["onderwerpen"]:
            found.append(
                [
                    nr,
                    vraag.tekst,
                    vraag.get_soort_display(),
                    o["naam"],
                    o["antwoorden"],
                    o.get("gemiddelde"),
                    o.get("x"),
                    o.get("y"),
                    None,
                ]
            )
    return found


def as_csv(bijeenkomst: Bijeenkomst, found: list[list[object]]) -> bytes:
    return csv_body(HEADERS, ([cell_text(v) for v in row] for row in found))


def as_xlsx(bijeenkomst: Bijeenkomst, found: list[list[object]]) -> bytes:
    workbook = Workbook()
    workbook.properties.creator = "Kapstok"
    sheet = workbook.active
    sheet.title = "Resultaten"
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        write_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    for number, row in enumerate(found, start=2):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS = {"xlsx": (XLSX_TYPE, as_xlsx), "csv": ("text/csv; charset=utf-8", as_csv)}


def download(request: HttpRequest, bijeenkomst: Bijeenkomst, stand: list[dict[str, Any]], formaat: str) -> HttpResponse:
    content_type, build = FORMATS[formaat]
    found = rows(stand)
    membership: Any = getattr(request, "membership", None)
    slug = slugify(bijeenkomst.titel)[:60] or "bijeenkomst"
    gemeente = slugify(membership.gemeente.name) or "gemeente"
    response = HttpResponse(build(bijeenkomst, found), content_type=content_type)
    name = f"bijeenkomst-{slug}-{gemeente}-{timezone.localdate():%Y-%m-%d}.{formaat}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_security_event(
        SecurityEventKind.EXPORT,
        request=request,
        user=request.user,
        detail=f"resultaten van een bijeenkomst ({formaat})",
    )
    return response
