"""The police tables this package reads, and their code lists.

The tables are published by the police through CBS ("dataderden"); see docs in DOMAIN.md
§3.2 and Addendum A.1. The code lists are verbatim copies of the tables' dimension files
(``data/``), loaded once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Dimensie = Literal["misdrijf", "overlast"]
Perioden = Literal["jaar", "maand", "jaar en maand"]


@dataclass(frozen=True, slots=True)
class Tabel:
    """One police table: its dimensions (column keys) and its topics."""

    id: str
    titel: str
    dimensie: Dimensie
    code_kolom: str  # SoortMisdrijf | Overlast
    regio_kolom: str  # RegioS (gemeente tables) | WijkenEnBuurten (wijk and buurt tables)
    perioden: Perioden
    onderwerpen: tuple[str, ...]  # numeric topics, each becomes figures
    tekst_onderwerpen: tuple[str, ...] = ()  # Gemeentenaam_2, SoortRegio_3

    @property
    def per_wijk(self) -> bool:
        return self.regio_kolom == "WijkenEnBuurten"

    def __str__(self) -> str:
        return f"{self.id} ({self.titel})"


_WIJK_TEKST = ("Gemeentenaam_2", "SoortRegio_3")

TABELLEN: dict[str, Tabel] = {
    t.id: t
    for t in (
        Tabel(
            "47013NED",
            "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente",
            "misdrijf",
            "SoortMisdrijf",
            "RegioS",
            "jaar en maand",
            ("GeregistreerdeMisdrijven_1", "Aangiften_2", "Internetaangiften_3"),
        ),
        Tabel(
            "47018NED",
            "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers",
            "misdrijf",
            "SoortMisdrijf",
            "WijkenEnBuurten",
            "jaar",
            ("GeregistreerdeMisdrijven_1",),
            _WIJK_TEKST,
        ),
        Tabel(
            "47022NED",
            "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, maandcijfers",
            "misdrijf",
            "SoortMisdrijf",
            "WijkenEnBuurten",
            "maand",
            ("GeregistreerdeMisdrijven_1",),
            _WIJK_TEKST,
        ),
        Tabel(
            "47021NED",
            "Geregistreerde overlast; soort overlast, gemeente",
            "overlast",
            "Overlast",
            "RegioS",
            "jaar en maand",
            ("GeregistreerdeOverlast_1",),
        ),
        Tabel(
            "47024NED",
            "Geregistreerde overlast; soort overlast, wijk, buurt",
            "overlast",
            "Overlast",
            "WijkenEnBuurten",
            "jaar en maand",
            ("GeregistreerdeOverlast_1",),
            _WIJK_TEKST,
        ),
    )
}

ALLE_ONDERWERPEN = frozenset(o for t in TABELLEN.values() for o in (*t.onderwerpen, *t.tekst_onderwerpen))

# How the StatLine website titles the topics (without the unit in brackets), per topic key.
ONDERWERP_LABELS: dict[str, tuple[str, ...]] = {
    "GeregistreerdeMisdrijven_1": ("geregistreerde misdrijven",),
    "Aangiften_2": ("aangiften",),
    "Internetaangiften_3": ("internetaangiften",),
    "GeregistreerdeOverlast_1": ("geregistreerde overlast", "registraties overlast"),
    "Gemeentenaam_2": ("gemeentenaam",),
    "SoortRegio_3": ("soort regio",),
}
CODE_LABELS: dict[Dimensie, tuple[str, ...]] = {
    "misdrijf": ("soort misdrijf",),
    "overlast": ("overlast", "soort overlast", "soort registratie"),
}
REGIO_LABELS = {"regio's": "RegioS", "regios": "RegioS", "wijken en buurten": "WijkenEnBuurten"}
PERIODE_LABELS = ("perioden", "periode")

SUPPORTED = ", ".join(TABELLEN)


def find_table(*, dimensie: Dimensie, regio_kolom: str, maandcijfers: bool) -> Tabel:
    """The table with these dimensions; wijk tables of crimes come yearly and monthly."""
    if dimensie == "misdrijf" and regio_kolom == "WijkenEnBuurten":
        return TABELLEN["47022NED" if maandcijfers else "47018NED"]
    for tabel in TABELLEN.values():
        if tabel.dimensie == dimensie and tabel.regio_kolom == regio_kolom:
            return tabel
    raise LookupError((dimensie, regio_kolom))


@dataclass(frozen=True, slots=True)
class Codelijst:
    """The keys of one code dimension, stripped, with their titles."""

    dimensie: Dimensie
    titels: dict[str, str]  # key -> title
    per_titel: dict[str, str]  # normalised title -> key

    def key_of_label(self, label: str) -> str | None:
        """The key a StatLine label stands for: its title, or a known key in front of it."""
        key = self.per_titel.get(normalise(label))
        if key is not None:
            return key
        first = label.strip().split(" ", 1)[0]
        return first if first in self.titels else None


def normalise(text: str) -> str:
    """Label comparison: one space between words, case folded."""
    return " ".join(text.split()).casefold()


_UNIT = re.compile(r"\s*\([^()]*\)\s*$")


def without_unit(label: str) -> str:
    """'Geregistreerde misdrijven (aantal)' -> 'geregistreerde misdrijven'."""
    return normalise(_UNIT.sub("", label))


_CODE_FILES: dict[Dimensie, str] = {"misdrijf": "soort_misdrijf.csv", "overlast": "overlast.csv"}


@cache
def codelijst(dimensie: Dimensie) -> Codelijst:
    """The code list of a dimension, read once from the package's copy."""
    text = resources.files("ivp.opendata").joinpath("data", _CODE_FILES[dimensie]).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):  # the note naming the source
        lines.pop(0)
    titels = {row["Key"].strip(): row["Title"].strip() for row in csv.DictReader(io.StringIO("".join(lines)))}
    per_titel = {normalise(title): key for key, title in titels.items()}
    return Codelijst(dimensie, titels, per_titel)
