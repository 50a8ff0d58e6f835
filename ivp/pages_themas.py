"""What the pages of velden and themes, priorities and SMART goals show: prepared data for the
templates, so the views stay thin and templates never start a query of their own.

Each function names the queries it makes; ``tests/test_query_budgets.py`` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse

from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed
from organisations.models import Membership

from . import content, extensions
from .choices import Niveau, PlanStatus
from .forms_themas import DoelNieuwForm, GewichtenForm, KoppelingForm, ThemaForm, ThemaNieuwForm, VeldForm
from .models import Doelstelling, Indicator, Plan, Prioritering, Thema, ThemaKoppeling, Veld
from .queries_themas import kader_targets
from .services import NOT_YOUR_THEME, may_change_thema
from .smart import SmartProblem, number, smart_problems

ONLY_COORDINATOR_VELD = "Alleen een coördinator wijzigt de veiligheidsvelden."
ONLY_COORDINATOR_WEIGHTS = "Alleen een coördinator wijzigt de gewichten van de criteria."
# The themes by which a thema-eigenaar owns a veld (a veld's owner theme is seeded, not edited).
VELD_OWNERS = frozenset(v.eigenaar_thema for v in content.VELDEN if v.eigenaar_thema)
ONLY_VELD_5 = "Alleen thema's van veld 5 (integriteit en veiligheid) verwijzen naar het strategisch kader."


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    """Overzicht, then ``items``; a step without a page (yet) is left out, except the current page."""
    return breadcrumbs(*items)


def themas_crumb() -> tuple[str, str]:
    return ("Velden en thema's", reverse("ivp:themas"))


def plan_crumb(plan: Plan) -> tuple[str, str | None]:
    # The plan's own page is built in the plan part (ivp/urls_plan.py); linked once it exists.
    return (f"Veiligheidsplan {plan.periode} (versie {plan.nummer})", reverse("ivp:plan", kwargs={"pk": plan.pk}))


def can_edit(member: Membership) -> bool:
    return allowed("ivp.edit", role=member.role)


def plan_refusal(plan: Plan) -> str | None:
    """Why the plan's priorities and goals cannot be changed now, or None."""
    if plan.is_concept:
        return None
    if plan.status == PlanStatus.TER_BESLUITVORMING:
        return (
            f"Versie {plan.nummer} van het plan ligt ter besluitvorming en kan niet worden gewijzigd. "
            "Zet haar eerst terug naar concept."
        )
    return (
        f"Versie {plan.nummer} van het plan is {plan.get_status_display().lower()} en kan niet meer worden "
        "gewijzigd. Begin een nieuwe versie om het plan aan te passen."
    )


def thema_refusal(member: Membership, thema: Thema, plan: Plan | None = None) -> str | None:
    """Why ``member`` cannot change ``thema`` (or its rows in ``plan``), or None; the services refuse it too."""
    if not can_edit(member):
        return "Uw rol mag het integraal veiligheidsplan niet wijzigen; dat doen coördinatoren en thema-eigenaren."
    if plan is not None and (refusal := plan_refusal(plan)):
        return refusal
    return None if may_change_thema(member, thema) else NOT_YOUR_THEME


# --- velden and themes ------------------------------------------------------------------------


@dataclass
class VeldBlok:
    veld: Veld
    themas: list[Thema]
    form: VeldForm | None  # renaming and hiding: the coördinator
    nieuw: ThemaNieuwForm | None  # adding a theme: whoever may change the veld's themes


