"""The columns of the three registers' spreadsheets, and how a value goes into a cell and back.

Every sheet starts with **Kenmerk**, the object's id: a row with a Kenmerk changes that object, a
row without one adds a new object. Links are written by what identifies them in the gemeente:

* a threat and an asset by name (unique per gemeente, whatever the case);
* an owner (of a risk or measure) by the e-mail address of the member;
* a risk of a measure by its title — or by its Kenmerk when another risk has the same title, so
  the reference stays unambiguous;
* choices (soort, status, thema's, …) by their Dutch label, as the pages show them.

A cell holding several things (thema's, schakels, bedrijfsmiddelen, risico's) lists one per line;
for choices a comma or semicolon separates them too. Columns marked ``alleen_lezen`` (the levels,
which follow from the scores) are written for reading and ignored when a file is imported.
"""

from __future__ import annotations

import datetime
import functools
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from kader.choices import Bedrijfsmiddel as ScopeCategorie
from organisations.models import Thema as BeveiligingsThema

from ..models import (
    Bedrijfsmiddel,
    Behandeling,
    Functie,
    Klasse,
    Maatregel,
    MaatregelSoort,
    MaatregelStatus,
    Risico,
    Schakel,
    Soort,
)

KENMERK = "Kenmerk"
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class CelFout(Exception):
    """A cell that cannot be read as its column's kind of value (the message is Dutch)."""


@dataclass(frozen=True)
class Kolom:
    kop: str  # the Dutch header
    veld: str  # the model field, or the link ("bedrijfsmiddelen", "risicos")
    soort: str  # tekst, keuze, keuzes, geheel, datum, bedrag, dreiging, eigenaar, middelen, risicos, niveau
    keuzes: type[models.TextChoices] | None = None
    breedte: int = 20
    alleen_lezen: bool = False

    @property
    def meervoud(self) -> bool:
        return self.soort in {"keuzes", "middelen", "risicos"}


@dataclass(frozen=True)
class Register:
    key: str
    titel: str  # "Risico's"
    enkelvoud: str  # "risico"
    model: type[models.Model]
    naamveld: str  # the field that names a row in the preview
    kolommen: tuple[Kolom, ...]
    lijst: str  # the URL name of the list page
    nieuw: str = "een nieuw"  # "een nieuwe" for a de-word

    @property
    def die(self) -> str:
        """The demonstrative of the singular: "dat risico", "die maatregel"."""
        return "die" if self.nieuw.endswith("e") else "dat"

    @property
    def koppen(self) -> list[str]:
        return [KENMERK, *(k.kop for k in self.kolommen)]

    @property
    def invoer(self) -> tuple[Kolom, ...]:
        return tuple(k for k in self.kolommen if not k.alleen_lezen)


_THEMAS = Kolom("Thema's", "themas", "keuzes", BeveiligingsThema, 30)

