"""Pages of the veiligheidsplan itself: the overview, a plan's chapters and steps, its CCV checklist,
and the cycle of a version (indienen, terugzetten, vaststellen, a new version or the next period).

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services decide
who may do what (``ivp.services``); ``ivp.plannen`` and ``ivp.checklist`` prepare what is shown.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.errors import StateConflict
from lib.forms import save_form
from lib.permissions import allowed, requires
from organisations.models import Membership

from . import checklist, content, plannen, services
from .choices import PlanStatus, Stap
from .documents import links as document_links
from .forms_plan import PERIODE, NieuwPlanForm, PlanForm, StapForm, StartForm, VaststellenForm
from .models import Plan, PlanStap

REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def _plan(request: AuthenticatedHttpRequest, pk: UUID) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.membership), pk=pk)


def _report(request: AuthenticatedHttpRequest, error: Exception) -> None:
    """A service's refusal as error messages on the next page."""
    if isinstance(error, StaleVersionError):
        texts = [str(STALE_MESSAGE)]
    elif isinstance(error, ValidationError):
        texts = error.messages
    else:
        texts = [getattr(error, "message", str(error))]
    for text in texts:
        messages.error(request, text)


# --- what the pages show ----------------------------------------------------------------------


def _overview_context(member: Membership, *, form: StartForm | None = None) -> dict[str, Any]:
    """The versions; for the open and the adopted one their decision data and steps (2 queries)."""
    stand = plannen.standing(member)
    steps = plannen.step_rows(stand.shown)
    is_coordinator = member.role == "coordinator"
    return {
        "stand": stand,
        "cyclus": [(Stap(s.key).label, s.uitleg) for s in content.STAPPEN],
        "shown": [{"plan": plan, "stappen": steps[plan.pk]} for plan in stand.shown],
        "parts": plannen.part_links(stand.open or stand.adopted),
        "start_form": (form or StartForm()) if is_coordinator and not stand.plannen else None,
        "can_edit": is_coordinator,
        "can_adopt": allowed("ivp.adopt", role=member.role),
        "error_focus": bool(form is not None and form.errors),
        "breadcrumbs": [*plannen.crumbs()[:1], {"label": "Veiligheidsplan", "url": None}],
    }


def _plan_context(member: Membership, plan: Plan, *, form: PlanForm | None = None) -> dict[str, Any]:
    editable = plannen.editable_fields(member, plan)
    if form is None and editable:
        form = PlanForm(instance=plan, editable=editable)
    fields = {field.name: field for field in Plan._meta.concrete_fields}
    chapters = [(name, fields[name].verbose_name, getattr(plan, name)) for name in Plan.EDIT_FIELDS]
    return {
        "plan": plan,
        "form": form,
        "chapters": [c for c in chapters if c[0] not in {"titel", "startjaar", "eindjaar"}],
        "stappen": plannen.step_rows([plan])[plan.pk],
        "document_links": document_links.plan_links(plan, member),
        "error_focus": bool(form is not None and form.is_bound and form.errors),
        "breadcrumbs": plannen.crumbs((f"Versie {plan.nummer} ({plan.periode})", None)),
    }


def _step_context(member: Membership, plan: Plan, stap: PlanStap, *, form: StapForm | None = None) -> dict[str, Any]:
    if form is None and plannen.may_edit_steps(member, plan):
        form = StapForm(instance=stap)
    row = plannen.step_row(stap)
    return {
        "plan": plan,
        "stap": row,
        "stappen": [(key, label) for key, label in Stap.choices],
        "items": plannen.checklist_items(stap),
        "form": form,
        "links": plannen.step_links(plan, stap.stap),
        "error_focus": bool(form is not None and form.is_bound and form.errors),
        "breadcrumbs": plannen.crumbs(
            (f"Versie {plan.nummer} ({plan.periode})", plannen.plan_url(plan.pk)), (row.titel, None)
        ),
    }


# --- the overview and the start ---------------------------------------------------------------


@requires("ivp.view")
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 1 query: every version; 1: the steps of the open and the adopted version
    return render(request, "ivp/plan_overzicht.html", _overview_context(request.membership))


@requires("ivp.edit")
@require_POST
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StartForm(request.POST)

    def save(data: dict[str, Any]) -> str:
        plan = services.start_ivp(by=request.membership, startjaar=data["startjaar"])
        return f"Het veiligheidsplan is gestart: versie 1 voor {plan.periode} is een concept."

    try:
        message = save_form(form, save)
    except PermissionDenied as error:  # only a coördinator starts the plan
        _report(request, error)
        return redirect("ivp:overzicht")
    if message is None:
        return render(request, "ivp/plan_overzicht.html", _overview_context(request.membership, form=form))
    messages.success(request, message)
    return redirect("ivp:overzicht")


# --- one plan: its chapters, steps and checklist ----------------------------------------------


