"""Personal API tokens: list, create (shown once, only the hash stored) and revoke."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, hash_token
from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/account/api-tokens"
NEW = "/account/api-tokens/nieuw"


def _create(client: Client, name: str = "Zaaksysteem", expires: str = "") -> str:
    response = client.post(NEW, {"name": name, "expires_on": expires})
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index(ApiToken.PREFIX)
    return html[start : html.index("<", start)]


def test_the_raw_token_is_shown_once_and_never_stored(client: Client, personas: Any) -> None:
    member = personas.members["coordinator"]
    client.force_login(member.user)
    raw = _create(client)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        token = ApiToken.objects.get(membership=member)
        with connection.cursor() as cursor:
            cursor.execute("SELECT row_to_json(t)::text FROM accounts_apitoken t WHERE id = %s", [token.pk])
            stored = cursor.fetchone()[0]
    assert token.key_hash == hash_token(raw)
    assert raw not in stored
    assert raw not in client.get(LIST).content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = SecurityEvent.objects.get(kind=SecurityEventKind.TOKEN_CREATED)
    assert raw not in event.detail and event.user == member.user


def test_a_created_token_authenticates_and_a_revoked_one_no_longer_does(client: Client, personas: Any) -> None:
    member = personas.members["coordinator"]
    client.force_login(member.user)
    raw = _create(client)
    api = Client()
    assert api.get("/api/v1/leden", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        token = ApiToken.objects.get(membership=member)
    confirm = client.get(f"/account/api-tokens/{token.pk}/intrekken")
    assert "Weet u zeker" in confirm.content.decode()
    assert client.post(f"/account/api-tokens/{token.pk}/intrekken")["Location"] == LIST
    assert api.get("/api/v1/leden", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED, user=member.user).exists()


def test_a_user_cannot_revoke_another_users_token(client: Client, personas: Any) -> None:
    token, _raw = factories.make_token(personas.members["bestuurder"])
    client.force_login(personas.user("coordinator"))
    assert client.get(f"/account/api-tokens/{token.pk}/intrekken").status_code == 404
    assert client.post(f"/account/api-tokens/{token.pk}/intrekken").status_code == 404
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_member_of_another_gemeente_cannot_revoke_it_either(client: Client, personas: Any) -> None:
    token, _raw = factories.make_token(personas.members["coordinator"])
    client.force_login(personas.user("coordinator_b"))
    assert client.post(f"/account/api-tokens/{token.pk}/intrekken").status_code == 404


def test_the_list_shows_only_own_tokens_of_the_active_gemeente(client: Client, personas: Any) -> None:
    factories.make_token(personas.members["coordinator"], name="Mijn koppeling")
    factories.make_token(personas.members["bestuurder"], name="Andermans koppeling")
    client.force_login(personas.user("coordinator"))
    html = client.get(LIST).content.decode()
    assert "Mijn koppeling" in html and "Andermans koppeling" not in html


def test_an_expiry_date_in_the_past_is_refused_in_dutch(client: Client, personas: Any) -> None:
    client.force_login(personas.user("coordinator"))
    response = client.post(NEW, {"name": "Oud", "expires_on": "2020-01-01"})
    assert "De einddatum moet na vandaag liggen." in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not ApiToken.objects.exists()


def test_an_expiry_date_at_the_end_of_the_calendar_is_refused_in_dutch(client: Client, personas: Any) -> None:
    client.force_login(personas.user("coordinator"))
    response = client.post(NEW, {"name": "Eeuwig", "expires_on": "9999-12-31"})
    assert response.status_code == 200
    assert "Vul een datum in tussen 01-01-1900 en 31-12-2999." in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not ApiToken.objects.exists()


def test_a_missing_name_is_refused_in_dutch(client: Client, personas: Any) -> None:
    client.force_login(personas.user("coordinator"))
    response = client.post(NEW, {"name": ""})
    assert "Geef het token een omschrijving." in response.content.decode()


def test_an_expiry_date_makes_the_token_valid_through_that_day(client: Client, personas: Any) -> None:
    client.force_login(personas.user("coordinator"))
    day = timezone.localdate() + timedelta(days=3)
    _create(client, expires=day.isoformat())
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        token = ApiToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == day + timedelta(days=1)
    assert timezone.localtime(token.expires_at).hour == 0


def test_a_platform_admin_without_membership_has_no_token_page(client: Client, personas: Any, settings: Any) -> None:
    settings.PLATFORM_ADMIN_MFA_REQUIRED = False
    client.force_login(personas.platform_admin)
    assert client.get(LIST).status_code == 403


def test_the_list_renders_within_its_query_budget(
    client: Client, personas: Any, django_assert_num_queries: Any
) -> None:
    for i in range(3):
        factories.make_token(personas.members["coordinator"], name=f"Koppeling {i}")
    client.force_login(personas.user("coordinator"))
    # 1 session, 2 user, 3 savepoint, 4 bind user, 5 active membership, 6 bind gemeente,
    # 7 the view: tokens of the active membership, 8 release, 9-11 savepoint, session save, release.
    with django_assert_num_queries(11):
        assert client.get(LIST).status_code == 200
