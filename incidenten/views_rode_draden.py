"""Rode draden: the incidents of a period against the period before, the conclusions and their actions.

Every reader of the incidents (``incidenten.view``) sees the figures of what they may read; the
coördinator keeps an analysis of a period with its conclusions and turns them into actions.
The document (Word, PDF/A) is of bounded size whatever the number of incidents (grouped
counts, at most :data:`~incidenten.rode_draden.PLAATSEN` places and 60 months), so it is made
in the request.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from acties import services as acties_services
from acties.models import Bron
from acties.views import new_action_page
from documents import pages
from documents.models import Documentsoort
from lib import revisions
from lib.forms import save_form
from lib.navigation import breadcrumbs
from lib.permissions import allowed, require, requires

from . import documents, services
from .forms import ConclusiesForm, PeriodeForm
from .models import RodeDraden
from .rode_draden import Periode, analyse, laatste_twaalf_maanden

TITLE = "Rode draden"
SJABLOON = "Word-sjabloon van de analyse"
DEFAULT_TEMPLATE_NAME = "rode-draden-standaardsjabloon.docx"
KEPT = 50  # the newest analyses listed


def _crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return breadcrumbs(("Incidenten", reverse("incidenten:lijst")), *items)


def snelkeuzes(today: datetime.date) -> list[tuple[str, Periode]]:
    """The periods offered with one click: last year, this year so far, the last twelve whole months."""
    return [
        ("Vorig jaar", Periode(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31))),
        ("Dit jaar tot nu", Periode(datetime.date(today.year, 1, 1), today)),
        ("De laatste twaalf hele maanden", laatste_twaalf_maanden(today)),
    ]


def cijfers(request: AuthenticatedHttpRequest, periode: Periode) -> str:
    """The figures of ``periode`` that the member may read (incidenten/_cijfers.html): 4 grouped counts."""
    return render_to_string("incidenten/_cijfers.html", {"analyse": analyse(request.membership, periode)}, request)


@requires("incidenten.view")
def rode_draden(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The figures of a period (last year unless asked) and the analyses kept (queries: the revision and,
    unless kept for it, 4 counts and the list).

    The page is kept per gemeente revision, member and period (lib.revisions.cached): a new report or
    analysis changes the revision, a new day the period “vorig jaar”. It holds the form that keeps
    an analysis, so it is kept per browser too."""
    member = request.membership
    may_keep = allowed("incidenten.beheer", role=member.role)

    def inhoud() -> tuple[str, bool]:
        choices = snelkeuzes(timezone.localdate())
        form = PeriodeForm(request.GET or {"van": choices[0][1].van, "tot": choices[0][1].tot})
        context: dict[str, Any] = {
            "form": form,
            "snelkeuzes": choices,
            "kept": RodeDraden.objects.visible_to(member)[:KEPT],
            "may_keep": may_keep,
            "may_template": allowed("incidenten.template", role=member.role),
        }
        if form.is_valid():
            context["gekozen"] = form.periode
            context["cijfers"] = cijfers(request, form.periode)
        return render_to_string("incidenten/rode_draden.html#inhoud", context, request), bool(form.errors)

    html, fout = revisions.cached(request, "incidenten:rode_draden", inhoud, per_browser=may_keep)
    context = {"inhoud": html, "breadcrumbs": _crumbs((TITLE, None))}
    return render(request, "incidenten/rode_draden.html", context, status=400 if fout else 200)


@requires("incidenten.beheer")
@require_POST
def analyse_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keep the analysis of the posted period (or open the one kept for it) to write the conclusions."""
    form = PeriodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies eerst een geldige periode.")
        return redirect("incidenten:rode_draden")
    kept = services.rode_draden(by=request.membership, periode=form.periode)
    return redirect("incidenten:analyse", pk=kept.pk)


def _kept(request: AuthenticatedHttpRequest, pk: UUID) -> RodeDraden:
    return get_object_or_404(RodeDraden.objects.visible_to(request.membership).select_related("gemeente"), pk=pk)


def _analyse_inhoud(
    request: AuthenticatedHttpRequest, kept: RodeDraden, form: ConclusiesForm | None
) -> tuple[str, str]:
    """The analysis's page content and its title (queries: 4 grouped counts, its actions)."""
    context = {
        "kept": kept,
        "cijfers": cijfers(request, Periode(kept.van, kept.tot)),
        "form": form,
        "may_write": form is not None,
        "acties": acties_services.van_bron(Bron.RODE_DRADEN, kept.pk),
    }
    return render_to_string("incidenten/analyse.html#inhoud", context, request), str(kept)


