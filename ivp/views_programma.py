"""Pages of the uitvoeringsprogramma: the programmes per year, the actions of one programme with
filters and exports, one action, and the monitoring of goals and actions per theme.

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services decide
who may do what (``ivp.services``); ``ivp.programma`` reads what the pages show in a fixed number
of queries.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib import revisions
from lib.concurrency import STALE_MESSAGE
from lib.errors import StateConflict
from lib.forms import save_form
from lib.navigation import Crumb, breadcrumbs
from lib.pagination import page_of
from lib.permissions import allowed, requires

from . import exports, services
from .documents import links as document_links
from .filters import ActieFilter
from .forms_programma import ActieForm, StartForm, VaststellenForm, VoortgangForm
from .models import Actie, Programma
from .programma import (
    PAGE_SIZE,
    by_veld,
    next_year,
    plans_for_a_programme,
    programmas,
    row_keys,
    rows,
    stand,
    stand_totals,
    summary,
)

REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Uitvoeringsprogramma's", reverse("ivp:programmas")), *items)


def _programma(request: AuthenticatedHttpRequest, pk: UUID) -> Programma:
    queryset = Programma.objects.visible_to(request.membership).select_related("plan", "gebaseerd_op")
    return get_object_or_404(queryset, pk=pk)


def _actie(request: AuthenticatedHttpRequest, pk: UUID) -> Actie:
    queryset = rows(Actie.objects.visible_to(request.membership), timezone.localdate(), timezone.now())
    return get_object_or_404(queryset.select_related("programma__plan"), pk=pk)


def _report(request: AuthenticatedHttpRequest, error: Exception) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [getattr(error, "message", str(error))]
    for text in texts:
        messages.error(request, text)


# --- the programmes ---------------------------------------------------------------------------


def _programmas_page(
    request: AuthenticatedHttpRequest, form: StartForm | None = None, *, status: int = 200
) -> HttpResponse:
    # Queries: the programmes with their plan and counts; for a coördinator the plans to choose from.
    today = timezone.localdate()
    found = list(programmas(request.membership, today))
    can_start = request.membership.role == "coordinator"
    if can_start and form is None:
        form = StartForm(plans=plans_for_a_programme(request.membership), initial={"jaar": next_year(found, today)})
    context = {
        "programmas": found,
        "form": form if can_start else None,
        "has_plan": form is not None and form.has_plans,
        "error_focus": form is not None and form.is_bound and bool(form.errors),
        "breadcrumbs": crumbs(),
    }
    return render(request, "ivp/programma_list.html", context, status=status)


@requires("ivp.view")
def programma_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _programmas_page(request)


@requires("ivp.edit")
@require_POST
def programma_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start the programme of a year (coördinator): unfinished actions of the year before come along."""
    form = StartForm(request.POST, plans=plans_for_a_programme(request.membership))
    started: list[Programma] = []

    def save(data: dict[str, Any]) -> str:
        programma = services.start_programma(by=request.membership, plan=data["plan"], jaar=data["jaar"])
        started.append(programma)
        carried = programma.acties.count()
        if programma.gebaseerd_op is None:
            return f"Het uitvoeringsprogramma {programma.jaar} is begonnen."
        vorig = programma.gebaseerd_op.jaar
        return f"Het uitvoeringsprogramma {programma.jaar} is begonnen; {carried} onafgeronde acties uit {vorig} zijn overgenomen."

    message = save_form(form, save)
    if message is None:
        return _programmas_page(request, form)
    messages.success(request, message)
    return redirect(started[0])


# --- one programme ----------------------------------------------------------------------------


