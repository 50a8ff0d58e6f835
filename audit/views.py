"""The change history and the security log of the active gemeente (coördinator, auditor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lib.labels import with_labels
from lib.pagination import page_of
from lib.permissions import requires

from . import services
from .forms import HistoryFilterForm, SecurityLogFilterForm
from .history import HistoryFilter, events_for, present
from .models import SecurityEventKind

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest


def _page(request: HttpRequest, qs: Any) -> Page[Any]:
    return page_of(request, qs, services.PAGE_SIZE)


def _history_page(request: AuthenticatedHttpRequest, form: HistoryFilterForm, *, status: int = 200) -> HttpResponse:
    # Queries: the actor e-mail lookup (only with that filter); the count and the page of
    # events (each one CTE over all event tables); every user on the page in one query.
    # Invalid filters: no event query at all, an empty list and the errors on the form.
    membership = request.membership if form.is_valid() else None
    flt = form.to_filter(request.membership.gemeente_id) if form.is_valid() else HistoryFilter()
    page = _page(request, events_for(membership, flt))
    rows = present(list(page.object_list), gemeente_id=request.membership.gemeente_id)
    context = {"form": form, "page": page, "rows": rows, "crumb": "Historie"}
    return render(request, "audit/history.html", context, status=status)


@requires("history.view")
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _history_page(request, HistoryFilterForm(request.GET))


@requires("history.view")
def history_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HistoryFilterForm(request.GET)
    if not form.is_valid():
        return _history_page(request, form, status=400)
    return services.history_export(request=request, flt=form.to_filter(request.membership.gemeente_id))


def _security_page(
    request: AuthenticatedHttpRequest, form: SecurityLogFilterForm, *, status: int = 200
) -> HttpResponse:
    # Queries: the count and one page of security events with their users (select_related).
    membership = request.membership if form.is_valid() else None
    data = form.cleaned_data if form.is_valid() else {}
    qs = services.security_events_for(
        membership, kind=data.get("soort", ""), start=data.get("van"), end=data.get("tot")
    )
    page = _page(request, qs)
    events = with_labels(page.object_list, "kind", SecurityEventKind.choices)
    return render(request, "audit/security_log.html", {"form": form, "page": page, "events": events}, status=status)


@requires("securitylog.view")
def security_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _security_page(request, SecurityLogFilterForm(request.GET))


@requires("securitylog.view")
def security_log_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SecurityLogFilterForm(request.GET)
    if not form.is_valid():
        return _security_page(request, form, status=400)
    data = form.cleaned_data
    return services.security_log_export(
        request=request, kind=data.get("soort", ""), start=data.get("van"), end=data.get("tot")
    )
