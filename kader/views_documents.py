"""The kader as a document (Word, PDF) and the page of the gemeente's own Word template.

Rendering is the ``documents`` app, and so is what every capability's document pages share
(``documents.pages``): a download that cannot be made comes back here as a message on the kader
overview; when every render slot of the instance is taken, the 503 page answers at once.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.http import AuthenticatedHttpRequest
from documents import pages
from documents.models import Documentsoort
from lib.permissions import requires

from . import documents
from .models import KaderVersie
from .pages import crumbs

DEFAULT_TEMPLATE_NAME = "kader-standaardsjabloon.docx"


def _versie_or_404(request: AuthenticatedHttpRequest, pk: UUID) -> KaderVersie:
    versions = KaderVersie.objects.visible_to(request.membership).select_related("gemeente", "gebaseerd_op")
    return get_object_or_404(versions, pk=pk)


@requires("kader.view")
def document_docx(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The kader of one version as Word, on the gemeente's own template if it has one."""
    versie = _versie_or_404(request, pk)
    return pages.word_download(
        request,
        kind=documents.WORD,
        context_of=lambda: documents.document_context(versie),
        filename=documents.document_filename(versie, "docx"),
        back=reverse("kader:overview"),
        on_failure=pages.message_and_redirect(request, "kader:overview"),
    )


@requires("kader.view")
def document_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The kader of one version as archivable, accessible PDF (PDF/A-2a)."""
    versie = _versie_or_404(request, pk)
    return pages.pdf_download(
        request,
        render=lambda: documents.render_pdf(versie),
        filename=documents.document_filename(versie, "pdf"),
        back=reverse("kader:overview"),
        on_failure=pages.message_and_redirect(request, "kader:overview"),
        what=f"kader {versie.pk}",
    )


@requires("kader.template")
def template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The placeholders, the current template, and uploading a new one."""
    return pages.template_page(
        request,
        kind=documents.WORD,
        placeholders=documents.PLACEHOLDERS,
        template="kader/sjabloon.html",
        saved="Het sjabloon is opgeslagen. Nieuwe Word-documenten van het kader gebruiken het.",
        done=reverse("kader:template"),
        breadcrumbs=crumbs(("Word-sjabloon", None)),
    )


@requires("kader.template")
def template_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The gemeente's own template, or the default one to start from."""
    return pages.template_download(request, kind=documents.WORD, default_name=DEFAULT_TEMPLATE_NAME)


@requires("kader.template")
def template_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then remove the own template: documents use the default template again."""
    back = reverse("kader:template")
    return pages.template_delete_page(
        request,
        soort=Documentsoort.KADER,
        back=back,
        documenten="Word-documenten van het kader",
        breadcrumbs=crumbs(("Word-sjabloon", back), ("Verwijderen", None)),
    )
