"""The heat map of the risk register as an SVG made from data, and the rows of its table.

The SVG shows, per cell of the matrix, the colour of its level, the level's name and the number
of risks; cells above the risk appetite get a thick border, so colour is never the only cue. It
uses presentation attributes only (the page's Content-Security-Policy allows no ``style``),
carries a ``<title>`` and a ``<desc>`` with the same summary the page prints, and is an image: the
table beside it (:func:`rows`) holds the same counts with a link per cell to its risks.
"""

from __future__ import annotations

import html
from typing import Any

from .models import Matrix

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
TEXT = "#0b0c0c"
CELL, LABEL_W, LABEL_H = 84, 170, 46


def rows(matrix: Matrix, grid: list[list[int]], prefix: str) -> list[dict[str, Any]]:
    """Per kans class, from high to low, its cells: count, level, above the appetite, drill-down key."""
    found = []
    for r, counts in enumerate(grid):
        kans = matrix.kans_size - r
        cells = []
        for impact, n in enumerate(counts, start=1):
            level = matrix.niveau(kans, impact)
            cells.append(
                {
                    "n": n,
                    "impact": impact,
                    "niveau": matrix.niveau_naam(level),
                    "kleur": matrix.niveaus[level or 0]["kleur"],
                    "boven": matrix.boven_tolerantie(level),
                    "cel": f"{prefix}-{kans}-{impact}",
                }
            )
        found.append({"kans": kans, "label": matrix.kans_labels[kans - 1], "cells": cells})
    return found


def summary(matrix: Matrix, grid: list[list[int]], kop: str) -> str:
    total = sum(map(sum, grid))
    above = sum(
        n
        for r, counts in enumerate(grid)
        for i, n in enumerate(counts, start=1)
        if matrix.boven_tolerantie(matrix.niveau(matrix.kans_size - r, i))
    )
    return f"{kop}: {total} gescoorde risico's, waarvan {above} boven de risicobereidheid."


def _short(text: str, size: int = 16) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def svg(matrix: Matrix, grid: list[list[int]], kop: str, ident: str) -> str:
    """The heat map as an inline SVG (an image: the table beside it is the accessible version)."""
    e = html.escape
    width = LABEL_W + CELL * matrix.impact_size + 8
    height = CELL * matrix.kans_size + LABEL_H + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-titel {ident}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="kapstok-heatmap-svg" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">',
        f'<title id="{ident}-titel">{e(kop)}</title>',
        f'<desc id="{ident}-desc">{e(summary(matrix, grid, kop))}</desc>',
    ]
    for r, row in enumerate(rows(matrix, grid, "x")):
        y = r * CELL
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + CELL / 2 + 4}" text-anchor="end">{e(_short(row["label"], 24))}</text>'
        )
        for c, cell in enumerate(row["cells"]):
            x = LABEL_W + c * CELL
            stroke = 'stroke="#0b0c0c" stroke-width="4"' if cell["boven"] else 'stroke="#ffffff" stroke-width="2"'
            parts.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{CELL - 4}" height="{CELL - 4}" fill="{e(cell["kleur"])}" {stroke}/>'
            )
            parts.append(
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2}" text-anchor="middle" font-size="20" '
                f'font-weight="bold">{cell["n"]}</text>'
            )
            parts.append(
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 18}" text-anchor="middle">{e(_short(cell["niveau"], 12))}</text>'
            )
    base = CELL * matrix.kans_size
    for c, label in enumerate(matrix.impact_labels):
        middle = LABEL_W + c * CELL + CELL / 2
        parts.append(f'<text x="{middle}" y="{base + 18}" text-anchor="middle">{e(_short(label, 13))}</text>')
    parts.append(
        f'<text x="{LABEL_W + CELL * matrix.impact_size / 2}" y="{base + 38}" text-anchor="middle" '
        f'font-weight="bold">Impact →</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
