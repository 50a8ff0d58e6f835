"""One open point a person is reminded of by e-mail (``manage.py herinneringen``).

A capability app says which points are open (``risicos.herinneringen``); the herinneringen app
groups them per person, sends each point once and records that it did.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Punt:
    """An open point of one member: sent once per (soort, object, datum); a new date makes it new."""

    membership_id: UUID
    soort: str  # a dotted key, e.g. risicos.acceptatie.verloopt
    kop: str  # the heading it is listed under in the e-mail, in Dutch
    object_id: UUID
    datum: datetime.date  # when it expires or expired, when it is or was due
    titel: str
    url: str  # a path on this site

    @property
    def sleutel(self) -> tuple[str, UUID, datetime.date]:
        return (self.soort, self.object_id, self.datum)
