"""Reading a police open-data file in whichever of the three shapes a user brings.

1. OData v3 JSON of the API (``TypedDataSet`` with numbers, ``UntypedDataSet`` with strings);
2. the bulk CSV of the same rows (comma-separated, quoted, padded keys, an ``ID`` column);
3. the StatLine website's CSV export (``;``-separated, labels instead of keys).

The shape is recognised from the bytes. The result is all or nothing: either every row was
read, or ``OpendataFout`` says what is wrong, with up to twenty row errors at once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any, BinaryIO

from .errors import OpendataFout, nl_number, nl_size
from .keyed import KeyedReader, resolve_table
from .labelled import LabelledReader
from .result import ParseResult
from .tables import ALLE_ONDERWERPEN, PERIODE_LABELS, SUPPORTED, TABELLEN, Tabel, normalise

MAX_BYTES = 10 * 1024 * 1024  # a police table of a gemeente with all its wijken and buurten is a few MB
MAX_ROWS = 500_000
HEADER_SEARCH_LINES = 10

_GEMEENTE_CODE = re.compile(r"GM\d{4}")
_TABLE_ID = re.compile(r"\b(\d{5}NED)\b", re.IGNORECASE)
_METADATA = re.compile(r"/([0-9A-Za-z]+)/\$metadata#(?:Cbs\.OData\.WebAPI\.)?([A-Za-z]+)")
# Column names only a keyed file has ("Overlast" is also the StatLine label of that dimension).
_KEYED_HEADER = frozenset({"ID", "SoortMisdrijf", "RegioS", "WijkenEnBuurten"})


def parse_file(
    data: bytes | BinaryIO,
    *,
    expected_table: str | None = None,
    gemeente_naam: str | None = None,
    gemeente_code: str | None = None,
    voorlopige_perioden: Collection[str] = (),
    gebied_namen: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> ParseResult:
    """Read a police/CBS open-data file (JSON, bulk CSV or StatLine CSV) into figures.

    ``expected_table`` refuses a file of another table. ``gemeente_naam`` tells a StatLine
    export which region label is the gemeente itself. ``gemeente_code`` keeps only the
    gemeente, its wijken and buurten and the land (other rows are skipped, with a reason);
    it needs keys, so a StatLine export is not filtered. The period status (voorlopig) of
    keyed files lives in the table's Perioden dimension: pass its provisional keys in
    ``voorlopige_perioden``; ``gebied_namen`` maps region keys to names (both are what
    ``fetch_table`` does).
    """
    expected = _expected(expected_table)
    if gemeente_code is not None and not _GEMEENTE_CODE.fullmatch(gemeente_code):
        raise ValueError(f"gemeente_code must look like GM1680, not {gemeente_code!r}")
    raw = _read(data, max_bytes)
    text, warnings = _decode(raw)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise OpendataFout(
                f"Het bestand begint als JSON, maar is geen geldige JSON (de JSON-lezer meldt: {error.msg}).",
                error.lineno,
                error.colno,
            ) from None
        result = parse_odata_document(
            document,
            expected=expected,
            gemeente_code=gemeente_code,
            voorlopige_perioden=voorlopige_perioden,
            gebied_namen=gebied_namen,
            max_rows=max_rows,
        )
    else:
        result = _parse_csv(
            text,
            expected=expected,
            gemeente_naam=gemeente_naam,
            gemeente_code=gemeente_code,
            voorlopige_perioden=voorlopige_perioden,
            gebied_namen=gebied_namen,
            max_rows=max_rows,
        )
    if warnings:
        return _with_warnings(result, warnings)
    return result


def _expected(table: str | None) -> Tabel | None:
    if table is None:
        return None
    if table not in TABELLEN:
        raise ValueError(f"unsupported table {table!r}; supported: {SUPPORTED}")
    return TABELLEN[table]


def _with_warnings(result: ParseResult, warnings: Sequence[str]) -> ParseResult:
    return replace(result, waarschuwingen=(*warnings, *result.waarschuwingen))


def _read(data: bytes | BinaryIO, max_bytes: int) -> bytes:
    raw = data if isinstance(data, bytes) else data.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise OpendataFout(
            f"Het bestand is groter dan {nl_size(max_bytes)}. Filter in StatLine of bij de download op uw "
            "gemeente en op de jaren die u nodig hebt."
        )
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise OpendataFout("Het bestand is leeg.")
    if raw.startswith(b"PK\x03\x04"):
        raise OpendataFout(
            "Dit is een Excel- of zipbestand, geen CSV of JSON. Kies bij het downloaden in StatLine voor CSV."
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OpendataFout("Dit bestand is in UTF-16 opgeslagen. Sla het op als CSV in UTF-8 en upload het opnieuw.")
    nul = raw.find(b"\x00")
    if nul >= 0:
        regel = raw.count(b"\n", 0, nul) + 1
        raise OpendataFout(
            "Dit is geen tekstbestand: het bevat binaire gegevens (NUL-tekens). Upload de CSV- of "
            "JSON-download van de tabel.",
            regel,
        )
    return raw


def _decode(raw: bytes) -> tuple[str, list[str]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        regel = raw.count(b"\n", 0, error.start) + 1
        text = raw.decode("cp1252", errors="replace")
        return text, [
            f"Het bestand is niet in UTF-8 (eerste afwijkend teken op regel {regel}); het is gelezen als "
            "Windows-tekst. Controleer de namen met accenten."
        ]


def parse_odata_document(
    document: Any,
    *,
    expected: Tabel | None = None,
    gemeente_code: str | None = None,
    voorlopige_perioden: Collection[str] = (),
    gebied_namen: Mapping[str, str] | None = None,
    max_rows: int = MAX_ROWS,
) -> ParseResult:
    """Read one OData v3 answer (``{"odata.metadata": ..., "value": [...]}``)."""
    declared, detail = odata_kind(document)
    records = document["value"]
    result = parse_odata_records(
        records,
        declared=declared,
        detail=detail,
        expected=expected,
        gemeente_code=gemeente_code,
        voorlopige_perioden=voorlopige_perioden,
        gebied_namen=gebied_namen,
        max_rows=max_rows,
    )
    if document.get("odata.nextLink"):
        return _with_warnings(
            result,
            [
                f"Dit bestand is één pagina van {nl_number(len(records))} rijen; de API heeft er meer "
                "(odata.nextLink). Haal de tabel in Kapstok op bij de API of gebruik de bulk-CSV, anders "
                "ontbreken cijfers."
            ],
        )
    return result


def odata_kind(document: Any) -> tuple[str | None, str]:
    """The table id (or None) and data set a valid OData v3 data answer declares."""
    if isinstance(document, dict) and "odata.error" in document:
        error = document["odata.error"]
        detail = error.get("message", {}).get("value", "") if isinstance(error, dict) else ""
        raise OpendataFout(f"Dit is een foutmelding van de open-data-API, geen tabel: {detail or error}.")
    if isinstance(document, dict) and "@odata.context" in document:
        raise OpendataFout(
            "Dit is OData versie 4 (datasets.cbs.nl); Kapstok leest de versie 3 van dataderden.cbs.nl "
            "(…/ODataApi/OData/<tabel>/TypedDataSet)."
        )
    if not isinstance(document, dict) or not isinstance(document.get("value"), list):
        raise OpendataFout("Dit is geen OData-bestand van een tabel: de lijst 'value' met rijen ontbreekt.")
    metadata = document.get("odata.metadata")
    if not isinstance(metadata, str):
        return None, "TypedDataSet"
    match = _METADATA.search(metadata)
    if match is None:
        return None, "TypedDataSet"
    table, data_set = match.groups()
    if data_set not in ("TypedDataSet", "UntypedDataSet"):
        raise OpendataFout(
            f"Dit is het onderdeel '{data_set}' van tabel {table}, niet de cijfers. Download …/{table}/TypedDataSet."
        )
    return table.upper(), data_set


def parse_odata_records(
    records: Sequence[Any],
    *,
    declared: str | None,
    detail: str,
    expected: Tabel | None = None,
    gemeente_code: str | None = None,
    voorlopige_perioden: Collection[str] = (),
    gebied_namen: Mapping[str, str] | None = None,
    max_rows: int = MAX_ROWS,
) -> ParseResult:
    """The records of one or more OData pages of the same table, numbered from 1."""
    if not records:
        raise OpendataFout("Het bestand bevat geen rijen: de lijst 'value' is leeg.")
    if len(records) > max_rows:
        raise OpendataFout(_too_many(max_rows), record=max_rows + 1)
    first = records[0]
    if not isinstance(first, dict):
        raise OpendataFout("Dit record is geen object met kolommen.", record=1)
    columns = list(first)
    tabel = resolve_table(columns, declared=declared, first_period=first.get("Perioden"), expected=expected)
    reader = KeyedReader(
        tabel,
        columns,
        formaat="odata-json",
        formaat_detail=detail,
        records=True,
        gemeente_code=gemeente_code,
        voorlopige_perioden=voorlopige_perioden,
        gebied_namen=gebied_namen,
    )
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            reader.opbouw.rijen += 1
            reader.opbouw.fouten.add("Dit record is geen object met kolommen.", record=number)
            continue
        reader.row(number, [record.get(c) for c in columns])
    return reader.result()


def _too_many(max_rows: int) -> str:
    return (
        f"Het bestand heeft meer dan {nl_number(max_rows)} rijen. Filter bij het downloaden op uw gemeente en "
        "op de jaren die u nodig hebt."
    )


def _find_header(text: str) -> tuple[int, int, str, list[str]]:
    """(line index, character offset, delimiter, cells) of the line naming 'Perioden'."""
    offset = 0
    for index, line in enumerate(text.splitlines(keepends=True)[:HEADER_SEARCH_LINES]):
        for delimiter in (";", ",", "\t"):
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) >= 3 and any(normalise(c) in PERIODE_LABELS for c in cells):
                return index, offset, delimiter, cells
        offset += len(line)
    raise OpendataFout(
        "Dit is geen JSON en geen CSV van een politietabel: in de eerste "
        f"{HEADER_SEARCH_LINES} regels staat geen kopregel met de kolom 'Perioden'.",
        1,
    )


def _parse_csv(
    text: str,
    *,
    expected: Tabel | None,
    gemeente_naam: str | None,
    gemeente_code: str | None,
    voorlopige_perioden: Collection[str],
    gebied_namen: Mapping[str, str] | None,
    max_rows: int,
) -> ParseResult:
    index, offset, delimiter, header = _find_header(text)
    header_regel = index + 1
    declared = None
    for line in text[:offset].splitlines():  # a title line above the header may name the table
        match = _TABLE_ID.search(line)
        if match:
            declared = match.group(1).upper()
    rows = _rows(text[offset:], delimiter, first_line=header_regel, max_rows=max_rows)
    names = [c.strip() for c in header]
    if any(c in ALLE_ONDERWERPEN or c in _KEYED_HEADER for c in names):
        periode = names.index("Perioden") if "Perioden" in names else None
        first_period = next((r[periode] for _, r in rows if periode is not None and len(r) > periode), None)
        tabel = resolve_table(
            names,
            declared=declared,
            first_period=first_period,
            expected=expected,
            regel=header_regel,
        )
        reader = KeyedReader(
            tabel,
            names,
            formaat="bulk-csv",
            formaat_detail="",
            records=False,
            gemeente_code=gemeente_code,
            voorlopige_perioden=voorlopige_perioden,
            gebied_namen=gebied_namen,
        )
        for regel, row in rows:
            reader.row(regel, row)
        return reader.result()
    labelled = LabelledReader(
        header, header_regel, rows, declared=declared, expected=expected, gemeente_naam=gemeente_naam
    )
    result = labelled.read().result()
    if gemeente_code:
        return _with_warnings(
            result, [f"Een StatLine-export heeft geen regiocodes: er is niet op {gemeente_code} gefilterd."]
        )
    return result


def _rows(text: str, delimiter: str, *, first_line: int, max_rows: int) -> list[tuple[int, list[str]]]:
    """The data rows after the header, each with the file line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = first_line
    try:
        next(reader, None)  # the header
        line = first_line + reader.line_num
        for row in reader:
            start, line = line, first_line + reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(rows) >= max_rows:
                raise OpendataFout(_too_many(max_rows), start)
            rows.append((start, row))
    except csv.Error as error:
        raise OpendataFout(f"Deze regel is geen geldige CSV ({error}).", line) from None
    return rows
