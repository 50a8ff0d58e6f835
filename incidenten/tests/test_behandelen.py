"""Handling a report: who reads which reports, who handles them, and what a handler may change."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from incidenten.models import Incident
from lib import tenancy

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def stored(personas: Any, incident: Incident) -> Incident:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Incident.objects.get(pk=incident.pk)


def handling(incident: Incident, **changes: Any) -> dict[str, Any]:
    data = {"version": str(incident.version), "status": "in_behandeling", "nazorg": "", "afhandeling": ""}
    data["ap_melding"] = "open"
    if incident.datalek:
        data["datalek"] = "on"
    data.update(changes)
    return data


def test_the_coordinator_handles_a_report_and_the_history_records_it(personas: Any) -> None:
    incident = world.melding(personas)
    url = reverse("incidenten:incident", args=[incident.pk])
    client = client_of(personas, "coordinator")
    page = client.get(url).content.decode()
    assert "Een bezoeker schreeuwde aan de balie" in page and "Behandeling" in page
    data = handling(incident, aangifte="on", nazorg="Gesprek met de teamleider; BMW aangeboden.")
    assert client.post(url, data).status_code == 302
    after = stored(personas, incident)
    assert (after.status, after.aangifte, after.version) == ("in_behandeling", True, incident.version + 1)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = list(apps.get_model("incidenten", "IncidentEvent").objects.order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[1].pgh_context["user"] == personas.members["coordinator"].user_id
    assert events[1].nazorg == "Gesprek met de teamleider; BMW aangeboden."


def test_a_thema_eigenaar_reads_and_handles_only_the_reports_of_their_themes(personas: Any) -> None:
    own = world.melding(
        personas, sleutel="datalek", omschrijving="Brief naar een verkeerd adres"
    )  # informatiebeveiliging
    other = world.melding(personas, sleutel="agressie", omschrijving="Schreeuwen aan de balie")  # personele beveiliging
    client = client_of(personas, "thema_eigenaar")
    listed = client.get(reverse("incidenten:lijst")).content.decode()
    assert reverse("incidenten:incident", args=[own.pk]) in listed
    assert reverse("incidenten:incident", args=[other.pk]) not in listed
    assert client.get(reverse("incidenten:incident", args=[other.pk])).status_code == 404
    assert client.post(reverse("incidenten:incident", args=[own.pk]), handling(own)).status_code == 302
    assert stored(personas, own).status == "in_behandeling"


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_a_bestuurder_and_an_auditor_read_every_report_but_handle_none(personas: Any, role: str) -> None:
    incident = world.melding(personas)
    client = client_of(personas, role)
    url = reverse("incidenten:incident", args=[incident.pk])
    page = client.get(url).content.decode()
    assert "Een bezoeker schreeuwde aan de balie" in page
    assert 'name="status"' not in page
    assert client.post(url, handling(incident, status="afgehandeld")).status_code == 403
    assert stored(personas, incident).status == "gemeld"


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_a_melder_and_a_ketenpartner_read_no_one_elses_reports(personas: Any, role: str) -> None:
    incident = world.melding(personas, "coordinator")
    client = client_of(personas, role)
    assert client.get(reverse("incidenten:lijst")).status_code == 403
    assert client.get(reverse("incidenten:incident", args=[incident.pk])).status_code == 403


def test_a_change_on_a_version_that_was_changed_meanwhile_overwrites_nothing(personas: Any) -> None:
    incident = world.melding(personas)
    url = reverse("incidenten:incident", args=[incident.pk])
    client = client_of(personas, "coordinator")
    assert client.post(url, handling(incident, afhandeling="Eerste")).status_code == 302
    response = client.post(url, handling(incident, status="afgehandeld", afhandeling="Tweede"))
    assert response.status_code == 400
    after = stored(personas, incident)
    assert (after.status, after.afhandeling) == ("in_behandeling", "Eerste")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "verdwenen"}, "status"),
        ({"nazorg": "x" * 2001}, "nazorg"),
        ({"afhandeling": "nul\x00"}, "afhandeling"),
        ({"version": "twee"}, "version"),
    ],
)
def test_a_handling_that_cannot_be_stored_is_refused_and_changes_nothing(
    personas: Any, changes: dict[str, Any], field: str
) -> None:
    incident = world.melding(personas)
    response = client_of(personas, "coordinator").post(
        reverse("incidenten:incident", args=[incident.pk]), handling(incident, **changes)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert stored(personas, incident).version == incident.version


def test_the_list_filters_on_status_and_refuses_an_unknown_one(personas: Any) -> None:
    open_one = world.melding(personas, omschrijving="Nog open")
    done = world.melding(personas, omschrijving="Klaar")
    with world.bound(personas):
        Incident.objects.filter(pk=done.pk).update(status="afgehandeld")
    client = client_of(personas, "coordinator")
    listed = client.get(reverse("incidenten:lijst"), {"status": "afgehandeld"}).content.decode()
    assert reverse("incidenten:incident", args=[done.pk]) in listed
    assert reverse("incidenten:incident", args=[open_one.pk]) not in listed
    assert client.get(reverse("incidenten:lijst"), {"status": "weg"}).status_code == 400
