"""The security log page and its CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import SecurityEvent, SecurityEventKind
from audit.services import PAGE_SIZE, SECURITY_HEADERS, record_security_event
from lib import tenancy

pytestmark = pytest.mark.django_db

URL = reverse("audit:security_log")
EXPORT = reverse("audit:security_log_export")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _record(gemeente: Any, kind: str, n: int = 1, detail: str = "") -> None:
    with tenancy.bound(gemeente=gemeente.pk):
        for _ in range(n):
            record_security_event(kind, gemeente_id=gemeente.pk, username="iemand@aastad.example", detail=detail)


def _rows(html: str) -> int:
    return html.count("<time ")


def test_coordinator_and_auditor_see_the_gemeentes_security_events(personas: Any) -> None:
    _record(personas.gemeente_a, SecurityEventKind.ROLE_CHANGED, detail="melder → auditor")
    for role in ("coordinator", "auditor"):
        html = _client(personas.user(role)).get(URL).content.decode()
        assert "Rol gewijzigd" in html
        assert "melder → auditor" in html


def test_another_gemeentes_coordinator_sees_none_of_our_events(personas: Any) -> None:
    _record(personas.gemeente_a, SecurityEventKind.LOCKOUT, detail="geheim-aa")
    client = _client(personas.user("coordinator_b"))
    assert "geheim-aa" not in client.get(URL).content.decode()
    assert "geheim-aa" not in client.get(EXPORT).content.decode("utf-8")


@pytest.mark.parametrize("role", ["melder", "bestuurder", "thema_eigenaar", "ketenpartner"])
def test_other_roles_are_refused(personas: Any, role: str) -> None:
    client = _client(personas.user(role))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_filters_narrow_by_kind_and_period(personas: Any) -> None:
    _record(personas.gemeente_a, SecurityEventKind.TOKEN_CREATED, n=2)
    _record(personas.gemeente_a, SecurityEventKind.MFA_FAILED, n=3)
    client = _client(personas.user("auditor"))
    assert _rows(client.get(URL + "?soort=mfa_failed").content.decode()) == 3
    assert _rows(client.get(URL + "?soort=token_created").content.decode()) == 2
    assert _rows(client.get(URL + "?soort=mfa_failed&van=2000-01-01&tot=2000-12-31").content.decode()) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?soort=alles", "Kies een van de mogelijkheden uit de lijst."),
        ("?van=gisteren", "Vul een geldige datum in"),
        ("?van=2025-02-01&tot=2025-01-01", "De einddatum ligt vóór de begindatum."),
        ("?tot=9999-12-31", "Vul een datum in tussen 01-01-1900 en 31-12-2999."),
        ("?van=0001-01-01", "Vul een datum in tussen 01-01-1900 en 31-12-2999."),
    ],
)
def test_invalid_filters_give_a_dutch_message_and_an_empty_list(personas: Any, query: str, message: str) -> None:
    _record(personas.gemeente_a, SecurityEventKind.LOGIN)
    response = _client(personas.user("coordinator")).get(URL + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert _rows(html) == 0


def test_the_export_is_a_safe_csv_and_is_itself_logged(personas: Any) -> None:
    _record(personas.gemeente_a, SecurityEventKind.LOGIN_FAILED, detail="=HYPERLINK(1)")
    response = _client(personas.user("auditor")).get(EXPORT + "?soort=login_failed")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="beveiligingslog-gemeente-aastad-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == SECURITY_HEADERS
    assert len(rows) == 2
    assert rows[1][1] == "Inloggen mislukt"
    assert rows[1][5] == "'=HYPERLINK(1)"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        export = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT)
    assert export.detail == "beveiligingslog (1 regels)"
    assert export.user == personas.user("auditor")


def test_invalid_export_filters_give_no_file(personas: Any) -> None:
    response = _client(personas.user("coordinator")).get(EXPORT + "?soort=alles")
    assert response.status_code == 400
    assert "Kies een van de mogelijkheden uit de lijst." in response.content.decode()


@pytest.mark.parametrize("query", ["?tot=9999-12-31", "?van=0001-01-01"])
def test_an_export_with_a_date_far_outside_the_calendar_gives_no_file(personas: Any, query: str) -> None:
    response = _client(personas.user("coordinator")).get(EXPORT + query)
    assert response.status_code == 400
    assert "Vul een datum in tussen 01-01-1900 en 31-12-2999." in response.content.decode()
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_costs_the_same_number_of_queries_for_5_or_60_events(
    personas: Any, n: int, django_assert_num_queries: Any
) -> None:
    _record(personas.gemeente_a, SecurityEventKind.TOKEN_USED, n=n)
    client = _client(personas.user("coordinator"))
    client.get(URL)  # warm-up: the first request of a session stores the active gemeente
    # 6 per authenticated request (see tests/test_query_budgets.py) + 1 count + 1 page of
    # events with their users (select_related).
    with django_assert_num_queries(6 + 2):
        response = client.get(URL + "?soort=token_used")
    assert _rows(response.content.decode()) == min(n, PAGE_SIZE)
    assert ("utrecht-pagination" in response.content.decode()) == (n > PAGE_SIZE)
