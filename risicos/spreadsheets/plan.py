"""Every row of an imported sheet checked, and what it would change — nothing stored here.

A row is checked with the same rules as a form and the services: the model's own validation
(required fields, lengths, choices, the scores within the current matrix and in pairs, a measure's
dates and amounts), names unique per gemeente, links only to the gemeente's own threats, assets,
risks and members, and the thema-eigenaar's reach (``services.may_change``). Foreign keys and
unique names are checked against maps read once, not per row, so 10,000 rows cost a handful of
queries. Every error of every row is collected (row number, column, Dutch message).

:func:`make` gives a :class:`Plan`: per row new, changed (field before → after), unchanged or
wrong, the objects to create and update, and the versions of the rows it changes; :func:`store`
applies a plan without errors in one transaction, with ``bulk_create``/``bulk_update`` (the history
triggers record every row) and the levels and review dates computed as the services compute them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from organisations.models import Membership

from .. import services
from ..models import (
    Bedrijfsmiddel,
    Dreiging,
    MaatregelRisico,
    Matrix,
    MatrixStatus,
    Risico,
    RisicoBedrijfsmiddel,
)
from .columns import KENMERK, REGISTERS, CelFout, Kolom, Namen, Register, parse, shown, text, value_of
from .reading import FORMULA, Tabel

STALE = (
    "Het register is gewijzigd sinds dit voorbeeld is gemaakt; er is niets opgeslagen. "
    "Exporteer opnieuw of lees het bestand opnieuw in en controleer het nieuwe voorbeeld."
)
FK_FIELDS = ("gemeente", "matrix", "dreiging", "eigenaar")  # checked against the gemeente's maps, not per row
LINKS: dict[str, tuple[Any, str, str]] = {  # register -> (link model, own field, linked field)
    "risicos": (RisicoBedrijfsmiddel, "risico_id", "bedrijfsmiddel_id"),
    "maatregelen": (MaatregelRisico, "maatregel_id", "risico_id"),
}
Progress = Callable[[int, int], None]


@dataclass
class Regel:
    rij: int
    soort: str  # nieuw, gewijzigd, ongewijzigd, fout
    naam: str
    kenmerk: str = ""
    wijzigingen: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after)
    fouten: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    obj: Any = None  # the object with the row's values (not in the preview's JSON)


@dataclass
class Plan:
    register: Register
    regels: list[Regel] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)  # the file as a whole (headers)
    nieuw: list[Any] = field(default_factory=list)
    gewijzigd: list[tuple[Any, set[str]]] = field(default_factory=list)  # (object with new values, changed fields)
    links: dict[Any, frozenset[Any]] = field(default_factory=dict)  # object pk -> wanted links, where they change
    versies: dict[str, int] = field(default_factory=dict)  # pk -> version the plan was made on

    def count(self, soort: str) -> int:
        return sum(1 for r in self.regels if r.soort == soort)

    @property
    def foutloos(self) -> bool:
        return not self.fouten and not any(r.fouten for r in self.regels)

    def as_json(self) -> dict[str, Any]:
        shown_rows = [
            {
                "rij": r.rij,
                "soort": r.soort,
                "naam": r.naam,
                "kenmerk": r.kenmerk,
                "wijzigingen": r.wijzigingen,
                "fouten": r.fouten,
            }
            for r in self.regels
            if r.soort != "ongewijzigd"
        ]
        body = {
            "register": self.register.key,
            "rijen": len(self.regels),
            "nieuw": self.count("nieuw"),
            "gewijzigd": self.count("gewijzigd"),
            "ongewijzigd": self.count("ongewijzigd"),
            "fout": self.count("fout"),
            "fouten": self.fouten,
            "regels": shown_rows,
            "versies": self.versies,
        }
        body["digest"] = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
        return body


# --- the gemeente's names and objects ---------------------------------------------------------


def namen(by: Membership, register: Register) -> Namen:
    """The names of everything a sheet of ``register`` links to (a few queries, whatever the size)."""
    found = Namen()
    matrix = services.current_matrix(by.gemeente_id)
    if matrix is not None:
        found.niveaus = [str(n["naam"]) for n in matrix.niveaus]
        found.kansen, found.impacten = matrix.kans_size, matrix.impact_size
    if register.key in {"risicos", "maatregelen"}:
        members = Membership.objects.visible_to(by).select_related("user")
        found.eigenaren = {m.pk: m.user.email for m in members}
    if register.key == "risicos":
        found.dreigingen = dict(Dreiging.objects.visible_to(by).values_list("pk", "naam"))
        found.middelen = dict(Bedrijfsmiddel.objects.visible_to(by).values_list("pk", "naam"))
    if register.key == "maatregelen":
        found.risicos = dict(Risico.objects.visible_to(by).values_list("pk", "titel"))
        seen: set[str] = set()
        for titel in found.risicos.values():
            key = titel.lower()
            (found.dubbele_titels if key in seen else seen).add(key)
    return found


def links_of(register: Register, pks: Any = None) -> dict[Any, set[Any]]:
    """Per object of the register its linked assets (risks) or risks (measures)."""
    found: dict[Any, set[Any]] = defaultdict(set)
    if register.key not in LINKS:
        return found
    model, own, other = LINKS[register.key]
    rows = model.objects.all() if pks is None else model.objects.filter(**{f"{own}__in": pks})
    for mine, theirs in rows.values_list(own, other):
        found[mine].add(theirs)
    return found


def _objects(by: Membership, register: Register) -> dict[str, Any]:
    found = register.model._default_manager.visible_to(by)  # type: ignore[attr-defined]  # GemeenteQuerySet
    if register.key != "bedrijfsmiddelen":
        found = found.select_related("eigenaar__user")
    return {str(obj.pk): obj for obj in found}


# --- checking ---------------------------------------------------------------------------------


def _header_errors(register: Register, koppen: list[str]) -> list[str]:
    known = {k.lower(): k for k in register.koppen}
    required = [KENMERK, *(k.kop for k in register.invoer)]
    given = [k.lower() for k in koppen if k]
    errors = []
    missing = [k for k in required if k.lower() not in given]
    if missing:
        errors.append(f"Deze kolommen ontbreken: {', '.join(missing)}.")
    unknown = [k for k in koppen if k and k.lower() not in known]
    if unknown:
        errors.append(
            f"Deze kolommen kent Kapstok niet in een bestand van {register.titel.lower()}: {', '.join(unknown)}. "
            "Gebruik de kopregel van de export."
        )
    double = sorted({k for k in given if given.count(k) > 1})
    if double:
        errors.append(f"Deze kolommen staan er meer dan eens in: {', '.join(known.get(k, k) for k in double)}.")
    if "" in koppen[: len(given)]:
        errors.append("Een kolom heeft geen kop; geef elke kolom de kop van de export of verwijder de kolom.")
    return errors


@dataclass
class _Context:
    by: Membership
    register: Register
    namen: Namen
    objects: dict[str, Any]
    links: dict[Any, set[Any]]
    matrix: Matrix | None
    matrices: dict[Any, Matrix]
    columns: dict[str, int] = field(default_factory=dict)  # header (lower case) -> column index
    koppen: list[str] = field(default_factory=list)  # the file's headers
    seen: dict[str, int] = field(default_factory=dict)  # kenmerk -> row
    names_before: dict[str, str] = field(default_factory=dict)  # asset pk -> its stored name


def make(by: Membership, register_key: str, tabel: Tabel, progress: Progress | None = None) -> Plan:
    register = REGISTERS[register_key]
    plan = Plan(register)
    plan.fouten = _header_errors(register, tabel.koppen)
    if plan.fouten:
        return plan
    matrices = {m.pk: m for m in Matrix.objects.visible_to(by)}
    matrix = next((m for m in matrices.values() if m.status == MatrixStatus.ACTUEEL), None)
    if matrix is None and register.key == "risicos":
        plan.fouten = [services.NOT_STARTED]
        return plan
    names = namen(by, register)
    objects = _objects(by, register)
    for obj in objects.values():
        if getattr(obj, "eigenaar_id", None) and obj.eigenaar is not None:
            names.eigenaren.setdefault(obj.eigenaar_id, obj.eigenaar.user.email)  # an owner the member cannot list
    columns = {k.lower(): i for i, k in enumerate(tabel.koppen) if k}
    context = _Context(by, register, names, objects, links_of(register), matrix, matrices, columns, tabel.koppen)
    index = names.index()
    if register.key == "bedrijfsmiddelen":
        context.names_before = {pk: obj.naam for pk, obj in objects.items()}
    formulas = defaultdict(set)
    for number, column in tabel.formules:
        formulas[number].add(column)
    for done, (number, cells) in enumerate(tabel.rijen, start=1):
        plan.regels.append(_row(context, plan, index, number, cells, formulas[number]))
        if progress and done % 1000 == 0:
            progress(done, len(tabel.rijen))
    if register.key == "bedrijfsmiddelen":
        _unique_names(context, plan)
    return plan


def _cell(cells: list[Any], columns: dict[str, int], kop: str) -> Any:
    index = columns.get(kop.lower())
    return cells[index] if index is not None and index < len(cells) else None


def _row(context: _Context, plan: Plan, index: Any, number: int, cells: list[Any], formulas: set[int]) -> Regel:
    register, columns = context.register, context.columns
    errors: list[tuple[str, str]] = [(context.koppen[c], FORMULA) for c in sorted(formulas)]
    bad = {context.koppen[c].lower() for c in formulas}
    kenmerk = str(_cell(cells, columns, KENMERK) or "").strip()
    obj: Any = _existing(context, kenmerk, number, errors) if kenmerk else None
    values: dict[str, Any] = {}
    for kolom in register.invoer:
        if kolom.kop.lower() in bad:
            continue
        try:
            values[kolom.veld] = parse(kolom, _cell(cells, columns, kolom.kop), index)
        except CelFout as error:
            errors.append((kolom.kop, str(error)))
    naam = str(values.get(register.naamveld) or "")
    regel = Regel(number, "fout", naam, str(obj.pk) if obj is not None else kenmerk)
    if kenmerk and obj is None:
        regel.fouten = errors
        return regel
    new = obj is None
    if obj is None:
        obj = register.model(gemeente_id=context.by.gemeente_id)
        if context.matrix is not None and register.key == "risicos":
            obj.matrix = context.matrix
    old_themas = list(getattr(obj, "themas", None) or [])
    changed = _apply_values(context, obj, values, regel, new)
    if (new or changed) and not errors:
        errors.extend(_check(context, obj, old_themas, changed, new))
    regel.fouten = errors
    if errors:
        return regel
    regel.obj = obj
    if new:
        regel.soort = "nieuw"
        plan.nieuw.append(obj)
    elif changed:
        regel.soort = "gewijzigd"
        plan.gewijzigd.append((obj, changed))
        plan.versies[str(obj.pk)] = obj.version
    else:
        regel.soort = "ongewijzigd"
    link = {"risicos": "bedrijfsmiddelen", "maatregelen": "risicos"}.get(register.key)
    if link and link in values and (new or link in changed):
        plan.links[obj.pk] = values[link]
    return regel


def _existing(context: _Context, kenmerk: str, number: int, errors: list[tuple[str, str]]) -> Any:
    try:
        key = str(uuid.UUID(kenmerk))
    except ValueError:
        key = ""
    obj = context.objects.get(key)
    if obj is None:
        errors.append(
            (
                KENMERK,
                f"Het kenmerk ‘{kenmerk}’ hoort bij geen {context.register.enkelvoud} van uw gemeente. "
                f"Laat de cel leeg om {context.register.nieuw} {context.register.enkelvoud} toe te voegen.",
            )
        )
        return None
    if key in context.seen:
        errors.append((KENMERK, f"Dit kenmerk staat ook in rij {context.seen[key]}; elk object staat er één keer in."))
        return None
    context.seen[key] = number
    return obj


def _apply_values(context: _Context, obj: Any, values: dict[str, Any], regel: Regel, new: bool) -> set[str]:
    """Put the row's values on the object; the names of the fields that change (with before → after)."""
    changed: set[str] = set()
    for kolom in context.register.invoer:
        if kolom.veld not in values:
            continue
        after = values[kolom.veld]
        before = None if new else value_of(kolom, obj, context.links, context.namen)
        if not new and _same(before, after):
            continue
        changed.add(kolom.veld)
        if not new:
            regel.wijzigingen.append((kolom.kop, _text(kolom, before, context), _text(kolom, after, context)))
        if kolom.soort in {"dreiging", "eigenaar"}:
            setattr(obj, f"{kolom.veld}_id", after)
        elif not kolom.meervoud or kolom.soort == "keuzes":
            setattr(obj, kolom.veld, after)
    return changed


