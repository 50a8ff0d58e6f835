"""The pages of the PDCA cycle: the year calendar, planning a year, one activity with its findings and
actions, a finding, and Act: findings taken into the next version of the kader (docs/pdca.md)."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from acties.views import new_action_page
from lib.errors import StateConflict
from lib.forms import save_form
from lib.pagination import page_of
from lib.permissions import allowed, require, requires

from . import pages, services
from .forms import ActiviteitFilter, ActiviteitForm, BevindingForm, JaarForm, OpnemenForm
from .models import Activiteit, Bevinding, Status

PER_PAGE = 25
KEPT = 25  # the findings taken up most recently, shown on the Act page


@requires("pdca.view")
def kalender(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The calendar of a year (this year unless asked), per phase (queries: the activities of the year with
    their owners; the kader's description of the phases; the entries of the other capabilities)."""
    member, today = request.membership, timezone.localdate()
    data = request.GET.copy()
    data.setdefault("jaar", str(today.year))
    found = Activiteit.objects.voor(member).select_related("eigenaar__user")
    filters = ActiviteitFilter(data, queryset=found, request=request)
    context = pages.kalender_context(member, filters, today)
    return render(request, "pdca/kalender.html", context, status=400 if filters.errors else 200)


@requires("pdca.edit")
def plannen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Plan a year from last year's activities or the default set: first a preview, then a confirmation
    (queries: last year's activities, the titles the year has)."""
    member = request.membership
    form = JaarForm(request.POST or request.GET or {"jaar": pages.te_plannen(timezone.localdate())})
    if form.is_valid() and request.method == "POST":
        made = services.plan_jaar(by=member, jaar=form.cleaned_data["jaar"])
        messages.success(request, pages.gepland_bericht(len(made), form.cleaned_data["jaar"]))
        return redirect(reverse("pdca:kalender") + f"?jaar={form.cleaned_data['jaar']}")
    context = {
        "form": form,
        "jaar": form.cleaned_data["jaar"] if form.is_valid() else None,
        "voorstel": services.voorstel(member, form.cleaned_data["jaar"]) if form.is_valid() else [],
        "breadcrumbs": pages.crumbs(("Jaar plannen", None)),
    }
    return render(request, "pdca/plannen.html", context, status=400 if form.errors else 200)


@requires("pdca.edit")
def activiteit_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new activity of the calendar (query: the owners to choose from)."""
    member = request.membership
    form = ActiviteitForm(request.POST or None, instance=Activiteit(), member=member)
    if request.method == "POST":
        made: list[Activiteit] = []

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Activiteit.EDIT_FIELDS if name in cleaned}
            made.append(services.add_activiteit(by=member, **fields))
            return f"De activiteit “{made[0]}” staat in de kalender."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("pdca:activiteit", pk=made[0].pk)
    context = {"form": form, "breadcrumbs": pages.crumbs(("Nieuwe activiteit", None))}
    return render(request, "pdca/activiteit_nieuw.html", context, status=400 if form.errors else 200)


def _activiteit(request: AuthenticatedHttpRequest, pk: UUID) -> Activiteit:
    return get_object_or_404(Activiteit.objects.voor(request.membership).select_related("eigenaar__user"), pk=pk)


@requires("pdca.view")
def activiteit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One activity with its findings and actions; the coördinator changes it or records it as done
    (queries: the activity with its owner; its findings; its actions; the owners to choose from)."""
    member = request.membership
    shown = _activiteit(request, pk)
    may_edit = allowed("pdca.edit", role=member.role)
    form = ActiviteitForm(request.POST or None, instance=copy.copy(shown), member=member) if may_edit else None
    if request.method == "POST":
        if form is None:
            require(member, "pdca.edit")  # a reader's role: its own refusal
            raise PermissionDenied

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Activiteit.EDIT_FIELDS if name in cleaned}
            services.edit_activiteit(
                by=member, activiteit=copy.copy(shown), expected_version=cleaned["version"], **fields
            )
            return "De activiteit is opgeslagen."

        message = save_form(form, save, current=lambda: _activiteit(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("pdca:activiteit", pk=pk)
    context = pages.activiteit_context(member, shown, form)
    return render(request, "pdca/activiteit.html", context, status=400 if form is not None and form.errors else 200)


@requires("pdca.bevindingen")
def bevinding_nieuw(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A finding of a done activity (query: the activity)."""
    member = request.membership
    shown = _activiteit(request, pk)
    done = shown.status == Status.UITGEVOERD
    form = BevindingForm(request.POST or None, instance=Bevinding(activiteit=shown), member=member) if done else None
    if request.method == "POST" and form is not None:

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Bevinding.EDIT_FIELDS}
            services.add_bevinding(by=member, activiteit=shown, **fields)
            return "De bevinding is vastgelegd."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("pdca:activiteit", args=[pk]) + "#bevindingen")
    context = {
        "activiteit": shown,
        "form": form,
        "breadcrumbs": pages.crumbs((str(shown), shown.get_absolute_url()), ("Nieuwe bevinding", None)),
    }
    status = 400 if form is not None and form.errors else 409 if form is None and request.method == "POST" else 200
    return render(request, "pdca/bevinding_nieuw.html", context, status=status)


def _bevinding(request: AuthenticatedHttpRequest, pk: UUID) -> Bevinding:
    found = Bevinding.objects.voor(request.membership).select_related("activiteit", "verwerkt_in")
    return get_object_or_404(found, pk=pk)


@requires("pdca.view")
def bevinding(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One finding; who may change it (the coördinator, a thema-eigenaar of its theme) does so here, until it
    is taken up into the kader (query: the finding with its activity and kader version)."""
    member = request.membership
    shown = _bevinding(request, pk)
    may_edit = services.may_edit_bevinding(member, shown)
    form = BevindingForm(request.POST or None, instance=copy.copy(shown), member=member) if may_edit else None
    if request.method == "POST":
        if form is None:
            return pages.refuse_bevinding(request, member, shown)

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Bevinding.EDIT_FIELDS}
            services.edit_bevinding(
                by=member, bevinding=copy.copy(shown), expected_version=cleaned["version"], **fields
            )
            return "De bevinding is opgeslagen."

        message = save_form(form, save, current=lambda: _bevinding(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("pdca:activiteit", args=[shown.activiteit_id]) + f"#bevinding-{pk}")
    context = {"bevinding": shown, "form": form, "breadcrumbs": pages.bevinding_crumbs(shown)}
    return render(request, "pdca/bevinding.html", context, status=400 if form is not None and form.errors else 200)


@requires("pdca.bevindingen")
def actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """An action for a finding; its theme is the finding's by default (queries: the finding; the owners)."""
    member = request.membership
    shown = _bevinding(request, pk)
    if not services.may_record(member, shown.thema):
        raise PermissionDenied(services.NOT_YOUR_THEME)
    back = reverse("pdca:activiteit", args=[shown.activiteit_id])
    return new_action_page(
        request,
        save_action=lambda fields, _cleaned: services.actie(by=member, bevinding=shown, **fields),
        title="Actie bij een bevinding",
        intro=f"Een actie naar aanleiding van de bevinding “{shown}” uit “{shown.activiteit}”.",
        back=back + "#acties",
        crumbs=pages.bevinding_crumbs(shown, ("Actie", None)),
        initial={"thema": shown.thema},
    )


@requires("pdca.kader")
def act(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The findings marked for the kader and not yet taken up, and those taken up most recently (queries:
    count and page of the first; the second; the kader's open and adopted version)."""
    member = request.membership
    found = Bevinding.objects.voor(member).voor_kader().select_related("activiteit")
    verwerkt = Bevinding.objects.voor(member).filter(verwerkt_in__isnull=False)
    open_, adopted = services.doelversie(member)
    context = {
        "page": page_of(request, found.order_by("activiteit__gepland_op", "created_at"), PER_PAGE),
        "verwerkt": list(verwerkt.select_related("activiteit", "verwerkt_in").order_by("-updated_at")[:KEPT]),
        "open": open_,
        "adopted": adopted,
        "breadcrumbs": pages.crumbs(("Act: bevindingen voor het kader", None)),
    }
    return render(request, "pdca/act.html", context)


@requires("pdca.kader")
def opnemen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then take the chosen findings into the next version of the kader (queries: the chosen
    findings; the kader's open and adopted version)."""
    member = request.membership
    form = OpnemenForm(request.POST if request.method == "POST" else request.GET or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            versie = services.neem_op(by=member, ids=[b.pk for b in form.cleaned_data["bevinding"]])
        except StateConflict as error:
            messages.error(request, error.message)
            return redirect("pdca:act")
        messages.success(request, pages.opgenomen_bericht(len(form.cleaned_data["bevinding"]), versie))
        return redirect(reverse("kader:overview") + f"#versie-{versie.nummer}")
    open_, adopted = services.doelversie(member)
    context = {
        "form": form,
        "gekozen": form.cleaned_data["bevinding"] if form.is_valid() else [],
        "open": open_,
        "adopted": adopted,
        "breadcrumbs": pages.crumbs(("Act", reverse("pdca:act")), ("Opnemen in het kader", None)),
    }
    return render(request, "pdca/opnemen.html", context, status=400 if form.errors else 200)
