"""The multi-year programme of trainen, oefenen en testen, and one exercise with its follow-up actions."""

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
from acties import services as acties_services
from acties.models import Bron
from acties.views import new_action_page
from lib.forms import save_form
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed, requires

from . import services
from .filters import OefeningFilter
from .forms import OefeningForm
from .models import Oefening, Status
from .programma import Venster, programma

TITLE = "Trainen, oefenen en testen"


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs((TITLE, reverse("oefenen:programma")), *items)


def _venster(request: AuthenticatedHttpRequest) -> Venster:
    """The years shown: the window starting at ``?van=`` (a year), else around today."""
    van = request.GET.get("van", "")
    return Venster.rond(timezone.localdate(), int(van) if van.isdigit() and len(van) == 4 else None)


@requires("oefenen.view")
def programma_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The programme of a window of years, filtered (queries: the grouped counts, the exercises shown)."""
    today = timezone.localdate()
    found = Oefening.objects.voor(request.membership)
    filters = OefeningFilter(request.GET or None, queryset=found, request=request, today=today)
    venster = _venster(request)
    jaar = filters.gekozen_jaar
    jaren = [jaar] if jaar is not None else venster.jaren
    context = {
        "filters": filters.form,
        "venster": venster,
        "gekozen_jaar": jaar,
        "jaren": programma(filters.filtered(), jaren, today),
        "may_add": allowed("oefenen.edit", role=request.membership.role),
        "breadcrumbs": breadcrumbs((TITLE, None)),
    }
    return render(request, "oefenen/programma.html", context, status=400 if filters.form.errors else 200)


def _oefening(request: AuthenticatedHttpRequest, pk: UUID) -> Oefening:
    return get_object_or_404(Oefening.objects.voor(request.membership).select_related("scenario"), pk=pk)


@requires("oefenen.view")
def oefening(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One exercise with its result, findings and actions (queries: the exercise with its risk, its actions)."""
    shown = _oefening(request, pk)
    context = {
        "oefening": shown,
        "may_edit": services.may_edit(request.membership, shown),
        "may_read_risks": allowed("risicos.view", role=request.membership.role),
        "acties": acties_services.van_bron(Bron.OEFENING, shown.pk),
        "breadcrumbs": crumbs((str(shown), None)),
    }
    return render(request, "oefenen/oefening.html", context)


def _fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {name: cleaned[name] for name in Oefening.EDIT_FIELDS if name in cleaned}


@requires("oefenen.edit")
def oefening_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new exercise in the programme (queries: the risks to choose as scenario)."""
    member = request.membership
    form = OefeningForm(request.POST or None, instance=Oefening(), member=member)
    made: list[Oefening] = []
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            made.append(services.add_oefening(by=member, **_fields(cleaned)))
            return f"De oefening “{made[0]}” staat in het programma."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("oefenen:oefening", pk=made[0].pk)
    context = {"form": form, "title": "Nieuwe oefening", "breadcrumbs": crumbs(("Nieuwe oefening", None))}
    return render(request, "oefenen/oefening_form.html", context, status=400 if form.errors else 200)


@requires("oefenen.edit")
def oefening_wijzigen(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Plan again, record that it was done with its result and findings, or cancel (queries: the exercise,
    the risks to choose)."""
    member = request.membership
    shown = _oefening(request, pk)
    if not services.may_edit(member, shown):
        raise PermissionDenied(services.NOT_YOUR_THEME)
    form = OefeningForm(request.POST or None, instance=copy.copy(shown), member=member)
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            version = cleaned["version"]
            saved = services.edit_oefening(
                by=member, oefening=copy.copy(shown), expected_version=version, **_fields(cleaned)
            )
            return "De oefening is opgeslagen." + _undone(shown, saved)

        message = save_form(form, save, current=lambda: _oefening(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("oefenen:oefening", pk=pk)
    back = reverse("oefenen:oefening", kwargs={"pk": pk})
    context = {
        "form": form,
        "title": str(shown),
        "back": back,
        "breadcrumbs": crumbs((str(shown), back), ("Wijzigen", None)),
    }
    return render(request, "oefenen/oefening_form.html", context, status=400 if form.errors else 200)


def _undone(before: Oefening, after: Oefening) -> str:
    """What a save that takes back "uitgevoerd" cleared, said in its message (the history keeps it)."""
    if before.status != Status.UITGEVOERD or after.status == Status.UITGEVOERD:
        return ""
    cleared = f"de datum van uitvoering ({before.uitgevoerd_op:%d-%m-%Y}) is gewist"
    if before.resultaat:
        cleared = (
            f"de datum van uitvoering ({before.uitgevoerd_op:%d-%m-%Y}) en het resultaat"
            f" ({before.get_resultaat_display().lower()}) zijn gewist"
        )
    return f" Ze staat niet meer als uitgevoerd: {cleared}; de historie bewaart ze. De bevindingen blijven staan."


@requires("oefenen.edit")
def oefening_actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A follow-up action of a finding, with the exercise's theme as the default (query: the exercise)."""
    shown = _oefening(request, pk)
    if not services.may_edit(request.membership, shown):
        raise PermissionDenied(services.NOT_YOUR_THEME)
    back = reverse("oefenen:oefening", kwargs={"pk": pk})
    return new_action_page(
        request,
        save_action=lambda fields, _cleaned: services.actie(by=request.membership, oefening=shown, **fields),
        title="Vervolgactie",
        intro=f"Een actie naar aanleiding van een bevinding uit de oefening “{shown}”.",
        back=back + "#acties",
        crumbs=crumbs((str(shown), back), ("Vervolgactie", None)),
        initial={"thema": shown.thema},
    )
