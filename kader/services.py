"""Workflows of the strategisch kader: start, copy, submit, adopt, gaps, compare, examples.

Every function acts inside the caller's tenancy binding (request or ``lib.tenancy.bound``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max

from lib.concurrency import StaleVersionError, save_versioned

from . import content
from .models import (
    Bedrijfsmiddel,
    Deelplan,
    Doel,
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

NOT_CONCEPT = "Alleen een conceptversie van het kader kan worden gewijzigd."

# Child models copied by new_version, in dependency order (links last).
PARTS: tuple[type[models.Model], ...] = (
    Mensgroep,
    Deelplan,
    WetOfNorm,
    Doel,
    Uitgangspunt,
    PdcaFase,
    Verantwoordelijkheid,
    StapActiviteit,
)
EDITABLE_FIELDS = (
    "visie",
    "visie_minimaal",
    "visie_maximaal",
    "visie_onderbouwing",
    "bedrijfsmiddelen",
    "governance",
    "governance_toelichting",
)


def _ensure_concept(versie: KaderVersie) -> None:
    if not versie.is_concept:
        raise ValidationError(NOT_CONCEPT)


def start_kader(*, gemeente: Any, by: Any) -> KaderVersie:
    """Create version 1 as a concept, seeded with the starting sets of ``kader.content``."""
    if KaderVersie.objects.for_gemeente(gemeente).exists():
        raise ValidationError("Deze gemeente heeft al een kader; begin een nieuwe versie.")
    with transaction.atomic(), pghistory.context(user=by.pk, action="kader.start"):
        versie = KaderVersie.objects.create(gemeente=gemeente, nummer=1)
        common = {"gemeente": gemeente, "versie": versie}
        for i, stap in enumerate(content.STAPPEN):
            StapActiviteit.objects.bulk_create(
                StapActiviteit(**common, stap=stap.key, sleutel=key, volgorde=i * 100 + j)
                for j, (key, _text) in enumerate(stap.activiteiten)
            )
        Mensgroep.objects.bulk_create(
            Mensgroep(**common, soort=soort, moet_weten=text, volgorde=i)
            for i, (soort, text) in enumerate(content.MENSGROEPEN_MOET_WETEN.items())
        )
        WetOfNorm.objects.bulk_create(
            WetOfNorm(**common, thema=thema, naam=naam, toelichting=uitleg, volgorde=i)
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


def new_version(*, from_version: KaderVersie, by: Any) -> KaderVersie:
    """Start a new concept as a full copy of ``from_version`` (only when none is open)."""
    gemeente_id = from_version.gemeente_id
    if KaderVersie.objects.filter(
        gemeente_id=gemeente_id, status__in=[Status.CONCEPT, Status.TER_BESLUITVORMING]
    ).exists():
        raise ValidationError("Er is al een versie van het kader in bewerking; rond die eerst af.")
    with transaction.atomic(), pghistory.context(user=by.pk, action="kader.new_version"):
        last = KaderVersie.objects.filter(gemeente_id=gemeente_id).aggregate(n=Max("nummer"))["n"] or 0
        versie = KaderVersie.objects.create(
            gemeente_id=gemeente_id,
            nummer=last + 1,
            gebaseerd_op=from_version,
            **{name: getattr(from_version, name) for name in EDITABLE_FIELDS},
        )
        mapping: dict[Any, Any] = {}
        for model in PARTS:
            for row in model._default_manager.filter(versie=from_version):  # type: ignore[misc]
                old_pk = row.pk
                row.pk = None
                row.id = None  # type: ignore[attr-defined]
                row.versie = versie  # type: ignore[attr-defined]
                row.version = 1  # type: ignore[attr-defined]
                if isinstance(row, StapActiviteit):
                    row.gedaan_door, row.gedaan_op, row.notitie = None, None, None
                row.save(force_insert=True)
                mapping[old_pk] = row.pk
        UitgangspuntDoel.objects.bulk_create(
            UitgangspuntDoel(
                gemeente_id=gemeente_id,
                versie=versie,
                uitgangspunt_id=mapping[link.uitgangspunt_id],
                doel_id=mapping[link.doel_id],
            )
            for link in UitgangspuntDoel.objects.filter(versie=from_version)
        )
    return versie


def edit(*, versie: KaderVersie, by: Any, expected_version: int, **changes: Any) -> KaderVersie:
    """Change single-valued parts of a concept; refuses a stale ``expected_version``."""
    _ensure_concept(versie)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Onbekende onderdelen: {', '.join(sorted(unknown))}.")
    if "bedrijfsmiddelen" in changes:
        chosen = list(dict.fromkeys(changes["bedrijfsmiddelen"]))
        wrong = [value for value in chosen if value not in Bedrijfsmiddel.values]
        if wrong:
            raise ValidationError({"bedrijfsmiddelen": f"Onbekende categorie bedrijfsmiddelen: {', '.join(wrong)}."})
        changes["bedrijfsmiddelen"] = chosen
    for name, value in changes.items():
        setattr(versie, name, value)
    versie.full_clean(
        exclude=["gemeente", "gebaseerd_op", "bedrijfsmiddelen"], validate_unique=False, validate_constraints=False
    )
    with pghistory.context(user=by.pk, action="kader.edit"):
        save_versioned(versie, expected_version=expected_version, fields=list(changes))
    return versie


def _clean_doel(doel: Doel) -> None:
    doel.full_clean(exclude=["gemeente", "versie"], validate_unique=False, validate_constraints=False)
    if Doel.objects.filter(versie_id=doel.versie_id, titel=doel.titel).exclude(pk=doel.pk).exists():
        raise ValidationError({"titel": "Er is al een beveiligingsdoel met deze titel."})


def add_doel(
    *, versie: KaderVersie, by: Any, titel: str, toelichting: str | None = None, relevant: bool | None = None
) -> Doel:
    """Add a goal of the gemeente's own to a concept (no ``sleutel``: not from the starting set)."""
    _ensure_concept(versie)
    last = Doel.objects.filter(versie=versie).aggregate(n=Max("volgorde"))["n"]
    doel = Doel(
        gemeente_id=versie.gemeente_id,
        versie=versie,
        titel=(titel or "").strip(),
        toelichting=toelichting or None,
        relevant=relevant,
        volgorde=0 if last is None else last + 1,
    )
    _clean_doel(doel)
    with pghistory.context(user=by.pk, action="kader.add_doel"):
        doel.save()
    return doel


