"""Logging in with e-mail and password, and the lockout after repeated failures."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/inloggen"


def _post(client: Client, email: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_a_real_login_through_the_form_starts_a_session(client: Client, personas: Any) -> None:
    response = _post(client, "melder@aastad.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(personas.user("melder").pk)


def test_the_email_address_is_matched_case_insensitively(client: Client, personas: Any) -> None:
    response = _post(client, "Melder@Aastad.example", PASSWORD)
    assert response.status_code == 302


def test_a_wrong_password_gives_a_dutch_error_and_no_session(client: Client, personas: Any) -> None:
    response = _post(client, "melder@aastad.example", "not-the-password")
    assert response.status_code == 200
    assert "Deze combinatie van e-mailadres en wachtwoord is onbekend" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_the_failure_limit_even_the_right_password_is_refused(client: Client, personas: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "melder@aastad.example", "wrong-wrong-wrong")
    response = _post(client, "melder@aastad.example", PASSWORD)
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_from_one_address_does_not_lock_the_user_out_elsewhere(personas: Any) -> None:
    attacker, owner = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(attacker, "melder@aastad.example", "wrong-wrong-wrong", ip="203.0.113.9")
    assert _post(attacker, "melder@aastad.example", PASSWORD, ip="203.0.113.9").status_code == 429
    response = _post(owner, "melder@aastad.example", PASSWORD, ip="10.1.2.3")
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(personas.user("melder").pk)


def test_with_the_configured_hashers_passwords_are_stored_with_argon2_and_login_works(
    client: Client, settings: Any
) -> None:
    import importlib

    from tests import factories

    settings.PASSWORD_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS
    user = factories.make_user("argon@aastad.example")
    assert user.password.startswith("argon2$")
    assert _post(client, user.email, PASSWORD).status_code == 302


# Every spelling login accepts: case, surrounding spaces, and letters PostgreSQL upper-cases to
# ASCII (dotless ı -> I, long ſ -> S), which the iexact lookup of the login matches too.
SPELLINGS = [
    "MELDER@AASTAD.EXAMPLE",
    "Melder@Aastad.Example",
    "  melder@aastad.example  ",
    "\tmelder@AASTAD.example\n",
    "melder@aaſtad.example",
]


@pytest.mark.parametrize("variant", SPELLINGS)
def test_a_lockout_holds_for_every_spelling_of_the_address_that_logs_in(
    client: Client, personas: Any, variant: str
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "melder@aastad.example", "wrong-wrong-wrong")
    response = _post(client, variant, PASSWORD)
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_under_different_spellings_count_against_one_budget(client: Client, personas: Any) -> None:
    spellings = ["melder@aastad.example", "MELDER@aastad.example", " Melder@Aastad.EXAMPLE", "melder@aaſtad.example"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _post(client, spellings[attempt % len(spellings)], "wrong-wrong-wrong")
    response = _post(client, "melder@aastad.example", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_login_under_another_spelling_resets_the_failures(client: Client, personas: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "melder@aastad.example", "wrong-wrong-wrong")
    assert _post(Client(), "MELDER@aastad.example", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "Melder@aastad.example", "wrong-wrong-wrong")
    assert _post(client, "melder@aastad.example", PASSWORD).status_code == 302


def test_a_dotless_i_reaches_the_same_account_and_the_same_lockout(client: Client, personas: Any) -> None:
    # The login lookup (email__iexact, i.e. UPPER() in PostgreSQL) maps "ı" to "I".
    assert _post(Client(), "coordınator@aastad.example", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "coordinator@aastad.example", "wrong-wrong-wrong")
    assert _post(client, "coordınator@aastad.example", PASSWORD).status_code == 429
