"""PDF/A-2a from HTML with WeasyPrint, in the render process, with the vendored Noto fonts.

A capability renders its own HTML (a Django template of the capability, with ``fonts`` from
:func:`font_faces` for its ``@font-face`` rules) and passes it to :func:`render_pdf`. The
render process lays it out as tagged PDF/A-2a (``lang`` and ``<title>`` of the HTML become the
PDF's language and title) and may read the font files and nothing else: no network, no other
files, whatever the data contains.

The HTML is the capability's own template, not a user's, so the limits are fixed rather than
measured: :data:`PDF_LIMITS` (the demo kader takes about 1.5 s of CPU time and 250 MB).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders

from documents import runner, slots, worker

PDF_TYPE = "application/pdf"
PDF_LIMITS = runner.Limits(cpu_seconds=20.0, memory_bytes=1024 * 1024 * 1024, wall_seconds=45.0)

FONTS = {
    ("Noto Sans", 400): "vendor/fonts/noto-sans-latin-400-normal.woff2",
    ("Noto Sans", 700): "vendor/fonts/noto-sans-latin-700-normal.woff2",
    ("Noto Serif", 400): "vendor/fonts/noto-serif-latin-400-normal.woff2",
    ("Noto Serif", 700): "vendor/fonts/noto-serif-latin-700-normal.woff2",
}


def font_faces() -> list[dict[str, Any]]:
    """The vendored fonts as ``{"family", "weight", "url"}`` (``file://`` URLs) for ``@font-face``."""
    faces = []
    for (family, weight), path in FONTS.items():
        found = finders.find(path)
        if not found:
            raise FileNotFoundError(f"vendored font {path} is missing; run make vendor")
        faces.append({"family": family, "weight": weight, "url": Path(str(found)).resolve().as_uri()})
    return faces


def _files(fonts: list[dict[str, Any]]) -> tuple[list[str], str]:
    urls = [face["url"] for face in fonts]
    base_url = urls[0].rsplit("/", 1)[0] + "/" if urls else "file:///nonexistent/"  # relative URLs go nowhere
    return urls, base_url


def layout(html: str, fonts: list[dict[str, Any]]) -> Any:
    """``html`` laid out on pages in this process, to inspect the layout (tests, our own templates).

    Documents for users are made by :func:`render_pdf`, in the render process with its limits.
    """
    return worker.layout_pdf(html, *_files(fonts))


def render_pdf(html: str, fonts: list[dict[str, Any]]) -> bytes:
    """``html`` as tagged PDF/A-2a; only the files of ``fonts`` (from :func:`font_faces`) are read.

    Raises a DocumentError subclass (errors.py) if the render fails or passes its limits,
    RenderBusy if every render slot of the instance is taken.
    """
    urls, base_url = _files(fonts)
    with slots.render_slot():
        result = runner.run(worker.write_pdf, html, urls, base_url, limits=PDF_LIMITS)
    return bytes(result.value)
