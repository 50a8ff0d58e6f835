"""Refused access (403) of a logged-in user reaches the security log as "Toegang geweigerd".

Pages refused by the permission matrix, API operations answering 403 and refused form posts
are recorded for the user's active gemeente, with the method and path (never the query
string or a secret in the path), at most once per user, method and path within
``ACCESS_DENIED_REPEAT_WINDOW`` and at most ``ACCESS_DENIED_HOURLY_CAP`` times per user per
hour. The limits are checked in the database, so they hold across processes.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit import services
from audit.models import SecurityEvent, SecurityEventKind
from lib import tenancy
from tests import factories

pytestmark = pytest.mark.django_db

DENIED = SecurityEventKind.ACCESS_DENIED
SECURITY_LOG = reverse("audit:security_log")
HISTORY = reverse("audit:history")


def _client(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _denied(gemeente: Any) -> list[SecurityEvent]:
    with tenancy.bound(gemeente=gemeente.pk):
        return list(SecurityEvent.objects.filter(gemeente=gemeente, kind=DENIED).order_by("id"))


@contextmanager
def _clock(start: dt.datetime) -> Iterator[list[dt.datetime]]:
    """Freeze "now" (for the request, the stored event and the limits) at ``now[0]``."""
    now = [start]
    with mock.patch("django.utils.timezone.now", side_effect=lambda: now[0]):
        yield now


def test_a_refused_page_is_recorded_once_with_method_path_and_address(personas: Any) -> None:
    melder = personas.user("melder")
    response = _client(melder).get(SECURITY_LOG + "?soort=login&token=geheim-123", REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 403
    [event] = _denied(personas.gemeente_a)
    assert (event.user_id, event.username, event.origin) == (melder.pk, melder.email, "web")
    assert event.detail == f"GET {SECURITY_LOG}"
    assert event.ip_address == "192.0.2.44"
    assert "geheim-123" not in event.detail


def test_repeated_refusals_of_the_same_page_within_the_window_write_one_row(personas: Any) -> None:
    client = _client(personas.user("melder"))
    with _clock(timezone.now()) as now:
        for _ in range(5):
            assert client.get(SECURITY_LOG).status_code == 403
        assert len(_denied(personas.gemeente_a)) == 1
        now[0] += services.ACCESS_DENIED_REPEAT_WINDOW - dt.timedelta(seconds=1)
        client.get(SECURITY_LOG)
        assert len(_denied(personas.gemeente_a)) == 1
        now[0] += dt.timedelta(seconds=2)
        client.get(SECURITY_LOG)
        assert len(_denied(personas.gemeente_a)) == 2


def test_another_page_or_method_is_a_new_event(personas: Any) -> None:
    client = _client(personas.user("melder"))
    client.get(SECURITY_LOG)
    client.get(HISTORY)
    client.post(SECURITY_LOG)
    assert [e.detail for e in _denied(personas.gemeente_a)] == [
        f"GET {SECURITY_LOG}",
        f"GET {HISTORY}",
        f"POST {SECURITY_LOG}",
    ]


def test_each_user_has_a_cap_per_hour(personas: Any) -> None:
    """Many different refused paths (a coordinator-only page per member id) hit the hourly cap."""
    client = _client(personas.user("melder"))
    paths = [
        reverse("organisations:member_edit", args=[uuid.uuid4()]) for _ in range(services.ACCESS_DENIED_HOURLY_CAP)
    ]
    start = timezone.now()
    with _clock(start) as now:
        for path in [*paths, *paths[:5]]:
            assert client.get(path).status_code == 403
            now[0] += dt.timedelta(seconds=30)
        assert len(_denied(personas.gemeente_a)) == services.ACCESS_DENIED_HOURLY_CAP
        client.get(SECURITY_LOG)  # a new path, but the hour is full
        assert len(_denied(personas.gemeente_a)) == services.ACCESS_DENIED_HOURLY_CAP
        now[0] = start + dt.timedelta(hours=1, seconds=1)  # the first refusal is now over an hour ago
        client.get(SECURITY_LOG)
        assert len(_denied(personas.gemeente_a)) == services.ACCESS_DENIED_HOURLY_CAP + 1
        # Another user of the same gemeente has a budget of their own.
        assert _client(personas.user("bestuurder")).get(HISTORY).status_code == 403
    assert _denied(personas.gemeente_a)[-1].user_id == personas.user("bestuurder").pk


def test_the_limit_is_kept_in_the_database_not_in_one_process(personas: Any) -> None:
    melder = personas.user("melder")
    # Another process (another app server) recorded this refusal a minute ago.
    with _clock(timezone.now() - dt.timedelta(minutes=1)), tenancy.bound(gemeente=personas.gemeente_a.pk):
        services.record_security_event(
            DENIED, user=melder, gemeente_id=personas.gemeente_a.pk, detail=f"GET {SECURITY_LOG}"
        )
    assert _client(melder).get(SECURITY_LOG).status_code == 403
    assert len(_denied(personas.gemeente_a)) == 1


def test_a_refused_api_operation_is_recorded_with_origin_api(personas: Any) -> None:
    melder = personas.members["melder"]
    _token, raw = factories.make_token(melder)
    response = Client().patch(
        f"/api/v1/leden/{melder.pk}",
        json.dumps({"rol": "coordinator"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IF_MATCH=f'"{melder.pk}-{melder.version}"',
    )
    assert response.status_code == 403
    [event] = _denied(personas.gemeente_a)
    assert (event.user_id, event.origin, event.detail) == (melder.user_id, "api", f"PATCH /api/v1/leden/{melder.pk}")
    assert raw not in event.detail and raw not in event.username


def test_anonymous_visitors_and_missing_pages_are_not_recorded(personas: Any) -> None:
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("accounts:login"), {"username": "x@y.example"}).status_code == 403
    assert anonymous.get(SECURITY_LOG).status_code == 302
    assert Client().get("/api/v1/leden").status_code == 401
    coordinator = _client(personas.user("coordinator"))
    assert coordinator.get("/bestaat-niet").status_code == 404
    assert coordinator.get(SECURITY_LOG).status_code == 200
    assert _denied(personas.gemeente_a) == []


def test_a_secret_in_the_path_is_not_written_to_the_log(personas: Any) -> None:
    code = "geheime-uitnodigingscode-1234567890"
    factories.make_invitation(personas.gemeente_a, "iemand@aastad.example", "melder", code=code)
    client = _client(personas.user("melder"), enforce_csrf_checks=True)
    assert client.post(f"/uitnodiging/{code}").status_code == 403  # no CSRF token
    [event] = _denied(personas.gemeente_a)
    assert code not in event.detail
    assert event.detail.startswith("POST /uitnodiging/")


def test_the_security_log_filter_toegang_geweigerd_shows_them(personas: Any) -> None:
    _client(personas.user("melder")).get(HISTORY)
    _client(personas.user("bestuurder")).get(SECURITY_LOG)
    html = _client(personas.user("coordinator")).get(SECURITY_LOG, {"soort": DENIED}).content.decode()
    assert html.count("Toegang geweigerd") >= 3  # the filter option and two rows
    assert f"GET {HISTORY}" in html and f"GET {SECURITY_LOG}" in html
    assert "melder@aastad.example" in html and "bestuurder@aastad.example" in html


def test_a_refusal_without_an_active_gemeente_is_not_stored(personas: Any) -> None:
    admin = _client(personas.user("platform_admin"))
    assert admin.get(SECURITY_LOG).status_code == 403
    for gemeente in (personas.gemeente_a, personas.gemeente_b):
        assert _denied(gemeente) == []
