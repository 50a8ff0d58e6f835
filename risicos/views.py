"""Pages of the risk register: the overview with the heat maps, the risks, assets and threats.

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services
decide who may do what; a page only hides what a role cannot use.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.forms import save_form
from lib.pagination import page_of
from lib.permissions import requires
from lib.querysets import count_of
from organisations.models import Thema as BeveiligingsThema

from . import analysis, heatmap, services
from .extensions import risico_sections
from .filters import RisicoFilter
from .forms import (
    AcceptatieForm,
    BedrijfsmiddelForm,
    DreigingForm,
    RisicoForm,
    StartForm,
)
from .models import (
    Acceptatie,
    Bedrijfsmiddel,
    Dreiging,
    Maatregel,
    MaatregelSoort,
    Matrix,
    Risico,
    RisicoBedrijfsmiddel,
    Schakel,
)
from .pages import PER_PAGE, confirm_delete, crumbs, current_matrix, kept, may, not_started, thema_links

# --- overview ---------------------------------------------------------------------------------


def _heatmap(matrix: Matrix, grid: list[list[int]], prefix: str, kop: str) -> dict[str, Any]:
    ident = f"heatmap-{prefix}"
    return {
        "id": ident,
        "kop": kop,
        "svg": mark_safe(heatmap.svg(matrix, grid, kop, ident)),  # noqa: S308  # built from escaped data
        "summary": heatmap.summary(matrix, grid, kop),
        "rows": heatmap.rows(matrix, grid, prefix),
    }


def _overzicht(request: AuthenticatedHttpRequest, matrix: Matrix) -> dict[str, Any]:
    """The overview's content: the counts of risks, the two heat maps, the gaps, the measures per status."""
    today = timezone.localdate()
    risicos = Risico.objects.visible_to(request.membership)
    tolerance = matrix.tolerantie
    counts = risicos.aggregate(
        totaal=Count("pk"),
        boven=Count(
            "pk", filter=Q(netto_niveau__gt=tolerance) | Q(netto_niveau__isnull=True, bruto_niveau__gt=tolerance)
        ),
        te_laat=Count("pk", filter=Q(volgende_review__lt=today)),
        opnieuw=Count("pk", filter=Q(herbeoordelen=True)),
        ongescoord=Count("pk", filter=Q(bruto_kans__isnull=True)),
    )
    statussen = dict(
        Maatregel.objects.visible_to(request.membership).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {
        "matrix": matrix,
        "tolerantie": matrix.niveau_naam(matrix.tolerantie),
        "counts": counts,
        "heatmaps": [
            _heatmap(matrix, analysis.heatmap(risicos, matrix, prefix), prefix, kop)
            for prefix, kop in (
                ("bruto", "Bruto risico (zonder maatregelen)"),
                ("netto", "Netto risico (met de maatregelen van nu)"),
            )
        ],
        "gaps": [(key, analysis.GAPS[key], n) for key, n in analysis.gap_counts(risicos).items()],
        "statussen": statussen,
        "sjabloon": may(request, "risicos.template"),
        "breadcrumbs": crumbs(),
    }


@requires("risicos.view")
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the matrix; then, unless kept for this revision (lib.revisions.cached), the counts of
    # risks, the two heat maps, the gaps, the measures per status.
    matrix = current_matrix(request)
    if matrix is None:
        form = StartForm() if may(request, "risicos.matrix") else None
        return render(request, "risicos/start.html", {"form": form, "breadcrumbs": crumbs()})
    return kept(request, "risicos/overzicht.html", lambda: _overzicht(request, matrix))


@requires("risicos.matrix")
@require_POST
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StartForm(request.POST)

    def save(data: dict[str, Any]) -> str:
        services.start_register(by=request.membership, methode=data["methode"])
        return "Het risicoregister is begonnen, met de risicomatrix en een lijst van dreigingen."

    message = save_form(form, save)
    if message is None:
        return render(request, "risicos/start.html", {"form": form, "breadcrumbs": crumbs()})
    messages.success(request, message)
    return redirect("risicos:overzicht")


# --- risks ------------------------------------------------------------------------------------


def _risico(request: AuthenticatedHttpRequest, pk: UUID) -> Risico:
    found = Risico.objects.visible_to(request.membership).select_related("matrix", "dreiging", "eigenaar__user")
    return get_object_or_404(found, pk=pk)


@requires("risicos.view")
def risico_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the matrix; then, unless kept for this revision, the form's owners and the count and
    # the page of risks with threat and owner.
    matrix = current_matrix(request)
    if matrix is None:
        return not_started(request)

    def build() -> dict[str, Any]:
        risicos = Risico.objects.visible_to(request.membership).select_related("dreiging", "eigenaar__user")
        filters = RisicoFilter(request.GET or None, queryset=risicos, request=request, matrix=matrix)
        return {
            "matrix": matrix,
            "form": filters.form,
            "page": page_of(request, filters.filtered(), PER_PAGE),
            "today": timezone.localdate(),
            "may_add": may(request, "risicos.edit"),
            "fout": bool(filters.form.errors),
            "breadcrumbs": crumbs(("Risico's", None)),
        }

    return kept(request, "risicos/risico_list.html", build)


def _risico_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in Risico.EDIT_FIELDS if name in data}
    return fields


