"""Optional login through an OpenID Connect provider (for example Microsoft Entra ID).

Only people who already have an active Kapstok account (they were invited by a coördinator)
can log in this way; they are matched on the e-mail claim. No account is ever created here.
When the provider asserts that it did multi-factor authentication, Kapstok does not ask for
its own second factor again (``OIDC_MFA_FROM_IDP``). See docs/oidc.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User

log = logging.getLogger("kapstok.security")

SESSION_MFA_VIA_IDP = "mfa_via_idp"
# Values of the "amr" claim (RFC 8176) that show a second factor was used.
MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk", "swk", "sc", "fido"})


def mfa_asserted(claims: Mapping[str, Any]) -> bool:
    """Whether the provider's claims show multi-factor authentication."""
    if not getattr(settings, "OIDC_MFA_FROM_IDP", True):
        return False
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if isinstance(amr, Iterable) and MFA_AMR_VALUES.intersection(str(v).lower() for v in amr):
        return True
    accepted_acr = set(getattr(settings, "OIDC_MFA_ACR_VALUES", []) or [])
    return bool(accepted_acr and str(claims.get("acr", "")) in accepted_acr)


class KapstokOIDCBackend(OIDCAuthenticationBackend):
    """Log in an existing, active user by the e-mail claim; never create one."""

    def verify_claims(self, claims: Mapping[str, Any]) -> bool:
        email = claims.get("email")
        if not isinstance(email, str) or "@" not in email:
            return False
        return claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: Mapping[str, Any]) -> Any:
        email = claims.get("email")
        if not self.verify_claims(claims):
            return User.objects.none()
        return User.objects.filter(email__iexact=str(email).strip(), is_active=True)

    def create_user(self, claims: Mapping[str, Any]) -> None:
        """People are invited first; an unknown e-mail address does not get an account."""
        log.info("oidc login refused: no active account for the e-mail claim")
        return None

    def update_user(self, user: User, claims: Mapping[str, Any]) -> User:
        return user  # the provider does not change names or addresses in Kapstok

    def get_or_create_user(self, access_token: str, id_token: str, payload: Mapping[str, Any]) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        request = getattr(self, "request", None)
        if user is not None and request is not None and hasattr(request, "session"):
            # amr/acr are claims of the ID token (payload); some providers repeat them in userinfo.
            request.session[SESSION_MFA_VIA_IDP] = mfa_asserted(payload)
        return user

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
