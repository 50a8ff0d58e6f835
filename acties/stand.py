"""The running actions a member reads and how many of them are late, for the start page
(``dashboard``), in one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from .models import Verbeteractie


@dataclass(frozen=True)
class Stand:
    lopend: int  # open or in progress
    te_laat: int  # of those, past their deadline


def stand(membership: Any, today: datetime.date) -> Stand:
    """What ``membership`` reads of the actions (``Verbeteractie.objects.voor``) on ``today``."""
    found = (
        Verbeteractie.objects.voor(membership)
        .lopend()
        .aggregate(lopend=Count("pk"), te_laat=Count("pk", filter=Q(deadline__lt=today)))
    )
    return Stand(lopend=found["lopend"], te_laat=found["te_laat"])
