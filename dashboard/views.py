from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from accounts.http import UserHttpRequest
from lib import revisions
from lib.permissions import requires

from .blocks import blocks_for


@requires("user.self")
def home(request: UserHttpRequest) -> HttpResponse:
    """Start page of the active gemeente: per capability, what the member needs to act on today.

    Platform-beheerders go to the gemeente registry; a user without a membership is told to ask
    for an invitation. The blocks and their queries are in dashboard/blocks.py; they are kept per
    gemeente revision (lib.revisions.cached), so a repeated visit reads only the revision.
    """
    membership = request.membership
    if membership is None:
        if request.user.is_platform_admin:
            return redirect("organisations:platform_gemeenten")
        return render(request, "dashboard/no_membership.html", status=403)
    # The rendered blocks are kept per gemeente revision and member (the recent changes read the whole
    # history of the gemeente: audit.history.actions_for), and per browser: a block may hold a form.
    blocks = revisions.cached(
        request,
        "dashboard:blocks",
        lambda: render_to_string("dashboard/home.html#blocks", {"blocks": blocks_for(membership)}, request),
    )
    context = {"blocks": blocks, "breadcrumbs": [{"label": "Overzicht", "url": None}]}
    return render(request, "dashboard/home.html", context)