@requires("risicos.edit")
def risico_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    matrix = current_matrix(request)
    if matrix is None:
        return not_started(request)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data.setdefault("version", "1")
    form = RisicoForm(data, matrix=matrix, member=request.membership, initial={"version": 1})
    made: list[Risico] = []
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            made.append(
                services.add_risico(
                    by=request.membership, bedrijfsmiddelen=cleaned["bedrijfsmiddelen"], **_risico_fields(cleaned)
                )
            )
            return f"Het risico '{cleaned['titel']}' is toegevoegd."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("risicos:risico", pk=made[0].pk)
    context = {
        "form": form,
        "matrix": matrix,
        "breadcrumbs": crumbs(("Risico's", reverse("risicos:risicos")), ("Nieuw risico", None)),
    }
    return render(request, "risicos/risico_form.html", context)


@requires("risicos.view")
def risico_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    # Queries, unless kept for this revision: the risk with matrix, threat and owner; its assets;
    # its acceptances; its chain (2); its themes of the veiligheidsplan; the sections of the apps above
    # (extensions.RISICO_SECTIONS).
    def build() -> dict[str, Any]:
        risico = _risico(request, pk)
        today = timezone.localdate()
        keten = analysis.keten(risico)
        member = request.membership
        return {
            "risico": risico,
            "titel": risico.titel,
            "matrix": risico.matrix,
            "bedrijfsmiddelen": Bedrijfsmiddel.objects.visible_to(member).filter(risico_links__risico=risico),
            "acceptaties": [
                (a, services.stand(a, risico, today))
                for a in Acceptatie.objects.visible_to(member).filter(risico=risico).select_related("matrix")
            ],
            "keten": keten,
            "schakels": [(s, keten.per_schakel[s.value]) for s in Schakel],
            "suggestie": analysis.suggest_netto(risico, keten),
            "themas": ", ".join(str(BeveiligingsThema(t).label) for t in risico.themas),
            "boven": risico.matrix.boven_tolerantie(risico.niveau),
            "today": today,
            "may_edit": may(request, "risicos.edit") and services.may_change(member, risico.themas),
            "may_accept": may(request, "risicos.accept"),
            **thema_links(member, risico),
            "secties": risico_sections(member, risico),
            "breadcrumbs": crumbs(("Risico's", reverse("risicos:risicos")), (risico.titel, None)),
        }

    return kept(request, "risicos/risico_detail.html", build)


