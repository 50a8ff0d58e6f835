"""The incidents in the API: reporting and the own reports, the handling with If-Match, bad input refused
in Dutch with nothing stored, and query counts that do not grow with the number of reports."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidenten import services
from incidenten.models import Incident, IncidentSoort
from lib import tenancy
from risicos import services as risicos_services
from risicos.models import Risico
from risicos.tests import world as risicos_world
from tests.api import assert_problem, reasons, send, token_client

from . import world

pytestmark = pytest.mark.django_db

API = "/api/v1"
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def api(personas: Any, role: str = "melder") -> Any:
    return token_client(personas.coordinator_b if role == "coordinator_b" else personas.members[role])


def count(personas: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Incident.objects.count()


def report(personas: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "soortId": str(world.soort(personas, "diefstal").pk),
        "datum": YESTERDAY,
        "tijd": "09:30",
        "locatie": "Fietsenstalling stadhuis",
        "omschrijving": "Een dienstfiets is gestolen.",
        "ernst": "gering",
    }
    body.update(changes)
    return body


def test_an_employee_reports_through_the_api_and_reads_back_only_their_own(personas: Any) -> None:
    client = api(personas)
    world.started(personas)
    kinds = client.get(f"{API}/incidentsoorten")
    assert kinds.status_code == 200 and any(k["meldplicht"] for k in kinds.json())
    made = send(client, "post", f"{API}/meldingen", report(personas))
    assert made.status_code == 201, made.content
    body = made.json()
    assert made["Location"] == f"{API}/meldingen/{body['id']}" and made["ETag"]
    assert (body["soort"], body["status"], body["politie"]) == ("Diefstal", "gemeld", False)
    assert [m["id"] for m in client.get(f"{API}/meldingen").json()] == [body["id"]]
    other = world.melding(personas, "coordinator")
    assert client.get(f"{API}/meldingen/{other.pk}").status_code == 404
    assert client.get(f"{API}/incidenten").status_code == 403  # a melder handles nothing


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"datum": "9999-01-01"}, "datum", "Vul een datum in tussen"),
        ({"datum": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "datum", "nog moet gebeuren"),
        ({"datum": "2001-01-01"}, "datum", "tien jaar"),
        ({"soortId": "00000000-0000-0000-0000-000000000000"}, "soortId", "Kies een van de soorten"),
        ({"bedrijfsmiddelId": "00000000-0000-0000-0000-000000000000"}, "bedrijfsmiddelId", "eigen gemeente"),
        ({"omschrijving": "nul\u0000byte"}, "omschrijving", "niet is toegestaan"),
        ({"omschrijving": "x" * 2001}, "omschrijving", ""),
        ({"ernst": "catastrofaal"}, "ernst", ""),
        ({"naam": "Jan"}, "naam", ""),
    ],
)
def test_a_bad_report_is_refused_in_dutch_and_stores_nothing(
    personas: Any, changes: dict[str, Any], field: str, reason: str
) -> None:
    response = send(api(personas), "post", f"{API}/meldingen", report(personas, **changes))
    body = assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], body
    assert count(personas) == 0


def test_a_switched_off_kind_or_another_gemeentes_asset_is_refused(personas: Any) -> None:
    soort = world.soort(personas, "vandalisme")
    with world.bound(personas):
        IncidentSoort.objects.filter(pk=soort.pk).update(actief=False)
    client = api(personas)
    refused = send(client, "post", f"{API}/meldingen", report(personas, soortId=str(soort.pk)))
    assert refused.status_code == 400 and "soortId" in reasons(refused)
    by = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        risicos_services.start_register(by=by)
        theirs = risicos_services.add_bedrijfsmiddel(by=by, naam="Gemeentehuis Beedorp", soort="gebouw")
    refused = send(client, "post", f"{API}/meldingen", report(personas, bedrijfsmiddelId=str(theirs.pk)))
    assert refused.status_code == 400 and "bedrijfsmiddelId" in reasons(refused)
    assert count(personas) == 0


def test_before_the_set_up_a_report_is_a_conflict(personas: Any) -> None:
    body = {"soortId": str(uuid.uuid4()), "datum": YESTERDAY, "omschrijving": "Iets.", "ernst": "gering"}
    response = send(api(personas), "post", f"{API}/meldingen", body)
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "nog niet ingericht")
    assert count(personas) == 0


def test_the_handler_updates_the_handling_with_if_match_and_a_stale_version_changes_nothing(personas: Any) -> None:
    incident = world.melding(personas, sleutel="datalek")
    risico = risicos_world.risico_pk(personas)
    with world.bound(personas):
        services.koppel(by=personas.members["coordinator"], incident=incident, obj=Risico.objects.get(pk=risico))
    client = api(personas, "thema_eigenaar")  # informatiebeveiliging
    url = f"{API}/incidenten/{incident.pk}"
    read = client.get(url)
    assert read.status_code == 200
    body = read.json()
    assert body["datalek"] and body["apUiterlijk"] and body["risicoIds"] == [str(risico)]
    missing_date = send(client, "patch", url, {"apMelding": "gemeld"}, if_match=read["ETag"])
    assert missing_date.status_code == 400 and "apGemeldOp" in reasons(missing_date)
    done = send(
        client,
        "patch",
        url,
        {"apMelding": "gemeld", "apGemeldOp": YESTERDAY, "status": "afgehandeld"},
        if_match=read["ETag"],
    )
    assert done.status_code == 200, done.content
    assert done.json()["apUiterlijk"] is None and done["ETag"] != read["ETag"]
    stale = send(client, "patch", url, {"status": "gemeld"}, if_match=read["ETag"])
    assert stale.status_code == 412
    with world.bound(personas):
        assert Incident.objects.get(pk=incident.pk).status == "afgehandeld"
    other = world.melding(personas, sleutel="agressie")
    assert client.get(f"{API}/incidenten/{other.pk}").status_code == 404
    bestuurder = api(personas, "bestuurder")
    current = bestuurder.get(url)
    assert send(bestuurder, "patch", url, {"status": "gemeld"}, if_match=current["ETag"]).status_code == 403


# --- query budgets ----------------------------------------------------------------------------------

REQUEST = 8  # one authenticated API request before the operation (kader/tests/test_api.py)
BUDGETS = {
    "/meldingen": ("melder", REQUEST + 2),  # the count, the page with kinds
    "/meldingen/{melding}": ("melder", REQUEST + 1),  # the report with its kind
    "/incidenten": ("coordinator", REQUEST + 4),  # the count, the page with kinds, its two kinds of links
    "/incidenten/{incident}": ("coordinator", REQUEST + 3),  # the report with its kind, its two kinds of links
    "/incidentsoorten": ("melder", REQUEST + 1),
}


@pytest.mark.parametrize("path", list(BUDGETS))
def test_the_reads_use_the_same_queries_whatever_the_number_of_reports(personas: Any, path: str) -> None:
    role, budget = BUDGETS[path]
    incident = world.melding(personas, "melder", sleutel="datalek")
    client = api(personas, role)
    url = f"{API}{path}".replace("{melding}", str(incident.pk)).replace("{incident}", str(incident.pk))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries)

    client.get(url)  # the token's first use is recorded once
    small = queries()
    world.grow(personas, 12)
    assert queries() == small == budget
