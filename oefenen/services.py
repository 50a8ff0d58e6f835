"""Keeping the programme of exercises and the awareness: every page, API operation and the demo call these.

Who may change what (capability ``oefenen.edit``): the coördinator everything; a thema-eigenaar the
exercises and activities of their own themes (one without a theme is the coördinator's), and the
participation per afdeling when they own personele beveiliging, the theme of the people.
"""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from acties import services as acties_services
from acties.models import Bron, Verbeteractie
from lib import permissions
from lib.concurrency import save_versioned
from lib.errors import NotYourTheme
from organisations.models import Membership, Thema
from risicos.models import Risico

from .models import Bewustwordingsactiviteit, Deelname, Oefening

MAX_JAREN = 10
NOT_YOUR_THEME = (
    "U bent thema-eigenaar van andere thema's: u legt alleen oefeningen en activiteiten van uw eigen thema's "
    "vast. Zonder thema doet de coördinator dat."
)
DEELNAME_THEMA = Thema.PERSONELE_BEVEILIGING
NOT_THE_PEOPLE = "De deelname per afdeling houden de coördinator en de thema-eigenaar van personele beveiliging bij."
OTHER_RISK = "Kies een risico uit het risicoregister van de eigen gemeente."
SAME_AFDELING = "Deze afdeling staat al bij dit jaar."


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"oefenen.{action}")


def _unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(sorted(unknown))


def may_edit(by: Membership, obj: Oefening | Bewustwordingsactiviteit) -> bool:
    """The coördinator changes every exercise and activity, a thema-eigenaar those of their themes."""
    if not permissions.allowed("oefenen.edit", role=by.role):
        return False
    return by.role == "coordinator" or (bool(obj.thema) and obj.thema in by.themes)


def _check_theme(by: Membership, thema: str) -> None:
    if by.role == "thema_eigenaar" and thema not in by.themes:
        raise NotYourTheme(NOT_YOUR_THEME)


def _check_editor(by: Membership, obj: Oefening | Bewustwordingsactiviteit) -> None:
    permissions.require(by, "oefenen.edit")
    permissions.require_same_gemeente(by, obj.gemeente_id)
    if not may_edit(by, obj):
        raise PermissionDenied(NOT_YOUR_THEME)


def _within_years(day: datetime.date | None, field: str, what: str) -> None:
    """A day within ten years before or after today: a programme plans years, not decades."""
    if day is None:
        return
    today = timezone.localdate()
    earliest = today.replace(year=today.year - MAX_JAREN, day=min(today.day, 28))
    latest = today.replace(year=today.year + MAX_JAREN, day=min(today.day, 28))
    if not earliest <= day <= latest:
        raise ValidationError({field: f"Kies een {what} binnen tien jaar voor of na vandaag."})


# --- exercises ------------------------------------------------------------------------------------


def _check_oefening(by: Membership, oefening: Oefening) -> None:
    scenario: Risico | None = oefening.scenario
    if scenario is not None and scenario.gemeente_id != by.gemeente_id:
        raise ValidationError({"scenario": OTHER_RISK})
    _within_years(oefening.gepland_op, "gepland_op", "datum")
    _within_years(oefening.uitgevoerd_op, "uitgevoerd_op", "datum")
    oefening.full_clean(exclude=["gemeente", "scenario"])


def add_oefening(*, by: Membership, **fields: Any) -> Oefening:
    """A new exercise, test or training in the programme (a thema-eigenaar: of one of their themes)."""
    permissions.require(by, "oefenen.edit")
    _unknown(fields, Oefening.EDIT_FIELDS)
    _check_theme(by, fields.get("thema", ""))
    oefening = Oefening(gemeente_id=by.gemeente_id, **fields)
    _check_oefening(by, oefening)
    with transaction.atomic(), _context(by, "oefening_add"):
        oefening.save(force_insert=True)
    return oefening


def edit_oefening(*, by: Membership, oefening: Oefening, expected_version: int, **fields: Any) -> Oefening:
    """Change an exercise: plan it again, record that it was done with its result and findings, or cancel
    it. Compare-and-swap on the version; a thema-eigenaar does not move it to another's theme."""
    _check_editor(by, oefening)
    _unknown(fields, Oefening.EDIT_FIELDS)
    if "thema" in fields:
        _check_theme(by, fields["thema"])
    for name, value in fields.items():
        setattr(oefening, name, value)
    _check_oefening(by, oefening)
    # clean() clears the day done and the result of an exercise that is not (or no longer) done.
    changed = sorted({*fields, "uitgevoerd_op", "resultaat"})
    with transaction.atomic(), _context(by, "oefening_edit"):
        save_versioned(oefening, expected_version=expected_version, fields=changed)
    return oefening


def actie(*, by: Membership, oefening: Oefening, **fields: Any) -> Verbeteractie:
    """A follow-up action of a finding of the exercise, made by one of its editors. The action names the
    exercise by its kind and date only, so no free text (and no personal data) is copied into it."""
    _check_editor(by, oefening)
    fields.setdefault("thema", oefening.thema)
    return acties_services.add(by=by, bron=Bron.OEFENING, bron_id=oefening.pk, bron_titel=oefening.bron_titel, **fields)


# --- awareness activities -------------------------------------------------------------------------


def _check_activiteit(activiteit: Bewustwordingsactiviteit) -> None:
    _within_years(activiteit.datum, "datum", "datum")
    activiteit.full_clean(exclude=["gemeente"])