@requires("risicos.edit")
def risico_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    risico = _risico(request, pk)
    if not services.may_change(request.membership, risico.themas):
        messages.error(request, services.NOT_YOUR_THEME)
        return redirect(reverse("risicos:risico", kwargs={"pk": pk}))
    form = RisicoForm(
        request.POST if request.method == "POST" else None,
        matrix=risico.matrix,
        member=request.membership,
        instance=copy.copy(risico),
    )
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.edit_risico(
                by=request.membership,
                risico=copy.copy(risico),
                expected_version=data["version"],
                bedrijfsmiddelen=data["bedrijfsmiddelen"],
                **_risico_fields(data),
            )
            return "Het risico is opgeslagen."

        message = save_form(form, save, current=lambda: _risico(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("risicos:risico", kwargs={"pk": pk}))
    context = {
        "form": form,
        "risico": risico,
        "matrix": risico.matrix,
        "breadcrumbs": crumbs(
            ("Risico's", reverse("risicos:risicos")),
            (risico.titel, reverse("risicos:risico", kwargs={"pk": pk})),
            ("Wijzigen", None),
        ),
    }
    return render(request, "risicos/risico_form.html", context)


@requires("risicos.edit")
def risico_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    risico = _risico(request, pk)
    back = reverse("risicos:risico", kwargs={"pk": pk})
    return confirm_delete(
        request,
        risico,
        lambda: services.delete_risico(by=request.membership, risico=risico),
        back=back,
        done=reverse("risicos:risicos"),
        what="het risico",
        crumb=[("Risico's", reverse("risicos:risicos")), (risico.titel, back)],
        refusal="" if services.may_change(request.membership, risico.themas) else services.NOT_YOUR_THEME,
    )


@requires("risicos.accept")
def acceptatie_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    risico = _risico(request, pk)
    today = timezone.localdate()
    initial = {"geaccepteerd_op": today, "geldig_tot": services.add_months(today, 12)}
    form = AcceptatieForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.accept(by=request.membership, risico=risico, **data)
            return f"De acceptatie is vastgelegd, geldig tot {data['geldig_tot']:%d-%m-%Y}."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("risicos:risico", kwargs={"pk": pk}))
    back = reverse("risicos:risico", kwargs={"pk": pk})
    context = {
        "form": form,
        "risico": risico,
        "matrix": risico.matrix,
        "breadcrumbs": crumbs(("Risico's", reverse("risicos:risicos")), (risico.titel, back), ("Accepteren", None)),
    }
    return render(request, "risicos/acceptatie_form.html", context)


# --- assets -----------------------------------------------------------------------------------


def _bedrijfsmiddel(request: AuthenticatedHttpRequest, pk: UUID) -> Bedrijfsmiddel:
    return get_object_or_404(Bedrijfsmiddel.objects.visible_to(request.membership), pk=pk)


@requires("risicos.view")
def bedrijfsmiddel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the count and the page of assets with their number of risks.
    found = (
        Bedrijfsmiddel.objects.visible_to(request.membership)
        .annotate(aantal_risicos=count_of(RisicoBedrijfsmiddel, "bedrijfsmiddel"))
        .order_by("naam", "pk")
    )
    context = {
        "page": page_of(request, found, PER_PAGE),
        "may_add": may(request, "risicos.edit"),
        "breadcrumbs": crumbs(("Bedrijfsmiddelen", None)),
    }
    return render(request, "risicos/bedrijfsmiddel_list.html", context)


@requires("risicos.edit")
def bedrijfsmiddel_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data.setdefault("version", "1")
    form = BedrijfsmiddelForm(data, initial={"version": 1})
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Bedrijfsmiddel.EDIT_FIELDS}
            services.add_bedrijfsmiddel(by=request.membership, **fields)
            return f"Het bedrijfsmiddel '{cleaned['naam']}' is toegevoegd."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("risicos:bedrijfsmiddelen")
    context = {
        "form": form,
        "breadcrumbs": crumbs(
            ("Bedrijfsmiddelen", reverse("risicos:bedrijfsmiddelen")), ("Nieuw bedrijfsmiddel", None)
        ),
    }
    return render(request, "risicos/bedrijfsmiddel_form.html", context)


