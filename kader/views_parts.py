"""Adding, changing and deleting the rows of a part of the kader (groups, plans, laws, goals, …).

With htmx the step page changes in place: a row turns into its form, a saved row comes back as a
row, the add form's list is replaced by the list with the new row. Without JavaScript every link
and form works as a page of its own (post/redirect/get). The services decide who may; these views
only show a refusal before the user starts typing.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.errors import StateConflict
from lib.forms import save_form
from lib.permissions import requires

from . import content, pages, services
from .forms import PartForm, part_form
from .models import PARTS_BY_SLUG, KaderOnderdeel, KaderVersie

PARTIALS = "kader/_onderdeel.html"


def _model(slug: str, *, adding: bool = False, deleting: bool = False) -> type[KaderOnderdeel]:
    """The part named in the URL; a part to which nothing is added (or deleted) has no such page."""
    model = PARTS_BY_SLUG.get(slug)
    if model is None or (adding and not model.can_add) or (deleting and not model.can_delete):
        raise Http404
    return model


def _row(request: AuthenticatedHttpRequest, model: type[KaderOnderdeel], pk: UUID) -> Any:
    queryset = model.objects.visible_to(request.membership).select_related("versie")
    return get_object_or_404(queryset.defer("bestand") if model.slug == "deelplannen" else queryset, pk=pk)


def _refusal(request: AuthenticatedHttpRequest, obj: Any, *, deleting: bool = False) -> str | None:
    """Why this member cannot change (or delete) the row, or None; the services refuse it anyway."""
    try:
        obj.versie.ensure_concept()
        if not services.may_change_theme(request.membership, obj.owner_theme()):
            return services.NOT_YOUR_THEME
        if deleting:
            obj.check_deletable()
    except StateConflict as error:
        return error.message
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _fragment(request: AuthenticatedHttpRequest, partial: str, context: dict[str, Any]) -> HttpResponse:
    """A piece of the step page for htmx, with the messages swapped into the page's message area."""
    return render(request, f"{PARTIALS}#{partial}", {**context, "oob": True})


def _row_context(request: AuthenticatedHttpRequest, obj: Any) -> dict[str, Any]:
    return {"row": pages.row_of(obj, pages.editor(request.membership, obj.versie))}


def _back(obj: Any) -> str:
    return pages.step_url(obj.versie_id, obj.step, f"{obj.slug}-{obj.pk}")


def _form(
    model: type[KaderOnderdeel], versie: KaderVersie, request: AuthenticatedHttpRequest, obj: Any = None
) -> PartForm:
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    return part_form(model)(*data, obj=obj, **pages.form_kwargs(model, versie))


@requires("kader.edit")
@require_POST
def part_add(request: AuthenticatedHttpRequest, pk: UUID, part: str) -> HttpResponse:
    model = _model(part, adding=True)
    versie = get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=pk)
    try:
        versie.ensure_concept()  # the service refuses it too; here the page says so instead of a form
    except StateConflict as error:
        messages.error(request, error.message)
        return _fragment(request, "verwijderd", {}) if request.htmx else redirect(pages.step_url(versie.pk, model.step))
    form = _form(model, versie, request)

    def save(data: dict[str, Any]) -> str:
        obj = services.add_part(by=request.membership, versie=versie, model=model, **form.changes(), **form.upload())
        return f"{model.label().capitalize()} “{obj}” is toegevoegd."

    message = save_form(form, save)
    if message is not None:
        messages.success(request, message)
    if request.htmx:
        member = pages.editor(request.membership, versie)
        deel = pages.part(model, versie, member, nieuw=None if message else form)
        return _fragment(request, "deel", {"deel": deel, "versie": versie})
    if message is None:
        context = pages.step_context(request.membership, versie, model.step, bound={model.slug: form})
        return render(request, f"kader/stap_{model.step}.html", context)
    return redirect(pages.step_url(versie.pk, model.step, f"deel-{model.slug}"))


@requires("kader.edit")
def part_edit(request: AuthenticatedHttpRequest, part: str, pk: UUID) -> HttpResponse:
    """The form of one row (in place with htmx, else a page of its own), and saving it."""
    model = _model(part)
    obj = _row(request, model, pk)
    refusal = _refusal(request, obj)
    form = None if refusal else _form(model, obj.versie, request, obj)
    if request.method == "POST" and form is not None:

        def save(data: dict[str, Any]) -> str:
            changes = {**form.changes(), **form.upload()}
            services.edit_part(by=request.membership, obj=obj, expected_version=data["version"], **changes)
            return f"{model.label().capitalize()} “{obj}” is opgeslagen."

        message = save_form(form, save, current=lambda: _row(request, model, pk))
        if message is not None:
            messages.success(request, message)
            return _fragment(request, "rij", _row_context(request, obj)) if request.htmx else redirect(_back(obj))
    elif request.method == "POST":
        messages.error(request, str(refusal))
        return _fragment(request, "rij", _row_context(request, obj)) if request.htmx else redirect(_back(obj))
    naam = model._meta.verbose_name
    context = {"obj": obj, "form": form, "refusal": refusal, "back": _back(obj), "label": model.label(), "naam": naam}
    if request.htmx:
        return _fragment(request, "rij-bewerken", context)
    stap = content.STAP_BY_KEY[model.step].titel
    context["breadcrumbs"] = pages.crumbs((f"Versie {obj.versie.nummer}: {stap}", _back(obj)), ("Wijzigen", None))
    context["error_focus"] = form is not None and form.is_bound and bool(form.errors)
    return render(request, "kader/onderdeel_edit.html", context)


@requires("kader.view")
def part_row(request: AuthenticatedHttpRequest, part: str, pk: UUID) -> HttpResponse:
    """One row as the step page shows it (htmx: after cancelling its form), else back to the page."""
    obj = _row(request, _model(part), pk)
    return _fragment(request, "rij", _row_context(request, obj)) if request.htmx else redirect(_back(obj))


@requires("kader.edit")
def part_delete(request: AuthenticatedHttpRequest, part: str, pk: UUID) -> HttpResponse:
    """Confirmation (GET; in place with htmx) and the deletion itself (POST) of one row."""
    model = _model(part, deleting=True)
    obj = _row(request, model, pk)
    if request.method == "POST":
        try:
            services.delete_part(by=request.membership, obj=obj, expected_version=int(request.POST.get("version", "")))
        except ValueError:
            messages.error(request, "Het verzoek mist de versie van het onderdeel; probeer het opnieuw.")
        except (ValidationError, PermissionDenied, StateConflict) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        except StaleVersionError:
            messages.error(request, str(STALE_MESSAGE))
        else:
            messages.success(request, f"{model.label().capitalize()} “{obj}” is verwijderd.")
            return _fragment(request, "verwijderd", {}) if request.htmx else redirect(_back(obj).split("#")[0])
        return _fragment(request, "rij", _row_context(request, obj)) if request.htmx else redirect(_back(obj))
    refusal = _refusal(request, obj, deleting=True)
    naam = model._meta.verbose_name
    context = {"obj": obj, "label": model.label(), "naam": naam, "back": _back(obj), "refusal": refusal}
    if request.htmx:
        return _fragment(request, "rij-verwijderen", context)
    stap = content.STAP_BY_KEY[model.step].titel
    context["breadcrumbs"] = pages.crumbs((f"Versie {obj.versie.nummer}: {stap}", _back(obj)), ("Verwijderen", None))
    return render(request, "kader/onderdeel_delete.html", context)
