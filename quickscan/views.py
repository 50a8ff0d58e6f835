"""The pages of the quickscan: the scans, a new one, one scan with its grid, one cell, completing and
removing a concept, the development over time, the levels and questions, and actions from a scan."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from acties.views import new_action_page
from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.forms import save_form
from lib.pagination import page_of
from lib.permissions import allowed, require, requires

from . import pages, services
from .filters import QuickscanFilter
from .forms import GegevensForm, InstellingenForm, NieuwForm, ScoreForm
from .models import Quickscan, Score, Status
from .results import ontwikkeling as ontwikkeling_van

PER_PAGE = 25


def _refusal(member: Any, scan: Quickscan | None = None) -> str:
    """Why the member may not start, change, complete or remove this scan ("" if they may)."""
    if not services.may_manage(member):
        return services.ONLY_COORDINATOR
    return services.AFGEROND if scan is not None and not scan.is_concept else ""


@requires("quickscan.view")
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The scans, newest first, filtered by status (queries: count, page of scans with who completed them)."""
    member = request.membership
    found = Quickscan.objects.voor(member).select_related("afgerond_door__user")
    filters = QuickscanFilter(request.GET or None, queryset=found)
    context = {
        "form": filters.form,
        "page": page_of(request, filters.filtered(), PER_PAGE),
        "may_manage": services.may_manage(member),
        "may_niveaus": allowed("quickscan.niveaus", role=member.role),
        "breadcrumbs": pages.crumbs(),
    }
    return render(request, "quickscan/overzicht.html", context, status=400 if filters.form.errors else 200)


@requires("quickscan.edit")
def nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a scan, empty or from the latest completed one (queries: a concept, the latest completed scan)."""
    member, today = request.membership, timezone.localdate()
    refusal = _refusal(member)
    concept = None if refusal else Quickscan.objects.voor(member).filter(status=Status.CONCEPT).first()
    vorige = None if refusal or concept else services.laatste_afgeronde(member)
    initial = {"titel": f"Quickscan {today.year}", "peildatum": today, "vanaf_vorige": vorige is not None}
    form = NieuwForm(request.POST or None, vorige=vorige, initial=initial)
    if request.method == "POST" and not refusal and concept is None:
        made: list[Quickscan] = []

        def save(cleaned: dict[str, Any]) -> str:
            made.append(services.start(by=member, **cleaned))
            return f"De quickscan “{made[0]}” is gestart. Vul per thema en aspect het niveau in."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("quickscan:scan", pk=made[0].pk)
    context = {"form": form, "refusal": refusal, "concept": concept, "breadcrumbs": pages.crumbs(("Nieuw", None))}
    blocked = request.method == "POST" and (refusal or concept)
    return render(request, "quickscan/nieuw.html", context, status=403 if blocked else 400 if form.errors else 200)


@requires("quickscan.view")
def scan(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A scan: its grid with averages and changes, the grid to fill in for a concept, its actions (queries:
    the scan; its cells, the previous scan's cells, the levels, the questions, its actions)."""
    shown = pages.get_scan(request, pk)
    form = None
    if request.method == "POST":
        require(request.membership, "quickscan.edit")
        if not shown.is_concept:
            messages.error(request, services.AFGEROND)
            return redirect("quickscan:scan", pk=pk)
        form, message = pages.save_rooster(request, shown)
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("quickscan:scan", args=[pk]) + "#scores")
    context = pages.scan_context(request, shown, form)
    return render(request, "quickscan/scan.html", context, status=400 if form is not None and form.errors else 200)


@requires("quickscan.edit")
def gegevens(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The title and peildatum of a concept (query: the scan)."""
    shown = pages.get_scan(request, pk)
    refusal = _refusal(request.membership, shown)
    form = None if refusal else GegevensForm(request.POST or None, instance=copy.copy(shown))
    if request.method == "POST" and form is not None:

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Quickscan.EDIT_FIELDS}
            services.wijzig(by=request.membership, scan=copy.copy(shown), expected_version=cleaned["version"], **fields)
            return "De gegevens van de quickscan zijn opgeslagen."

        message = save_form(form, save, current=lambda: pages.get_scan(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("quickscan:scan", pk=pk)
    context = {
        "scan": shown,
        "form": form,
        "refusal": refusal,
        "breadcrumbs": pages.scan_crumbs(shown, ("Gegevens", None)),
    }
    status = 403 if refusal and request.method == "POST" else 400 if form is not None and form.errors else 200
    return render(request, "quickscan/gegevens.html", context, status=status)


@requires("quickscan.edit")
def afronden(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Confirm, then complete a concept whose every cell is scored (queries: the scan, its empty cells)."""
    shown = pages.get_scan(request, pk)
    refusal, error, stale = _refusal(request.membership, shown), "", False
    if request.method == "POST" and not refusal:
        try:
            version = int(request.POST.get("version", "0"))
            services.afronden(by=request.membership, scan=copy.copy(shown), expected_version=version)
        except (ValueError, StaleVersionError):
            error, stale = str(STALE_MESSAGE), True
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"De quickscan “{shown}” is afgerond; de scores liggen nu vast.")
            return redirect("quickscan:scan", pk=pk)
    missing = [] if refusal else services.ontbrekend(shown)
    context = {
        "scan": shown,
        "refusal": refusal,
        "error": error,
        "missing": missing,
        "breadcrumbs": pages.scan_crumbs(shown, ("Afronden", None)),
    }
    status = 403 if refusal and request.method == "POST" else 409 if stale else 400 if error else 200
    return render(request, "quickscan/afronden.html", context, status=status)


