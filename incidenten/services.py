"""Setting up the registration and reporting an incident: every page, API operation and command calls these."""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lib import permissions
from lib.concurrency import save_versioned
from lib.errors import StateConflict
from organisations.models import Membership

from .content import SOORTEN
from .models import Incident, IncidentSoort, Instelling

NOT_STARTED = "De incidentregistratie van deze gemeente is nog niet ingericht; de coördinator doet dat."
FUTURE = "Een incident dat nog moet gebeuren kunt u niet melden; kies vandaag of een dag die voorbij is."
TOO_OLD = "Meld incidenten van de laatste tien jaar; kies een latere datum."
LATER_TODAY = "Dit tijdstip is nog niet geweest; kies een tijdstip dat voorbij is."
OLDEST_YEARS = 10
NOT_YOUR_THEME = (
    "U bent thema-eigenaar van andere thema's: u behandelt alleen incidenten van uw eigen thema's. "
    "Een incident zonder thema behandelt de coördinator."
)


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"incidenten.{action}")


def instelling(gemeente_id: Any) -> Instelling | None:
    return Instelling.objects.filter(gemeente_id=gemeente_id).first()


def start(*, by: Membership, bewaartermijn_maanden: int) -> Instelling:
    """Set up the gemeente's registration with the starting list of kinds (content.SOORTEN)."""
    permissions.require(by, "incidenten.beheer")
    if instelling(by.gemeente_id) is not None:
        raise StateConflict("De incidentregistratie is al ingericht.")
    made = Instelling(gemeente_id=by.gemeente_id, bewaartermijn_maanden=bewaartermijn_maanden)
    made.full_clean(exclude=["gemeente"])
    with transaction.atomic(), _context(by, "start"):
        made.save(force_insert=True)
        IncidentSoort.objects.bulk_create(
            IncidentSoort(gemeente_id=by.gemeente_id, sleutel=sleutel, naam=naam, thema=thema, volgorde=n)
            for n, (sleutel, naam, thema) in enumerate(SOORTEN, start=1)
        )
    return made


def check_moment(datum: datetime.date, tijd: datetime.time | None, now: datetime.datetime | None = None) -> None:
    """An incident happened: not in the future, and within the last ten years."""
    now = timezone.localtime(now)
    today = now.date()
    if datum > today:
        raise ValidationError({"datum": FUTURE})
    if datum < today.replace(year=today.year - OLDEST_YEARS, day=min(today.day, 28)):
        raise ValidationError({"datum": TOO_OLD})
    if tijd is not None and datum == today and tijd > now.time():
        raise ValidationError({"tijd": LATER_TODAY})


def meld(*, by: Membership, **fields: Any) -> Incident:
    """A report by ``by``: a kind that can be chosen and an asset of the own gemeente, at a moment that was."""
    permissions.require(by, "incidenten.melden")
    if instelling(by.gemeente_id) is None:
        raise StateConflict(NOT_STARTED)
    unknown = set(fields) - set(Incident.MELD_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    soort = fields["soort"]
    if soort.gemeente_id != by.gemeente_id or not soort.actief:
        raise ValidationError({"soort": "Kies een van de soorten in de lijst."})
    bedrijfsmiddel = fields.get("bedrijfsmiddel")
    if bedrijfsmiddel is not None and bedrijfsmiddel.gemeente_id != by.gemeente_id:
        raise ValidationError({"bedrijfsmiddel": "Kies een bedrijfsmiddel van de eigen gemeente."})
    check_moment(fields["datum"], fields.get("tijd"))
    incident = Incident(gemeente_id=by.gemeente_id, melder=by, thema=soort.thema, **fields)
    incident.full_clean(exclude=["gemeente", "melder"])
    with transaction.atomic(), _context(by, "meld"):
        incident.save(force_insert=True)
    return incident


def may_handle(by: Membership, incident: Incident) -> bool:
    """The coördinator handles every report; a thema-eigenaar those of their themes."""
    if not permissions.allowed("incidenten.behandelen", role=by.role):
        return False
    return by.role == "coordinator" or (bool(incident.thema) and incident.thema in by.themes)


def behandel(*, by: Membership, incident: Incident, expected_version: int, **fields: Any) -> Incident:
    """Its status, whether a report to the police was made, the aftercare and the handling (compare-and-swap)."""
    permissions.require(by, "incidenten.behandelen")
    permissions.require_same_gemeente(by, incident.gemeente_id)
    if not may_handle(by, incident):
        raise PermissionDenied(NOT_YOUR_THEME)
    unknown = set(fields) - set(Incident.BEHANDEL_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.full_clean(exclude=["gemeente", "melder", "soort", "bedrijfsmiddel"])
    with transaction.atomic(), _context(by, "behandel"):
        save_versioned(incident, expected_version=expected_version, fields=list(fields))
    return incident
