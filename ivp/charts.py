"""Trend charts of the integraal veiligheidsplan: SVG made from data, a summary and a table.

Pure functions: plain data in, strings out; no models, no database, no Django. A page shows
three things for one indicator, so that nobody depends on seeing the lines:

* :func:`trend_svg` — the chart as an inline SVG (``role="img"``, ``<title>`` and ``<desc>``);
* :func:`samenvatting` — the same one-sentence summary as the ``<desc>``, for the page text;
* :func:`tabel_rijen` — the values per period and series, for a real HTML table.

Periods are labels ("2024", "jan 2024") in time order, oldest first; series may miss a period
or have ``None`` for an unknown value, and the chart shows a gap there instead of a line
through it. A reference series (Nederland, the regio) is dashed; a second or third series of
the gemeente has its own dash pattern and marker shape, so colour is never the only cue.

The SVG uses presentation attributes only (no ``style`` attribute or element, so the page's
Content-Security-Policy allows it) and the fonts the app and the PDFs already use: Noto Sans,
then DejaVu Sans. Widths of text are estimated by :func:`tekstbreedte` for the wider of the
two, so labels keep their place in either. :mod:`ivp.infographic` shares these helpers and
turns any of these SVGs into a PNG for Word (:func:`ivp.infographic.svg_to_png`).
"""

from __future__ import annotations

import functools
import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

import pyphen

Getal = Decimal | float | int

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
TEKST = "#1a1a1a"  # 17:1 on white
TEKST_ZACHT = "#545454"  # 7.4:1 on white
WIT = "#ffffff"
ZWART = "#000000"
ROOSTER = "#d9d9d9"  # grid lines: decoration only, every value is also in the table

GEEN_METING = "geen meting"
NOG_GEEN_METINGEN = "Nog geen metingen"
MAX_DECIMALEN = 2

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_SORTEERBAAR = re.compile(r"^\d{4}(-(\d{2}|Q[1-4]))?$")
_ONGELDIG_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- text: escaping, numbers, widths ------------------------------------------------------------


def xml_tekst(tekst: str) -> str:
    """``tekst`` safe inside an XML element or a quoted attribute (control characters dropped)."""
    return html.escape(_ONGELDIG_IN_XML.sub("", tekst), quote=True)


def _decimal(waarde: Getal) -> Decimal:
    if isinstance(waarde, bool):
        raise TypeError("a boolean is not a measurement")
    getal = waarde if isinstance(waarde, Decimal) else Decimal(str(waarde))
    if not getal.is_finite():
        raise ValueError(f"{waarde!r} is not a number a chart can show")
    return getal


def decimalen_voor(waarden: Iterable[Getal | None]) -> int:
    """How many decimals the values need, rounded to :data:`MAX_DECIMALEN` (``4.10`` needs one)."""
    nodig = 0
    for waarde in waarden:
        if waarde is None:
            continue
        afgerond = _decimal(waarde).quantize(Decimal(1).scaleb(-MAX_DECIMALEN), rounding=ROUND_HALF_UP)
        exponent = afgerond.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            nodig = max(nodig, -exponent)
    return min(nodig, MAX_DECIMALEN)


def getal(waarde: Getal, decimalen: int | None = None) -> str:
    """``waarde`` the Dutch way: ``1.234.567,8`` (thousands dot, decimal comma, ``-`` for minus).

    Without ``decimalen`` the value keeps the decimals it has, at most :data:`MAX_DECIMALEN`.
    """
    getal_ = _decimal(waarde)
    if decimalen is None:
        decimalen = decimalen_voor([getal_])
    with localcontext() as context:
        context.prec = 80
        afgerond = getal_.quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    tekst = f"{abs(afgerond):,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{tekst}" if afgerond < 0 else tekst


def getal_kort(waarde: Getal) -> str:
    """Large values short: ``1,5 mln``, ``2,3 mld``; smaller ones as :func:`getal` shows them."""
    getal_ = _decimal(waarde)
    for deler, woord in ((Decimal(10) ** 9, "mld"), (Decimal(10) ** 6, "mln")):
        if abs(getal_) >= deler:
            return f"{getal(getal_ / deler, 1)} {woord}"
    return getal(getal_)


