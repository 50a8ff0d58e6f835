"""The OpenID Connect backend: existing active users by e-mail only, MFA taken from the claims."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from accounts.oidc import KapstokOIDCBackend, mfa_asserted
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc_settings(settings: Any) -> Any:
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.microsoftonline.com/t/oauth2/v2.0/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://graph.microsoft.com/oidc/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.microsoftonline.com/t/discovery/v2.0/keys"
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_CREATE_USER = False
    settings.OIDC_MFA_FROM_IDP = True
    return settings


def _backend(claims: dict[str, Any]) -> tuple[KapstokOIDCBackend, Any]:
    backend = KapstokOIDCBackend()
    request = RequestFactory().get("/oidc/callback/")
    request.session = SessionStore()
    backend.request = request
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    return backend, request


def test_an_existing_active_user_is_found_by_the_email_claim_case_insensitively(oidc_settings: Any) -> None:
    user = factories.make_user("ciso@aastad.example")
    backend, _ = _backend({"email": "CISO@Aastad.example"})
    assert backend.get_or_create_user("at", "it", {"amr": ["pwd"]}) == user


def test_an_unknown_email_gets_no_account(oidc_settings: Any) -> None:
    from accounts.models import User

    backend, _ = _backend({"email": "nieuw@aastad.example"})
    assert backend.get_or_create_user("at", "it", {}) is None
    assert not User.objects.filter(email="nieuw@aastad.example").exists()


def test_an_inactive_user_is_not_logged_in(oidc_settings: Any) -> None:
    user = factories.make_user("oud@aastad.example")
    user.is_active = False
    user.save()
    backend, _ = _backend({"email": "oud@aastad.example"})
    assert backend.get_or_create_user("at", "it", {}) is None
    assert backend.get_user(user.pk) is None


def test_claims_without_email_or_with_an_unverified_email_are_refused(oidc_settings: Any) -> None:
    factories.make_user("ciso@aastad.example")
    backend = KapstokOIDCBackend()
    assert not backend.filter_users_by_claims({"sub": "x"}).exists()
    assert not backend.filter_users_by_claims({"email": "ciso@aastad.example", "email_verified": False}).exists()
    assert backend.filter_users_by_claims({"email": "ciso@aastad.example", "email_verified": True}).exists()


def test_mfa_in_the_amr_claim_marks_the_session(oidc_settings: Any) -> None:
    factories.make_user("ciso@aastad.example")
    backend, request = _backend({"email": "ciso@aastad.example"})
    backend.get_or_create_user("at", "it", {"amr": ["pwd", "mfa"]})
    assert request.session["mfa_via_idp"] is True


def test_a_password_only_login_at_the_provider_does_not_mark_the_session(oidc_settings: Any) -> None:
    factories.make_user("ciso@aastad.example")
    backend, request = _backend({"email": "ciso@aastad.example"})
    backend.get_or_create_user("at", "it", {"amr": ["pwd"]})
    assert request.session["mfa_via_idp"] is False


def test_otp_in_amr_or_a_configured_acr_counts_as_mfa(oidc_settings: Any) -> None:
    assert mfa_asserted({"amr": ["otp"]})
    assert mfa_asserted({"amr": "mfa"})
    assert not mfa_asserted({"acr": "urn:example:loa:high"})
    oidc_settings.OIDC_MFA_ACR_VALUES = ["urn:example:loa:high"]
    assert mfa_asserted({"acr": "urn:example:loa:high"})
    assert not mfa_asserted({"acr": "urn:example:loa:low"})


def test_mfa_from_the_provider_is_ignored_when_switched_off(oidc_settings: Any) -> None:
    oidc_settings.OIDC_MFA_FROM_IDP = False
    assert not mfa_asserted({"amr": ["mfa"]})


def test_a_password_login_clears_an_old_mfa_via_idp_flag(client: Any, personas: Any) -> None:
    from tests.factories import PASSWORD

    session = client.session
    session["mfa_via_idp"] = True
    session.save()
    client.post("/inloggen", {"username": "melder@aastad.example", "password": PASSWORD}, REMOTE_ADDR="10.0.0.5")
    assert "mfa_via_idp" not in client.session
