from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.http import UserHttpRequest
from lib.permissions import requires

from .blocks import blocks_for


@requires("user.self")
def home(request: UserHttpRequest) -> HttpResponse:
    """Start page of the active gemeente: per capability, what the member needs to act on today.

    Platform-beheerders go to the gemeente registry; a user without a membership is told to ask
    for an invitation. The blocks and their queries are in dashboard/blocks.py.
    """
    membership = request.membership
    if membership is None:
        if request.user.is_platform_admin:
            return redirect("organisations:platform_gemeenten")
        return render(request, "dashboard/no_membership.html", status=403)
    context = {"blocks": blocks_for(membership), "breadcrumbs": [{"label": "Overzicht", "url": None}]}
    return render(request, "dashboard/home.html", context)
