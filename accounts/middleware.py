from __future__ import annotations

from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from lib import tenancy
from organisations.models import Membership

from .http import UserHttpRequest
from .models import SESSION_GEMEENTE_KEY

LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
# The idle timeout slides with activity; the session is written (its expiry moved) at most once
# a minute instead of on every request, so most pages cost no session UPDATE.
SESSION_REFRESH_SECONDS = 60
# Set at login (accounts.signals): the user has set up a second factor, so it is always asked.
MFA_ENROLLED_KEY = "mfa_enrolled"

# Paths a logged-in user may reach before completing the second factor.
MFA_EXEMPT_PREFIXES = ("/account/tweestaps", "/uitloggen", "/oidc/", "/static/", "/api/", "/toegankelijkheid")


def bind_request(request: HttpRequest) -> Membership | None:
    """Bind the request's user and active gemeente (lib.tenancy); set and return the membership.

    The active gemeente is the one chosen in the session, if the user still has a membership
    there; otherwise the user's first membership by gemeente name.
    """
    user = getattr(request, "user", None)
    typed = cast(UserHttpRequest, request)  # the attribute `membership` is what this function adds
    typed.membership = None
    if user is None or not user.is_authenticated:
        tenancy.bind()
        return None
    chosen = request.session.get(SESSION_GEMEENTE_KEY) if hasattr(request, "session") else None
    tenancy.bind(gemeente=chosen, user=user.pk, platform=user.is_platform_admin)
    # The gemeente's logo (up to 512 kB) is left out: only the logo's own URL sends it.
    memberships = Membership.objects.filter(user=user).select_related("gemeente", "partner").defer("gemeente__logo")
    membership = memberships.filter(gemeente_id=chosen).first() if chosen else None
    if membership is None:
        membership = memberships.order_by("gemeente__name").first()
        gemeente = membership.gemeente_id if membership else None
        tenancy.bind(gemeente=gemeente, user=user.pk, platform=user.is_platform_admin)
        if membership is not None and membership.partner_id:
            # The partner organisation is gemeente data: row-level security showed it only now.
            membership = memberships.get(pk=membership.pk)
        if membership is not None and hasattr(request, "session"):
            request.session[SESSION_GEMEENTE_KEY] = str(membership.gemeente_id)  # one bind from now on
    typed.membership = membership
    return membership


class TenancyMiddleware:
    """Run the whole request in one transaction with the tenancy settings bound."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            bind_request(request)
            return self.get_response(request)


class SessionLimitsMiddleware:
    """End a session after SESSION_ABSOLUTE_HOURS, however active it was; slide the idle timeout.

    An active session is saved (and its expiry, SESSION_COOKIE_AGE from now, moved) when a
    minute has passed since it was last saved: the idle timeout holds to the minute without a
    database write on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())  # the clock the session store uses for expiry
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                return redirect(settings.LOGIN_URL and reverse(settings.LOGIN_URL))
            if now - request.session.get(SEEN_AT, 0) >= SESSION_REFRESH_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)


def mfa_required(request: HttpRequest) -> bool:
    """Whether the user must pass a second factor in the active gemeente."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_platform_admin and settings.PLATFORM_ADMIN_MFA_REQUIRED:
        return True
    membership = getattr(request, "membership", None)
    return bool(membership and membership.gemeente.mfa_required_for(membership.role))


def mfa_pending(request: HttpRequest) -> bool:
    """Logged in, but the second factor this user needs has not been given in this session."""
    return bool(
        request.user.is_authenticated
        and not request.user.is_verified()  # authenticated, so a User
        and not request.session.get("mfa_via_idp")
        and (request.session.get(MFA_ENROLLED_KEY) or mfa_required(request))
    )


class MfaRequiredMiddleware:
    """Send users who need a second factor to set it up or enter it before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(MFA_EXEMPT_PREFIXES) and mfa_pending(request):
            return redirect(reverse("accounts:mfa_verify") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