def add_activiteit(*, by: Membership, **fields: Any) -> Bewustwordingsactiviteit:
    permissions.require(by, "oefenen.edit")
    _unknown(fields, Bewustwordingsactiviteit.EDIT_FIELDS)
    _check_theme(by, fields.get("thema", ""))
    activiteit = Bewustwordingsactiviteit(gemeente_id=by.gemeente_id, **fields)
    _check_activiteit(activiteit)
    with transaction.atomic(), _context(by, "activiteit_add"):
        activiteit.save(force_insert=True)
    return activiteit


def edit_activiteit(
    *, by: Membership, activiteit: Bewustwordingsactiviteit, expected_version: int, **fields: Any
) -> Bewustwordingsactiviteit:
    _check_editor(by, activiteit)
    _unknown(fields, Bewustwordingsactiviteit.EDIT_FIELDS)
    if "thema" in fields:
        _check_theme(by, fields["thema"])
    for name, value in fields.items():
        setattr(activiteit, name, value)
    _check_activiteit(activiteit)
    with transaction.atomic(), _context(by, "activiteit_edit"):
        save_versioned(activiteit, expected_version=expected_version, fields=list(fields))
    return activiteit


def delete_activiteit(*, by: Membership, activiteit: Bewustwordingsactiviteit) -> None:
    """Remove an activity recorded by mistake; the history keeps it."""
    _check_editor(by, activiteit)
    with transaction.atomic(), _context(by, "activiteit_delete"):
        activiteit.delete()


# --- participation per afdeling -------------------------------------------------------------------


def may_keep_deelname(by: Membership) -> bool:
    """The coördinator and the thema-eigenaar of personele beveiliging keep the figures per afdeling."""
    if not permissions.allowed("oefenen.edit", role=by.role):
        return False
    return by.role == "coordinator" or DEELNAME_THEMA in by.themes


def _check_keeper(by: Membership) -> None:
    permissions.require(by, "oefenen.edit")
    if not may_keep_deelname(by):
        raise PermissionDenied(NOT_THE_PEOPLE)


def _check_jaar(jaar: int | None) -> None:
    """Participation is counted for a year that began, or for next year while planning it."""
    if jaar is not None and jaar > timezone.localdate().year + 1:
        raise ValidationError({"jaar": "Kies dit jaar, een eerder jaar of volgend jaar."})


def _check_deelname(deelname: Deelname) -> None:
    _check_jaar(deelname.jaar)
    deelname.full_clean(exclude=["gemeente"], validate_constraints=False)  # the same afdeling: below
    same = Deelname.objects.filter(
        gemeente_id=deelname.gemeente_id, jaar=deelname.jaar, afdeling__iexact=deelname.afdeling
    )
    if same.exclude(pk=deelname.pk).exists():
        raise ValidationError({"afdeling": SAME_AFDELING})


def _save_deelname(save: Any) -> None:
    try:
        with transaction.atomic():
            save()
    except IntegrityError as error:  # the same afdeling, added by someone else at the same moment
        raise ValidationError({"afdeling": SAME_AFDELING}) from error


def add_deelname(*, by: Membership, **fields: Any) -> Deelname:
    """An afdeling's headcount and participation in a year; an afdeling once per year, whatever the case."""
    _check_keeper(by)
    _unknown(fields, Deelname.EDIT_FIELDS)
    deelname = Deelname(gemeente_id=by.gemeente_id, **fields)
    _check_deelname(deelname)
    with _context(by, "deelname_add"):
        _save_deelname(lambda: deelname.save(force_insert=True))
    return deelname


def edit_deelname(*, by: Membership, deelname: Deelname, expected_version: int, **fields: Any) -> Deelname:
    _check_keeper(by)
    permissions.require_same_gemeente(by, deelname.gemeente_id)
    _unknown(fields, Deelname.EDIT_FIELDS)
    for name, value in fields.items():
        setattr(deelname, name, value)
    _check_deelname(deelname)
    with _context(by, "deelname_edit"):
        _save_deelname(lambda: save_versioned(deelname, expected_version=expected_version, fields=list(fields)))
    return deelname


def delete_deelname(*, by: Membership, deelname: Deelname) -> None:
    """Remove an afdeling from a year (it was closed or merged); the history keeps it."""
    _check_keeper(by)
    permissions.require_same_gemeente(by, deelname.gemeente_id)
    with transaction.atomic(), _context(by, "deelname_delete"):
        deelname.delete()


def nieuw_jaar(*, by: Membership, jaar: int) -> list[Deelname]:
    """Start ``jaar`` from the afdelingen of the year before: their headcounts copied, nobody counted yet.
    Afdelingen already in ``jaar`` are left as they are. Returns the rows made."""
    _check_keeper(by)
    _check_jaar(jaar)
    vorig = list(Deelname.objects.filter(gemeente_id=by.gemeente_id, jaar=jaar - 1))
    if not vorig:
        raise ValidationError({"jaar": f"Er staan geen afdelingen bij {jaar - 1} om over te nemen."})
    er_al = {
        naam.lower()
        for naam in Deelname.objects.filter(gemeente_id=by.gemeente_id, jaar=jaar).values_list("afdeling", flat=True)
    }
    nieuw = [
        Deelname(gemeente_id=by.gemeente_id, jaar=jaar, afdeling=d.afdeling, medewerkers=d.medewerkers, deelgenomen=0)
        for d in vorig
        if d.afdeling.lower() not in er_al
    ]
    if not nieuw:
        raise ValidationError({"jaar": f"Alle afdelingen van {jaar - 1} staan al bij {jaar}."})
    with _context(by, "nieuw_jaar"):
        _save_deelname(lambda: Deelname.objects.bulk_create(nieuw))
    return nieuw
