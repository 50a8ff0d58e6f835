"""Awareness: the activities of a year, and per afdeling whether every employee took part."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.concurrency import STALE_MESSAGE
from lib.forms import save_form
from lib.navigation import Crumb
from lib.permissions import allowed, require, requires

from . import services
from .bewustwording import Dekking
from .forms import ActiviteitForm, DeelnameForm, JaarForm, NieuwJaarForm
from .models import Bewustwordingsactiviteit, Deelname
from .views import crumbs as programma_crumbs

TITLE = "Bewustwording"


def crumbs(jaar: int | None, *items: Crumb) -> list[dict[str, str | None]]:
    url = reverse("oefenen:bewustwording") + (f"?jaar={jaar}" if jaar else "")
    return programma_crumbs((f"{TITLE} {jaar}" if jaar else TITLE, url if items else None), *items)


def _jaar(request: AuthenticatedHttpRequest) -> tuple[JaarForm, int]:
    """The year in the address (``?jaar=``), this year when there is none or it is not a year."""
    form = JaarForm(request.GET if "jaar" in request.GET else None)
    jaar = form.cleaned_data["jaar"] if form.is_valid() else timezone.localdate().year
    return form, jaar


@requires("oefenen.view")
def bewustwording(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A year's activities and participation (queries: the activities, the afdelingen, whether the year
    before has afdelingen to start from)."""
    member = request.membership
    form, jaar = _jaar(request)
    dekking = Dekking(jaar, list(Deelname.objects.voor(member).filter(jaar=jaar).order_by("afdeling")))
    may_keep = services.may_keep_deelname(member)
    context = {
        "jaar": jaar,
        "jaar_form": form,
        "activiteiten": list(Bewustwordingsactiviteit.objects.voor(member).filter(datum__year=jaar)),
        "dekking": dekking,
        "may_add": allowed("oefenen.edit", role=member.role),
        "may_keep": may_keep,
        "kan_beginnen": may_keep
        and not dekking.afdelingen
        and Deelname.objects.voor(member).filter(jaar=jaar - 1).exists(),
        "volgend_jaar": jaar + 1 <= timezone.localdate().year + 1,
        "breadcrumbs": crumbs(jaar),
    }
    return render(request, "oefenen/bewustwording.html", context, status=400 if form.errors else 200)


# --- activities -----------------------------------------------------------------------------------


def _activiteit(request: AuthenticatedHttpRequest, pk: UUID) -> Bewustwordingsactiviteit:
    return get_object_or_404(Bewustwordingsactiviteit.objects.voor(request.membership), pk=pk)


