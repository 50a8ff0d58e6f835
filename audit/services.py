"""Writing the security log."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest

from .models import SecurityEvent

log = logging.getLogger("kapstok.security")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_security_event(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    gemeente_id: Any = None,
    username: str = "",
    origin: str = "web",
    detail: str = "",
) -> SecurityEvent:
    """Store a security event for the gemeente (if any) and emit it as a JSON log line.

    Never pass secrets (passwords, tokens, codes) in ``detail``.
    """
    if request is not None and gemeente_id is None:
        membership = getattr(request, "membership", None)
        gemeente_id = membership.gemeente_id if membership else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    event = SecurityEvent.objects.create(
        kind=kind,
        gemeente_id=gemeente_id,
        user=user,
        username=(username or (user.email if user else ""))[:254],
        ip_address=client_ip(request),
        origin=origin,
        detail=detail[:300],
    )
    log.info(
        json.dumps(
            {
                "event": kind,
                "gemeente": str(gemeente_id) if gemeente_id else None,
                "user": user.pk if user else None,
                "username": event.username,
                "ip": event.ip_address,
                "origin": origin,
                "detail": event.detail,
            },
            ensure_ascii=True,
        )
    )
    return event