def edit_doel(
    *,
    doel: Doel,
    by: Any,
    expected_version: int,
    titel: str,
    toelichting: str | None = None,
    relevant: bool | None = None,
) -> Doel:
    """Mark a goal relevant or not and rewrite it; refuses a stale ``expected_version``."""
    _ensure_concept(doel.versie)
    doel.titel, doel.toelichting, doel.relevant = (titel or "").strip(), toelichting or None, relevant
    _clean_doel(doel)
    with pghistory.context(user=by.pk, action="kader.edit_doel"):
        save_versioned(doel, expected_version=expected_version, fields=["titel", "toelichting", "relevant"])
    return doel


def _check_uitgangspunt(punt: Uitgangspunt, doelen: list[Doel]) -> None:
    if any(doel.versie_id != punt.versie_id for doel in doelen):
        raise ValidationError("Een uitgangspunt kan alleen aan doelen van dezelfde versie worden gekoppeld.")
    punt.full_clean(exclude=["gemeente", "versie"], validate_unique=False, validate_constraints=False)
    same = Uitgangspunt.objects.filter(versie_id=punt.versie_id, groep=punt.groep, tekst=punt.tekst)
    if same.exclude(pk=punt.pk).exists():
        raise ValidationError({"tekst": "Dit uitgangspunt staat al in deze groep."})


def add_uitgangspunt(*, versie: KaderVersie, by: Any, groep: str, tekst: str, doelen: list[Doel]) -> Uitgangspunt:
    _ensure_concept(versie)
    doelen = list({doel.pk: doel for doel in doelen}.values())
    punt = Uitgangspunt(gemeente_id=versie.gemeente_id, versie=versie, groep=groep, tekst=(tekst or "").strip())
    _check_uitgangspunt(punt, doelen)
    with transaction.atomic(), pghistory.context(user=by.pk, action="kader.add_uitgangspunt"):
        punt.save()
        UitgangspuntDoel.objects.bulk_create(
            UitgangspuntDoel(gemeente_id=versie.gemeente_id, versie=versie, uitgangspunt=punt, doel=doel)
            for doel in doelen
        )
    return punt