def met_eenheid(tekst: str, eenheid: str) -> str:
    """A formatted number with its unit: ``12%``, ``3,4 per 1.000 inwoners``."""
    eenheid = eenheid.strip()
    if not eenheid:
        return tekst
    if eenheid == "%":
        return f"{tekst}%"
    return f"{tekst} {eenheid}"


# Advance widths in em, the larger of Noto Sans and DejaVu Sans (regular), by character class.
_BREEDTES = (
    ("ijl", 0.28),
    (" .,:;'!|I", 0.4),
    ('ftr()[]-/\\"`{}*_J', 0.47),
    ("mM", 0.98),
    ("wW@%", 1.0),
    ("ABCDEGHKNOQRUVXZ&", 0.8),
    ("FLPSTY", 0.74),
    ("+=<>~^#", 0.84),
)
_BREEDTE = {teken: breedte for tekens, breedte in _BREEDTES for teken in tekens}
_STANDAARD_BREEDTE = 0.64  # other lower case letters and digits
_VET = 1.12  # bold is about this much wider in both fonts


def tekstbreedte(tekst: str, grootte: float, *, vet: bool = False) -> float:
    """An estimate, on the wide side, of how wide ``tekst`` is at font size ``grootte``."""
    em = 0.0
    for teken in tekst:
        basis = unicodedata.normalize("NFD", teken)[:1] or teken  # é is as wide as e
        if basis in _BREEDTE:
            em += _BREEDTE[basis]
        elif basis.isascii() or basis.isalpha():
            em += _STANDAARD_BREEDTE
        else:
            em += 1.0  # symbols, other scripts: assume a full em
    return em * grootte * (_VET if vet else 1.0)


def _past_hooguit(breedte: float, grootte: float) -> int:
    """The most characters that could fit in ``breedte`` (all of the narrowest kind)."""
    return int(breedte / (min(_BREEDTE.values()) * grootte)) + 1


def afgekort(tekst: str, breedte: float, grootte: float, *, vet: bool = False) -> str:
    """``tekst``, cut at a character and ended with ``…`` if it is wider than ``breedte``."""
    if len(tekst) <= _past_hooguit(breedte, grootte) and tekstbreedte(tekst, grootte, vet=vet) <= breedte:
        return tekst
    tekst = tekst[: _past_hooguit(breedte, grootte)]
    while tekst and tekstbreedte(tekst + "…", grootte, vet=vet) > breedte:
        tekst = tekst[:-1]
    return tekst.rstrip() + "…"


@functools.cache
def _woordenboek() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


def _afbreken(woord: str, breedte: float, grootte: float, *, vet: bool) -> tuple[str, str]:
    """The longest first part of ``woord`` that fits in ``breedte``, and the rest: at a Dutch
    hyphenation point (with ``-``) where there is one, else between two characters."""
    for begin, rest in _woordenboek().iterate(woord):
        if tekstbreedte(begin + "-", grootte, vet=vet) <= breedte:
            return begin + "-", rest
    deel = woord
    while len(deel) > 1 and tekstbreedte(deel, grootte, vet=vet) > breedte:
        deel = deel[:-1]
    return deel, woord[len(deel) :]


def regels(tekst: str, breedte: float, grootte: float, *, vet: bool = False, max_regels: int = 3) -> list[str]:
    """``tekst`` wrapped at spaces into lines at most ``breedte`` wide, at most ``max_regels``.

    A word wider than a line is hyphenated; if the text needs more lines, the last one ends in ``…``.
    """
    maximum = _past_hooguit(breedte, grootte) * max_regels  # more can never be shown
    woorden = tekst[:maximum].split()
    uit: list[str] = []
    regel = ""
    for woord in woorden:
        kandidaat = f"{regel} {woord}" if regel else woord
        if tekstbreedte(kandidaat, grootte, vet=vet) <= breedte:
            regel = kandidaat
            continue
        if regel:
            uit.append(regel)
        while tekstbreedte(woord, grootte, vet=vet) > breedte:  # a word longer than a line
            deel, woord = _afbreken(woord, breedte, grootte, vet=vet)
            uit.append(deel)
        regel = woord
    if regel:
        uit.append(regel)
    if len(uit) > max_regels or len(tekst) > maximum:
        uit = uit[:max_regels]
        laatste = uit[-1]
        laatste = laatste[:-1] + "…" if laatste.endswith("-") else laatste + " …"  # mid-word or after it
        uit[-1] = afgekort(laatste, breedte, grootte, vet=vet)
    return uit


