"""The kader as a document (Word, PDF) and the page of the gemeente's own Word template.

Rendering is the ``documents`` app: it raises a ``DocumentError`` subclass when a template or
render fails (shown as a message, told apart by type) and ``RenderBusy`` when every render slot
of the instance is taken (answered at once with the 503 page of ``documents.http.busy``).
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedHttpRequest
from documents import http, slots
from documents.errors import DocumentError, RenderBusy, TooCostly
from documents.pdf import PDF_TYPE
from documents.word import DOCX_TYPE, TEMPLATE_MAX_BYTES
from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.forms import NldsFormMixin
from lib.permissions import requires

from . import documents
from .models import KaderVersie
from .pages import crumbs

log = logging.getLogger(__name__)

DEFAULT_TEMPLATE_NAME = "kader-standaardsjabloon.docx"


class SjabloonForm(NldsFormMixin, forms.Form):
    """Upload of the gemeente's own Word template (checked by ``documents.upload_template``)."""

    bestand = forms.FileField(
        label=_("Nieuw sjabloon"),
        help_text=_(
            "Een Word-document (.docx) van hoogstens 5 MB dat alleen de velden uit de tabel op deze pagina gebruikt."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{DOCX_TYPE}"}),
    )
    # The version of the template the page showed (0: none); a different one now is a stale upload.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_bestand(self) -> Any:
        upload = self.cleaned_data["bestand"]
        if upload.size > TEMPLATE_MAX_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(_("Het sjabloon is groter dan 5 MB."))
        return upload


def _crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    home = [("Overzicht", reverse("dashboard:home")), ("Strategisch kader", reverse("kader:overview"))]
    return [{"label": label, "url": url} for label, url in [*home, *items]]


def _versie_or_404(request: AuthenticatedHttpRequest, pk: UUID) -> KaderVersie:
    versions = KaderVersie.objects.visible_to(request.membership).select_related("gemeente", "gebaseerd_op")
    return get_object_or_404(versions, pk=pk)


@requires("kader.view")
def document_docx(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The kader of one version as Word, on the gemeente's own template if it has one."""
    versie = _versie_or_404(request, pk)
    try:
        with slots.render_slot():  # first: when every slot is taken, the answer costs next to nothing
            own = documents.template_bytes_of(request.membership)
            data = documents.render_docx(versie, own[1] if own else None)
    except RenderBusy:
        return http.busy(request, back=reverse("kader:overview"))
    except DocumentError as error:
        which = "het eigen sjabloon van de gemeente" if own else "het standaardsjabloon"
        messages.error(
            request,
            f"Het Word-document kon niet worden gemaakt met {which}. {error.message} "
            "De coördinator kan het sjabloon aanpassen of verwijderen op de pagina ‘Word-sjabloon’.",
        )
        return redirect("kader:overview")
    return http.download(data, DOCX_TYPE, documents.document_filename(versie, "docx"))


@requires("kader.view")
def document_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The kader of one version as archivable, accessible PDF (PDF/A-2a)."""
    versie = _versie_or_404(request, pk)
    try:
        with slots.render_slot():
            data = documents.render_pdf(versie)
    except RenderBusy:
        return http.busy(request, back=reverse("kader:overview"))
    except DocumentError as error:  # the layout is ours, not the gemeente's: a fault to look into
        log.warning("kader PDF of %s failed: %s %s", versie.pk, type(error).__name__, error.details)
        why = " Het kost meer rekentijd of geheugen dan is toegestaan." if isinstance(error, TooCostly) else ""
        messages.error(request, f"De PDF kon niet worden gemaakt.{why} Probeer het later opnieuw.")
        return redirect("kader:overview")
    return http.download(data, PDF_TYPE, documents.document_filename(versie, "pdf"))


def _upload(request: AuthenticatedHttpRequest, form: SjabloonForm) -> HttpResponse | None:
    """Store a valid upload; a redirect when stored, None with the errors on the form, or the busy page."""
    upload = form.cleaned_data["bestand"]
    try:
        documents.upload_template(
            gemeente=request.membership.gemeente,
            by=request.user,
            name=upload.name,
            data=upload.read(),
            expected_version=form.cleaned_data["version"] or None,
        )
    except RenderBusy:
        return http.busy(request, back=reverse("kader:template"))
    except DocumentError as error:
        form.add_error("bestand", forms.ValidationError(error.message, code=error.code))
        return None
    except StaleVersionError:
        form.add_error(None, STALE_MESSAGE)
        return None
    messages.success(request, "Het sjabloon is opgeslagen. Nieuwe Word-documenten van het kader gebruiken het.")
    return redirect("kader:template")


@requires("kader.template")
def template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The placeholders, the current template, and uploading a new one."""
    current = documents.template_of(request.membership)
    form = SjabloonForm(
        request.POST or None, request.FILES or None, initial={"version": current.version if current else 0}
    )
    if request.method == "POST" and form.is_valid() and (done := _upload(request, form)) is not None:
        return done
    context = {
        "sjabloon": current,
        "form": form,
        "placeholders": documents.PLACEHOLDERS,
        "breadcrumbs": crumbs(("Word-sjabloon", None)),
    }
    return render(request, "kader/sjabloon.html", context)


@requires("kader.template")
def template_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The gemeente's own template, or the default one to start from."""
    own = documents.template_bytes_of(request.membership)
    if own is None:
        return http.download(documents.DEFAULT_TEMPLATE.read_bytes(), DOCX_TYPE, DEFAULT_TEMPLATE_NAME)
    return http.download(own[1], DOCX_TYPE, own[0])


@requires("kader.template")
def template_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then remove the own template: documents use the default template again."""
    current = documents.template_of(request.membership)
    if request.method == "POST":
        if current is None:
            messages.info(request, "De gemeente heeft geen eigen sjabloon; er is niets verwijderd.")
            return redirect("kader:template")
        try:
            expected = int(request.POST.get("version", ""))
            documents.delete_template(gemeente=request.membership.gemeente, by=request.user, expected_version=expected)
        except (ValueError, StaleVersionError):
            messages.error(request, str(STALE_MESSAGE))
        else:
            messages.success(
                request, "Het eigen sjabloon is verwijderd. Documenten gebruiken weer het standaardsjabloon."
            )
        return redirect("kader:template")
    context = {
        "sjabloon": current,
        "breadcrumbs": crumbs(("Word-sjabloon", reverse("kader:template")), ("Verwijderen", None)),
    }
    return render(request, "kader/sjabloon_delete.html", context)
