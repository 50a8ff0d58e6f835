"""Authentication events reach the security log of every gemeente of the person, never a secret."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from accounts import services
from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _kinds(gemeente: Any, user: Any = None) -> list[str]:
    with tenancy.bound(gemeente=gemeente.pk):
        rows = SecurityEvent.objects.filter(gemeente=gemeente)
        if user is not None:
            rows = rows.filter(user=user)
        return list(rows.order_by("id").values_list("kind", flat=True))


def _login(client: Client, email: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post("/inloggen", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_a_login_is_recorded_once_in_each_gemeente_of_the_user(client: Client, personas: Any) -> None:
    user = personas.user("coordinator_b")
    factories.make_member(personas.gemeente_a, user, "auditor")
    _login(client, user.email, PASSWORD)
    assert _kinds(personas.gemeente_a, user) == [SecurityEventKind.LOGIN]
    assert _kinds(personas.gemeente_b, user) == [SecurityEventKind.LOGIN]


def test_a_failed_login_of_a_known_user_is_recorded_without_the_password(
    client: Client, personas: Any, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="kapstok.security")
    user = personas.user("melder")
    _login(client, user.email, "Geheim-Wachtwoord-123")
    assert _kinds(personas.gemeente_a, user) == [SecurityEventKind.LOGIN_FAILED]
    assert "login_failed" in caplog.text
    assert "Geheim-Wachtwoord-123" not in caplog.text
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = SecurityEvent.objects.get(user=user)
    assert "Geheim-Wachtwoord-123" not in f"{event.username} {event.detail}"


def test_a_failed_login_for_an_unknown_name_goes_to_the_log_stream_only(
    client: Client, personas: Any, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="kapstok.security")
    _login(client, "niemand@example.org", "Geheim-Wachtwoord-123")
    assert '"username": "niemand@example.org"' in caplog.text
    assert '"gemeente": null' in caplog.text
    assert "Geheim-Wachtwoord-123" not in caplog.text
    assert _kinds(personas.gemeente_a) == []


def test_a_lockout_is_recorded_for_the_gemeente_of_the_user(client: Client, personas: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="kapstok.security")
    user = personas.user("melder")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.email, "Geheim-Wachtwoord-123")
    assert _login(client, user.email, PASSWORD).status_code == 429
    kinds = _kinds(personas.gemeente_a, user)
    assert kinds.count(SecurityEventKind.LOGIN_FAILED) == settings.AXES_FAILURE_LIMIT - 1
    assert SecurityEventKind.LOCKOUT in kinds
    assert PASSWORD not in caplog.text and "Geheim-Wachtwoord-123" not in caplog.text


def test_a_logout_is_recorded(client: Client, personas: Any) -> None:
    user = personas.user("bestuurder")
    client.force_login(user)
    client.post("/uitloggen")
    assert _kinds(personas.gemeente_a, user)[-1] == SecurityEventKind.LOGOUT


def test_events_of_a_platform_admin_without_gemeente_only_reach_the_log_stream(personas: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="kapstok.security")
    written = services.record_for_user(SecurityEventKind.PASSWORD_CHANGED, user=personas.platform_admin)
    assert written == 1
    assert '"event": "password_changed"' in caplog.text
    assert _kinds(personas.gemeente_a) == []


def test_events_stay_invisible_to_a_gemeente_the_user_does_not_belong_to(client: Client, personas: Any) -> None:
    _login(client, "melder@aastad.example", PASSWORD)
    assert _kinds(personas.gemeente_b) == []