REGISTERS: dict[str, Register] = {
    "bedrijfsmiddelen": Register(
        "bedrijfsmiddelen",
        "Bedrijfsmiddelen",
        "bedrijfsmiddel",
        Bedrijfsmiddel,
        "naam",
        (
            Kolom("Naam", "naam", "tekst", breedte=35),
            Kolom("Soort", "soort", "keuze", Soort),
            Kolom("Omschrijving", "omschrijving", "tekst", breedte=45),
            Kolom("Eigenaar", "eigenaar", "tekst"),
            Kolom("Locatie", "locatie", "tekst"),
            Kolom("Categorie in de scope van het kader", "scope", "keuze", ScopeCategorie, 25),
            Kolom("Vertrouwelijkheid", "vertrouwelijkheid", "keuze", Klasse, 14),
            Kolom("Integriteit", "integriteit", "keuze", Klasse, 14),
            Kolom("Beschikbaarheid", "beschikbaarheid", "keuze", Klasse, 14),
            _THEMAS,
        ),
        "risicos:bedrijfsmiddelen",
    ),
    "risicos": Register(
        "risicos",
        "Risico's",
        "risico",
        Risico,
        "titel",
        (
            Kolom("Titel", "titel", "tekst", breedte=35),
            Kolom("Scenario", "scenario", "tekst", breedte=50),
            Kolom("Dreiging", "dreiging", "dreiging", breedte=25),
            Kolom("Bedrijfsmiddelen", "bedrijfsmiddelen", "middelen", breedte=30),
            _THEMAS,
            Kolom("Bruto kans", "bruto_kans", "geheel", breedte=11),
            Kolom("Bruto impact", "bruto_impact", "geheel", breedte=11),
            Kolom("Bruto niveau", "bruto_niveau", "niveau", breedte=12, alleen_lezen=True),
            Kolom("Netto kans", "netto_kans", "geheel", breedte=11),
            Kolom("Netto impact", "netto_impact", "geheel", breedte=11),
            Kolom("Netto niveau", "netto_niveau", "niveau", breedte=12, alleen_lezen=True),
            Kolom("Behandeling", "behandeling", "keuze", Behandeling, 16),
            Kolom("Eigenaar", "eigenaar", "eigenaar", breedte=28),
            Kolom("Volgende beoordeling", "volgende_review", "datum", breedte=14),
        ),
        "risicos:risicos",
    ),
    "maatregelen": Register(
        "maatregelen",
        "Maatregelen",
        "maatregel",
        Maatregel,
        "titel",
        (
            Kolom("Titel", "titel", "tekst", breedte=35),
            Kolom("Omschrijving", "omschrijving", "tekst", breedte=45),
            Kolom("Soort (OBE-R)", "soort", "keuze", MaatregelSoort, 16),
            Kolom("Functie", "functie", "keuze", Functie, 14),
            Kolom("Schakels", "schakels", "keuzes", Schakel, 20),
            _THEMAS,
            Kolom("Status", "status", "keuze", MaatregelStatus, 16),
            Kolom("Eigenaar", "eigenaar", "eigenaar", breedte=28),
            Kolom("Geplande datum", "gepland_op", "datum", breedte=14),
            Kolom("Gerealiseerd op", "gerealiseerd_op", "datum", breedte=14),
            Kolom("Eenmalige kosten (euro)", "kosten_eenmalig", "bedrag", breedte=14),
            Kolom("Jaarlijkse kosten (euro)", "kosten_jaarlijks", "bedrag", breedte=14),
            Kolom("Risico's", "risicos", "risicos", breedte=35),
        ),
        "risicos:maatregelen",
        "een nieuwe",
    ),
}


@dataclass
class Namen:
    """What the links of a gemeente's register are called, both ways (made once per export or import)."""

    niveaus: list[str] = field(default_factory=list)  # the current matrix's level names
    kansen: int = 7  # the current matrix's number of kans classes
    impacten: int = 7  # and of impact classes
    dreigingen: dict[Any, str] = field(default_factory=dict)  # pk -> name
    eigenaren: dict[Any, str] = field(default_factory=dict)  # pk -> e-mail
    middelen: dict[Any, str] = field(default_factory=dict)  # pk -> name
    risicos: dict[Any, str] = field(default_factory=dict)  # pk -> title
    dubbele_titels: set[str] = field(default_factory=set)  # risk titles (lower case) used more than once

    def risico_ref(self, pk: Any) -> str:
        titel = self.risicos.get(pk, "")
        return str(pk) if not titel or titel.lower() in self.dubbele_titels else titel

    def index(self) -> Index:
        return Index(self)


