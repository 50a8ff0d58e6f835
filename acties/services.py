"""Making and keeping up an action: every page, API operation, command and the sources call these."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lib import permissions
from lib.concurrency import save_versioned
from lib.errors import NotYourTheme
from organisations.models import Membership

from .models import Bron, Status, Verbeteractie

MAX_JAREN = 10
NOT_YOUR_THEME = "U bent thema-eigenaar van andere thema's: u maakt en wijzigt alleen acties van uw eigen thema's."
ONLY_PROGRESS = "Als eigenaar werkt u de status en de voortgang bij; de coördinator wijzigt de rest."
OWNER = "Kies als eigenaar een lid van de eigen gemeente (geen ketenpartner)."
OWNER_ROLES = frozenset({"coordinator", "thema_eigenaar", "bestuurder", "melder"})


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"acties.{action}")


def _check_theme(by: Membership, thema: str) -> None:
    if by.role == "thema_eigenaar" and thema not in by.themes:
        raise NotYourTheme(NOT_YOUR_THEME)


def _check(by: Membership, actie: Verbeteractie, *, nieuw: bool) -> None:
    eigenaar = actie.eigenaar
    if eigenaar is None or eigenaar.gemeente_id != by.gemeente_id or eigenaar.role not in OWNER_ROLES:
        raise ValidationError({"eigenaar": OWNER})
    today = timezone.localdate()
    if nieuw and actie.deadline < today:
        raise ValidationError({"deadline": "Deze datum is al voorbij; kies vandaag of een latere dag."})
    if actie.deadline > today.replace(year=today.year + MAX_JAREN, day=min(today.day, 28)):
        raise ValidationError({"deadline": "Kies een datum binnen tien jaar: een actie is concreet en tijdgebonden."})
    actie.afgerond_op = (actie.afgerond_op or today) if actie.status == Status.AFGEROND else None
    actie.full_clean(exclude=["gemeente", "eigenaar"])


def add(
    *, by: Membership, bron: str, bron_id: UUID | None = None, bron_titel: str = "", **fields: Any
) -> Verbeteractie:
    """A new action for a finding of ``bron``. A source kept in Kapstok passes its id and title, after
    checking that ``by`` may act on it; other findings (an audit, a management review) only a title."""
    permissions.require(by, "acties.maken")
    unknown = set(fields) - set(Verbeteractie.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    _check_theme(by, fields.get("thema", ""))
    actie = Verbeteractie(gemeente_id=by.gemeente_id, bron=bron, bron_id=bron_id, bron_titel=bron_titel, **fields)
    if bron not in Bron.values:
        raise ValidationError({"bron": "Kies waaruit de actie voortkomt."})
    _check(by, actie, nieuw=True)
    with transaction.atomic(), _context(by, "add"):
        actie.save(force_insert=True)
    return actie


def may_edit(by: Membership, actie: Verbeteractie) -> bool:
    """The coördinator changes every action, a thema-eigenaar those of their themes."""
    if not permissions.allowed("acties.maken", role=by.role):
        return False
    return by.role == "coordinator" or actie.thema in by.themes


def may_update(by: Membership, actie: Verbeteractie) -> bool:
    """Who may change something: its editors, and its owner the status and progress."""
    return may_edit(by, actie) or (permissions.allowed("acties.bijwerken", role=by.role) and actie.eigenaar_id == by.pk)


def edit(*, by: Membership, actie: Verbeteractie, expected_version: int, **fields: Any) -> Verbeteractie:
    """Change an action (its editors), or its status and progress (its owner). Compare-and-swap."""
    permissions.require(by, "acties.bijwerken")
    permissions.require_same_gemeente(by, actie.gemeente_id)
    unknown = set(fields) - set(Verbeteractie.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    if not may_edit(by, actie):
        if actie.eigenaar_id != by.pk:
            raise PermissionDenied(NOT_YOUR_THEME if by.role == "thema_eigenaar" else ONLY_PROGRESS)
        changed = {name for name, value in fields.items() if getattr(actie, name) != value}
        if changed - set(Verbeteractie.VOORTGANG_FIELDS):
            raise PermissionDenied(ONLY_PROGRESS)
    elif "thema" in fields:
        _check_theme(by, fields["thema"])
    for name, value in fields.items():
        setattr(actie, name, value)
    _check(by, actie, nieuw=False)
    with transaction.atomic(), _context(by, "edit"):
        save_versioned(actie, expected_version=expected_version, fields=[*fields, "afgerond_op"])
    return actie


def van_bron(bron: str, bron_id: UUID) -> list[Verbeteractie]:
    """The actions made from one source (one query), for its page."""
    return list(Verbeteractie.objects.filter(bron=bron, bron_id=bron_id).select_related("eigenaar__user"))


def deadline_default(today: datetime.date | None = None) -> datetime.date:
    """Three months from today: a sensible first deadline for a new action."""
    return (today or timezone.localdate()) + datetime.timedelta(days=91)
