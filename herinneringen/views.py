from __future__ import annotations

from itertools import islice

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from lib.navigation import breadcrumbs
from lib.permissions import requires

from . import services
from .forms import VoorkeurForm
from .models import VerstuurdeHerinnering

RECENT = 20  # the last reminders sent that the page lists
OPEN = 100  # the open points the page lists at most


@requires("account.self")
def mijn(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's reminders in the active gemeente: on or off, what is open now, what was sent (3 queries)."""
    membership = request.membership
    form = VoorkeurForm(request.POST or None, initial={"herinneringen": "aan" if membership.herinneringen else "uit"})
    if request.method == "POST" and form.is_valid():
        services.zet_voorkeur(membership, aan=form.aan)
        gemeente = membership.gemeente.name
        messages.success(
            request,
            f"U krijgt herinneringen uit {gemeente} per e-mail."
            if form.aan
            else f"U krijgt geen herinneringen uit {gemeente} meer per e-mail.",
        )
        return redirect("herinneringen:mijn")
    verstuurd = VerstuurdeHerinnering.objects.filter(membership=membership).order_by("-created_at", "titel")[:RECENT]
    punten = list(islice(services.open_punten(timezone.localdate(), services.STANDAARD_DAGEN, membership), OPEN + 1))
    context = {
        "form": form,
        "groepen": services.per_kop(punten[:OPEN]),
        "meer": len(punten) > OPEN,
        "dagen": services.STANDAARD_DAGEN,
        "verstuurd": verstuurd,
        "today": timezone.localdate(),
        "breadcrumbs": breadcrumbs(("Mijn account", reverse("accounts:profile")), ("Herinneringen", None), home=False),
    }
    return render(request, "herinneringen/mijn.html", context, status=400 if form.errors else 200)
