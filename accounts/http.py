"""The request types of Kapstok's views.

Django types ``request.user`` as "a user or an anonymous user" and knows nothing of the active
membership that :class:`accounts.middleware.TenancyMiddleware` adds. Views that
``lib.permissions.requires`` a capability annotate their request with one of these types
instead, so the type checker knows what is there (as healthchecks' ``AuthenticatedHttpRequest``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from organisations.models import Membership

from .models import User


class UserHttpRequest(HttpRequest):
    """A request of a logged-in person, who may have no membership (a platform-beheerder)."""

    user: User
    membership: Membership | None
    htmx: HtmxDetails  # django-htmx: whether htmx made the request, and its details


class AuthenticatedHttpRequest(UserHttpRequest):
    """A request of a member of the active gemeente: every view behind a gemeente capability.

    ``lib.permissions.requires`` lets such a view run only for a role of the active gemeente,
    so ``membership`` is always set there.
    """

    membership: Membership
