"""The one error of this package: a file, or an answer of the API, that cannot be read.

Messages are Dutch and meant for the civil servant who uploaded the file: they say where
(line or record, and column) and what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_FOUTEN = 20


class OpendataFout(Exception):
    """A file or API answer that is not what it says it is.

    ``regel`` is the line in a CSV file (1 is the first line of the file), ``record`` the
    position of a record in a JSON ``value`` list (1 is the first), ``kolom`` the column
    name (or, for broken JSON, the character position on the line). A refusal that collects
    several problems has them in ``fouten``; a single one has itself there.
    """

    def __init__(
        self,
        message: str,
        regel: int | None = None,
        kolom: str | int | None = None,
        *,
        record: int | None = None,
        fouten: Sequence[OpendataFout] = (),
    ) -> None:
        self.message = message
        self.regel = regel
        self.kolom = kolom
        self.record = record
        self.fouten: tuple[OpendataFout, ...] = tuple(fouten) or (self,)
        super().__init__(str(self))

    @property
    def plaats(self) -> str:
        """Where it went wrong, e.g. "Regel 12, kolom 'Perioden'", or "" when not known."""
        parts = []
        if self.regel is not None:
            parts.append(f"Regel {self.regel}")
        if self.record is not None:
            parts.append(f"Record {self.record}")
        if isinstance(self.kolom, int):
            parts.append(f"positie {self.kolom}")
        elif self.kolom is not None:
            parts.append(f"kolom '{self.kolom}'")
        if not parts:
            return ""
        text = ", ".join(parts)
        return text[0].upper() + text[1:]

    def __str__(self) -> str:
        if len(self.fouten) > 1 or self.fouten[0] is not self:
            return "\n".join([self.message, *(str(fout) for fout in self.fouten)])
        return f"{self.plaats}: {self.message}" if self.plaats else self.message


class Fouten:
    """Collects row errors so that the user sees up to ``MAX_FOUTEN`` of them at once."""

    def __init__(self, limit: int = MAX_FOUTEN) -> None:
        self.limit = limit
        self.items: list[OpendataFout] = []

    def add(
        self, message: str, *, regel: int | None = None, record: int | None = None, kolom: str | None = None
    ) -> None:
        """Record one error; give up with all of them once the limit is reached."""
        self.items.append(OpendataFout(message, regel, kolom, record=record))
        if len(self.items) >= self.limit:
            raise OpendataFout(
                f"Het bestand is niet ingelezen: na {self.limit} fouten is het lezen gestopt. Herstel deze eerst.",
                fouten=self.items,
            )

    def raise_if_any(self) -> None:
        """Refuse the whole file when any row was wrong: a result is never half filled."""
        if len(self.items) == 1:
            raise self.items[0]
        if self.items:
            raise OpendataFout(f"Het bestand is niet ingelezen: {len(self.items)} fouten.", fouten=self.items)


def nl_number(value: int) -> str:
    """500000 as "500.000", as a Dutch reader writes it."""
    return f"{value:,}".replace(",", ".")


def nl_size(size: int) -> str:
    """A file size the way a user reads it: "50 MB", "12 kB", "300 bytes"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.0f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"
