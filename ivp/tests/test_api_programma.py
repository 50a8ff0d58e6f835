"""The API of the uitvoeringsprogramma: programmes, their vaststelling, and actions with the same
filters as the page, pagination, ETag/If-Match, and what a ketenpartner's token may change."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ivp.models import Actie, Programma
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem

from .programma_world import World, world_of

pytestmark = pytest.mark.django_db

PROGRAMMAS = "/api/v1/uitvoeringsprogrammas"
ACTIES = "/api/v1/acties"


@pytest.fixture
def world(personas: Any) -> World:
    return world_of(personas)


def api(world: World, role: str = "coordinator") -> Client:
    member = world.personas.coordinator_b if role == "coordinator_b" else world.member(role)
    return Client(HTTP_AUTHORIZATION=f"Bearer {factories.make_token(member)[1]}")


def send(client: Client, method: str, url: str, body: Any = None, if_match: str | None = None) -> Any:
    headers: dict[str, Any] = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    if method == "delete":
        return client.delete(url, **headers)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def reasons(response: Any) -> dict[str, str]:
    """Every reason given per parameter, joined (a value can break more than one rule)."""
    found: dict[str, list[str]] = {}
    for p in response.json()["invalidParams"]:
        found.setdefault(p["name"], []).append(p["reason"])
    return {name: " ".join(texts) for name, texts in found.items()}


# --- programmes -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor", "ketenpartner"])
def test_every_reader_lists_the_programmes_with_their_counts(world: World, role: str) -> None:
    world.add("Klaar", status="afgerond", voortgang=100)
    [programma] = api(world, role).get(PROGRAMMAS).json()
    assert programma["id"] == str(world.programma.pk) and programma["planId"] == str(world.plan.pk)
    assert (programma["jaar"], programma["status"]) == (2027, "concept")
    assert (programma["aantalActies"], programma["aantalAfgerond"], programma["aantalTeLaat"]) == (3, 1, 0)


def test_a_melder_reads_no_programme(world: World) -> None:
    assert_problem(api(world, "melder").get(PROGRAMMAS), 403, "Geen toegang", "integraal veiligheidsplan")


def test_the_coordinator_starts_next_years_programme_with_the_unfinished_actions(world: World) -> None:
    response = send(api(world), "post", PROGRAMMAS, {"planId": str(world.plan.pk), "jaar": 2028})
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"{PROGRAMMAS}/{body['id']}"
    assert response["ETag"] == f'"{body["id"]}-1"'
    assert (body["jaar"], body["gebaseerdOp"], body["aantalActies"]) == (2028, str(world.programma.pk), 2)
    acties = api(world).get(ACTIES, {"programmaId": body["id"]}).json()
    assert {a["overgenomenVan"] for a in acties} == {str(world.own.pk), str(world.gemeente.pk)}


def test_a_year_outside_the_plan_and_an_unknown_plan_are_refused_in_dutch(world: World) -> None:
    client = api(world)
    response = send(client, "post", PROGRAMMAS, {"planId": str(world.plan.pk), "jaar": 2099})
    assert_problem(response, 400, "Ongeldige invoer")
    assert reasons(response) == {"jaar": "Kies een jaar binnen de looptijd van het plan (2027–2030)."}
    response = send(client, "post", PROGRAMMAS, {"planId": "0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40", "jaar": 2028})
    assert reasons(response) == {"planId": "Onbekend veiligheidsplan."}


@pytest.mark.parametrize("role", ["thema_eigenaar", "ketenpartner", "bestuurder"])
def test_only_the_coordinator_starts_a_programme(world: World, role: str) -> None:
    response = send(api(world, role), "post", PROGRAMMAS, {"planId": str(world.plan.pk), "jaar": 2028})
    assert_problem(response, 403, "Geen toegang")
    with world.bound():
        assert not Programma.objects.filter(jaar=2028).exists()


def test_one_programme_comes_with_its_etag_and_another_gemeente_gets_404(world: World) -> None:
    url = f"{PROGRAMMAS}/{world.programma.pk}"
    response = api(world, "auditor").get(url)
    assert response.status_code == 200 and response["ETag"] == etag(world.programma)
    assert_problem(api(world, "coordinator_b").get(url), 404, "Niet gevonden")


def test_the_vaststelling_needs_the_etag_and_a_date_that_is_not_in_the_future(world: World) -> None:
    url = f"{PROGRAMMAS}/{world.programma.pk}/vaststelling"
    client = api(world, "bestuurder")
    today = timezone.localdate()
    assert_problem(send(client, "post", url, {"vastgesteldOp": today.isoformat()}), 428, "Versie ontbreekt")
    stale = f'"{world.programma.pk}-9"'
    assert_problem(send(client, "post", url, {"vastgesteldOp": today.isoformat()}, stale), 412, "Versie verouderd")
    later = (today + datetime.timedelta(days=2)).isoformat()
    response = send(client, "post", url, {"vastgesteldOp": later}, etag(world.programma))
    assert reasons(response) == {"vastgesteldOp": "De datum van vaststelling ligt in de toekomst."}
    response = send(client, "post", url, {"vastgesteldOp": today.isoformat()}, etag(world.programma))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["vastgesteldOp"]) == ("vastgesteld", today.isoformat())
    assert response["ETag"] == f'"{world.programma.pk}-2"'


def test_a_partner_records_no_vaststelling(world: World) -> None:
    url = f"{PROGRAMMAS}/{world.programma.pk}/vaststelling"
    body = {"vastgesteldOp": timezone.localdate().isoformat()}
    assert_problem(send(api(world, "ketenpartner"), "post", url, body, etag(world.programma)), 403, "Geen toegang")


# --- the list of actions ----------------------------------------------------------------------


def test_an_action_shows_every_field_with_its_flags(world: World) -> None:
    body = api(world, "ketenpartner").get(f"{ACTIES}/{world.own.pk}").json()
    assert body["actiepunt"] == "Buurtpreventie uitbreiden"
    assert body["organisatieId"] == str(world.personas.partner_a.pk)
    assert body["doelstellingId"] == str(world.own.doelstelling_id)
    assert (body["eind"], body["status"], body["voortgang"], body["teLaat"], body["stilgevallen"]) == (
        "2027-12-31",
        "gepland",
        0,
        False,
        False,
    )


QUERIES = [
    {"organisatieId": "gemeente"},
    {"status": "afgerond"},
    {"teLaat": "true"},
    {"teLaat": "false", "zoek": "e"},
    {"zoek": "POLITIE"},
]


@pytest.mark.parametrize("query", QUERIES, ids=[json.dumps(q) for q in QUERIES])
def test_the_page_and_the_api_give_the_same_actions_for_the_same_filters(world: World, query: dict[str, str]) -> None:
    world.add("Zelf gedaan", status="afgerond", voortgang=100)
    world.add("Te laat bij de politie", organisatie=world.personas.partner_a, eind=datetime.date(2026, 1, 31))
    world.add("Thema brand", "4.2", status="lopend")
    page = world.client("coordinator").get(reverse("ivp:programma", kwargs={"pk": world.programma.pk}), query)
    shown = re.findall(
        r'scope="row"><a class="utrecht-link" href="/veiligheidsplan/acties/([0-9a-f-]+)">', page.content.decode()
    )
    listed = [a["id"] for a in api(world).get(ACTIES, {**query, "programmaId": str(world.programma.pk)}).json()]
    assert shown == listed
    assert listed, "the filter selects something"


def test_the_theme_and_partner_filters_are_the_same_on_page_and_api(world: World) -> None:
    for name, value in (("themaId", str(world.thema("4.2").pk)), ("organisatieId", str(world.personas.partner_a.pk))):
        page = world.client("coordinator").get(world.programma.get_absolute_url(), {name: value}).content.decode()
        shown = re.findall(r'href="/veiligheidsplan/acties/([0-9a-f-]+)">', page)
        listed = [a["id"] for a in api(world).get(ACTIES, {name: value}).json()]
        assert shown == listed and len(listed) == 1


def test_the_list_is_paginated_with_headers_and_links(world: World) -> None:
    world.add_many(7)
    response = api(world).get(ACTIES, {"zoek": "Extra", "paginaGrootte": "3", "pagina": "2"})
    assert len(response.json()) == 3
    assert (response["X-Total-Count"], response["X-Pagination-Page"]) == ("7", "2")
    assert (response["X-Pagination-Limit"], response["X-Pagination-Count"]) == ("3", "3")
    links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])}
    assert links["next"] == "/api/v1/acties?zoek=Extra&paginaGrootte=3&pagina=3"
    assert links["prev"].endswith("pagina=1") and links["first"].endswith("pagina=1")
    last = api(world).get(links["next"]).json()
    assert len(last) == 1


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"themaId": "0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"}, "themaId"),
        ({"organisatieId": "iedereen"}, "organisatieId"),
        ({"status": "klaar"}, "status"),
        ({"paginaGrootte": "1000"}, "paginaGrootte"),
        ({"zoek": "a\x00b"}, "zoek"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(world: World, query: dict[str, str], name: str) -> None:
    response = api(world).get(ACTIES, query)
    assert_problem(response, 400, "Ongeldige invoer")
    assert name in reasons(response)


def test_a_theme_of_another_gemeente_is_an_unknown_filter(world: World) -> None:
    from ivp.models import Thema
    from lib import tenancy

    with tenancy.bound(gemeente=world.personas.gemeente_b.pk):
        from ivp import services

        services.start_ivp(by=world.personas.coordinator_b, startjaar=2027)
        thema_b = Thema.objects.filter(gemeente_id=world.personas.gemeente_b.pk).first()
    assert thema_b is not None
    assert_problem(api(world).get(ACTIES, {"themaId": str(thema_b.pk)}), 400, "Ongeldige invoer")


# --- adding, changing, deleting ---------------------------------------------------------------


def new(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "programmaId": str(world.programma.pk),
        "themaId": str(world.thema("1.3").pk),
        "actiepunt": "Hotspotaanpak",
        **fields,
    }


def test_the_coordinator_adds_an_action(world: World) -> None:
    body = new(world, organisatieId=str(world.personas.partner_a.pk), budget="2500.50", eind="2027-06-30")
    response = send(api(world), "post", ACTIES, body)
    assert response.status_code == 201
    created = response.json()
    assert response["Location"] == f"{ACTIES}/{created['id']}"
    assert (created["budget"], created["organisatieId"], created["status"]) == (
        2500.5,
        str(world.personas.partner_a.pk),
        "gepland",
    )


BAD = [
    ({"budget": -1}, "budget", "Een budget is niet negatief."),
    ({"budget": "1e15"}, "budget", "Een budget is kleiner dan 10 miljard euro."),
    ({"voortgang": 150}, "voortgang", "De voortgang ligt tussen 0 en 100 procent."),
    ({"voortgang": 10**30}, "voortgang", "De voortgang ligt tussen 0 en 100 procent."),
    ({"eind": "9999-12-31"}, "eind", "Kies een datum tussen 2000 en 2100."),
    ({"status": "afgerond", "voortgang": 50}, "voortgang", "Een afgeronde actie staat op 100 procent."),
    ({"doelstellingId": "0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"}, "doelstellingId", "Geen doel uit het plan"),
    ({"eigenaar": "a\x00b"}, "eigenaar", "stuurteken"),
]


@pytest.mark.parametrize(("fields", "name", "reason"), BAD, ids=[r for _, _, r in BAD])
def test_bad_values_of_a_new_action_are_400_in_dutch_and_nothing_is_stored(
    world: World, fields: dict[str, Any], name: str, reason: str
) -> None:
    response = send(api(world), "post", ACTIES, new(world, actiepunt="Afgewezen", **fields))
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[name]
    with world.bound():
        assert not Actie.objects.filter(actiepunt="Afgewezen").exists()


@pytest.mark.parametrize(("role", "code"), [("ketenpartner", "1.3"), ("thema_eigenaar", "4.2"), ("bestuurder", "1.3")])
def test_who_may_not_add_gets_403(world: World, role: str, code: str) -> None:
    body = {**new(world), "themaId": str(world.thema(code).pk), "budget": -1}
    assert_problem(send(api(world, role), "post", ACTIES, body), 403, "Geen toegang")


def test_the_coordinator_changes_an_action_with_the_etag(world: World) -> None:
    url, client = f"{ACTIES}/{world.gemeente.pk}", api(world)
    assert_problem(send(client, "patch", url, {"eigenaar": "Team Brandweer"}), 428, "Versie ontbreekt")
    response = send(client, "patch", url, {"eigenaar": "Team Brandweer", "voortgang": 20}, etag(world.gemeente))
    assert response.status_code == 200 and response.json()["eigenaar"] == "Team Brandweer"
    assert response["ETag"] == f'"{world.gemeente.pk}-2"'
    stale = send(client, "patch", url, {"eigenaar": "Ander team"}, etag(world.gemeente))
    assert_problem(stale, 412, "Versie verouderd")
    assert world.fresh(world.gemeente).eigenaar == "Team Brandweer"


def test_the_partner_updates_the_progress_of_their_own_organisations_action(world: World) -> None:
    body = {"status": "lopend", "voortgang": 35, "evaluatie": "Eerste wijk loopt."}
    response = send(api(world, "ketenpartner"), "patch", f"{ACTIES}/{world.own.pk}", body, etag(world.own))
    assert response.status_code == 200
    stored = world.fresh(world.own)
    assert (stored.status, stored.voortgang, stored.evaluatie) == ("lopend", 35, "Eerste wijk loopt.")


@pytest.mark.parametrize(
    "body",
    [
        {"actiepunt": "Anders"},
        {"voortgang": 50, "eigenaar": "Wij"},
        {"themaId": "0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"},
    ],
)
def test_the_partner_changes_nothing_but_the_progress_of_their_own_action(world: World, body: dict[str, Any]) -> None:
    response = send(api(world, "ketenpartner"), "patch", f"{ACTIES}/{world.own.pk}", body, etag(world.own))
    problem = assert_problem(response, 403, "Geen toegang")
    assert "alleen de status, de voortgang en de evaluatie" in problem["detail"]
    assert world.fresh(world.own).version == world.own.version


def test_the_partner_cannot_update_the_gemeentes_own_action(world: World) -> None:
    url = f"{ACTIES}/{world.gemeente.pk}"
    response = send(api(world, "ketenpartner"), "patch", url, {"voortgang": 500}, etag(world.gemeente))
    problem = assert_problem(response, 403, "Geen toegang")
    assert "acties van uw eigen organisatie" in problem["detail"]
    assert world.fresh(world.gemeente).voortgang == 0


def test_the_partners_bad_progress_is_a_400_in_dutch(world: World) -> None:
    url = f"{ACTIES}/{world.own.pk}"
    response = send(api(world, "ketenpartner"), "patch", url, {"voortgang": 101}, etag(world.own))
    assert reasons(response) == {"voortgang": "De voortgang ligt tussen 0 en 100 procent."}
    response = send(api(world, "ketenpartner"), "patch", url, {"status": "afgerond"}, etag(world.own))
    assert reasons(response) == {"voortgang": "Een afgeronde actie staat op 100 procent."}


def test_deleting_needs_the_etag_and_the_right_role(world: World) -> None:
    url = f"{ACTIES}/{world.gemeente.pk}"
    assert_problem(send(api(world, "ketenpartner"), "delete", url, if_match=etag(world.gemeente)), 403, "Geen toegang")
    assert_problem(
        send(api(world, "thema_eigenaar"), "delete", url, if_match=etag(world.gemeente)), 403, "Geen toegang"
    )
    assert_problem(send(api(world), "delete", url, if_match=f'"{world.gemeente.pk}-7"'), 412, "Versie verouderd")
    assert send(api(world), "delete", url, if_match=etag(world.gemeente)).status_code == 204
    with world.bound():
        assert not Actie.objects.filter(pk=world.gemeente.pk).exists()


def test_another_gemeentes_token_gets_404_on_every_action_operation(world: World) -> None:
    client, url = api(world, "coordinator_b"), f"{ACTIES}/{world.own.pk}"
    assert_problem(client.get(url), 404, "Niet gevonden")
    assert_problem(send(client, "patch", url, {"voortgang": 5}, etag(world.own)), 404, "Niet gevonden")
    assert_problem(send(client, "delete", url, if_match=etag(world.own)), 404, "Niet gevonden")
    assert client.get(ACTIES).json() == []
