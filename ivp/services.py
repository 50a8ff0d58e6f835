"""Workflows of the integraal veiligheidsplan: start, themes, plan versions, priorities, goals.

Every function that changes data takes the acting membership (``by``) and refuses what its role
may not do (``lib.permissions.require``): a thema-eigenaar only changes the themes (and their
priorities, goals and actions) of the velden they own, a ketenpartner only the progress of the
actions of their own organisation. A plan that is no longer a concept refuses changes
(``Plan.ensure_concept``, a ``StateConflict``). Pages and API operations only fetch the objects
(``visible_to``) and translate the refusals. Everything acts inside the caller's tenancy binding.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from lib import permissions
from lib.concurrency import StaleVersionError, save_versioned
from lib.decisions import adoption_refusals, full_clean, text
from lib.errors import NotYourTheme, StateConflict
from organisations.models import Membership

from . import content
from .choices import ActieStatus, Dimensie, PlanStatus, ProgrammaStatus, Soort, StapStatus
from .models import (
    Actie,
    Doelstelling,
    Indicator,
    Inwonertal,
    Meting,
    Misdrijfkoppeling,
    Plan,
    PlanStap,
    Prioritering,
    Programma,
    Thema,
    ThemaKoppeling,
    Veld,
)

__all__ = ["StaleVersionError", "StateConflict"]

NOT_YOUR_THEME = (
    "Dit hoort bij een veiligheidsveld waarvan u geen eigenaar bent; de coördinator of de eigenaar van dat veld "
    "kan het wijzigen."
)
NOT_YOUR_ACTION = (
    "Deze actie wordt uitgevoerd door een andere organisatie; u kunt alleen de acties van uw eigen organisatie "
    "bijwerken."
)
PLAN_YEARS = 4  # the usual length of a plan period


# --- who may ----------------------------------------------------------------------------------


def _may(by: Membership, capability: str, gemeente_id: Any) -> None:
    permissions.require_same_gemeente(by, gemeente_id)
    permissions.require(by, capability)


def may_change_thema(by: Membership, thema: Thema) -> bool:
    """Thema-eigenaren change only the themes of velden they own; a coördinator every theme."""
    if by.role == "coordinator":
        return True
    if by.role != "thema_eigenaar":
        return False
    owner = thema.veld.eigenaar_thema
    return owner is not None and owner in by.themes


def _may_change_thema(by: Membership, thema: Thema) -> None:
    _may(by, "ivp.edit", thema.gemeente_id)
    if not may_change_thema(by, thema):
        raise NotYourTheme(NOT_YOUR_THEME)


def _may_change_thema_of(by: Membership, obj: Any) -> None:
    """The gemeente of ``obj`` first (its theme is not even visible from another gemeente), then its theme."""
    _may(by, "ivp.edit", obj.gemeente_id)
    _may_change_thema(by, obj.thema)


def may_update_actie(by: Membership, actie: Actie) -> bool:
    """The coördinator, the owner of the theme's veld, or a ketenpartner of the organisation carrying it out."""
    if by.gemeente_id != actie.gemeente_id:
        return False
    if by.role == "ketenpartner":
        return by.partner_id is not None and by.partner_id == actie.organisatie_id
    return by.role in {"coordinator", "thema_eigenaar"} and may_change_thema(by, actie.thema)


def _clean(obj: Any, *exclude: str) -> None:
    full_clean(obj, exclude=["gemeente", *exclude])


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"ivp.{action}")


# --- start: velden, themes, mapping, indicators, the first plan --------------------------------


def start_ivp(*, by: Membership, startjaar: int | None = None) -> Plan:
    """Seed the velden, themes, code mapping and starting indicators, and create plan version 1."""
    _may(by, "ivp.edit", by.gemeente_id)
    if by.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator start het veiligheidsplan.")
    if Plan.objects.filter(gemeente_id=by.gemeente_id).exists():
        raise ValidationError("Deze gemeente heeft al een veiligheidsplan; begin een nieuwe versie.")
    startjaar = startjaar or timezone.localdate().year + 1
    gemeente_id = by.gemeente_id
    with transaction.atomic(), _context(by, "start"):
        themas = seed_themas(gemeente_id)
        seed_koppelingen(gemeente_id, themas)
        seed_indicatoren(gemeente_id, themas)
        plan = Plan.objects.create(
            gemeente_id=gemeente_id, nummer=1, startjaar=startjaar, eindjaar=startjaar + PLAN_YEARS - 1
        )
        _seed_steps(plan)
        _seed_prioriteringen(plan)
    return plan


