from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lib.permissions import requires

from .models import SecurityEvent


@requires("history.view")
def history(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/history.html", {"events": []})


@requires("securitylog.view")
def security_log(request: HttpRequest) -> HttpResponse:
    events = SecurityEvent.objects.visible_to(request.membership).select_related("user")[:100]  # type: ignore[attr-defined]
    return render(request, "audit/security_log.html", {"events": list(events)})
