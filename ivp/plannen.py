"""Reading the versions of the veiligheidsplan for its pages and the API.

Where the plan stands (the version being worked on and the version in force), its six steps with
their checklists, what a member may change of a plan, the bounds of a plan's period, and the
links to the other parts of the plan. Read-only; the services in ``ivp.services`` change things.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed
from lib.querysets import Member

from . import content
from .choices import PlanStatus, Stap, StapStatus
from .models import Plan, PlanStap

STAP_BY_KEY: dict[str, content.StapInhoud] = {stap.key: stap for stap in content.STAPPEN}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a plan may cover (ivp_plan_period_valid)
START_LAST_YEAR = LAST_YEAR - 3  # a first plan runs four years (services.PLAN_YEARS)


def plan_url(plan_pk: Any, anchor: str = "") -> str:
    url = reverse("ivp:plan", kwargs={"pk": plan_pk})
    return f"{url}#{anchor}" if anchor else url


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Veiligheidsplan", reverse("ivp:overzicht")), *items)


# --- the steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    """One of the six steps of a plan with its explanation and how much of its checklist is done."""

    stap: PlanStap
    titel: str
    uitleg: str
    gedaan: int
    totaal: int

    @property
    def key(self) -> str:
        return self.stap.stap

    @property
    def status_label(self) -> str:
        return StapStatus(self.stap.status).label.lower()


def step_row(stap: PlanStap) -> StepRow:
    inhoud = STAP_BY_KEY[stap.stap]
    keys = {key for key, _text in inhoud.checklist}
    done = sum(1 for key in stap.afgevinkt or [] if key in keys)
    return StepRow(stap, str(Stap(stap.stap).label), inhoud.uitleg, done, len(inhoud.checklist))


def step_rows(plannen: Iterable[Plan]) -> dict[Any, list[StepRow]]:
    """The steps of each plan, in their order (1 query for all plans; none without plans)."""
    ids = [plan.pk for plan in plannen]
    result: dict[Any, list[StepRow]] = {pk: [] for pk in ids}
    if ids:
        for stap in PlanStap.objects.filter(plan_id__in=ids).order_by("plan_id", "volgorde"):
            result[stap.plan_id].append(step_row(stap))
    return result


def checklist_items(stap: PlanStap) -> list[dict[str, Any]]:
    """The checklist of a step, each item with whether it is ticked off."""
    ticked = set(stap.afgevinkt or [])
    return [{"key": key, "tekst": tekst, "gedaan": key in ticked} for key, tekst in STAP_BY_KEY[stap.stap].checklist]


# Where the work of a step is done, besides the step page itself (url name, whether it takes the plan).
STEP_PAGES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "evaluatie_informatie": (("Analyse: cijfers en bronnen", "ivp:analyse", False),),
    "probleemanalyse": (("Thema's en het verhaal achter de cijfers", "ivp:themas", False),),
    "prioriteiten": (("Prioriteiten stellen", "ivp:prioriteiten", True),),
    "aanpak": (("Doelen van de prioriteiten", "ivp:doelen", True),),
    "uitvoering": (("Uitvoeringsprogramma's", "ivp:programmas", False),),
    "evaluatie": (("Monitoring van doelen en acties", "ivp:monitoring", False),),
}


def step_links(plan: Plan, stap: str) -> list[dict[str, str]]:
    """The pages where the work of step ``stap`` is done (those that exist)."""
    found = []
    for label, name, takes_plan in STEP_PAGES.get(stap, ()):
        url = reverse(name, kwargs={"pk": plan.pk}) if takes_plan else reverse(name)
        found.append({"label": label, "url": url})
    return found


def part_links(plan: Plan | None) -> list[dict[str, str]]:
    """The other parts of the veiligheidsplan (those that exist); priorities and goals of ``plan``."""
    names: list[tuple[str, str | None]] = [
        ("Thema's", reverse("ivp:themas")),
        ("Analyse", reverse("ivp:analyse")),
    ]
    if plan is not None:
        names += [
            (f"Prioriteiten ({plan.periode})", reverse("ivp:prioriteiten", kwargs={"pk": plan.pk})),
            (f"Doelen ({plan.periode})", reverse("ivp:doelen", kwargs={"pk": plan.pk})),
        ]
    names += [("Uitvoeringsprogramma's", reverse("ivp:programmas")), ("Monitoring", reverse("ivp:monitoring"))]
    return [{"label": label, "url": url} for label, url in names if url is not None]


# --- who may change what ----------------------------------------------------------------------


def editable_fields(member: Member, plan: Plan) -> tuple[str, ...]:
    """The chapters ``member`` may change in ``plan`` (as ``services.edit_plan`` allows): none
    unless it is a concept; a coördinator all of them, a thema-eigenaar the vision."""
    if not plan.is_concept or not allowed("ivp.edit", role=member.role):
        return ()
    return Plan.EDIT_FIELDS if member.role == "coordinator" else ("visie",)


def may_edit_steps(member: Member, plan: Plan) -> bool:
    """The steps are kept up to date until the plan is superseded (``services.edit_step``)."""
    return plan.status != PlanStatus.VERVALLEN and allowed("ivp.edit", role=member.role)


# --- the period -------------------------------------------------------------------------------


def next_period_refusal(from_plan: Plan, startjaar: int) -> str | None:
    """Why a plan for the next period cannot start in ``startjaar``, or None.

    The new plan lasts as long as ``from_plan`` and must start after it starts and end by 2100.
    """
    span = from_plan.eindjaar - from_plan.startjaar
    if startjaar <= from_plan.startjaar:
        return f"Een plan voor de volgende periode begint na {from_plan.startjaar}, het eerste jaar van dit plan."
    if startjaar < FIRST_YEAR or startjaar + span > LAST_YEAR:
        return (
            f"Kies een eerste jaar tussen {FIRST_YEAR} en {LAST_YEAR - span}: het plan loopt {span + 1} jaar "
            f"en eindigt uiterlijk in {LAST_YEAR}."
        )
    return None


# --- the versions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """The versions of a gemeente's plan: all of them, the one being worked on and the one in force."""

    plannen: list[Plan]
    open: Plan | None  # concept or ter besluitvorming (at most one)
    adopted: Plan | None  # vastgesteld (at most one)

    @property
    def shown(self) -> list[Plan]:
        return [plan for plan in (self.open, self.adopted) if plan is not None]


def standing(member: Member) -> Standing:
    """Every version of the member's gemeente's plan, newest first (1 query)."""
    plannen = list(Plan.objects.visible_to(member).select_related("gebaseerd_op"))
    return Standing(
        plannen,
        next((p for p in plannen if p.is_open), None),
        next((p for p in plannen if p.status == PlanStatus.VASTGESTELD), None),
    )