def seed_themas(gemeente_id: Any) -> dict[str, Thema]:
    """The velden and themes of ``ivp.content`` for a gemeente (when it has none): code → theme."""
    if Veld.objects.filter(gemeente_id=gemeente_id).exists():
        return {t.code: t for t in Thema.objects.filter(gemeente_id=gemeente_id)}
    velden = Veld.objects.bulk_create(
        Veld(gemeente_id=gemeente_id, nummer=v.nummer, naam=v.naam, eigenaar_thema=v.eigenaar_thema)
        for v in content.VELDEN
    )
    themas = Thema.objects.bulk_create(
        Thema(
            gemeente_id=gemeente_id,
            veld=veld,
            code=t.code,
            naam=t.naam,
            omschrijving=t.omschrijving,
            rol_gemeente=t.rol_gemeente,
            partners=t.partners,
            maatregelen=t.maatregelen,
            volgorde=i,
        )
        for veld, v in zip(velden, content.VELDEN, strict=True)
        for i, t in enumerate(v.themas)
    )
    return {t.code: t for t in themas}


def seed_koppelingen(gemeente_id: Any, themas: dict[str, Thema]) -> None:
    """The default mapping of the police crime and overlast codes to themes."""
    from .codes import code_list

    rows = []
    for dimensie, mapping in ((Dimensie.MISDRIJF, content.MISDRIJF_THEMA), (Dimensie.OVERLAST, content.OVERLAST_THEMA)):
        for code, titel in code_list(dimensie).items():
            thema = themas.get(mapping.get(code, ""))
            rows.append(
                Misdrijfkoppeling(
                    gemeente_id=gemeente_id, dimensie=dimensie, code=code, omschrijving=titel, thema=thema
                )
            )
    Misdrijfkoppeling.objects.bulk_create(rows)


def seed_indicatoren(gemeente_id: Any, themas: dict[str, Thema]) -> None:
    """The BBV beleidsindicatoren and the main Veiligheidsmonitor indicators as a starting set."""
    rows = [
        Indicator(
            gemeente_id=gemeente_id,
            thema=themas[code],
            naam=naam,
            eenheid=eenheid,
            bron=content.BBV_BRON,
            bronsleutel=f"bbv:{key}",
            referentie_naam="Nederland",
            volgorde=i,
        )
        for i, (key, code, naam, eenheid) in enumerate(content.BBV_INDICATOREN)
        if code in themas
    ]
    rows += [
        Indicator(
            gemeente_id=gemeente_id,
            thema=themas[code],
            naam=naam,
            soort=Soort.SUBJECTIEF,
            eenheid=eenheid,
            lager_is_beter=lower,
            bron=content.VEILIGHEIDSMONITOR_BRON,
            bronsleutel=f"vm:{key}",
            referentie_naam="Nederland",
            volgorde=100 + i,
        )
        for i, (key, code, naam, eenheid, lower) in enumerate(content.VEILIGHEIDSMONITOR)
        if code in themas
    ]
    Indicator.objects.bulk_create(rows)


def _seed_steps(plan: Plan) -> None:
    PlanStap.objects.bulk_create(
        PlanStap(gemeente_id=plan.gemeente_id, plan=plan, stap=stap.key, volgorde=i)
        for i, stap in enumerate(content.STAPPEN)
    )


def _seed_prioriteringen(plan: Plan) -> None:
    """A row per shown theme, so the scoring table is complete from the start."""
    have = set(Prioritering.objects.filter(plan=plan).values_list("thema_id", flat=True))
    Prioritering.objects.bulk_create(
        Prioritering(gemeente_id=plan.gemeente_id, plan=plan, thema=thema)
        for thema in Thema.objects.filter(gemeente_id=plan.gemeente_id).shown()
        if thema.pk not in have
    )


# --- velden and themes ------------------------------------------------------------------------


