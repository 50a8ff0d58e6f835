"""Personal API tokens for the REST API, and binding the token's gemeente after authentication."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pghistory
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from audit.models import SecurityEventKind
from audit.services import record_security_event
from lib import tenancy
from organisations.models import Membership

from .http import UserHttpRequest
from .models import ApiToken, hash_token

USE_LOG_INTERVAL = timedelta(hours=1)


def authenticate_token(request: HttpRequest, raw: str) -> ApiToken | None:
    """Find an active token; on success bind its gemeente for the rest of the request.

    Row-level security shows the token row only to whoever presents its hash, and the
    membership only once the token's gemeente is bound, hence the two steps.
    """
    key_hash = hash_token(raw)
    tenancy.bind(token=key_hash)
    token = ApiToken.objects.filter(key_hash=key_hash).first()
    if token is None:
        _reject(request, gemeente_id=None)
        return None
    tenancy.bind(gemeente=token.gemeente_id, token=key_hash)
    membership = Membership.objects.select_related("user", "gemeente", "partner").filter(pk=token.membership_id).first()
    if not token.is_active or membership is None or not membership.user.is_active:
        _reject(request, gemeente_id=token.gemeente_id, detail=token.name)
        return None
    token.membership = membership
    tenancy.bind(gemeente=membership.gemeente_id, user=membership.user_id, token=key_hash)
    request.user = membership.user  # also puts the user into the history context
    cast(UserHttpRequest, request).membership = membership  # django-ninja keeps the token itself as request.auth
    pghistory.context(origin="api", token=token.key_hint)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_LOG_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        record_security_event(
            SecurityEventKind.TOKEN_USED,
            request=request,
            user=membership.user,
            gemeente_id=membership.gemeente_id,
            origin="api",
            detail=token.name,
        )
    return token


def _reject(request: HttpRequest, *, gemeente_id: Any, detail: str = "") -> None:
    """Log a refused token (stored for its gemeente when the token is known), then unbind."""
    record_security_event(
        SecurityEventKind.TOKEN_REJECTED, request=request, gemeente_id=gemeente_id, origin="api", detail=detail
    )
    tenancy.bind()


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return authenticate_token(request, token)
