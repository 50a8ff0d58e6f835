"""One entry of the PDCA year calendar, as each capability that plans work in a year describes it.

The calendar (``pdca``) gathers its own activities and those of the apps below it (the exercises,
the quickscans) into one year; each of those apps returns these entries, so the calendar needs
no knowledge of their models.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class KalenderItem:
    datum: datetime.date  # the planned date (or the date it was done)
    fase: str  # "plan", "do", "check" or "act" (kader.choices.Fase)
    soort: str  # what kind of work, in Dutch: "Oefening", "Quickscan", "Managementreview", ...
    titel: str
    url: str  # the page of the entry
    status: str  # in Dutch: "Gepland", "Uitgevoerd", ...
    gedaan: bool  # done (or cancelled): no longer waiting
