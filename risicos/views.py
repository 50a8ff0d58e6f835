"""Pages of the risk register: the overview with the heat maps, the risks, assets and threats.

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services
decide who may do what; a page only hides what a role cannot use.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.concurrency import STALE_MESSAGE
from lib.errors import StateConflict
from lib.forms import add_errors, save_form
from lib.navigation import Crumb, breadcrumbs
from lib.pagination import page_of
from lib.permissions import allowed, requires
from organisations.models import Thema as BeveiligingsThema

from . import analysis, heatmap, services
from .filters import MaatregelFilter, RisicoFilter
from .forms import (
    AcceptatieForm,
    BedrijfsmiddelForm,
    DreigingForm,
    MaatregelForm,
    MatrixForm,
    RisicoForm,
    StartForm,
    TegenstrijdigForm,
    ToetsForm,
)
from .models import (
    Acceptatie,
    Bedrijfsmiddel,
    Dreiging,
    Maatregel,
    MaatregelSoort,
    Matrix,
    Risico,
    Schakel,
    Tegenstrijdigheid,
    Toets,
)

PER_PAGE = 25


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Risico's en maatregelen", reverse("risicos:overzicht")), *items)


def _matrix(request: AuthenticatedHttpRequest) -> Matrix | None:
    return Matrix.objects.visible_to(request.membership).filter(status="actueel").first()


def _not_started(request: AuthenticatedHttpRequest) -> HttpResponse:
    messages.info(request, services.NOT_STARTED)
    return redirect("risicos:overzicht")


def _may(request: AuthenticatedHttpRequest, capability: str) -> bool:
    return allowed(capability, role=request.membership.role)


def _refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(getattr(error, "message", None) or error)


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


@requires("risicos.view")
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the matrix; then the counts of risks, the two heat maps, the gaps, the measures per status.
    matrix = _matrix(request)
    if matrix is None:
        form = StartForm() if _may(request, "risicos.matrix") else None
        return render(request, "risicos/start.html", {"form": form, "breadcrumbs": crumbs()})
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
    context = {
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
        "sjabloon": _may(request, "risicos.template"),
        "breadcrumbs": crumbs(),
    }
    return render(request, "risicos/overzicht.html", context)


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
    # Queries: the matrix; the form's owners; the count and the page of risks with threat and owner.
    matrix = _matrix(request)
    if matrix is None:
        return _not_started(request)
    risicos = Risico.objects.visible_to(request.membership).select_related("dreiging", "eigenaar__user")
    filters = RisicoFilter(request.GET or None, queryset=risicos, request=request, matrix=matrix)
    page = page_of(request, filters.filtered(), PER_PAGE)
    context = {
        "matrix": matrix,
        "form": filters.form,
        "page": page,
        "today": timezone.localdate(),
        "may_add": _may(request, "risicos.edit"),
        "breadcrumbs": crumbs(("Risico's", None)),
    }
    return render(request, "risicos/risico_list.html", context, status=400 if filters.form.errors else 200)


def _risico_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in Risico.EDIT_FIELDS if name in data}
    return fields


@requires("risicos.edit")
def risico_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    matrix = _matrix(request)
    if matrix is None:
        return _not_started(request)
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
    # Queries: the risk with matrix, threat and owner; its assets; its acceptances; its chain (2).
    risico = _risico(request, pk)
    today = timezone.localdate()
    keten = analysis.keten(risico)
    acceptaties = [
        (a, services.stand(a, risico, today))
        for a in Acceptatie.objects.visible_to(request.membership).filter(risico=risico).select_related("matrix")
    ]
    member = request.membership
    context = {
        "risico": risico,
        "matrix": risico.matrix,
        "bedrijfsmiddelen": Bedrijfsmiddel.objects.visible_to(member).filter(risico_links__risico=risico),
        "acceptaties": acceptaties,
        "keten": keten,
        "schakels": [(s, keten.per_schakel[s.value]) for s in Schakel],
        "suggestie": analysis.suggest_netto(risico, keten),
        "themas": ", ".join(str(BeveiligingsThema(t).label) for t in risico.themas),
        "boven": risico.matrix.boven_tolerantie(risico.niveau),
        "today": today,
        "may_edit": _may(request, "risicos.edit") and services.may_change(member, risico.themas),
        "may_accept": _may(request, "risicos.accept"),
        "breadcrumbs": crumbs(("Risico's", reverse("risicos:risicos")), (risico.titel, None)),
    }
    return render(request, "risicos/risico_detail.html", context)


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


def _confirm_delete(
    request: AuthenticatedHttpRequest,
    obj: Any,
    delete: Any,
    *,
    back: str,
    done: str,
    what: str,
    crumb: list[Crumb],
    refusal: str = "",
) -> HttpResponse:
    """The confirmation (GET) and the deletion (POST, with the version the confirmation showed)."""
    if request.method == "POST" and not refusal:
        if request.POST.get("version") != str(obj.version):
            refusal = str(STALE_MESSAGE)
        else:
            try:
                delete()
            except (PermissionDenied, StateConflict, ValidationError) as error:
                refusal = _refusal(error)
            else:
                messages.success(request, f"{what[0].upper()}{what[1:]} '{obj}' is verwijderd.")
                return redirect(done)
    context = {
        "obj": obj,
        "what": what,
        "back": back,
        "refusal": refusal,
        "breadcrumbs": crumbs(*crumb, ("Verwijderen", None)),
    }
    return render(request, "risicos/confirm_delete.html", context)


@requires("risicos.edit")
def risico_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    risico = _risico(request, pk)
    back = reverse("risicos:risico", kwargs={"pk": pk})
    return _confirm_delete(
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
        .annotate(aantal_risicos=Count("risico_links"))
        .order_by("naam", "pk")
    )
    context = {
        "page": page_of(request, found, PER_PAGE),
        "may_add": _may(request, "risicos.edit"),
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
    may_edit = _may(request, "risicos.edit") and services.may_change(request.membership, bedrijfsmiddel.themas)
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
    return _confirm_delete(
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
    may_edit = _may(request, "risicos.matrix")
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
    return _confirm_delete(
        request,
        dreiging,
        lambda: services.delete_dreiging(by=request.membership, dreiging=dreiging),
        back=reverse("risicos:dreigingen"),
        done=reverse("risicos:dreigingen"),
        what="de dreiging",
        crumb=[("Dreigingen", reverse("risicos:dreigingen"))],
    )


# --- measures ---------------------------------------------------------------------------------


def _maatregel(request: AuthenticatedHttpRequest, pk: UUID) -> Maatregel:
    found = Maatregel.objects.visible_to(request.membership).select_related("eigenaar__user")
    return get_object_or_404(found, pk=pk)


@requires("risicos.view")
def maatregel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the count and the page of measures with their owner and number of risks.
    found = (
        Maatregel.objects.visible_to(request.membership)
        .select_related("eigenaar__user")
        .annotate(aantal_risicos=Count("risico_links"))
    )
    filters = MaatregelFilter(request.GET or None, queryset=found, request=request)
    context = {
        "form": filters.form,
        "page": page_of(request, filters.filtered(), PER_PAGE),
        "may_add": _may(request, "risicos.edit"),
        "breadcrumbs": crumbs(("Maatregelen", None)),
    }
    return render(request, "risicos/maatregel_list.html", context, status=400 if filters.form.errors else 200)


def _maatregel_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in Maatregel.EDIT_FIELDS if name in data}


@requires("risicos.edit")
def maatregel_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if _matrix(request) is None:
        return _not_started(request)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data.setdefault("version", "1")
    form = MaatregelForm(data, member=request.membership, initial={"version": 1})
    made: list[Maatregel] = []
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            made.append(
                services.add_maatregel(by=request.membership, risicos=cleaned["risicos"], **_maatregel_fields(cleaned))
            )
            return f"De maatregel '{cleaned['titel']}' is toegevoegd."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("risicos:maatregel", pk=made[0].pk)
    context = {
        "form": form,
        "breadcrumbs": crumbs(("Maatregelen", reverse("risicos:maatregelen")), ("Nieuwe maatregel", None)),
    }
    return render(request, "risicos/maatregel_form.html", context)


def _maatregel_page(
    request: AuthenticatedHttpRequest, maatregel: Maatregel, toets_form: ToetsForm | None = None
) -> HttpResponse:
    # Queries: its risks; its checks; its conflicts (both sides) with the other measure.
    member = request.membership
    may_edit = _may(request, "risicos.edit") and services.may_change(member, maatregel.themas)
    conflicts = (
        Tegenstrijdigheid.objects.visible_to(member)
        .filter(Q(maatregel=maatregel) | Q(andere=maatregel))
        .select_related("maatregel", "andere")
    )
    context = {
        "maatregel": maatregel,
        "risicos": Risico.objects.visible_to(member).filter(maatregel_links__maatregel=maatregel).order_by("titel"),
        "toetsen": Toets.objects.visible_to(member).filter(maatregel=maatregel),
        "conflicten": [(c.andere if c.maatregel_id == maatregel.pk else c.maatregel, c.toelichting) for c in conflicts],
        "themas": ", ".join(str(BeveiligingsThema(t).label) for t in maatregel.themas),
        "schakels": ", ".join(str(Schakel(s).label) for s in maatregel.schakels),
        "may_edit": may_edit,
        "toets_form": toets_form
        if toets_form is not None
        else (ToetsForm(initial={"datum": timezone.localdate()}) if may_edit else None),
        "breadcrumbs": crumbs(("Maatregelen", reverse("risicos:maatregelen")), (maatregel.titel, None)),
    }
    return render(request, "risicos/maatregel_detail.html", context)


@requires("risicos.view")
def maatregel_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    return _maatregel_page(request, _maatregel(request, pk))


@requires("risicos.edit")
def maatregel_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    maatregel = _maatregel(request, pk)
    if not services.may_change(request.membership, maatregel.themas):
        messages.error(request, services.NOT_YOUR_THEME)
        return redirect(reverse("risicos:maatregel", kwargs={"pk": pk}))
    form = MaatregelForm(
        request.POST if request.method == "POST" else None, member=request.membership, instance=copy.copy(maatregel)
    )
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.edit_maatregel(
                by=request.membership,
                maatregel=copy.copy(maatregel),
                expected_version=data["version"],
                risicos=data["risicos"],
                **_maatregel_fields(data),
            )
            return "De maatregel is opgeslagen."

        message = save_form(form, save, current=lambda: _maatregel(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("risicos:maatregel", kwargs={"pk": pk}))
    back = reverse("risicos:maatregel", kwargs={"pk": pk})
    context = {
        "form": form,
        "maatregel": maatregel,
        "breadcrumbs": crumbs(
            ("Maatregelen", reverse("risicos:maatregelen")), (maatregel.titel, back), ("Wijzigen", None)
        ),
    }
    return render(request, "risicos/maatregel_form.html", context)


@requires("risicos.edit")
def maatregel_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    maatregel = _maatregel(request, pk)
    back = reverse("risicos:maatregel", kwargs={"pk": pk})
    return _confirm_delete(
        request,
        maatregel,
        lambda: services.delete_maatregel(by=request.membership, maatregel=maatregel),
        back=back,
        done=reverse("risicos:maatregelen"),
        what="de maatregel",
        crumb=[("Maatregelen", reverse("risicos:maatregelen")), (maatregel.titel, back)],
        refusal="" if services.may_change(request.membership, maatregel.themas) else services.NOT_YOUR_THEME,
    )


@requires("risicos.edit")
@require_POST
def toets_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    maatregel = _maatregel(request, pk)
    form = ToetsForm(request.POST)

    def save(data: dict[str, Any]) -> str:
        services.add_toets(by=request.membership, maatregel=copy.copy(maatregel), **data)
        return "De toets is vastgelegd."

    try:
        message = save_form(form, save)
    except PermissionDenied as error:
        messages.error(request, _refusal(error))
        return redirect(reverse("risicos:maatregel", kwargs={"pk": pk}))
    if message is None:
        return _maatregel_page(request, maatregel, toets_form=form)
    messages.success(request, message)
    return redirect(reverse("risicos:maatregel", kwargs={"pk": pk}))


@requires("risicos.edit")
def tegenstrijdig_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    maatregel = _maatregel(request, pk)
    form = TegenstrijdigForm(
        request.POST if request.method == "POST" else None, member=request.membership, maatregel=maatregel
    )
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.mark_conflict(by=request.membership, maatregel=maatregel, **data)
            return f"Gemarkeerd: '{maatregel}' en '{data['andere']}' werken elkaar tegen."

        try:
            message = save_form(form, save)
        except PermissionDenied as error:
            form.add_error(None, _refusal(error))
            message = None
        if message is not None:
            messages.success(request, message)
            return redirect(reverse("risicos:maatregel", kwargs={"pk": pk}))
    back = reverse("risicos:maatregel", kwargs={"pk": pk})
    context = {
        "form": form,
        "maatregel": maatregel,
        "breadcrumbs": crumbs(
            ("Maatregelen", reverse("risicos:maatregelen")), (maatregel.titel, back), ("Tegenstrijdig", None)
        ),
    }
    return render(request, "risicos/tegenstrijdig_form.html", context)


# --- the matrix -------------------------------------------------------------------------------


@requires("risicos.view")
def matrix_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the versions of the matrix (the current one first).
    versies = list(Matrix.objects.visible_to(request.membership).order_by("-nummer"))
    matrix = next((m for m in versies if m.status == "actueel"), None)
    if matrix is None:
        return _not_started(request)
    grid = [[0] * matrix.impact_size for _ in range(matrix.kans_size)]
    context = {
        "matrix": matrix,
        "rows": heatmap.rows(matrix, grid, "x"),
        "tolerantie": matrix.niveau_naam(matrix.tolerantie),
        "versies": versies,
        "may_change": _may(request, "risicos.matrix"),
        "breadcrumbs": crumbs(("Risicomatrix", None)),
    }
    return render(request, "risicos/matrix.html", context)


MAX_CROSSINGS_SHOWN = 50


@requires("risicos.matrix")
def matrix_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 (POST ``stap=bekijken``): the dry run with the mapping; step 2 (``stap=toepassen``): apply."""
    matrix = _matrix(request)
    if matrix is None:
        return _not_started(request)
    form = MatrixForm(
        request.POST if request.method == "POST" else None, old=matrix, initial=MatrixForm.initial_of(matrix)
    )
    plan = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data["nummer"] != matrix.nummer:
        form.add_error(
            None, f"De matrix is intussen gewijzigd (nu versie {matrix.nummer}); bekijk de gevolgen opnieuw."
        )
        form.data = {**form.data, "nummer": str(matrix.nummer)}  # the next look is on the current version
    elif request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_matrix_change(by=request.membership, **form.plan_fields())
        except ValidationError as error:
            add_errors(form, error)
        if plan is not None and request.POST.get("stap") == "toepassen":
            if request.POST.get("voorbeeld") != _digest(plan):
                form.add_error(
                    None, "U heeft na het bekijken iets gewijzigd. Bekijk de gevolgen hieronder en pas dan toe."
                )
            else:
                nieuw = _apply(request, form, plan)
                if nieuw is not None:
                    messages.success(
                        request,
                        f"Risicomatrix versie {nieuw.nummer} geldt nu; de scores van {plan.risicos} risico's zijn omgezet.",
                    )
                    return redirect("risicos:matrix")
                plan = None
    context: dict[str, Any] = {
        "form": form,
        "matrix": matrix,
        "plan": plan,
        "voorbeeld": _digest(plan) if plan is not None else "",
        "breadcrumbs": crumbs(("Risicomatrix", reverse("risicos:matrix")), ("Wijzigen", None)),
    }
    if plan is not None:
        context.update(
            kans_map=_mapping_rows(matrix.kans_labels, plan.nieuw.kans_labels, plan.kans_map),
            impact_map=_mapping_rows(matrix.impact_labels, plan.nieuw.impact_labels, plan.impact_map),
            per_niveau=sorted(plan.per_niveau.items()),
            over_de_lijn=plan.over_de_lijn[:MAX_CROSSINGS_SHOWN],
            meer_over_de_lijn=max(0, len(plan.over_de_lijn) - MAX_CROSSINGS_SHOWN),
        )
    return render(request, "risicos/matrix_change.html", context)


