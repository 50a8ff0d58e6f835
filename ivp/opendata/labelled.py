"""The CSV the StatLine website exports: labels instead of keys.

``;``-separated and quoted, e.g. ``"Soort misdrijf";"Wijken en buurten";"Perioden";
"Geregistreerde misdrijven (aantal)"`` with ``"1.1.1 Diefstal/inbraak woning";"Aa en Hunze";
"2023*";"1.234"``. Periods carry ``*`` (voorlopig) or ``**`` (nader voorlopig) and Dutch month
names; numbers use Dutch notation. The long form has ``Onderwerp`` and ``Waarde`` columns
instead of one column per topic. Crime and overlast labels are mapped back to their keys with
the code lists; region labels have no key, so ``gebied`` stays empty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .errors import OpendataFout
from .result import Cijfer, Opbouw
from .tables import (
    CODE_LABELS,
    ONDERWERP_LABELS,
    PERIODE_LABELS,
    REGIO_LABELS,
    SUPPORTED,
    TABELLEN,
    Codelijst,
    Dimensie,
    Tabel,
    codelijst,
    find_table,
    normalise,
    without_unit,
)
from .values import Ongeldig, number_of, period_of_label, soort_of_label, soort_of_text

_TOPIC_OF_LABEL = {label: key for key, labels in ONDERWERP_LABELS.items() for label in labels}
_IGNORED = frozenset({"eenheid"})


@dataclass(frozen=True, slots=True)
class _Columns:
    dimensie: Dimensie
    code: int
    regio: int
    regio_kolom: str
    periode: int
    topics: tuple[tuple[int, str], ...]  # wide form: (column, topic key)
    onderwerp: int | None  # long form
    waarde: int | None
    header: tuple[str, ...]
    unused: tuple[str, ...]


def _columns(header: Sequence[str], regel: int) -> _Columns:
    names = [normalise(c) for c in header]
    dimensie: Dimensie | None = None
    code = regio = periode = onderwerp = waarde = None
    regio_kolom = ""
    topics = []
    unused = []
    for i, name in enumerate(names):
        if name in CODE_LABELS["misdrijf"] or name in CODE_LABELS["overlast"]:
            dimensie, code = ("misdrijf" if name in CODE_LABELS["misdrijf"] else "overlast"), i
        elif name in REGIO_LABELS:
            regio, regio_kolom = i, REGIO_LABELS[name]
        elif name in PERIODE_LABELS:
            periode = i
        elif name == "onderwerp":
            onderwerp = i
        elif name == "waarde":
            waarde = i
        elif without_unit(header[i]) in _TOPIC_OF_LABEL:
            topics.append((i, _TOPIC_OF_LABEL[without_unit(header[i])]))
        elif name not in _IGNORED:
            unused.append(header[i])
    fouten = []
    if code is None:
        fouten.append(OpendataFout("De kolom 'Soort misdrijf' (of 'Overlast') ontbreekt.", regel, "Soort misdrijf"))
    if regio is None:
        fouten.append(
            OpendataFout("De kolom 'Wijken en buurten' (of 'Regio's') ontbreekt.", regel, "Wijken en buurten")
        )
    if periode is None:
        fouten.append(OpendataFout("De kolom 'Perioden' ontbreekt.", regel, "Perioden"))
    if (onderwerp is None) != (waarde is None):
        missing = "Waarde" if waarde is None else "Onderwerp"
        fouten.append(OpendataFout(f"De kolom '{missing}' ontbreekt.", regel, missing))
    elif onderwerp is None and not topics:
        fouten.append(
            OpendataFout("Er is geen kolom met cijfers, zoals 'Geregistreerde misdrijven (aantal)'.", regel, None)
        )
    if len(fouten) == 1:
        raise fouten[0]
    if fouten:
        raise OpendataFout(f"Het bestand mist {len(fouten)} verplichte kolommen.", fouten=fouten)
    assert dimensie is not None and code is not None and regio is not None and periode is not None
    return _Columns(
        dimensie, code, regio, regio_kolom, periode, tuple(topics), onderwerp, waarde, tuple(header), tuple(unused)
    )


@dataclass(slots=True)
class _Pending:
    """A figure whose area kind may only be known after the whole file is read."""

    regel: int
    label: str
    onderwerp: str
    code: str
    jaar: int
    maand: int | None
    waarde: Decimal | None
    voorlopig: bool
    soort: str | None
    gemeente_naam: str


class LabelledReader:
    """Reads the rows of a StatLine export, after its header line."""

    def __init__(
        self,
        header: Sequence[str],
        header_regel: int,
        rows: Sequence[tuple[int, Sequence[str]]],
        *,
        declared: str | None,
        expected: Tabel | None,
        gemeente_naam: str | None,
    ) -> None:
        self.columns = _columns(header, header_regel)
        self.rows = rows
        self.gemeente_naam = gemeente_naam
        self.tabel = self._table(declared, expected, header_regel)
        self.codes: Codelijst = codelijst(self.tabel.dimensie)
        self.opbouw = Opbouw(self.tabel, "statline-csv", "lang" if self.columns.onderwerp is not None else "breed")
        unused = [
            *self.columns.unused,
            *(self.columns.header[i] for i, key in self.columns.topics if key not in self._topics_of_table()),
        ]
        if unused:
            self.opbouw.waarschuwingen.append(f"Niet gebruikte kolommen: {', '.join(unused)}.")
        self._code_cache: dict[str, str | Ongeldig] = {}
        self._periode_cache: dict[str, tuple[int, int | None, bool] | Ongeldig] = {}
        self._soorten: dict[str, set[str]] = defaultdict(set)  # label -> kinds named in the file
        self._gemeenten: dict[str, str] = {}  # label -> Gemeentenaam named in the file

    def _topics_of_table(self) -> tuple[str, ...]:
        return (*self.tabel.onderwerpen, *self.tabel.tekst_onderwerpen)

    def _first_period(self) -> tuple[int, int | None, bool] | None:
        for _, row in self.rows:
            if len(row) > self.columns.periode:
                try:
                    return period_of_label(row[self.columns.periode])
                except Ongeldig:
                    return None
        return None

    def _table(self, declared: str | None, expected: Tabel | None, regel: int) -> Tabel:
        if declared is not None:
            if declared not in TABELLEN:
                raise OpendataFout(f"Dit is tabel {declared}; die kan Kapstok niet inlezen. Ondersteund: {SUPPORTED}.")
            tabel = TABELLEN[declared]
        else:
            first = self._first_period()
            maandcijfers = first is not None and first[1] is not None
            tabel = find_table(
                dimensie=self.columns.dimensie, regio_kolom=self.columns.regio_kolom, maandcijfers=maandcijfers
            )
        if expected is not None and tabel.id != expected.id:
            raise OpendataFout(f"Dit bestand is tabel {tabel}, niet de verwachte tabel {expected}.", regel)
        if tabel.dimensie != self.columns.dimensie or tabel.regio_kolom != self.columns.regio_kolom:
            raise OpendataFout(f"De kolommen passen niet bij tabel {tabel}: {'; '.join(self.columns.header)}.", regel)
        return tabel

    def _code(self, label: str) -> str:
        found = self._code_cache.get(label)
        if found is None:
            key = self.codes.key_of_label(label)
            if key is None:
                soort = "soort misdrijf" if self.tabel.dimensie == "misdrijf" else "soort overlast"
                found = Ongeldig(
                    f"Onbekende {soort} '{label.strip()}': deze staat niet in de codelijst van de politie."
                )
            else:
                found = key
            self._code_cache[label] = found
        if isinstance(found, Ongeldig):
            raise found
        return found

    def _periode(self, label: str) -> tuple[int, int | None, bool]:
        found = self._periode_cache.get(label)
        if found is None:
            try:
                found = period_of_label(label)
                if found[1] is not None and self.tabel.perioden == "jaar":
                    raise Ongeldig(
                        f"Maandperiode '{label.strip()}' in tabel {self.tabel.id}, die alleen jaarcijfers heeft."
                    )
                if found[1] is None and self.tabel.perioden == "maand":
                    raise Ongeldig(
                        f"Jaarperiode '{label.strip()}' in tabel {self.tabel.id}, die alleen maandcijfers heeft."
                    )
            except Ongeldig as error:
                found = error
            self._periode_cache[label] = found
        if isinstance(found, Ongeldig):
            raise found
        return found

    def _remember(self, label: str, onderwerp: str, text: str) -> str | None:
        """A text topic (Gemeentenaam, Soort regio) of an area; returns the kind if it names one."""
        text = text.strip()
        if onderwerp == "SoortRegio_3":
            soort = soort_of_text(text)
            if soort:
                self._soorten[label].add(soort)
            return soort
        if onderwerp == "Gemeentenaam_2" and text:
            self._gemeenten.setdefault(label, text)
        return None

    def read(self) -> Opbouw:
        cols, opbouw = self.columns, self.opbouw
        width = len(cols.header)
        pending: list[_Pending] = []
        for regel, row in self.rows:
            opbouw.rijen += 1
            if len(row) == 1 and width > 1:  # a note under the table ("Bron: CBS")
                opbouw.skip("toelichting zonder kolommen", regel=regel)
                continue
            if len(row) != width:
                opbouw.fouten.add(f"Deze regel heeft {len(row)} kolommen, de kopregel {width}.", regel=regel)
                continue
            pending.extend(self._row(regel, row))
        opbouw.cijfers.extend(self._resolve(pending))
        return opbouw

    def _row(self, regel: int, row: Sequence[str]) -> list[_Pending]:
        cols, fouten, header = self.columns, self.opbouw.fouten, self.columns.header
        failed = False
        code, jaar, maand, voorlopig = "", 0, None, False
        try:
            code = self._code(row[cols.code])
        except Ongeldig as error:
            fouten.add(str(error), regel=regel, kolom=header[cols.code])
            failed = True
        label = " ".join(row[cols.regio].split())
        if not label:
            fouten.add("De regio is leeg.", regel=regel, kolom=header[cols.regio])
            failed = True
        try:
            jaar, maand, voorlopig = self._periode(row[cols.periode])
        except Ongeldig as error:
            fouten.add(str(error), regel=regel, kolom=header[cols.periode])
            failed = True
        figures: list[tuple[str, Decimal | None]] = []
        soort: str | None = None
        gemeente_naam = ""
        if cols.onderwerp is not None and cols.waarde is not None:
            onderwerp = _TOPIC_OF_LABEL.get(without_unit(row[cols.onderwerp]))
            if onderwerp is None:
                fouten.add(f"Onbekend onderwerp '{row[cols.onderwerp].strip()}'.", regel=regel, kolom="Onderwerp")
                return []
            if onderwerp in self.tabel.tekst_onderwerpen:
                if not failed:
                    self._remember(label, onderwerp, row[cols.waarde])
                return []
            if onderwerp not in self.tabel.onderwerpen:
                self.opbouw.skip(f"onderwerp '{row[cols.onderwerp].strip()}' hoort niet bij deze tabel", regel=regel)
                return []
            topics: Sequence[tuple[int, str]] = [(cols.waarde, onderwerp)]
        else:
            topics = cols.topics
        for i, onderwerp in topics:
            if onderwerp in self.tabel.tekst_onderwerpen:
                soort = self._remember(label, onderwerp, row[i]) or soort
                if onderwerp == "Gemeentenaam_2":
                    gemeente_naam = row[i].strip()
                continue
            if onderwerp not in self.tabel.onderwerpen:
                continue
            try:
                figures.append((onderwerp, number_of(row[i], dutch=True)))
            except Ongeldig as error:
                fouten.add(str(error), regel=regel, kolom=header[i])
                failed = True
        if failed:
            return []
        return [
            _Pending(regel, label, onderwerp, code, jaar, maand, waarde, voorlopig, soort, gemeente_naam)
            for onderwerp, waarde in figures
        ]

    def _resolve(self, pending: list[_Pending]) -> list[Cijfer]:
        unknown: set[str] = set()
        soort_per_label: dict[str, str] = {}

        def soort_of(label: str) -> str:
            if label not in soort_per_label:
                named = self._soorten.get(label, set())
                soort = (
                    next(iter(named)) if len(named) == 1 else soort_of_label(label, gemeente_naam=self.gemeente_naam)
                )
                if soort is None and not self.tabel.per_wijk:
                    soort = "gemeente"  # a gemeente table names gemeenten, apart from the land and regions
                if soort is None:
                    unknown.add(label)
                    soort = "regio"
                soort_per_label[label] = soort
            return soort_per_label[label]

        tabel = self.tabel
        cijfers = []
        for p in pending:
            soort = p.soort or soort_of(p.label)
            if soort in ("land", "regio"):
                gemeente_naam = ""
            else:
                gemeente_naam = (
                    p.gemeente_naam or self._gemeenten.get(p.label, "") or (p.label if soort == "gemeente" else "")
                )
            cijfers.append(
                Cijfer(
                    tabel.id,
                    p.onderwerp,
                    tabel.dimensie,
                    p.code,
                    "",
                    p.label,
                    soort,
                    p.jaar,
                    p.maand,
                    p.waarde,
                    p.voorlopig,
                    gemeente_naam,
                )
            )
        if unknown:
            examples = ", ".join(f"'{label}'" for label in sorted(unknown)[:3])
            wat = "1 gebied" if len(unknown) == 1 else f"{len(unknown)} gebieden"
            self.opbouw.waarschuwingen.append(
                f"Van {wat} ({examples}) is niet bekend of het een gemeente, wijk of buurt is; het telt als 'regio'. "
                "Exporteer de kolom 'Soort regio' mee of geef de gemeentenaam op."
            )
        return cijfers
