"""The pages of background tasks: one task as it runs (htmx polls its status), and the gemeente's recent tasks.

Without JavaScript the page of a running task reloads itself every few seconds (a ``<meta
refresh>`` inside ``<noscript>``), which the user can turn off; with htmx only the status part is
fetched again, every two seconds, until the task is finished.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lib.navigation import Crumb, breadcrumbs
from lib.pagination import page_of
from lib.permissions import requires

from .models import Achtergrondtaak

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest

PAGE_SIZE = 25
TEMPLATE = "background/achtergrondtaak_detail.html"


def _crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(*items)


def _status_context(request: AuthenticatedHttpRequest, taak: Achtergrondtaak) -> dict[str, Any]:
    """What the status part needs: the poll URL, and whether the live region must say something new.

    The poll URL carries a short key of the sentence the page announced last (``gemeld``); the
    fragment updates the live region only when the sentence changed, so a screen reader does not
    repeat it every two seconds.
    """
    key = hashlib.sha256(taak.melding.encode()).hexdigest()[:12]
    return {
        "poll_url": f"{taak.get_absolute_url()}?gemeld={key}",
        "announce": request.GET.get("gemeld") != key,
        "auto_refresh": not taak.is_finished and request.GET.get("vernieuwen") != "nee",
    }


@requires("taken.view")
@require_GET
def taak(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    # 1 query: the task with who started it (membership and user)
    qs = Achtergrondtaak.objects.visible_to(request.membership).recent()
    taak = get_object_or_404(qs, pk=pk)
    context = {"taak": taak, **_status_context(request, taak)}
    if request.htmx:
        return render(request, f"{TEMPLATE}#status", context)
    crumbs = _crumbs(("Achtergrondtaken", reverse("background:taken")), (taak.titel, None))
    return render(request, TEMPLATE, {**context, "breadcrumbs": crumbs})


@requires("taken.view")
@require_GET
def taken(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 2 queries: the number of tasks, and one page of them with who started each
    page = page_of(request, Achtergrondtaak.objects.visible_to(request.membership).recent(), PAGE_SIZE)
    context = {"page": page, "breadcrumbs": _crumbs(("Achtergrondtaken", None))}
    return render(request, "background/achtergrondtaak_list.html", context)
