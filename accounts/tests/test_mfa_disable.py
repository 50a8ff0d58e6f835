"""Switching the second factor off needs a current code, and is refused where it is required."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy

from .helpers import current_code, make_recovery_codes, make_totp, require_mfa_for

pytestmark = pytest.mark.django_db

DISABLE = "/account/tweestapsverificatie/uitschakelen"


def _verified_client(user: Any) -> tuple[Client, Any]:
    client = Client()
    device = make_totp(user)
    make_recovery_codes(user, "abcde23456")
    client.force_login(user)
    client.post("/account/tweestapsverificatie/controleren", {"code": "abcde23456"})
    return client, device


def test_a_current_code_removes_the_authenticator_and_the_recovery_codes(personas: Any) -> None:
    user = personas.user("melder")
    client, device = _verified_client(user)
    response = client.post(DISABLE, {"code": current_code(device)})
    assert response["Location"] == "/account/tweestapsverificatie"
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.MFA_DISABLED).exists()
    assert client.get("/").status_code == 200


def test_a_wrong_code_leaves_mfa_in_place(personas: Any) -> None:
    user = personas.user("melder")
    client, device = _verified_client(user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(DISABLE, {"code": wrong})
    assert "Deze code is niet juist of al gebruikt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_it_is_refused_when_the_role_requires_mfa(personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    user = personas.user("coordinator")
    client, device = _verified_client(user)
    response = client.post(DISABLE, {"code": current_code(device)}, follow=True)
    assert "Voor uw rol is tweestapsverificatie verplicht" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