def edit_uitgangspunt(
    *, punt: Uitgangspunt, by: Any, expected_version: int, groep: str, tekst: str, doelen: list[Doel]
) -> Uitgangspunt:
    """Rewrite an uitgangspunt and replace the goals it serves; refuses a stale ``expected_version``."""
    _ensure_concept(punt.versie)
    doelen = list({doel.pk: doel for doel in doelen}.values())
    punt.groep, punt.tekst = groep, (tekst or "").strip()
    _check_uitgangspunt(punt, doelen)
    wanted = {doel.pk for doel in doelen}
    with transaction.atomic(), pghistory.context(user=by.pk, action="kader.edit_uitgangspunt"):
        save_versioned(punt, expected_version=expected_version, fields=["groep", "tekst"])
        UitgangspuntDoel.objects.filter(uitgangspunt=punt).exclude(doel_id__in=wanted).delete()
        present = set(UitgangspuntDoel.objects.filter(uitgangspunt=punt).values_list("doel_id", flat=True))
        UitgangspuntDoel.objects.bulk_create(
            UitgangspuntDoel(gemeente_id=punt.gemeente_id, versie_id=punt.versie_id, uitgangspunt=punt, doel=doel)
            for doel in doelen
            if doel.pk not in present
        )
    return punt


# --- the other parts: one generic add / edit / delete ---------------------------------------------


@dataclass(frozen=True)
class PartSpec:
    """A multi-valued part edited field by field: which model, which fields, what may happen."""

    model: type[Any]  # a KaderOnderdeel subclass
    fields: tuple[str, ...]
    label: str  # Dutch, for messages: "de groep mensen"
    can_add: bool = True
    can_delete: bool = True


PART_SPECS: dict[str, PartSpec] = {
    "mensgroepen": PartSpec(Mensgroep, ("soort", "moet_weten"), "de groep mensen"),
    "deelplannen": PartSpec(Deelplan, ("thema", "titel", "eigenaar", "link", "status"), "het deelplan"),
    "wetten": PartSpec(WetOfNorm, ("thema", "naam", "toelichting", "van_toepassing", "reden"), "de wet of norm"),
    "pdca": PartSpec(PdcaFase, ("wat", "wanneer", "wie"), "de fase", can_add=False, can_delete=False),
    "verantwoordelijkheden": PartSpec(Verantwoordelijkheid, ("rol", "activiteit", "aard"), "de verantwoordelijkheid"),
    # Goals and uitgangspunten have their own add and edit (links, starting set); delete is shared.
    "doelen": PartSpec(Doel, (), "het beveiligingsdoel", can_add=False),
    "uitgangspunten": PartSpec(Uitgangspunt, (), "het uitgangspunt", can_add=False),
}


# Theme-bound parts: the theme of a row → the theme a thema-eigenaar must own to change it
# (organisations.Thema). A theme not listed here is shared: every editor may change it.
THEMA_EIGENAAR_VAN: dict[str, dict[str, str]] = {
    "deelplannen": {
        "informatiebeveiliging": "informatiebeveiliging",
        "fysieke_beveiliging": "fysieke_beveiliging",
        "technische_beveiliging": "fysieke_beveiliging",
        "personele_beveiliging": "personele_beveiliging",
        "integriteit": "integriteit",
        "continuiteit": "continuiteit",
    },
    "wetten": {
        "informatiebeveiliging": "informatiebeveiliging",
        "brandveiligheid": "fysieke_beveiliging",
        "cameratoezicht": "fysieke_beveiliging",
        "personele_veiligheid": "personele_beveiliging",
        "integriteit": "integriteit",
    },
}


def theme_allowed(membership: Any, part: str, thema: str | None) -> bool:
    """May this member change a row of ``part`` with this theme? Thema-eigenaren only their own."""
    if membership.role != "thema_eigenaar":
        return True
    owner = THEMA_EIGENAAR_VAN.get(part, {}).get(thema or "")
    return owner is None or owner in membership.themes


def check_theme(membership: Any, part: str, *themas: str | None) -> None:
    """Refuse (at the field ``thema``) a change to a theme the thema-eigenaar does not own."""
    for thema in themas:
        if not theme_allowed(membership, part, thema):
            raise ValidationError(
                {
                    "thema": "Dit hoort bij een thema waarvan u geen eigenaar bent; de coördinator of de "
                    "eigenaar van dat thema kan het wijzigen."
                }
            )


