"""The profile page: memberships and the links to the security pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_profile_links_to_mfa_password_logout_everywhere_and_tokens(client: Client, personas: Any) -> None:
    client.force_login(personas.user("melder"))
    html = client.get("/account").content.decode()
    for href in (
        "/account/tweestapsverificatie",
        "/account/wachtwoord",
        "/account/overal-uitloggen",
        "/account/api-tokens",
    ):
        assert f'href="{href}"' in html


def test_a_platform_admin_without_gemeente_sees_no_token_link(client: Client, personas: Any) -> None:
    client.force_login(personas.platform_admin)
    client.session  # noqa: B018
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=personas.platform_admin, confirmed=True)
    from .helpers import current_code

    client.post("/account/tweestapsverificatie/controleren", {"code": current_code(device)})
    html = client.get("/account").content.decode()
    assert "/account/wachtwoord" in html
    assert "/account/api-tokens" not in html


def test_the_profile_renders_within_its_query_budget(
    client: Client, personas: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(personas.user("melder"))
    # 1 session, 2 user, 3 savepoint, 4 bind user, 5 active membership, 6 bind gemeente,
    # 7 the view: the user's memberships with their gemeente, 8 release,
    # 9-11 savepoint, session save, release.
    with django_assert_num_queries(11):
        assert client.get("/account").status_code == 200


def test_a_ketenpartner_sees_their_partner_organisation_already_on_the_first_page_after_login(personas: Any) -> None:
    from django.urls import reverse

    client = Client()
    client.force_login(personas.user("ketenpartner"))
    page = client.get(reverse("dashboard:home")).content.decode()  # the first request of the session
    assert f"namens {personas.partner_a.name}" in page
