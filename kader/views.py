"""Pages of the strategisch kader: overview, step pages and the workflow of a version.

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services decide
who may do what (kader.services); the rows of the parts are edited in kader.views_parts.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from documents.http import download
from lib.errors import StateConflict
from lib.forms import save_form
from lib.permissions import requires

from . import compare as comparison
from . import content, pages, services
from .forms import ActiviteitForm, VaststellenForm, VergelijkForm
from .models import PARTS_BY_SLUG, Deelplan, KaderVersie, StapActiviteit, Status

REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def _versie(request: AuthenticatedHttpRequest, pk: UUID) -> KaderVersie:
    return get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=pk)


def _report(request: AuthenticatedHttpRequest, error: Exception) -> None:
    """A service's refusal as error messages on the next page."""
    texts = error.messages if isinstance(error, ValidationError) else [getattr(error, "message", str(error))]
    for text in texts:
        messages.error(request, text)


@requires("kader.view")
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 1 query: every version; per shown version (open, adopted): 9 (kader.progress.steps)
    return render(request, "kader/kaderversie_overview.html", pages.overview_context(request.membership))


@requires("kader.edit")
@require_POST
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        services.start_kader(by=request.membership)
        messages.success(request, "Het kader is gestart met versie 1 als concept.")
    except REFUSALS as error:
        _report(request, error)
    return redirect("kader:overview")


@requires("kader.view")
def step(request: AuthenticatedHttpRequest, pk: UUID, stap: str) -> HttpResponse:
    """A step page (GET); its single-valued form (visie, scope, governance) posts here too."""
    if stap not in content.STAP_BY_KEY:
        raise Http404
    versie = _versie(request, pk)
    if request.method == "POST":
        return _save_step(request, versie, stap)
    return render(request, f"kader/stap_{stap}.html", pages.step_context(request.membership, versie, stap))


def _save_step(request: AuthenticatedHttpRequest, versie: KaderVersie, stap: str) -> HttpResponse:
    if stap not in pages.STEP_FORMS:
        return HttpResponseNotAllowed(["GET"])
    try:
        versie.ensure_concept()  # the service refuses it too; the page says so instead of showing a form
    except StateConflict as error:
        messages.error(request, error.message)
        return redirect("kader:step", pk=versie.pk, stap=stap)
    form = pages.STEP_FORMS[stap](request.POST, instance=copy.copy(versie))  # the page keeps the stored values

    def save(data: dict[str, Any]) -> str:
        fields = {name: data[name] for name in form.Meta.fields}
        services.edit(by=request.membership, versie=versie, expected_version=data["version"], **fields)
        return "De wijzigingen zijn opgeslagen."

    message = save_form(form, save, current=lambda: _versie(request, versie.pk))
    if message is None:
        context = pages.step_context(request.membership, versie, stap, form=form)
        return render(request, f"kader/stap_{stap}.html", context)
    messages.success(request, message)
    return redirect("kader:step", pk=versie.pk, stap=stap)


