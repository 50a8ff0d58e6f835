from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.http import UserHttpRequest
from lib.permissions import has, requires
from organisations.models import Membership, Role


@requires("user.self")
def home(request: UserHttpRequest) -> HttpResponse:
    """Start page of the active gemeente (platform-beheerders go to the gemeente registry)."""
    membership = request.membership
    if membership is None:
        if request.user.is_platform_admin:
            return redirect("organisations:platform_gemeenten")
        return render(request, "dashboard/no_membership.html", status=403)
    counts: list[tuple[str, int]] = []
    if has(request, "members.view"):
        # 1 query: member count per role
        per_role = dict(
            Membership.objects.visible_to(membership)
            .values_list("role")
            .annotate(n=Count("id"))
            .values_list("role", "n")
        )
        counts = [(str(label), per_role.get(role, 0)) for role, label in Role.choices]
    return render(
        request,
        "dashboard/home.html",
        {"counts": counts, "breadcrumbs": [{"label": "Overzicht", "url": None}]},
    )