def edit_veld(*, by: Membership, veld: Veld, expected_version: int, **fields: Any) -> Veld:
    """Rename or hide a veld (coördinator only)."""
    _may(by, "ivp.edit", veld.gemeente_id)
    if by.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator wijzigt de veiligheidsvelden.")
    for name, value in fields.items():
        if name not in {"naam", "verborgen"}:
            raise ValidationError({name: "Dit veld kan niet worden gewijzigd."})
        setattr(veld, name, text(value) if name == "naam" else bool(value))
    _clean(veld)
    with transaction.atomic(), _context(by, "veld.edit"):
        save_versioned(veld, expected_version=expected_version, fields=list(fields))
    return veld


def add_thema(*, by: Membership, veld: Veld, naam: str, **fields: Any) -> Thema:
    """A new theme in a veld."""
    _may(by, "ivp.edit", veld.gemeente_id)
    thema = Thema(gemeente_id=veld.gemeente_id, veld=veld, naam=(naam or "").strip())
    _set(thema, fields, Thema.EDIT_FIELDS)
    _may_change_thema(by, thema)
    thema.volgorde = (Thema.objects.filter(veld=veld).aggregate(m=Max("volgorde"))["m"] or 0) + 1
    _clean(thema, "veld")
    with transaction.atomic(), _context(by, "thema.add"):
        thema.save()
        for plan in Plan.objects.filter(gemeente_id=veld.gemeente_id).open():
            _seed_prioriteringen(plan)
    return thema


def edit_thema(*, by: Membership, thema: Thema, expected_version: int, **fields: Any) -> Thema:
    """Change a theme: its name, guidance, the story behind the numbers, or hide it."""
    _may_change_thema(by, thema)
    _set(thema, fields, Thema.EDIT_FIELDS)
    _may_change_thema(by, thema)  # also the veld it is moved to
    _clean(thema, "veld")
    with transaction.atomic(), _context(by, "thema.edit"):
        save_versioned(thema, expected_version=expected_version, fields=list(fields))
    return thema


def _set(obj: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: "Dit veld kan hier niet worden gewijzigd."})
        value = text(value)
        field = obj._meta.get_field(name)
        if value is None and not field.null and isinstance(field, models.CharField | models.TextField):
            value = ""  # an emptied text of a column without NULL (Indicator.bron) is stored as an empty text
        setattr(obj, name, value)


def link_kader(*, by: Membership, thema: Thema, doel: Any = None, uitgangspunt: Any = None) -> ThemaKoppeling:
    """Point a theme of veld 5 to a goal or an uitgangspunt of the strategisch kader."""
    _may_change_thema(by, thema)
    if not thema.links_to_kader:
        raise ValidationError("Alleen thema's van veld 5 (integriteit en veiligheid) verwijzen naar het kader.")
    target = doel if doel is not None else uitgangspunt
    if target is None or (doel is not None and uitgangspunt is not None):
        raise ValidationError("Kies één doel of één uitgangspunt van het kader.")
    permissions.require_same_gemeente(by, target.gemeente_id)
    koppeling = ThemaKoppeling(gemeente_id=thema.gemeente_id, thema=thema, doel=doel, uitgangspunt=uitgangspunt)
    _clean(koppeling, "thema", "doel", "uitgangspunt")
    with transaction.atomic(), _context(by, "thema.link"):
        koppeling.save()
    return koppeling


def unlink_kader(*, by: Membership, koppeling: ThemaKoppeling) -> None:
    _may_change_thema_of(by, koppeling)
    with transaction.atomic(), _context(by, "thema.unlink"):
        koppeling.delete()


def map_code(*, by: Membership, koppeling: Misdrijfkoppeling, thema: Thema | None, expected_version: int) -> None:
    """Change which theme a police code's figures belong to (coördinator)."""
    _may(by, "ivp.edit", koppeling.gemeente_id)
    if by.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator wijzigt de koppeling van politiecodes aan thema's.")
    if thema is not None:
        permissions.require_same_gemeente(by, thema.gemeente_id)
    koppeling.thema = thema
    with transaction.atomic(), _context(by, "koppeling.edit"):
        save_versioned(koppeling, expected_version=expected_version, fields=["thema"])


