"""Logging out everywhere ends every session of the user, also the current one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy

pytestmark = pytest.mark.django_db

URL = "/account/overal-uitloggen"


def test_it_ends_the_sessions_on_both_devices(personas: Any) -> None:
    user = personas.user("auditor")
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    assert phone.get("/account").status_code == 200
    response = laptop.post(URL)
    assert response["Location"] == "/inloggen"
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302
    user.refresh_from_db()
    assert user.sessions_epoch == 1
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.LOGOUT_EVERYWHERE).exists()


def test_another_users_sessions_stay(personas: Any) -> None:
    mine, theirs = Client(), Client()
    mine.force_login(personas.user("auditor"))
    theirs.force_login(personas.user("melder"))
    mine.post(URL)
    assert theirs.get("/account").status_code == 200


def test_a_get_only_asks_for_confirmation(client: Client, personas: Any) -> None:
    client.force_login(personas.user("auditor"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Overal uitloggen" in response.content.decode()
    assert client.get("/account").status_code == 200


def test_the_idle_timeout_slides_with_activity_but_the_session_is_written_at_most_once_a_minute(
    personas: Any, monkeypatch: Any
) -> None:
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.urls import reverse
    from django.utils import timezone

    clock = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    client = Client()
    client.force_login(personas.user("auditor"))
    client.get(reverse("dashboard:home"))
    key = client.session.session_key

    def expiry() -> Any:
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    clock[0] += dt.timedelta(seconds=30)
    client.get(reverse("dashboard:home"))
    assert expiry() == first, "within a minute the session is not written again"
    clock[0] += dt.timedelta(seconds=31)
    client.get(reverse("dashboard:home"))
    assert expiry() > first, "after a minute of activity the idle timeout moves on"
