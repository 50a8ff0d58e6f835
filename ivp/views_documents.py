"""The documents of the veiligheidsplan (Word, PDF), its infographic with downloads, and the page of
the gemeente's own Word templates of the three documents.

Rendering and what every capability's document pages share are the ``documents`` app
(``documents.pages``): a document that cannot be made gets the page ``ivp/document/mislukt.html``
with the reason; when every render slot is taken, the 503 page answers at once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from accounts.http import AuthenticatedHttpRequest
from documents import http, pages, services, slots
from documents.errors import RenderBusy
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed, requires

from .choices import PlanStatus, ProgrammaStatus
from .documents import KINDS, Kind, rapportage
from .documents import plan as plan_document
from .documents import programma as programma_document
from .infographic import infographic_svg, infographic_tekst, svg_to_png
from .infographic_data import infographic_of
from .models import Plan, Programma

PNG_WIDTH = 1240  # A4 at 150 dpi; ?breedte=2480 gives 300 dpi for print
PNG_MAX_WIDTH = 2480
PNG_MIN_WIDTH = 320
SVG_TYPE = "image/svg+xml"
PNG_TYPE = "image/png"


# --- fetching, links, names ----------------------------------------------------------------------


def _plan_or_404(request: AuthenticatedHttpRequest, pk: UUID) -> Plan:
    plans = Plan.objects.visible_to(request.membership).select_related("gemeente", "gebaseerd_op")
    return get_object_or_404(plans, pk=pk)


def _programma_or_404(request: AuthenticatedHttpRequest, pk: UUID) -> Programma:
    # (Programma's manager has no visible_to of its own: the same scoping through GemeenteQuerySet)
    programmas = Programma.objects.visible_to(request.membership).select_related("gemeente", "plan", "gebaseerd_op")
    return get_object_or_404(programmas, pk=pk)


def _crumbs(plan: Plan | None, *items: Crumb) -> list[dict[str, str | None]]:
    """Overzicht › Veiligheidsplan › the plan › ``items``; a step without a page is left out."""
    trail: list[Crumb] = [("Veiligheidsplan", reverse("ivp:overzicht"))]
    if plan is not None:
        trail.append((f"{plan.titel} {plan.periode}", reverse("ivp:plan", kwargs={"pk": plan.pk})))
    return breadcrumbs(*trail, *items)


def _filename(what: str, plan: Plan, *extra: str, extension: str) -> str:
    years = f"{plan.startjaar}-{plan.eindjaar}"
    return http.filename(what, plan.gemeente.name, years, *extra, extension=extension)


def _plan_filename(plan: Plan, extension: str) -> str:
    status = "" if plan.status == PlanStatus.VASTGESTELD else str(plan.get_status_display())
    return _filename("integraal veiligheidsplan", plan, f"versie {plan.nummer}", status, extension=extension)


def _failed(request: AuthenticatedHttpRequest, plan: Plan, title: str) -> pages.OnFailure:
    """The page that says why a document of ``plan`` could not be made (the stored template, mostly)."""

    def answer(message: str) -> HttpResponse:
        context = {
            "titel": title,
            "message": message,
            "sjabloon": allowed("ivp.template", role=request.membership.role),
            "breadcrumbs": _crumbs(plan, (title, None)),
        }
        return render(request, "ivp/document/mislukt.html", context, status=422)

    return answer


# --- the documents ----------------------------------------------------------------------------------------


@requires("ivp.view")
def document_docx(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The integraal veiligheidsplan of one version as Word, on the gemeente's own template if it has one."""
    plan = _plan_or_404(request, pk)
    return pages.word_download(
        request,
        kind=plan_document.WORD,
        context_of=lambda: plan_document.document_context(plan),
        filename=_plan_filename(plan, "docx"),
        back=reverse("ivp:plan", kwargs={"pk": plan.pk}),
        on_failure=_failed(request, plan, "Veiligheidsplan als Word-document"),
    )


