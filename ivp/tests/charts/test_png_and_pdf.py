"""The infographic and the charts as PNG (for Word and the download) and inside a PDF (WeasyPrint)."""

from __future__ import annotations

import logging
import struct

import pytest

from documents import worker
from ivp.charts import Punt, Reeks, trend_svg
from ivp.infographic import FONT_MAP, infographic_svg, svg_to_png

from .svg import NS, alle, parse
from .test_infographic import plan

PNG_HANDTEKENING = b"\x89PNG\r\n\x1a\n"


def afmetingen(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    breedte, hoogte = struct.unpack(">II", png[16:24])
    return breedte, hoogte


def test_the_infographic_png_has_the_png_signature_and_the_requested_width() -> None:
    png = svg_to_png(infographic_svg(plan()), breedte_px=1240)

    assert png.startswith(PNG_HANDTEKENING)
    assert afmetingen(png) == (1240, 1754)  # A4's proportions


def test_a_trend_chart_becomes_a_png_of_the_requested_width() -> None:
    svg = trend_svg(
        titel="Woninginbraken",
        eenheid="",
        reeksen=[Reeks("Utrecht", [Punt("2023", 4), Punt("2024", 3)])],
        lager_is_beter=True,
        id_prefix="t",
    )

    assert afmetingen(svg_to_png(svg, breedte_px=1280)) == (1280, 560)


def test_the_same_svg_gives_the_same_png() -> None:
    svg = infographic_svg(plan())

    assert svg_to_png(svg, breedte_px=800) == svg_to_png(svg, breedte_px=800)


def test_the_png_uses_the_apps_own_noto_sans() -> None:
    def met_lettertype(familie: str) -> bytes:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20"><rect width="100" height="20" fill="#fff"/>'
            f'<text x="2" y="14" font-size="12" font-family="{familie}">Kapstok 2027</text></svg>'
        )
        return svg_to_png(svg, breedte_px=400)

    # Without the converted Noto Sans, resvg would fall back to a system font such as DejaVu Sans.
    assert met_lettertype("Noto Sans") != met_lettertype("DejaVu Sans")


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image href="/etc/passwd"/></svg>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    ],
)
def test_it_refuses_svgs_that_would_read_other_files(svg: str) -> None:
    with pytest.raises(ValueError, match="our own SVGs"):
        svg_to_png(svg, breedte_px=100)


@pytest.mark.parametrize("breedte", [0, -1, 100_000])
def test_it_refuses_an_unreasonable_width(breedte: int) -> None:
    with pytest.raises(ValueError, match="breedte_px"):
        svg_to_png(infographic_svg(plan()), breedte_px=breedte)


def test_weasyprint_renders_the_infographic_on_one_a4_pdf_page(caplog: pytest.LogCaptureFixture) -> None:
    """Inline, the way the plan's PDF will embed it (the render process fetches only font files)."""
    svg = infographic_svg(plan(primaire_kleur="#5b2c86"))
    fonts = [(FONT_MAP / f"noto-sans-latin-{gewicht}-normal.woff2").as_uri() for gewicht in (400, 700)]
    faces = "".join(
        f'@font-face {{ font-family: "Noto Sans"; font-weight: {gewicht}; src: url("{url}") format("woff2"); }}'
        for gewicht, url in zip((400, 700), fonts, strict=True)
    )
    html = (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Infographic</title><style>{faces}'
        "@page { size: A4; margin: 0 } body { margin: 0 } svg { display: block; width: 210mm; height: 297mm }"
        f"</style></head><body>{svg}</body></html>"
    )

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = worker.layout_pdf(html, fonts, fonts[0].rsplit("/", 1)[0] + "/")
        pdf = document.write_pdf(pdf_variant=worker.PDF_VARIANT, uncompressed_pdf=True)

    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert len(document.pages) == 1
    assert (document.pages[0].width, document.pages[0].height) == pytest.approx((793.7, 1122.52), abs=0.1)
    assert pdf.startswith(b"%PDF")
    assert b"0.356863 0.172549 0.52549 rg" in pdf  # the band in the primary colour
    assert b"Noto-Sans-Bold" in pdf and b"/FontFile2" in pdf  # its text, in the embedded fonts
    assert pdf.count(b"\nBT\n") >= len(alle(parse(svg), "text")) > 40
    assert parse(svg).find(f"{NS}desc") is not None
