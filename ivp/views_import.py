"""Pages of importing figures: upload a file or fetch from the open-data API, check the preview, store.

Thin views over ``ivp.imports``: the service decides who may import (a coördinator), reads the
file at once or in the background, and stores the figures only when the preview is confirmed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.errors import StateConflict
from lib.forms import NldsFormMixin
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import requires

from . import imports
from .importing import SKIP_REASONS
from .models import Analyseimport
from .opendata import TABELLEN

REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def _table_choices(empty: str | None) -> list[tuple[str, str]]:
    choices = [(key, f"{key} — {tabel.titel}") for key, tabel in TABELLEN.items()]
    return [("", empty), *choices] if empty else choices


class UploadForm(NldsFormMixin, forms.Form):
    bestand = forms.FileField(
        label="Bestand",
        help_text=(
            "Een tabel van de politie of het CBS zoals u die krijgt: de JSON van de open-data-API, de CSV-download "
            f"van dezelfde tabel, of de CSV-export van de StatLine-website. Hoogstens {imports.MAX_BYTES // 2**20} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,.txt,text/csv,application/json"}),
    )
    verwachte_tabel = forms.ChoiceField(
        label="Welke tabel is het?", required=False, choices=_table_choices("Laat Kapstok het herkennen")
    )

    def clean_bestand(self) -> Any:
        upload = self.cleaned_data["bestand"]
        if upload.size > imports.MAX_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(f"Het bestand is groter dan {imports.MAX_BYTES // 2**20} MB.")
        return upload


class FetchForm(NldsFormMixin, forms.Form):
    tabel = forms.ChoiceField(label="Tabel", choices=_table_choices(None))
    van = forms.IntegerField(label="Vanaf het jaar", min_value=2010, max_value=2100)
    tot = forms.IntegerField(label="Tot en met het jaar", min_value=2010, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="ophalen", **kwargs)
        year = timezone.localdate().year
        self.fields["van"].initial, self.fields["tot"].initial = year - 10, year - 1


def _report(request: AuthenticatedHttpRequest, form: forms.Form, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


@requires("ivp.edit")
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file (or fetch from the API); a small file is previewed at once."""
    upload = (
        UploadForm(request.POST or None, request.FILES or None) if "ophalen-tabel" not in request.POST else UploadForm()
    )
    fetch = FetchForm(request.POST if "ophalen-tabel" in request.POST else None)
    active = fetch if fetch.is_bound else upload
    if request.method == "POST" and active.is_valid():
        try:
            imp = _start(request, active)
            return redirect(imp.taak.get_absolute_url() if imp.taak_id and imp.taak else imp.get_absolute_url())
        except REFUSALS as error:
            _report(request, active, error)
    recent = Analyseimport.objects.visible_to(request.membership).defer("bestand")[:5]
    context = {"upload": upload, "fetch": fetch, "recent": recent, "breadcrumbs": _crumbs()}
    return render(request, "ivp/analyseimport_start.html", context, status=400 if active.errors else 200)


def _start(request: AuthenticatedHttpRequest, form: forms.Form) -> Analyseimport:
    data = form.cleaned_data
    if isinstance(form, FetchForm):
        return imports.start_fetch(by=request.membership, tabel=data["tabel"], van=data["van"], tot=data["tot"])
    upload = data["bestand"]
    return imports.start_upload(
        by=request.membership, bestandsnaam=upload.name, data=upload.read(), verwachte_tabel=data["verwachte_tabel"]
    )


def _import(request: AuthenticatedHttpRequest, pk: UUID) -> Analyseimport:
    queryset = Analyseimport.objects.visible_to(request.membership).defer("bestand").select_related("taak")
    return get_object_or_404(queryset, pk=pk)


@requires("ivp.edit")
def detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    imp = _import(request, pk)
    preview = imp.voorbeeld or {}
    skipped = [(SKIP_REASONS.get(key, key), count) for key, count in (preview.get("overgeslagen") or {}).items()]
    context = {"imp": imp, "preview": preview, "skipped": skipped, "breadcrumbs": _crumbs((str(imp), None))}
    return render(request, "ivp/analyseimport_detail.html", context)


@requires("ivp.edit")
@require_POST
def confirm(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    imp = _import(request, pk)
    try:
        imp = imports.confirm(by=request.membership, imp=imp)
    except REFUSALS as error:
        messages.error(request, getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)])))
        return redirect(imp.get_absolute_url())
    if imp.taak_id and imp.status == "opslaan" and imp.taak:
        return redirect(imp.taak.get_absolute_url())
    messages.success(request, f"De cijfers zijn opgeslagen ({(imp.voorbeeld or {}).get('bewaren', 0)} cijfers).")
    return redirect("ivp:analyse")


@requires("ivp.edit")
@require_POST
def cancel(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    imp = _import(request, pk)
    try:
        imports.cancel(by=request.membership, imp=imp)
        messages.success(request, "De import is weggegooid; er is niets opgeslagen.")
    except REFUSALS as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect(imp.get_absolute_url())
    return redirect("ivp:import")


def _crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(
        ("Veiligheidsanalyse", reverse("ivp:analyse")), ("Cijfers importeren", reverse("ivp:import")), *items
    )
