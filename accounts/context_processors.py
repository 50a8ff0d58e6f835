from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from lib.navigation import nav_items

from .middleware import mfa_pending


def kapstok(request: HttpRequest) -> dict[str, Any]:
    """What every page's shell needs: the active membership, gemeente and platform settings."""
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "gemeente": membership.gemeente if membership else None,
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "TOEGANKELIJKHEIDSVERKLARING_URL": settings.TOEGANKELIJKHEIDSVERKLARING_URL,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "nav_items": nav_items(request),
        # Until the second factor is given, the gemeente's own assets (theme, logo) stay out.
        "mfa_pending": mfa_pending(request),
    }