def _same(before: Any, after: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", frozenset(), [])
    return (before in empty and after in empty) or before == after


def _text(kolom: Kolom, value: Any, context: _Context) -> str:
    return text(shown(kolom, value, context.namen))


def _check(context: _Context, obj: Any, old_themas: list[str], changed: set[str], new: bool) -> list[tuple[str, str]]:
    """The services' reach of a thema-eigenaar (as ``services._may_change``), then the model's own validation."""
    errors: list[tuple[str, str]] = []
    by = context.by
    if (not new and not services.may_change(by, old_themas)) or (
        (new or "themas" in changed) and not services.may_change(by, obj.themas)
    ):
        errors.append(("Thema's", services.NOT_YOUR_THEME))
    if isinstance(obj, Risico) and obj.matrix_id in context.matrices:
        obj.matrix = context.matrices[obj.matrix_id]
    try:
        obj.full_clean(exclude=list(FK_FIELDS), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        koppen = {k.veld: k.kop for k in context.register.kolommen}
        for name, messages in error.message_dict.items():
            for message in messages:
                errors.append((koppen.get(name, "—"), message))
    return errors


def _unique_names(context: _Context, plan: Plan) -> None:
    """Asset names stay unique per gemeente (whatever the case) once every row is applied."""
    holders: dict[str, list[Regel | None]] = defaultdict(list)
    in_file = {r.kenmerk: r for r in plan.regels if r.obj is not None and r.kenmerk}
    for pk, naam in context.names_before.items():
        if pk not in in_file:
            holders[naam.strip().lower()].append(None)
    for regel in plan.regels:
        if regel.obj is not None:
            holders[regel.obj.naam.strip().lower()].append(regel)
    for found in holders.values():
        if len(found) < 2:
            continue
        for holder in found:  # the rows that bring the name in: new, or renamed
            if holder is not None and (holder.soort == "nieuw" or any(w[0] == "Naam" for w in holder.wijzigingen)):
                holder.fouten.append(("Naam", "Er is al een bedrijfsmiddel met deze naam."))
                holder.soort = "fout"
