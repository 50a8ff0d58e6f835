"""The PDCA cycle's work: plan the year, keep its activities, record findings, turn them into actions and
take them into the next version of the kader. Every page and API operation calls these.

Who may (docs/pdca.md): the coördinator plans the calendar and keeps its activities
(``pdca.edit``) and takes findings into the kader (``pdca.kader``); a thema-eigenaar records the
findings of their own themes on a done activity and makes actions from them (``pdca.bevindingen``).
Every function acts inside the caller's tenancy binding (a request or ``lib.tenancy.bound``).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from acties import services as acties_services
from acties.models import Bron, Verbeteractie
from kader import services as kader_services
from kader.models import KaderVersie
from lib import permissions
from lib.concurrency import save_versioned
from lib.decisions import full_clean
from lib.errors import NotYourTheme, StateConflict
from organisations.models import Membership

from . import content
from .models import Activiteit, Bevinding, Fase, Soort, Status

EARLIEST_YEAR = 2000
YEARS_AHEAD = 10
OWNER = "Kies als eigenaar een lid van de eigen gemeente (geen ketenpartner)."
OWNER_ROLES = frozenset({"coordinator", "thema_eigenaar", "bestuurder", "melder", "auditor"})
NOT_DONE = "Leg eerst vast dat de activiteit is uitgevoerd; daarna legt u haar bevindingen vast."
NOT_YOUR_THEME = (
    "U bent thema-eigenaar van andere thema's: u legt alleen bevindingen van uw eigen thema's vast en wijzigt "
    "alleen die."
)
TAKEN_UP = "Deze bevinding is al opgenomen in versie {nummer} van het kader en wijzigt niet meer."
NO_KADER = (
    "De gemeente heeft nog geen strategisch kader. Start eerst het kader; daarna neemt u de bevindingen op in "
    "een versie ervan."
)
HAS_FINDINGS = "Deze activiteit heeft bevindingen; ze blijft uitgevoerd."
HAS_ACTIONS = (
    "Er zijn al acties uit deze activiteit; kies een soort van dezelfde aard (een audit blijft een audit, een "
    "evaluatie een evaluatie)."
)
NONE_CHOSEN = "Kies een of meer bevindingen om op te nemen."
GONE = "Een of meer gekozen bevindingen zijn intussen al opgenomen of niet meer voor het kader; kies opnieuw."
# What each kind of activity is as the source of an action (docs/adr/0018-one-action-model.md).
BRON = {
    Soort.EVALUATIE: Bron.EVALUATIE,
    Soort.INTERNE_AUDIT: Bron.AUDIT,
    Soort.EXTERNE_AUDIT: Bron.AUDIT,
    Soort.MANAGEMENTREVIEW: Bron.MANAGEMENTREVIEW,
}


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"pdca.{action}")


def jaren(today: datetime.date | None = None) -> range:
    """The years the calendar keeps: from 2000 to ten years ahead."""
    return range(EARLIEST_YEAR, (today or timezone.localdate()).year + YEARS_AHEAD + 1)


# --- activities -------------------------------------------------------------------------------------


def _check_activiteit(by: Membership, activiteit: Activiteit) -> None:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    eigenaar = activiteit.eigenaar
    if eigenaar is not None and (eigenaar.gemeente_id != by.gemeente_id or eigenaar.role not in OWNER_ROLES):
        errors["eigenaar"] = OWNER
    if activiteit.gepland_op is not None and activiteit.gepland_op.year not in jaren(today):
        errors["gepland_op"] = f"Kies een datum tussen {EARLIEST_YEAR} en {today.year + YEARS_AHEAD}."
    if activiteit.status == Status.UITGEVOERD:
        if activiteit.uitgevoerd_op is None:
            errors["uitgevoerd_op"] = "Vul in wanneer de activiteit is uitgevoerd."
        elif activiteit.uitgevoerd_op > today:
            errors["uitgevoerd_op"] = "Deze datum ligt in de toekomst; kies vandaag of een dag die voorbij is."
        elif activiteit.uitgevoerd_op.year < EARLIEST_YEAR:
            errors["uitgevoerd_op"] = f"Kies een datum vanaf {EARLIEST_YEAR}."
    else:
        activiteit.uitgevoerd_op = None  # only a done activity has a date of its execution
    if errors:
        raise ValidationError(errors)
    full_clean(activiteit, exclude=["gemeente", "eigenaar"])


def add_activiteit(*, by: Membership, **fields: Any) -> Activiteit:
    """A new activity of the year calendar (the coördinator)."""
    permissions.require(by, "pdca.edit")
    unknown = set(fields) - set(Activiteit.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    activiteit = Activiteit(gemeente_id=by.gemeente_id, **fields)
    _check_activiteit(by, activiteit)
    with transaction.atomic(), _context(by, "activiteit"):
        activiteit.save(force_insert=True)
    return activiteit


def edit_activiteit(*, by: Membership, activiteit: Activiteit, expected_version: int, **fields: Any) -> Activiteit:
    """Change an activity, or record that it was done (its date and conclusion). Compare-and-swap."""
    permissions.require(by, "pdca.edit")
    permissions.require_same_gemeente(by, activiteit.gemeente_id)
    unknown = set(fields) - set(Activiteit.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    was_done, was_bron = activiteit.status == Status.UITGEVOERD, bron_van(activiteit)
    for name, value in fields.items():
        setattr(activiteit, name, value)
    _check_activiteit(by, activiteit)
    if was_done and activiteit.status != Status.UITGEVOERD and activiteit.bevindingen.exists():
        raise ValidationError({"status": HAS_FINDINGS})
    if bron_van(activiteit) != was_bron and Verbeteractie.objects.filter(bron=was_bron, bron_id=activiteit.pk).exists():
        raise ValidationError({"soort": HAS_ACTIONS})
    with transaction.atomic(), _context(by, "activiteit_edit"):
        save_versioned(activiteit, expected_version=expected_version, fields=[*fields, "uitgevoerd_op"])
    return activiteit


# --- planning a year --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voorstel:
    """An activity the planning of a year would add (not yet stored)."""

    titel: str
    fase: str
    soort: str
    gepland_op: datetime.date
    eigenaar: Membership | None
    omschrijving: str
    bron: str  # in Dutch: where it comes from ("vorig jaar", "standaardset")

    @property
    def fase_label(self) -> str:
        return str(Fase(self.fase).label)

    @property
    def soort_label(self) -> str:
        return str(Soort(self.soort).label)


def _moved(date: datetime.date, jaar: int) -> datetime.date:
    """The same day in ``jaar`` (29 February becomes the 28th)."""
    return date.replace(year=jaar, day=min(date.day, 28) if date.month == 2 else date.day)


def voorstel(membership: Membership, jaar: int) -> list[Voorstel]:
    """What planning ``jaar`` adds: last year's activities one year on, or (no activity last year) the default
    set of content.STANDAARD; without what the year already has (same title and kind). Two queries."""
    vorig = list(
        Activiteit.objects.visible_to(membership)
        .van_jaar(jaar - 1)
        .exclude(status=Status.VERVALLEN)
        .select_related("eigenaar__user")
        .order_by("gepland_op", "titel")
    )
    er_al = {
        (titel.casefold(), soort)
        for titel, soort in Activiteit.objects.visible_to(membership).van_jaar(jaar).values_list("titel", "soort")
    }
    if vorig:
        found = [
            Voorstel(a.titel, a.fase, a.soort, _moved(a.gepland_op, jaar), a.eigenaar, a.omschrijving, "vorig jaar")
            for a in vorig
        ]
    else:
        found = [
            Voorstel(titel, fase, soort, datetime.date(jaar, maand, dag), None, omschrijving, "standaardset")
            for titel, fase, soort, maand, dag, omschrijving in content.STANDAARD
        ]
    gekozen: list[Voorstel] = []
    for item in found:
        key = (item.titel.casefold(), item.soort)
        if key not in er_al:
            er_al.add(key)
            gekozen.append(item)
    return gekozen


def plan_jaar(*, by: Membership, jaar: int) -> list[Activiteit]:
    """Add the activities :func:`voorstel` shows for ``jaar``, all planned, in one transaction."""
    permissions.require(by, "pdca.edit")
    if jaar not in jaren():
        raise ValidationError({"jaar": f"Kies een jaar tussen {EARLIEST_YEAR} en {max(jaren())}."})
    made = []
    for item in voorstel(by, jaar):
        # last year's owner stays, unless their role can no longer own an activity
        eigenaar = item.eigenaar if item.eigenaar is not None and item.eigenaar.role in OWNER_ROLES else None
        activiteit = Activiteit(
            gemeente_id=by.gemeente_id,
            titel=item.titel,
            fase=item.fase,
            soort=item.soort,
            gepland_op=item.gepland_op,
            eigenaar=eigenaar,
            omschrijving=item.omschrijving,
        )
        full_clean(activiteit, exclude=["gemeente", "eigenaar"])
        made.append(activiteit)
    if made:
        with transaction.atomic(), _context(by, "plan_jaar"):
            Activiteit.objects.bulk_create(made)
    return made


# --- findings ---------------------------------------------------------------------------------------


def may_record(by: Membership, thema: str) -> bool:
    """The coördinator records every finding; a thema-eigenaar those of their own themes."""
    if not permissions.allowed("pdca.bevindingen", role=by.role):
        return False
    return by.role == "coordinator" or thema in by.themes


def _check_theme(by: Membership, thema: str) -> None:
    """After ``pdca.bevindingen``: a thema-eigenaar only for one of their own themes."""
    if by.role != "coordinator" and thema not in by.themes:
        raise NotYourTheme(NOT_YOUR_THEME)


def add_bevinding(*, by: Membership, activiteit: Activiteit, **fields: Any) -> Bevinding:
    """A finding of a done activity."""
    permissions.require(by, "pdca.bevindingen")
    permissions.require_same_gemeente(by, activiteit.gemeente_id)
    unknown = set(fields) - set(Bevinding.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    _check_theme(by, fields.get("thema", ""))
    if activiteit.status != Status.UITGEVOERD:
        raise StateConflict(NOT_DONE)
    bevinding = Bevinding(gemeente_id=by.gemeente_id, activiteit=activiteit, **fields)
    full_clean(bevinding, exclude=["gemeente", "activiteit"])
    with transaction.atomic(), _context(by, "bevinding"):
        bevinding.save(force_insert=True)
    return bevinding


def may_edit_bevinding(by: Membership, bevinding: Bevinding) -> bool:
    return bevinding.verwerkt_in_id is None and may_record(by, bevinding.thema)


def edit_bevinding(*, by: Membership, bevinding: Bevinding, expected_version: int, **fields: Any) -> Bevinding:
    """Change a finding not yet taken up into the kader (a thema-eigenaar: of their themes, into their themes)."""
    permissions.require(by, "pdca.bevindingen")
    permissions.require_same_gemeente(by, bevinding.gemeente_id)
    unknown = set(fields) - set(Bevinding.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    _check_theme(by, bevinding.thema)
    _check_theme(by, fields.get("thema", bevinding.thema))
    if bevinding.verwerkt_in_id is not None:
        nummer = KaderVersie.objects.filter(pk=bevinding.verwerkt_in_id).values_list("nummer", flat=True).first()
        raise StateConflict(TAKEN_UP.format(nummer=nummer))
    for name, value in fields.items():
        setattr(bevinding, name, value)
    full_clean(bevinding, exclude=["gemeente", "activiteit"])
    with transaction.atomic(), _context(by, "bevinding_edit"):
        save_versioned(bevinding, expected_version=expected_version, fields=list(fields))
    return bevinding


def bron_van(activiteit: Activiteit) -> str:
    """The kind of source an action of this activity names: an evaluation, an audit, a management review."""
    return BRON.get(Soort(activiteit.soort), Bron.OVERIG)


def actie(*, by: Membership, bevinding: Bevinding, **fields: Any) -> Verbeteractie:
    """An action for a finding, with the finding's activity as its source (acties.services.add)."""
    permissions.require(by, "pdca.bevindingen")
    permissions.require_same_gemeente(by, bevinding.gemeente_id)
    _check_theme(by, bevinding.thema)
    activiteit = bevinding.activiteit
    fields.setdefault("thema", bevinding.thema)
    return acties_services.add(
        by=by, bron=bron_van(activiteit), bron_id=activiteit.pk, bron_titel=activiteit.titel[:200], **fields
    )