def _activiteit_page(request: AuthenticatedHttpRequest, shown: Bewustwordingsactiviteit | None) -> HttpResponse:
    member = request.membership
    editing = shown is None or services.may_edit(member, shown)
    instance = copy.copy(shown) if shown else Bewustwordingsactiviteit(datum=timezone.localdate())
    form = ActiviteitForm(request.POST or None, instance=instance, member=member) if editing else None
    if request.method == "POST":
        if form is None:
            require(member, "oefenen.edit")  # a reader's role: its own refusal
            raise PermissionDenied(services.NOT_YOUR_THEME)

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Bewustwordingsactiviteit.EDIT_FIELDS if name in cleaned}
            if shown is None:
                saved = services.add_activiteit(by=member, **fields)
            else:
                version = cleaned["version"]
                saved = services.edit_activiteit(
                    by=member, activiteit=copy.copy(shown), expected_version=version, **fields
                )
            return f"De activiteit “{saved}” is opgeslagen."

        message = save_form(form, save, current=None if shown is None else lambda: _activiteit(request, shown.pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("oefenen:bewustwording") + f"?jaar={form.cleaned_data['datum'].year}")
    title = str(shown) if shown else "Nieuwe bewustwordingsactiviteit"
    jaar = shown.datum.year if shown else None
    context = {"form": form, "activiteit": shown, "title": title, "breadcrumbs": crumbs(jaar, (title, None))}
    return render(request, "oefenen/activiteit.html", context, status=400 if form and form.errors else 200)


@requires("oefenen.edit")
def activiteit_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _activiteit_page(request, None)


@requires("oefenen.view")
def activiteit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One activity; its editors change it (query: the activity)."""
    return _activiteit_page(request, _activiteit(request, pk))


def _delete_page(request: AuthenticatedHttpRequest, obj: Any, *, what: str, refusal: str, delete: Any) -> HttpResponse:
    """The confirmation before removing ``obj`` (a refusal instead, for who may not)."""
    back = reverse("oefenen:bewustwording") + f"?jaar={obj.jaar if isinstance(obj, Deelname) else obj.datum.year}"
    if request.method == "POST" and not refusal:
        if request.POST.get("version") != str(obj.version):
            refusal = str(STALE_MESSAGE)
        else:
            delete()
            messages.success(request, f"{what.capitalize()} “{obj}” is verwijderd.")
            return redirect(back)
    context = {"obj": obj, "what": what, "back": back, "refusal": refusal}
    context["breadcrumbs"] = crumbs(None, (f"{what.capitalize()} verwijderen", None))
    status = 403 if refusal and request.method == "POST" else 200
    return render(request, "oefenen/verwijderen.html", context, status=status)


@requires("oefenen.edit")
def activiteit_verwijderen(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    found = _activiteit(request, pk)
    refusal = "" if services.may_edit(request.membership, found) else services.NOT_YOUR_THEME
    delete = lambda: services.delete_activiteit(by=request.membership, activiteit=found)  # noqa: E731
    return _delete_page(request, found, what="de activiteit", refusal=refusal, delete=delete)


# --- participation per afdeling -------------------------------------------------------------------


def _deelname(request: AuthenticatedHttpRequest, pk: UUID) -> Deelname:
    return get_object_or_404(Deelname.objects.voor(request.membership), pk=pk)


def _deelname_page(request: AuthenticatedHttpRequest, shown: Deelname | None, jaar: int) -> HttpResponse:
    member = request.membership
    may_keep = services.may_keep_deelname(member)
    instance = copy.copy(shown) if shown else Deelname(jaar=jaar)
    form = DeelnameForm(request.POST or None, instance=instance) if may_keep else None
    if request.method == "POST":
        if form is None:
            require(member, "oefenen.edit")
            raise PermissionDenied(services.NOT_THE_PEOPLE)

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Deelname.EDIT_FIELDS}
            if shown is None:
                saved = services.add_deelname(by=member, **fields)
            else:
                saved = services.edit_deelname(
                    by=member, deelname=copy.copy(shown), expected_version=cleaned["version"], **fields
                )
            return f"De deelname van {saved} is opgeslagen."

        message = save_form(form, save, current=None if shown is None else lambda: _deelname(request, shown.pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("oefenen:bewustwording") + f"?jaar={form.cleaned_data['jaar']}#deelname")
    title = str(shown) if shown else "Afdeling toevoegen"
    context: dict[str, Any] = {"form": form, "deelname": shown, "title": title, "refusal": services.NOT_THE_PEOPLE}
    context["breadcrumbs"] = crumbs(shown.jaar if shown else jaar, (title, None))
    return render(request, "oefenen/deelname.html", context, status=400 if form and form.errors else 200)


@requires("oefenen.edit")
def deelname_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An afdeling of a year (``?jaar=``); only for who keeps the participation."""
    _form, jaar = _jaar(request)
    if not services.may_keep_deelname(request.membership):
        messages.error(request, services.NOT_THE_PEOPLE)
        return redirect(reverse("oefenen:bewustwording") + f"?jaar={jaar}")
    return _deelname_page(request, None, jaar)


@requires("oefenen.view")
def deelname(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """An afdeling's participation in a year; who keeps them changes it (query: the row)."""
    found = _deelname(request, pk)
    return _deelname_page(request, found, found.jaar)


@requires("oefenen.edit")
def deelname_verwijderen(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    found = _deelname(request, pk)
    refusal = "" if services.may_keep_deelname(request.membership) else services.NOT_THE_PEOPLE
    delete = lambda: services.delete_deelname(by=request.membership, deelname=found)  # noqa: E731
    return _delete_page(request, found, what="de afdeling", refusal=refusal, delete=delete)


@requires("oefenen.edit")
@require_POST
def nieuw_jaar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a year from the afdelingen of the year before (their headcounts, nobody counted yet)."""
    form = NieuwJaarForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("oefenen:bewustwording")
    jaar = form.cleaned_data["jaar"]
    try:
        made = services.nieuw_jaar(by=request.membership, jaar=jaar)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, f"{jaar} is begonnen met {len(made)} afdelingen; vul per afdeling in wie deelnam.")
    return redirect(reverse("oefenen:bewustwording") + f"?jaar={jaar}#deelname")
