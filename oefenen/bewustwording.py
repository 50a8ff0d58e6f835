"""Whether every employee took part in awareness in a year: the coverage per afdeling and in total."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Deelname


def percentage(deelgenomen: int, medewerkers: int) -> int:
    """Whole percents, rounded down: 99.6 % is not everyone."""
    return deelgenomen * 100 // medewerkers if medewerkers else 0


@dataclass(frozen=True)
class Dekking:
    """The afdelingen of a year with their participation, and the totals."""

    jaar: int
    afdelingen: list[Deelname]

    @property
    def medewerkers(self) -> int:
        return sum(d.medewerkers for d in self.afdelingen)

    @property
    def deelgenomen(self) -> int:
        return sum(d.deelgenomen for d in self.afdelingen)

    @property
    def percentage(self) -> int | None:
        """The share of all employees that took part; None while no afdeling is recorded."""
        return percentage(self.deelgenomen, self.medewerkers) if self.afdelingen else None

    @property
    def iedereen(self) -> bool:
        return bool(self.afdelingen) and self.deelgenomen == self.medewerkers

    @property
    def onder(self) -> list[Deelname]:
        """The afdelingen where not everyone took part."""
        return [d for d in self.afdelingen if d.deelgenomen < d.medewerkers]
