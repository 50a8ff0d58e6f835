"""Scoping of IVP data: the gemeente's members with access to the plan read all of it."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.db.models import Q
from django.utils import timezone

from lib.querysets import GemeenteQuerySet

from .choices import CLOSED_ACTION_STATUSES, ActieStatus, PlanStatus

# An action that runs but whose progress was not updated for this long counts as stalled.
STALLED_AFTER = datetime.timedelta(days=90)


def stalled_before(now: datetime.datetime) -> datetime.datetime:
    """The moment before which a last update makes a running action stalled: counted in whole
    days (midnight, local time), so the answer is the same all day and pages cached for the day
    (``lib.revisions``) stay true."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - STALLED_AFTER


class PlanQuerySet(GemeenteQuerySet[Any]):
    def open(self) -> Self:
        """Concept or ter besluitvorming: the version being worked on (at most one)."""
        return self.filter(status__in=[PlanStatus.CONCEPT, PlanStatus.TER_BESLUITVORMING])

    def adopted(self) -> Self:
        return self.filter(status=PlanStatus.VASTGESTELD)


class ThemaQuerySet(GemeenteQuerySet[Any]):
    def shown(self) -> Self:
        """Themes not hidden, of velden not hidden."""
        return self.filter(verborgen=False, veld__verborgen=False)


def overdue(today: datetime.date, prefix: str = "") -> Q:
    """An open action whose end date has passed (``prefix``: the path to the action, e.g. ``acties__``)."""
    return ~Q(**{f"{prefix}status__in": CLOSED_ACTION_STATUSES}) & Q(**{f"{prefix}eind__lt": today})


def stalled(now: datetime.datetime, prefix: str = "") -> Q:
    """A running action whose progress has not been updated for ``STALLED_AFTER``."""
    since = stalled_before(now)
    return Q(**{f"{prefix}status": ActieStatus.LOPEND}) & (
        Q(**{f"{prefix}voortgang_op__lt": since})
        | Q(**{f"{prefix}voortgang_op__isnull": True, f"{prefix}created_at__lt": since})
    )


class ActieQuerySet(GemeenteQuerySet[Any]):
    def open(self) -> Self:
        return self.exclude(status__in=CLOSED_ACTION_STATUSES)

    def overdue(self, today: datetime.date) -> Self:
        """Open actions whose end date has passed."""
        return self.filter(overdue(today))

    def stalled(self, now: datetime.datetime) -> Self:
        """Running actions whose progress has not been updated for ``STALLED_AFTER``."""
        return self.filter(stalled(now))

    def of_partner(self, partner_id: Any) -> Self:
        return self.filter(organisatie_id=partner_id)
