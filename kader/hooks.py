"""What the apps above the kader bring into a version of it, without the kader importing them.

The kader sits below the apps that feed it (docs/adr/0007-layers.md): the PDCA cycle's findings
taken up into the next version, for one. Such an app registers a callable here in its
``AppConfig.ready()``; the overview of the kader calls each once for the open version (one query
each) and shows what they return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import KaderVersie


@dataclass(frozen=True)
class Contribution:
    """One thing taken up into a version: its text, where it comes from, and the page of its source."""

    tekst: str
    bron: str  # in Dutch: "Interne audit 2026 (tekortkoming)"
    url: str


Source = Callable[[KaderVersie], list[Contribution]]
_SOURCES: list[Source] = []


def register(source: Source) -> None:
    """Add ``source`` (once, however often an app's ``ready()`` runs)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def contributions(versie: KaderVersie) -> list[Contribution]:
    """What every registered app took up into ``versie`` (one query per app)."""
    return [found for source in _SOURCES for found in source(versie)]
