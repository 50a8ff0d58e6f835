"""Reading our SVGs back in tests: parse, find elements, where each text ends up, contrast."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

from ivp.charts import tekstbreedte

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 -- our own output, parsed to check it


def alle(root: ElementTree.Element, tag: str) -> list[ElementTree.Element]:
    return list(root.iter(f"{NS}{tag}"))


def met_klasse(root: ElementTree.Element, klasse: str) -> list[ElementTree.Element]:
    return [e for e in root.iter() if klasse in (e.get("class") or "").split()]


@dataclass(frozen=True)
class Tekst:
    tekst: str
    x: float  # where it starts, after text-anchor
    y: float  # baseline
    grootte: float
    breedte: float  # estimated
    kleur: str | None
    klasse: str = ""

    @property
    def boven(self) -> float:
        return self.y - self.grootte  # ascenders stay below one em above the baseline

    @property
    def onder(self) -> float:
        return self.y + self.grootte * 0.3

    @property
    def rechts(self) -> float:
        return self.x + self.breedte


def teksten(root: ElementTree.Element) -> list[Tekst]:
    """Every <text> outside <title>/<desc>, in page coordinates (translate() of its groups added)."""
    uit: list[Tekst] = []

    def loop(element: ElementTree.Element, dx: float, dy: float) -> None:
        gevonden = re.match(r"translate\(([-\d.]+)[ ,]+([-\d.]+)\)", element.get("transform") or "")
        if gevonden:
            dx, dy = dx + float(gevonden.group(1)), dy + float(gevonden.group(2))
        if element.tag == f"{NS}text":
            grootte = float(element.get("font-size") or 16)
            tekst = "".join(element.itertext())
            breedte = tekstbreedte(tekst, grootte, vet=element.get("font-weight") == "700")
            x = dx + float(element.get("x") or 0)
            anker = element.get("text-anchor") or "start"
            x -= {"start": 0, "middle": breedte / 2, "end": breedte}[anker]
            y = dy + float(element.get("y") or 0)
            uit.append(Tekst(tekst, x, y, grootte, breedte, element.get("fill"), element.get("class") or ""))
            return
        for kind in element:
            if kind.tag not in (f"{NS}title", f"{NS}desc"):
                loop(kind, dx, dy)

    loop(root, 0.0, 0.0)
    return uit


def viewbox(root: ElementTree.Element) -> tuple[float, float, float, float]:
    x, y, b, h = (float(v) for v in (root.get("viewBox") or "").split())
    return x, y, b, h


def luminantie(kleur: str) -> float:
    """WCAG 2 relative luminance, written out here so the tests do not trust the module's own."""
    kanalen = [int(kleur[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lineair = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in kanalen]
    return 0.2126 * lineair[0] + 0.7152 * lineair[1] + 0.0722 * lineair[2]


def contrast(a: str, b: str) -> float:
    licht, donker = sorted((luminantie(a), luminantie(b)), reverse=True)
    return (licht + 0.05) / (donker + 0.05)