# --- colours ------------------------------------------------------------------------------------

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def hex_kleur(kleur: str | None) -> str | None:
    """``kleur`` as ``#rrggbb`` if it is a hex colour (``#abc``, ``abcdef``, …), else ``None``."""
    gevonden = _HEX.match((kleur or "").strip())
    if not gevonden:
        return None
    cijfers = gevonden.group(1).lower()
    if len(cijfers) == 3:
        cijfers = "".join(c * 2 for c in cijfers)
    return f"#{cijfers}"


def _rgb(kleur: str) -> tuple[int, int, int]:
    geldig = hex_kleur(kleur)
    if geldig is None:
        raise ValueError(f"{kleur!r} is not a hex colour")
    return int(geldig[1:3], 16), int(geldig[3:5], 16), int(geldig[5:7], 16)


def luminantie(kleur: str) -> float:
    """The relative luminance of ``kleur`` as WCAG 2 defines it."""

    def kanaal(waarde: int) -> float:
        s = waarde / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (kanaal(c) for c in _rgb(kleur))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(kleur1: str, kleur2: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    licht, donker = sorted((luminantie(kleur1), luminantie(kleur2)), reverse=True)
    return (licht + 0.05) / (donker + 0.05)


def tekstkleur_op(achtergrond: str) -> str:
    """White text on ``achtergrond`` if that reaches 4.5:1, else black (which then always does)."""
    return WIT if contrast(WIT, achtergrond) >= 4.5 else ZWART


def donkerder_tot(kleur: str, minimum: float, *, op: str = WIT) -> str:
    """``kleur``, mixed with black just enough to reach ``minimum`` contrast against ``op``."""
    r, g, b = _rgb(kleur)
    for stap in range(21):
        factor = 1 - stap / 20
        kandidaat = f"#{round(r * factor):02x}{round(g * factor):02x}{round(b * factor):02x}"
        if contrast(kandidaat, op) >= minimum:
            return kandidaat
    return ZWART


# --- input --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Punt:
    """One period of a series: its label ("2024", "jan 2024") and value, ``None`` if unknown."""

    label: str
    waarde: Getal | None


@dataclass(frozen=True)
class Reeks:
    """A line: the gemeente's values, or a reference (Nederland, regio) drawn dashed."""

    naam: str
    punten: list[Punt]
    referentie: bool = False


@dataclass(frozen=True)
class TabelRij:
    """One row of the table alternative: a period and per series (in order) its value as text."""

    periode: str
    waarden: list[str]


def _controleer(reeksen: Sequence[Reeks]) -> None:
    for reeks in reeksen:
        gezien: set[str] = set()
        for punt in reeks.punten:
            if punt.label in gezien:
                raise ValueError(f"series {reeks.naam!r} has period {punt.label!r} twice")
            gezien.add(punt.label)
            if punt.waarde is not None:
                _decimal(punt.waarde)


def perioden(reeksen: Sequence[Reeks]) -> list[str]:
    """All periods of the series in time order.

    Years and ISO-like periods ("2024", "2024-03", "2024-Q1") are sorted. Otherwise a period
    that only a later series has goes right after the period before it in that series,
    or, if it is that series' first, right before the next period the list already has (so a
    reference series that starts a year earlier still starts on the left).
    """
    alle = {p.label for r in reeksen for p in r.punten}
    if all(_SORTEERBAAR.match(label) for label in alle):
        return sorted(alle)
    volgorde: list[str] = []
    for reeks in reeksen:
        labels = [p.label for p in reeks.punten]
        for plek_in_reeks, label in enumerate(labels):
            if label in volgorde:
                continue
            if plek_in_reeks > 0:
                volgorde.insert(volgorde.index(labels[plek_in_reeks - 1]) + 1, label)
                continue
            volgende = next((later for later in labels if later in volgorde), None)
            volgorde.insert(volgorde.index(volgende) if volgende is not None else len(volgorde), label)
    return volgorde


def _decimalen(reeksen: Sequence[Reeks]) -> int:
    """The decimals of every value of a chart: the table, the summary and the chart agree."""
    return decimalen_voor([p.waarde for r in reeksen for p in r.punten])


def tabel_rijen(reeksen: Sequence[Reeks]) -> list[TabelRij]:
    """The table alternative: one row per period, one value per series (columns: the series'
    names, in order), formatted as in the chart; ``"geen meting"`` where a value is unknown."""
    _controleer(reeksen)
    decimalen = _decimalen(reeksen)
    per_reeks = [{p.label: p.waarde for p in r.punten} for r in reeksen]
    rijen = []
    for periode in perioden(reeksen):
        waarden = []
        for waarde_per_periode in per_reeks:
            waarde = waarde_per_periode.get(periode)
            waarden.append(GEEN_METING if waarde is None else getal(waarde, decimalen))
        rijen.append(TabelRij(periode=periode, waarden=waarden))
    return rijen


# --- the summary sentence -----------------------------------------------------------------------


def _bekend(reeks: Reeks) -> list[tuple[str, Decimal]]:
    return [(p.label, _decimal(p.waarde)) for p in reeks.punten if p.waarde is not None]


def _hoofdreeks(reeksen: Sequence[Reeks]) -> Reeks | None:
    """The series the summary is about: the first of the gemeente's own, else the first one."""
    eigen = [r for r in reeksen if not r.referentie]
    kandidaten = eigen or list(reeksen)
    return kandidaten[0] if kandidaten else None


def samenvatting(
    *,
    titel: str,
    eenheid: str,
    reeksen: Sequence[Reeks],
    lager_is_beter: bool,
    streefwaarde: Getal | None = None,
) -> str:
    """One Dutch sentence on the first own series: from what to what, up or down, whether that is
    good, and its latest value against the first reference series and the target, if given."""
    _controleer(reeksen)
    decimalen = _decimalen(reeksen)

    def tekst(waarde: Decimal) -> str:
        return met_eenheid(getal(waarde, decimalen), eenheid)

    hoofd = _hoofdreeks(reeksen)
    bekend = _bekend(hoofd) if hoofd else []
    onderwerp = titel.strip()
    if hoofd is not None and len(reeksen) > 1:
        onderwerp = f"{onderwerp} ({hoofd.naam})"
    if not bekend:
        return f"{onderwerp}: nog geen metingen."

    beter = "lager" if lager_is_beter else "hoger"
    (eerste_label, eerste), (laatste_label, laatste) = bekend[0], bekend[-1]
    if len(bekend) == 1:
        delen = [f"{onderwerp}: één meting, {tekst(laatste)} in {laatste_label}"]
    elif getal(eerste, decimalen) == getal(laatste, decimalen):
        delen = [f"{onderwerp}: gelijk gebleven op {tekst(laatste)} van {eerste_label} tot {laatste_label}"]
    else:
        gestegen = laatste > eerste
        gunstig = gestegen != lager_is_beter
        richting = "gestegen" if gestegen else "gedaald"
        oordeel = "gunstig" if gunstig else "ongunstig"
        delen = [
            f"{onderwerp}: {richting} van {tekst(eerste)} in {eerste_label} naar {tekst(laatste)} "
            f"in {laatste_label}; dat is {oordeel}, want {beter} is beter"
        ]

    referentie = next((r for r in reeksen if r.referentie), None)
    if referentie is not None and referentie is not hoofd:
        ref_bekend = dict(_bekend(referentie))
        if ref_bekend:
            ref_label = laatste_label if laatste_label in ref_bekend else list(ref_bekend)[-1]
            ref = ref_bekend[ref_label]
            vergelijking = f"{referentie.naam} ({tekst(ref)} in {ref_label})"
            if getal(ref, decimalen) == getal(laatste, decimalen):
                delen.append(f"de laatste waarde is gelijk aan die van {vergelijking}")
            else:
                hoger = laatste > ref
                oordeel = "gunstig" if hoger != lager_is_beter else "ongunstig"
                plek = "boven" if hoger else "onder"
                delen.append(f"de laatste waarde ligt {plek} die van {vergelijking}, wat {oordeel} is")

    if streefwaarde is not None:
        doel = _decimal(streefwaarde)
        gehaald = laatste <= doel if lager_is_beter else laatste >= doel
        doel_tekst = met_eenheid(getal(doel, max(decimalen, decimalen_voor([doel]))), eenheid)
        delen.append(f"de streefwaarde is {doel_tekst} en is {'gehaald' if gehaald else 'nog niet gehaald'}")
    return "; ".join(delen) + "."


# --- the chart ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stijl:
    kleur: str  # at least 3:1 against white (lines), most at 4.5:1
    streep: str  # stroke-dasharray, "" for a solid line
    vorm: str  # marker shape


_EIGEN_STIJLEN = (
    _Stijl("#1d4f91", "", "cirkel"),
    _Stijl("#a3410e", "10 3 2 3", "vierkant"),
    _Stijl("#2e6b34", "2 3", "driehoek"),
    _Stijl("#6b3f99", "12 4", "ruit"),
)
_REFERENTIE_STIJLEN = (
    _Stijl("#595959", "7 4", "open-ruit"),
    _Stijl("#3a3a3a", "3 3", "open-cirkel"),
)
STREEFWAARDE_KLEUR = "#1a1a1a"
STREEFWAARDE_STREEP = "1 5"

TITEL_GROOTTE = 15.0
LABEL_GROOTTE = 12.0
RAND = 12.0


def _stijlen(reeksen: Sequence[Reeks]) -> list[_Stijl]:
    eigen = referentie = 0
    stijlen = []
    for reeks in reeksen:
        if reeks.referentie:
            stijlen.append(_REFERENTIE_STIJLEN[referentie % len(_REFERENTIE_STIJLEN)])
            referentie += 1
        else:
            stijlen.append(_EIGEN_STIJLEN[eigen % len(_EIGEN_STIJLEN)])
            eigen += 1
    return stijlen


def _f(waarde: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    tekst = f"{waarde:.2f}".rstrip("0").rstrip(".")
    return "0" if tekst in ("-0", "") else tekst


def _marker(vorm: str, x: float, y: float, kleur: str, titel: str) -> str:
    r = 4.0
    vulling = WIT if vorm.startswith("open-") else kleur
    vorm = vorm.removeprefix("open-")
    eind = f"><title>{xml_tekst(titel)}</title></"
    if vorm == "cirkel":
        return (
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{vulling}" stroke="{kleur}" '
            f'stroke-width="1.5"{eind}circle>'
        )
    if vorm == "vierkant":
        punten = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    elif vorm == "driehoek":
        punten = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    else:  # ruit
        punten = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    lijst = " ".join(f"{_f(px)},{_f(py)}" for px, py in punten)
    return f'<polygon points="{lijst}" fill="{vulling}" stroke="{kleur}" stroke-width="1.5"{eind}polygon>'


def _lijn_attributen(kleur: str, streep: str, dikte: float = 2.5) -> str:
    extra = f' stroke-dasharray="{streep}"' if streep else ""
    return f'fill="none" stroke="{kleur}" stroke-width="{_f(dikte)}" stroke-linejoin="round"{extra}'


def _schaal(laag: Decimal, hoog: Decimal, *, stappen: int = 5) -> tuple[list[Decimal], int]:
    """Round tick values from at most ``laag`` to at least ``hoog``, and the decimals they need."""
    if laag == hoog == 0:
        hoog = Decimal(1)
    elif laag == hoog:
        marge = abs(laag) / 10
        laag, hoog = laag - marge, hoog + marge
    ruw = float(hoog - laag) / stappen
    macht = math.floor(math.log10(ruw))
    stap = Decimal(10) ** macht
    for veelvoud in (1, 2, Decimal("2.5"), 5, 10):
        if stap * veelvoud >= Decimal(str(ruw)):
            stap = stap * veelvoud
            break
    stap = stap.normalize()
    begin = (laag / stap).to_integral_value(rounding=ROUND_FLOOR) * stap
    eind = (hoog / stap).to_integral_value(rounding=ROUND_CEILING) * stap
    ticks = []
    waarde = begin
    while waarde <= eind:
        ticks.append(waarde)
        waarde += stap
    exponent = stap.as_tuple().exponent
    decimalen = max(0, -exponent) if isinstance(exponent, int) else 0
    return ticks, decimalen


def _tick_labels(ticks: list[Decimal], decimalen: int) -> list[str]:
    """Tick labels; from a million on as ``1,5 mln`` or ``2 mld`` so the axis stays narrow."""
    grootste = max(abs(t) for t in ticks)
    for deler, woord in ((Decimal(10) ** 9, "mld"), (Decimal(10) ** 6, "mln")):
        if grootste >= deler:
            geschaald = [t / deler for t in ticks]
            nodig = decimalen_voor(geschaald)
            return [f"{getal(t, nodig)} {woord}" for t in geschaald]
    return [getal(t, decimalen) for t in ticks]


def _svg_begin(breedte: float, hoogte: float, id_prefix: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(breedte)} {_f(hoogte)}" '
        f'width="{_f(breedte)}" height="{_f(hoogte)}" role="img" '
        f'aria-labelledby="{id_prefix}-titel {id_prefix}-beschrijving" '
        f'font-family="{FONT}" fill="{TEKST}">'
    )


def _titel_en_beschrijving(id_prefix: str, titel: str, beschrijving: str) -> str:
    return (
        f'<title id="{id_prefix}-titel">{xml_tekst(titel)}</title>'
        f'<desc id="{id_prefix}-beschrijving">{xml_tekst(beschrijving)}</desc>'
    )


def _text(x: float, y: float, tekst: str, *, grootte: float, anker: str = "start", **extra: str) -> str:
    attributen = "".join(f' {naam.rstrip("_").replace("_", "-")}="{waarde}"' for naam, waarde in extra.items())
    anker_attr = f' text-anchor="{anker}"' if anker != "start" else ""
    return f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(grootte)}"{anker_attr}{attributen}>{xml_tekst(tekst)}</text>'


