"""Changing the password: current password plus the new one twice; other sessions end."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/account/wachtwoord"
NEW = "Lantaarnpaal-Brug-Fiets-77"


def _form(old: str = PASSWORD, new1: str = NEW, new2: str = NEW) -> dict[str, str]:
    return {"old_password": old, "new_password1": new1, "new_password2": new2}


def test_a_valid_change_keeps_this_session_and_ends_the_others(personas: Any) -> None:
    user = personas.user("bestuurder")
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    response = here.post(URL, _form())
    assert response["Location"] == "/account"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = SecurityEvent.objects.get(user=user, kind=SecurityEventKind.PASSWORD_CHANGED)
    assert NEW not in event.detail


def test_a_wrong_current_password_is_refused_in_dutch(client: Client, personas: Any) -> None:
    user = personas.user("bestuurder")
    client.force_login(user)
    response = client.post(URL, _form(old="wrong"))
    assert "Uw huidige wachtwoord is niet juist" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_two_different_new_passwords_are_refused(client: Client, personas: Any) -> None:
    client.force_login(personas.user("bestuurder"))
    response = client.post(URL, _form(new2=NEW + "x"))
    assert "De twee nieuwe wachtwoorden zijn niet gelijk." in response.content.decode()


def test_a_weak_password_is_refused_by_the_validators_in_dutch(client: Client, personas: Any) -> None:
    user = personas.user("bestuurder")
    client.force_login(user)
    response = client.post(URL, _form(new1="kapstok1", new2="kapstok1"))
    html = response.content.decode()
    assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in html
    assert "lijkt te veel op" in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_page_renders_within_its_query_budget(
    client: Client, personas: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(personas.user("bestuurder"))
    # 1 session, 2 user, 3 savepoint, 4 bind user, 5 active membership, 6 bind gemeente,
    # 7 release, 8-10 savepoint, session save, release. The form itself queries nothing.
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200
