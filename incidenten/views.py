"""Reporting an incident, the reporter's own reports, and setting up the registration."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from acties import services as acties_services
from acties.models import Bron
from acties.views import new_action_page
from lib import revisions
from lib.concurrency import STALE_MESSAGE
from lib.forms import save_form
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed, require, requires
from risicos.models import Maatregel, Risico

from . import services
from .forms import (
    ONBEKEND_RISICO,
    PRIVACY,
    BehandelForm,
    InstellingForm,
    KoppelForm,
    KoppelZoekForm,
    LijstFilter,
    MeldForm,
    SoortForm,
    StartForm,
)
from .models import Incident, IncidentMaatregel, IncidentRisico, IncidentSoort

PER_PAGE = 25
GEVONDEN = 10  # risks and measures found per search on an incident's page


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Mijn meldingen", reverse("incidenten:mijn")), *items)


def _not_started(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "may_start": allowed("incidenten.beheer", role=request.membership.role),
        "breadcrumbs": crumbs(("Incident melden", None)),
    }
    return render(request, "incidenten/niet_ingericht.html", context)


@requires("incidenten.melden")
def melden(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The short report (queries: the set-up; the kinds and assets of the form)."""
    member = request.membership
    if services.instelling(member.gemeente_id) is None:
        return _not_started(request)
    form = MeldForm(request.POST or None, member=member)
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            services.meld(by=member, **{name: cleaned[name] for name in Incident.MELD_FIELDS})
            return "Dank u wel. Uw melding is ontvangen; de behandelaar neemt haar in behandeling."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:mijn")
    context = {"form": form, "privacy": PRIVACY, "breadcrumbs": crumbs(("Incident melden", None))}
    return render(request, "incidenten/melden.html", context, status=400 if form.errors else 200)