def _programma_page(
    request: AuthenticatedHttpRequest, pk: UUID, programma: Programma | None = None, *, status: int = 200
) -> HttpResponse:
    def inhoud() -> tuple[str, SafeString]:
        # Queries: the programme with its plan, the count, the ids of the page and its actions (each
        # with theme, veld, organisation, goal, origin and flags), the totals of the programme; the
        # form's themes and partner organisations.
        found = programma or _programma(request, pk)
        today, now = timezone.localdate(), timezone.now()
        acties = Actie.objects.visible_to(request.membership).filter(programma=found)
        filters = ActieFilter(request.GET or None, queryset=acties, request=request, programma=found, today=today)
        page = page_of(
            request,
            row_keys(filters.filtered()),
            PAGE_SIZE,
            fill=lambda keys: rows(Actie.objects.visible_to(request.membership).filter(pk__in=keys), today, now),
        )
        role = request.membership.role
        context = {
            "programma": found,
            "page": page,
            "groepen": by_veld(list(page.object_list)),
            "form": filters.form,
            "totalen": summary(acties, today, now),
            "can_add": allowed("ivp.edit", role=role),
            "can_adopt": allowed("ivp.adopt", role=role),
            "document_links": document_links.programma_links(found, request.membership),
        }
        return str(found), render_to_string("ivp/programma_detail.html#inhoud", context, request)

    # A kept page was shown to this member at this revision, so the programme still exists for them.
    titel, html = revisions.cached(request, f"ivp:programma:{pk}", inhoud)
    context = {"titel": titel, "inhoud": html, "breadcrumbs": crumbs((titel, None))}
    return render(request, "ivp/programma_detail.html", context, status=status)


@requires("ivp.view")
def programma_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    return _programma_page(request, pk)


@requires("ivp.view")
def programma_export(request: AuthenticatedHttpRequest, pk: UUID, formaat: str) -> HttpResponse:
    """The actions of the page, with the page's filters, as a spreadsheet (.xlsx) or CSV."""
    if formaat not in exports.FORMATS:
        raise Http404
    programma = _programma(request, pk)
    today = timezone.localdate()
    acties = Actie.objects.visible_to(request.membership).filter(programma=programma)
    filters = ActieFilter(request.GET or None, queryset=acties, request=request, programma=programma, today=today)
    if filters.is_bound and not filters.is_valid():
        return _programma_page(request, programma.pk, programma, status=400)
    found = list(rows(filters.qs, today, timezone.now()))
    return exports.download(request, programma, found, formaat)