# --- the analysis -----------------------------------------------------------------------------


def add_indicator(*, by: Membership, thema: Thema, naam: str, **fields: Any) -> Indicator:
    _may_change_thema(by, thema)
    indicator = Indicator(gemeente_id=thema.gemeente_id, thema=thema, naam=(naam or "").strip())
    _set(indicator, fields, Indicator.EDIT_FIELDS)
    _clean(indicator, "thema")
    with transaction.atomic(), _context(by, "indicator.add"):
        indicator.save()
    return indicator


def edit_indicator(*, by: Membership, indicator: Indicator, expected_version: int, **fields: Any) -> Indicator:
    _may_change_thema_of(by, indicator)
    _set(indicator, fields, Indicator.EDIT_FIELDS)
    if "thema" in fields:
        _may_change_thema_of(by, indicator)
    _clean(indicator, "thema")
    with transaction.atomic(), _context(by, "indicator.edit"):
        save_versioned(indicator, expected_version=expected_version, fields=list(fields))
    return indicator


def delete_indicator(*, by: Membership, indicator: Indicator) -> None:
    _may_change_thema_of(by, indicator)
    if indicator.doelstellingen.exists():
        raise StateConflict("Een doelstelling meet met deze indicator; kies daar eerst een andere indicator.")
    with transaction.atomic(), _context(by, "indicator.delete"):
        indicator.delete()


def set_meting(
    *,
    by: Membership,
    indicator: Indicator,
    jaar: int,
    waarde: Decimal,
    maand: int | None = None,
    gebied: str = "",
    gebied_naam: str = "",
    referentiewaarde: Decimal | None = None,
    voorlopig: bool = False,
    bron: str = "",
) -> Meting:
    """Enter (or replace) the figure of an indicator for a period and area."""
    _may_change_thema_of(by, indicator)
    meting = Meting.objects.filter(
        indicator=indicator, jaar=jaar, maand=maand, gebied=(gebied or "").strip().upper()
    ).first() or Meting(gemeente_id=indicator.gemeente_id, indicator=indicator, jaar=jaar, maand=maand)
    meting.gebied = (gebied or "").strip().upper()
    meting.gebied_naam = (gebied_naam or "").strip()
    meting.waarde, meting.referentiewaarde, meting.voorlopig = waarde, referentiewaarde, voorlopig
    meting.bron = (bron or "").strip() or indicator.bron
    _clean(meting, "indicator")
    with transaction.atomic(), _context(by, "meting.set"):
        meting.save()
    return meting


def delete_meting(*, by: Membership, meting: Meting) -> None:
    _may_change_thema_of(by, meting.indicator)
    with transaction.atomic(), _context(by, "meting.delete"):
        meting.delete()


def set_inwonertal(*, by: Membership, jaar: int, aantal: int, bron: str = "CBS") -> Inwonertal:
    _may(by, "ivp.edit", by.gemeente_id)
    row = Inwonertal.objects.filter(gemeente_id=by.gemeente_id, jaar=jaar).first() or Inwonertal(
        gemeente_id=by.gemeente_id, jaar=jaar
    )
    row.aantal, row.bron = aantal, (bron or "").strip() or "CBS"
    _clean(row)
    with transaction.atomic(), _context(by, "inwonertal.set"):
        row.save()
    return row


def latest_meting(indicator: Indicator) -> Meting | None:
    """The newest figure of the whole gemeente (a year's figure before a month of that year)."""
    newest = ("-jaar", F("maand").asc(nulls_first=True))
    return Meting.objects.filter(indicator=indicator, gebied="").order_by(*newest).first()


# --- the plan ---------------------------------------------------------------------------------


def edit_plan(*, by: Membership, plan: Plan, expected_version: int, **fields: Any) -> Plan:
    """Change the texts, period or the weights of the priority score of a concept plan."""
    _may(by, "ivp.edit", plan.gemeente_id)
    plan.ensure_concept()
    allowed = (*Plan.EDIT_FIELDS, *Plan.WEIGHT_FIELDS)
    if by.role != "coordinator" and set(fields) - {"visie"}:
        raise PermissionDenied("Alleen een coördinator wijzigt de hoofdstukken en de periode van het plan.")
    _set(plan, fields, allowed)
    _clean(plan, "gebaseerd_op")
    with transaction.atomic(), _context(by, "plan.edit"):
        save_versioned(plan, expected_version=expected_version, fields=list(fields))
    return plan


