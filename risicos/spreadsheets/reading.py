"""A file's bytes to a header and rows, refusing what is not a spreadsheet of ours.

* **.xlsx** (a zip with an Excel workbook) is read with openpyxl in read-only mode, the first
  sheet; **.csv** is UTF-8 with or without byte order mark, separated by ``;`` or ``,`` (whichever
  the header line uses). Old .xls, .ods and anything else is refused with a Dutch message.
* **Formulas are never read.** A formula cell in a workbook is an error of its row and column (the
  value Excel last computed may be stale, and a formula may fetch from elsewhere). In a CSV a cell
  that begins with ``=``, ``+``, ``-`` or ``@`` and is not a plain number is refused likewise: a
  spreadsheet program would run it. The export writes such texts with a leading apostrophe
  (``'=…``), which reads back as the text itself (``columns.unescape``).
* At most ``MAX_BYTES`` and ``MAX_ROWS`` data rows; empty rows are skipped.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
NUMBER = re.compile(r"^[+-]?[0-9]+([.,][0-9]+)?$")
FORMULA = "Een formule wordt niet ingelezen; zet de waarde zelf in de cel (of begin de tekst met een apostrof)."
NOT_A_SPREADSHEET = (
    "Dit bestand is geen spreadsheet die Kapstok kan lezen. Kies een .xlsx-bestand of een CSV-bestand "
    "(UTF-8, gescheiden door puntkomma's), bijvoorbeeld een export van deze pagina."
)


class BestandFout(Exception):
    """A file that cannot be read as a whole; ``fouten`` are Dutch messages."""

    def __init__(self, *fouten: str) -> None:
        super().__init__(*fouten)
        self.fouten = list(fouten)


@dataclass
class Tabel:
    formaat: str  # "xlsx" or "csv"
    koppen: list[str]
    rijen: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number in the file, cells)
    formules: list[tuple[int, int]] = field(default_factory=list)  # (row number, column index) of formula cells


def read(data: bytes) -> Tabel:
    if not data:
        raise BestandFout("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise BestandFout(
            f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB; splits het in kleinere bestanden."
        )
    if data.startswith(b"PK\x03\x04"):
        return _xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BestandFout("Dit is een oud Excel-bestand (.xls). Sla het in Excel op als .xlsx en kies dat bestand.")
    return _csv(data)


def _limit(count: int) -> None:
    if count > MAX_ROWS:
        raise BestandFout(
            f"Het bestand heeft meer dan {MAX_ROWS:,} rijen; splits het in kleinere bestanden.".replace(",", ".")
        )


def _empty(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _xlsx(data: bytes) -> Tabel:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise BestandFout(NOT_A_SPREADSHEET)
            if sum(info.file_size for info in archive.infolist()) > 20 * MAX_BYTES:
                raise BestandFout("Het bestand is uitgepakt te groot; splits het in kleinere bestanden.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except BestandFout:
        raise
    except Exception:  # a damaged zip or workbook: openpyxl raises many kinds
        raise BestandFout(NOT_A_SPREADSHEET) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header = next(rows, None)
        if header is None:
            raise BestandFout("Het werkblad is leeg: er staat geen kopregel in.")
        tabel = Tabel("xlsx", [_header(cell.value) for cell in header[:MAX_COLUMNS]])
        for number, row in enumerate(rows, start=2):
            cells = [cell.value for cell in row[: len(tabel.koppen)]]
            if _empty(cells):
                continue
            for column, cell in enumerate(row[: len(tabel.koppen)]):
                if cell.data_type == "f":
                    tabel.formules.append((number, column))
            tabel.rijen.append((number, cells))
            _limit(len(tabel.rijen))
        return tabel
    finally:
        workbook.close()


def _header(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _csv(data: bytes) -> Tabel:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BestandFout(
            "Dit bestand is geen UTF-8-tekst. Sla het in Excel op als ‘CSV UTF-8 (gescheiden door lijstscheidingsteken)’ "
            "of als .xlsx."
        ) from None
    if "\x00" in content:
        raise BestandFout(NOT_A_SPREADSHEET)
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        header = next(reader, None)
        if header is None or _empty(list(header)):
            raise BestandFout("Het bestand is leeg: er staat geen kopregel in.")
        tabel = Tabel("csv", [_header(h) for h in header[:MAX_COLUMNS]])
        for number, row in enumerate(reader, start=2):  # the row as a spreadsheet program numbers it
            cells: list[Any] = list(row[: len(tabel.koppen)])
            if _empty(cells):
                continue
            for column, cell in enumerate(cells):
                if cell.startswith(("=", "+", "-", "@")) and not NUMBER.match(cell.strip()):
                    tabel.formules.append((number, column))
            tabel.rijen.append((number, cells))
            _limit(len(tabel.rijen))
    except csv.Error:
        raise BestandFout(NOT_A_SPREADSHEET) from None
    return tabel