class Index:
    """The reverse of ``Namen``: a name (any case) to the pk."""

    def __init__(self, namen: Namen) -> None:
        self.dreigingen = {naam.lower(): pk for pk, naam in namen.dreigingen.items()}
        self.eigenaren = {mail.lower(): pk for pk, mail in namen.eigenaren.items() if mail}
        self.middelen = {naam.lower(): pk for pk, naam in namen.middelen.items()}
        self.risico_titels: dict[str, Any] = {}
        for pk, titel in namen.risicos.items():
            if titel.lower() not in namen.dubbele_titels:
                self.risico_titels[titel.lower()] = pk
        self.risico_pks = {str(pk): pk for pk in namen.risicos}
        self.namen = namen


# --- writing ----------------------------------------------------------------------------------


@functools.cache
def _labels(keuzes: type[models.TextChoices]) -> dict[str, str]:
    """Stored value -> Dutch label (translated once, not per cell)."""
    return {str(value): str(label) for value, label in keuzes.choices}


@functools.cache
def _values(keuzes: type[models.TextChoices]) -> dict[str, str]:
    """A label or stored value in lower case -> the stored value."""
    found = {label.lower(): value for value, label in _labels(keuzes).items()}
    found.update({value.lower(): value for value in _labels(keuzes)})
    return found


def _label(keuzes: type[models.TextChoices] | None, value: str) -> str:
    return _labels(keuzes).get(value, value) if keuzes else value


def _ordered(keuzes: type[models.TextChoices], values: Sequence[str]) -> list[str]:
    order = {v: i for i, v in enumerate(keuzes.values)}
    return sorted(set(values), key=lambda v: order.get(v, len(order)))


def value_of(kolom: Kolom, obj: Any, links: dict[Any, set[Any]], namen: Namen) -> Any:
    """The object's value in the column's terms: what the import compares a cell with."""
    if kolom.soort in {"middelen", "risicos"}:
        return frozenset(links.get(obj.pk, ()))
    if kolom.soort in {"dreiging", "eigenaar"}:
        return getattr(obj, f"{kolom.veld}_id")
    value = getattr(obj, kolom.veld)
    if kolom.soort == "keuzes":
        return _ordered(kolom.keuzes, value or []) if kolom.keuzes else list(value or [])
    return value


def shown(kolom: Kolom, value: Any, namen: Namen, *, separator: str = ", ") -> Any:
    """A value as the export writes it: labels and names as text, numbers and dates as they are."""
    if value is None or value == "":
        return None
    soort = kolom.soort
    if soort == "keuze":
        return _label(kolom.keuzes, value)
    if soort == "keuzes":
        return separator.join(_label(kolom.keuzes, v) for v in value) or None
    if soort == "dreiging":
        return namen.dreigingen.get(value, "")
    if soort == "eigenaar":
        return namen.eigenaren.get(value, "")
    if soort == "middelen":
        return separator.join(sorted((namen.middelen.get(pk, str(pk)) for pk in value), key=str.lower)) or None
    if soort == "risicos":
        return separator.join(sorted((namen.risico_ref(pk) for pk in value), key=str.lower)) or None
    if soort == "niveau":
        return namen.niveaus[value] if 0 <= value < len(namen.niveaus) else None
    return value


def text(value: Any) -> str:
    """A value as CSV or preview text: dates dd-mm-jjjj, amounts with a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


# --- reading ----------------------------------------------------------------------------------


def unescape(value: str) -> str:
    """Undo the export's protection against formulas: ``'=…`` is the text ``=…``."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _as_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, datetime.datetime | datetime.date):
        return f"{raw:%d-%m-%Y}"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return unescape(str(raw).strip())


def _choice(kolom: Kolom, text_value: str) -> str:
    assert kolom.keuzes is not None
    found = _values(kolom.keuzes).get(text_value.strip().lower())
    if found is not None:
        return found
    options = ", ".join(_labels(kolom.keuzes).values())
    raise CelFout(f"‘{text_value}’ is geen keuze van deze kolom; kies uit: {options}.")


def _parts(text_value: str, *, lines_only: bool) -> list[str]:
    pattern = r"[\r\n]+" if lines_only else r"[\r\n;,]+"
    return [p.strip() for p in re.split(pattern, text_value) if p.strip()]