def edit_step(*, by: Membership, stap: PlanStap, expected_version: int, **fields: Any) -> PlanStap:
    """Record the progress of a step: status, ticked-off items, who, when, notes."""
    _may(by, "ivp.edit", stap.gemeente_id)
    if stap.plan.status == PlanStatus.VERVALLEN:
        stap.plan.ensure_concept()
    if "afgevinkt" in fields:
        known = {key for s in content.STAPPEN if s.key == stap.stap for key, _t in s.checklist}
        ticked = list(dict.fromkeys(fields["afgevinkt"] or []))
        unknown = [key for key in ticked if key not in known]
        if unknown:
            raise ValidationError({"afgevinkt": f"Onbekend punt van de checklist: {', '.join(unknown)}."})
        fields["afgevinkt"] = ticked
    for name, value in fields.items():
        if name not in PlanStap.EDIT_FIELDS:
            raise ValidationError({name: "Dit veld kan hier niet worden gewijzigd."})
        setattr(stap, name, value if name == "afgevinkt" else text(value))
    if stap.status is None:
        stap.status = StapStatus.OPEN
    _clean(stap, "plan")
    with transaction.atomic(), _context(by, "stap.edit"):
        save_versioned(stap, expected_version=expected_version, fields=list(fields))
    return stap


def submit_plan(*, by: Membership, plan: Plan) -> Plan:
    """Concept → ter besluitvorming (the CCV checklist's findings are shown, not blocking)."""
    _may(by, "ivp.edit", plan.gemeente_id)
    if by.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator biedt het plan ter besluitvorming aan.")
    plan.ensure_concept()
    plan.status, plan.ingediend_op = PlanStatus.TER_BESLUITVORMING, timezone.now()
    with transaction.atomic(), _context(by, "plan.submit"):
        save_versioned(plan, expected_version=plan.version, fields=["status", "ingediend_op"])
    return plan


def send_back_plan(*, by: Membership, plan: Plan) -> Plan:
    _may(by, "ivp.adopt", plan.gemeente_id)
    if plan.status != PlanStatus.TER_BESLUITVORMING:
        raise StateConflict(
            f"Versie {plan.nummer} is {plan.get_status_display().lower()}; alleen een plan dat ter besluitvorming "
            "ligt, kan worden teruggezet naar concept."
        )
    plan.status, plan.ingediend_op = PlanStatus.CONCEPT, None
    with transaction.atomic(), _context(by, "plan.send_back"):
        save_versioned(plan, expected_version=plan.version, fields=["status", "ingediend_op"])
    return plan


def adopt_plan(*, by: Membership, plan: Plan, on: datetime.date, body: str, reference: str) -> Plan:
    """Ter besluitvorming → vastgesteld by the raad; the previously adopted plan becomes vervallen."""
    _may(by, "ivp.adopt", plan.gemeente_id)
    if plan.status != PlanStatus.TER_BESLUITVORMING:
        raise StateConflict(
            f"Versie {plan.nummer} is {plan.get_status_display().lower()}; alleen een plan dat ter besluitvorming "
            "ligt, kan worden vastgesteld."
        )
    errors = adoption_refusals(plan, on=on, body=body, reference=reference, label="het plan")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _context(by, "plan.adopt"):
        Plan.objects.filter(gemeente_id=plan.gemeente_id, status=PlanStatus.VASTGESTELD).update(
            status=PlanStatus.VERVALLEN
        )
        plan.status, plan.vastgesteld_op, plan.vastgesteld_door = PlanStatus.VASTGESTELD, on, body.strip()
        plan.besluitkenmerk = reference.strip() or None
        save_versioned(
            plan,
            expected_version=plan.version,
            fields=["status", "vastgesteld_op", "vastgesteld_door", "besluitkenmerk"],
        )
    return plan


