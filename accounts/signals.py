"""Authentication events to the security log.

Django's own signals cover login, failed login and logout (also through django-axes and the
OIDC backend); the receivers are connected in ``AccountsConfig.ready``. Second-factor, password,
session and token events are recorded by ``accounts.services`` itself. Nothing secret
(password, code, token) is ever logged.
"""

from __future__ import annotations

from typing import Any

from audit.models import SecurityEventKind

OIDC_BACKEND = "accounts.oidc.KapstokOIDCBackend"


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from . import services

    if request is not None and hasattr(request, "session"):
        request.session[services.SESSION_MFA_ENROLLED] = services.has_second_factor(user)
        if getattr(user, "backend", "") != OIDC_BACKEND:
            request.session.pop("mfa_via_idp", None)
    via = "oidc" if getattr(user, "backend", "") == OIDC_BACKEND else "wachtwoord"
    services.record_for_user(SecurityEventKind.LOGIN, user=user, request=request, detail=via)


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from . import services
    from .models import User

    if request is not None and getattr(request, "axes_locked_out", False):
        return  # the lockout page records this attempt as a lockout
    username = str(credentials.get("username") or credentials.get("email") or "")[:254]
    user = User.objects.filter(email__iexact=username).first() if username else None
    services.record_for_user(SecurityEventKind.LOGIN_FAILED, user=user, request=request, username=username)


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from . import services

    if user is not None:
        services.record_for_user(SecurityEventKind.LOGOUT, user=user, request=request)


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="accounts.security.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.security.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="accounts.security.logout")