# --- Act: findings into the next version of the kader ------------------------------------------------


def doelversie(membership: Membership) -> tuple[KaderVersie | None, KaderVersie | None]:
    """Where findings go: (the open version, the adopted version) of the member's kader (one query).

    Taken up into the open version when there is one (a concept; one ter besluitvorming refuses),
    otherwise into a new concept started from the adopted version."""
    versies = list(KaderVersie.objects.visible_to(membership).exclude(status="vervallen"))
    open_ = next((v for v in versies if v.is_open), None)
    adopted = next((v for v in versies if v.status == "vastgesteld"), None)
    return open_, adopted


def neem_op(*, by: Membership, ids: Collection[UUID]) -> KaderVersie:
    """Take the chosen findings (marked for the kader, not yet taken up) into the next version of the kader:
    the open concept, or a new concept started from the adopted version. All or nothing: a finding taken
    up or unmarked meanwhile refuses the whole choice."""
    permissions.require(by, "pdca.kader")
    chosen = set(ids)
    if not chosen:
        raise ValidationError(NONE_CHOSEN)
    versie, adopted = doelversie(by)
    if versie is None and adopted is None:
        raise StateConflict(NO_KADER)
    if versie is not None:
        versie.ensure_concept()  # one ter besluitvorming goes back to concept first
    with transaction.atomic(), _context(by, "kader"):
        taken = Bevinding.objects.visible_to(by).voor_kader().filter(pk__in=chosen).select_for_update()
        if len(list(taken.values_list("pk", flat=True))) != len(chosen):
            raise StateConflict(GONE)
        if versie is None:
            assert adopted is not None  # checked above
            versie = kader_services.new_version(by=by, from_version=adopted)
            pghistory.context(action="pdca.kader")  # the copy was kader.new_version; what follows is this
        Bevinding.objects.filter(pk__in=chosen).update(
            verwerkt_in=versie, version=F("version") + 1, updated_at=timezone.now()
        )
    return versie