def themas_context(member: Membership, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every veld with its themes (2 queries: velden, themes)."""
    bound = bound or {}
    velden = list(Veld.objects.visible_to(member))
    themas = list(Thema.objects.visible_to(member))
    blokken = []
    for veld in velden:
        own = [t for t in themas if t.veld_id == veld.pk]
        for thema in own:
            thema.veld = veld  # the veld is known: no query per theme
        form = nieuw = None
        if member.role == "coordinator":
            form = bound.get(f"veld-{veld.pk}") or VeldForm(instance=veld, prefix=f"veld-{veld.pk}")
        if can_edit(member) and may_change_thema(member, Thema(gemeente_id=veld.gemeente_id, veld=veld)):
            nieuw = bound.get(f"nieuw-{veld.pk}") or ThemaNieuwForm(prefix=f"nieuw-{veld.pk}")
        blokken.append(VeldBlok(veld, own, form, nieuw))
    return {"blokken": blokken, "breadcrumbs": crumbs(("Velden en thema's", None))}


@dataclass
class Koppelingen:
    rows: list[ThemaKoppeling]
    form: KoppelingForm | None


def _koppelingen(member: Membership, thema: Thema, editable: bool, form: KoppelingForm | None) -> Koppelingen:
    """The theme's links to the kader (1 query) and, for an editor, the goals and uitgangspunten of the
    adopted and open versions that are not linked yet (2 queries)."""
    rows = list(
        ThemaKoppeling.objects.visible_to(member)
        .filter(thema=thema)
        .select_related("doel__versie", "uitgangspunt__versie")
    )
    if not editable:
        return Koppelingen(rows, None)
    if form is not None:
        return Koppelingen(rows, form)
    linked = {r.doel_id for r in rows} | {r.uitgangspunt_id for r in rows}
    targets = {name: [obj for obj in objs if obj.pk not in linked] for name, objs in kader_targets(member).items()}
    return Koppelingen(rows, KoppelingForm(**targets))


def link_choices(member: Membership, thema: Thema) -> dict[str, list[Any]]:
    """What ``thema`` can still be linked to, for a posted link form (3 queries: its links, goals, uitgangspunten)."""
    rows = ThemaKoppeling.objects.visible_to(member).filter(thema=thema).values_list("doel_id", "uitgangspunt_id")
    linked = {pk for row in rows for pk in row if pk is not None}
    targets = kader_targets(member)
    return {name: [obj for obj in objs if obj.pk not in linked] for name, objs in targets.items()}


def thema_context(
    member: Membership, thema: Thema, *, form: ThemaForm | None = None, link_form: KoppelingForm | None = None
) -> dict[str, Any]:
    """One theme with its indicators (1 query), and for veld 5 its links to the kader (1–3 queries)."""
    refusal = thema_refusal(member, thema)
    indicatoren = list(Indicator.objects.visible_to(member).filter(thema=thema))
    return {
        "thema": thema,
        "refusal": refusal,
        "may_edit_role": can_edit(member),
        "form": None if refusal else form or ThemaForm(instance=thema),
        "indicatoren": indicatoren,
        # The analysis per theme is built in the analysis part (ivp/urls_analyse.py); linked once it exists.
        "analyse_url": reverse("ivp:analyse_thema", kwargs={"pk": thema.pk}),
        "koppelingen": _koppelingen(member, thema, refusal is None, link_form) if thema.links_to_kader else None,
        "secties": extensions.thema_sections(member, thema) if thema.links_to_kader else [],
        "error_focus": bool((form is not None and form.errors) or (link_form is not None and link_form.errors)),
        "breadcrumbs": crumbs(themas_crumb(), (str(thema), None)),
    }


# --- priorities -------------------------------------------------------------------------------


@dataclass
class PrioriteitRij:
    obj: Prioritering
    score: Decimal | None
    voorgesteld: str | None  # the label of the suggested tier
    can_change: bool


def prioriteit_rij(member: Membership, obj: Prioritering) -> PrioriteitRij:
    """A row of the table; ``obj`` comes with its plan and its theme's veld."""
    score = obj.score(obj.plan.gewichten)
    suggested = Prioritering.suggested_niveau(score)
    editable = can_edit(member) and obj.plan.is_concept and may_change_thema(member, obj.thema)
    return PrioriteitRij(obj, score, str(Niveau(suggested).label) if suggested else None, editable)


def focus_waarschuwing(aantal: int) -> str | None:
    """The warning when more than ``content.MAX_PRIORITEITEN`` themes are a priority."""
    if aantal <= content.MAX_PRIORITEITEN:
        return None
    return content.FOCUS_WAARSCHUWING.format(n=aantal, max=content.MAX_PRIORITEITEN)


def prioriteiten_context(member: Membership, plan: Plan, *, gewichten: GewichtenForm | None = None) -> dict[str, Any]:
    """Every shown theme's scores in the plan (1 query), and what other apps add (ivp.extensions)."""
    objs = list(
        Prioritering.objects.visible_to(member)
        .filter(plan=plan, thema__verborgen=False, thema__veld__verborgen=False)
        .select_related("thema__veld")
    )
    for obj in objs:
        obj.plan = plan
    rows = [prioriteit_rij(member, obj) for obj in objs]
    editable = plan.is_concept and member.role == "coordinator"
    return {
        "plan": plan,
        "rows": rows,
        "criteria": [f.verbose_name for f in Prioritering._meta.concrete_fields if f.name in Prioritering.CRITERIA],
        "refusal": plan_refusal(plan),
        "waarschuwing": focus_waarschuwing(sum(1 for row in rows if row.obj.niveau == Niveau.PRIORITEIT)),
        "gewichten": (gewichten or GewichtenForm(instance=plan)) if editable else None,
        "error_focus": bool(gewichten is not None and gewichten.errors),
        "breadcrumbs": crumbs(plan_crumb(plan), ("Prioriteiten", None)),
        "secties": extensions.prioritering_sections(member, plan),
    }


def prioriteit_url(obj: Prioritering) -> str:
    return f"{reverse('ivp:prioriteiten', kwargs={'pk': obj.plan_id})}#prioritering-{obj.pk}"


def prioritering_edit_context(obj: Prioritering, form: Any, refusal: str | None) -> dict[str, Any]:
    """The form of one row: in the table (htmx) or on a page of its own."""
    back = prioriteit_url(obj)
    return {
        "obj": obj,
        "form": form,
        "refusal": refusal,
        "back": back,
        "kolommen": len(Prioritering.CRITERIA) + 6,
        "breadcrumbs": crumbs(plan_crumb(obj.plan), ("Prioriteiten", back), (str(obj.thema), None)),
        "error_focus": form is not None and form.is_bound and bool(form.errors),
    }


def prioriteiten_count(member: Membership, plan: Plan) -> int:
    """How many shown themes are a priority in ``plan`` (1 query)."""
    return (
        Prioritering.objects.visible_to(member)
        .filter(plan=plan, niveau=Niveau.PRIORITEIT, thema__verborgen=False, thema__veld__verborgen=False)
        .count()
    )


# --- SMART goals ------------------------------------------------------------------------------


@dataclass
class DoelRij:
    obj: Doelstelling
    problemen: list[SmartProblem]
    can_change: bool

    @property
    def nulmeting(self) -> str | None:
        return None if self.obj.nulmeting is None else number(self.obj.nulmeting)

    @property
    def streefwaarde(self) -> str | None:
        return None if self.obj.streefwaarde is None else number(self.obj.streefwaarde)


@dataclass
class ThemaDoelen:
    thema: Thema
    prioriteit: bool
    doelen: list[DoelRij] = field(default_factory=list)
    can_add: bool = False


def doelen_context(member: Membership, plan: Plan) -> dict[str, Any]:
    """The priority themes with their goals, then other themes with goals (2 queries: priorities, goals)."""
    prioriteiten = [
        p.thema
        for p in Prioritering.objects.visible_to(member)
        .filter(plan=plan, niveau=Niveau.PRIORITEIT)
        .select_related("thema__veld")
    ]
    doelen = list(Doelstelling.objects.visible_to(member).filter(plan=plan).select_related("thema__veld", "indicator"))
    editable = can_edit(member) and plan.is_concept
    owns_a_veld = member.role == "coordinator" or bool(set(member.themes) & VELD_OWNERS)
    groepen = {t.pk: ThemaDoelen(t, True, can_add=editable and may_change_thema(member, t)) for t in prioriteiten}
    for doel in doelen:
        doel.plan = plan
        if doel.thema_id not in groepen:
            groepen[doel.thema_id] = ThemaDoelen(
                doel.thema, False, can_add=editable and may_change_thema(member, doel.thema)
            )
        groepen[doel.thema_id].doelen.append(
            DoelRij(doel, smart_problems(doel, plan=plan), editable and may_change_thema(member, doel.thema))
        )
    return {
        "plan": plan,
        "groepen": list(groepen.values()),
        "refusal": plan_refusal(plan),
        "can_add": editable and owns_a_veld,
        "breadcrumbs": crumbs(plan_crumb(plan), ("Doelen", None)),
    }


def doel_choices(member: Membership, plan: Plan, current: Thema | None = None) -> dict[str, Any]:
    """The themes a goal can belong to, the plan's priorities first (2 queries), and every indicator (1 query).

    A thema-eigenaar only gets the themes of the velden they own; a hidden theme only when it is
    ``current`` (the goal's own).
    """
    themas = [t for t in Thema.objects.visible_to(member).select_related("veld") if may_change_thema(member, t)]
    prio = set(
        Prioritering.objects.visible_to(member)
        .filter(plan=plan, niveau=Niveau.PRIORITEIT)
        .values_list("thema_id", flat=True)
    )
    indicatoren = list(Indicator.objects.visible_to(member).select_related("thema"))
    return {
        "prioriteiten": [t for t in themas if t.pk in prio],
        "overige": [
            t
            for t in themas
            if t.pk not in prio and ((not t.verborgen and not t.veld.verborgen) or (current and t.pk == current.pk))
        ],
        "indicatoren": indicatoren,
    }


def nieuw_doel_form(
    member: Membership, plan: Plan, data: Any = None, thema: str = ""
) -> tuple[DoelNieuwForm | None, str | None]:
    """The form for a new goal (``thema`` preselected), or why the member cannot add one."""
    refusal = plan_refusal(plan)
    if refusal:
        return None, refusal
    instance = Doelstelling(gemeente_id=plan.gemeente_id, plan=plan)
    form = DoelNieuwForm(data, instance=instance, **doel_choices(member, plan))
    if not form.themas:  # a thema-eigenaar who owns no veld
        return None, NOT_YOUR_THEME
    if data is None and thema in form.themas:
        form.initial["thema"] = thema
    return form, None
