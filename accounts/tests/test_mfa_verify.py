"""Entering the second factor: required by role per gemeente, or because the user set it up."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy

from .helpers import current_code, make_recovery_codes, make_totp, require_mfa_for

pytestmark = pytest.mark.django_db

VERIFY = "/account/tweestapsverificatie/controleren"


def test_a_coordinator_who_must_use_mfa_is_sent_to_verify_before_the_dashboard(client: Client, personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    client.force_login(personas.user("coordinator"))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2F"


def test_without_a_device_the_verify_page_sends_the_coordinator_to_set_one_up(client: Client, personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    client.force_login(personas.user("coordinator"))
    response = client.get(f"{VERIFY}?next=/")
    assert response.status_code == 302
    assert response["Location"] == "/account/tweestapsverificatie/instellen?next=%2F"


def test_a_melder_in_the_same_gemeente_is_not_asked_for_a_second_factor(client: Client, personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    client.force_login(personas.user("melder"))
    assert client.get("/").status_code == 200


def test_a_valid_code_opens_the_dashboard(client: Client, personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    user = personas.user("coordinator")
    device = make_totp(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": current_code(device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_in_dutch_and_the_dashboard_stays_closed(client: Client, personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    user = personas.user("coordinator")
    device = make_totp(user)
    client.force_login(user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": "/"})
    assert response.status_code == 200
    assert "Deze code is niet juist of al gebruikt" in response.content.decode()
    assert client.get("/").status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.MFA_FAILED).count() == 1


def test_an_empty_code_gets_a_dutch_message(client: Client, personas: Any) -> None:
    user = personas.user("coordinator")
    make_totp(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": ""})
    assert "Vul de code in." in response.content.decode()


def test_a_recovery_code_works_once(personas: Any) -> None:
    require_mfa_for(personas.gemeente_a, "coordinator")
    user = personas.user("coordinator")
    make_totp(user)
    make_recovery_codes(user, "abcde23456", "fghjk78923")
    first, second = Client(), Client()
    first.force_login(user)
    assert first.post(VERIFY, {"code": "abcde-23456", "next": "/"})["Location"] == "/"
    assert first.get("/").status_code == 200
    second.force_login(user)
    response = second.post(VERIFY, {"code": "abcde-23456", "next": "/"})
    assert response.status_code == 200
    assert "Deze code is niet juist of al gebruikt" in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        used = SecurityEvent.objects.get(user=user, kind=SecurityEventKind.RECOVERY_USED)
    assert used.detail == "nog 1 over"
    assert "abcde" not in used.detail


def test_a_user_who_set_up_mfa_voluntarily_is_asked_for_it_too(client: Client, personas: Any) -> None:
    user = personas.user("melder")
    make_totp(user)
    client.force_login(user)  # login notes that this user has a second factor
    assert client.get("/")["Location"].startswith(VERIFY)


def test_an_outside_next_address_is_ignored(client: Client, personas: Any) -> None:
    user = personas.user("coordinator")
    device = make_totp(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_verify_page_renders_within_its_query_budget(
    client: Client, personas: Any, django_assert_num_queries: Any
) -> None:
    user = personas.user("coordinator")
    make_totp(user)
    client.force_login(user)
    # 1 session, 2 user, 3 savepoint (request transaction), 4 bind user, 5 active membership
    # with gemeente and partner, 6 bind its gemeente, 7 the view: a confirmed authenticator
    # exists, 8 release savepoint, 9-11 savepoint, session save (SAVE_EVERY_REQUEST), release.
    with django_assert_num_queries(11):
        response = client.get(VERIFY)
    assert response.status_code == 200