def _spec(part: str) -> PartSpec:
    try:
        return PART_SPECS[part]
    except KeyError:
        raise ValidationError("Dit onderdeel van het kader bestaat niet.") from None


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _clean_part(obj: models.Model) -> None:
    """Field rules, the part's own rules, then the database constraints (uniqueness) as messages."""
    obj.full_clean(exclude=["gemeente", "versie"], validate_unique=False, validate_constraints=False)
    if isinstance(obj, WetOfNorm) and obj.van_toepassing is False and not obj.reden:
        raise ValidationError({"reden": "Geef aan waarom deze wet of norm niet van toepassing is."})
    if isinstance(obj, Deelplan) and obj.status == "vastgesteld" and not (obj.link or obj.bestandsnaam):
        raise ValidationError({"link": "Een vastgesteld deelplan heeft een link of een bestand."})
    obj.validate_constraints()


def _plan_file(obj: Any, bestand: tuple[str, bytes] | None, verwijderen: bool) -> list[str]:
    """Put an uploaded plan on a deelplan (or take it off); the names of the fields that changed."""
    if bestand is None and not verwijderen:
        return []
    if not isinstance(obj, Deelplan):
        raise ValidationError("Alleen een deelplan kan een bestand hebben.")
    if bestand is not None:
        name, data = bestand
        obj.bestandstype = check_plan_file(name, data)
        obj.bestand, obj.bestandsnaam = data, name.replace("/", "_").replace("\\", "_")[-200:]
    else:
        obj.bestand, obj.bestandsnaam, obj.bestandstype = None, None, None
    return ["bestand", "bestandsnaam", "bestandstype"]


def add_part(
    *,
    part: str,
    versie: KaderVersie,
    by: Any,
    bestand: tuple[str, bytes] | None = None,
    **fields: Any,
) -> models.Model:
    """Add a row to a multi-valued part of a concept (scope, kwaliteitssysteem).

    ``bestand`` (file name, bytes) stores the plan itself with a new deelplan.
    """
    spec = _spec(part)
    _ensure_concept(versie)
    if not spec.can_add:
        raise ValidationError(f"Aan dit onderdeel kan niets worden toegevoegd: {spec.label} ligt vast.")
    unknown = set(fields) - set(spec.fields)
    if unknown:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    last = spec.model._default_manager.filter(versie=versie).aggregate(n=Max("volgorde"))["n"]  # type: ignore[attr-defined]
    obj = spec.model(
        gemeente_id=versie.gemeente_id,
        versie=versie,
        volgorde=0 if last is None else last + 1,
        **{name: _normalise(value) for name, value in fields.items()},
    )
    _plan_file(obj, bestand, False)
    _clean_part(obj)
    with pghistory.context(user=by.pk, action=f"kader.add.{part}"):
        obj.save()
    return obj


def edit_part(
    *,
    part: str,
    obj: Any,
    by: Any,
    expected_version: int,
    bestand: tuple[str, bytes] | None = None,
    bestand_verwijderen: bool = False,
    **fields: Any,
) -> Any:
    """Change fields of one row of a part; refuses a stale ``expected_version``.

    For a deelplan, ``bestand`` (file name, bytes) replaces the stored plan and
    ``bestand_verwijderen`` removes it; the rules are checked on the result.
    """
    spec = _spec(part)
    if not isinstance(obj, spec.model):
        raise ValidationError("Dit onderdeel hoort niet bij dit deel van het kader.")
    _ensure_concept(obj.versie)
    unknown = set(fields) - set(spec.fields)
    if unknown:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(obj, name, _normalise(value))
    changed = list(fields) + _plan_file(obj, bestand, bestand_verwijderen)
    _clean_part(obj)
    with pghistory.context(user=by.pk, action=f"kader.edit.{part}"):
        save_versioned(obj, expected_version=expected_version, fields=changed)
    return obj