def goal_results(plan: Plan) -> list[dict[str, Any]]:
    """Each goal of ``plan`` with its baseline, target and latest measurement: the evaluation input
    (three queries, whatever the number of goals)."""
    from .monitoring import goal_statuses

    doelen = list(plan.doelstellingen.select_related("thema", "indicator"))
    return [
        {
            "thema": str(doel.thema),
            "wat": doel.wat,
            "indicator": doel.indicator.naam if doel.indicator else None,
            "eenheid": doel.indicator.eenheid if doel.indicator else None,
            "nulmeting": _num(doel.nulmeting),
            "streefwaarde": _num(doel.streefwaarde),
            "laatste": _num(status.laatste.waarde) if status.laatste else None,
            "laatste_periode": status.laatste.periode if status.laatste else None,
            "oordeel": status.label,
        }
        for doel, status in goal_statuses(doelen)
    ]


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def new_plan(*, by: Membership, from_plan: Plan, startjaar: int | None = None, eindjaar: int | None = None) -> Plan:
    """A new concept: a new version of ``from_plan`` (same period) or the plan of the next period.

    The texts, priorities and goals are copied as a starting point. For a next period, the results
    of the previous plan's goals are frozen into the new plan as the input of its evaluation.
    """
    _may(by, "ivp.edit", from_plan.gemeente_id)
    if by.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator begint een nieuwe versie van het plan.")
    if Plan.objects.filter(gemeente_id=from_plan.gemeente_id).open().exists():
        raise StateConflict("Er is al een veiligheidsplan in bewerking; rond dat eerst af.")
    startjaar = startjaar or from_plan.startjaar
    eindjaar = eindjaar or (startjaar + (from_plan.eindjaar - from_plan.startjaar))
    next_period = startjaar > from_plan.startjaar
    nummer = (Plan.objects.filter(gemeente_id=from_plan.gemeente_id).aggregate(m=Max("nummer"))["m"] or 0) + 1
    plan = Plan(
        gemeente_id=from_plan.gemeente_id, nummer=nummer, startjaar=startjaar, eindjaar=eindjaar, gebaseerd_op=from_plan
    )
    for name in (*Plan.EDIT_FIELDS, *Plan.WEIGHT_FIELDS):
        if name not in {"startjaar", "eindjaar"}:
            setattr(plan, name, getattr(from_plan, name))
    if next_period:
        plan.evaluatie_invoer = goal_results(from_plan)
        plan.evaluatie_vorige = None
    _clean(plan, "gebaseerd_op")
    with transaction.atomic(), _context(by, "plan.new"):
        plan.save()
        _seed_steps(plan)
        Prioritering.objects.bulk_create(
            Prioritering(
                gemeente_id=plan.gemeente_id,
                plan=plan,
                **{name: getattr(p, name) for name in ("thema_id", *Prioritering.EDIT_FIELDS)},
            )
            for p in from_plan.prioriteringen.all()
        )
        _seed_prioriteringen(plan)
        Doelstelling.objects.bulk_create(
            Doelstelling(
                gemeente_id=plan.gemeente_id,
                plan=plan,
                volgorde=d.volgorde,
                **{name: getattr(d, name) for name in ("thema_id", "indicator_id", "wat", "eigenaar", "streefwaarde")},
            )
            for d in from_plan.doelstellingen.all()
        )
    return plan


# --- priorities and goals ---------------------------------------------------------------------


def edit_prioritering(
    *, by: Membership, prioritering: Prioritering, expected_version: int, **fields: Any
) -> Prioritering:
    """Score a theme and choose its tier (with a justification)."""
    _may_change_thema_of(by, prioritering)
    prioritering.plan.ensure_concept()
    _set(prioritering, fields, Prioritering.EDIT_FIELDS)
    _clean(prioritering, "plan", "thema")
    with transaction.atomic(), _context(by, "prioritering.edit"):
        save_versioned(prioritering, expected_version=expected_version, fields=list(fields))
    return prioritering


def _fill_baseline(doel: Doelstelling) -> None:
    """The latest measurement of the goal's indicator becomes its baseline when none is given."""
    if doel.indicator_id and doel.nulmeting is None and doel.indicator is not None:
        meting = latest_meting(doel.indicator)
        if meting is not None:
            doel.nulmeting, doel.nulmeting_periode = meting.waarde, meting.periode


