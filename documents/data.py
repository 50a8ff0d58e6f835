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


def placeholder_paths(data: Any, prefix: str = "") -> set[str]:
    """The paths of ``data`` in the notation of the placeholders (of a list: its first item).

    Groups (dicts) are not paths of their own; their values are.
    """
    paths: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
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