def _integer(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise CelFout("Vul een geheel getal in.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    value = _as_text(raw)
    if re.fullmatch(r"[0-9]{1,3}", value):
        return int(value)
    if value == "":
        return None
    raise CelFout(f"‘{value}’ is geen geheel getal; vul een klasse van de matrix in (1, 2, 3, …).")


def _date(raw: Any) -> datetime.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    value = _as_text(raw)
    if value == "":
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # a calendar date
        except ValueError:
            continue
    raise CelFout(f"‘{value}’ is geen datum; schrijf een datum als dd-mm-jjjj, bijvoorbeeld 31-12-2027.")


def _amount(raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw)).quantize(Decimal("0.01"))
    value = _as_text(raw).replace("€", "").replace(" ", "").replace("\u00a0", "")
    if value == "":
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    try:
        found = Decimal(value)
    except InvalidOperation:
        raise CelFout(f"‘{_as_text(raw)}’ is geen bedrag; schrijf bijvoorbeeld 1250,00.") from None
    if not found.is_finite():
        raise CelFout(f"‘{_as_text(raw)}’ is geen bedrag; schrijf bijvoorbeeld 1250,00.")
    return found.quantize(Decimal("0.01"))


def _lookup(table: dict[str, Any], name: str, message: Callable[[str], str]) -> Any:
    found = table.get(name.lower())
    if found is None:
        raise CelFout(message(name))
    return found


def _risico(index: Index, ref: str) -> Any:
    found = index.risico_titels.get(ref.lower())
    if found is not None:
        return found
    try:
        key = str(uuid.UUID(ref))
    except ValueError:
        key = ""
    if key in index.risico_pks:
        return index.risico_pks[key]
    if ref.lower() in index.namen.dubbele_titels:
        raise CelFout(f"Er zijn meer risico's met de titel ‘{ref}’; noem dit risico met zijn kenmerk.")
    raise CelFout(f"Het risico ‘{ref}’ staat niet in het register van uw gemeente.")


def parse(kolom: Kolom, raw: Any, index: Index) -> Any:
    """A cell as the column's value (comparable with ``value_of``), or ``CelFout`` saying why not."""
    soort = kolom.soort
    if soort == "geheel":
        return _integer(raw)
    if soort == "datum":
        return _date(raw)
    if soort == "bedrag":
        return _amount(raw)
    value = _as_text(raw)
    if soort == "tekst":
        return value
    if soort == "keuze":
        return _choice(kolom, value) if value else ""
    if soort == "keuzes":
        assert kolom.keuzes is not None
        return _ordered(kolom.keuzes, [_choice(kolom, p) for p in _parts(value, lines_only=False)])
    if not value:
        return frozenset() if kolom.meervoud else None
    if soort == "dreiging":
        return _lookup(
            index.dreigingen,
            value,
            lambda n: (
                f"De dreiging ‘{n}’ staat niet in de lijst van dreigingen van uw gemeente; "
                "kies een dreiging uit die lijst of laat de coördinator haar eerst toevoegen."
            ),
        )
    if soort == "eigenaar":
        return _lookup(
            index.eigenaren,
            value,
            lambda n: f"‘{n}’ is geen lid van uw gemeente; geef het e-mailadres van een lid als eigenaar.",
        )
    if soort == "middelen":
        return frozenset(
            _lookup(
                index.middelen,
                name,
                lambda n: (
                    f"Het bedrijfsmiddel ‘{n}’ staat niet in het register van uw gemeente; "
                    "voeg het eerst toe (of importeer eerst de bedrijfsmiddelen)."
                ),
            )
            for name in _parts(value, lines_only=True)
        )
    if soort == "risicos":
        return frozenset(_risico(index, ref) for ref in _parts(value, lines_only=True))
    raise ValueError(soort)