@requires("ivp.view")
def document_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The integraal veiligheidsplan of one version as PDF/A-2a, with the infographic as its last page."""
    plan = _plan_or_404(request, pk)
    return pages.pdf_download(
        request,
        render=lambda: plan_document.render_pdf(plan),
        filename=_plan_filename(plan, "pdf"),
        back=reverse("ivp:plan", kwargs={"pk": plan.pk}),
        on_failure=_failed(request, plan, "Veiligheidsplan als PDF"),
        what=f"ivp {plan.pk}",
    )


def _programma_filename(programma: Programma, extension: str) -> str:
    concept = "concept" if programma.status == ProgrammaStatus.CONCEPT else ""
    return http.filename(
        "uitvoeringsprogramma", programma.gemeente.name, str(programma.jaar), concept, extension=extension
    )


@requires("ivp.view")
def programma_docx(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The uitvoeringsprogramma of one year as Word, on the gemeente's own template if it has one."""
    programma = _programma_or_404(request, pk)
    return pages.word_download(
        request,
        kind=programma_document.WORD,
        context_of=lambda: programma_document.document_context(programma),
        filename=_programma_filename(programma, "docx"),
        back=reverse("ivp:programma", kwargs={"pk": programma.pk}),
        on_failure=_failed(request, programma.plan, f"Uitvoeringsprogramma {programma.jaar} als Word-document"),
    )


@requires("ivp.view")
def programma_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The uitvoeringsprogramma of one year as PDF/A-2a."""
    programma = _programma_or_404(request, pk)
    return pages.pdf_download(
        request,
        render=lambda: programma_document.render_pdf(programma),
        filename=_programma_filename(programma, "pdf"),
        back=reverse("ivp:programma", kwargs={"pk": programma.pk}),
        on_failure=_failed(request, programma.plan, f"Uitvoeringsprogramma {programma.jaar} als PDF"),
        what=f"uitvoeringsprogramma {programma.pk}",
    )


def _rapportage_of(request: AuthenticatedHttpRequest, pk: UUID) -> tuple[Plan, Programma | None]:
    """The plan and the programme of ``?jaar=`` (default the latest); 404 for a year without one."""
    plan = _plan_or_404(request, pk)
    try:
        return plan, rapportage.programma_for(plan, request.GET.get("jaar"))
    except LookupError:
        raise Http404("Dit plan heeft geen uitvoeringsprogramma voor dat jaar.") from None


def _rapportage_filename(plan: Plan, programma: Programma | None, extension: str) -> str:
    jaar = str(programma.jaar) if programma else ""
    return _filename("voortgangsrapportage", plan, jaar, extension=extension)


@requires("ivp.view")
def rapportage_docx(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The voortgangsrapportage of a plan as Word (``?jaar=`` the programme's year, default the latest)."""
    plan, programma = _rapportage_of(request, pk)
    return pages.word_download(
        request,
        kind=rapportage.WORD,
        context_of=lambda: rapportage.document_context(plan, programma),
        filename=_rapportage_filename(plan, programma, "docx"),
        back=reverse("ivp:monitoring"),
        on_failure=_failed(request, plan, "Voortgangsrapportage als Word-document"),
    )


@requires("ivp.view")
def rapportage_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The voortgangsrapportage of a plan as PDF/A-2a (``?jaar=`` as for Word)."""
    plan, programma = _rapportage_of(request, pk)
    return pages.pdf_download(
        request,
        render=lambda: rapportage.render_pdf(plan, programma),
        filename=_rapportage_filename(plan, programma, "pdf"),
        back=reverse("ivp:monitoring"),
        on_failure=_failed(request, plan, "Voortgangsrapportage als PDF"),
        what=f"voortgangsrapportage {plan.pk}",
    )


# --- the infographic --------------------------------------------------------------------------------------


@requires("ivp.view")
def infographic(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The infographic of a plan inline, its text version, and the downloads."""
    plan = _plan_or_404(request, pk)
    data = infographic_of(plan)
    context = {
        "plan": plan,
        "svg": infographic_svg(data),
        "tekst": infographic_tekst(data).split("\n\n"),
        "breadcrumbs": _crumbs(plan, ("Infographic", None)),
    }
    return render(request, "ivp/infographic.html", context)


