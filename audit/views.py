"""The change history and the security log of the active gemeente (coördinator, auditor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from lib import revisions
from lib.labels import with_labels
from lib.pagination import page_of
from lib.permissions import requires

from . import services
from .forms import HistoryFilterForm, SecurityLogFilterForm
from .history import (
    CHANGES_PAGE_SIZE,
    HistoryFilter,
    actions_for,
    changes_of_action,
    present_actions,
    present_one_action,
)
from .models import SecurityEventKind

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest


def _page(request: HttpRequest, qs: Any, per_page: int = services.PAGE_SIZE) -> Page[Any]:
    return page_of(request, qs, per_page)


def _history_page(request: AuthenticatedHttpRequest, form: HistoryFilterForm, *, status: int = 200) -> HttpResponse:
    # Queries: the revision; then, unless the page is kept for it (lib.revisions.cached: the history
    # only grows with a change in the gemeente), the actor e-mail lookup (only with that filter); the
    # count and the page of actions, the changes of those actions (each one CTE over all event tables);
    # the people on the page; one per model that foreign keys on the page point at. Filtered on one
    # action: the count and the page of its changes instead of the first two.
    # Invalid filters: no event query at all, an empty list and the errors on the form.
    def inhoud() -> str:
        membership = request.membership if form.is_valid() else None
        gemeente_id = request.membership.gemeente_id
        flt = form.to_filter(gemeente_id) if form.is_valid() else HistoryFilter()
        if flt.context_id is not None:
            page = _page(request, changes_of_action(membership, flt), CHANGES_PAGE_SIZE)
            actions = present_one_action(list(page.object_list), count=page.paginator.count, gemeente_id=gemeente_id)
        else:
            page = _page(request, actions_for(membership, flt))
            actions = present_actions(list(page.object_list), request.membership, flt) if membership else []
        context = {"form": form, "page": page, "actions": actions, "one_action": flt.context_id is not None}
        return render_to_string("audit/history.html#inhoud", context, request)

    html = revisions.cached(request, "audit:history", inhoud, per_browser=False)
    return render(request, "audit/history.html", {"inhoud": html, "crumb": "Historie"}, status=status)


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