@requires("quickscan.edit")
def verwijderen(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Confirm, then remove a concept (query: the scan)."""
    shown = pages.get_scan(request, pk)
    refusal, error = _refusal(request.membership, shown), ""
    if request.method == "POST" and not refusal:
        try:
            version = int(request.POST.get("version", "0"))
            services.verwijder(by=request.membership, scan=copy.copy(shown), expected_version=version)
        except (ValueError, StaleVersionError):
            error = str(STALE_MESSAGE)
        else:
            messages.success(request, f"De quickscan “{shown}” is verwijderd.")
            return redirect("quickscan:overzicht")
    context = {
        "scan": shown,
        "refusal": refusal,
        "error": error,
        "breadcrumbs": pages.scan_crumbs(shown, ("Verwijderen", None)),
    }
    status = 403 if refusal and request.method == "POST" else 409 if error else 200
    return render(request, "quickscan/verwijderen.html", context, status=status)


@requires("quickscan.view")
def score(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One cell: its level, level aimed for and explanation; who may score it changes them (queries: the
    cell with its scan, the levels, the questions, the same cell in the previous scan)."""
    member = request.membership
    shown = pages.get_score(request, pk)
    may = shown.scan.is_concept and services.may_score(member, shown.thema)
    niveaus = services.niveaus(member)
    form = ScoreForm(request.POST or None, instance=copy.copy(shown), niveaus=niveaus) if may else None
    if request.method == "POST":
        if form is None:
            require(member, "quickscan.edit")  # a reader's role: its own refusal
            raise PermissionDenied(services.AFGEROND if not shown.scan.is_concept else services.NOT_YOUR_THEME)

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Score.EDIT_FIELDS}
            services.wijzig_score(by=member, score=copy.copy(shown), expected_version=cleaned["version"], **fields)
            return f"De score van “{shown}” is opgeslagen."

        message = save_form(form, save, current=lambda: pages.get_score(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("quickscan:scan", args=[shown.scan_id]) + "#scores")
    context = pages.score_context(request, shown, form, niveaus)
    return render(request, "quickscan/score.html", context, status=400 if form is not None and form.errors else 200)


@requires("quickscan.view")
def ontwikkeling(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The averages per theme over the completed scans and the cells that went down (queries: the completed
    scans, their cells, the levels)."""
    member = request.membership
    scans = list(Quickscan.objects.voor(member).afgerond().in_tijdsvolgorde())
    cellen = Score.objects.voor(member).filter(scan__status=Status.AFGEROND)
    context = {
        "ontwikkeling": ontwikkeling_van(scans, cellen.values_list("scan_id", "thema", "aspect", "niveau")),
        "niveaus": services.niveaus(member),
        "breadcrumbs": pages.crumbs(("Ontwikkeling", None)),
    }
    return render(request, "quickscan/ontwikkeling.html", context)


@requires("quickscan.niveaus")
def instellingen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The names and descriptions of the levels and the question per aspect (queries: levels, questions)."""
    member = request.membership
    form = InstellingenForm(request.POST or None, niveaus=services.niveaus(member), vragen=services.vragen(member))
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            niveaus, vragen = form.wijzigingen()
            changed = services.instellingen(by=member, niveaus=niveaus, vragen=vragen)
            return "De niveaus en vragen zijn opgeslagen." if changed else "Er was niets veranderd."

        message = save_form(form, save, current=lambda: (services.niveaus(member), services.vragen(member)))
        if message is not None:
            messages.success(request, message)
            return redirect("quickscan:instellingen")
    context = {"form": form, "breadcrumbs": pages.crumbs(("Niveaus en vragen", None))}
    return render(request, "quickscan/instellingen.html", context, status=400 if form.errors else 200)


@requires("quickscan.niveaus")
def standaard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then set the levels and questions back to the defaults (queries: levels, questions)."""
    member, refusal = request.membership, ""
    if request.method == "POST":
        try:
            services.standaard(by=member, versies=request.POST.get("versies", ""))
        except StaleVersionError:
            refusal = str(STALE_MESSAGE)
        else:
            messages.success(request, "De niveaus en vragen zijn teruggezet naar de standaard.")
            return redirect("quickscan:instellingen")
    context = pages.standaard_context(request, refusal)
    return render(request, "quickscan/standaard.html", context, status=409 if refusal else 200)


@requires("quickscan.edit")
def scan_actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """An improvement action from the scan as a whole (query: the scan; the owners to choose from)."""
    shown = pages.get_scan(request, pk)
    back = reverse("quickscan:scan", args=[pk])
    return new_action_page(
        request,
        save_action=lambda fields, _cleaned: services.actie(by=request.membership, scan=shown, **fields),
        title="Actie uit de quickscan",
        intro=f"Een verbeteractie naar aanleiding van de quickscan “{shown}”.",
        back=back + "#acties",
        crumbs=pages.scan_crumbs(shown, ("Actie", None)),
    )


@requires("quickscan.edit")
def actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """An improvement action from one cell, with its theme (query: the cell with its scan; the owners)."""
    shown = pages.get_score(request, pk)
    back = reverse("quickscan:scan", args=[shown.scan_id])
    return new_action_page(
        request,
        save_action=lambda fields, _cleaned: services.actie(
            by=request.membership, scan=shown.scan, score=shown, **fields
        ),
        title="Actie uit de quickscan",
        intro=f"Een verbeteractie voor “{shown}” in de quickscan “{shown.scan}”.",
        back=back + "#acties",
        crumbs=pages.scan_crumbs(shown.scan, (str(shown), reverse("quickscan:score", args=[pk])), ("Actie", None)),
        initial={"thema": shown.thema},
    )
