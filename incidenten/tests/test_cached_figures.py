"""The rode-draden pages and the incident list are kept whole per gemeente revision and member
(lib.revisions): a repeated visit runs none of the grouped counts or lists again, and a new report,
analysis or conclusion, by whoever makes it, shows at the next visit. These tests commit, as a real
request does."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.kept import get, without_token

from . import world

pytestmark = pytest.mark.django_db(transaction=True)

TOTAAL = re.compile(r"In deze periode (?:(\d+) incidenten|1 incident)")


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def totaal(page: str) -> int:
    found = TOTAAL.search(page)
    assert found is not None
    return int(found.group(1) or 1)


def last_month() -> str:
    today = timezone.localdate()
    return reverse("incidenten:rode_draden") + f"?van={today - datetime.timedelta(days=30)}&tot={today}"


def test_a_second_visit_counts_nothing_again_and_a_new_report_counts_at_the_next_visit(personas: Any) -> None:
    world.melding(personas, datum=timezone.localdate())
    url = last_month()
    client = client_of(personas, "coordinator")
    first, rendered = get(client, url)
    second, kept = get(client, url)
    assert without_token(second) == without_token(first)
    assert kept <= rendered - 5  # the four grouped counts and the analyses kept

    world.melding(personas, "melder", datum=timezone.localdate())
    third, again = get(client, url)
    assert again >= kept + 4  # counted afresh
    assert totaal(third) == totaal(first) + 1


def test_a_kept_analysis_counts_nothing_again_on_a_second_visit(personas: Any) -> None:
    url = reverse("incidenten:analyse", args=[world.analyse_pk(personas)])
    client = client_of(personas, "coordinator")
    first, rendered = get(client, url)
    second, kept = get(client, url)
    assert without_token(second) == without_token(first)
    assert kept <= rendered - 6  # the analysis, the four grouped counts, its actions


def test_a_new_analysis_and_new_conclusions_show_at_the_next_visit(personas: Any) -> None:
    world.melding(personas, datum=timezone.localdate())
    url = last_month()
    client = client_of(personas, "coordinator")
    before, _ = get(client, url)
    assert "Nog geen analyse vastgelegd." in before
    today = timezone.localdate()
    kept = client.post(reverse("incidenten:analyse_nieuw"), {"van": today - datetime.timedelta(days=30), "tot": today})
    assert kept.status_code == 302
    after, _ = get(client, url)
    assert "Nog geen analyse vastgelegd." not in after and "(nog zonder conclusies)" in after

    analyse_url = kept["Location"]
    auditor = client_of(personas, "auditor")
    get(auditor, analyse_url)
    page, _ = get(client, analyse_url)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version is not None
    saved = client.post(analyse_url, {"version": version.group(1), "conclusies": "Meer agressie aan de balie."})
    assert saved.status_code == 302
    again, _ = get(client, analyse_url)
    assert "Meer agressie aan de balie." in again
    # A reader who saw the analysis before the conclusions sees them too, and gets no form.
    reader, _ = get(auditor, analyse_url)
    assert "Meer agressie aan de balie." in reader and "Conclusies opslaan" not in reader


def test_the_figures_of_one_member_never_reach_another(personas: Any) -> None:
    world.melding(personas, datum=timezone.localdate())
    url = last_month()
    coordinator, _ = get(client_of(personas, "coordinator"), url)
    assert "Alle incidenten van de gemeente." in coordinator
    client = client_of(personas, "thema_eigenaar")
    eigenaar, queries = get(client, url)
    assert "De incidenten van uw thema" in eigenaar
    assert "Alle incidenten van de gemeente." not in eigenaar
    _, kept = get(client, url)
    assert queries >= kept + 4  # counted for the thema-eigenaar, not taken from the coördinator's


def test_the_incident_list_is_kept_until_a_report_changes_and_per_member(personas: Any) -> None:
    world.melding(personas, sleutel="datalek")
    url = reverse("incidenten:lijst")
    client = client_of(personas, "coordinator")
    first, rendered = get(client, url)
    second, kept = get(client, url)
    assert without_token(second) == without_token(first)
    assert kept <= rendered - 2  # the count and the page
    assert "1 incident." in first

    world.melding(personas, "melder", sleutel="agressie")
    third, again = get(client, url)
    assert again >= kept + 2 and "2 incidenten." in third

    # The thema-eigenaar of informatiebeveiliging gets their own list: the data breach only.
    eigenaar, _ = get(client_of(personas, "thema_eigenaar"), url)
    assert "1 incident." in eigenaar
