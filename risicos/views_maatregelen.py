"""Pages of the measures: list, detail, adding and changing, checks of their effect and conflicts."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.forms import save_form
from lib.pagination import page_of
from lib.permissions import requires
from lib.querysets import count_of
from organisations.models import Thema as BeveiligingsThema

from . import services
from .filters import MaatregelFilter
from .forms import (
    MaatregelForm,
    TegenstrijdigForm,
    ToetsForm,
)
from .models import (
    Maatregel,
    MaatregelRisico,
    Risico,
    Schakel,
    Tegenstrijdigheid,
    Toets,
)
from .pages import (
    PER_PAGE,
    confirm_delete,
    crumbs,
    current_matrix,
    kept,
    may,
    not_started,
    refusal_of,
    thema_links,
)

# --- measures ---------------------------------------------------------------------------------


def _maatregel(request: AuthenticatedHttpRequest, pk: UUID) -> Maatregel:
    found = Maatregel.objects.visible_to(request.membership).select_related("eigenaar__user")
    return get_object_or_404(found, pk=pk)


@requires("risicos.view")
def maatregel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Queries, unless kept for this revision: the count and the page of measures with their owner
    # and number of risks.
    def build() -> dict[str, Any]:
        found = (
            Maatregel.objects.visible_to(request.membership)
            .select_related("eigenaar__user")
            .annotate(aantal_risicos=count_of(MaatregelRisico, "maatregel"))
        )
        filters = MaatregelFilter(request.GET or None, queryset=found, request=request)
        return {
            "form": filters.form,
            "page": page_of(request, filters.filtered(), PER_PAGE),
            "may_add": may(request, "risicos.edit"),
            "fout": bool(filters.form.errors),
            "breadcrumbs": crumbs(("Maatregelen", None)),
        }

    return kept(request, "risicos/maatregel_list.html", build)


def _maatregel_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in Maatregel.EDIT_FIELDS if name in data}


@requires("risicos.edit")
def maatregel_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if current_matrix(request) is None:
        return not_started(request)
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
    may_edit = may(request, "risicos.edit") and services.may_change(member, maatregel.themas)
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
        **thema_links(member, maatregel),
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
    return confirm_delete(
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
        messages.error(request, refusal_of(error))
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
            form.add_error(None, refusal_of(error))
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
