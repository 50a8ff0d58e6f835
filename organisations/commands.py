"""What the management commands that walk the gemeenten share (``herinneringen``, ``bewaartermijn``)."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from lib import tenancy

from .models import Gemeente


def gemeenten(codes: set[str]) -> list[Gemeente]:
    """Every gemeente by name, or those with the CBS codes given (an unknown code is an error)."""
    with tenancy.bound(platform=True):
        found = list(Gemeente.objects.order_by("name"))
    if codes:
        onbekend = codes - {g.cbs_code for g in found}
        if onbekend:
            raise CommandError(f"Onbekende gemeente(n): {', '.join(sorted(onbekend))}.")
        found = [g for g in found if g.cbs_code in codes]
    return found


def datum(value: str) -> datetime.date:
    """The ``--datum`` argument: a date as 2026-12-31."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--datum verwacht een datum als 2026-12-31, niet {value!r}.") from None