def _check_goal(by: Membership, doel: Doelstelling) -> None:
    _may_change_thema_of(by, doel)
    doel.plan.ensure_concept()
    if doel.indicator is not None:
        permissions.require_same_gemeente(by, doel.indicator.gemeente_id)


def add_doelstelling(*, by: Membership, plan: Plan, thema: Thema, wat: str, **fields: Any) -> Doelstelling:
    permissions.require_same_gemeente(by, thema.gemeente_id)
    doel = Doelstelling(gemeente_id=plan.gemeente_id, plan=plan, thema=thema, wat=(wat or "").strip())
    _set(doel, fields, Doelstelling.EDIT_FIELDS)
    _check_goal(by, doel)
    _fill_baseline(doel)
    doel.volgorde = (Doelstelling.objects.filter(plan=plan).aggregate(m=Max("volgorde"))["m"] or 0) + 1
    _clean(doel, "plan", "thema", "indicator")
    with transaction.atomic(), _context(by, "doel.add"):
        doel.save()
    return doel


def edit_doelstelling(*, by: Membership, doel: Doelstelling, expected_version: int, **fields: Any) -> Doelstelling:
    _check_goal(by, doel)
    _set(doel, fields, Doelstelling.EDIT_FIELDS)
    _check_goal(by, doel)  # also the theme it is moved to
    if "indicator" in fields and "nulmeting" not in fields:
        doel.nulmeting, doel.nulmeting_periode = None, None
        fields = {**fields, "nulmeting": None, "nulmeting_periode": None}
    _fill_baseline(doel)
    _clean(doel, "plan", "thema", "indicator")
    with transaction.atomic(), _context(by, "doel.edit"):
        save_versioned(
            doel, expected_version=expected_version, fields=list({*fields, "nulmeting", "nulmeting_periode"})
        )
    return doel


def delete_doelstelling(*, by: Membership, doel: Doelstelling) -> None:
    _check_goal(by, doel)
    with transaction.atomic(), _context(by, "doel.delete"):
        doel.delete()


# --- the uitvoeringsprogramma -----------------------------------------------------------------


def start_programma(*, by: Membership, plan: Plan, jaar: int) -> Programma:
    """The programme of ``jaar``; it starts from the previous year's, carrying over what is unfinished."""
    _may(by, "ivp.edit", plan.gemeente_id)
    if by.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator stelt een nieuw uitvoeringsprogramma op.")
    if plan.status == PlanStatus.VERVALLEN:
        raise StateConflict("Dit plan is vervallen; stel het programma op onder het geldende plan.")
    if jaar not in plan.jaren:
        raise ValidationError({"jaar": f"Kies een jaar binnen de looptijd van het plan ({plan.periode})."})
    if Programma.objects.filter(gemeente_id=plan.gemeente_id, jaar=jaar).exists():
        raise ValidationError({"jaar": "Er is al een uitvoeringsprogramma voor dit jaar."})
    vorig = Programma.objects.filter(gemeente_id=plan.gemeente_id, jaar__lt=jaar).order_by("-jaar").first()
    with transaction.atomic(), _context(by, "programma.start"):
        programma = Programma.objects.create(gemeente_id=plan.gemeente_id, plan=plan, jaar=jaar, gebaseerd_op=vorig)
        if vorig is not None:
            Actie.objects.bulk_create(_carried_over(vorig, programma, plan))
    return programma


def _carried_over(vorig: Programma, programma: Programma, plan: Plan) -> list[Actie]:
    """Copies of the unfinished actions of ``vorig``; their goal only when it belongs to ``plan``."""
    goals = set(plan.doelstellingen.values_list("pk", flat=True))
    copies = []
    for actie in vorig.acties.open():
        copy = Actie(gemeente_id=programma.gemeente_id, programma=programma, overgenomen_van=actie)
        for field in Actie._meta.concrete_fields:
            if field.name in Actie.EDIT_FIELDS:
                setattr(copy, field.attname, getattr(actie, field.attname))
        if copy.doelstelling_id not in goals:
            copy.doelstelling_id = None
        copy.evaluatie = None
        if copy.status == ActieStatus.UITGESTELD:
            copy.status = ActieStatus.GEPLAND
        copies.append(copy)
    return copies


