"""The kader as a document (Word, PDF) and the page of the gemeente's own Word template."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.forms import NldsFormMixin
from lib.permissions import requires

from . import documents
from .models import KaderVersie
from .pages import crumbs

DEFAULT_TEMPLATE_NAME = "kader-standaardsjabloon.docx"


class SjabloonForm(NldsFormMixin, forms.Form):
    """Upload of the gemeente's own Word template (checked by ``documents.upload_template``)."""

    bestand = forms.FileField(
        label=_("Nieuw sjabloon"),
        help_text=_(
            "Een Word-document (.docx) van hoogstens 5 MB dat alleen de velden uit de tabel op deze pagina gebruikt."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{documents.DOCX_TYPE}"}),
    )
    # The version of the template the page showed (0: none); a different one now is a stale upload.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_bestand(self) -> Any:
        upload = self.cleaned_data["bestand"]
        if upload.size > documents.TEMPLATE_MAX_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(_("Het sjabloon is groter dan 5 MB."))
        return upload


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _versie_or_404(request: HttpRequest, pk: UUID) -> KaderVersie:
    versie = (
        KaderVersie.objects.visible_to(request.membership)  # type: ignore[attr-defined]
        .select_related("gemeente", "gebaseerd_op")
        .filter(pk=pk)
        .first()
    )
    if versie is None:
        raise Http404
    return versie


@requires("kader.view")
def document_docx(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The kader of one version as Word, on the gemeente's own template if it has one."""
    versie = _versie_or_404(request, pk)
    own = documents.template_bytes_of(request.membership)  # type: ignore[attr-defined]
    try:
        data = documents.render_docx(versie, own[1] if own else None)
    except ValidationError as error:
        which = "het eigen sjabloon van de gemeente" if own else "het standaardsjabloon"
        messages.error(
            request,
            f"Het Word-document kon niet worden gemaakt met {which}. {' '.join(error.messages)} "
            "De coördinator kan het sjabloon aanpassen of verwijderen op de pagina ‘Word-sjabloon’.",
        )
        return redirect("kader:overview")
    return _download(data, documents.DOCX_TYPE, documents.document_filename(versie, "docx"))


@requires("kader.view")
def document_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The kader of one version as archivable, accessible PDF (PDF/A-2a)."""
    versie = _versie_or_404(request, pk)
    return _download(documents.render_pdf(versie), "application/pdf", documents.document_filename(versie, "pdf"))


@requires("kader.template")
def template(request: HttpRequest) -> HttpResponse:
    """The placeholders, the current template, and uploading a new one."""
    current = documents.template_of(request.membership)  # type: ignore[attr-defined]
    form = SjabloonForm(
        request.POST or None, request.FILES or None, initial={"version": current.version if current else 0}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bestand"]
        try:
            documents.upload_template(
                gemeente=request.membership.gemeente,  # type: ignore[attr-defined]
                by=request.user,
                name=upload.name,
                data=upload.read(),
                expected_version=form.cleaned_data["version"] or None,
            )
        except ValidationError as error:
            form.add_error("bestand", error)
        except StaleVersionError:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, "Het sjabloon is opgeslagen. Nieuwe Word-documenten van het kader gebruiken het.")
            return redirect("kader:template")
    context = {
        "sjabloon": current,
        "form": form,
        "placeholders": documents.PLACEHOLDERS,
        "breadcrumbs": crumbs(("Word-sjabloon", None)),
    }
    return render(request, "kader/sjabloon.html", context)


@requires("kader.template")
def template_download(request: HttpRequest) -> HttpResponse:
    """The gemeente's own template, or the default one to start from."""
    own = documents.template_bytes_of(request.membership)  # type: ignore[attr-defined]
    if own is None:
        return _download(documents.DEFAULT_TEMPLATE.read_bytes(), documents.DOCX_TYPE, DEFAULT_TEMPLATE_NAME)
    return _download(own[1], documents.DOCX_TYPE, own[0])


@requires("kader.template")
def template_delete(request: HttpRequest) -> HttpResponse:
    """Confirm, then remove the own template: documents use the default template again."""
    current = documents.template_of(request.membership)  # type: ignore[attr-defined]
    if request.method == "POST":
        if current is None:
            messages.info(request, "De gemeente heeft geen eigen sjabloon; er is niets verwijderd.")
            return redirect("kader:template")
        try:
            expected = int(request.POST.get("version", ""))
            documents.delete_template(
                gemeente=request.membership.gemeente,  # type: ignore[attr-defined]
                by=request.user,
                expected_version=expected,
            )
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