@requires("ivp.view")
def infographic_download_svg(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The infographic as an SVG file (A4, scalable)."""
    plan = _plan_or_404(request, pk)
    svg = infographic_svg(infographic_of(plan))
    return http.download(svg.encode(), SVG_TYPE, _filename("infographic", plan, extension="svg"))


def _png_width(asked: str | None) -> int:
    """``?breedte=``: 1240 pixels unless another width is asked for, within 320–2480."""
    try:
        width = int(asked) if asked else PNG_WIDTH
    except ValueError:
        width = PNG_WIDTH
    return min(max(width, PNG_MIN_WIDTH), PNG_MAX_WIDTH)


@requires("ivp.view")
def infographic_download_png(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The infographic as PNG, 1240 pixels wide (``?breedte=2480`` for print at 300 dpi)."""
    plan = _plan_or_404(request, pk)
    width = _png_width(request.GET.get("breedte"))
    try:
        with slots.render_slot():  # about a second of CPU time at the largest width: one of the render slots
            png = svg_to_png(infographic_svg(infographic_of(plan)), breedte_px=width)
    except RenderBusy:
        return http.busy(request, back=reverse("ivp:infographic", kwargs={"pk": plan.pk}))
    return http.download(png, PNG_TYPE, _filename("infographic", plan, f"{width}px", extension="png"))


# --- the gemeente's own Word templates ----------------------------------------------------------------------


def _kind(soort: str | None) -> Kind:
    """The kind of document of ``?soort=`` (default: the veiligheidsplan); 404 for an unknown one."""
    kind = KINDS.get(soort or "ivp")
    if kind is None:
        raise Http404("Onbekend soort document.")
    return kind


def _sections(request: AuthenticatedHttpRequest) -> tuple[list[dict[str, Any]], HttpResponse | None]:
    """Per kind its current template and upload form; the answer to a stored upload, if any."""
    posted = request.POST.get("soort") if request.method == "POST" else None
    current = services.templates_of(request.membership, list(KINDS))
    sections = []
    for kind in KINDS.values():
        sjabloon = current.get(kind.soort)
        bound = posted == kind.soort
        form = pages.SjabloonForm(
            request.POST if bound else None,
            request.FILES if bound else None,
            prefix=kind.soort,
            initial={"version": sjabloon.version if sjabloon else 0},
        )
        form.fields["bestand"].label = f"Nieuw sjabloon: {kind.label.lower()}"
        if bound and form.is_valid():
            saved = f"Het sjabloon is opgeslagen. Nieuwe Word-documenten ({kind.label.lower()}) gebruiken het."
            done = pages.store_upload(request, form, kind=kind.word, done=reverse("ivp:sjabloon"), saved=saved)
            if done is not None:
                return [], done
        sections.append({"kind": kind, "sjabloon": sjabloon, "form": form})
    return sections, None


@requires("ivp.template")
def sjabloon(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per document its current template, uploading a new one, and the placeholders it may use."""
    sections, done = _sections(request)
    if done is not None:
        return done
    context = {"sections": sections, "breadcrumbs": _crumbs(None, ("Word-sjablonen", None))}
    return render(request, "ivp/sjabloon.html", context)


@requires("ivp.template")
def sjabloon_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The gemeente's own template of ``?soort=``, or the default one to start from."""
    kind = _kind(request.GET.get("soort"))
    return pages.template_download(request, kind=kind.word, default_name=kind.default_name)


@requires("ivp.template")
def sjabloon_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then remove the own template of ``soort``: its documents use the default again."""
    kind = _kind(request.POST.get("soort") if request.method == "POST" else request.GET.get("soort"))
    if request.method == "POST":
        return pages.delete_posted_template(request, soort=kind.soort, done=reverse("ivp:sjabloon"))
    context = {
        "sjabloon": services.template_of(request.membership, kind.soort),
        "soort": kind.soort,
        "back": reverse("ivp:sjabloon"),
        "documenten": f"Word-documenten ({kind.label.lower()})",
        "breadcrumbs": _crumbs(None, ("Word-sjablonen", reverse("ivp:sjabloon")), ("Verwijderen", None)),
    }
    return render(request, "documents/sjabloon_delete.html", context)
