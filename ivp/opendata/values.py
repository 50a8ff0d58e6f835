"""Reading single cells: periods, numbers and region keys, in keyed and labelled form.

Each function raises ``Ongeldig`` with a Dutch message; the reader adds line and column.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from lib.maanden import MAANDNAMEN

MAX_WAARDE = 10**9
EERSTE_JAAR, LAATSTE_JAAR = 1900, 2100

MAANDEN = {name: number for number, name in enumerate(MAANDNAMEN, start=1)}

_VOORBEELD = "verwacht bijvoorbeeld 2023JJ00 (jaar) of 2025MM11 (maand)"
_KWARTAAL = (
    "Kwartaalcijfers ({}) worden niet ondersteund: de politietabellen worden per jaar en per maand "
    "ingelezen. Kies in StatLine jaren of maanden."
)


class Ongeldig(ValueError):
    """A cell that cannot be read; the message is Dutch and says what was expected."""


def _jaar(text: str, raw: str) -> int:
    jaar = int(text)
    if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
        raise Ongeldig(f"Onmogelijk jaar in periode '{raw}'.")
    return jaar


def period_of_key(raw: str) -> tuple[int, int | None]:
    """'2023JJ00' -> (2023, None); '2025MM11' -> (2025, 11). Quarters are refused."""
    key = raw.strip()
    if len(key) == 8 and key.isascii() and key[:4].isdigit():
        kind, number = key[4:6], key[6:8]
        if kind == "JJ" and number == "00":
            return _jaar(key[:4], key), None
        if kind == "MM" and number.isdigit() and 1 <= int(number) <= 12:
            return _jaar(key[:4], key), int(number)
        if kind == "KW" and number in ("01", "02", "03", "04"):
            raise Ongeldig(_KWARTAAL.format(key))
    raise Ongeldig(f"Onleesbare periode '{key}': {_VOORBEELD}.")


_PERIOD_LABEL = re.compile(r"(\d{4})(?:\s+(.*?))?\s*(\*{0,2})")


def period_of_label(raw: str) -> tuple[int, int | None, bool]:
    """StatLine labels: '2023' -> (2023, None, False); '2025 november*' -> (2025, 11, True).

    A '*' (voorlopig) or '**' (nader voorlopig) marks provisional figures.
    """
    label = " ".join(raw.split())
    match = _PERIOD_LABEL.fullmatch(label)
    if match is None:
        raise Ongeldig(f"Onleesbare periode '{label}': verwacht bijvoorbeeld '2023', '2023*' of '2025 november'.")
    jaar_text, rest, stars = match.groups()
    jaar = _jaar(jaar_text, label)
    if not rest:
        return jaar, None, bool(stars)
    if "kwartaal" in rest.casefold():
        raise Ongeldig(_KWARTAAL.format(label))
    maand = MAANDEN.get(rest.casefold())
    if maand is None:
        raise Ongeldig(f"Onleesbare periode '{label}': '{rest}' is geen maand.")
    return jaar, maand, bool(stars)


_PLAIN = re.compile(r"-?\d+(\.\d+)?")
_DUTCH = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
UNKNOWN = frozenset({"", ".", "x", "X"})
NIL = "-"  # CBS symbol for nil (nihil): the figure is zero


def _checked(value: Decimal, raw: object) -> Decimal:
    if value < 0:
        raise Ongeldig(f"Negatief aantal '{raw}': een aantal registraties kan niet negatief zijn.")
    if value > MAX_WAARDE:
        raise Ongeldig(f"Onwaarschijnlijk groot aantal '{raw}': meer dan een miljard.")
    return value


def number_of(raw: object, *, dutch: bool = False) -> Decimal | None:
    """A figure: None when unknown ('.', 'x', empty, null), 0 for nil ('-').

    ``dutch`` reads the StatLine website's notation: '1.234' is a thousand two hundred and
    thirty-four, '12,5' twelve and a half. Otherwise a dot is the decimal point.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise Ongeldig(f"Geen getal: '{raw}'.")
    if isinstance(raw, int):
        return _checked(Decimal(raw), raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise Ongeldig(f"Geen getal: '{raw}'.")
        return _checked(Decimal(repr(raw)), raw)
    if not isinstance(raw, str):
        raise Ongeldig(f"Geen getal: '{raw}'.")
    text = raw.strip()
    if text in UNKNOWN:
        return None
    if text == NIL:
        return Decimal(0)
    if text.isascii() and text.isdigit():
        return _checked(Decimal(int(text)), text)
    if dutch and _DUTCH.fullmatch(text):
        return _checked(Decimal(text.replace(".", "").replace(",", ".")), text)
    if not dutch and _PLAIN.fullmatch(text):
        return _checked(Decimal(text), text)
    raise Ongeldig(f"Geen getal: '{text}'.")


_SOORT_VAN_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt", "NL": "land"}
_LENGTE = {"GM": 6, "WK": 8, "BU": 10, "NL": 4}
PSEUDO_GEMEENTEN = frozenset({"GM0998", "GM0999"})  # buitenland, niet in te delen


def region_of_key(raw: str) -> tuple[str, str]:
    """'WK168000  ' -> ('WK168000', 'wijk'). Other two-letter areas (LD, PV, RE) are 'regio'."""
    key = raw.strip()
    prefix, digits = key[:2], key[2:]
    if prefix.isascii() and prefix.isalpha() and prefix.isupper() and digits.isascii() and digits.isdigit():
        soort = _SOORT_VAN_PREFIX.get(prefix, "regio")
        if len(key) == _LENGTE.get(prefix, 4):
            return key, "regio" if key in PSEUDO_GEMEENTEN else soort
    raise Ongeldig(f"Onleesbare regiocode '{key}': verwacht bijvoorbeeld GM1680, WK168000 of BU16800000.")


def in_gemeente(gebied: str, gemeente_code: str) -> bool:
    """Whether a region key lies in the gemeente ('GM1680' holds 'WK168000' and 'BU16800000')."""
    return gebied[2:6] == gemeente_code[2:6] and gebied[:2] in ("GM", "WK", "BU")


_WIJK_LABEL = re.compile(r"wijk \d+\b", re.IGNORECASE)
_REGIO_LABEL = re.compile(r".*\((LD|PV|RE|CR|PE|RC)\)")
_SOORT_REGIO = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt", "land": "land"}


def soort_of_label(label: str, *, gemeente_naam: str | None) -> str | None:
    """The kind of area a StatLine region label names, only when that is obvious."""
    text = " ".join(label.split())
    folded = text.casefold()
    if folded == "nederland":
        return "land"
    if folded in ("buitenland", "niet in te delen") or _REGIO_LABEL.fullmatch(text):
        return "regio"
    if _WIJK_LABEL.match(text):
        return "wijk"
    if gemeente_naam and folded == " ".join(gemeente_naam.split()).casefold():
        return "gemeente"
    return None


def soort_of_text(value: str) -> str | None:
    """The topic SoortRegio_3 ('Gemeente', 'Wijk    ', 'Buurt   ') as a kind of area."""
    return _SOORT_REGIO.get(value.strip().casefold())
