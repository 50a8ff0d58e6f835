"""The data of a document: its documented placeholders, and text that is safe in Word's XML.

Every capability gathers its document's data as plain dicts and lists and documents their shape
once, as a tuple of :class:`Placeholder` (the template page and the docs show it, the tests
compare it with :func:`placeholder_paths` of the data).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Placeholder:
    """One value a template can use: its path (``[]`` marks a list) and its meaning in Dutch."""

    naam: str
    betekenis: str


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_KEYS = frozenset({"png", "beschrijving"})


def image(png: bytes, beschrijving: str) -> dict[str, Any]:
    """A picture for a Word document: PNG bytes and the text that describes it (its alt text).

    The render process places it where the template writes its placeholder, as an image of 150
    dpi and at most :data:`documents.worker.IMAGE_MAX_MM` wide (``documents.worker.fill_docx``).
    """
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("image() takes PNG bytes")
    return {"png": png, "beschrijving": beschrijving}


def is_image(value: Any) -> bool:
    """Whether ``value`` is a picture made by :func:`image`."""
    return (
        isinstance(value, dict)
        and set(value) == IMAGE_KEYS
        and isinstance(value["png"], bytes)
        and value["png"].startswith(PNG_SIGNATURE)
    )


def placeholder_paths(data: Any, prefix: str = "") -> set[str]:
    """The paths of ``data`` in the notation of the placeholders (of a list: its first item).

    Groups (dicts) are not paths of their own; their values are. A picture (:func:`image`) is.
    """
    paths: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            if is_image(value):
                paths.add(path)
                continue
            if isinstance(value, list):
                path += "[]"
                paths.add(path)
                value = value[0] if value else None
            elif not isinstance(value, dict):
                paths.add(path)
            paths |= placeholder_paths(value, path)
    return paths


def placeholders_markdown(placeholders: Iterable[Placeholder]) -> str:
    """The table of ``placeholders`` as Markdown (the docs hold these tables)."""
    lines = ["| veld | betekenis |", "|---|---|"]
    lines += [f"| `{p.naam}` | {p.betekenis} |" for p in placeholders]
    return "\n".join(lines) + "\n"


def text(value: Any) -> str | None:
    """Text for a document: control characters (invalid in Word's XML) removed; empty → None."""
    if value is None:
        return None
    cleaned = _CONTROL.sub("", str(value)).strip()
    return cleaned or None