def trend_svg(
    *,
    titel: str,
    eenheid: str,
    reeksen: Sequence[Reeks],
    lager_is_beter: bool,
    streefwaarde: Getal | None = None,
    breedte: int = 640,
    hoogte: int = 280,
    id_prefix: str,
) -> str:
    """The trend of one indicator as an inline SVG (``role="img"``, title and summary).

    ``id_prefix`` makes the ids of ``<title>`` and ``<desc>`` unique on the page (a letter,
    then letters, digits, ``_``, ``-`` or ``.``). With no known value at all the SVG is short
    and says "Nog geen metingen".
    """
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} is not a valid XML id")
    if breedte < 240 or hoogte < 160:
        raise ValueError("a trend chart needs at least 240 × 160 px")
    _controleer(reeksen)
    zin = samenvatting(
        titel=titel, eenheid=eenheid, reeksen=reeksen, lager_is_beter=lager_is_beter, streefwaarde=streefwaarde
    )
    onderdelen: list[str] = []
    binnen = breedte - 2 * RAND

    # The visible title, at most two lines.
    y = RAND + TITEL_GROOTTE
    for regel in regels(titel, binnen, TITEL_GROOTTE, vet=True, max_regels=2):
        onderdelen.append(_text(RAND, y, regel, grootte=TITEL_GROOTTE, font_weight="700"))
        y += TITEL_GROOTTE * 1.25

    alle_waarden = [w for r in reeksen for _, w in _bekend(r)]
    if not alle_waarden:
        hoogte = min(hoogte, int(y + 40))
        onderdelen.append(_text(RAND, y + 14, NOG_GEEN_METINGEN, grootte=LABEL_GROOTTE + 1, fill=TEKST_ZACHT))
        return (
            _svg_begin(breedte, hoogte, id_prefix)
            + _titel_en_beschrijving(id_prefix, titel, zin)
            + f'<rect width="{breedte}" height="{hoogte}" fill="{WIT}"/>'
            + "".join(onderdelen)
            + "</svg>"
        )

    # The legend: a sample of each line with its marker and name; rows wrap.
    stijlen = _stijlen(reeksen)
    decimalen = _decimalen(reeksen)
    legenda: list[tuple[str, str, str, str]] = [  # name, colour, dash, marker
        (reeks.naam, stijl.kleur, stijl.streep, stijl.vorm) for reeks, stijl in zip(reeksen, stijlen, strict=True)
    ]
    if streefwaarde is not None:
        doel_tekst = getal(streefwaarde, max(decimalen, decimalen_voor([streefwaarde])))
        naam = f"Streefwaarde: {met_eenheid(doel_tekst, eenheid)}"
        legenda.append((naam, STREEFWAARDE_KLEUR, STREEFWAARDE_STREEP, ""))
    y += 2
    x = RAND
    for naam, kleur, streep, vorm in legenda:
        naam = afgekort(naam, min(260.0, binnen - 34), LABEL_GROOTTE)
        nodig = 30 + tekstbreedte(naam, LABEL_GROOTTE) + 16
        if x > RAND and x + nodig > breedte - RAND:
            x = RAND
            y += LABEL_GROOTTE * 1.5
        midden = y + LABEL_GROOTTE * 0.6
        dikte = 2.5 if vorm else 2.0
        onderdelen.append(
            f'<g class="legenda"><line x1="{_f(x)}" y1="{_f(midden)}" x2="{_f(x + 24)}" y2="{_f(midden)}" '
            f'{_lijn_attributen(kleur, streep, dikte)} stroke-linecap="{"round" if not vorm else "butt"}"/>'
            + (_marker(vorm, x + 12, midden, kleur, naam) if vorm else "")
            + _text(x + 30, y + LABEL_GROOTTE * 0.95, naam, grootte=LABEL_GROOTTE)
            + "</g>"
        )
        x += nodig
    y += LABEL_GROOTTE * 1.5 + 4

    # The unit above the y axis.
    if eenheid.strip():
        y += LABEL_GROOTTE
        onderdelen.append(
            _text(
                RAND,
                y,
                afgekort(eenheid.strip(), binnen, LABEL_GROOTTE - 1),
                grootte=LABEL_GROOTTE - 1,
                fill=TEKST_ZACHT,
            )
        )
        y += 6

    # The scale: round ticks around the data (and the target); from 0 when that is near.
    meetwaarden = [*alle_waarden, *([_decimal(streefwaarde)] if streefwaarde is not None else [])]
    laag, hoog = min(meetwaarden), max(meetwaarden)
    if laag >= 0 and laag <= hoog / 2:
        laag = Decimal(0)
    ticks, tick_decimalen = _schaal(laag, hoog)
    if ticks[0] == laag != 0:  # a value on the bottom edge would hide in the axis
        ticks.insert(0, ticks[0] - (ticks[1] - ticks[0]))
    tick_labels = _tick_labels(ticks, tick_decimalen)
    label_breedte = max(tekstbreedte(t, LABEL_GROOTTE - 1) for t in tick_labels)

    # The periods along the x axis: as many labels as fit, always the latest.
    periode_lijst = perioden(reeksen)
    n = len(periode_lijst)
    links = RAND + label_breedte + 8
    rechts = breedte - RAND - 8
    max_label = min(140.0, rechts - links)
    periode_regels = [regels(p, max_label, LABEL_GROOTTE - 1, max_regels=2) for p in periode_lijst]
    breedste = max(tekstbreedte(r, LABEL_GROOTTE - 1) for rs in periode_regels for r in rs)
    aantal_regels = max(len(rs) for rs in periode_regels)
    plot_boven = y + 6
    plot_onder = hoogte - RAND - aantal_regels * (LABEL_GROOTTE + 1) - 6
    if plot_onder - plot_boven < 60:
        raise ValueError("the chart is too low for its title and legend; give it more height")

    def x_van(index: int) -> float:
        return (links + rechts) / 2 if n == 1 else links + 8 + index * (rechts - links - 16) / (n - 1)

    def y_van(waarde: Decimal) -> float:
        verhouding = float((waarde - ticks[0]) / (ticks[-1] - ticks[0]))
        return plot_onder - verhouding * (plot_onder - plot_boven)

    # Grid and ticks.
    for tick, label in zip(ticks, tick_labels, strict=True):
        ty = y_van(tick)
        kleur = TEKST_ZACHT if tick == 0 and ticks[0] < 0 else ROOSTER
        onderdelen.append(
            f'<line class="rooster" x1="{_f(links)}" y1="{_f(ty)}" x2="{_f(rechts)}" y2="{_f(ty)}" '
            f'stroke="{kleur}" stroke-width="1"/>'
        )
        onderdelen.append(_text(links - 6, ty + 4, label, grootte=LABEL_GROOTTE - 1, anker="end", class_="tick"))
    onderdelen.append(
        f'<line class="as" x1="{_f(links)}" y1="{_f(plot_onder)}" x2="{_f(rechts)}" y2="{_f(plot_onder)}" '
        f'stroke="{TEKST_ZACHT}" stroke-width="1"/>'
    )
    stap = 1 if n == 1 else max(1, math.ceil((breedste + 10) / ((rechts - links - 16) / (n - 1))))
    for index, regels_ in enumerate(periode_regels):
        if (n - 1 - index) % stap:
            continue
        px = x_van(index)
        breedte_label = max(tekstbreedte(r, LABEL_GROOTTE - 1) for r in regels_)
        anker, lx = "middle", px
        if px + breedte_label / 2 > breedte - 2:
            anker, lx = "end", breedte - 2.0
        elif px - breedte_label / 2 < 2:
            anker, lx = "start", 2.0
        onderdelen.append(
            f'<line x1="{_f(px)}" y1="{_f(plot_onder)}" x2="{_f(px)}" y2="{_f(plot_onder + 4)}" '
            f'stroke="{TEKST_ZACHT}" stroke-width="1"/>'
        )
        for regelnummer, regel in enumerate(regels_):
            ly = plot_onder + 6 + (regelnummer + 1) * (LABEL_GROOTTE + 1) - 2
            onderdelen.append(_text(lx, ly, regel, grootte=LABEL_GROOTTE - 1, anker=anker, class_="periode"))

    # The target line.
    if streefwaarde is not None:
        sy = y_van(_decimal(streefwaarde))
        onderdelen.append(
            f'<line class="streefwaarde" x1="{_f(links)}" y1="{_f(sy)}" x2="{_f(rechts)}" y2="{_f(sy)}" '
            f'{_lijn_attributen(STREEFWAARDE_KLEUR, STREEFWAARDE_STREEP, 2.0)} stroke-linecap="round"/>'
        )

    # The series: one polyline per run of known values, so an unknown value leaves a gap.
    index_van = {periode: i for i, periode in enumerate(periode_lijst)}
    marker_stap = 1 if n == 1 else max(1, math.ceil(14 / ((rechts - links - 16) / (n - 1))))
    for reeks, stijl in zip(reeksen, stijlen, strict=True):
        stukken: list[list[tuple[float, float, str, Decimal]]] = [[]]
        for punt in reeks.punten:
            if punt.waarde is None:
                stukken.append([])
                continue
            waarde = _decimal(punt.waarde)
            stukken[-1].append((x_van(index_van[punt.label]), y_van(waarde), punt.label, waarde))
        delen = [f'<g class="reeks{" referentie" if reeks.referentie else ""}">']
        for stuk in stukken:
            if len(stuk) > 1:
                lijst = " ".join(f"{_f(px)},{_f(py)}" for px, py, _, _ in stuk)
                delen.append(f'<polyline class="lijn" points="{lijst}" {_lijn_attributen(stijl.kleur, stijl.streep)}/>')
        for stuk in stukken:
            for px, py, label, waarde in stuk:
                index = index_van[label]
                if len(stuk) > 1 and (n - 1 - index) % marker_stap:
                    continue  # dense series: every few points a marker, always the latest
                uitleg = f"{reeks.naam}, {label}: {met_eenheid(getal(waarde, decimalen), eenheid)}"
                delen.append(_marker(stijl.vorm, px, py, stijl.kleur, uitleg))
        delen.append("</g>")
        onderdelen.append("".join(delen))

    return (
        _svg_begin(breedte, hoogte, id_prefix)
        + _titel_en_beschrijving(id_prefix, titel, zin)
        + f'<rect width="{breedte}" height="{hoogte}" fill="{WIT}"/>'
        + "".join(onderdelen)
        + "</svg>"
    )
