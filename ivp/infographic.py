"""A one-page infographic of an integraal veiligheidsplan, as SVG, as text and as PNG.

Pure functions: plain data (:class:`Infographic`) in, strings or bytes out; no models, no
database, no Django.

* :func:`infographic_svg` — an A4 portrait SVG (``viewBox="0 0 210 297"``, in millimetres)
  with ``role="img"``, a ``<title>`` and the full text alternative as ``<desc>``. It prints as
  one page: WeasyPrint embeds it in a PDF, the page shows it inline.
* :func:`infographic_tekst` — the same text alternative as paragraphs for the page.
* :func:`svg_to_png` — any of our SVGs as PNG, for the download and for Word (which cannot
  embed SVG), with the app's own Noto Sans so it looks like the page and the PDF.

The page never overflows: texts are wrapped by estimated widths (:func:`ivp.charts.regels`)
and cut with "…" after a few lines, at most four key figures are shown, and priorities and
goals are placed while they fit; what does not fit is counted ("en 2 meer prioriteiten") and
is in the text alternative in full.

The gemeente's primary colour (from its theme) fills the header band and the numbers; text on
it is white or black, whichever keeps 4.5:1, and where the colour is used for text on white it
is darkened until it reaches 4.5:1 too. An invalid colour falls back to :data:`STANDAARD_KLEUR`.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from ivp.charts import (
    FONT,
    TEKST,
    TEKST_ZACHT,
    WIT,
    Getal,
    afgekort,
    donkerder_tot,
    getal,
    getal_kort,
    hex_kleur,
    met_eenheid,
    regels,
    tekstbreedte,
    tekstkleur_op,
    xml_tekst,
)

Trend = Literal["stijgend", "dalend", "gelijk"]

STANDAARD_KLEUR = "#154273"
GOED = "#1e6b34"  # 6.4:1 on white
SLECHT = "#a4001b"  # 7.9:1 on white
RAND_KLEUR = "#8c8c8c"  # tile borders: decoration

BREEDTE, HOOGTE = 210.0, 297.0  # A4 in millimetres
MARGE = 12.0
MAX_KERNCIJFERS = 4
MAX_PARTNER_REGELS = 3


# --- input --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doel:
    """A SMART goal of a priority: what, from which baseline to which target by which year."""

    tekst: str
    nulwaarde: Getal | None
    streefwaarde: Getal | None
    eenheid: str
    jaar: int | None
    laatste_waarde: Getal | None = None
    op_koers: bool | None = None


@dataclass(frozen=True)
class Prioriteit:
    """A priority of the plan: its theme and its goals (usually one to three)."""

    thema: str
    doelen: list[Doel] = field(default_factory=list)


@dataclass(frozen=True)
class Kerncijfer:
    """A key figure: its value and unit, which way it goes and whether that is good (if known)."""

    label: str
    waarde: Getal | None
    eenheid: str
    trend: Trend = "gelijk"
    trend_is_goed: bool | None = None

    def __post_init__(self) -> None:
        if self.trend not in get_args(Trend):
            raise ValueError(f"trend must be one of {get_args(Trend)}, not {self.trend!r}")


@dataclass(frozen=True)
class Infographic:
    """Everything the one-page summary of a plan shows."""

    gemeente: str
    titel: str  # "Integraal veiligheidsplan"
    periode: str  # "2027–2030"
    prioriteiten: list[Prioriteit] = field(default_factory=list)
    kerncijfers: list[Kerncijfer] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    primaire_kleur: str | None = None  # "#rrggbb" from the gemeente's theme


@dataclass(frozen=True)
class Kleuren:
    """The colours of one infographic, every text colour at 4.5:1 against its background."""

    primair: str  # the band and the number badges
    op_primair: str  # text on the primary colour: white or black
    accent: str  # headings and theme names on white: the primary colour, darker if needed


def kleuren(primaire_kleur: str | None) -> Kleuren:
    """The colours for ``primaire_kleur``, or for :data:`STANDAARD_KLEUR` if that is no hex colour."""
    primair = hex_kleur(primaire_kleur) or STANDAARD_KLEUR
    return Kleuren(primair=primair, op_primair=tekstkleur_op(primair), accent=donkerder_tot(primair, 4.5))


# --- the text alternative -----------------------------------------------------------------------


def _kop(data: Infographic) -> str:
    titel = data.titel.strip()
    periode = data.periode.strip()
    return f"{titel} {periode}" if periode and periode not in titel else titel


def _waarde(waarde: Getal | None, eenheid: str) -> str:
    return "onbekend" if waarde is None else met_eenheid(getal(waarde), eenheid)


def _doel_cijfers(doel: Doel) -> str:
    """``nulmeting 12%, doel 8% in 2030`` (the parts that are known)."""
    delen = []
    if doel.nulwaarde is not None:
        delen.append(f"nulmeting {_waarde(doel.nulwaarde, doel.eenheid)}")
    if doel.streefwaarde is not None:
        jaar = f" in {doel.jaar}" if doel.jaar else ""
        delen.append(f"doel {_waarde(doel.streefwaarde, doel.eenheid)}{jaar}")
    elif doel.jaar:
        delen.append(f"uiterlijk {doel.jaar}")
    return ", ".join(delen)


def _doel_stand(doel: Doel) -> str:
    """``nu 10%, op koers`` (the parts that are known), or empty."""
    delen = []
    if doel.laatste_waarde is not None:
        delen.append(f"nu {_waarde(doel.laatste_waarde, doel.eenheid)}")
    if doel.op_koers is not None:
        delen.append("op koers" if doel.op_koers else "niet op koers")
    return ", ".join(delen)


def _kerncijfer_trend(cijfer: Kerncijfer) -> str:
    oordeel = {True: "gunstig", False: "ongunstig", None: ""}[cijfer.trend_is_goed]
    return f"{cijfer.trend}, {oordeel}" if oordeel else cijfer.trend


def _zin(tekst: str) -> str:
    tekst = tekst.strip()
    return tekst if tekst.endswith((".", "!", "?")) else f"{tekst}."


def _opsomming(namen: Sequence[str]) -> str:
    namen = [n.strip() for n in namen if n.strip()]
    if len(namen) < 2:
        return "".join(namen)
    return f"{', '.join(namen[:-1])} en {namen[-1]}"


def infographic_tekst(data: Infographic) -> str:
    """Everything on the infographic (and what did not fit on it) as Dutch paragraphs."""
    alineas = [_zin(f"{_kop(data)}, {data.gemeente.strip()}")]
    if data.kerncijfers:
        regels_ = ["Kerncijfers:"]
        for cijfer in data.kerncijfers:
            regels_.append(
                _zin(f"{cijfer.label.strip()}: {_waarde(cijfer.waarde, cijfer.eenheid)}, {_kerncijfer_trend(cijfer)}")
            )
        alineas.append("\n".join(regels_))
    if data.prioriteiten:
        alineas.append(f"Prioriteiten ({len(data.prioriteiten)}):")
        for nummer, prioriteit in enumerate(data.prioriteiten, start=1):
            regels_ = [_zin(f"{nummer}. {prioriteit.thema.strip()}")]
            for doel in prioriteit.doelen:
                details = "; ".join(d for d in (_doel_cijfers(doel), _doel_stand(doel)) if d)
                regels_.append(_zin(f"Doel: {doel.tekst.strip().rstrip('.')}" + (f" ({details})" if details else "")))
            alineas.append("\n".join(regels_))
    else:
        alineas.append("Er zijn nog geen prioriteiten.")
    if data.partners:
        alineas.append(_zin(f"Samen met: {_opsomming(data.partners)}"))
    return "\n\n".join(alineas)


# --- the SVG ------------------------------------------------------------------------------------


def _f(waarde: float) -> str:
    tekst = f"{waarde:.2f}".rstrip("0").rstrip(".")
    return "0" if tekst in ("-0", "") else tekst


def _text(x: float, y: float, tekst: str, grootte: float, *, vet: bool = False, kleur: str = TEKST) -> str:
    gewicht = ' font-weight="700"' if vet else ""
    return f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(grootte)}"{gewicht} fill="{kleur}">{xml_tekst(tekst)}</text>'


@dataclass
class _Blok:
    """Lines of text of one part, laid out from y = 0 downwards, and the height they take."""

    onderdelen: list[str] = field(default_factory=list)
    hoogte: float = 0.0

    def tekst(
        self,
        x: float,
        tekst: str,
        breedte: float,
        grootte: float,
        *,
        vet: bool = False,
        kleur: str = TEKST,
        max_regels: int = 3,
        regelafstand: float = 1.25,
    ) -> None:
        for regel in regels(tekst, breedte, grootte, vet=vet, max_regels=max_regels):
            self.hoogte += grootte * regelafstand
            self.onderdelen.append(_text(x, self.hoogte - grootte * 0.3, regel, grootte, vet=vet, kleur=kleur))

    def op(self, x: float, y: float) -> str:
        return f'<g transform="translate({_f(x)} {_f(y)})">{"".join(self.onderdelen)}</g>'


def _pijl(trend: Trend, x: float, y: float, kleur: str) -> str:
    """A trend arrow in a 4 × 4 mm box at (x, y): a shape, so it needs no font."""
    if trend == "stijgend":
        punten = [(2, 0), (4, 2.2), (2.7, 2.2), (2.7, 4), (1.3, 4), (1.3, 2.2), (0, 2.2)]
    elif trend == "dalend":
        punten = [(2, 4), (4, 1.8), (2.7, 1.8), (2.7, 0), (1.3, 0), (1.3, 1.8), (0, 1.8)]
    else:
        punten = [(4, 2), (1.8, 0), (1.8, 1.3), (0, 1.3), (0, 2.7), (1.8, 2.7), (1.8, 4)]
    lijst = " ".join(f"{_f(x + px)},{_f(y + py)}" for px, py in punten)
    return f'<polygon points="{lijst}" fill="{kleur}"/>'


def _kerncijfer_tegel(cijfer: Kerncijfer, breedte: float, kleuren_: Kleuren) -> _Blok:
    binnen = breedte - 6
    blok = _Blok(hoogte=2.0)
    waarde = _waarde(cijfer.waarde, "")
    grootte = 8.0
    while grootte > 4.5 and tekstbreedte(waarde, grootte, vet=True) > binnen:
        grootte -= 0.5
    if cijfer.waarde is not None and tekstbreedte(waarde, grootte, vet=True) > binnen:
        waarde = getal_kort(cijfer.waarde)
    blok.tekst(3, afgekort(waarde, binnen, grootte, vet=True), binnen, grootte, vet=True, kleur=kleuren_.accent)
    if cijfer.eenheid.strip():
        blok.tekst(3, cijfer.eenheid.strip(), binnen, 3.0, kleur=TEKST_ZACHT, max_regels=2)
    blok.hoogte += 1.0
    blok.tekst(3, cijfer.label, binnen, 3.3, vet=True, max_regels=3)
    kleur = {True: GOED, False: SLECHT, None: TEKST_ZACHT}[cijfer.trend_is_goed]
    blok.hoogte += 1.5
    blok.onderdelen.append(_pijl(cijfer.trend, 3, blok.hoogte, kleur))
    trend = afgekort(_kerncijfer_trend(cijfer), binnen - 5.5, 3.0)
    blok.onderdelen.append(_text(8.5, blok.hoogte + 3.4, trend, 3.0, kleur=kleur))
    blok.hoogte += 6.5
    return blok


KOLOM_BREEDTE = (BREEDTE - 2 * MARGE - 10) / 2
INSPRINGING = 9.0


def _prioriteit_blok(nummer: int, prioriteit: Prioriteit, doelen: int, kleuren_: Kleuren) -> _Blok:
    """Priority ``nummer`` with its first ``doelen`` goals (and "en N meer doelen" if fewer)."""
    tekstbreedte_ = KOLOM_BREEDTE - INSPRINGING
    blok = _Blok()
    blok.onderdelen.append(
        f'<circle cx="3.3" cy="3.3" r="3.3" fill="{kleuren_.primair}"/>'
        f'<text x="3.3" y="4.6" font-size="3.6" font-weight="700" text-anchor="middle" '
        f'fill="{kleuren_.op_primair}">{nummer}</text>'
    )
    blok.tekst(INSPRINGING, prioriteit.thema, tekstbreedte_, 4.2, vet=True, kleur=kleuren_.accent, max_regels=2)
    blok.hoogte = max(blok.hoogte, 7.0) + 1.0
    for doel in prioriteit.doelen[:doelen]:
        blok.onderdelen.append(
            f'<rect x="{_f(INSPRINGING)}" y="{_f(blok.hoogte + 1.6)}" width="1.6" height="1.6" '
            f'fill="{kleuren_.accent}"/>'
        )
        blok.tekst(INSPRINGING + 3, doel.tekst, tekstbreedte_ - 3, 3.2, max_regels=3)
        cijfers = _doel_cijfers(doel)
        if cijfers:
            blok.tekst(INSPRINGING + 3, cijfers, tekstbreedte_ - 3, 2.8, kleur=TEKST_ZACHT, max_regels=2)
        stand = _doel_stand(doel)
        if stand:
            kleur = {True: GOED, False: SLECHT, None: TEKST_ZACHT}[doel.op_koers]
            blok.tekst(INSPRINGING + 3, stand, tekstbreedte_ - 3, 2.8, vet=True, kleur=kleur, max_regels=1)
        blok.hoogte += 1.5
    rest = len(prioriteit.doelen) - doelen
    if rest > 0:
        blok.tekst(
            INSPRINGING + 3,
            f"en {rest} meer {'doel' if rest == 1 else 'doelen'}",
            tekstbreedte_ - 3,
            2.8,
            kleur=TEKST_ZACHT,
            max_regels=1,
        )
    blok.hoogte += 4.0
    return blok


def _partners_regels(partners: Sequence[str], breedte: float, grootte: float) -> list[str]:
    """As many partner names as fit in :data:`MAX_PARTNER_REGELS` lines, then "en N meer"."""
    namen = [n.strip() for n in partners if n.strip()]
    for getoond in range(len(namen), 0, -1):
        rest = len(namen) - getoond
        tekst = ", ".join(namen[:getoond]) + (f" en {rest} meer" if rest else "")
        uit = regels(tekst, breedte, grootte, max_regels=MAX_PARTNER_REGELS + 1)
        if len(uit) <= MAX_PARTNER_REGELS:
            return uit
    return regels(f"{len(namen)} partners", breedte, grootte, max_regels=1) if namen else []


def infographic_svg(data: Infographic) -> str:
    """The infographic as an A4 portrait SVG in millimetres (``viewBox="0 0 210 297"``).

    It has no ``width``/``height``: the page gives it its width, the PDF's CSS
    ``width: 210mm; height: 297mm`` (resvg-py refuses sizes in mm, so they stay out).
    WeasyPrint renders it inline; the render process fetches no ``data:`` URLs, so not as ``<img>``.
    """
    kleuren_ = kleuren(data.primaire_kleur)
    breedte = BREEDTE - 2 * MARGE
    onderdelen: list[str] = [f'<rect width="{_f(BREEDTE)}" height="{_f(HOOGTE)}" fill="{WIT}"/>']

    # The band: gemeente, title, period.
    kop = _Blok(hoogte=6.0)
    kop.tekst(0, data.gemeente, breedte, 4.2, vet=True, kleur=kleuren_.op_primair, max_regels=1)
    kop.hoogte += 1.5
    kop.tekst(0, data.titel, breedte, 8.5, vet=True, kleur=kleuren_.op_primair, max_regels=2, regelafstand=1.2)
    if data.periode.strip() and data.periode.strip() not in data.titel:
        kop.hoogte += 1.0
        kop.tekst(0, data.periode, breedte, 5.0, kleur=kleuren_.op_primair, max_regels=1)
    band = kop.hoogte + 8.0
    onderdelen.append(f'<rect class="band" width="{_f(BREEDTE)}" height="{_f(band)}" fill="{kleuren_.primair}"/>')
    onderdelen.append(kop.op(MARGE, 0))
    y = band + 6.0

    # The key figures: at most four tiles in a row.
    if data.kerncijfers:
        y = _sectiekop(onderdelen, "Kerncijfers", y, kleuren_)
        getoond = data.kerncijfers[:MAX_KERNCIJFERS]
        tegelbreedte = (breedte - 4 * (MAX_KERNCIJFERS - 1)) / MAX_KERNCIJFERS
        tegels = [_kerncijfer_tegel(c, tegelbreedte, kleuren_) for c in getoond]
        tegelhoogte = max(t.hoogte for t in tegels) + 1.0
        for plek, tegel in enumerate(tegels):
            x = MARGE + plek * (tegelbreedte + 4)
            onderdelen.append(
                f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(tegelbreedte)}" height="{_f(tegelhoogte)}" rx="1.5" '
                f'fill="{WIT}" stroke="{RAND_KLEUR}" stroke-width="0.3"/>'
                f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(tegelbreedte)}" height="1.2" fill="{kleuren_.primair}"/>'
            )
            onderdelen.append(tegel.op(x, y))
        y += tegelhoogte + 2.0
        rest = len(data.kerncijfers) - len(getoond)
        if rest:
            onderdelen.append(_text(MARGE, y + 3.0, f"en {rest} meer kerncijfers", 2.8, kleur=TEKST_ZACHT))
            y += 4.0
        y += 4.0

    # The partners, at the bottom of the page.
    partner_regels = _partners_regels(data.partners, breedte, 3.3)
    onder = HOOGTE - MARGE
    if partner_regels:
        partner_top = onder - 8.0 - len(partner_regels) * 3.3 * 1.3
        onderdelen.append(
            f'<line x1="{_f(MARGE)}" y1="{_f(partner_top - 3)}" x2="{_f(BREEDTE - MARGE)}" '
            f'y2="{_f(partner_top - 3)}" stroke="{kleuren_.primair}" stroke-width="0.5"/>'
        )
        regel_y = _sectiekop(onderdelen, "Samen met", partner_top, kleuren_)
        for regel in partner_regels:
            regel_y += 3.3 * 1.3
            onderdelen.append(_text(MARGE, regel_y - 1.0, regel, 3.3))
        onder = partner_top - 7.0

    # The priorities, in two columns, while they fit.
    y = _sectiekop(onderdelen, "Prioriteiten en doelen", y, kleuren_)
    onderdelen.extend(_prioriteiten(data.prioriteiten, y, onder, kleuren_))

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(BREEDTE)} {_f(HOOGTE)}" role="img" '
        f'aria-labelledby="infographic-titel infographic-beschrijving" font-family="{FONT}" fill="{TEKST}">'
        f'<title id="infographic-titel">{xml_tekst(f"{_kop(data)} – {data.gemeente.strip()}")}</title>'
        f'<desc id="infographic-beschrijving">{xml_tekst(infographic_tekst(data))}</desc>'
        + "".join(onderdelen)
        + "</svg>"
    )


def _sectiekop(onderdelen: list[str], tekst: str, y: float, kleuren_: Kleuren) -> float:
    onderdelen.append(_text(MARGE, y + 4.2, tekst, 5.0, vet=True, kleur=kleuren_.accent))
    return y + 8.0


def _prioriteiten(prioriteiten: Sequence[Prioriteit], boven: float, onder: float, kleuren_: Kleuren) -> list[str]:
    """Place the priorities in two columns, left first; count what does not fit."""
    if not prioriteiten:
        return [_text(MARGE, boven + 4, "Nog geen prioriteiten.", 3.3, kleur=TEKST_ZACHT)]
    kolommen = (MARGE, MARGE + KOLOM_BREEDTE + 10)
    blokken = [_prioriteit_blok(n, p, len(p.doelen), kleuren_) for n, p in enumerate(prioriteiten, start=1)]
    hoogtes = [blok.hoogte for blok in blokken]
    ruimte = onder - boven

    # Everything fits: split where the two columns are the most even.
    splitsingen = [k for k in range(1, len(blokken) + 1) if sum(hoogtes[:k]) <= ruimte and sum(hoogtes[k:]) <= ruimte]
    if splitsingen:
        k = min(splitsingen, key=lambda k: max(sum(hoogtes[:k]), sum(hoogtes[k:])))
        uit = []
        for kolom, deel in ((0, blokken[:k]), (1, blokken[k:])):
            y = boven
            for blok in deel:
                uit.append(blok.op(kolommen[kolom], y))
                y += blok.hoogte
        return uit

    # Not everything fits: fill the left column, then the right one, the last priority there
    # with as many goals as fit; say how many more there are on a line under the columns.
    meer_regel = 5.0
    onder -= meer_regel
    kolom, y = 0, boven
    uit = []
    geplaatst = 0
    for nummer, (prioriteit, blok) in enumerate(zip(prioriteiten, blokken, strict=True), start=1):
        if y + blok.hoogte > onder and kolom + 1 < len(kolommen):
            kolom, y = kolom + 1, boven
        for doelen in range(len(prioriteit.doelen) - 1, 0, -1):
            if y + blok.hoogte <= onder:
                break
            blok = _prioriteit_blok(nummer, prioriteit, doelen, kleuren_)
        if y + blok.hoogte > onder:
            break
        uit.append(blok.op(kolommen[kolom], y))
        y += blok.hoogte
        geplaatst += 1
    rest = prioriteiten[geplaatst:]
    if rest:
        doelen = sum(len(p.doelen) for p in rest)
        meer = f"en {len(rest)} meer {'prioriteit' if len(rest) == 1 else 'prioriteiten'}"
        if doelen:
            meer += f" met {doelen} {'doel' if doelen == 1 else 'doelen'}"
        uit.append(_text(MARGE, onder + meer_regel - 1.0, f"{meer} (zie de tekstversie)", 3.0, vet=True))
    return uit


# --- PNG ----------------------------------------------------------------------------------------

FONT_MAP = Path(__file__).resolve().parent.parent / "static" / "vendor" / "fonts"
FONT_BESTANDEN = ("noto-sans-latin-400-normal.woff2", "noto-sans-latin-700-normal.woff2")
MAX_PNG_BREEDTE = 6000
_VERBODEN = re.compile(r"<(image|feImage|!ENTITY|!DOCTYPE)\b", re.IGNORECASE)


@functools.cache
def _lettertypen() -> tuple[str, ...]:
    """The vendored Noto Sans as TrueType files for resvg (which reads no WOFF2), made once per
    process in a private temporary directory that is removed when the process ends."""
    from fontTools.ttLib import TTFont

    map_ = Path(tempfile.mkdtemp(prefix="kapstok-fonts-"))
    atexit.register(shutil.rmtree, map_, ignore_errors=True)
    paden = []
    for naam in FONT_BESTANDEN:
        bron = FONT_MAP / naam
        if not bron.is_file():
            raise FileNotFoundError(f"vendored font {bron} is missing; run make vendor")
        font = TTFont(bron)
        font.flavor = None
        doel = map_ / bron.with_suffix(".ttf").name
        font.save(doel)
        paden.append(str(doel))
    return tuple(paden)


def svg_to_png(svg: str, *, breedte_px: int) -> bytes:
    """``svg`` (one of ours: no images, no external files) as PNG ``breedte_px`` pixels wide.

    Rendered by resvg with the app's Noto Sans, so the same SVG gives the same bytes; a glyph
    Noto lacks comes from a system font.
    """
    import resvg_py

    if _VERBODEN.search(svg):
        raise ValueError("svg_to_png renders our own SVGs: no images, entities or doctype")
    if not 1 <= breedte_px <= MAX_PNG_BREEDTE:
        raise ValueError(f"breedte_px must be between 1 and {MAX_PNG_BREEDTE}")
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            width=breedte_px,
            font_files=list(_lettertypen()),
            font_family="Noto Sans",
            sans_serif_family="Noto Sans",
        )
    )