@requires("kader.edit")
@require_POST
def activity(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    queryset = StapActiviteit.objects.visible_to(request.membership).select_related("versie")
    activiteit = get_object_or_404(queryset, pk=pk)
    form = ActiviteitForm(request.POST, prefix=str(activiteit.pk))

    def save(data: dict[str, Any]) -> str:
        services.mark_activity(by=request.membership, activiteit=activiteit, on=data["gedaan_op"], note=data["notitie"])
        return "De activiteit is bijgewerkt."

    message = save_form(form, save)
    if message is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    else:
        messages.success(request, message)
    return redirect(pages.step_url(activiteit.versie_id, activiteit.stap, f"activiteit-{activiteit.pk}"))


@requires("kader.adopt")
@require_POST
def send_back(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie(request, pk)
    try:
        services.send_back(by=request.membership, versie=versie)
        messages.success(request, f"Versie {versie.nummer} is teruggezet naar concept en kan weer worden bewerkt.")
    except REFUSALS as error:
        _report(request, error)
    return redirect("kader:overview")


@requires("kader.edit")
@require_POST
def adopt_example(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Adopt an example text (a vision, a governance explanation)."""
    versie = _versie(request, pk)
    part = request.POST.get("part", "")
    try:
        services.adopt_example(by=request.membership, versie=versie, part=part, example=request.POST.get("example", ""))
        messages.success(request, "Het voorbeeld is overgenomen. Pas het aan naar de eigen situatie.")
    except REFUSALS as error:
        _report(request, error)
    return redirect("kader:step", pk=versie.pk, stap="kwaliteitssysteem" if part.startswith("governance") else "visie")


@requires("kader.edit")
@require_POST
def adopt_examples(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Adopt example rows: uitgangspunten of a group, a deelplan per theme, the PDCA cycle, the matrix."""
    versie = _versie(request, pk)
    model = PARTS_BY_SLUG.get(request.POST.get("part", ""))
    if model is None:
        messages.error(request, "Dit voorbeeld bestaat niet.")
        return redirect("kader:overview")
    key = request.POST.get("key", "")
    try:
        if model.linked_doelen:
            added = len(services.adopt_example_uitgangspunten(by=request.membership, versie=versie, groep=key))
        else:
            added = services.adopt_example_rows(by=request.membership, versie=versie, model=model, key=key)
    except REFUSALS as error:
        _report(request, error)
    else:
        if added:
            messages.success(request, "Het voorbeeld is overgenomen. Pas het aan naar de eigen situatie.")
        else:
            messages.info(request, "Dit voorbeeld staat er al in; er is niets toegevoegd.")
    return redirect(pages.step_url(versie.pk, model.step, f"{model.slug}-kop"))


@requires("kader.edit")
@require_POST
def new_version(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie(request, pk)
    try:
        nieuw = services.new_version(by=request.membership, from_version=versie)
        messages.success(request, f"Versie {nieuw.nummer} is als concept begonnen.")
    except REFUSALS as error:
        _report(request, error)
    return redirect("kader:overview")


@requires("kader.edit")
@require_POST
def submit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie(request, pk)
    try:
        services.submit_for_decision(by=request.membership, versie=versie)
    except ValidationError as error:
        context = pages.overview_context(request.membership, missing=error.messages)
        return render(request, "kader/kaderversie_overview.html", {**context, "error_focus": True})
    except (PermissionDenied, StateConflict) as error:
        _report(request, error)
    else:
        messages.success(request, f"Versie {versie.nummer} ligt nu ter besluitvorming.")
    return redirect("kader:overview")


@requires("kader.adopt")
def adopt(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Record the vaststelling; only offered for a version that lies ter besluitvorming."""
    versie = _versie(request, pk)
    form = VaststellenForm(request.POST if request.method == "POST" else None)
    if versie.status == Status.TER_BESLUITVORMING and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.adopt(
                by=request.membership,
                versie=versie,
                on=data["vastgesteld_op"],
                body=data["vastgesteld_door"],
                reference=data["besluitkenmerk"],
            )
            return f"Versie {versie.nummer} is vastgesteld."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("kader:overview")
    context = {
        "versie": versie,
        "form": form if versie.status == Status.TER_BESLUITVORMING else None,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs((f"Versie {versie.nummer} vaststellen", None)),
    }
    return render(request, "kader/kaderversie_adopt.html", context)


@requires("kader.view")
def compare(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 1 query: every version; with a valid choice, per version one query per part (kader.compare)
    versies = list(KaderVersie.objects.visible_to(request.membership))
    form = VergelijkForm(request.GET or None, versies=versies)
    rows = None
    if form.is_bound and form.is_valid():
        by_pk = {str(v.pk): v for v in versies}
        rows = comparison.compare(by_pk[form.cleaned_data["van"]], by_pk[form.cleaned_data["naar"]])
    context = {"form": form, "rows": rows, "breadcrumbs": pages.crumbs(("Versies vergelijken", None))}
    return render(request, "kader/kaderversie_compare.html", context)


@requires("kader.view")
def deelplan_file(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The plan stored with a deelplan, as a download."""
    deelplan = get_object_or_404(Deelplan.objects.visible_to(request.membership).filter(bestand__isnull=False), pk=pk)
    return download(
        bytes(deelplan.bestand),
        deelplan.bestandstype or "application/octet-stream",
        deelplan.bestandsnaam or "deelplan",
    )
