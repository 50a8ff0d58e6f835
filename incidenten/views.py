"""Reporting an incident, the reporter's own reports, and setting up the registration."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.http import AuthenticatedHttpRequest
from lib.forms import save_form
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed, require, requires

from . import services
from .forms import PRIVACY, BehandelForm, LijstFilter, MeldForm, StartForm
from .models import Incident

PER_PAGE = 25


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Mijn meldingen", reverse("incidenten:mijn")), *items)


def _not_started(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "may_start": allowed("incidenten.beheer", role=request.membership.role),
        "breadcrumbs": crumbs(("Incident melden", None)),
    }
    return render(request, "incidenten/niet_ingericht.html", context)


@requires("incidenten.melden")
def melden(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The short report (queries: the set-up; the kinds and assets of the form)."""
    member = request.membership
    if services.instelling(member.gemeente_id) is None:
        return _not_started(request)
    form = MeldForm(request.POST or None, member=member)
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            services.meld(by=member, **{name: cleaned[name] for name in Incident.MELD_FIELDS})
            return "Dank u wel. Uw melding is ontvangen; de behandelaar neemt haar in behandeling."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:mijn")
    context = {"form": form, "privacy": PRIVACY, "breadcrumbs": crumbs(("Incident melden", None))}
    return render(request, "incidenten/melden.html", context, status=400 if form.errors else 200)


@requires("incidenten.melden")
def mijn(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports the member made, newest first (queries: the count, a page with their kinds)."""
    found = Incident.objects.gemeld_door(request.membership).select_related("soort")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "breadcrumbs": breadcrumbs(("Mijn meldingen", None)),
    }
    return render(request, "incidenten/mijn.html", context)


@requires("incidenten.melden")
def mijn_incident(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One of the member's own reports with its status; another's report is not found."""
    found = Incident.objects.gemeld_door(request.membership).select_related("soort", "bedrijfsmiddel")
    incident = get_object_or_404(found, pk=pk)
    context = {"incident": incident, "breadcrumbs": crumbs((str(incident), None))}
    return render(request, "incidenten/mijn_incident.html", context)


@requires("incidenten.beheer")
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up the registration: the retention period of personal data and the starting list of kinds."""
    member = request.membership
    if services.instelling(member.gemeente_id) is not None:
        messages.info(request, "De incidentregistratie is al ingericht.")
        return redirect("incidenten:melden")
    form = StartForm(request.POST or None)
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            services.start(by=member, bewaartermijn_maanden=cleaned["bewaartermijn_maanden"])
            return "De incidentregistratie is ingericht. Medewerkers kunnen nu incidenten melden."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:melden")
    context = {"form": form, "breadcrumbs": breadcrumbs(("Incidentregistratie inrichten", None))}
    return render(request, "incidenten/start.html", context, status=400 if form.errors else 200)


@requires("incidenten.view")
def lijst(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports the member may read, newest first, filtered on status (queries: the count, a page)."""
    filters = LijstFilter(request.GET or None)
    found = Incident.objects.voor_behandeling(request.membership).select_related("soort")
    if filters.is_valid() and filters.cleaned_data["status"]:
        found = found.filter(status=filters.cleaned_data["status"])
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"filters": filters, "page": page, "breadcrumbs": breadcrumbs(("Incidenten", None))}
    return render(request, "incidenten/lijst.html", context, status=400 if filters.errors else 200)


def _incident(request: AuthenticatedHttpRequest, pk: UUID) -> Incident:
    found = Incident.objects.voor_behandeling(request.membership)
    return get_object_or_404(found.select_related("soort", "bedrijfsmiddel", "melder__user"), pk=pk)


@requires("incidenten.view")
def incident(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One report with its handling; its handler changes the handling (query: the report with its people)."""
    shown = _incident(request, pk)
    may_handle = services.may_handle(request.membership, shown)
    form = BehandelForm(request.POST or None, instance=copy.copy(shown)) if may_handle else None
    if request.method == "POST":
        if form is None:
            require(request.membership, "incidenten.behandelen")  # a reader's role: its own refusal
            raise PermissionDenied(services.NOT_YOUR_THEME)

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Incident.BEHANDEL_FIELDS}
            services.behandel(
                by=request.membership, incident=copy.copy(shown), expected_version=cleaned["version"], **fields
            )
            return "De behandeling is opgeslagen."

        message = save_form(form, save, current=lambda: _incident(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:incident", pk=pk)
    context = {
        "incident": shown,
        "form": form,
        "breadcrumbs": breadcrumbs(("Incidenten", reverse("incidenten:lijst")), (str(shown), None)),
    }
    return render(request, "incidenten/incident.html", context, status=400 if form and form.errors else 200)
