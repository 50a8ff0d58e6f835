"""HTML pages of the strategisch kader: thin views over kader.services."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.permissions import has, requires

from . import content, services
from .forms import (
    ActiviteitForm,
    DoelForm,
    GovernanceForm,
    PartForm,
    ScopeForm,
    UitgangspuntForm,
    VaststellenForm,
    VergelijkForm,
    VisieForm,
)
from .models import (
    COMPARE_LABELS,
    Bedrijfsmiddel,
    Deelplan,
    DeelplanThema,
    Doel,
    Fase,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    StapActiviteit,
    Status,
    Uitgangspunt,
    UitgangspuntGroep,
    Verantwoordelijkheid,
    WetOfNorm,
    WetThema,
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
        "can_template": has(request, "kader.template"),
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


# The single-valued form of a step page (posted to the step page itself) and its success message.
STEP_FORMS: dict[str, tuple[type[Any], str]] = {
    "visie": (VisieForm, "De visie is opgeslagen."),
    "scope": (ScopeForm, "De bedrijfsmiddelen binnen de scope zijn opgeslagen."),
    "kwaliteitssysteem": (GovernanceForm, "De governance is opgeslagen."),
}
# The step page on which each multi-valued part is edited.
PART_STEP = {
    "mensgroepen": "scope",
    "deelplannen": "scope",
    "wetten": "scope",
    "doelen": "doelen",
    "uitgangspunten": "uitgangspunten",
    "pdca": "kwaliteitssysteem",
    "verantwoordelijkheden": "kwaliteitssysteem",
}


def _rows(part: str, objs: list[Any], editor: Any, bound: dict[str, Any]) -> dict[str, Any]:
    """The rows of a part, which of them the editor may change, and the form to add a row.

    ``editor`` is the membership of whoever may edit the page (None: read only); a thema-eigenaar
    may change only the rows of their own themes. A bound add form with errors replaces the empty one.
    """
    rows = [
        {
            "obj": obj,
            "can_change": editor is not None and services.theme_allowed(editor, part, getattr(obj, "thema", None)),
        }
        for obj in objs
    ]
    nieuw = None
    if editor is not None and services.PART_SPECS[part].can_add:
        nieuw = bound.get(f"nieuw-{part}") or PartForm(part=part)
    return {"part": part, "rows": rows, "nieuw": nieuw, "label": services.PART_SPECS[part].label}


def _matrix(verantwoordelijkheden: list[Verantwoordelijkheid]) -> dict[str, Any]:
    """The responsibility matrix: activities as rows, roles as columns, the aard in each cell."""
    rollen = sorted({v.rol for v in verantwoordelijkheden})
    activiteiten = sorted({v.activiteit for v in verantwoordelijkheden})
    cell = {(v.activiteit, v.rol): v.aard for v in verantwoordelijkheden}
    return {
        "rollen": rollen,
        "regels": [{"activiteit": a, "cellen": [cell.get((a, r), "") for r in rollen]} for a in activiteiten],
    }


def _step_content(versie: KaderVersie, stap: str, editor: Any, bound: dict[str, Any]) -> dict[str, Any]:
    """The content of a step with its edit forms (``editor``: the editing membership or None)."""
    if stap == "scope":
        deelplannen = Deelplan.objects.of(versie).defer("bestand")
        wetten = _rows("wetten", list(WetOfNorm.objects.of(versie).order_by("thema", "volgorde")), editor, bound)
        return {
            "bedrijfsmiddelen": [Bedrijfsmiddel(value).label for value in versie.bedrijfsmiddelen],
            "mensgroepen": _rows("mensgroepen", list(Mensgroep.objects.of(versie)), editor, bound),
            "deelplannen": _rows("deelplannen", list(deelplannen), editor, bound),
            "wetten": wetten,
            "voorbeeld_deelplannen": [
                (thema, DeelplanThema(thema).label, titel) for thema, titel in content.VOORBEELD_DEELPLANNEN
            ],
            "wetten_per_thema": [
                {
                    "thema": WetThema(thema).label,
                    "deel": {**wetten, "nieuw": None, "rows": [r for r in wetten["rows"] if r["obj"].thema == thema]},
                }
                for thema in WetThema.values
                if any(r["obj"].thema == thema for r in wetten["rows"])
            ],
        }
    if stap == "doelen":
        doelen = list(Doel.objects.of(versie))
        return {"doelen": doelen, "nieuw_doel": bound.get("nieuw-doelen") or DoelForm()}
    if stap == "uitgangspunten":
        punten = Uitgangspunt.objects.of(versie).prefetch_related("doelen").order_by("groep", "volgorde")
        doelen = list(Doel.objects.of(versie))
        return {
            "uitgangspunten": list(punten),
            "nieuw_punt": bound.get("nieuw-uitgangspunten") or UitgangspuntForm(doelen=doelen),
            "voorbeelden": [
                (groep, UitgangspuntGroep(groep).label, [tekst for tekst, _doelen in items])
                for groep, items in content.VOORBEELD_UITGANGSPUNTEN.items()
            ],
            "gaten": services.gaps(versie),
        }
    if stap == "kwaliteitssysteem":
        verantwoordelijkheden = list(Verantwoordelijkheid.objects.of(versie))
        return {
            "pdca": _rows("pdca", list(PdcaFase.objects.of(versie)), editor, bound),
            "verantwoordelijkheden": _rows("verantwoordelijkheden", verantwoordelijkheden, editor, bound),
            "matrix": _matrix(verantwoordelijkheden),
            "governance_voorbeelden": list(content.GOVERNANCE.items()),
            "voorbeeld_pdca": [(Fase(f).label, *rest) for f, rest in content.VOORBEELD_PDCA.items()],
            "voorbeeld_matrix": content.VOORBEELD_VERANTWOORDELIJKHEDEN,
        }
    return {
        "voorbeelden": [
            (key, VOORBEELD_TITELS.get(key, key), tekst) for key, tekst in content.VOORBEELDEN_VISIE.items()
        ]
    }


def _render_step(
    request: HttpRequest, versie: KaderVersie, stap: str, *, form: Any = None, bound: dict[str, Any] | None = None
) -> HttpResponse:
    can_edit = has(request, "kader.edit") and not versie.is_frozen
    editing = can_edit and versie.is_concept
    if form is None and stap in STEP_FORMS and editing:
        form = STEP_FORMS[stap][0](instance=versie)
    teksten = dict(content.STAP_BY_KEY[stap].activiteiten)
    activiteiten = StapActiviteit.objects.of(versie).filter(stap=stap).select_related("gedaan_door")
    context = {
        "versie": versie,
        "stap": content.STAP_BY_KEY[stap],
        "stappen": content.STAPPEN,
        "begrippen": content.begrippen(stap),
        "activiteiten": [{"obj": a, "tekst": teksten.get(a.sleutel, a.sleutel)} for a in activiteiten],
        "form": form if editing else None,
        "can_mark": can_edit,
        "can_edit": editing,
        "breadcrumbs": _crumbs((f"Versie {versie.nummer}: {content.STAP_BY_KEY[stap].titel}", None)),
        **_step_content(versie, stap, request.membership if editing else None, bound or {}),  # type: ignore[attr-defined]
    }
    return render(request, f"kader/stap_{stap}.html", context)


@requires("kader.view")
def step(request: HttpRequest, pk: UUID, stap: str) -> HttpResponse:
    if stap not in content.STAP_BY_KEY:
        raise Http404
    versie = _versie_or_404(request, pk)
    if request.method != "POST":
        return _render_step(request, versie, stap)
    if stap not in STEP_FORMS:
        return HttpResponseNotAllowed(["GET"])
    if not has(request, "kader.edit"):
        raise PermissionDenied
    form_class, success = STEP_FORMS[stap]
    form = form_class(request.POST, instance=copy.copy(versie))  # the page keeps the stored values

    def save(data: dict[str, Any]) -> str:
        fields = {name: data[name] for name in form_class.Meta.fields}
        services.edit(versie=versie, by=request.user, expected_version=data["version"], **fields)
        return success

    message = _apply(form, save)
    if message is None and versie.is_concept:
        return _render_step(request, versie, stap, form=form)
    return _finish(request, versie, stap, form, message)


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

    return _finish(request, activiteit.versie, activiteit.stap, form, _apply(form, save))


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form: at the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [str(m) for e in errors for m in e.messages])
    else:
        form.add_error(None, error.messages)


def _apply(form: Any, save: Callable[[dict[str, Any]], str]) -> str | None:
    """Validate a form and save it through a service: the success message, or None with errors on the form.

    Bad input, a refusal of the service and a stale version each become a Dutch error on the
    form; the savepoint makes sure nothing of a refused save is stored.
    """
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return save(form.cleaned_data)
    except ValidationError as error:
        _add_errors(form, error)
    except StaleVersionError:
        form.add_error(None, STALE_MESSAGE)
    return None


def _respond(
    request: HttpRequest, versie: KaderVersie, stap: str, key: str, form: Any, save: Callable[[dict[str, Any]], str]
) -> HttpResponse:
    """Save an inline form of a step page; on errors show the page again with this form and its errors."""
    message = _apply(form, save)
    if message is None and versie.is_concept:
        return _render_step(request, versie, stap, bound={key: form})
    return _finish(request, versie, stap, form, message)


def _finish(request: HttpRequest, versie: KaderVersie, stap: str, form: Any, message: str | None) -> HttpResponse:
    """Back to the step page with the outcome as a message (a refused form's errors as messages)."""
    if message is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("kader:step", pk=versie.pk, stap=stap)


@requires("kader.edit")
@require_POST
def doel_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    form = DoelForm(request.POST)

    def save(data: dict[str, Any]) -> str:
        doel = services.add_doel(versie=versie, by=request.user, **form.changes())
        return f"Het doel “{doel.titel}” is toegevoegd."

    return _respond(request, versie, "doelen", "nieuw-doelen", form, save)


THEME_REFUSAL = "Dit hoort bij een thema waarvan u geen eigenaar bent; de coördinator of de eigenaar van dat thema kan het wijzigen."


def _edit_page(
    request: HttpRequest,
    obj: Any,
    *,
    part: str,
    label: str,
    make_form: Callable[..., Any],
    save: Callable[[Any, dict[str, Any]], str],
) -> HttpResponse:
    """The edit page of one row of a part (GET), and saving it (POST).

    ``make_form(data, files)`` builds the form; ``save(form, cleaned_data)`` saves it through a
    service and returns the success message. Errors keep the page open with the form and its
    errors; a version that is no concept or a theme the member does not own is refused.
    """
    stap = PART_STEP[part]
    back = reverse("kader:step", kwargs={"pk": obj.versie.pk, "stap": stap}) + f"#{part}-{obj.pk}"
    refusal = None
    if not obj.versie.is_concept:
        refusal = services.NOT_CONCEPT
    elif not services.theme_allowed(request.membership, part, getattr(obj, "thema", None)):  # type: ignore[attr-defined]
        refusal = THEME_REFUSAL
    if request.method == "POST":
        if refusal is not None:
            messages.error(request, refusal)
            return redirect(back)
        form = make_form(request.POST, request.FILES)
        message = _apply(form, lambda data: save(form, data))
        if message is not None:
            messages.success(request, message)
            return redirect(back)
    else:
        form = make_form(None, None)
    context = {
        "obj": obj,
        "label": label,
        "form": form if refusal is None else None,
        "refusal": refusal,
        "back": back,
        "multipart": part == "deelplannen",
        "breadcrumbs": _crumbs(
            (f"Versie {obj.versie.nummer}: {content.STAP_BY_KEY[stap].titel}", back), ("Wijzigen", None)
        ),
    }
    return render(request, "kader/onderdeel_edit.html", context)


@requires("kader.edit")
def doel_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    doel = Doel.objects.visible_to(request.membership).select_related("versie").filter(pk=pk).first()  # type: ignore[attr-defined]
    if doel is None:
        raise Http404

    def save(form: Any, data: dict[str, Any]) -> str:
        services.edit_doel(doel=doel, by=request.user, expected_version=data["version"], **form.changes())
        return f"Het doel “{doel.titel}” is opgeslagen."

    return _edit_page(
        request,
        doel,
        part="doelen",
        label="het beveiligingsdoel",
        make_form=lambda data, _files: DoelForm(data, doel=doel),
        save=save,
    )


@requires("kader.edit")
@require_POST
def punt_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    form = UitgangspuntForm(request.POST, doelen=list(Doel.objects.of(versie)))

    def save(data: dict[str, Any]) -> str:
        services.add_uitgangspunt(versie=versie, by=request.user, **form.changes())
        return "Het uitgangspunt is toegevoegd."

    return _respond(request, versie, "uitgangspunten", "nieuw-uitgangspunten", form, save)


@requires("kader.edit")
def punt_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    punten = Uitgangspunt.objects.visible_to(request.membership).prefetch_related("doelen")  # type: ignore[attr-defined]
    punt = punten.select_related("versie").filter(pk=pk).first()
    if punt is None:
        raise Http404
    doelen = list(Doel.objects.of(punt.versie))
    linked = [d.pk for d in punt.doelen.all()]

    def save(form: Any, data: dict[str, Any]) -> str:
        services.edit_uitgangspunt(punt=punt, by=request.user, expected_version=data["version"], **form.changes())
        return "Het uitgangspunt is opgeslagen."

    return _edit_page(
        request,
        punt,
        part="uitgangspunten",
        label="het uitgangspunt",
        make_form=lambda data, _files: UitgangspuntForm(data, doelen=doelen, punt=punt, linked=linked),
        save=save,
    )


def _spec_or_404(part: str, *, adding: bool = False, deleting: bool = False) -> services.PartSpec:
    spec = services.PART_SPECS.get(part)
    if spec is None or (adding and not spec.can_add) or (deleting and not spec.can_delete):
        raise Http404
    return spec


def _part_or_404(request: HttpRequest, spec: services.PartSpec, pk: UUID) -> Any:
    rows = spec.model.objects.visible_to(request.membership)  # type: ignore[attr-defined]
    if spec.model is Deelplan:
        rows = rows.defer("bestand")
    obj = rows.select_related("versie").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _plan_upload(data: dict[str, Any]) -> dict[str, Any]:
    """The uploaded plan of a deelplan form as service arguments."""
    upload = data.get("bestand")
    return {"bestand": (upload.name, upload.read())} if upload is not None else {}


@requires("kader.edit")
@require_POST
def part_add(request: HttpRequest, pk: UUID, part: str) -> HttpResponse:
    spec = _spec_or_404(part, adding=True)
    versie = _versie_or_404(request, pk)
    form = PartForm(request.POST, request.FILES, part=part)

    def save(data: dict[str, Any]) -> str:
        services.check_theme(request.membership, part, data.get("thema"))  # type: ignore[attr-defined]
        obj = services.add_part(part=part, versie=versie, by=request.user, **form.changes(), **_plan_upload(data))
        return f"{spec.label.capitalize()} “{obj}” is toegevoegd."

    return _respond(request, versie, PART_STEP[part], f"nieuw-{part}", form, save)


@requires("kader.edit")
def part_edit(request: HttpRequest, part: str, pk: UUID) -> HttpResponse:
    spec = _spec_or_404(part)
    if not spec.fields:
        raise Http404  # goals and uitgangspunten have their own edit pages
    obj = _part_or_404(request, spec, pk)

    def save(form: Any, data: dict[str, Any]) -> str:
        services.check_theme(request.membership, part, getattr(obj, "thema", None), data.get("thema"))  # type: ignore[attr-defined]
        extra = _plan_upload(data)
        if data.get("bestand_verwijderen") and not extra:
            extra["bestand_verwijderen"] = True
        services.edit_part(
            part=part, obj=obj, by=request.user, expected_version=data["version"], **form.changes(), **extra
        )
        return f"{spec.label.capitalize()} “{obj}” is opgeslagen."

    return _edit_page(
        request,
        obj,
        part=part,
        label=spec.label,
        make_form=lambda data, files: PartForm(data, files, part=part, obj=obj),
        save=save,
    )


@requires("kader.edit")
def part_delete(request: HttpRequest, part: str, pk: UUID) -> HttpResponse:
    """Confirmation page (GET) and the deletion itself (POST) of one row of a part."""
    spec = _spec_or_404(part, deleting=True)
    obj = _part_or_404(request, spec, pk)
    stap = PART_STEP[part]
    back = reverse("kader:step", kwargs={"pk": obj.versie.pk, "stap": stap})
    if request.method == "POST":
        try:
            services.check_theme(request.membership, part, getattr(obj, "thema", None))  # type: ignore[attr-defined]
            version = int(request.POST.get("version", ""))
            services.delete_part(part=part, obj=obj, by=request.user, expected_version=version)
        except ValueError:
            messages.error(request, "Het verzoek mist de versie van het onderdeel; probeer het opnieuw.")
        except ValidationError as error:
            _errors(request, error)
        except StaleVersionError:
            messages.error(request, str(STALE_MESSAGE))
        else:
            messages.success(request, f"{spec.label.capitalize()} “{obj}” is verwijderd.")
        return redirect(back)
    refusal = None
    if not obj.versie.is_concept:
        refusal = services.NOT_CONCEPT
    elif not services.theme_allowed(request.membership, part, getattr(obj, "thema", None)):  # type: ignore[attr-defined]
        refusal = (
            "Dit hoort bij een thema waarvan u geen eigenaar bent; de coördinator of de eigenaar kan het verwijderen."
        )
    elif isinstance(obj, Doel) and obj.sleutel:
        refusal = "Een doel uit de startset verwijdert u niet; markeer het als niet relevant voor de gemeente."
    context = {
        "obj": obj,
        "label": spec.label,
        "back": back,
        "refusal": refusal,
        "breadcrumbs": _crumbs(
            (f"Versie {obj.versie.nummer}: {content.STAP_BY_KEY[stap].titel}", back), ("Verwijderen", None)
        ),
    }
    return render(request, "kader/onderdeel_delete.html", context)


@requires("kader.view")
def deelplan_file(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The plan stored with a deelplan, as a download."""
    deelplan = Deelplan.objects.visible_to(request.membership).filter(pk=pk, bestand__isnull=False).first()  # type: ignore[attr-defined]
    if deelplan is None:
        raise Http404
    response = HttpResponse(bytes(deelplan.bestand), content_type=deelplan.bestandstype)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=deelplan.bestandsnaam)
    return response


@requires("kader.adopt")
@require_POST
def send_back(request: HttpRequest, pk: UUID) -> HttpResponse:
    versie = _versie_or_404(request, pk)
    try:
        services.send_back(versie=versie, by=request.user)
        messages.success(request, f"Versie {versie.nummer} is teruggezet naar concept en kan weer worden bewerkt.")
    except ValidationError as error:
        _errors(request, error)
    return redirect("kader:overview")


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
    stap = "kwaliteitssysteem" if request.POST.get("part") == "governance_toelichting" else "visie"
    return redirect("kader:step", pk=versie.pk, stap=stap)


@requires("kader.edit")
@require_POST
def adopt_examples(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Adopt example rows: uitgangspunten of a group, a deelplan per theme, the PDCA cycle, the matrix."""
    versie = _versie_or_404(request, pk)
    part, key = request.POST.get("part", ""), request.POST.get("key", "")
    stap = PART_STEP.get(part, "visie")
    try:
        with transaction.atomic():
            if part == "uitgangspunten":
                added = len(services.adopt_example_uitgangspunten(versie=versie, by=request.user, groep=key))
            else:
                services.check_theme(request.membership, part, key)  # type: ignore[attr-defined]
                added = services.adopt_example_rows(versie=versie, by=request.user, part=part, key=key)
    except ValidationError as error:
        _errors(request, error)
    else:
        if added:
            messages.success(request, "Het voorbeeld is overgenomen. Pas het aan naar de eigen situatie.")
        else:
            messages.info(request, "Dit voorbeeld staat er al in; er is niets toegevoegd.")
    return redirect("kader:step", pk=versie.pk, stap=stap)


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
