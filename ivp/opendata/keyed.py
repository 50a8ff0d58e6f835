"""Rows with keys: OData JSON records and the bulk CSV of the same rows.

Both carry the table's own column names (``SoortMisdrijf``, ``WijkenEnBuurten``, ``Perioden``,
``GeregistreerdeMisdrijven_1``, …) and space-padded keys of different widths per table.
The ``ID`` column is a position in the cube, not a key, and is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, TypeVar

from .errors import OpendataFout
from .result import Cijfer, Formaat, Opbouw, ParseResult
from .tables import SUPPORTED, TABELLEN, Dimensie, Tabel, codelijst, find_table
from .values import MAX_WAARDE, Ongeldig, in_gemeente, number_of, period_of_key, region_of_key

_T = TypeVar("_T")


def resolve_table(
    columns: Collection[str],
    *,
    declared: str | None,
    first_period: object,
    expected: Tabel | None,
    regel: int | None = None,
) -> Tabel:
    """The table of a keyed file: as declared (odata.metadata), else from its columns.

    Refuses another table than ``expected`` and a file that lacks a column the table needs.
    """
    if declared is not None:
        if declared not in TABELLEN:
            raise OpendataFout(f"Dit is tabel {declared}; die kan Kapstok niet inlezen. Ondersteund: {SUPPORTED}.")
        tabel = TABELLEN[declared]
    else:
        dimensie: Dimensie | None = (
            "misdrijf" if "SoortMisdrijf" in columns else "overlast" if "Overlast" in columns else None
        )
        regio = next((c for c in ("WijkenEnBuurten", "RegioS") if c in columns), None)
        if dimensie is None or regio is None:
            missing = "'SoortMisdrijf' of 'Overlast'" if dimensie is None else "'RegioS' of 'WijkenEnBuurten'"
            raise OpendataFout(
                f"Dit is geen politietabel die Kapstok kent: de kolom {missing} ontbreekt. "
                f"Gevonden kolommen: {', '.join(columns)}.",
                regel,
            )
        maandcijfers = isinstance(first_period, str) and first_period.strip()[4:6] == "MM"
        tabel = find_table(dimensie=dimensie, regio_kolom=regio, maandcijfers=maandcijfers)
    if expected is not None and tabel.id != expected.id:
        raise OpendataFout(f"Dit bestand is tabel {tabel}, niet de verwachte tabel {expected}.", regel)
    required = (tabel.code_kolom, tabel.regio_kolom, "Perioden")
    missing_columns = [c for c in required if c not in columns]
    if missing_columns:
        fouten = [OpendataFout(f"De verplichte kolom '{c}' ontbreekt.", regel, c) for c in missing_columns]
        if len(fouten) == 1:
            raise fouten[0]
        raise OpendataFout(f"Het bestand mist {len(fouten)} verplichte kolommen.", fouten=fouten)
    if not any(c in columns for c in tabel.onderwerpen):
        raise OpendataFout(
            f"Het bestand heeft geen kolom met cijfers; verwacht een van: {', '.join(tabel.onderwerpen)}.", regel
        )
    return tabel


class KeyedReader:
    """Turns keyed rows into figures in an ``Opbouw``, collecting the errors of every cell."""

    def __init__(
        self,
        tabel: Tabel,
        columns: Sequence[str],
        *,
        formaat: Formaat,
        formaat_detail: str,
        records: bool,
        gemeente_code: str | None,
        voorlopige_perioden: Collection[str],
        gebied_namen: Mapping[str, str] | None,
    ) -> None:
        self.tabel = tabel
        self.opbouw = Opbouw(tabel, formaat, formaat_detail)
        self.records = records  # JSON: positions are records, not lines
        self.gemeente_code = gemeente_code
        self.voorlopig = frozenset(p.strip() for p in voorlopige_perioden)
        self.gebied_namen = {k.strip(): v.strip() for k, v in (gebied_namen or {}).items()}
        self.codes = codelijst(tabel.dimensie).titels
        self.i_code = columns.index(tabel.code_kolom)
        self.i_regio = columns.index(tabel.regio_kolom)
        self.i_periode = columns.index("Perioden")
        self.i_naam = (
            columns.index("Gemeentenaam_2")
            if "Gemeentenaam_2" in tabel.tekst_onderwerpen and "Gemeentenaam_2" in columns
            else None
        )
        self.topics = [(i, c) for i, c in enumerate(columns) if c in tabel.onderwerpen]
        self.width = len(columns)
        unused = [c for c in columns if c not in (*tabel.onderwerpen, *tabel.tekst_onderwerpen, "ID")]
        unused = [c for c in unused if c not in (tabel.code_kolom, tabel.regio_kolom, "Perioden")]
        if unused:
            self.opbouw.waarschuwingen.append(f"Niet gebruikte kolommen: {', '.join(unused)}.")
        # Converted cells per distinct text, successes only: files repeat their keys and values.
        self._codes: dict[object, str] = {}
        self._regios: dict[object, tuple[str, str]] = {}
        self._perioden: dict[object, tuple[int, int | None, bool]] = {}
        self._waarden: dict[object, Decimal | None] = {}
        self._gemeente_namen: dict[str, str] = {}  # the four digits of a gemeente -> its name
        self._seen: dict[tuple[str, str, int, int | None], int] = {}  # a row's keys -> its number

    def _code(self, raw: object) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise Ongeldig(f"Lege of onleesbare code: '{raw}'.")
        key = raw.strip()
        if key not in self.codes:
            soort = "soort misdrijf" if self.tabel.dimensie == "misdrijf" else "soort overlast"
            raise Ongeldig(f"Onbekende {soort} '{key}': deze code staat niet in de codelijst van de politie.")
        return key

    def _regio(self, raw: object) -> tuple[str, str]:
        if not isinstance(raw, str):
            raise Ongeldig(f"Onleesbare regiocode: '{raw}'.")
        return region_of_key(raw)

    def _periode(self, raw: object) -> tuple[int, int | None, bool]:
        if not isinstance(raw, str):
            raise Ongeldig(f"Onleesbare periode: '{raw}'.")
        jaar, maand = period_of_key(raw)
        if maand is not None and self.tabel.perioden == "jaar":
            raise Ongeldig(f"Maandperiode '{raw.strip()}' in tabel {self.tabel.id}, die alleen jaarcijfers heeft.")
        if maand is None and self.tabel.perioden == "maand":
            raise Ongeldig(f"Jaarperiode '{raw.strip()}' in tabel {self.tabel.id}, die alleen maandcijfers heeft.")
        return jaar, maand, raw.strip() in self.voorlopig

    def row(self, number: int, values: Sequence[object]) -> None:
        """Read one row; ``number`` is its line (CSV) or record (JSON) number."""
        opbouw = self.opbouw
        opbouw.rijen += 1
        if len(values) != self.width:
            opbouw.fouten.add(
                f"Deze regel heeft {len(values)} kolommen, de kopregel {self.width}.", **self._where(number)
            )
            return
        try:  # the fast path: every cell seen before
            code = self._codes[values[self.i_code]]
            gebied, soort = self._regios[values[self.i_regio]]
            jaar, maand, voorlopig = self._perioden[values[self.i_periode]]
            waarden = []
            for i, _ in self.topics:
                v = values[i]
                waarden.append(Decimal(v) if type(v) is int and 0 <= v <= MAX_WAARDE else self._waarden[v])
        except (KeyError, TypeError):
            cells = self._convert(number, values)
            if cells is None:
                return
            code, (gebied, soort), (jaar, maand, voorlopig), waarden = cells
        if self.gemeente_code and soort != "land" and not in_gemeente(gebied, self.gemeente_code):
            opbouw.skip(f"buiten {self.gemeente_code}", **self._where(number))
            return
        naam = values[self.i_naam] if self.i_naam is not None else None
        gemeente_naam = naam.strip() if isinstance(naam, str) else ""
        if soort in ("wijk", "buurt"):  # a buurt without registrations has a blank name
            if gemeente_naam:
                self._gemeente_namen.setdefault(gebied[2:6], gemeente_naam)
            else:
                gemeente_naam = self._gemeente_namen.get(gebied[2:6], "")
        gebied_naam = self.gebied_namen.get(gebied, "")
        if soort == "land":
            gebied_naam, gemeente_naam = gebied_naam or "Nederland", ""
        elif soort == "gemeente":
            gebied_naam = gebied_naam or gemeente_naam
            gemeente_naam = gemeente_naam or gebied_naam
            if gemeente_naam:
                self._gemeente_namen.setdefault(gebied[2:6], gemeente_naam)
        earlier = self._seen.setdefault((code, gebied, jaar, maand), number)
        if earlier != number:
            plek = "record" if self.records else "regel"
            raw_period = str(values[self.i_periode]).strip()
            opbouw.fouten.add(
                f"Code {code}, gebied {gebied} en periode {raw_period} staan er twee keer in (eerder op {plek} "
                f"{earlier}).",
                **self._where(number),
            )
            return
        tabel, dimensie = self.tabel.id, self.tabel.dimensie
        for (_, onderwerp), waarde in zip(self.topics, waarden, strict=True):
            opbouw.cijfers.append(
                Cijfer(
                    tabel,
                    onderwerp,
                    dimensie,
                    code,
                    gebied,
                    gebied_naam,
                    soort,
                    jaar,
                    maand,
                    waarde,
                    voorlopig,
                    gemeente_naam,
                )
            )

    def result(self) -> ParseResult:
        """The figures, or the refusal. A blank Gemeentenaam_2 (a buurt without registrations)
        that came before any named row of its gemeente gets the name now."""
        names = self._gemeente_namen
        self.opbouw.cijfers = [
            replace(c, gemeente_naam=names.get(c.gebied[2:6], ""))
            if not c.gemeente_naam and c.gebied_soort in ("wijk", "buurt") and c.gebied[2:6] in names
            else c
            for c in self.opbouw.cijfers
        ]
        return self.opbouw.result()

    def _where(self, number: int) -> dict[str, Any]:
        return {"record": number} if self.records else {"regel": number}

    def _convert(
        self, number: int, values: Sequence[object]
    ) -> tuple[str, tuple[str, str], tuple[int, int | None, bool], list[Decimal | None]] | None:
        """Convert every cell of a row with a cell not seen before, collecting each error."""
        where = self._where(number)
        fouten = self.opbouw.fouten
        failed = False

        def cell(cache: dict[object, _T], column: str, raw: object, convert: Callable[[Any], _T]) -> _T | None:
            nonlocal failed
            try:
                value = convert(raw)
            except Ongeldig as error:
                fouten.add(str(error), kolom=column, **where)
                failed = True
                return None
            if isinstance(raw, str) or raw is None:
                cache[raw] = value
            return value

        code = cell(self._codes, self.tabel.code_kolom, values[self.i_code], self._code)
        regio = cell(self._regios, self.tabel.regio_kolom, values[self.i_regio], self._regio)
        periode = cell(self._perioden, "Perioden", values[self.i_periode], self._periode)
        waarden = [cell(self._waarden, name, values[i], number_of) for i, name in self.topics]
        if failed or code is None or regio is None or periode is None:
            return None
        return code, regio, periode, waarden