@requires("incidenten.melden")
def mijn(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports the member made, newest first (queries: the count, a page with their kinds)."""
    found = Incident.objects.gemeld_door(request.membership).select_related("soort")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "caption": f"De incidenten die u meldde ({page.paginator.count}), de nieuwste eerst",
        "breadcrumbs": breadcrumbs(("Mijn meldingen", None)),
    }
    return render(request, "incidenten/mijn.html", context)


@requires("incidenten.melden")
def mijn_incident(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One of the member's own reports with its status; another's report is not found."""
    found = Incident.objects.gemeld_door(request.membership).select_related("soort", "bedrijfsmiddel")
    incident = get_object_or_404(found, pk=pk)
    context = {"incident": incident, "breadcrumbs": crumbs((str(incident), None))}
    return render(request, "incidenten/mijn_incident.html", context)


@requires("incidenten.beheer")
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up the registration: the retention period of personal data and the starting list of kinds."""
    member = request.membership
    if services.instelling(member.gemeente_id) is not None:
        messages.info(request, "De incidentregistratie is al ingericht.")
        return redirect("incidenten:melden")
    form = StartForm(request.POST or None)
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            services.start(by=member, bewaartermijn_maanden=cleaned["bewaartermijn_maanden"])
            return "De incidentregistratie is ingericht. Medewerkers kunnen nu incidenten melden."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:melden")
    context = {"form": form, "breadcrumbs": breadcrumbs(("Incidentregistratie inrichten", None))}
    return render(request, "incidenten/start.html", context, status=400 if form.errors else 200)


@requires("incidenten.view")
def lijst(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports the member may read, newest first, filtered on status and on a linked risk (queries:
    the revision; unless kept for it, the count and a page, and the risk's title when filtered on one).

    The list is kept per gemeente revision and member (lib.revisions.cached): a new report, a change of
    status or a link changes the revision. The filter form is a GET form without a CSRF token."""
    filters = LijstFilter(request.GET or None)

    def inhoud() -> tuple[str, bool]:
        found = Incident.objects.voor_behandeling(request.membership).select_related("soort")
        risico = None
        if filters.is_valid():
            if filters.cleaned_data["status"]:
                found = found.filter(status=filters.cleaned_data["status"])
            if filters.cleaned_data["risico"]:
                risico = Risico.objects.visible_to(request.membership).filter(pk=filters.cleaned_data["risico"]).first()
                if risico is None:
                    filters.add_error("risico", ONBEKEND_RISICO)
                    found = found.none()
                else:
                    found = found.filter(risico_links__risico=risico)
        context = {
            "filters": filters,
            "risico": risico,
            "page": Paginator(found, PER_PAGE).get_page(request.GET.get("pagina")),
            "may_manage": allowed("incidenten.beheer", role=request.membership.role),
        }
        return render_to_string("incidenten/lijst.html#inhoud", context, request), bool(filters.errors)

    html, fout = revisions.cached(request, "incidenten:lijst", inhoud, per_browser=False)
    context = {"inhoud": html, "breadcrumbs": breadcrumbs(("Incidenten", None))}
    return render(request, "incidenten/lijst.html", context, status=400 if fout else 200)


def _incident(request: AuthenticatedHttpRequest, pk: UUID) -> Incident:
    found = Incident.objects.voor_behandeling(request.membership)
    return get_object_or_404(found.select_related("soort", "bedrijfsmiddel", "melder__user"), pk=pk)


def _koppelingen(request: AuthenticatedHttpRequest, shown: Incident, may_handle: bool) -> dict[str, Any]:
    """The risks and measures the incident is linked to (2 queries); for its handler the search for more
    (2 queries more when searching: at most ``GEVONDEN`` of each, whatever the register's size)."""
    member = request.membership
    context: dict[str, Any] = {
        "risico_links": list(
            IncidentRisico.objects.visible_to(member)
            .filter(incident=shown)
            .select_related("risico")
            .order_by("risico__titel")
        ),
        "maatregel_links": list(
            IncidentMaatregel.objects.visible_to(member)
            .filter(incident=shown)
            .select_related("maatregel")
            .order_by("maatregel__titel")
        ),
    }
    if not may_handle:
        return context
    zoek_form = KoppelZoekForm(request.GET if "zoek" in request.GET else None)
    context["zoek_form"] = zoek_form
    if zoek_form.is_valid() and zoek_form.cleaned_data["zoek"].strip():
        zoek = zoek_form.cleaned_data["zoek"].strip()
        linked_risks = {link.risico_id for link in context["risico_links"]}
        linked_measures = {link.maatregel_id for link in context["maatregel_links"]}
        risks = Risico.objects.visible_to(member).filter(titel__icontains=zoek).order_by("titel")
        measures = Maatregel.objects.visible_to(member).filter(titel__icontains=zoek).order_by("titel")
        context["zoek"] = zoek
        context["gevonden_risicos"] = [r for r in risks.only("id", "titel")[:GEVONDEN] if r.pk not in linked_risks]
        context["gevonden_maatregelen"] = [
            m for m in measures.only("id", "titel")[:GEVONDEN] if m.pk not in linked_measures
        ]
    return context


@requires("incidenten.view")
def incident(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One report with its handling; its handler changes the handling (query: the report with its people)."""
    shown = _incident(request, pk)
    may_handle = services.may_handle(request.membership, shown)
    form = BehandelForm(request.POST or None, instance=copy.copy(shown)) if may_handle else None
    if request.method == "POST":
        if form is None:
            require(request.membership, "incidenten.behandelen")  # a reader's role: its own refusal
            raise PermissionDenied(services.NOT_YOUR_THEME)

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Incident.BEHANDEL_FIELDS}
            services.behandel(
                by=request.membership, incident=copy.copy(shown), expected_version=cleaned["version"], **fields
            )
            return "De behandeling is opgeslagen."

        message = save_form(form, save, current=lambda: _incident(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:incident", pk=pk)
    context = {
        "incident": shown,
        "form": form,
        "may_handle": may_handle,
        "acties": acties_services.van_bron(Bron.INCIDENT, shown.pk),
        **_koppelingen(request, shown, may_handle),
        "breadcrumbs": breadcrumbs(("Incidenten", reverse("incidenten:lijst")), (str(shown), None)),
    }
    status = 400 if (form and form.errors) or (context.get("zoek_form") and context["zoek_form"].errors) else 200
    return render(request, "incidenten/incident.html", context, status=status)


@requires("incidenten.behandelen")
def actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A follow-up action of the report, with its theme as the default (query: the report)."""
    shown = _incident(request, pk)
    if not services.may_handle(request.membership, shown):
        raise PermissionDenied(services.NOT_YOUR_THEME)
    back = reverse("incidenten:incident", kwargs={"pk": pk})
    return new_action_page(
        request,
        save_action=lambda fields, _cleaned: services.actie(by=request.membership, incident=shown, **fields),
        title="Vervolgactie",
        intro=f"Een actie naar aanleiding van het incident “{shown}”.",
        back=back + "#acties",
        crumbs=breadcrumbs(("Incidenten", reverse("incidenten:lijst")), (str(shown), back), ("Vervolgactie", None)),
        initial={"thema": shown.thema},
    )


@requires("incidenten.behandelen")
@require_POST
def koppel(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Link the incident to a risk (flagged for review if asked) or a measure of the gemeente."""
    shown = _incident(request, pk)
    back = reverse("incidenten:incident", kwargs={"pk": pk}) + "#koppelingen"
    form = KoppelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    model: Any = Risico if form.cleaned_data["risico"] else Maatregel
    obj = (
        model.objects.visible_to(request.membership)
        .filter(pk=form.cleaned_data["risico"] or form.cleaned_data["maatregel"])
        .first()
    )
    if obj is None:
        messages.error(request, services.OTHER_GEMEENTE)
        return redirect(back)
    try:
        services.koppel(
            by=request.membership, incident=shown, obj=obj, herbeoordelen=form.cleaned_data["herbeoordelen"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    flagged = (
        " Het risico staat nu op opnieuw beoordelen." if model is Risico and form.cleaned_data["herbeoordelen"] else ""
    )
    messages.success(request, f"Het incident is gekoppeld aan “{obj}”.{flagged}")
    return redirect(back)


def _ontkoppel(request: AuthenticatedHttpRequest, link: IncidentRisico | IncidentMaatregel, obj: Any) -> HttpResponse:
    incident = link.incident
    back = reverse("incidenten:incident", kwargs={"pk": incident.pk}) + "#koppelingen"
    refusal = "" if services.may_handle(request.membership, incident) else services.NOT_YOUR_THEME
    if request.method == "POST" and not refusal:
        if request.POST.get("version") != str(link.version):
            refusal = str(STALE_MESSAGE)
        else:
            services.ontkoppel(by=request.membership, link=link)
            messages.success(request, f"De koppeling met “{obj}” is verwijderd.")
            return redirect(back)
    context = {
        "link": link,
        "obj": obj,
        "back": back,
        "refusal": refusal,
        "breadcrumbs": breadcrumbs(
            ("Incidenten", reverse("incidenten:lijst")), (str(incident), back), ("Koppeling verwijderen", None)
        ),
    }
    return render(
        request, "incidenten/ontkoppel.html", context, status=403 if refusal and request.method == "POST" else 200
    )


def _link(request: AuthenticatedHttpRequest, model: Any, pk: UUID, field: str) -> Any:
    """A link of an incident the member may read (a thema-eigenaar: of their themes)."""
    incidents = Incident.objects.voor_behandeling(request.membership)
    found = model.objects.visible_to(request.membership).filter(incident__in=incidents)
    return get_object_or_404(found.select_related("incident__soort", field), pk=pk)


@requires("incidenten.behandelen")
def ontkoppel_risico(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    link = _link(request, IncidentRisico, pk, "risico")
    return _ontkoppel(request, link, link.risico)


@requires("incidenten.behandelen")
def ontkoppel_maatregel(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    link = _link(request, IncidentMaatregel, pk, "maatregel")
    return _ontkoppel(request, link, link.maatregel)


# --- the registration's settings and kinds (the coördinator) -----------------------------------


def _started(request: AuthenticatedHttpRequest) -> Any:
    found = services.instelling(request.membership.gemeente_id)
    if found is None:
        raise Http404("De incidentregistratie is nog niet ingericht.")
    return found


@requires("incidenten.beheer")
def instellingen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The retention period and the list of kinds (queries: the set-up, the kinds)."""
    member = request.membership
    found = services.instelling(member.gemeente_id)
    if found is None:
        return redirect("incidenten:start")
    form = InstellingForm(request.POST or None, instance=copy.copy(found))
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            services.edit_instelling(
                by=member, expected_version=cleaned["version"], bewaartermijn_maanden=cleaned["bewaartermijn_maanden"]
            )
            return "De bewaartermijn is opgeslagen."

        message = save_form(form, save, current=lambda: services.instelling(member.gemeente_id))
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:instellingen")
    context = {
        "form": form,
        "soorten": list(IncidentSoort.objects.visible_to(member)),
        "breadcrumbs": breadcrumbs(("Incidentregistratie", None)),
    }
    return render(request, "incidenten/instellingen.html", context, status=400 if form.errors else 200)


def _soort_page(request: AuthenticatedHttpRequest, soort: IncidentSoort | None) -> HttpResponse:
    member = request.membership
    form = SoortForm(request.POST or None, instance=copy.copy(soort) if soort else IncidentSoort())
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in IncidentSoort.EDIT_FIELDS if name in cleaned}
            if soort is None:
                made = services.add_soort(by=member, **fields)
                return f"De soort “{made}” is toegevoegd."
            services.edit_soort(by=member, soort=copy.copy(soort), expected_version=cleaned["version"], **fields)
            return "De soort is opgeslagen."

        current = None if soort is None else (lambda: IncidentSoort.objects.visible_to(member).get(pk=soort.pk))
        message = save_form(form, save, current=current)
        if message is not None:
            messages.success(request, message)
            return redirect("incidenten:instellingen")
    title = "Nieuwe soort incident" if soort is None else str(soort)
    context = {
        "form": form,
        "soort": soort,
        "title": title,
        "breadcrumbs": breadcrumbs(("Incidentregistratie", reverse("incidenten:instellingen")), (title, None)),
    }
    return render(request, "incidenten/soort_form.html", context, status=400 if form.errors else 200)


@requires("incidenten.beheer")
def soort_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    _started(request)
    return _soort_page(request, None)


@requires("incidenten.beheer")
def soort(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    return _soort_page(request, get_object_or_404(IncidentSoort.objects.visible_to(request.membership), pk=pk))
