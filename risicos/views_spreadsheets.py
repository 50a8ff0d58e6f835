"""Pages of the register's spreadsheets: export a list (with its filters), import a file with a preview.

Thin views over ``risicos.spreadsheets``: the export takes the list page's own FilterSet; the
import service decides who may import, checks the file at once or in the background, and stores
it only when the preview is confirmed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.errors import StateConflict
from lib.forms import NldsFormMixin
from lib.pagination import page_of
from lib.permissions import requires

from .filters import MaatregelFilter, RisicoFilter
from .models import Bedrijfsmiddel, Maatregel, Matrix, Risico
from .spreadsheets import export as exporting
from .spreadsheets import imports
from .spreadsheets.columns import REGISTERS, Register
from .spreadsheets.models import Registerimport
from .spreadsheets.reading import MAX_BYTES, MAX_ROWS
from .views import crumbs

REFUSALS = (ValidationError, PermissionDenied, StateConflict)
PREVIEW_ROWS = 100


def _register(key: str) -> Register:
    found = REGISTERS.get(key)
    if found is None:
        raise Http404
    return found


def _filtered(request: AuthenticatedHttpRequest, register: Register) -> list[Any] | None:
    """The list page's rows with its filters; None while a filter is invalid (the page shows why)."""
    member = request.membership
    filters: Any
    found: Any
    if register.key == "risicos":
        matrix = Matrix.objects.visible_to(member).filter(status="actueel").first()
        if matrix is None:
            return None
        found = Risico.objects.visible_to(member).select_related("eigenaar__user")
        filters = RisicoFilter(request.GET or None, queryset=found, request=request, matrix=matrix)
    elif register.key == "maatregelen":
        found = Maatregel.objects.visible_to(member).select_related("eigenaar__user")
        filters = MaatregelFilter(request.GET or None, queryset=found, request=request)
    else:
        return list(Bedrijfsmiddel.objects.visible_to(member).order_by("naam", "pk"))
    if filters.is_bound and not filters.is_valid():
        return None
    return list(filters.filtered())


@requires("risicos.view")
def export(request: AuthenticatedHttpRequest, register: str, formaat: str) -> HttpResponse:
    """The list as .xlsx or CSV (one URL each), with the filters of its page (the same query string)."""
    found = _register(register)
    if formaat not in exporting.FORMATS:
        raise Http404
    rows = _filtered(request, found)
    if rows is None:  # an invalid filter or a register not started: the list page says why
        query = request.GET.urlencode()
        return redirect(reverse(found.lijst) + (f"?{query}" if query else ""))
    return exporting.download(request, found, rows, formaat)


class UploadForm(NldsFormMixin, forms.Form):
    bestand = forms.FileField(
        label="Bestand",
        help_text=(
            f"Een .xlsx- of CSV-bestand met de kopregel van de export, hoogstens {MAX_BYTES // 2**20} MB en "
            f"{MAX_ROWS:,} rijen.".replace(",", ".")
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_bestand(self) -> Any:
        upload = self.cleaned_data["bestand"]
        if upload.size > MAX_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(f"Het bestand is groter dan {MAX_BYTES // 2**20} MB.")
        return upload


@requires("risicos.edit")
def import_start(request: AuthenticatedHttpRequest, register: str) -> HttpResponse:
    """Upload a file; a small one is checked at once, a big one in the background."""
    found = _register(register)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bestand"]
        try:
            imp = imports.start(by=request.membership, register=found.key, bestandsnaam=upload.name, data=upload.read())
            return redirect(imp.taak.get_absolute_url() if imp.taak_id and imp.taak else imp.get_absolute_url())
        except REFUSALS as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
    recent = Registerimport.objects.visible_to(request.membership).filter(register=found.key).defer("bestand")[:5]
    context = {
        "register": found,
        "form": form,
        "recent": recent,
        "breadcrumbs": crumbs((found.titel, reverse(found.lijst)), ("Importeren", None)),
    }
    return render(request, "risicos/import_start.html", context, status=400 if form.errors else 200)


def _import(request: AuthenticatedHttpRequest, pk: UUID) -> Registerimport:
    found = Registerimport.objects.visible_to(request.membership).defer("bestand").select_related("taak")
    return get_object_or_404(found, pk=pk)


@requires("risicos.edit")
def import_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The preview: every row that is new, changed or wrong, errors first."""
    imp = _import(request, pk)
    register = REGISTERS[imp.register]
    preview = imp.voorbeeld or {}
    regels = sorted(preview.get("regels", []), key=lambda r: (r["soort"] != "fout", r["rij"]))
    import_url = reverse(f"risicos:{register.key}_import")
    context = {
        "imp": imp,
        "register": register,
        "preview": preview,
        "page": page_of(request, regels, PREVIEW_ROWS),
        "import_url": import_url,
        "breadcrumbs": crumbs(
            (register.titel, reverse(register.lijst)),
            ("Importeren", import_url),
            (str(imp), None),
        ),
    }
    return render(request, "risicos/import_detail.html", context)


@requires("risicos.edit")
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    imp = _import(request, pk)
    try:
        imp = imports.confirm(by=request.membership, imp=imp)
    except REFUSALS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(imp.get_absolute_url())
    if imp.status == "opslaan" and imp.taak_id and imp.taak:
        return redirect(imp.taak.get_absolute_url())
    preview = imp.voorbeeld or {}
    messages.success(request, f"Opgeslagen: {preview.get('nieuw', 0)} nieuw, {preview.get('gewijzigd', 0)} gewijzigd.")
    return redirect(REGISTERS[imp.register].lijst)


@requires("risicos.edit")
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    imp = _import(request, pk)
    register = imp.register
    try:
        imports.cancel(by=request.membership, imp=imp)
    except REFUSALS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(imp.get_absolute_url())
    messages.success(request, "De import is weggegooid; er is niets opgeslagen.")
    return redirect(f"risicos:{register}_import")
