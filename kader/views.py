"""HTML pages of the strategisch kader: thin views over kader.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.permissions import has, requires

from . import content, services
from .forms import ActiviteitForm, DoelForm, UitgangspuntForm, VaststellenForm, VergelijkForm, VisieForm
from .models import (
    COMPARE_LABELS,
    Bedrijfsmiddel,
    Deelplan,
    Doel,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    StapActiviteit,
    Status,
    Uitgangspunt,
    Verantwoordelijkheid,
    WetOfNorm,
)

VOORBEELD_TITELS = {"minimaal": "Minimale variant", "maximaal": "Maximale variant", "samenhang": "Nadruk op samenhang"}


def _crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    home: list[dict[str, str | None]] = [
        {"label": "Overzicht", "url": reverse("dashboard:home")},
        {"label": "Strategisch kader", "url": reverse("kader:overview")},
    ]
    return home + [{"label": label, "url": url} for label, url in items]


def _versie_or_404(request: HttpRequest, pk: UUID) -> KaderVersie:
    versie = KaderVersie.objects.visible_to(request.membership).filter(pk=pk).first()  # type: ignore[attr-defined]
    if versie is None:
        raise Http404
    return versie


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _stappen(versie: KaderVersie) -> list[dict[str, Any]]:
    progress = services.progress(versie)
    return [
        {"stap": stap, "gedaan": progress[stap.key][0], "totaal": progress[stap.key][1]} for stap in content.STAPPEN
    ]


def _render_overview(request: HttpRequest, missing: list[str] | None = None) -> HttpResponse:
    # 1 query: every version; per shown version (open, adopted): progress and the two gap lists
    versies = list(KaderVersie.objects.visible_to(request.membership))  # type: ignore[attr-defined]
    open_ = next((v for v in versies if v.status in {Status.CONCEPT, Status.TER_BESLUITVORMING}), None)
    adopted = next((v for v in versies if v.status == Status.VASTGESTELD), None)
    shown = []
    for versie in (open_, adopted):
        if versie is not None:
            found = services.gaps(versie)
            shown.append({"versie": versie, "stappen": _stappen(versie), "gaten": sum(map(len, found.values()))})
    context = {
        "versies": versies,
        "shown": shown,
        "open": open_,
        "missing": missing,
        "can_edit": has(request, "kader.edit"),
        "can_adopt": has(request, "kader.adopt"),
        "breadcrumbs": [*_crumbs()[:1], {"label": "Strategisch kader", "url": None}],
    }
    return render(request, "kader/kaderversie_overview.html", context)


@requires("kader.view")
def overview(request: HttpRequest) -> HttpResponse:
    return _render_overview(request)


@requires("kader.edit")
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    try:
        services.start_kader(gemeente=request.membership.gemeente, by=request.user)  # type: ignore[attr-defined]
        messages.success(request, "Het kader is gestart met versie 1 als concept.")
    except ValidationError as error:
        _errors(request, error)
    return redirect("kader:overview")


def _step_content(versie: KaderVersie, stap: str) -> dict[str, Any]:
    """The content of a step (with the edit forms of steps 3 and 4): one query per listed part."""
    if stap == "scope":
        return {
            "bedrijfsmiddelen": [Bedrijfsmiddel(value).label for value in versie.bedrijfsmiddelen],
            "mensgroepen": list(Mensgroep.objects.of(versie)),
            "deelplannen": list(Deelplan.objects.of(versie)),
            "wetten": list(WetOfNorm.objects.of(versie).order_by("thema", "volgorde")),
        }
    if stap == "doelen":
        doelen = list(Doel.objects.of(versie))
        return {"doelen": [{"obj": d, "form": DoelForm(doel=d)} for d in doelen], "nieuw_doel": DoelForm()}
    if stap == "uitgangspunten":
        punten = Uitgangspunt.objects.of(versie).prefetch_related("doelen").order_by("groep", "volgorde")
        doelen = list(Doel.objects.of(versie))
        return {
            "uitgangspunten": [
                {"obj": p, "form": UitgangspuntForm(doelen=doelen, punt=p, linked=[d.pk for d in p.doelen.all()])}
                for p in punten
            ],
            "nieuw_punt": UitgangspuntForm(doelen=doelen),
            "gaten": services.gaps(versie),
        }
    if stap == "kwaliteitssysteem":
        return {
            "pdca": list(PdcaFase.objects.of(versie)),
            "verantwoordelijkheden": list(Verantwoordelijkheid.objects.of(versie)),
        }
    return {
        "voorbeelden": [
            (key, VOORBEELD_TITELS.get(key, key), tekst) for key, tekst in content.VOORBEELDEN_VISIE.items()
        ]
    }


@requires("kader.view")
def step(request: HttpRequest, pk: UUID, stap: str) -> HttpResponse:
    if stap not in content.STAP_BY_KEY:
        raise Http404
    versie = _versie_or_404(request, pk)
    can_edit = has(request, "kader.edit") and not versie.is_frozen
    form = VisieForm(request.POST if request.method == "POST" else None, instance=versie) if stap == "visie" else None
    if request.method == "POST":
        if form is None:
            return HttpResponseNotAllowed(["GET"])
        if not has(request, "kader.edit"):
            raise PermissionDenied
        if form.is_valid() and _save_visie(request, versie, form):
            return redirect("kader:step", pk=versie.pk, stap=stap)
    teksten = dict(content.STAP_BY_KEY[stap].activiteiten)
    activiteiten = StapActiviteit.objects.of(versie).filter(stap=stap).select_related("gedaan_door")
    context = {
        "versie": versie,
        "stap": content.STAP_BY_KEY[stap],
        "stappen": content.STAPPEN,
        "activiteiten": [{"obj": a, "tekst": teksten.get(a.sleutel, a.sleutel)} for a in activiteiten],
        "form": form if can_edit and versie.is_concept else None,
        "can_mark": can_edit,
        "can_edit": can_edit and versie.is_concept,
        "breadcrumbs": _crumbs((f"Versie {versie.nummer}: {content.STAP_BY_KEY[stap].titel}", None)),
        **_step_content(versie, stap),
    }
    return render(request, f"kader/stap_{stap}.html", context)


def _save_visie(request: HttpRequest, versie: KaderVersie, form: VisieForm) -> bool:
    """Save through the service; False keeps the form open with the stale-data message."""
    fields = {name: form.cleaned_data[name] for name in VisieForm.Meta.fields}
    try:
        services.edit(versie=versie, by=request.user, expected_version=form.cleaned_data["version"], **fields)
    except StaleVersionError:
        form.add_error(None, STALE_MESSAGE)
        return False
    except ValidationError as error:
        _errors(request, error)
        return True
    messages.success(request, "De visie is opgeslagen.")
    return True


@requires("kader.edit")
@require_POST
def activity(request: HttpRequest, pk: UUID) -> HttpResponse:
    activiteit = (
        StapActiviteit.objects.visible_to(request.membership)  # type: ignore[attr-defined]
        .select_related("versie")
        .filter(pk=pk)
        .first()
    )
    if activiteit is None:
        raise Http404
    form = ActiviteitForm(request.POST, prefix=str(activiteit.pk))

    def save(data: dict[str, Any]) -> str:
        services.mark_activity(activiteit=activiteit, by=request.user, on=data["gedaan_op"], note=data["notitie"])
        return "De activiteit is bijgewerkt."

    _save(request, form, save)
    return redirect("kader:step", pk=activiteit.versie.pk, stap=activiteit.stap)


def _save(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], str]) -> None:
    """Validate a small inline form and save it through a service; report the outcome as messages.

    ``save`` gets the cleaned data and returns the success message. Bad input, a refusal of the
    service and a stale version each become a Dutch error message; nothing is stored then.
    """
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
        return
    try:
        messages.success(request, save(form.cleaned_data))
    except ValidationError as error:
        _errors(request, error)
    except StaleVersionError:
        messages.error(request, str(STALE_MESSAGE))


@requires("kader.edit")
@require_POST
def doel_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    form = DoelForm(request.POST)

    def save(data: dict[str, Any]) -> str:
        doel = services.add_doel(versie=versie, by=request.user, **form.changes())
        return f"Het doel “{doel.titel}” is toegevoegd."

    _save(request, form, save)
    return redirect("kader:step", pk=versie.pk, stap="doelen")


@requires("kader.edit")
@require_POST
def doel_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    doel = Doel.objects.visible_to(request.membership).select_related("versie").filter(pk=pk).first()  # type: ignore[attr-defined]
    if doel is None:
        raise Http404
    form = DoelForm(request.POST, doel=doel)

    def save(data: dict[str, Any]) -> str:
        services.edit_doel(doel=doel, by=request.user, expected_version=data["version"], **form.changes())
        return f"Het doel “{doel.titel}” is opgeslagen."

    _save(request, form, save)
    return redirect("kader:step", pk=doel.versie.pk, stap="doelen")


@requires("kader.edit")
@require_POST
def punt_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    form = UitgangspuntForm(request.POST, doelen=list(Doel.objects.of(versie)))

    def save(data: dict[str, Any]) -> str:
        services.add_uitgangspunt(versie=versie, by=request.user, **form.changes())
        return "Het uitgangspunt is toegevoegd."

    _save(request, form, save)
    return redirect("kader:step", pk=versie.pk, stap="uitgangspunten")


@requires("kader.edit")
@require_POST
def punt_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    punten = Uitgangspunt.objects.visible_to(request.membership)  # type: ignore[attr-defined]
    punt = punten.select_related("versie").filter(pk=pk).first()
    if punt is None:
        raise Http404
    form = UitgangspuntForm(request.POST, doelen=list(Doel.objects.of(punt.versie)), punt=punt)

    def save(data: dict[str, Any]) -> str:
        services.edit_uitgangspunt(punt=punt, by=request.user, expected_version=data["version"], **form.changes())
        return "Het uitgangspunt is opgeslagen."

    _save(request, form, save)
    return redirect("kader:step", pk=punt.versie.pk, stap="uitgangspunten")


@requires("kader.edit")
@require_POST
def adopt_example(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    try:
        services.adopt_example(
            versie=versie, by=request.user, part=request.POST.get("part", ""), example=request.POST.get("example", "")
        )
        messages.success(request, "Het voorbeeld is overgenomen. Pas het aan naar de eigen situatie.")
    except ValidationError as error:
        _errors(request, error)
    return redirect("kader:step", pk=versie.pk, stap="visie")


@requires("kader.edit")
@require_POST
def new_version(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    try:
        nieuw = services.new_version(from_version=versie, by=request.user)
        messages.success(request, f"Versie {nieuw.nummer} is als concept begonnen.")
    except ValidationError as error:
        _errors(request, error)
    return redirect("kader:overview")


@requires("kader.edit")
@require_POST
def submit(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    try:
        services.submit_for_decision(versie=versie, by=request.user)
    except ValidationError as error:
        return _render_overview(request, missing=error.messages)
    messages.success(request, f"Versie {versie.nummer} ligt nu ter besluitvorming.")
    return redirect("kader:overview")


@requires("kader.adopt")
def adopt(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    form = VaststellenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adopt(
                versie=versie,
                on=data["vastgesteld_op"],
                body=data["vastgesteld_door"],
                reference=data["besluitkenmerk"],
                by=request.user,
            )
            messages.success(request, f"Versie {versie.nummer} is vastgesteld.")
            return redirect("kader:overview")
        except ValidationError as error:
            form.add_error(None, error.messages)
    context = {"versie": versie, "form": form, "breadcrumbs": _crumbs((f"Versie {versie.nummer} vaststellen", None))}
    return render(request, "kader/kaderversie_adopt.html", context)


@requires("kader.view")
def compare(request: HttpRequest) -> HttpResponse:
    # 1 query: every version; with a valid choice, per version 7 part queries (services.compare)
    versies = list(KaderVersie.objects.visible_to(request.membership))  # type: ignore[attr-defined]
    form = VergelijkForm(request.GET or None, versies=versies)
    rows = None
    if form.is_bound and form.is_valid():
        by_pk = {str(v.pk): v for v in versies}
        van, naar = by_pk[form.cleaned_data["van"]], by_pk[form.cleaned_data["naar"]]
        rows = diff_rows(services.compare(van, naar))
    context = {"form": form, "rows": rows, "breadcrumbs": _crumbs(("Versies vergelijken", None))}
    return render(request, "kader/kaderversie_compare.html", context)


def _fmt(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def diff_rows(diff: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """Flatten :func:`kader.services.compare` into table rows: part, item, before, after."""
    rows = []
    for part, entry in diff.items():
        label = COMPARE_LABELS.get(part, part)
        if "voor" in entry:
            rows.append({"onderdeel": label, "wat": "", "voor": _fmt(entry["voor"]), "na": _fmt(entry["na"])})
            continue
        for ident in entry["toegevoegd"]:
            rows.append({"onderdeel": label, "wat": _fmt(ident), "voor": "—", "na": "toegevoegd"})
        for ident in entry["verwijderd"]:
            rows.append({"onderdeel": label, "wat": _fmt(ident), "voor": "verwijderd", "na": "—"})
        for ident, fields in entry["gewijzigd"].items():
            for name, (voor, na) in fields.items():
                wat = f"{_fmt(ident)}: {name.replace('_', ' ')}"
                rows.append({"onderdeel": label, "wat": wat, "voor": _fmt(voor), "na": _fmt(na)})
    return rows
