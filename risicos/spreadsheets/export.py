"""The export of a register's list — with the filters of its page — as .xlsx or CSV.

The conventions of the other exports (``ivp.exports``): CSV separated by ``;`` in UTF-8 with a
byte order mark, Dutch headers, dates as dd-mm-jjjj, amounts with a decimal comma; in the .xlsx
every text a text cell, dates and amounts formatted, the header frozen, and lists to choose from
(data validation) for the choice columns and for the scores (1 to the matrix's size). No cell is
ever a formula: a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe (``audit.services.escape_cell``), which the import takes off again. Each export
is recorded in the security log.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from audit.models import SecurityEventKind
from audit.services import csv_body, record_security_event
from ivp.exports import XLSX_TYPE, write_cell
from organisations.models import Membership

from .columns import Kolom, Namen, Register, shown, text, value_of
from .plan import links_of, namen

FORMATS = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


def rows(register: Register, objs: list[Any], names: Namen) -> Iterable[list[Any]]:
    links = links_of(register, [o.pk for o in objs]) if objs else {}
    for obj in objs:
        if getattr(obj, "eigenaar_id", None) and obj.eigenaar is not None:
            names.eigenaren.setdefault(obj.eigenaar_id, obj.eigenaar.user.email)
        yield [
            str(obj.pk),
            *(shown(k, value_of(k, obj, links, names), names, separator="\n") for k in register.kolommen),
        ]


def as_csv(register: Register, objs: list[Any], names: Namen) -> bytes:
    return csv_body(register.koppen, ([text(v) for v in row] for row in rows(register, objs, names)))


def _validation(sheet: Any, kolom: Kolom, column: int, last: int, names: Namen) -> None:
    letter = get_column_letter(column)
    if kolom.soort == "geheel":
        size = names.kansen if kolom.veld.endswith("kans") else names.impacten
        rule = DataValidation(type="whole", operator="between", formula1="1", formula2=str(size), allow_blank=True)
        rule.error = f"Kies een klasse van 1 tot {size}."
    elif kolom.soort == "keuze" and kolom.keuzes is not None:
        options = ",".join(str(label) for label in kolom.keuzes.labels)
        if len(options) > 250:  # Excel's limit for a list written in the rule
            return
        rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        rule.error = "Kies een waarde uit de lijst."
    else:
        return
    rule.errorTitle, rule.showErrorMessage = "Ongeldige waarde", True
    sheet.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{max(last, 2) + 1000}")


def as_xlsx(register: Register, objs: list[Any], names: Namen) -> bytes:
    workbook = Workbook()
    workbook.properties.creator = "Kapstok"
    sheet = workbook.active
    sheet.title = register.titel.replace("'", "")
    widths = [38, *(k.breedte for k in register.kolommen)]
    for column, (header, width) in enumerate(zip(register.koppen, widths, strict=True), start=1):
        write_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = 1
    wrap = Alignment(wrap_text=True, vertical="top")
    for last, row in enumerate(rows(register, objs, names), start=2):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, last, column, value)
            if isinstance(value, str) and "\n" in value:
                sheet.cell(row=last, column=column).alignment = wrap
    for column, kolom in enumerate(register.kolommen, start=2):
        _validation(sheet, kolom, column, last, names)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(register.koppen))}{last}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(request: HttpRequest, register: Register, objs: list[Any], formaat: str) -> HttpResponse:
    """The export as a download, recorded in the security log."""
    membership: Membership = getattr(request, "membership")  # noqa: B009  # set by the tenancy middleware
    names = namen(membership, register)
    body = as_xlsx(register, objs, names) if formaat == "xlsx" else as_csv(register, objs, names)
    response = HttpResponse(body, content_type=FORMATS[formaat])
    slug = slugify(membership.gemeente.name) or "gemeente"
    name = f"{register.key}-{slug}-{timezone.localdate():%Y-%m-%d}.{formaat}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_security_event(
        SecurityEventKind.EXPORT,
        request=request,
        user=request.user,
        detail=f"{register.titel.lower()} ({len(objs)} rijen, {formaat})",
    )
    return response
