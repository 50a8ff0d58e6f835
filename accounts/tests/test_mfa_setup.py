"""Setting up the authenticator app: QR code and secret, confirm with a code, recovery codes once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy

from .helpers import current_code, make_totp, require_mfa_for

pytestmark = pytest.mark.django_db

SETUP = "/account/tweestapsverificatie/instellen"


def test_the_setup_page_shows_a_qr_code_image_and_the_secret_for_manual_entry(client: Client, personas: Any) -> None:
    user = personas.user("coordinator")
    client.force_login(user)
    response = client.get(SETUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'kapstok-secret">([A-Z2-7 ]+)<', html)
    assert shown and shown.group(1).replace(" ", "") == secret


def test_reloading_the_setup_page_keeps_the_same_secret(client: Client, personas: Any) -> None:
    client.force_login(personas.user("coordinator"))
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=personas.user("coordinator")).count() == 1


def test_a_wrong_confirmation_code_changes_nothing(client: Client, personas: Any) -> None:
    user = personas.user("coordinator")
    client.force_login(user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000x"})
    assert response.status_code == 200
    assert "Deze code is niet juist of al gebruikt" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_a_right_code_enables_mfa_shows_ten_recovery_codes_once_and_opens_the_dashboard(
    client: Client, personas: Any
) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    user = personas.user("coordinator")
    client.force_login(user)
    assert client.get("/").status_code == 302
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"code": current_code(device), "next": "/"})
    html = response.content.decode()
    codes = re.findall(r'<code class="utrecht-code">([a-z2-9]{5}-[a-z2-9]{5})</code>', html)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/").status_code == 200  # this session is verified by the setup itself
    assert client.get(SETUP).status_code == 302  # codes are not shown again
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.MFA_ENABLED).count() == 1


def test_a_user_with_mfa_is_sent_back_from_the_setup_page(client: Client, personas: Any) -> None:
    user = personas.user("melder")
    device = make_totp(user)
    client.force_login(user)
    client.post("/account/tweestapsverificatie/controleren", {"code": current_code(device)})
    assert client.get(SETUP)["Location"] == "/account/tweestapsverificatie"


def test_the_status_page_renders_within_its_query_budget(
    client: Client, personas: Any, django_assert_num_queries: Any
) -> None:
    user = personas.user("melder")
    client.force_login(user)
    # 1 session, 2 user, 3 savepoint, 4 bind user, 5 active membership, 6 bind gemeente,
    # 7 the view: a confirmed authenticator exists (none, so no count of recovery codes),
    # 8 release, 9-11 savepoint, session save, release.
    with django_assert_num_queries(11):
        response = client.get("/account/tweestapsverificatie")
    assert "niet ingesteld" in response.content.decode()