def _digest(plan: services.Wijziging) -> str:
    """What the dry run showed: applying anything else asks for a new look first."""
    nieuw = plan.nieuw
    shown = [nieuw.kans_labels, nieuw.impact_labels, nieuw.niveaus, nieuw.raster, nieuw.tolerantie]
    shown += [sorted(plan.kans_map.items()), sorted(plan.impact_map.items())]
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def _apply(request: AuthenticatedHttpRequest, form: MatrixForm, plan: services.Wijziging) -> Matrix | None:
    try:
        return services.apply_matrix_change(
            by=request.membership, wijziging=plan, expected_nummer=form.cleaned_data["nummer"]
        )
    except StateConflict as error:
        form.add_error(None, error.message)
        return None


def _mapping_rows(old: list[str], new: list[str], mapping: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {"klasse": c, "label": label, "nieuw": mapping[c], "keuzes": list(enumerate(new, start=1))}
        for c, label in enumerate(old, start=1)
    ]


# --- analyses ---------------------------------------------------------------------------------


@requires("risicos.view")
def analyse(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries: the kader version; its goals and uitgangspunten without a measure; the costs.
    member = request.membership
    versie = analysis.kader_versie(member)
    rows = analysis.cost_rows(analysis.costs(Maatregel.objects.visible_to(member)))
    context = {
        "versie": versie,
        "untraced": analysis.untraced(member.gemeente_id, versie) if versie is not None else None,
        "soorten": list(MaatregelSoort),
        "rows": rows,
        "breadcrumbs": crumbs(("Analyses", None)),
    }
    return render(request, "risicos/analyse.html", context)
