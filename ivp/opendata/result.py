"""What reading a file gives: figures, and the counts a preview shows before importing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .errors import Fouten, nl_number
from .tables import Tabel

Formaat = Literal["odata-json", "bulk-csv", "statline-csv"]

FORMAAT_NAMEN: dict[str, str] = {
    "odata-json": "OData-JSON van de open-data-API",
    "bulk-csv": "CSV met codes (bulkdownload)",
    "statline-csv": "CSV-export van de StatLine-website",
}


@dataclass(frozen=True, slots=True)
class Cijfer:
    """One figure of a police table: a topic, for one code, area and period."""

    tabel: str  # "47018NED"
    onderwerp: str  # topic key, e.g. "GeregistreerdeMisdrijven_1", whatever the file's shape
    dimensie: str  # "misdrijf" | "overlast"
    code: str  # stripped key: "1.1.1", "0.0.0", "2.6.10", "E33"
    gebied: str  # stripped region key "GM1680", "WK168000", "BU16800000", "NL00"; "" when only a label is known
    gebied_naam: str  # the area's name where the file or the API gives it, else ""
    gebied_soort: str  # "gemeente" | "wijk" | "buurt" | "land" | "regio" (other or unknown level)
    jaar: int
    maand: int | None  # None for a yearly figure
    waarde: Decimal | None  # None when unknown or secret ('.', 'x', empty, null)
    voorlopig: bool
    gemeente_naam: str = ""  # the gemeente the area lies in (topic Gemeentenaam_2), where known

    @property
    def periode(self) -> str:
        """'2023' or '2025-11'."""
        return str(self.jaar) if self.maand is None else f"{self.jaar}-{self.maand:02d}"


@dataclass(frozen=True, slots=True)
class OvergeslagenRij:
    """A row that was read but gave no figures, and why."""

    regel: int | None
    record: int | None
    reden: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """A whole file read without errors, with the counts for a preview."""

    tabel: str
    tabel_titel: str
    formaat: Formaat
    formaat_detail: str  # "TypedDataSet", "UntypedDataSet", "breed", "lang" (Onderwerp/Waarde columns)
    cijfers: tuple[Cijfer, ...]
    rijen: int  # data rows (CSV lines or JSON records) read, including skipped ones
    per_code: Mapping[str, int]  # figures per code
    per_periode: Mapping[str, int]  # figures per period ('2023', '2025-11')
    per_gebied_soort: Mapping[str, int]  # figures per kind of area
    per_onderwerp: Mapping[str, int]
    onbekend: int  # figures whose value is unknown (None)
    overgeslagen: tuple[OvergeslagenRij, ...]
    waarschuwingen: tuple[str, ...] = field(default=())

    @property
    def formaat_naam(self) -> str:
        return FORMAAT_NAMEN[self.formaat]

    @property
    def overgeslagen_per_reden(self) -> dict[str, int]:
        return dict(Counter(row.reden for row in self.overgeslagen))

    @property
    def samenvatting(self) -> str:
        """One Dutch sentence for a preview."""
        return (
            f"Tabel {self.tabel} ({self.tabel_titel}), {self.formaat_naam}: {nl_number(self.rijen)} rijen, "
            f"{nl_number(len(self.cijfers))} cijfers, {nl_number(len(self.per_code))} codes, "
            f"{nl_number(len(self.per_periode))} perioden, {nl_number(len(self.overgeslagen))} rijen overgeslagen."
        )


class Opbouw:
    """Collects the figures of one file; ``result()`` refuses when any row was wrong."""

    def __init__(self, tabel: Tabel, formaat: Formaat, formaat_detail: str) -> None:
        self.tabel = tabel
        self.formaat: Formaat = formaat
        self.formaat_detail = formaat_detail
        self.cijfers: list[Cijfer] = []
        self.rijen = 0
        self.overgeslagen: list[OvergeslagenRij] = []
        self.waarschuwingen: list[str] = []
        self.fouten = Fouten()

    def skip(self, reden: str, *, regel: int | None = None, record: int | None = None) -> None:
        self.overgeslagen.append(OvergeslagenRij(regel, record, reden))

    def result(self) -> ParseResult:
        self.fouten.raise_if_any()
        cijfers = tuple(self.cijfers)
        return ParseResult(
            tabel=self.tabel.id,
            tabel_titel=self.tabel.titel,
            formaat=self.formaat,
            formaat_detail=self.formaat_detail,
            cijfers=cijfers,
            rijen=self.rijen,
            per_code=dict(Counter(c.code for c in cijfers)),
            per_periode={
                str(jaar) if maand is None else f"{jaar}-{maand:02d}": count
                for (jaar, maand), count in Counter((c.jaar, c.maand) for c in cijfers).items()
            },
            per_gebied_soort=dict(Counter(c.gebied_soort for c in cijfers)),
            per_onderwerp=dict(Counter(c.onderwerp for c in cijfers)),
            onbekend=sum(1 for c in cijfers if c.waarde is None),
            overgeslagen=tuple(self.overgeslagen),
            waarschuwingen=tuple(self.waarschuwingen),
        )