@requires("ivp.view")
def plan(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The chapters of a plan (GET); the coördinator's and thema-eigenaar's form posts here too."""
    obj = _plan(request, pk)
    if request.method == "POST":
        return _save_plan(request, obj)
    return render(request, "ivp/plan_detail.html", _plan_context(request.membership, obj))


def _save_plan(request: AuthenticatedHttpRequest, obj: Plan) -> HttpResponse:
    try:
        obj.ensure_concept()  # the service refuses it too; the page says so instead of showing a form
    except StateConflict as error:
        messages.error(request, error.message)
        return redirect("ivp:plan", pk=obj.pk)
    editable = plannen.editable_fields(request.membership, obj)
    if not editable:
        raise PermissionDenied
    form = PlanForm(request.POST, instance=copy.copy(obj), editable=editable)  # the page keeps the stored values

    def save(data: dict[str, Any]) -> str:
        services.edit_plan(by=request.membership, plan=obj, expected_version=data["version"], **form.changes())
        return "De wijzigingen zijn opgeslagen."

    message = save_form(form, save, current=lambda: _plan(request, obj.pk))
    if message is None:
        return render(request, "ivp/plan_detail.html", _plan_context(request.membership, obj, form=form))
    messages.success(request, message)
    return redirect("ivp:plan", pk=obj.pk)


@requires("ivp.view")
def stap(request: AuthenticatedHttpRequest, pk: UUID, stap: str) -> HttpResponse:
    """One step of a plan: its explanation and checklist; its progress form posts here too."""
    if stap not in plannen.STAP_BY_KEY:
        raise Http404
    obj = _plan(request, pk)
    planstap = get_object_or_404(PlanStap.objects.filter(plan=obj), stap=stap)  # the plan is scoped
    if request.method == "POST":
        return _save_stap(request, obj, planstap)
    return render(request, "ivp/plan_stap.html", _step_context(request.membership, obj, planstap))


def _save_stap(request: AuthenticatedHttpRequest, obj: Plan, planstap: PlanStap) -> HttpResponse:
    if not plannen.may_edit_steps(request.membership, obj):
        raise PermissionDenied
    form = StapForm(request.POST, instance=copy.copy(planstap))

    def save(data: dict[str, Any]) -> str:
        planstap.plan = obj
        services.edit_step(by=request.membership, stap=planstap, expected_version=data["version"], **form.changes())
        return "De stap is bijgewerkt."

    def current() -> PlanStap:
        return get_object_or_404(PlanStap.objects.filter(plan=_plan(request, obj.pk)), pk=planstap.pk)

    message = save_form(form, save, current=current)
    if message is None:
        return render(request, "ivp/plan_stap.html", _step_context(request.membership, obj, planstap, form=form))
    messages.success(request, message)
    return redirect("ivp:stap", pk=obj.pk, stap=planstap.stap)


@requires("ivp.view")
def ccv_checklist(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    # 1 query: the plan; checklist.check: priorities, goals, figures of the priority themes, actions
    obj = _plan(request, pk)
    context = {
        "plan": obj,
        "secties": checklist.check(obj),
        "breadcrumbs": plannen.crumbs(
            (f"Versie {obj.nummer} ({obj.periode})", plannen.plan_url(obj.pk)), ("CCV-checklist", None)
        ),
    }
    return render(request, "ivp/plan_checklist.html", context)


# --- the cycle of a version -------------------------------------------------------------------


@requires("ivp.edit")
def submit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The CCV checklist's findings, then the coördinator confirms (POST) that the plan goes ter besluitvorming."""
    obj = _plan(request, pk)
    if request.method == "POST":
        try:
            services.submit_plan(by=request.membership, plan=obj)
        except (*REFUSALS, StaleVersionError) as error:
            _report(request, error)
            return redirect("ivp:submit", pk=obj.pk)
        messages.success(request, f"Versie {obj.nummer} ligt nu ter besluitvorming.")
        return redirect("ivp:overzicht")
    secties = checklist.check(obj)
    context = {
        "plan": obj,
        "secties": secties,
        "bevindingen": checklist.count_findings(secties),
        "can_submit": obj.is_concept and request.membership.role == "coordinator",
        "breadcrumbs": plannen.crumbs((f"Versie {obj.nummer} aanbieden", None)),
    }
    return render(request, "ivp/plan_submit.html", context)


@requires("ivp.adopt")
@require_POST
def send_back(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    obj = _plan(request, pk)
    try:
        services.send_back_plan(by=request.membership, plan=obj)
        messages.success(request, f"Versie {obj.nummer} is teruggezet naar concept en kan weer worden bewerkt.")
    except (*REFUSALS, StaleVersionError) as error:
        _report(request, error)
    return redirect("ivp:overzicht")


@requires("ivp.adopt")
def adopt(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Record the vaststelling; only offered for a plan that lies ter besluitvorming."""
    obj = _plan(request, pk)
    open_for_decision = obj.status == PlanStatus.TER_BESLUITVORMING
    form = VaststellenForm(request.POST if request.method == "POST" else None)
    if open_for_decision and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.adopt_plan(
                by=request.membership,
                plan=obj,
                on=data["vastgesteld_op"],
                body=data["vastgesteld_door"],
                reference=data["besluitkenmerk"],
            )
            return f"Versie {obj.nummer} ({obj.periode}) is vastgesteld."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("ivp:overzicht")
    context = {
        "plan": obj,
        "form": form if open_for_decision else None,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": plannen.crumbs((f"Versie {obj.nummer} vaststellen", None)),
    }
    return render(request, "ivp/plan_adopt.html", context)


@requires("ivp.edit")
def new_plan(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Begin a new version of this plan or the plan of the next period (coördinator)."""
    obj = _plan(request, pk)
    bezig = Plan.objects.visible_to(request.membership).open().first()
    may = request.membership.role == "coordinator" and bezig is None
    form = NieuwPlanForm(request.POST if request.method == "POST" else None, plan=obj)
    if may and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            nieuw = services.new_plan(by=request.membership, from_plan=obj, startjaar=data["startjaar"])
            soort = "het plan voor" if data["soort"] == PERIODE else "een nieuwe versie voor"
            return f"Versie {nieuw.nummer} is begonnen als concept: {soort} {nieuw.periode}."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("ivp:overzicht")
    context = {
        "plan": obj,
        "bezig": bezig,
        "form": form if may else None,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": plannen.crumbs((f"Nieuw plan op basis van versie {obj.nummer}", None)),
    }
    return render(request, "ivp/plan_new.html", context)