@requires("ivp.adopt")
def programma_adopt(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Record the day the college adopted the programme (coördinator, bestuurder)."""
    programma = _programma(request, pk)
    form = VaststellenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.adopt_programma(by=request.membership, programma=programma, on=data["vastgesteld_op"])
            return f"Uitvoeringsprogramma {programma.jaar} is vastgesteld op {data['vastgesteld_op']:%d-%m-%Y}."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(programma)
    context = {
        "programma": programma,
        "form": form,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": crumbs((str(programma), programma.get_absolute_url()), ("Vaststellen", None)),
    }
    return render(request, "ivp/programma_adopt.html", context)


# --- one action -------------------------------------------------------------------------------


def _actie_form(request: AuthenticatedHttpRequest, actie: Actie) -> ActieForm | VoortgangForm | None:
    """The whole action for its editors, its progress for the partner carrying it out, else nothing."""
    member, data = request.membership, request.POST if request.method == "POST" else None
    if services.may_change_thema(member, actie.thema):
        return ActieForm(data, programma=actie.programma, member=member, obj=actie)
    if member.role == "ketenpartner" and services.may_update_actie(member, actie):
        return VoortgangForm(data, obj=actie)
    return None


def _save_actie(request: AuthenticatedHttpRequest, actie: Actie, form: ActieForm | VoortgangForm) -> Any:
    def save(data: dict[str, Any]) -> str:
        target = copy.copy(actie)  # the page keeps showing what is stored if the service refuses
        if isinstance(form, VoortgangForm):
            services.update_voortgang(
                by=request.membership, actie=target, expected_version=data["version"], **form.changes()
            )
        else:
            services.edit_actie(by=request.membership, actie=target, expected_version=data["version"], **form.changes())
        return f"De actie “{target}” is opgeslagen."

    return save


@requires("ivp.view")
def actie_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One action with all its fields; the form its role may use (the whole action or its progress)."""
    actie = _actie(request, pk)
    form = _actie_form(request, actie)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(services.NOT_YOUR_ACTION)
        message = save_form(form, _save_actie(request, actie, form), current=lambda: _actie(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(actie)
    context = {
        "actie": actie,
        "form": form,
        "volledig": isinstance(form, ActieForm),
        "can_delete": isinstance(form, ActieForm),
        "error_focus": form is not None and form.is_bound and bool(form.errors),
        "breadcrumbs": crumbs((str(actie.programma), actie.programma.get_absolute_url()), (actie.actiepunt, None)),
    }
    return render(request, "ivp/actie_detail.html", context)


@requires("ivp.edit")
def actie_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A new action in a programme (coördinator; a thema-eigenaar in the themes of their velden)."""
    programma = _programma(request, pk)
    form = ActieForm(request.POST if request.method == "POST" else None, programma=programma, member=request.membership)
    added: list[Actie] = []

    def save(data: dict[str, Any]) -> str:
        fields = form.changes()
        thema, actiepunt = fields.pop("thema"), fields.pop("actiepunt")
        added.append(
            services.add_actie(by=request.membership, programma=programma, thema=thema, actiepunt=actiepunt, **fields)
        )
        return f"De actie “{added[0]}” is toegevoegd."

    if request.method == "POST" and (message := save_form(form, save)) is not None:
        messages.success(request, message)
        return redirect(added[0])
    context = {
        "programma": programma,
        "form": form,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": crumbs((str(programma), programma.get_absolute_url()), ("Actie toevoegen", None)),
    }
    return render(request, "ivp/actie_add.html", context)


@requires("ivp.edit")
def actie_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Confirmation (GET) and the deletion itself (POST) of one action."""
    actie = _actie(request, pk)
    refusal = None if services.may_change_thema(request.membership, actie.thema) else services.NOT_YOUR_THEME
    if request.method == "POST":
        if refusal is not None:
            messages.error(request, refusal)
        elif request.POST.get("version") != str(actie.version):
            messages.error(request, str(STALE_MESSAGE))
        else:
            try:
                services.delete_actie(by=request.membership, actie=actie)
            except REFUSALS as error:
                _report(request, error)
            else:
                messages.success(request, f"De actie “{actie}” is verwijderd.")
                return redirect(actie.programma)
        return redirect(actie)
    context = {
        "actie": actie,
        "refusal": refusal,
        "breadcrumbs": crumbs((str(actie.programma), actie.programma.get_absolute_url()), ("Verwijderen", None)),
    }
    return render(request, "ivp/actie_delete.html", context)


# --- monitoring -------------------------------------------------------------------------------


@requires("ivp.view")
def monitoring(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per theme: the goals against their targets, and the programme's actions that are late or stalled."""

    def inhoud() -> SafeString:
        # Queries: the plan, the programme, the themes, the goals, their latest measurements, the
        # counts of the actions per theme, the overdue actions and the stalled actions (ivp.programma.stand).
        found = stand(request.membership, timezone.localdate(), timezone.now())
        context = {
            "stand": found,
            "totalen": stand_totals(found.themas),
            "document_links": (
                document_links.rapportage_links(found.plan, found.programma.jaar if found.programma else None)
                + document_links.plan_links(found.plan)[2:]
                if found.plan
                else []
            ),
        }
        return render_to_string("ivp/monitoring.html#inhoud", context, request)

    context = {
        "inhoud": revisions.cached(request, "ivp:monitoring", inhoud),
        "breadcrumbs": [
            {"label": "Overzicht", "url": reverse("dashboard:home")},
            {"label": "Monitoring van het veiligheidsplan", "url": None},
        ],
    }
    return render(request, "ivp/monitoring.html", context)