def _conclusies(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse | tuple[str, str]:
    """Save the posted conclusions (then the redirect), or the page's content with the form's errors."""
    member = request.membership
    if not allowed("incidenten.beheer", role=member.role):
        require(member, "incidenten.beheer")  # a reader's role: its own refusal
        raise PermissionDenied
    kept = _kept(request, pk)
    form = ConclusiesForm(request.POST, instance=copy.copy(kept))

    def save(cleaned: dict[str, Any]) -> str:
        services.conclusies(
            by=member, analyse=copy.copy(kept), expected_version=cleaned["version"], conclusies=cleaned["conclusies"]
        )
        return "De conclusies zijn opgeslagen."

    message = save_form(form, save, current=lambda: _kept(request, pk))
    if message is None:
        return _analyse_inhoud(request, kept, form)
    messages.success(request, message)
    return redirect("incidenten:analyse", pk=pk)


@requires("incidenten.view")
def analyse_page(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A kept analysis: its figures, conclusions and actions (queries: the revision and, unless kept for
    it, the analysis, 4 counts and its actions).

    Kept per gemeente revision and member (lib.revisions.cached), and per browser for the coördinator,
    whose page holds the conclusions' form."""
    if request.method == "POST":
        saved = _conclusies(request, pk)
        if isinstance(saved, HttpResponse):
            return saved
        (html, titel), status = saved, 400
    else:
        may_write = allowed("incidenten.beheer", role=request.membership.role)

        def inhoud() -> tuple[str, str]:
            kept = _kept(request, pk)
            return _analyse_inhoud(request, kept, ConclusiesForm(instance=copy.copy(kept)) if may_write else None)

        (html, titel), status = revisions.cached(request, "incidenten:analyse", inhoud, per_browser=may_write), 200
    context = {
        "inhoud": html,
        "titel": titel,
        "breadcrumbs": _crumbs((TITLE, reverse("incidenten:rode_draden")), (titel, None)),
    }
    return render(request, "incidenten/analyse.html", context, status=status)


@requires("incidenten.beheer")
def analyse_actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """An action drawn from the conclusions (query: the analysis)."""
    kept = _kept(request, pk)
    back = reverse("incidenten:analyse", kwargs={"pk": pk})
    return new_action_page(
        request,
        save_action=lambda fields, _cleaned: services.rode_draden_actie(by=request.membership, analyse=kept, **fields),
        title="Actie uit de rode draden",
        intro=f"Een actie naar aanleiding van de conclusies van “{kept}”.",
        back=back + "#acties",
        crumbs=_crumbs((TITLE, reverse("incidenten:rode_draden")), (str(kept), back), ("Actie", None)),
    )


@requires("incidenten.view")
def analyse_docx(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The analysis as Word (queries: the analysis, 4 counts, the actions, the own template)."""
    kept = _kept(request, pk)
    return pages.word_download(
        request,
        kind=documents.WORD,
        context_of=lambda: documents.document_context(request.membership, kept),
        filename=documents.filename(kept, "docx"),
        back=reverse("incidenten:analyse", kwargs={"pk": pk}),
        on_failure=pages.message_and_redirect(request, reverse("incidenten:analyse", kwargs={"pk": pk})),
    )


@requires("incidenten.view")
def analyse_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The analysis as PDF/A-2a (queries: the analysis, 4 counts, the actions)."""
    kept = _kept(request, pk)
    return pages.pdf_download(
        request,
        render=lambda: documents.render_pdf(documents.document_context(request.membership, kept)),
        filename=documents.filename(kept, "pdf"),
        back=reverse("incidenten:analyse", kwargs={"pk": pk}),
        on_failure=pages.message_and_redirect(request, reverse("incidenten:analyse", kwargs={"pk": pk})),
        what=f"rode draden {kept.gemeente_id}",
    )


# --- the gemeente's own Word template ---------------------------------------------------------------


@requires("incidenten.template")
def sjabloon(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The placeholders, the current template, and uploading a new one (tried on a sample analysis)."""
    return pages.template_page(
        request,
        kind=documents.WORD,
        placeholders=documents.PLACEHOLDERS,
        template="incidenten/sjabloon.html",
        saved="Het sjabloon is opgeslagen. Nieuwe rode-dradenanalyses in Word gebruiken het.",
        done=reverse("incidenten:sjabloon"),
        breadcrumbs=_crumbs((TITLE, reverse("incidenten:rode_draden")), (SJABLOON, None)),
    )


@requires("incidenten.template")
def sjabloon_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The gemeente's own template, or the default one to start from."""
    return pages.template_download(request, kind=documents.WORD, default_name=DEFAULT_TEMPLATE_NAME)


@requires("incidenten.template")
def sjabloon_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm, then remove the own template: the analyses use the default template again."""
    back = reverse("incidenten:sjabloon")
    return pages.template_delete_page(
        request,
        soort=Documentsoort.RODE_DRADEN,
        back=back,
        documenten="Rode-dradenanalyses in Word",
        breadcrumbs=_crumbs((TITLE, reverse("incidenten:rode_draden")), (SJABLOON, back), ("Verwijderen", None)),
    )
