"""The API of the versions of the veiligheidsplan: reading per role, starting, the chapters with
ETag / If-Match, the transitions and their wrong states, new versions and periods, steps and the
CCV checklist, and gemeente B's token."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils.timezone import localdate

from ivp import content, services
from ivp.choices import PlanStatus
from ivp.models import Indicator, Plan, PlanStap
from lib import tenancy
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem

pytestmark = pytest.mark.django_db

BASE = "/api/v1/veiligheidsplannen"


def auth(personas: Any, role: str = "coordinator") -> dict[str, Any]:
    member = personas.coordinator_b if role == "coordinator_b" else personas.members[role]
    return {"HTTP_AUTHORIZATION": f"Bearer {factories.make_token(member)[1]}"}


def send(client: Client, method: str, url: str, body: Any, headers: dict[str, Any], **extra: Any) -> Any:
    if method in {"post", "patch"}:
        return getattr(client, method)(
            url, json.dumps(body if body is not None else {}), content_type="application/json", **headers, **extra
        )
    return getattr(client, method)(url, **headers, **extra)


def fresh(personas: Any, model: Any, pk: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return model.objects.get(pk=pk)


def if_match(obj: Any) -> dict[str, str]:
    return {"HTTP_IF_MATCH": etag(obj)}


def invalid(response: Any) -> dict[str, str]:
    body = assert_problem(response, 400, "Ongeldige invoer")
    return {p["name"]: p["reason"] for p in body["invalidParams"]}


# --- reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor", "ketenpartner"])
def test_the_members_who_read_the_plan_list_its_versions_and_read_one_with_its_etag(
    client: Client, personas: Any, role: str
) -> None:
    plan = personas.ivp_of()
    headers = auth(personas, role)
    [row] = send(client, "get", BASE, None, headers).json()
    assert (row["id"], row["nummer"], row["status"], row["startjaar"], row["eindjaar"]) == (
        str(plan.pk),
        1,
        "concept",
        2027,
        2030,
    )
    response = send(client, "get", f"{BASE}/{plan.pk}", None, headers)
    assert response.status_code == 200 and response["ETag"] == etag(plan)
    body = response.json()
    assert body["afbakening"] is None and body["evaluatieVorige"] is None and body["evaluatieInvoer"] == []


def test_a_melder_reads_nothing(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    headers = auth(personas, "melder")
    assert_problem(send(client, "get", BASE, None, headers), 403, "Geen toegang", "integraal veiligheidsplan")
    assert send(client, "get", f"{BASE}/{plan.pk}/ccv-checklist", None, headers).status_code == 403


def test_a_token_of_gemeente_b_finds_nothing_of_gemeente_a(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    headers = auth(personas, "coordinator_b")
    assert send(client, "get", BASE, None, headers).json() == []
    for path in ("", "/stappen", "/stappen/aanpak", "/ccv-checklist"):
        assert_problem(send(client, "get", f"{BASE}/{plan.pk}{path}", None, headers), 404, "Niet gevonden")
    response = send(client, "patch", f"{BASE}/{plan.pk}", {"visie": "Overname"}, headers, **if_match(plan))
    assert response.status_code == 404
    response = send(client, "post", BASE, {"gebaseerdOp": str(plan.pk)}, headers)
    assert invalid(response) == {"gebaseerdOp": "Onbekende versie van het veiligheidsplan."}
    assert fresh(personas, Plan, plan.pk).visie is None


# --- starting -----------------------------------------------------------------------------------


def test_the_coordinator_starts_the_plan_once(client: Client, personas: Any) -> None:
    headers = auth(personas)
    response = send(client, "post", BASE, {"startjaar": 2028}, headers)
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"{BASE}/{body['id']}"
    assert (body["nummer"], body["startjaar"], body["eindjaar"], body["status"]) == (1, 2028, 2031, "concept")
    assert response["ETag"] == etag(fresh(personas, Plan, body["id"]))
    again = send(client, "post", BASE, {}, headers)
    assert invalid(again) == {"body": "Deze gemeente heeft al een veiligheidsplan; begin een nieuwe versie."}


def test_starting_refuses_a_year_out_of_range_and_other_roles(client: Client, personas: Any) -> None:
    assert set(invalid(send(client, "post", BASE, {"startjaar": 2099}, auth(personas)))) == {"startjaar"}
    assert set(invalid(send(client, "post", BASE, {"startjaar": 1999}, auth(personas)))) == {"startjaar"}
    response = send(client, "post", BASE, {}, auth(personas, "thema_eigenaar"))
    assert_problem(response, 403, "Geen toegang", "Alleen een coördinator start het veiligheidsplan.")
    assert send(client, "post", BASE, {}, auth(personas, "bestuurder")).status_code == 403
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Plan.objects.exists()


# --- the chapters -------------------------------------------------------------------------------


def test_the_chapters_change_with_the_current_etag_and_not_with_a_stale_one(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    headers = auth(personas)
    url = f"{BASE}/{plan.pk}"
    response = send(
        client, "patch", url, {"afbakening": "De openbare ruimte.", "eindjaar": 2031}, headers, **if_match(plan)
    )
    assert response.status_code == 200
    assert (response.json()["afbakening"], response.json()["eindjaar"]) == ("De openbare ruimte.", 2031)
    stored = fresh(personas, Plan, plan.pk)
    assert response["ETag"] == etag(stored) != etag(plan)
    stale = send(client, "patch", url, {"visie": "Op oude gegevens."}, headers, **if_match(plan))
    assert_problem(stale, 412, "Versie verouderd")
    assert_problem(send(client, "patch", url, {"visie": "Zonder ETag."}, headers), 428, "Versie ontbreekt")
    assert fresh(personas, Plan, plan.pk).visie is None


def test_the_chapters_refuse_bad_input_in_dutch(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    url, headers = f"{BASE}/{plan.pk}", auth(personas)
    response = send(client, "patch", url, {"eindjaar": 2026}, headers, **if_match(plan))
    assert invalid(response) == {"eindjaar": "Het laatste jaar ligt niet voor het eerste jaar."}
    response = send(
        client, "patch", url, {"visie": "a\x00b", "titel": None, "status": "vastgesteld"}, headers, **if_match(plan)
    )
    assert set(invalid(response)) == {"visie", "titel", "status"}
    assert set(invalid(send(client, "patch", url, {"eindjaar": 10**12}, headers, **if_match(plan)))) == {"eindjaar"}
    assert fresh(personas, Plan, plan.pk).version == plan.version


def test_a_thema_eigenaar_changes_only_the_vision(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    url, headers = f"{BASE}/{plan.pk}", auth(personas, "thema_eigenaar")
    response = send(client, "patch", url, {"afbakening": "Niet van mij."}, headers, **if_match(plan))
    assert_problem(response, 403, "Geen toegang", "Alleen een coördinator wijzigt de hoofdstukken")
    assert send(client, "patch", url, {"visie": "Samen veilig."}, headers, **if_match(plan)).status_code == 200
    assert fresh(personas, Plan, plan.pk).visie == "Samen veilig."


# --- the cycle ------------------------------------------------------------------------------------


def test_the_cycle_through_the_api_with_409_for_a_transition_in_the_wrong_state(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    coordinator, bestuurder = auth(personas), auth(personas, "bestuurder")
    url = f"{BASE}/{plan.pk}"
    besluit = {"vastgesteldOp": str(localdate()), "vastgesteldDoor": "gemeenteraad", "besluitkenmerk": "R-7"}
    # A concept can be neither sent back nor adopted.
    response = send(client, "post", f"{url}/terugzetting", None, bestuurder, **if_match(plan))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "alleen een plan dat ter besluitvorming ligt")
    response = send(client, "post", f"{url}/vaststelling", besluit, bestuurder, **if_match(plan))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "kan worden vastgesteld")
    # Only the coördinator submits; a second submission is in the wrong state.
    assert send(client, "post", f"{url}/indiening", None, bestuurder, **if_match(plan)).status_code == 403
    response = send(client, "post", f"{url}/indiening", None, coordinator, **if_match(plan))
    assert response.status_code == 200 and response.json()["status"] == "ter_besluitvorming"
    plan = fresh(personas, Plan, plan.pk)
    response = send(client, "post", f"{url}/indiening", None, coordinator, **if_match(plan))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "ligt ter besluitvorming")
    # The vaststelling refuses a date in the future at its field, then records the decision.
    future = {**besluit, "vastgesteldOp": str(localdate() + datetime.timedelta(days=2))}
    assert invalid(send(client, "post", f"{url}/vaststelling", future, bestuurder, **if_match(plan))) == {
        "vastgesteldOp": "De datum van vaststelling ligt in de toekomst."
    }
    response = send(client, "post", f"{url}/vaststelling", besluit, bestuurder, **if_match(plan))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["besluitkenmerk"]) == ("vastgesteld", "R-7")
    plan = fresh(personas, Plan, plan.pk)
    response = send(client, "patch", url, {"visie": "Na het besluit."}, coordinator, **if_match(plan))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "vastgesteld en kan niet meer")
    # A new version for the same period, then (once that is adopted) the plan of the next period.
    response = send(client, "post", BASE, {"gebaseerdOp": str(plan.pk)}, coordinator)
    assert response.status_code == 201
    v2 = response.json()
    assert (v2["nummer"], v2["startjaar"], v2["gebaseerdOp"], v2["evaluatieInvoer"]) == (2, 2027, str(plan.pk), [])
    response = send(client, "post", BASE, {"gebaseerdOp": str(plan.pk), "startjaar": 2031}, coordinator)
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "al een veiligheidsplan in bewerking")


def test_the_plan_of_the_next_period_carries_the_results_of_the_previous_goals(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        services.submit_plan(by=by, plan=plan)
        services.adopt_plan(by=by, plan=plan, on=localdate(), body="gemeenteraad", reference="")
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        services.set_meting(by=by, indicator=indicator, jaar=2026, waarde=Decimal("2.4"))
    headers = auth(personas)
    response = send(client, "post", BASE, {"gebaseerdOp": str(plan.pk), "startjaar": 2027}, headers)
    assert invalid(response) == {
        "startjaar": "Een plan voor de volgende periode begint na 2027, het eerste jaar van dit plan."
    }
    response = send(client, "post", BASE, {"gebaseerdOp": str(plan.pk), "startjaar": 2031}, headers)
    assert response.status_code == 201
    body = response.json()
    assert (body["startjaar"], body["eindjaar"]) == (2031, 2034)
    [regel] = body["evaluatieInvoer"]
    assert regel["wat"] == "Minder woninginbraken"
    assert (regel["nulmeting"], regel["streefwaarde"], regel["laatste"], regel["laatstePeriode"]) == (
        "3.1",
        "2.5",
        "2.4",
        "2026",
    )
    assert regel["oordeel"] == "Bereikt"


# --- steps and checklist ------------------------------------------------------------------------


def test_the_steps_are_read_and_updated_with_their_own_etag(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    headers = auth(personas)
    steps = send(client, "get", f"{BASE}/{plan.pk}/stappen", None, headers).json()
    assert [s["stap"] for s in steps] == [s.key for s in content.STAPPEN]
    assert steps[2]["checklist"][0] == {"sleutel": "scores", "tekst": "Alle thema's gescoord.", "gedaan": False}
    url = f"{BASE}/{plan.pk}/stappen/prioriteiten"
    response = send(client, "get", url, None, headers)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        stap = PlanStap.objects.get(plan=plan, stap="prioriteiten")
    assert response["ETag"] == etag(stap)
    change = {"status": "bezig", "afgevinkt": ["scores"], "wie": "Team OOV", "wanneer": "2026-11-01"}
    response = send(client, "patch", url, change, headers, **if_match(stap))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["wie"], body["checklist"][0]["gedaan"]) == ("bezig", "Team OOV", True)
    assert_problem(send(client, "patch", url, {"status": "gereed"}, headers, **if_match(stap)), 412, "Versie verouderd")
    stap = fresh(personas, PlanStap, stap.pk)
    response = send(client, "patch", url, {"afgevinkt": ["verzonnen"]}, headers, **if_match(stap))
    assert invalid(response) == {"afgevinkt": "Onbekend punt van de checklist: verzonnen."}
    assert (
        send(client, "patch", url, {"status": "gereed"}, auth(personas, "bestuurder"), **if_match(stap)).status_code
        == 403
    )
    assert fresh(personas, PlanStap, stap.pk).status == "bezig"
    assert send(client, "get", f"{BASE}/{plan.pk}/stappen/visie", None, headers).status_code == 400


def test_the_ccv_checklist_lists_every_section_with_its_findings(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    sections = send(client, "get", f"{BASE}/{plan.pk}/ccv-checklist", None, auth(personas, "ketenpartner")).json()
    assert [s["sectie"] for s in sections] == [key for key, _titel in content.CCV_SECTIES]
    afbakening = sections[0]
    assert afbakening["inOrde"] is False
    assert afbakening["bevindingen"][0]["url"] == f"/veiligheidsplan/plannen/{plan.pk}#id_afbakening"
    assert sections[2] == {"sectie": "analyse", "titel": "Veiligheidsanalyse", "inOrde": True, "bevindingen": []}


def test_the_plan_resource_does_not_change_state_with_a_wildcard_etag(client: Client, personas: Any) -> None:
    plan = personas.ivp_of()
    response = send(client, "post", f"{BASE}/{plan.pk}/indiening", None, auth(personas), HTTP_IF_MATCH="*")
    assert_problem(response, 412, "Versie verouderd", "ETag")
    assert fresh(personas, Plan, plan.pk).status == PlanStatus.CONCEPT
