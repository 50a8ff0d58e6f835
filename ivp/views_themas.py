"""Pages of the veiligheidsplan: velden and themes, the priorities of a plan and its SMART goals.

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services decide
who may (``ivp.services``); ``ivp.pages_themas`` prepares what the templates show and says why a
member cannot change something before they start typing. A row of the priority table is edited
in place with htmx (the partials of ``ivp/prioritering_list.html``) and on a page of its own
without JavaScript.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.errors import StateConflict
from lib.forms import save_form
from lib.permissions import requires

from . import pages_themas as pages
from . import services
from .forms_themas import DoelForm, GewichtenForm, KoppelingForm, PrioriteringForm, ThemaForm, ThemaNieuwForm, VeldForm
from .models import Doelstelling, Plan, Prioritering, Thema, ThemaKoppeling, Veld

REFUSALS = (ValidationError, PermissionDenied, StateConflict)
PARTIALS = "ivp/prioritering_list.html"


def _veld(request: AuthenticatedHttpRequest, pk: UUID) -> Veld:
    return get_object_or_404(Veld.objects.visible_to(request.membership), pk=pk)


def _thema(request: AuthenticatedHttpRequest, pk: UUID) -> Thema:
    return get_object_or_404(Thema.objects.visible_to(request.membership).select_related("veld"), pk=pk)


def _plan(request: AuthenticatedHttpRequest, pk: UUID) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.membership), pk=pk)


def _prioritering(request: AuthenticatedHttpRequest, pk: UUID) -> Prioritering:
    queryset = Prioritering.objects.visible_to(request.membership).select_related("plan", "thema__veld")
    return get_object_or_404(queryset, pk=pk)


def _doel(request: AuthenticatedHttpRequest, pk: UUID) -> Doelstelling:
    queryset = Doelstelling.objects.visible_to(request.membership).select_related("plan", "thema__veld", "indicator")
    return get_object_or_404(queryset, pk=pk)


def _data(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _report(request: AuthenticatedHttpRequest, error: Exception) -> None:
    """A service's refusal as error messages on the next page."""
    texts = error.messages if isinstance(error, ValidationError) else [getattr(error, "message", str(error))]
    for text in texts:
        messages.error(request, text)


def _refused(request: AuthenticatedHttpRequest, refusal: str, back: str) -> HttpResponse:
    messages.error(request, refusal)
    return redirect(back)


def _doelen_url(plan_id: Any, anchor: str = "") -> str:
    url = reverse("ivp:doelen", kwargs={"pk": plan_id})
    return f"{url}#{anchor}" if anchor else url


# --- velden and themes ------------------------------------------------------------------------


@requires("ivp.view")
def themas(request: AuthenticatedHttpRequest) -> HttpResponse:
    # velden, themes
    return render(request, "ivp/thema_list.html", pages.themas_context(request.membership))


@requires("ivp.edit")
def veld_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Rename or hide a veld (the coördinator): a page of its own, also for a form with errors."""
    veld = _veld(request, pk)
    back = f"{reverse('ivp:themas')}#veld-{veld.pk}"
    refusal = None if request.membership.role == "coordinator" else pages.ONLY_COORDINATOR_VELD
    if refusal and request.method == "POST":
        return _refused(request, refusal, back)
    form = None if refusal else VeldForm(_data(request), instance=copy.copy(veld), prefix=f"veld-{veld.pk}")
    if form is not None and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.edit_veld(by=request.membership, veld=veld, expected_version=data["version"], **form.changes())
            return f"Het veld “{veld.naam}” is opgeslagen."

        message = save_form(form, save, current=lambda: _veld(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(back)
    context: dict[str, Any] = {"veld": veld, "form": form, "refusal": refusal, "back": back}
    context["breadcrumbs"] = pages.crumbs(pages.themas_crumb(), (f"Veld {veld.nummer} wijzigen", None))
    context["error_focus"] = form is not None and form.is_bound and bool(form.errors)
    return render(request, "ivp/veld_edit.html", context)


@requires("ivp.edit")
def thema_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A new theme in a veld; the list of themes has the form too, this page shows its errors."""
    veld = _veld(request, pk)
    back = f"{reverse('ivp:themas')}#veld-{veld.pk}"
    refusal = pages.thema_refusal(request.membership, Thema(gemeente_id=veld.gemeente_id, veld=veld))
    if refusal and request.method == "POST":
        return _refused(request, refusal, back)
    form = None if refusal else ThemaNieuwForm(_data(request), prefix=f"nieuw-{veld.pk}")
    added: list[Thema] = []
    if form is not None and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            added.append(services.add_thema(by=request.membership, veld=veld, **form.changes()))
            return f"Het thema “{added[0]}” is toegevoegd aan {veld.naam}."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(added[0].get_absolute_url())
    context: dict[str, Any] = {"veld": veld, "form": form, "refusal": refusal, "back": back}
    context["breadcrumbs"] = pages.crumbs(pages.themas_crumb(), ("Thema toevoegen", None))
    context["error_focus"] = form is not None and form.is_bound and bool(form.errors)
    return render(request, "ivp/thema_add.html", context)


