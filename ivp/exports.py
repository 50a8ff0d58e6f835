"""Exports of the uitvoeringsprogramma: the actions of a programme, with the filters of its page, as a
spreadsheet (.xlsx, openpyxl) or as CSV (``;``-separated UTF-8 with a byte order mark, as the
history export), with Dutch headers and dates as dd-mm-jjjj.

No cell is ever run as a formula (OWASP CSV injection): a text beginning with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading apostrophe (``audit.services.escape_cell``), and in
the .xlsx every text is written as a text cell. Each export is recorded in the security log.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from audit.models import SecurityEventKind
from audit.services import csv_body, escape_cell, record_security_event

from .models import Actie, Programma

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS = [
    "Actiepunt",
    "Veiligheidsveld",
    "Thema",
    "Activiteit of maatregel",
    "Soort maatregel (OBE)",
    "Eigenaar",
    "Uitvoerende organisatie",
    "Betrokken partners",
    "Lokaal of bovenlokaal",
    "Start",
    "Einde",
    "Budget (euro)",
    "Status",
    "Voortgang (%)",
    "Te laat",
    "Stilgevallen",
    "Draagt bij aan doel",
    "Evaluatie",
    "Overgenomen uit",
]
WIDTHS = [40, 30, 30, 40, 18, 20, 28, 28, 14, 12, 12, 14, 12, 12, 9, 12, 40, 40, 16]


def _ja_nee(value: bool) -> str:
    return "ja" if value else "nee"


def values(actie: Actie) -> list[object]:
    """One action as the export's row: texts, dates, the budget as a Decimal and the progress as a number.

    The action comes from ``ivp.programma.rows`` (theme, veld, organisation, goal and flags joined).
    """
    herkomst = actie.overgenomen_van.programma if actie.overgenomen_van else None
    return [
        actie.actiepunt,
        actie.thema.veld.naam,
        str(actie.thema),
        actie.activiteit,
        actie.get_obe_type_display() if actie.obe_type else None,
        actie.eigenaar,
        actie.organisatie.name if actie.organisatie else "De gemeente zelf",
        actie.partners,
        actie.get_schaal_display(),
        actie.start,
        actie.eind,
        actie.budget,
        actie.get_status_display(),
        actie.voortgang,
        _ja_nee(getattr(actie, "te_laat", False)),
        _ja_nee(getattr(actie, "stilgevallen", False)),
        actie.doelstelling.wat if actie.doelstelling else None,
        actie.evaluatie,
        str(herkomst) if herkomst else None,
    ]


def cell_text(value: object) -> str:
    """A value as CSV text: dates dd-mm-jjjj, amounts with a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def as_csv(acties: Iterable[Actie]) -> bytes:
    return csv_body(HEADERS, ([cell_text(value) for value in values(actie)] for actie in acties))


def safe_text(value: object) -> str:
    """A text for a spreadsheet cell: without the characters XML cannot hold, never a formula."""
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))


def write_cell(sheet: Any, row: int, column: int, value: object) -> None:
    """One cell: dates and amounts formatted, whole numbers as numbers, anything else as text (never a formula)."""
    if value is None:
        return
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, datetime.date):
        cell.value, cell.number_format = value, "DD-MM-YYYY"
    elif isinstance(value, Decimal):
        cell.value, cell.number_format = value, "#,##0.00"
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.value = value
    else:
        cell.value = safe_text(value)
        cell.data_type = "s"  # a text, whatever it starts with


def as_xlsx(programma: Programma, acties: Iterable[Actie]) -> bytes:
    workbook = Workbook()
    workbook.properties.creator = "Kapstok"
    sheet = workbook.active
    sheet.title = f"Uitvoeringsprogramma {programma.jaar}"
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        write_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    count = 1
    for count, actie in enumerate(acties, start=2):
        for column, value in enumerate(values(actie), start=1):
            write_cell(sheet, count, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{sheet.cell(row=1, column=len(HEADERS)).column_letter}{count}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS: dict[str, tuple[str, Callable[[Programma, list[Actie]], bytes]]] = {
    "xlsx": (XLSX_TYPE, as_xlsx),
    "csv": ("text/csv; charset=utf-8", lambda _programma, acties: as_csv(acties)),
}


def filename(programma: Programma, gemeente: Any, formaat: str) -> str:
    slug = slugify(gemeente.name) or "gemeente"
    return f"uitvoeringsprogramma-{programma.jaar}-{slug}-{timezone.localdate():%Y-%m-%d}.{formaat}"


def download(request: HttpRequest, programma: Programma, acties: list[Actie], formaat: str) -> HttpResponse:
    """The export as a download, recorded in the security log."""
    content_type, build = FORMATS[formaat]
    membership: Any = getattr(request, "membership", None)
    response = HttpResponse(build(programma, acties), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(programma, membership.gemeente, formaat)}"'
    record_security_event(
        SecurityEventKind.EXPORT,
        request=request,
        user=request.user,
        detail=f"uitvoeringsprogramma {programma.jaar} ({len(acties)} acties, {formaat})",
    )
    return response