def delete_part(*, part: str, obj: Any, by: Any, expected_version: int) -> None:
    """Delete one row of a part of a concept; refuses a stale ``expected_version``."""
    spec = _spec(part)
    if not isinstance(obj, spec.model):
        raise ValidationError("Dit onderdeel hoort niet bij dit deel van het kader.")
    _ensure_concept(obj.versie)
    if not spec.can_delete:
        raise ValidationError(f"Dit onderdeel kan niet worden verwijderd: {spec.label} hoort bij elk kader.")
    if isinstance(obj, Doel) and obj.sleutel:
        raise ValidationError(
            "Een doel uit de startset verwijdert u niet; markeer het als niet relevant voor de gemeente."
        )
    with transaction.atomic(), pghistory.context(user=by.pk, action=f"kader.delete.{part}"):
        deleted, _rows = spec.model._default_manager.filter(pk=obj.pk, version=expected_version).delete()  # type: ignore[attr-defined]
        if not deleted:
            raise StaleVersionError


PLAN_FILE_MAX = 10 * 1024 * 1024
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def check_plan_file(name: str, data: bytes) -> str:
    """The content type of an uploaded plan (PDF, .docx, .odt), or a Dutch refusal."""
    if len(data) > PLAN_FILE_MAX:
        raise ValidationError({"bestand": "Het bestand is groter dan 10 MB."})
    if not data:
        raise ValidationError({"bestand": "Het bestand is leeg."})
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF-") and extension == ".pdf":
        return "application/pdf"
    if data.startswith(b"PK\x03\x04") and extension in OFFICE_TYPES:
        return OFFICE_TYPES[extension]
    raise ValidationError({"bestand": "Een deelplan kan een PDF-, Word- (.docx) of ODF-bestand (.odt) zijn."})


def adopt_example(*, versie: KaderVersie, by: Any, part: str, example: str) -> KaderVersie:
    """Copy an example from the library into a part of a concept (then adapt it by editing)."""
    _ensure_concept(versie)
    try:
        text = content.VOORBEELDEN[part][example]
    except KeyError:
        raise ValidationError("Dit voorbeeld bestaat niet.") from None
    return edit(versie=versie, by=by, expected_version=versie.version, **{part: text})


def adopt_example_uitgangspunten(*, versie: KaderVersie, by: Any, groep: str) -> list[Uitgangspunt]:
    """Copy the example uitgangspunten of one group, linked to the matching goals of the version."""
    _ensure_concept(versie)
    if groep not in content.VOORBEELD_UITGANGSPUNTEN:
        raise ValidationError("Deze groep uitgangspunten bestaat niet.")
    doelen = {d.sleutel: d for d in Doel.objects.filter(versie=versie, sleutel__isnull=False)}
    existing = set(Uitgangspunt.objects.filter(versie=versie, groep=groep).values_list("tekst", flat=True))
    return [
        add_uitgangspunt(
            versie=versie, by=by, groep=groep, tekst=tekst, doelen=[doelen[k] for k in keys if k in doelen]
        )
        for tekst, keys in content.VOORBEELD_UITGANGSPUNTEN[groep]
        if tekst not in existing
    ]


def adopt_example_rows(*, versie: KaderVersie, by: Any, part: str, key: str = "") -> int:
    """Copy example rows into a part of a concept; rows already there are left alone.

    ``deelplannen``: the example plan of theme ``key``; ``pdca``: the worked-out cycle for every
    phase not yet described; ``verantwoordelijkheden``: the starting matrix. Returns the number
    of rows added or filled.
    """
    _ensure_concept(versie)
    done = 0
    if part == "deelplannen":
        titels = [titel for thema, titel in content.VOORBEELD_DEELPLANNEN if thema == key]
        if not titels:
            raise ValidationError("Dit voorbeeld bestaat niet.")
        present = set(Deelplan.objects.filter(versie=versie, thema=key).values_list("titel", flat=True))
        for titel in titels:
            if titel not in present:
                add_part(part=part, versie=versie, by=by, thema=key, titel=titel, status="ontbreekt")
                done += 1
    elif part == "pdca":
        for fase in PdcaFase.objects.filter(versie=versie, wat__isnull=True):
            wat, wanneer, wie = content.VOORBEELD_PDCA[fase.fase]
            edit_part(part=part, obj=fase, by=by, expected_version=fase.version, wat=wat, wanneer=wanneer, wie=wie)
            done += 1
    elif part == "verantwoordelijkheden":
        present = set(Verantwoordelijkheid.objects.filter(versie=versie).values_list("rol", "activiteit"))
        for rol, activiteit, aard in content.VOORBEELD_VERANTWOORDELIJKHEDEN:
            if (rol, activiteit) not in present:
                add_part(part=part, versie=versie, by=by, rol=rol, activiteit=activiteit, aard=aard)
                done += 1
    else:
        raise ValidationError("Dit voorbeeld bestaat niet.")
    return done


