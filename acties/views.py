"""The actions: the own actions of a member, the gemeente's actions, one action, a new one."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from lib.forms import save_form
from lib.navigation import breadcrumbs
from lib.permissions import allowed, requires

from . import services
from .forms import ActieForm, LijstFilter, VoortgangForm
from .models import LOPEND, Verbeteractie

PER_PAGE = 25


@requires("acties.lezen")
def mijn(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's own actions: running ones first by deadline, then the finished (queries: count, page)."""
    loopt = ExpressionWrapper(Q(status__in=LOPEND), output_field=BooleanField())
    found = Verbeteractie.objects.van(request.membership).annotate(loopt=loopt).order_by("-loopt", "deadline", "titel")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"page": page, "today": timezone.localdate(), "breadcrumbs": breadcrumbs(("Mijn acties", None))}
    return render(request, "acties/mijn.html", context)


@requires("acties.view")
def lijst(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The actions the member reads, filtered (running by default), by deadline (queries: count, page)."""
    filters = LijstFilter(request.GET or None)
    found = Verbeteractie.objects.voor(request.membership).select_related("eigenaar__user")
    status, bron, te_laat = "", "", False
    if filters.is_valid():
        status, bron, te_laat = (filters.cleaned_data[k] for k in ("status", "bron", "te_laat"))
    if status == "":
        found = found.lopend()
    elif status != "alle":
        found = found.filter(status=status)
    if bron:
        found = found.filter(bron=bron)
    if te_laat:
        found = found.lopend().filter(deadline__lt=timezone.localdate())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "filters": filters,
        "page": page,
        "may_add": allowed("acties.maken", role=request.membership.role),
        "breadcrumbs": breadcrumbs(("Acties", None)),
    }
    return render(request, "acties/lijst.html", context, status=400 if filters.errors else 200)


def _actie(request: AuthenticatedHttpRequest, pk: UUID) -> Verbeteractie:
    return get_object_or_404(Verbeteractie.objects.voor(request.membership).select_related("eigenaar__user"), pk=pk)


@requires("acties.lezen")
def actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """One action; its editors change all of it, its owner the status and progress (query: the action)."""
    member = request.membership
    shown = _actie(request, pk)
    form: Any = None
    if services.may_edit(member, shown):
        form = ActieForm(request.POST or None, instance=copy.copy(shown), member=member)
    elif services.may_update(member, shown):
        form = VoortgangForm(request.POST or None, instance=copy.copy(shown))
    if request.method == "POST":
        if form is None:
            services.edit(by=member, actie=copy.copy(shown), expected_version=shown.version)  # its own refusal

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Verbeteractie.EDIT_FIELDS if name in cleaned}
            services.edit(by=member, actie=copy.copy(shown), expected_version=cleaned["version"], **fields)
            return "De actie is opgeslagen."

        message = save_form(form, save, current=lambda: _actie(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect("acties:actie", pk=pk)
    context = {
        "actie": shown,
        "form": form,
        "breadcrumbs": breadcrumbs(
            ("Acties", reverse("acties:lijst") if allowed("acties.view", role=member.role) else reverse("acties:mijn")),
            (str(shown), None),
        ),
    }
    return render(request, "acties/actie.html", context, status=400 if form is not None and form.errors else 200)


def new_action_page(
    request: AuthenticatedHttpRequest,
    *,
    save_action: Any,
    title: str,
    intro: str,
    back: str,
    crumbs: list[dict[str, str | None]],
    initial: dict[str, Any] | None = None,
    bron: bool = False,
) -> HttpResponse:
    """The form of a new action; ``save_action(fields)`` stores it (a source adds its own checks)."""
    member = request.membership
    form = ActieForm(request.POST or None, instance=Verbeteractie(), member=member, bron=bron, initial=initial or {})
    if request.method == "POST":

        def save(cleaned: dict[str, Any]) -> str:
            fields = {name: cleaned[name] for name in Verbeteractie.EDIT_FIELDS if name in cleaned}
            made = save_action(fields, cleaned)
            return f"De actie “{made}” is vastgelegd; de eigenaar ziet haar bij Mijn acties."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(back)
    context = {"form": form, "title": title, "intro": intro, "back": back, "breadcrumbs": crumbs}
    return render(request, "acties/actie_form.html", context, status=400 if form.errors else 200)


@requires("acties.maken")
def nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An action for a finding from outside Kapstok: an audit, an evaluation, a management review."""
    member = request.membership

    def save_action(fields: dict[str, Any], cleaned: dict[str, Any]) -> Verbeteractie:
        return services.add(by=member, bron=cleaned["bron"], bron_titel=cleaned["bron_titel"], **fields)

    return new_action_page(
        request,
        save_action=save_action,
        title="Nieuwe actie",
        intro="Een actie voor een bevinding uit een audit, een evaluatie, een oefening of een managementreview.",
        back=reverse("acties:lijst"),
        crumbs=breadcrumbs(("Acties", reverse("acties:lijst")), ("Nieuwe actie", None)),
        bron=True,
    )
