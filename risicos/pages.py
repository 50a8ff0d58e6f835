"""What the pages of the risk register share: breadcrumbs, the current matrix, refusals, deletion.

The view modules (``views``, ``views_maatregelen``, ``views_matrix``) build on these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.http import AuthenticatedHttpRequest
from lib import revisions
from lib.concurrency import STALE_MESSAGE
from lib.errors import StateConflict
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed

from . import services, themas
from .forms import ThemaKoppelForm
from .models import Maatregel, Matrix, Risico

PER_PAGE = 25


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Risico's en maatregelen", reverse("risicos:overzicht")), *items)


def kept(
    request: AuthenticatedHttpRequest, template: str, build: Callable[[], dict[str, Any]], status: int = 200
) -> HttpResponse:
    """``template`` with its partial ``inhoud`` rendered from ``build()``'s context, kept per gemeente
    revision and member (lib.revisions.cached); ``build`` reads everything the part shows.

    A context with ``"fout": True`` (a filter form with errors) answers 400. The outer page gets
    ``breadcrumbs`` and ``titel`` from the context too, so a kept page runs no query for them.
    """

    def part() -> tuple[str, bool, Any, str]:
        context = build()
        html = render_to_string(f"{template}#inhoud", context, request)
        return html, bool(context.get("fout")), context.get("breadcrumbs"), str(context.get("titel", ""))

    html, fout, trail, titel = revisions.cached(request, template, part)
    context = {"inhoud": html, "breadcrumbs": trail, "titel": titel}
    return render(request, template, context, status=400 if fout else status)


def current_matrix(request: AuthenticatedHttpRequest) -> Matrix | None:
    return Matrix.objects.visible_to(request.membership).filter(status="actueel").first()


def not_started(request: AuthenticatedHttpRequest) -> HttpResponse:
    messages.info(request, services.NOT_STARTED)
    return redirect("risicos:overzicht")


def may(request: AuthenticatedHttpRequest, capability: str) -> bool:
    return allowed(capability, role=request.membership.role)


def refusal_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(getattr(error, "message", None) or error)


def confirm_delete(
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
                refusal = refusal_of(error)
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


def thema_links(member: Any, obj: Risico | Maatregel) -> dict[str, Any]:
    """The themes of veld 5 that point to ``obj``, and the form to add one (2 queries)."""
    links = themas.links_of(member, obj)
    may_link = allowed("risicos.edit", role=member.role) and services.may_change(member, obj.themas)
    return {"thema_links": links, "thema_form": ThemaKoppelForm(member=member, linked=links) if may_link else None}