def gaps(versie: KaderVersie) -> dict[str, list[Any]]:
    """Relevant goals without an uitgangspunt, and uitgangspunten without a goal."""
    linked_doelen = UitgangspuntDoel.objects.filter(versie=versie).values("doel_id")
    linked_punten = UitgangspuntDoel.objects.filter(versie=versie).values("uitgangspunt_id")
    return {
        "doelen_zonder_uitgangspunt": list(
            Doel.objects.filter(versie=versie).exclude(relevant=False).exclude(pk__in=linked_doelen)
        ),
        "uitgangspunten_zonder_doel": list(Uitgangspunt.objects.filter(versie=versie).exclude(pk__in=linked_punten)),
    }


def missing_parts(versie: KaderVersie) -> list[str]:
    """Dutch descriptions of every required part that is still empty."""
    missing = []
    if not (versie.visie or "").strip():
        missing.append("Visie: de visietekst ontbreekt.")
    if not (versie.visie_onderbouwing or "").strip():
        missing.append("Visie: de onderbouwing van de gekozen variant ontbreekt.")
    if not versie.bedrijfsmiddelen:
        missing.append("Scope: er zijn geen bedrijfsmiddelen binnen de scope gekozen.")
    if WetOfNorm.objects.filter(versie=versie, van_toepassing__isnull=True).exists():
        missing.append("Scope: van niet alle wetten en normen is bepaald of ze van toepassing zijn.")
    if not Doel.objects.filter(versie=versie, relevant=True).exists():
        missing.append("Beveiligingsdoelen: er is geen doel als relevant gemarkeerd.")
    if not Uitgangspunt.objects.filter(versie=versie).exists():
        missing.append("Uitgangspunten: er zijn nog geen uitgangspunten.")
    found = gaps(versie)
    for doel in found["doelen_zonder_uitgangspunt"]:
        missing.append(f"Uitgangspunten: het doel ‘{doel.titel}’ heeft geen uitgangspunt.")
    for punt in found["uitgangspunten_zonder_doel"]:
        missing.append(f"Uitgangspunten: ‘{punt}’ is aan geen doel gekoppeld.")
    if not versie.governance:
        missing.append("Kwaliteitssysteem: er is geen governancevariant gekozen.")
    for fase in PdcaFase.objects.filter(versie=versie, wat__isnull=True):
        missing.append(f"Kwaliteitssysteem: de fase {fase.get_fase_display()} is niet beschreven.")
    if not Verantwoordelijkheid.objects.filter(versie=versie).exists():
        missing.append("Kwaliteitssysteem: de verantwoordelijkheden zijn niet verdeeld.")
    return missing


def submit_for_decision(*, versie: KaderVersie, by: Any) -> KaderVersie:
    """Concept → ter besluitvorming; refuses while any required part is empty (all listed)."""
    _ensure_concept(versie)
    missing = missing_parts(versie)
    if missing:
        raise ValidationError(missing)
    versie.status = Status.TER_BESLUITVORMING
    with pghistory.context(user=by.pk, action="kader.submit"):
        save_versioned(versie, expected_version=versie.version, fields=["status"])
    return versie


def send_back(*, versie: KaderVersie, by: Any) -> KaderVersie:
    """Ter besluitvorming → concept, for changes before the decision."""
    if versie.status != Status.TER_BESLUITVORMING:
        raise ValidationError("Alleen een versie die ter besluitvorming ligt, kan worden teruggezet naar concept.")
    versie.status = Status.CONCEPT
    with pghistory.context(user=by.pk, action="kader.send_back"):
        save_versioned(versie, expected_version=versie.version, fields=["status"])
    return versie


