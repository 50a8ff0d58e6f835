"""The history as CSV: same filters, safe cells, gemeente-bound, logged as an export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit import services
from audit.models import SecurityEvent, SecurityEventKind
from audit.services import escape_cell
from lib import tenancy

URL = reverse("audit:history_export")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _parse(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8")[1:]), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(1)", "'=SUM(1)"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("Politie = partner", "Politie = partner"),
        ("", ""),
        (None, ""),
        (42, "42"),
        ("'=al veilig", "'=al veilig"),
        (" =spatie eerst", " =spatie eerst"),
    ],
)
def test_escape_cell_neutralises_formula_starts_only(value: Any, expected: str) -> None:
    assert escape_cell(value) == expected


def test_escape_cell_never_leaves_a_dangerous_first_character() -> None:
    # Table-driven property check over every printable start character (hypothesis is not installed).
    for code in range(0, 0x250):
        text = chr(code) + "rest"
        escaped = escape_cell(text)
        assert not escaped.startswith(services.FORMULA_PREFIXES)
        assert escaped in (text, "'" + text)


@pytest.mark.django_db
def test_the_export_is_a_safe_dutch_csv_with_our_events_and_is_logged(personas: Any) -> None:
    client = _client(personas.user("coordinator"))
    client.post(reverse("organisations:partners"), {"name": "=SUM(1)"})

    response = client.get(URL + "?type=organisations.partnerorganisatie")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="historie-gemeente-aastad-{today}.csv"'
    rows = _parse(response.content)
    assert rows[0] == services.HISTORY_HEADERS
    assert len(rows) == 3  # header, Politie Eenheid Aa (factory), =SUM(1) (web)
    formula = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if "SUM" in r[8])
    assert formula["Omschrijving"] == "'=SUM(1)"
    assert formula["E-mailadres"] == "coordinator@aastad.example"
    assert formula["Soort wijziging"] == "aangemaakt"
    assert formula["Actie"] == "Wijziging via de webapplicatie"
    assert formula["Wijzigingen"] == "Naam: — → =SUM(1)"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT)
    assert event.user == personas.user("coordinator")
    assert event.detail == "historie (2 regels)"


@pytest.mark.django_db
def test_another_gemeentes_coordinator_exports_none_of_our_events(personas: Any) -> None:
    _client(personas.user("coordinator")).post(reverse("organisations:partners"), {"name": "Geheim Aa"})
    response = _client(personas.user("coordinator_b")).get(URL)
    body = response.content.decode("utf-8")
    assert response.status_code == 200
    assert "Geheim Aa" not in body
    assert "Aastad" not in body
    assert "Politie Eenheid Aa" not in body


@pytest.mark.django_db
def test_the_export_is_capped_with_a_dutch_note(personas: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "EXPORT_CAP", 1)
    response = _client(personas.user("auditor")).get(URL)  # the personas made several events
    rows = _parse(response.content)
    assert len(rows) == 3  # header, one event, the note
    assert rows[-1][0].startswith("Let op: deze export is afgekapt na 1 regels.")


@pytest.mark.django_db
def test_invalid_filters_give_the_page_with_a_dutch_message_and_no_file(personas: Any) -> None:
    response = _client(personas.user("coordinator")).get(URL + "?van=morgen")
    assert response.status_code == 400
    assert "Vul een geldige datum in" in response.content.decode()
    assert "Content-Disposition" not in response
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?tot=9999-12-31", "?van=0001-01-01"])
def test_a_date_far_outside_the_calendar_gives_the_page_with_a_dutch_message(personas: Any, query: str) -> None:
    response = _client(personas.user("coordinator")).get(URL + query)
    assert response.status_code == 400
    assert "Vul een datum in tussen 01-01-1900 en 31-12-2999." in response.content.decode()
    assert "Content-Disposition" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["melder", "bestuurder", "thema_eigenaar", "ketenpartner"])
def test_other_roles_cannot_export(personas: Any, role: str) -> None:
    assert _client(personas.user(role)).get(URL).status_code == 403


@pytest.mark.django_db
def test_the_export_costs_a_fixed_number_of_queries(personas: Any, django_assert_num_queries: Any) -> None:
    client = _client(personas.user("coordinator"))
    client.get(reverse("audit:history"))  # warm-up: the first request stores the active gemeente
    # 6 per authenticated request (see tests/test_query_budgets.py) + 1 events (CTE, capped),
    # + 1 people and related rows of all exported events, + 1 INSERT of the export security event.
    with django_assert_num_queries(6 + 3):
        assert client.get(URL).status_code == 200
