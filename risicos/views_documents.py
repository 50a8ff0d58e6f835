"""The risicorapportage: as Word or PDF/A at once, or made by a background task for a big register.

Rendering and what every capability's document pages share are the ``documents`` app
(``documents.pages``): a document that cannot be made gets ``risicos/document/mislukt.html`` with
the reason; when every render slot is taken, the 503 page answers at once. Every reader of the
register (``risicos.view``) may make the report, as they may read each page it sums up.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from documents import http, pages
from documents.models import Documentsoort
from documents.pdf import PDF_TYPE
from documents.word import DOCX_TYPE
from lib.permissions import allowed, requires

from . import documents
from .models import Formaat, Matrix, Rapport
from .pages import crumbs, not_started

TITLE = "Risicorapportage"
DEFAULT_TEMPLATE_NAME = "risicorapportage-standaardsjabloon.docx"


def _matrix(request: AuthenticatedHttpRequest) -> Matrix | None:
    matrices = Matrix.objects.visible_to(request.membership).select_related("gemeente")
    return matrices.filter(status="actueel").first()


def _failed(request: AuthenticatedHttpRequest, title: str) -> pages.OnFailure:
    """The page that says why the report could not be made (the gemeente's own template, mostly)."""

    def answer(message: str) -> HttpResponse:
        context = {
            "titel": title,
            "message": message,
            "sjabloon": allowed("risicos.template", role=request.membership.role),
            "breadcrumbs": crumbs((title, None)),
        }
        return render(request, "risicos/document/mislukt.html", context, status=422)

    return answer


@requires("risicos.view")
def rapportage_docx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The risicorapportage as Word, on the gemeente's own template if it has one."""
    matrix = _matrix(request)
    if matrix is None:
        return not_started(request)
    return pages.word_download(
        request,
        kind=documents.WORD,
        context_of=lambda: documents.document_context(request.membership, matrix),
        filename=documents.filename(matrix, "docx"),
        back=reverse("risicos:overzicht"),
        on_failure=_failed(request, f"{TITLE} als Word-document"),
    )


@requires("risicos.view")
def rapportage_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The risicorapportage as PDF/A-2a."""
    matrix = _matrix(request)
    if matrix is None:
        return not_started(request)
    return pages.pdf_download(
        request,
        render=lambda: documents.render_pdf(documents.document_context(request.membership, matrix, png=False)),
        filename=documents.filename(matrix, "pdf"),
        back=reverse("risicos:overzicht"),
        on_failure=_failed(request, f"{TITLE} als PDF"),
        what=f"risicorapportage {matrix.gemeente_id}",
    )


@requires("risicos.view")
@require_POST
def rapportage_maken(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start the background task that makes the report as ``formaat`` (docx or pdf); on to its page."""
    matrix = _matrix(request)
    if matrix is None:
        return not_started(request)
    formaat = request.POST.get("formaat", "")
    if formaat not in Formaat.values:
        messages.error(request, "Kies of u de rapportage als Word-document of als PDF wilt.")
        return redirect("risicos:overzicht")
    rapport = documents.start_report(by=request.membership, matrix=matrix, formaat=formaat)
    assert rapport.taak is not None  # start_report always queues a task
    return redirect(rapport.taak.get_absolute_url())


@requires("risicos.view")
def rapportage_download(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A report made in the background; its task's page while it is not ready yet."""
    # Queries: the report with its task.
    rapport = get_object_or_404(Rapport.objects.visible_to(request.membership).select_related("taak"), pk=pk)
    data = bytes(rapport.bestand)
    if not data:
        messages.info(request, "De rapportage is nog niet klaar.")
        return redirect(rapport.taak.get_absolute_url() if rapport.taak else reverse("risicos:overzicht"))
    content_type = DOCX_TYPE if rapport.formaat == Formaat.DOCX else PDF_TYPE
    return http.download(data, content_type, rapport.bestandsnaam)


# --- the gemeente's own Word template --------------------------------------------------------------


@requires("risicos.template")
def sjabloon(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The placeholders, the current template, and uploading a new one."""
    return pages.template_page(
        request,
        kind=documents.WORD,
        placeholders=documents.PLACEHOLDERS,
        template="risicos/sjabloon.html",
        saved="Het sjabloon is opgeslagen. Nieuwe risicorapportages in Word gebruiken het.",
        done=reverse("risicos:sjabloon"),
        breadcrumbs=crumbs(("Word-sjabloon van de rapportage", None)),
    )


@requires("risicos.template")
def sjabloon_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The gemeente's own template, or the default one to start from."""
    return pages.template_download(request, kind=documents.WORD, default_name=DEFAULT_TEMPLATE_NAME)


@requires("risicos.template")
def sjabloon_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then remove the own template: the report uses the default template again."""
    back = reverse("risicos:sjabloon")
    return pages.template_delete_page(
        request,
        soort=Documentsoort.RISICORAPPORTAGE,
        back=back,
        documenten="Risicorapportages in Word",
        breadcrumbs=crumbs(("Word-sjabloon van de rapportage", back), ("Verwijderen", None)),
    )
