"""Small Word files for the tests."""

from __future__ import annotations

import io

import docx


def template_with(*paragraphs: str) -> bytes:
    """A Word template: one paragraph per argument."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """The text of every paragraph of a .docx, one per line."""
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