@requires("ivp.view")
def thema(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One theme with its guidance, indicators and links to the kader; its form saves here (POST)."""
    obj = _thema(request, pk)
    if request.method != "POST":
        return render(request, "ivp/thema_detail.html", pages.thema_context(request.membership, obj))
    refusal = pages.thema_refusal(request.membership, obj)
    if refusal:
        return _refused(request, refusal, obj.get_absolute_url())
    form = ThemaForm(request.POST, instance=copy.copy(obj))

    def save(data: dict[str, Any]) -> str:
        services.edit_thema(by=request.membership, thema=obj, expected_version=data["version"], **form.changes())
        return f"Het thema “{obj}” is opgeslagen."

    message = save_form(form, save, current=lambda: _thema(request, pk))
    if message is not None:
        messages.success(request, message)
        return redirect(obj.get_absolute_url())
    # The page shows what is stored, beside the form with what was typed.
    context = pages.thema_context(request.membership, _thema(request, pk), form=form)
    return render(request, "ivp/thema_detail.html", context)


@requires("ivp.edit")
@require_POST
def thema_link(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Link a theme of veld 5 to a goal or an uitgangspunt of the strategisch kader."""
    obj = _thema(request, pk)
    back = f"{obj.get_absolute_url()}#koppelingen"
    refusal = pages.thema_refusal(request.membership, obj) or (None if obj.links_to_kader else pages.ONLY_VELD_5)
    if refusal:
        return _refused(request, refusal, back)
    form = KoppelingForm(request.POST, **pages.link_choices(request.membership, obj))

    def save(data: dict[str, Any]) -> str:
        target = form.target()
        services.link_kader(by=request.membership, thema=obj, **target)
        return f"“{next(iter(target.values()))}” is aan het thema gekoppeld."

    message = save_form(form, save)
    if message is not None:
        messages.success(request, message)
        return redirect(back)
    return render(request, "ivp/thema_detail.html", pages.thema_context(request.membership, obj, link_form=form))


@requires("ivp.edit")
def thema_unlink(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Confirmation (GET) and removal (POST) of a theme's link to the kader."""
    queryset = ThemaKoppeling.objects.visible_to(request.membership).select_related(
        "thema__veld", "doel__versie", "uitgangspunt__versie"
    )
    koppeling = get_object_or_404(queryset, pk=pk)
    back = f"{koppeling.get_absolute_url()}#koppelingen"
    if request.method == "POST":
        try:
            services.unlink_kader(by=request.membership, koppeling=koppeling)
        except REFUSALS as error:
            _report(request, error)
        else:
            messages.success(request, f"De koppeling met “{koppeling.doel or koppeling.uitgangspunt}” is verwijderd.")
        return redirect(back)
    context = {
        "koppeling": koppeling,
        "doel": koppeling.doel or koppeling.uitgangspunt,
        "refusal": pages.thema_refusal(request.membership, koppeling.thema),
        "back": back,
        "breadcrumbs": pages.crumbs(
            pages.themas_crumb(), (str(koppeling.thema), back), ("Koppeling verwijderen", None)
        ),
    }
    return render(request, "ivp/thema_unlink.html", context)


# --- priorities -------------------------------------------------------------------------------


@requires("ivp.view")
def prioriteiten(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    # plan, the priorities with their themes and velden
    context = pages.prioriteiten_context(request.membership, _plan(request, pk))
    return render(request, "ivp/prioritering_list.html", context)


@requires("ivp.edit")
@require_POST
def gewichten(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The weights of the criteria (the coördinator, while the plan is a concept)."""
    plan = _plan(request, pk)
    back = reverse("ivp:prioriteiten", kwargs={"pk": plan.pk})
    if request.membership.role != "coordinator" or not plan.is_concept:
        return _refused(request, pages.plan_refusal(plan) or pages.ONLY_COORDINATOR_WEIGHTS, back)
    form = GewichtenForm(request.POST, instance=copy.copy(plan))

    def save(data: dict[str, Any]) -> str:
        services.edit_plan(by=request.membership, plan=plan, expected_version=data["version"], **form.changes())
        return "De gewichten zijn opgeslagen; de scores zijn opnieuw berekend."

    message = save_form(form, save, current=lambda: _plan(request, pk))
    if message is not None:
        messages.success(request, message)
        return redirect(back)
    context = pages.prioriteiten_context(request.membership, _plan(request, pk), gewichten=form)
    return render(request, "ivp/prioritering_list.html", context)


def _rij(request: AuthenticatedHttpRequest, obj: Prioritering) -> HttpResponse:
    """The row after a save or refusal: in place for htmx (with the warning and the messages), else the page."""
    if not request.htmx:
        return redirect(pages.prioriteit_url(obj))
    context = {
        "row": pages.prioriteit_rij(request.membership, obj),
        "waarschuwing": pages.focus_waarschuwing(pages.prioriteiten_count(request.membership, obj.plan)),
        "oob": True,
    }
    return render(request, f"{PARTIALS}#rij", context)


@requires("ivp.edit")
def prioritering_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The scores of one theme: in place in the table with htmx, else a page of its own."""
    obj = _prioritering(request, pk)
    refusal = pages.thema_refusal(request.membership, obj.thema, obj.plan)
    if refusal and request.method == "POST":
        messages.error(request, refusal)
        return _rij(request, obj)
    form = None if refusal else PrioriteringForm(_data(request), instance=copy.copy(obj), prefix=str(obj.pk))
    if form is not None and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            by, version = request.membership, data["version"]
            services.edit_prioritering(by=by, prioritering=obj, expected_version=version, **form.changes())
            return f"De prioritering van “{obj.thema}” is opgeslagen."

        message = save_form(form, save, current=lambda: _prioritering(request, pk))
        if message is not None:
            messages.success(request, message)
            return _rij(request, obj)
    context = pages.prioritering_edit_context(obj, form, refusal)
    if request.htmx:
        return render(request, f"{PARTIALS}#rij-bewerken", {**context, "oob": True})
    return render(request, "ivp/prioritering_edit.html", context)


# --- SMART goals ------------------------------------------------------------------------------


@requires("ivp.view")
def doelen(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    # plan, the priorities with their themes, the goals with theme, veld and indicator
    return render(request, "ivp/doelstelling_list.html", pages.doelen_context(request.membership, _plan(request, pk)))


@requires("ivp.edit")
def doel_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A new goal; the theme is chosen among the plan's priorities first (``?thema=`` preselects one)."""
    plan = _plan(request, pk)
    form, refusal = pages.nieuw_doel_form(request.membership, plan, _data(request), request.GET.get("thema", ""))
    if refusal and request.method == "POST":
        return _refused(request, refusal, _doelen_url(plan.pk))
    added: list[Doelstelling] = []
    if form is not None and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            added.append(services.add_doelstelling(by=request.membership, plan=plan, **form.changes()))
            return f"Het doel “{added[0]}” is toegevoegd."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(_doelen_url(plan.pk, f"doel-{added[0].pk}"))
    context: dict[str, Any] = {"plan": plan, "form": form, "refusal": refusal, "back": _doelen_url(plan.pk)}
    context["breadcrumbs"] = pages.crumbs(pages.plan_crumb(plan), ("Doelen", _doelen_url(plan.pk)), ("Toevoegen", None))
    context["error_focus"] = form is not None and form.is_bound and bool(form.errors)
    return render(request, "ivp/doelstelling_add.html", context)


@requires("ivp.edit")
def doel_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Change a goal; a new indicator without a new baseline takes the indicator's latest figure."""
    obj = _doel(request, pk)
    back = _doelen_url(obj.plan_id, f"doel-{obj.pk}")
    refusal = pages.thema_refusal(request.membership, obj.thema, obj.plan)
    if refusal and request.method == "POST":
        return _refused(request, refusal, back)
    choices = {} if refusal else pages.doel_choices(request.membership, obj.plan, current=obj.thema)
    form = None if refusal else DoelForm(_data(request), instance=copy.copy(obj), **choices)
    if form is not None and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            by, version = request.membership, data["version"]
            services.edit_doelstelling(by=by, doel=obj, expected_version=version, **form.changed_fields())
            return f"Het doel “{obj}” is opgeslagen."

        message = save_form(form, save, current=lambda: _doel(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(back)
    context: dict[str, Any] = {"doel": obj, "form": form, "refusal": refusal, "back": back}
    context["breadcrumbs"] = pages.crumbs(pages.plan_crumb(obj.plan), ("Doelen", back), ("Wijzigen", None))
    context["error_focus"] = form is not None and form.is_bound and bool(form.errors)
    return render(request, "ivp/doelstelling_edit.html", context)


@requires("ivp.edit")
def doel_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Confirmation (GET) and deletion (POST) of a goal."""
    obj = _doel(request, pk)
    if request.method == "POST":
        try:
            services.delete_doelstelling(by=request.membership, doel=obj)
        except REFUSALS as error:
            _report(request, error)
            return redirect(_doelen_url(obj.plan_id, f"doel-{obj.pk}"))
        messages.success(request, f"Het doel “{obj}” is verwijderd.")
        return redirect(_doelen_url(obj.plan_id))
    back = _doelen_url(obj.plan_id, f"doel-{obj.pk}")
    context: dict[str, Any] = {
        "doel": obj,
        "refusal": pages.thema_refusal(request.membership, obj.thema, obj.plan),
        "back": back,
    }
    context["breadcrumbs"] = pages.crumbs(pages.plan_crumb(obj.plan), ("Doelen", back), ("Verwijderen", None))
    return render(request, "ivp/doelstelling_delete.html", context)
