"""Workflows of the risk register: start it, keep assets, threats, risks and measures, accept a
risk, check a measure, and change the matrix with a dry run first.

Every function takes the acting membership (``by``) and refuses what its role may not do: the
coördinator changes everything; a thema-eigenaar changes assets, risks and measures of the
themes they own (an item without themes is the coördinator's); an acceptance is recorded by a
coördinator or bestuurder; the matrix is the coördinator's.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, PositiveSmallIntegerField, Q, Value, When
from django.utils import timezone

from lib import permissions
from lib.concurrency import save_versioned
from lib.errors import StateConflict
from organisations.models import Membership

from . import content
from .models import (
    Acceptatie,
    Bedrijfsmiddel,
    Dreiging,
    Maatregel,
    MaatregelRisico,
    Matrix,
    MatrixStatus,
    Risico,
    RisicoBedrijfsmiddel,
    Tegenstrijdigheid,
    ThemaMaatregel,
    ThemaRisico,
    Toets,
)

NOT_YOUR_THEME = (
    "U bent thema-eigenaar van andere thema's: u wijzigt alleen wat bij uw eigen thema's hoort. "
    "Iets zonder thema wijzigt de coördinator."
)
NOT_STARTED = "Het risicoregister van deze gemeente is nog niet begonnen."


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"risicos.{action}")


def _may(by: Membership, capability: str, gemeente_id: Any) -> None:
    permissions.require_same_gemeente(by, gemeente_id)
    permissions.require(by, capability)


def may_change(by: Membership, themas: Sequence[str]) -> bool:
    """A coördinator changes everything; a thema-eigenaar what has one of their themes."""
    if by.role == "coordinator":
        return True
    return by.role == "thema_eigenaar" and bool(set(themas) & set(by.themes))


def _may_change(by: Membership, obj: Any, new_themas: Sequence[str] | None = None) -> None:
    """Edit rights on ``obj`` (its current themes) and, when themes change, on the new ones too."""
    _may(by, "risicos.edit", obj.gemeente_id)
    if not obj._state.adding and not may_change(by, obj.themas):
        raise PermissionDenied(NOT_YOUR_THEME)
    if new_themas is not None and not may_change(by, new_themas):
        raise PermissionDenied(NOT_YOUR_THEME)


# --- the register -----------------------------------------------------------------------------


def current_matrix(gemeente_id: Any) -> Matrix | None:
    return Matrix.objects.filter(gemeente_id=gemeente_id, status=MatrixStatus.ACTUEEL).first()


def _matrix_of(gemeente_id: Any) -> Matrix:
    matrix = current_matrix(gemeente_id)
    if matrix is None:
        raise StateConflict(NOT_STARTED)
    return matrix


def start_register(*, by: Membership, methode: str = "standaard") -> Matrix:
    """The first matrix (the standard 5 × 5 or the national method's) and the threat catalogue."""
    _may(by, "risicos.matrix", by.gemeente_id)
    voorstel = content.VOORSTELLEN.get(methode)
    if voorstel is None:
        raise ValidationError({"methode": "Kies de standaardmatrix of die van de nationale risicobeoordeling."})
    if Matrix.objects.filter(gemeente_id=by.gemeente_id).exists():
        raise StateConflict("Het risicoregister van deze gemeente is al begonnen.")
    with transaction.atomic(), _context(by, "start"):
        matrix = Matrix(gemeente_id=by.gemeente_id, nummer=1, **voorstel.as_fields())
        matrix.full_clean(exclude=["gemeente"], validate_constraints=False)
        matrix.save(force_insert=True)
        seed_dreigingen(by.gemeente_id)
    return matrix


def seed_dreigingen(gemeente_id: Any) -> None:
    """The threat catalogue of ``content`` for a gemeente (what it does not have yet, by key)."""
    have = set(Dreiging.objects.filter(gemeente_id=gemeente_id).values_list("sleutel", flat=True))
    Dreiging.objects.bulk_create(
        Dreiging(gemeente_id=gemeente_id, sleutel=key, naam=naam, moedwillig=moedwillig, omschrijving=uitleg)
        for key, naam, moedwillig, uitleg in content.DREIGINGEN
        if key not in have
    )


# --- assets and threats -----------------------------------------------------------------------


def _clean(obj: Any) -> None:
    """The model's own rules, then its constraints (unique names per gemeente) with the gemeente set."""
    obj.full_clean(exclude=["gemeente"], validate_constraints=False)
    obj.validate_constraints()


def _save_new(obj: Any, by: Membership, action: str) -> Any:
    _clean(obj)
    with transaction.atomic(), _context(by, action):
        obj.save(force_insert=True)
    return obj


def _edit(obj: Any, by: Membership, action: str, expected_version: int, fields: dict[str, Any]) -> Any:
    for name, value in fields.items():
        if name not in obj.EDIT_FIELDS:
            raise ValueError(name)
        setattr(obj, name, value)
    _clean(obj)
    with transaction.atomic(), _context(by, action):
        save_versioned(obj, expected_version=expected_version, fields=list(fields))
    return obj


def add_bedrijfsmiddel(*, by: Membership, **fields: Any) -> Bedrijfsmiddel:
    bedrijfsmiddel = Bedrijfsmiddel(gemeente_id=by.gemeente_id, **fields)
    _may_change(by, bedrijfsmiddel, bedrijfsmiddel.themas)
    return _save_new(bedrijfsmiddel, by, "bedrijfsmiddel.add")


def edit_bedrijfsmiddel(
    *, by: Membership, bedrijfsmiddel: Bedrijfsmiddel, expected_version: int, **fields: Any
) -> Bedrijfsmiddel:
    _may_change(by, bedrijfsmiddel, fields.get("themas"))
    return _edit(bedrijfsmiddel, by, "bedrijfsmiddel.edit", expected_version, fields)


def delete_bedrijfsmiddel(*, by: Membership, bedrijfsmiddel: Bedrijfsmiddel) -> None:
    _may_change(by, bedrijfsmiddel)
    with transaction.atomic(), _context(by, "bedrijfsmiddel.delete"):
        bedrijfsmiddel.delete()


def add_dreiging(*, by: Membership, **fields: Any) -> Dreiging:
    _may(by, "risicos.matrix", by.gemeente_id)
    return _save_new(Dreiging(gemeente_id=by.gemeente_id, **fields), by, "dreiging.add")


def edit_dreiging(*, by: Membership, dreiging: Dreiging, expected_version: int, **fields: Any) -> Dreiging:
    _may(by, "risicos.matrix", dreiging.gemeente_id)
    return _edit(dreiging, by, "dreiging.edit", expected_version, fields)


def delete_dreiging(*, by: Membership, dreiging: Dreiging) -> None:
    _may(by, "risicos.matrix", dreiging.gemeente_id)
    if dreiging.risicos.exists():
        raise StateConflict("Er zijn risico's met deze dreiging; koppel die eerst aan een andere dreiging.")
    with transaction.atomic(), _context(by, "dreiging.delete"):
        dreiging.delete()


# --- risks ------------------------------------------------------------------------------------


def _own(by: Membership, model: Any, objs: Iterable[Any], field: str) -> list[Any]:
    """Objects of the acting member's gemeente, or a refusal naming ``field``."""
    wanted = list(objs)
    found = list(model.objects.visible_to(by).filter(pk__in=[getattr(o, "pk", o) for o in wanted]))
    if len(found) != len({getattr(o, "pk", o) for o in wanted}):
        raise ValidationError({field: "Kies alleen uit de eigen gemeente."})
    return found


def _check_links(by: Membership, fields: dict[str, Any], current: Any = None) -> None:
    """The threat and owner of the member's gemeente; an owner left as it was is not checked again
    (a thema-eigenaar sees only their own membership, but keeps a risk's other owner)."""
    for name, model in (("dreiging", Dreiging), ("eigenaar", Membership)):
        value = fields.get(name)
        if value is None:
            continue
        if current is not None and getattr(current, f"{name}_id") == getattr(value, "pk", value):
            continue
        _own(by, model, [value], name)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of the month when that month is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def review_date(matrix: Matrix, niveau: int | None, today: datetime.date | None = None) -> datetime.date | None:
    """The next review of a risk by its level (the level's interval in months)."""
    if niveau is None:
        return None
    months = int(matrix.niveaus[niveau].get("maanden") or 12)
    return add_months(today or timezone.localdate(), months)


def score_levels(risico: Risico) -> None:
    matrix = risico.matrix
    risico.bruto_niveau = matrix.niveau(risico.bruto_kans, risico.bruto_impact)
    risico.netto_niveau = matrix.niveau(risico.netto_kans, risico.netto_impact)


def add_risico(*, by: Membership, bedrijfsmiddelen: Iterable[Any] = (), **fields: Any) -> Risico:
    risico = Risico(gemeente_id=by.gemeente_id, matrix=_matrix_of(by.gemeente_id), **fields)
    _may_change(by, risico, risico.themas)
    _check_links(by, fields)
    middelen = _own(by, Bedrijfsmiddel, bedrijfsmiddelen, "bedrijfsmiddelen")
    _clean(risico)
    score_levels(risico)
    if risico.volgende_review is None:
        risico.volgende_review = review_date(risico.matrix, risico.niveau)
    with transaction.atomic(), _context(by, "risico.add"):
        risico.save(force_insert=True)
        _set_bedrijfsmiddelen(risico, middelen)
    return risico


def _set_bedrijfsmiddelen(risico: Risico, middelen: list[Bedrijfsmiddel]) -> None:
    wanted = {m.pk for m in middelen}
    links = RisicoBedrijfsmiddel.objects.filter(risico=risico)
    links.exclude(bedrijfsmiddel_id__in=wanted).delete()
    have = set(links.values_list("bedrijfsmiddel_id", flat=True))
    RisicoBedrijfsmiddel.objects.bulk_create(
        RisicoBedrijfsmiddel(gemeente_id=risico.gemeente_id, risico=risico, bedrijfsmiddel_id=pk)
        for pk in wanted - have
    )


def edit_risico(
    *,
    by: Membership,
    risico: Risico,
    expected_version: int,
    bedrijfsmiddelen: Iterable[Any] | None = None,
    **fields: Any,
) -> Risico:
    """Change a risk; its levels follow its scores. A change of scores after an acceptance asks for
    the acceptance to be validated again (``Acceptatie`` keeps the scores it applied to)."""
    _may_change(by, risico, fields.get("themas"))
    _check_links(by, fields, current=risico)
    middelen = None if bedrijfsmiddelen is None else _own(by, Bedrijfsmiddel, bedrijfsmiddelen, "bedrijfsmiddelen")
    for name, value in fields.items():
        if name not in Risico.EDIT_FIELDS:
            raise ValueError(name)
        setattr(risico, name, value)
    _clean(risico)
    score_levels(risico)
    changed = [*fields, "bruto_niveau", "netto_niveau"]
    if set(fields) & set(Risico.SCORE_FIELDS):
        risico.herbeoordelen = False
        changed.append("herbeoordelen")
    with transaction.atomic(), _context(by, "risico.edit"):
        save_versioned(risico, expected_version=expected_version, fields=changed)
        if middelen is not None:
            _set_bedrijfsmiddelen(risico, middelen)
    return risico


def delete_risico(*, by: Membership, risico: Risico) -> None:
    _may_change(by, risico)
    with transaction.atomic(), _context(by, "risico.delete"):
        risico.delete()


def flag_for_review(*, by: Membership, risico: Risico, reason: str) -> Risico:
    """Something (an incident) shows the risk is other than thought: it is to be assessed again now."""
    _may(by, "risicos.flag", risico.gemeente_id)
    with transaction.atomic(), pghistory.context(user=by.user_id, action="risicos.risico.flag", reason=reason[:300]):
        Risico.objects.filter(pk=risico.pk).update(
            herbeoordelen=True, volgende_review=timezone.localdate(), version=F("version") + 1
        )
    risico.herbeoordelen, risico.volgende_review = True, timezone.localdate()
    risico.version += 1  # a change like any other: an editor who read it before sees it changed
    return risico


# --- acceptance -------------------------------------------------------------------------------


def accept(
    *,
    by: Membership,
    risico: Risico,
    geaccepteerd_door: str,
    geldig_tot: datetime.date,
    motivering: str,
    geaccepteerd_op: datetime.date | None = None,
) -> Acceptatie:
    """Record the acceptance of the risk's current (residual, else inherent) score until a date."""
    _may(by, "risicos.accept", risico.gemeente_id)
    prefix = "netto" if risico.netto_niveau is not None else "bruto"
    kans, impact = getattr(risico, f"{prefix}_kans"), getattr(risico, f"{prefix}_impact")
    if kans is None:
        raise ValidationError(
            {"risico": "Geef het risico eerst een score; alleen een gescoord risico kan worden geaccepteerd."}
        )
    acceptatie = Acceptatie(
        gemeente_id=risico.gemeente_id,
        risico=risico,
        geaccepteerd_door=geaccepteerd_door,
        geaccepteerd_op=geaccepteerd_op or timezone.localdate(),
        geldig_tot=geldig_tot,
        motivering=motivering,
        matrix=risico.matrix,
        kans=kans,
        impact=impact,
        niveau=int(risico.matrix.niveau(kans, impact) or 0),
    )
    _clean(acceptatie)
    if acceptatie.geldig_tot > add_months(acceptatie.geaccepteerd_op, 60):
        raise ValidationError(
            {"geldig_tot": "Een acceptatie geldt ten hoogste vijf jaar; beoordeel het risico daarna opnieuw."}
        )
    with transaction.atomic(), _context(by, "acceptatie.add"):
        acceptatie.save(force_insert=True)
    return acceptatie


def withdraw(*, by: Membership, acceptatie: Acceptatie) -> Acceptatie:
    _may(by, "risicos.accept", acceptatie.gemeente_id)
    if acceptatie.ingetrokken_op is not None:
        raise StateConflict("Deze acceptatie is al ingetrokken.")
    with transaction.atomic(), _context(by, "acceptatie.withdraw"):
        acceptatie.ingetrokken_op = timezone.localdate()
        save_versioned(acceptatie, expected_version=acceptatie.version, fields=["ingetrokken_op"])
    return acceptatie


@dataclass(frozen=True)
class AcceptatieStand:
    """Where an acceptance stands today."""

    geldig: bool
    verlopen: bool
    herbeoordelen: bool  # the risk's scores are no longer those it applied to
    ingetrokken: bool

    @property
    def tekst(self) -> str:
        if self.ingetrokken:
            return "ingetrokken"
        if self.verlopen:
            return "verlopen"
        if self.herbeoordelen:
            return "opnieuw beoordelen: de score is veranderd"
        return "geldig"


def stand(acceptatie: Acceptatie, risico: Risico, today: datetime.date | None = None) -> AcceptatieStand:
    today = today or timezone.localdate()
    prefix = "netto" if risico.netto_niveau is not None else "bruto"
    now = (risico.matrix_id, getattr(risico, f"{prefix}_kans"), getattr(risico, f"{prefix}_impact"))
    then = (acceptatie.matrix_id, acceptatie.kans, acceptatie.impact)
    ingetrokken = acceptatie.ingetrokken_op is not None
    verlopen = acceptatie.geldig_tot < today
    herbeoordelen = now != then
    return AcceptatieStand(
        geldig=not (ingetrokken or verlopen or herbeoordelen),
        verlopen=verlopen,
        herbeoordelen=herbeoordelen,
        ingetrokken=ingetrokken,
    )


# --- measures ---------------------------------------------------------------------------------


def add_maatregel(*, by: Membership, risicos: Iterable[Any] = (), **fields: Any) -> Maatregel:
    maatregel = Maatregel(gemeente_id=by.gemeente_id, **fields)
    _may_change(by, maatregel, maatregel.themas)
    _check_links(by, fields)
    gekoppeld = _own(by, Risico, risicos, "risicos")
    _clean(maatregel)
    with transaction.atomic(), _context(by, "maatregel.add"):
        maatregel.save(force_insert=True)
        _set_risicos(maatregel, gekoppeld)
    return maatregel


def _set_risicos(maatregel: Maatregel, risicos: list[Risico]) -> None:
    wanted = {r.pk for r in risicos}
    links = MaatregelRisico.objects.filter(maatregel=maatregel)
    links.exclude(risico_id__in=wanted).delete()
    have = set(links.values_list("risico_id", flat=True))
    MaatregelRisico.objects.bulk_create(
        MaatregelRisico(gemeente_id=maatregel.gemeente_id, maatregel=maatregel, risico_id=pk) for pk in wanted - have
    )


def edit_maatregel(
    *, by: Membership, maatregel: Maatregel, expected_version: int, risicos: Iterable[Any] | None = None, **fields: Any
) -> Maatregel:
    _may_change(by, maatregel, fields.get("themas"))
    _check_links(by, fields, current=maatregel)
    gekoppeld = None if risicos is None else _own(by, Risico, risicos, "risicos")
    with transaction.atomic():
        _edit(maatregel, by, "maatregel.edit", expected_version, fields)
        if gekoppeld is not None:
            with _context(by, "maatregel.risicos"):
                _set_risicos(maatregel, gekoppeld)
    return maatregel


def delete_maatregel(*, by: Membership, maatregel: Maatregel) -> None:
    _may_change(by, maatregel)
    with transaction.atomic(), _context(by, "maatregel.delete"):
        maatregel.delete()


def add_toets(
    *, by: Membership, maatregel: Maatregel, datum: datetime.date, door: str, resultaat: str, notitie: str = ""
) -> Toets:
    """An effectiveness check; a measure that worked is ``getoetst`` from then on."""
    _may_change(by, maatregel)
    toets = Toets(
        gemeente_id=maatregel.gemeente_id,
        maatregel=maatregel,
        datum=datum,
        door=door,
        resultaat=resultaat,
        notitie=notitie,
    )
    _clean(toets)
    if datum > timezone.localdate():
        raise ValidationError({"datum": "Een toets ligt niet in de toekomst."})
    with transaction.atomic(), _context(by, "toets.add"):
        toets.save(force_insert=True)
        if resultaat == "effectief" and maatregel.status == "geimplementeerd":
            Maatregel.objects.filter(pk=maatregel.pk).update(status="getoetst", version=F("version") + 1)
            maatregel.status = "getoetst"
            maatregel.version += 1
    return toets


def mark_conflict(*, by: Membership, maatregel: Maatregel, andere: Maatregel, toelichting: str) -> Tegenstrijdigheid:
    """Two measures that work against each other (stored once, whichever is named first)."""
    _may_change(by, maatregel)
    [andere] = _own(by, Maatregel, [andere], "andere")
    if andere.pk == maatregel.pk:
        raise ValidationError({"andere": "Een maatregel is niet tegenstrijdig met zichzelf."})
    first, second = sorted((maatregel, andere), key=lambda m: str(m.pk))
    conflict = Tegenstrijdigheid(
        gemeente_id=maatregel.gemeente_id, maatregel=first, andere=second, toelichting=toelichting
    )
    if Tegenstrijdigheid.objects.filter(maatregel=first, andere=second).exists():  # named, before the constraint
        raise ValidationError({"andere": "Deze twee maatregelen zijn al als tegenstrijdig gemarkeerd."})
    _clean(conflict)
    with transaction.atomic(), _context(by, "tegenstrijdigheid.add"):
        conflict.save(force_insert=True)
    return conflict


# --- changing the matrix ----------------------------------------------------------------------


def proportional(old: int, new: int) -> dict[int, int]:
    """Old class → new class, spread evenly (1 stays 1, the highest stays the highest)."""
    if old == 1:
        return {1: 1}
    return {c: round((c - 1) * (new - 1) / (old - 1)) + 1 for c in range(1, old + 1)}


@dataclass
class Wijziging:
    """The dry run of a matrix change: what happens to the risks, before anything is stored."""

    nieuw: Matrix
    kans_map: dict[int, int]
    impact_map: dict[int, int]
    risicos: int = 0
    anders: int = 0  # risks whose (residual or inherent) level changes
    over_de_lijn: list[tuple[Risico, bool]] = field(default_factory=list)  # (risk, now above) for crossings
    per_niveau: Counter[tuple[str, str]] = field(default_factory=Counter)  # (old level, new level) -> risks


def _check_map(name: str, mapping: dict[int, int], old: int, new: int) -> dict[int, int]:
    if set(mapping) != set(range(1, old + 1)) or not all(1 <= v <= new for v in mapping.values()):
        raise ValidationError({name: f"Geef elke oude klasse (1 tot {old}) een nieuwe klasse van 1 tot {new}."})
    return {int(k): int(v) for k, v in mapping.items()}


def plan_matrix_change(
    *,
    by: Membership,
    kans_labels: Sequence[str],
    impact_labels: Sequence[str],
    niveaus: list[dict[str, Any]],
    raster: list[list[int]] | None = None,
    tolerantie: int,
    impactcriteria: Sequence[str] = (),
    methode: str = "standaard",
    toelichting: str = "",
    kans_map: dict[int, int] | None = None,
    impact_map: dict[int, int] | None = None,
) -> Wijziging:
    """The dry run: the new matrix (not saved), the mapping of old classes to new, and per risk
    what its level becomes. Nothing is stored; :func:`apply_matrix_change` stores it."""
    _may(by, "risicos.matrix", by.gemeente_id)
    old = _matrix_of(by.gemeente_id)
    nieuw = Matrix(
        gemeente_id=by.gemeente_id,
        nummer=old.nummer + 1,
        methode=methode,
        kans_labels=list(kans_labels),
        impact_labels=list(impact_labels),
        impactcriteria=list(impactcriteria),
        niveaus=niveaus,
        raster=raster
        if raster is not None
        else content.raster_by_product(len(kans_labels), len(impact_labels), len(niveaus)),
        tolerantie=tolerantie,
        toelichting=toelichting,
    )
    nieuw.full_clean(exclude=["gemeente"], validate_constraints=False)
    kmap = _check_map(
        "kans_map", kans_map or proportional(old.kans_size, nieuw.kans_size), old.kans_size, nieuw.kans_size
    )
    imap = _check_map(
        "impact_map", impact_map or proportional(old.impact_size, nieuw.impact_size), old.impact_size, nieuw.impact_size
    )
    wijziging = Wijziging(nieuw=nieuw, kans_map=kmap, impact_map=imap)
    rows = Risico.objects.filter(gemeente_id=by.gemeente_id).values_list(
        "bruto_kans", "bruto_impact", "netto_kans", "netto_impact"
    )
    # Per distinct score (at most 7 × 7 × 7 × 7 rows, whatever the number of risks).
    for bk, bi, nk, ni, n in (
        rows.annotate(n=Count("id"))
        .values_list("bruto_kans", "bruto_impact", "netto_kans", "netto_impact", "n")
        .order_by()
    ):
        kans, impact = (nk, ni) if nk is not None else (bk, bi)
        wijziging.risicos += n
        if kans is None:
            continue
        before = old.niveau(kans, impact)
        after = nieuw.niveau(kmap[kans], imap[impact])
        wijziging.per_niveau[(old.niveau_naam(before), nieuw.niveau_naam(after))] += n
        if old.niveau_naam(before) != nieuw.niveau_naam(after):
            wijziging.anders += n
    wijziging.over_de_lijn = _crossings(by, old, nieuw, kmap, imap)
    return wijziging


def _crossings(
    by: Membership, old: Matrix, nieuw: Matrix, kmap: dict[int, int], imap: dict[int, int]
) -> list[tuple[Risico, bool]]:
    """The risks whose level crosses the tolerance line, with True when they now lie above it."""
    crossing_cells = []
    for kans in range(1, old.kans_size + 1):
        for impact in range(1, old.impact_size + 1):
            was = old.boven_tolerantie(old.niveau(kans, impact))
            wordt = nieuw.boven_tolerantie(nieuw.niveau(kmap[kans], imap[impact]))
            if was != wordt:
                crossing_cells.append((kans, impact, wordt))
    if not crossing_cells:
        return []
    scored = Q()
    for kans, impact, _ in crossing_cells:
        scored |= Q(netto_kans=kans, netto_impact=impact) | Q(
            netto_kans__isnull=True, bruto_kans=kans, bruto_impact=impact
        )
    above = {(k, i): w for k, i, w in crossing_cells}
    found = []
    for risico in Risico.objects.filter(gemeente_id=by.gemeente_id).filter(scored).order_by("titel"):
        prefix = "netto" if risico.netto_kans is not None else "bruto"
        found.append((risico, above[(getattr(risico, f"{prefix}_kans"), getattr(risico, f"{prefix}_impact"))]))
    return found


def apply_matrix_change(*, by: Membership, wijziging: Wijziging, expected_nummer: int) -> Matrix:
    """Store the new matrix and move every risk's scores by the mapping, in one transaction.

    ``expected_nummer``: the version the dry run was made on; if someone changed the matrix in
    between, nothing is stored. Acceptances keep their matrix and scores, so they stay readable.
    """
    _may(by, "risicos.matrix", by.gemeente_id)
    with transaction.atomic(), _context(by, "matrix.change"):
        old = Matrix.objects.select_for_update().filter(gemeente_id=by.gemeente_id, status=MatrixStatus.ACTUEEL).first()
        if old is None or old.nummer != expected_nummer:
            raise StateConflict("De matrix is intussen gewijzigd; bekijk de gevolgen opnieuw.")
        Matrix.objects.filter(pk=old.pk).update(status=MatrixStatus.VERVANGEN, version=old.version + 1)
        nieuw = wijziging.nieuw
        nieuw.nummer = old.nummer + 1
        nieuw.save(force_insert=True)
        _remap(by.gemeente_id, old, nieuw, wijziging.kans_map, wijziging.impact_map)
    return nieuw


def _remap(gemeente_id: Any, old: Matrix, nieuw: Matrix, kmap: dict[int, int], imap: dict[int, int]) -> None:
    """Every risk's scores and levels through the mapping: one UPDATE for all risks, whatever their count."""
    small = PositiveSmallIntegerField()

    def value(number: int | None) -> Value:
        return Value(number, output_field=small)

    values: dict[str, Any] = {}
    for prefix in ("bruto", "netto"):
        kans, impact = f"{prefix}_kans", f"{prefix}_impact"
        values[kans] = Case(
            *(When(**{kans: k}, then=value(v)) for k, v in kmap.items()), default=F(kans), output_field=small
        )
        values[impact] = Case(
            *(When(**{impact: i}, then=value(v)) for i, v in imap.items()), default=F(impact), output_field=small
        )
        values[f"{prefix}_niveau"] = Case(
            *(When(**{kans: k, impact: i}, then=value(nieuw.niveau(kmap[k], imap[i]))) for k in kmap for i in imap),
            default=value(None),
            output_field=small,
        )
    Risico.objects.filter(gemeente_id=gemeente_id, matrix=old).update(
        **values, matrix=nieuw, version=F("version") + 1, updated_at=timezone.now()
    )


def link_kader(
    *,
    by: Membership,
    maatregel: Maatregel,
    doelen: Iterable[Any] = (),
    uitgangspunten: Iterable[Any] = (),
    wetten: Iterable[Any] = (),
) -> None:
    """Link a measure to goals, uitgangspunten and laws of the kader (added to what it has)."""
    from kader.models import Doel, Uitgangspunt, WetOfNorm

    from .models import MaatregelDoel, MaatregelUitgangspunt, MaatregelWet

    _may_change(by, maatregel)
    targets: list[tuple[Any, str, list[Any]]] = [
        (MaatregelDoel, "doel", _own(by, Doel, doelen, "doelen")),
        (MaatregelUitgangspunt, "uitgangspunt", _own(by, Uitgangspunt, uitgangspunten, "uitgangspunten")),
        (MaatregelWet, "wet", _own(by, WetOfNorm, wetten, "wetten")),
    ]
    with transaction.atomic(), _context(by, "maatregel.kader"):
        for model, field, objs in targets:
            have = set(model.objects.filter(maatregel=maatregel).values_list(f"{field}_id", flat=True))
            model.objects.bulk_create(
                model(gemeente_id=maatregel.gemeente_id, maatregel=maatregel, **{field: obj})
                for obj in objs
                if obj.pk not in have
            )


def set_kader(
    *,
    by: Membership,
    maatregel: Maatregel,
    doelen: Iterable[Any] | None = None,
    uitgangspunten: Iterable[Any] | None = None,
    wetten: Iterable[Any] | None = None,
) -> None:
    """Replace a measure's links to goals, uitgangspunten and laws of the kader by these (None keeps
    that kind as it is); every one of the member's gemeente, or nothing is stored."""
    from kader.models import Doel, Uitgangspunt, WetOfNorm

    from .models import MaatregelDoel, MaatregelUitgangspunt, MaatregelWet

    _may_change(by, maatregel)
    kinds: list[tuple[Any, str, Any, Iterable[Any] | None, str]] = [
        (MaatregelDoel, "doel", Doel, doelen, "doelen"),
        (MaatregelUitgangspunt, "uitgangspunt", Uitgangspunt, uitgangspunten, "uitgangspunten"),
        (MaatregelWet, "wet", WetOfNorm, wetten, "wetten"),
    ]
    targets = [
        (model, field, _own(by, kader, objs, name)) for model, field, kader, objs, name in kinds if objs is not None
    ]
    with transaction.atomic(), _context(by, "maatregel.kader"):
        for model, field, objs in targets:
            wanted = {obj.pk for obj in objs}
            links = model.objects.filter(maatregel=maatregel)
            links.exclude(**{f"{field}_id__in": wanted}).delete()
            have = set(links.values_list(f"{field}_id", flat=True))
            model.objects.bulk_create(
                model(gemeente_id=maatregel.gemeente_id, maatregel=maatregel, **{f"{field}_id": pk})
                for pk in wanted - have
            )


# --- the veiligheidsplan's themes ---------------------------------------------------------------

ONLY_VELD_5 = "Alleen thema's van veld 5 (integriteit en veiligheid) verwijzen naar risico's en maatregelen."
ALREADY_LINKED = "Dit thema is al gekoppeld."


def link_model(obj: Risico | Maatregel) -> tuple[Any, str]:
    return (ThemaRisico, "risico") if isinstance(obj, Risico) else (ThemaMaatregel, "maatregel")


def link_thema(*, by: Membership, obj: Risico | Maatregel, thema: Any) -> Any:
    """Point ``thema`` (a theme of veld 5 of the same gemeente) to the risk or measure ``obj``."""
    _may_change(by, obj)
    from ivp.models import Thema

    found = Thema.objects.visible_to(by).select_related("veld").filter(pk=getattr(thema, "pk", thema)).first()
    if found is None:
        raise ValidationError({"thema": "Kies een thema van de eigen gemeente."})
    if not found.links_to_kader:
        raise ValidationError({"thema": ONLY_VELD_5})
    model, field = link_model(obj)
    if model.objects.filter(thema=found, **{field: obj}).exists():
        raise ValidationError({"thema": ALREADY_LINKED})
    try:
        with transaction.atomic(), _context(by, f"{field}.thema"):
            return model.objects.create(gemeente_id=obj.gemeente_id, thema=found, **{field: obj})
    except IntegrityError as error:  # linked by someone else at the same moment
        raise ValidationError({"thema": ALREADY_LINKED}) from error


def unlink_thema(*, by: Membership, koppeling: ThemaRisico | ThemaMaatregel) -> None:
    """Remove a theme's link to a risk or measure; the history keeps it."""
    obj = koppeling.risico if isinstance(koppeling, ThemaRisico) else koppeling.maatregel
    _may_change(by, obj)
    field = "risico" if isinstance(koppeling, ThemaRisico) else "maatregel"
    with transaction.atomic(), _context(by, f"{field}.thema_delete"):
        koppeling.delete()