def adopt(*, versie: KaderVersie, on: datetime.date, body: str, reference: str, by: Any) -> KaderVersie:
    """Ter besluitvorming → vastgesteld; the previously adopted version becomes vervallen."""
    if versie.status != Status.TER_BESLUITVORMING:
        raise ValidationError("Alleen een versie die ter besluitvorming ligt, kan worden vastgesteld.")
    errors = []
    if not body.strip():
        errors.append("Geef aan welk orgaan de versie heeft vastgesteld.")
    if len(body.strip()) > 150:
        errors.append("De naam van het orgaan is langer dan 150 tekens.")
    if len(reference.strip()) > 100:
        errors.append("Het besluitkenmerk is langer dan 100 tekens.")
    if on > datetime.date.today():
        errors.append("De datum van vaststelling ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(user=by.pk, action="kader.adopt"):
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


def mark_activity(*, activiteit: StapActiviteit, by: Any, on: datetime.date | None, note: str = "") -> StapActiviteit:
    """Tick off (or reopen with ``on=None``) a main activity; allowed until adoption."""
    if activiteit.versie.is_frozen:
        raise ValidationError(NOT_CONCEPT)
    if on is not None and on > datetime.date.today():
        raise ValidationError({"gedaan_op": "Deze datum ligt in de toekomst."})
    activiteit.gedaan_op = on
    activiteit.gedaan_door = by if on else None
    activiteit.notitie = note.strip() or None
    with pghistory.context(user=by.pk, action="kader.activity"):
        save_versioned(activiteit, expected_version=activiteit.version, fields=["gedaan_op", "gedaan_door", "notitie"])
    return activiteit


def progress(versie: KaderVersie) -> dict[str, tuple[int, int]]:
    """Per step: (activities done, activities in total)."""
    result = {stap.key: (0, 0) for stap in content.STAPPEN}
    for stap, gedaan in StapActiviteit.objects.filter(versie=versie).values_list("stap", "gedaan_op"):
        done, total = result[stap]
        result[stap] = (done + (gedaan is not None), total + 1)
    return result


# --- comparison -------------------------------------------------------------------------------

COMPARED: dict[str, tuple[type[models.Model], tuple[str, ...], tuple[str, ...]]] = {
    # part: (model, identity fields, compared fields)
    "mensgroepen": (Mensgroep, ("soort",), ("moet_weten",)),
    "deelplannen": (Deelplan, ("thema", "titel"), ("eigenaar", "link", "status")),
    "wetten": (WetOfNorm, ("thema", "naam"), ("toelichting", "van_toepassing", "reden")),
    "doelen": (Doel, ("titel",), ("toelichting", "relevant")),
    "uitgangspunten": (Uitgangspunt, ("groep", "tekst"), ()),
    "pdca": (PdcaFase, ("fase",), ("wat", "wanneer", "wie")),
    "verantwoordelijkheden": (Verantwoordelijkheid, ("rol", "activiteit"), ("aard",)),
}


def _rows(model: type[models.Model], versie: KaderVersie, ident: tuple[str, ...], fields: tuple[str, ...]) -> dict:
    return {
        tuple(row[name] for name in ident): {name: row[name] for name in fields}
        for row in model._default_manager.filter(versie=versie).values(*ident, *fields)  # type: ignore[misc]
    }


def compare(a: KaderVersie, b: KaderVersie) -> dict[str, dict[str, Any]]:
    """What changed from ``a`` to ``b``, per part: added, removed and changed entries.

    Single-valued parts give ``{"voor": ..., "na": ...}``; multi-valued parts give lists of
    identities under ``toegevoegd``/``verwijderd`` and ``{identity: {field: (voor, na)}}``
    under ``gewijzigd``. Parts without changes are left out.
    """
    diff: dict[str, dict[str, Any]] = {}
    for name in EDITABLE_FIELDS:
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            diff[name] = {"voor": before, "na": after}
    for part, (model, ident, fields) in COMPARED.items():
        old, new = _rows(model, a, ident, fields), _rows(model, b, ident, fields)
        changed = {
            key: {f: (old[key][f], new[key][f]) for f in fields if old[key][f] != new[key][f]}
            for key in old.keys() & new.keys()
            if old[key] != new[key]
        }
        entry = {
            "toegevoegd": sorted(new.keys() - old.keys()),
            "verwijderd": sorted(old.keys() - new.keys()),
            "gewijzigd": changed,
        }
        if any(entry.values()):
            diff[part] = entry
    return diff
