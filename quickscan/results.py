"""What a scan says: the grid with level names, averages per theme and aspect, and the change per cell
against the previous completed scan; and the development over all completed scans.

Plain data in (scores already read), plain data out: no queries here, so each page reads a fixed
number of rows whatever the number of scans.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .models import HOOGSTE, Aspect, Niveau, Quickscan, Score, Thema

STAAF = 60  # the width of a bar of the highest level, in pixels


def getal(waarde: Decimal | None) -> str:
    """A level or an average as Dutch text with one decimal: ``2,4``; ``—`` for none."""
    if waarde is None:
        return "—"
    return f"{waarde.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}".replace(".", ",")


def verschil_tekst(nu: Decimal | None, toen: Decimal | None) -> str:
    """How an average moved, in words: ``gestegen met 0,3``, ``gedaald met 0,5``, ``gelijk``."""
    if nu is None or toen is None:
        return ""
    delta = (nu - toen).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if delta > 0:
        return f"gestegen met {getal(delta)}"
    if delta < 0:
        return f"gedaald met {getal(-delta)}"
    return "gelijk"


def gemiddelde(niveaus: Iterable[int | None]) -> Decimal | None:
    scored = [n for n in niveaus if n is not None]
    return Decimal(sum(scored)) / len(scored) if scored else None


def staaf(waarde: Decimal | None) -> int:
    """The width of the bar of a level or average (0 for none)."""
    return 0 if waarde is None else int(waarde * STAAF / HOOGSTE)


@dataclass(frozen=True)
class Cel:
    score: Score
    niveau: int | None
    naam: str  # the level's name, "" when not scored
    vorige: int | None  # the level in the previous completed scan
    richting: str  # "omhoog", "omlaag", "gelijk" or "" (nothing to compare)

    @property
    def verandering(self) -> str:
        """The change in words, never only by colour or arrow."""
        if self.richting == "omhoog":
            return f"gestegen (was {self.vorige})"
        if self.richting == "omlaag":
            return f"gedaald (was {self.vorige})"
        if self.richting == "gelijk":
            return "gelijk gebleven"
        return ""


@dataclass(frozen=True)
class Rij:
    thema: str
    label: str
    cellen: list[Cel]
    gemiddelde: Decimal | None
    vorige_gemiddelde: Decimal | None

    @property
    def gemiddelde_tekst(self) -> str:
        return getal(self.gemiddelde)

    @property
    def verschil(self) -> str:
        return verschil_tekst(self.gemiddelde, self.vorige_gemiddelde)


@dataclass(frozen=True)
class Kolom:
    aspect: str
    label: str
    gemiddelde: Decimal | None
    vorige_gemiddelde: Decimal | None

    @property
    def gemiddelde_tekst(self) -> str:
        return getal(self.gemiddelde)

    @property
    def verschil(self) -> str:
        return verschil_tekst(self.gemiddelde, self.vorige_gemiddelde)


@dataclass(frozen=True)
class Rooster:
    rijen: list[Rij]
    kolommen: list[Kolom]
    totaal: Decimal | None
    vorige_totaal: Decimal | None
    gescoord: int
    cellen: int

    @property
    def totaal_tekst(self) -> str:
        return getal(self.totaal)

    @property
    def verschil(self) -> str:
        return verschil_tekst(self.totaal, self.vorige_totaal)


def _richting(nu: int | None, toen: int | None) -> str:
    if nu is None or toen is None:
        return ""
    return "omhoog" if nu > toen else "omlaag" if nu < toen else "gelijk"


def rooster(scores: Sequence[Score], vorige: Sequence[Score], niveaus: Sequence[Niveau]) -> Rooster:
    """The grid of one scan (``scores``, every cell) against the previous completed scan (``vorige``,
    empty when there is none)."""
    namen = {n.nummer: n.naam for n in niveaus}
    eerder = {s.cel: s.niveau for s in vorige}
    nu = {s.cel: s for s in scores}
    rijen = []
    for thema in Thema:
        cellen = []
        for aspect in Aspect.values:
            score = nu[(thema.value, aspect)]
            toen = eerder.get((thema.value, aspect))
            naam = namen.get(score.niveau, "") if score.niveau is not None else ""
            cellen.append(Cel(score, score.niveau, naam, toen, _richting(score.niveau, toen)))
        rijen.append(
            Rij(
                thema=thema.value,
                label=str(thema.label),
                cellen=cellen,
                gemiddelde=gemiddelde(c.niveau for c in cellen),
                vorige_gemiddelde=gemiddelde(eerder.get((thema.value, a)) for a in Aspect.values) if eerder else None,
            )
        )
    kolommen = [
        Kolom(
            aspect=aspect.value,
            label=str(aspect.label),
            gemiddelde=gemiddelde(nu[(t, aspect.value)].niveau for t in Thema.values),
            vorige_gemiddelde=gemiddelde(eerder.get((t, aspect.value)) for t in Thema.values) if eerder else None,
        )
        for aspect in Aspect
    ]
    return Rooster(
        rijen=rijen,
        kolommen=kolommen,
        totaal=gemiddelde(s.niveau for s in scores),
        vorige_totaal=gemiddelde(eerder.values()) if eerder else None,
        gescoord=sum(s.niveau is not None for s in scores),
        cellen=len(scores),
    )


# --- the development over the completed scans -------------------------------------------------------


@dataclass(frozen=True)
class Punt:
    """The average of a theme (or of all themes) in one scan, with its bar."""

    gemiddelde: Decimal | None

    @property
    def tekst(self) -> str:
        return getal(self.gemiddelde)

    @property
    def staaf(self) -> int:
        return staaf(self.gemiddelde)


@dataclass(frozen=True)
class Meting:
    scan: Quickscan
    punten: list[Punt]  # one per theme, in the themes' order
    totaal: Punt


@dataclass(frozen=True)
class Daling:
    scan: Quickscan
    vorige: Quickscan
    thema: str
    aspect: str
    was: int
    werd: int

    @property
    def cel(self) -> str:
        return f"{Thema(self.thema).label} – {Aspect(self.aspect).label}"


@dataclass(frozen=True)
class Ontwikkeling:
    metingen: list[Meting]  # oldest first
    dalingen: list[Daling]  # newest scan first
    themas: list[tuple[str, str]]  # (code, label)


def ontwikkeling(scans: Sequence[Quickscan], scores: Iterable[tuple[Any, str, str, int | None]]) -> Ontwikkeling:
    """The averages per theme per completed scan (``scans`` oldest first) and the cells that went down from
    one scan to the next; ``scores`` are (scan id, thema, aspect, niveau) of those scans."""
    per_scan: dict[Any, dict[tuple[str, str], int | None]] = defaultdict(dict)
    for scan_id, thema, aspect, niveau in scores:
        per_scan[scan_id][(thema, aspect)] = niveau
    metingen = []
    for scan in scans:
        cellen = per_scan.get(scan.pk, {})
        punten = [Punt(gemiddelde(cellen.get((t, a)) for a in Aspect.values)) for t in Thema.values]
        metingen.append(Meting(scan=scan, punten=punten, totaal=Punt(gemiddelde(cellen.values()))))
    dalingen = []
    for vorige, scan in reversed(list(itertools.pairwise(scans))):
        toen, nu = per_scan.get(vorige.pk, {}), per_scan.get(scan.pk, {})
        for thema in Thema.values:
            for aspect in Aspect.values:
                was, werd = toen.get((thema, aspect)), nu.get((thema, aspect))
                if was is not None and werd is not None and werd < was:
                    dalingen.append(Daling(scan, vorige, thema, aspect, was, werd))
    return Ontwikkeling(metingen=metingen, dalingen=dalingen, themas=[(t.value, str(t.label)) for t in Thema])