def adopt_programma(*, by: Membership, programma: Programma, on: datetime.date) -> Programma:
    """The college adopted the programme on ``on``."""
    _may(by, "ivp.adopt", programma.gemeente_id)
    if on > timezone.localdate():
        raise ValidationError({"vastgesteld_op": "De datum van vaststelling ligt in de toekomst."})
    programma.status, programma.vastgesteld_op = ProgrammaStatus.VASTGESTELD, on
    with transaction.atomic(), _context(by, "programma.adopt"):
        save_versioned(programma, expected_version=programma.version, fields=["status", "vastgesteld_op"])
    return programma


def _check_actie_links(by: Membership, actie: Actie) -> None:
    for related in (actie.thema, actie.doelstelling, actie.organisatie):
        if related is not None:
            permissions.require_same_gemeente(by, related.gemeente_id)
    if actie.doelstelling is not None and actie.doelstelling.plan_id != actie.programma.plan_id:
        raise ValidationError({"doelstelling": "Kies een doel uit het plan van dit programma."})


def add_actie(*, by: Membership, programma: Programma, thema: Thema, actiepunt: str, **fields: Any) -> Actie:
    """A new action; the coördinator or the owner of the theme's veld assigns it to an organisation."""
    permissions.require_same_gemeente(by, thema.gemeente_id)
    actie = Actie(
        gemeente_id=programma.gemeente_id, programma=programma, thema=thema, actiepunt=(actiepunt or "").strip()
    )
    _set(actie, fields, Actie.EDIT_FIELDS)
    _may_change_thema(by, actie.thema)
    _check_actie_links(by, actie)
    if "voortgang" in fields or "status" in fields:
        actie.voortgang_op = timezone.now()
    _clean(actie, "programma", "thema", "doelstelling", "organisatie")
    with transaction.atomic(), _context(by, "actie.add"):
        actie.save()
    return actie


def edit_actie(*, by: Membership, actie: Actie, expected_version: int, **fields: Any) -> Actie:
    """Change an action. A ketenpartner changes only status, progress and evaluation of their own."""
    if by.role == "ketenpartner" or set(fields) <= set(Actie.PROGRESS_FIELDS):
        return update_voortgang(by=by, actie=actie, expected_version=expected_version, **fields)
    _may_change_thema_of(by, actie)
    _set(actie, fields, Actie.EDIT_FIELDS)
    _may_change_thema(by, actie.thema)
    _check_actie_links(by, actie)
    changed = list(fields)
    if {"voortgang", "status"} & set(fields):
        actie.voortgang_op = timezone.now()
        changed.append("voortgang_op")
    _clean(actie, "programma", "thema", "doelstelling", "organisatie")
    with transaction.atomic(), _context(by, "actie.edit"):
        save_versioned(actie, expected_version=expected_version, fields=changed)
    return actie


def update_voortgang(*, by: Membership, actie: Actie, expected_version: int, **fields: Any) -> Actie:
    """Status, progress and evaluation note of an action, by whoever carries it out."""
    _may(by, "ivp.actie", actie.gemeente_id)
    if not may_update_actie(by, actie):
        raise PermissionDenied(NOT_YOUR_ACTION if by.role == "ketenpartner" else NOT_YOUR_THEME)
    extra = set(fields) - set(Actie.PROGRESS_FIELDS)
    if extra:
        raise PermissionDenied(
            "U kunt bij deze actie alleen de status, de voortgang en de evaluatie bijwerken "
            f"(niet: {', '.join(sorted(extra))})."
        )
    _set(actie, fields, Actie.PROGRESS_FIELDS)
    if actie.voortgang is None:
        actie.voortgang = 0
    actie.voortgang_op = timezone.now()
    _clean(actie, "programma", "thema", "doelstelling", "organisatie")
    with transaction.atomic(), _context(by, "actie.voortgang"):
        save_versioned(actie, expected_version=expected_version, fields=[*fields, "voortgang_op"])
    return actie


def delete_actie(*, by: Membership, actie: Actie) -> None:
    _may_change_thema_of(by, actie)
    with transaction.atomic(), _context(by, "actie.delete"):
        actie.delete()
