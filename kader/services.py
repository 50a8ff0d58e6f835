"""Workflows of the strategisch kader: start, copy, edit, submit, adopt, gaps, examples.

Every function that changes data takes the acting membership (``by``) and refuses what its role
may not do (``lib.permissions.require``), a thema-eigenaar outside their themes included, and a
version that is no longer a concept (``KaderVersie.ensure_concept``, a ``StateConflict``). Pages
and API operations only fetch the objects (``visible_to``) and translate the refusals. Every
function acts inside the caller's tenancy binding (request or ``lib.tenancy.bound``).
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lib import permissions
from lib.concurrency import StaleVersionError, save_versioned
from lib.decisions import adoption_refusals, full_clean, text
from lib.errors import NotYourTheme, StateConflict
from organisations.models import Membership

from . import content
from .models import (
    PARTS,
    Bedrijfsmiddel,
    Deelplan,
    Doel,
    KaderOnderdeel,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    StapActiviteit,
    Status,
    Uitgangspunt,
    UitgangspuntDoel,
    Verantwoordelijkheid,
    WetOfNorm,
)
from .progress import missing_parts

__all__ = ["StaleVersionError", "StateConflict"]

_P = TypeVar("_P", bound=KaderOnderdeel)


NOT_YOUR_THEME = (
    "Dit hoort bij een thema waarvan u geen eigenaar bent; de coördinator of de eigenaar van dat thema kan het "
    "wijzigen."
)


# --- who may ----------------------------------------------------------------------------------


def _may(by: Membership, capability: str, gemeente_id: Any) -> None:
    permissions.require_same_gemeente(by, gemeente_id)
    permissions.require(by, capability)


def may_change_theme(by: Membership, owner_theme: str | None) -> bool:
    """Thema-eigenaren change only rows of their own themes; other editors change every row."""
    return by.role != "thema_eigenaar" or owner_theme is None or owner_theme in by.themes


def _may_change(by: Membership, obj: KaderOnderdeel) -> None:
    _may(by, "kader.edit", obj.gemeente_id)
    if not may_change_theme(by, obj.owner_theme()):
        raise NotYourTheme(NOT_YOUR_THEME)


def _full_clean(obj: Any) -> None:
    full_clean(obj, exclude=["gemeente", "versie"])


_text = text


# --- versions ---------------------------------------------------------------------------------


def start_kader(*, by: Membership) -> KaderVersie:
    """Create version 1 as a concept, seeded with the starting sets of ``kader.content``."""
    _may(by, "kader.edit", by.gemeente_id)
    if KaderVersie.objects.filter(gemeente_id=by.gemeente_id).exists():
        raise ValidationError("Deze gemeente heeft al een kader; begin een nieuwe versie.")
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.start"):
        versie = KaderVersie.objects.create(gemeente_id=by.gemeente_id, nummer=1)
        common = {"gemeente_id": by.gemeente_id, "versie": versie}
        StapActiviteit.objects.bulk_create(
            StapActiviteit(**common, stap=stap.key, sleutel=key, volgorde=i * 100 + j)
            for i, stap in enumerate(content.STAPPEN)
            for j, (key, _text) in enumerate(stap.activiteiten)
        )
        Mensgroep.objects.bulk_create(
            Mensgroep(**common, soort=soort, moet_weten=text, volgorde=i)
            for i, (soort, text) in enumerate(content.MENSGROEPEN_MOET_WETEN.items())
        )
        WetOfNorm.objects.bulk_create(
            WetOfNorm(
                **common, thema=thema, naam=naam, toelichting=uitleg, vervangt=content.VERVANGT.get(naam), volgorde=i
            )
            for thema, wetten in content.WETTELIJK_KADER.items()
            for i, (naam, uitleg) in enumerate(wetten)
        )
        Doel.objects.bulk_create(
            Doel(**common, sleutel=key, titel=titel, toelichting=uitleg, volgorde=i)
            for i, (key, titel, uitleg) in enumerate(content.DOELEN)
        )
        PdcaFase.objects.bulk_create(
            PdcaFase(**common, fase=fase, volgorde=i) for i, (fase, _uitleg) in enumerate(content.PDCA)
        )
    return versie


def new_version(*, by: Membership, from_version: KaderVersie) -> KaderVersie:
    """Start a new concept as a full copy of ``from_version`` (only when none is open)."""
    _may(by, "kader.edit", from_version.gemeente_id)
    gemeente_id = from_version.gemeente_id
    if KaderVersie.objects.filter(gemeente_id=gemeente_id).open().exists():
        raise StateConflict("Er is al een versie van het kader in bewerking; rond die eerst af.")
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.new_version"):
        last = KaderVersie.objects.filter(gemeente_id=gemeente_id).aggregate(n=Max("nummer"))["n"] or 0
        versie = KaderVersie.objects.create(
            gemeente_id=gemeente_id,
            nummer=last + 1,
            gebaseerd_op=from_version,
            **{name: getattr(from_version, name) for name in KaderVersie.EDIT_FIELDS},
        )
        copies: dict[Any, Any] = {}
        for model in PARTS:
            for row in model.objects.filter(versie=from_version):
                copy = row.copy_to(versie)
                copy.save(force_insert=True)
                copies[row.pk] = copy.pk
        UitgangspuntDoel.objects.bulk_create(
            UitgangspuntDoel(
                gemeente_id=gemeente_id,
                versie=versie,
                uitgangspunt_id=copies[link.uitgangspunt_id],
                doel_id=copies[link.doel_id],
            )
            for link in UitgangspuntDoel.objects.filter(versie=from_version)
        )
    return versie


def edit(*, by: Membership, versie: KaderVersie, expected_version: int, **changes: Any) -> KaderVersie:
    """Change single-valued parts of a concept; refuses a stale ``expected_version``."""
    _may(by, "kader.edit", versie.gemeente_id)
    versie.ensure_concept()
    unknown = set(changes) - set(KaderVersie.EDIT_FIELDS)
    if unknown:
        raise ValidationError(f"Onbekende onderdelen: {', '.join(sorted(unknown))}.")
    if "bedrijfsmiddelen" in changes:
        chosen = list(dict.fromkeys(changes["bedrijfsmiddelen"] or []))
        wrong = [value for value in chosen if value not in Bedrijfsmiddel.values]
        if wrong:
            raise ValidationError({"bedrijfsmiddelen": f"Onbekende categorie bedrijfsmiddelen: {', '.join(wrong)}."})
        changes["bedrijfsmiddelen"] = chosen
    for name, value in changes.items():
        setattr(versie, name, _text(value))
    versie.full_clean(
        exclude=["gemeente", "gebaseerd_op", "bedrijfsmiddelen"], validate_unique=False, validate_constraints=False
    )
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.edit"):
        save_versioned(versie, expected_version=expected_version, fields=list(changes))
    return versie


# --- the parts edited field by field ----------------------------------------------------------


def _set_fields(obj: KaderOnderdeel, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(obj.edit_fields)
    if unknown:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(obj, name, _text(value))


def _check_doelen(obj: KaderOnderdeel, doelen: list[Doel] | None) -> list[Doel] | None:
    """The goals a row serves (for a part that links them), without duplicates, of the same version."""
    if doelen is None:
        return None
    if not obj.linked_doelen:
        raise ValidationError("Dit onderdeel is niet aan doelen gekoppeld.")
    unique = list({doel.pk: doel for doel in doelen}.values())
    if any(doel.versie_id != obj.versie_id for doel in unique):
        raise ValidationError(
            {"doelen": "Een uitgangspunt kan alleen aan doelen van dezelfde versie worden gekoppeld."}
        )
    return unique


def _link_doelen(obj: KaderOnderdeel, doelen: list[Doel] | None, *, new: bool = False) -> None:
    """Make ``doelen`` exactly the goals the row serves (nothing changes for ``None``)."""
    if doelen is None:
        return
    present: set[Any] = set()
    if not new:
        wanted = {doel.pk for doel in doelen}
        UitgangspuntDoel.objects.filter(uitgangspunt_id=obj.pk).exclude(doel_id__in=wanted).delete()
        present = set(UitgangspuntDoel.objects.filter(uitgangspunt_id=obj.pk).values_list("doel_id", flat=True))
    UitgangspuntDoel.objects.bulk_create(
        UitgangspuntDoel(gemeente_id=obj.gemeente_id, versie_id=obj.versie_id, uitgangspunt_id=obj.pk, doel=doel)
        for doel in doelen
        if doel.pk not in present
    )


def add_part(
    *,
    by: Membership,
    versie: KaderVersie,
    model: type[_P],
    bestand: tuple[str, bytes] | None = None,
    doelen: list[Doel] | None = None,
    **fields: Any,
) -> _P:
    """Add a row to a part of a concept.

    ``bestand`` (file name, bytes) stores a deelplan's file; ``doelen`` are the goals an
    uitgangspunt serves.
    """
    _may(by, "kader.edit", versie.gemeente_id)
    if not model.can_add:
        raise ValidationError(f"Aan {model._meta.verbose_name_plural} voegt u niets toe.")
    versie.ensure_concept()
    last = model.objects.filter(versie=versie).aggregate(n=Max("volgorde"))["n"]
    obj = model(gemeente_id=versie.gemeente_id, versie=versie, volgorde=0 if last is None else last + 1)
    _set_fields(obj, fields)
    if not may_change_theme(by, obj.owner_theme()):
        raise NotYourTheme(NOT_YOUR_THEME)
    if bestand is not None and isinstance(obj, Deelplan):
        obj.attach_file(*bestand)
    doelen = _check_doelen(obj, doelen)
    _full_clean(obj)
    with transaction.atomic(), pghistory.context(user=by.user_id, action=f"kader.add.{model.slug}"):
        obj.save()
        _link_doelen(obj, doelen, new=True)
    return obj


def edit_part(
    *,
    by: Membership,
    obj: _P,
    expected_version: int,
    bestand: tuple[str, bytes] | None = None,
    bestand_verwijderen: bool = False,
    doelen: list[Doel] | None = None,
    **fields: Any,
) -> _P:
    """Change fields of one row of a part; refuses a stale ``expected_version``.

    For a deelplan, ``bestand`` (file name, bytes) replaces the stored plan and
    ``bestand_verwijderen`` removes it; for an uitgangspunt, ``doelen`` replaces the goals it
    serves. The rules are checked on the result.
    """
    _may_change(by, obj)
    obj.versie.ensure_concept()
    _set_fields(obj, fields)
    if not may_change_theme(by, obj.owner_theme()):  # also the theme it is moved to
        raise NotYourTheme(NOT_YOUR_THEME)
    changed = list(fields)
    if isinstance(obj, Deelplan) and (bestand is not None or bestand_verwijderen):
        obj.attach_file(*bestand) if bestand is not None else obj.remove_file()
        changed += ["bestand", "bestandsnaam", "bestandstype"]
    doelen = _check_doelen(obj, doelen)
    _full_clean(obj)
    with transaction.atomic(), pghistory.context(user=by.user_id, action=f"kader.edit.{obj.slug}"):
        save_versioned(obj, expected_version=expected_version, fields=changed)
        _link_doelen(obj, doelen)
    return obj


def delete_part(*, by: Membership, obj: KaderOnderdeel, expected_version: int) -> None:
    """Delete one row of a part of a concept; refuses a stale ``expected_version``."""
    _may_change(by, obj)
    obj.versie.ensure_concept()
    obj.check_deletable()
    with transaction.atomic(), pghistory.context(user=by.user_id, action=f"kader.delete.{obj.slug}"):
        deleted, _rows = type(obj).objects.filter(pk=obj.pk, version=expected_version).delete()
        if not deleted:
            raise StaleVersionError


# --- the example library ----------------------------------------------------------------------


def adopt_example(*, by: Membership, versie: KaderVersie, part: str, example: str) -> KaderVersie:
    """Copy an example text into a single-valued part of a concept (then adapt it by editing)."""
    try:
        text = content.VOORBEELDEN[part][example]
    except KeyError:
        raise ValidationError("Dit voorbeeld bestaat niet.") from None
    return edit(by=by, versie=versie, expected_version=versie.version, **{part: text})


def adopt_example_uitgangspunten(*, by: Membership, versie: KaderVersie, groep: str) -> list[Uitgangspunt]:
    """Copy the example uitgangspunten of one group, linked to the matching goals of the version."""
    if groep not in content.VOORBEELD_UITGANGSPUNTEN:
        raise ValidationError("Deze groep uitgangspunten bestaat niet.")
    doelen = {d.sleutel: d for d in Doel.objects.filter(versie=versie, sleutel__isnull=False)}
    existing = set(Uitgangspunt.objects.filter(versie=versie, groep=groep).values_list("tekst", flat=True))
    return [
        add_part(
            by=by,
            versie=versie,
            model=Uitgangspunt,
            groep=groep,
            tekst=tekst,
            doelen=[doelen[k] for k in keys if k in doelen],
        )
        for tekst, keys in content.VOORBEELD_UITGANGSPUNTEN[groep]
        if tekst not in existing
    ]


def adopt_example_rows(*, by: Membership, versie: KaderVersie, model: type[KaderOnderdeel], key: str = "") -> int:
    """Copy example rows into a part of a concept; rows already there are left alone.

    Deelplannen: the example plan of theme ``key``; PDCA: the worked-out cycle for every phase not
    yet described; verantwoordelijkheden: the starting matrix. Returns the number of rows added
    or filled.
    """
    _may(by, "kader.edit", versie.gemeente_id)
    versie.ensure_concept()
    with transaction.atomic():
        if model is Deelplan:
            return _adopt_deelplannen(by, versie, key)
        if model is PdcaFase:
            fasen = list(PdcaFase.objects.filter(versie=versie, wat__isnull=True))
            for fase in fasen:
                wat, wanneer, wie = content.VOORBEELD_PDCA[fase.fase]
                edit_part(by=by, obj=fase, expected_version=fase.version, wat=wat, wanneer=wanneer, wie=wie)
            return len(fasen)
        if model is Verantwoordelijkheid:
            present = {
                (r.lower(), a.lower()) for r, a in model.objects.filter(versie=versie).values_list("rol", "activiteit")
            }
            added = 0
            for rol, activiteit, aard in content.VOORBEELD_VERANTWOORDELIJKHEDEN:
                if (rol.lower(), activiteit.lower()) not in present:
                    add_part(by=by, versie=versie, model=model, rol=rol, activiteit=activiteit, aard=aard)
                    added += 1
            return added
    raise ValidationError("Dit voorbeeld bestaat niet.")


def _adopt_deelplannen(by: Membership, versie: KaderVersie, thema: str) -> int:
    titels = [titel for key, titel in content.VOORBEELD_DEELPLANNEN if key == thema]
    if not titels:
        raise ValidationError("Dit voorbeeld bestaat niet.")
    present = set(Deelplan.objects.filter(versie=versie, thema=thema).values_list("titel", flat=True))
    missing = [titel for titel in titels if titel not in present]
    for titel in missing:
        add_part(by=by, versie=versie, model=Deelplan, thema=thema, titel=titel, status="ontbreekt")
    return len(missing)


# --- the checklist ----------------------------------------------------------------------------


def mark_activity(
    *, by: Membership, activiteit: StapActiviteit, on: datetime.date | None, note: str | None = ""
) -> StapActiviteit:
    """Tick off (or reopen with ``on=None``) a main activity; allowed until adoption."""
    _may(by, "kader.edit", activiteit.gemeente_id)
    activiteit.versie.ensure_open()
    if on is not None and on > timezone.localdate():
        raise ValidationError({"gedaan_op": "Deze datum ligt in de toekomst."})
    activiteit.gedaan_op = on
    activiteit.gedaan_door_id = by.user_id if on else None
    activiteit.notitie = _text(note)
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.activity"):
        save_versioned(activiteit, expected_version=activiteit.version, fields=["gedaan_op", "gedaan_door", "notitie"])
    return activiteit


# --- workflow: submit, send back, adopt -------------------------------------------------------


def submit_for_decision(*, by: Membership, versie: KaderVersie) -> KaderVersie:
    """Concept → ter besluitvorming; refuses while any required part is empty (all listed)."""
    _may(by, "kader.edit", versie.gemeente_id)
    versie.ensure_concept()
    missing = missing_parts(versie)
    if missing:
        raise ValidationError([item.text for item in missing])
    versie.status, versie.ingediend_op = Status.TER_BESLUITVORMING, timezone.now()
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.submit"):
        save_versioned(versie, expected_version=versie.version, fields=["status", "ingediend_op"])
    return versie


def send_back(*, by: Membership, versie: KaderVersie) -> KaderVersie:
    """Ter besluitvorming → concept, for changes before the decision."""
    _may(by, "kader.adopt", versie.gemeente_id)
    if versie.status != Status.TER_BESLUITVORMING:
        raise StateConflict(
            f"Versie {versie.nummer} is {versie.get_status_display().lower()}; alleen een versie die ter "
            "besluitvorming ligt, kan worden teruggezet naar concept."
        )
    versie.status, versie.ingediend_op = Status.CONCEPT, None
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.send_back"):
        save_versioned(versie, expected_version=versie.version, fields=["status", "ingediend_op"])
    return versie


def adopt(*, by: Membership, versie: KaderVersie, on: datetime.date, body: str, reference: str) -> KaderVersie:
    """Ter besluitvorming → vastgesteld; the previously adopted version becomes vervallen."""
    _may(by, "kader.adopt", versie.gemeente_id)
    if versie.status != Status.TER_BESLUITVORMING:
        raise StateConflict(
            f"Versie {versie.nummer} is {versie.get_status_display().lower()}; alleen een versie die ter "
            "besluitvorming ligt, kan worden vastgesteld."
        )
    errors = adoption_refusals(versie, on=on, body=body, reference=reference)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(user=by.user_id, action="kader.adopt"):
        KaderVersie.objects.filter(gemeente_id=versie.gemeente_id, status=Status.VASTGESTELD).update(
            status=Status.VERVALLEN
        )
        versie.status = Status.VASTGESTELD
        versie.vastgesteld_op, versie.vastgesteld_door = on, body.strip()
        versie.besluitkenmerk = reference.strip() or None
        save_versioned(
            versie,
            expected_version=versie.version,
            fields=["status", "vastgesteld_op", "vastgesteld_door", "besluitkenmerk"],
        )
    return versie
