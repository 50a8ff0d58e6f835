"""Refused access (403) of logged-in users to the security log."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from . import services

log = logging.getLogger("kapstok.security")


class AccessDeniedMiddleware:
    """Record every 403 answered to a logged-in user as ``access_denied`` (rate-limited).

    Listed after the tenancy middleware in ``MIDDLEWARE``, so it runs in the request's
    transaction with the user's gemeente bound, and sees the final answer of pages
    (``PermissionDenied`` of ``lib.permissions.requires``), refused form posts (CSRF) and API
    operations alike (the API user is known once its token has been checked).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403 and request.user.is_authenticated:
            try:
                services.record_access_denied(request)
            except DatabaseError:  # never turn a refusal into a server error
                log.exception("could not record refused access")
        return response