@requires("risicos.view")
def bedrijfsmiddel_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    # Queries: the asset; its risks; on a save, the version check and the update.
    bedrijfsmiddel = _bedrijfsmiddel(request, pk)
    may_edit = may(request, "risicos.edit") and services.may_change(request.membership, bedrijfsmiddel.themas)
    if request.method == "POST" and not may_edit:
        messages.error(request, services.NOT_YOUR_THEME)
        return redirect(reverse("risicos:bedrijfsmiddel", kwargs={"pk": pk}))
    form = (
        BedrijfsmiddelForm(request.POST if request.method == "POST" else None, instance=copy.copy(bedrijfsmiddel))
        if may_edit
        else None
    )
    if form is not None and request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            fields = {name: data[name] for name in Bedrijfsmiddel.EDIT_FIELDS}
            services.edit_bedrijfsmiddel(
                by=request.membership,
                bedrijfsmiddel=copy.copy(bedrijfsmiddel),
                expected_version=data["version"],
                **fields,
            )
            return "Het bedrijfsmiddel is opgeslagen."

        message = save_form(form, save, current=lambda: _bedrijfsmiddel(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("risicos:bedrijfsmiddel", kwargs={"pk": pk}))
    context = {
        "bedrijfsmiddel": bedrijfsmiddel,
        "risicos": Risico.objects.visible_to(request.membership)
        .filter(bedrijfsmiddel_links__bedrijfsmiddel=bedrijfsmiddel)
        .order_by("titel"),
        "form": form,
        "breadcrumbs": crumbs(("Bedrijfsmiddelen", reverse("risicos:bedrijfsmiddelen")), (bedrijfsmiddel.naam, None)),
    }
    return render(request, "risicos/bedrijfsmiddel_detail.html", context)


@requires("risicos.edit")
def bedrijfsmiddel_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    bedrijfsmiddel = _bedrijfsmiddel(request, pk)
    back = reverse("risicos:bedrijfsmiddel", kwargs={"pk": pk})
    return confirm_delete(
        request,
        bedrijfsmiddel,
        lambda: services.delete_bedrijfsmiddel(by=request.membership, bedrijfsmiddel=bedrijfsmiddel),
        back=back,
        done=reverse("risicos:bedrijfsmiddelen"),
        what="het bedrijfsmiddel",
        crumb=[("Bedrijfsmiddelen", reverse("risicos:bedrijfsmiddelen")), (bedrijfsmiddel.naam, back)],
        refusal="" if services.may_change(request.membership, bedrijfsmiddel.themas) else services.NOT_YOUR_THEME,
    )


# --- threats ----------------------------------------------------------------------------------


def _dreiging(request: AuthenticatedHttpRequest, pk: UUID) -> Dreiging:
    return get_object_or_404(Dreiging.objects.visible_to(request.membership), pk=pk)


def _dreiging_page(request: AuthenticatedHttpRequest, form: DreigingForm | None) -> HttpResponse:
    # Queries: the threats with their number of risks.
    found = Dreiging.objects.visible_to(request.membership).annotate(aantal_risicos=Count("risicos"))
    may_edit = may(request, "risicos.matrix")
    if form is None and may_edit:
        form = DreigingForm(initial={"version": 1})
    context = {"dreigingen": found, "form": form, "may_edit": may_edit, "breadcrumbs": crumbs(("Dreigingen", None))}
    return render(request, "risicos/dreiging_list.html", context)


@requires("risicos.view")
def dreiging_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dreiging_page(request, None)


@requires("risicos.matrix")
@require_POST
def dreiging_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = request.POST.copy()
    data.setdefault("version", "1")
    form = DreigingForm(data)

    def save(cleaned: dict[str, Any]) -> str:
        fields = {name: cleaned[name] for name in Dreiging.EDIT_FIELDS}
        services.add_dreiging(by=request.membership, **fields)
        return f"De dreiging '{cleaned['naam']}' is toegevoegd."

    message = save_form(form, save)
    if message is None:
        return _dreiging_page(request, form)
    messages.success(request, message)
    return redirect("risicos:dreigingen")


@requires("risicos.matrix")
def dreiging_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    dreiging = _dreiging(request, pk)
    form = DreigingForm(request.POST if request.method == "POST" else None, instance=copy.copy(dreiging))
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            fields = {name: data[name] for name in Dreiging.EDIT_FIELDS}
            services.edit_dreiging(
                by=request.membership, dreiging=copy.copy(dreiging), expected_version=data["version"], **fields
            )
            return "De dreiging is opgeslagen."

        message = save_form(form, save, current=lambda: _dreiging(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("risicos:dreigingen")
    context = {
        "form": form,
        "dreiging": dreiging,
        "breadcrumbs": crumbs(("Dreigingen", reverse("risicos:dreigingen")), (dreiging.naam, None)),
    }
    return render(request, "risicos/dreiging_form.html", context)


@requires("risicos.matrix")
def dreiging_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    dreiging = _dreiging(request, pk)
    return confirm_delete(
        request,
        dreiging,
        lambda: services.delete_dreiging(by=request.membership, dreiging=dreiging),
        back=reverse("risicos:dreigingen"),
        done=reverse("risicos:dreigingen"),
        what="de dreiging",
        crumb=[("Dreigingen", reverse("risicos:dreigingen"))],
    )


# --- analyses ---------------------------------------------------------------------------------


@requires("risicos.view")
def analyse(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries, unless kept for this revision: the kader version; its goals and uitgangspunten
    # without a measure; the costs.
    def build() -> dict[str, Any]:
        member = request.membership
        versie = analysis.kader_versie(member)
        return {
            "versie": versie,
            "untraced": analysis.untraced(member.gemeente_id, versie) if versie is not None else None,
            "soorten": list(MaatregelSoort),
            "rows": analysis.cost_rows(analysis.costs(Maatregel.objects.visible_to(member))),
            "breadcrumbs": crumbs(("Analyses", None)),
        }

    return kept(request, "risicos/analyse.html", build)
