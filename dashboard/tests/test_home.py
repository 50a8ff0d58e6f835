from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_start_page_greets_the_user_in_their_gemeente_and_role(personas: Any) -> None:
    body = _client(personas.user("thema_eigenaar")).get("/").content.decode()
    assert "Overzicht Gemeente Aastad" in body
    assert "thema-eigenaar" in body and "Informatiebeveiliging" in body


def test_the_coordinator_sees_member_counts_per_role(personas: Any) -> None:
    body = _client(personas.user("coordinator")).get("/").content.decode()
    assert "Leden per rol" in body and "Ketenpartner" in body


def test_a_melder_sees_no_member_counts(personas: Any) -> None:
    assert "Leden per rol" not in _client(personas.user("melder")).get("/").content.decode()


def test_a_platform_admin_lands_on_the_gemeente_registry(personas: Any) -> None:
    response = _client(personas.platform_admin).get("/")
    assert response.status_code == 302 and response["Location"] == "/platform/gemeenten"


def test_a_user_without_membership_is_told_to_ask_for_an_invitation(personas: Any) -> None:
    from tests.factories import make_user

    response = _client(make_user("los@example.org")).get("/")
    assert response.status_code == 403
    assert "uitnodiging" in response.content.decode()
