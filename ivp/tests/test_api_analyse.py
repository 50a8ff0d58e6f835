"""The API of the veiligheidsanalyse: indicators, their figures, the population per year and the police
codes, per operation; roles, another gemeente, ETag / If-Match and bad input as Dutch problems."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ivp.models import Indicator, Inwonertal, Meting, Misdrijfkoppeling, Thema
from lib import tenancy
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem

pytestmark = pytest.mark.django_db
D = Decimal
API = "/api/v1"


@pytest.fixture
def world(personas: Any) -> Any:
    """Gemeente A's plan (factories.add_ivp); the thema-eigenaar owns veld 1 (veilige woon- en leefomgeving)."""
    te = personas.members["thema_eigenaar"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        te.themes = ["veilige_woon_leefomgeving"]
        te.save(update_fields=["themes"])
    personas.ivp_of()
    return personas


def bound(p: Any) -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.members["coordinator"].user_id)


def auth(p: Any, role: str = "coordinator") -> dict[str, str]:
    member = p.coordinator_b if role == "coordinator_b" else p.members[role]
    return {"HTTP_AUTHORIZATION": f"Bearer {factories.make_token(member)[1]}"}


def send(method: str, url: str, body: Any = None, *, headers: dict[str, str], **extra: str) -> Any:
    client = Client()
    if method in {"post", "patch"}:
        data = body if isinstance(body, str) else json.dumps(body or {})
        return getattr(client, method)(url, data, content_type="application/json", **headers, **extra)
    return getattr(client, method)(url, **headers, **extra)


def woninginbraak(p: Any) -> Indicator:
    with bound(p):
        return Indicator.objects.get(gemeente_id=p.gemeente_a.pk, bronsleutel="bbv:woninginbraak")


def thema(p: Any, code: str) -> Thema:
    with bound(p):
        return Thema.objects.get(gemeente_id=p.gemeente_a.pk, code=code)


def fresh(p: Any, obj: Any) -> Any:
    with bound(p):
        return type(obj)._default_manager.filter(pk=obj.pk).first()


def reasons(response: Any) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


# --- indicators ---------------------------------------------------------------------------------


def test_the_indicators_come_with_their_latest_figure_and_trend(world: Any) -> None:
    response = send("get", f"{API}/indicatoren?themaId={thema(world, '1.3').pk}", headers=auth(world, "ketenpartner"))
    assert response.status_code == 200
    found = {i["naam"]: i for i in response.json()}
    ind = found["Diefstallen uit woning"]
    assert ind["laatste"] == {
        "jaar": 2025,
        "periode": "2025",
        "waarde": 3.1,
        "referentiewaarde": None,
        "voorlopig": False,
        "per1000": None,
    }
    assert ind["trend"] == {"richting": "daalt", "gunstig": True, "van": "2024", "tot": "2025"}
    assert (ind["lagerIsBeter"], ind["bronsleutel"], ind["soort"]) == (True, "bbv:woninginbraak", "objectief")


def test_the_indicators_are_filtered_by_kind_in_a_fixed_number_of_queries(world: Any) -> None:
    headers = auth(world)
    send("get", f"{API}/indicatoren", headers=headers)
    with CaptureQueriesContext(connection) as few:
        subjectief = send("get", f"{API}/indicatoren?soort=subjectief", headers=headers).json()
    with bound(world):
        for i in range(20):
            Indicator.objects.create(gemeente_id=world.gemeente_a.pk, thema=thema(world, "1.1"), naam=f"I{i}")
    with CaptureQueriesContext(connection) as many:
        alle = send("get", f"{API}/indicatoren", headers=headers).json()
    assert {i["soort"] for i in subjectief} == {"subjectief"} and len(subjectief) == 5
    assert len(alle) == 30
    assert len(few.captured_queries) == len(many.captured_queries)


def test_an_indicator_is_added_with_location_and_etag(world: Any) -> None:
    body = {"themaId": str(thema(world, "1.1").pk), "naam": "Meldingen burenruzie", "per1000": True}
    response = send("post", f"{API}/indicatoren", body, headers=auth(world, "thema_eigenaar"))
    assert response.status_code == 201
    created = response.json()
    assert response["Location"] == f"{API}/indicatoren/{created['id']}"
    assert response["ETag"] == f'"{created["id"]}-1"'
    assert (created["eenheid"], created["per1000"], created["laatste"], created["bron"]) == ("aantal", True, None, "")


def test_a_thema_eigenaar_adds_no_indicator_to_another_veld(world: Any) -> None:
    body = {"themaId": str(thema(world, "2.1").pk), "naam": "Overvallen"}
    response = send("post", f"{API}/indicatoren", body, headers=auth(world, "thema_eigenaar"))
    assert_problem(response, 403, "Geen toegang", "geen eigenaar")


def test_an_indicator_of_an_unknown_theme_or_with_a_taken_name_is_refused(world: Any) -> None:
    unknown = send(
        "post",
        f"{API}/indicatoren",
        {"themaId": str(thema(world, "1.1").gemeente_id), "naam": "X"},
        headers=auth(world),
    )
    assert reasons(unknown) == {"themaId": "Onbekend thema."}
    taken = {"themaId": str(thema(world, "1.3").pk), "naam": "DIEFSTALLEN UIT WONING"}
    response = send("post", f"{API}/indicatoren", taken, headers=auth(world))
    assert_problem(response, 400, "Ongeldige invoer")
    assert "Dit thema heeft al een indicator met deze naam." in response.content.decode()


def test_an_indicator_is_changed_only_with_its_current_etag(world: Any) -> None:
    ind = woninginbraak(world)
    url = f"{API}/indicatoren/{ind.pk}"
    got = send("get", url, headers=auth(world, "auditor"))
    assert got["ETag"] == etag(ind)
    assert_problem(send("patch", url, {"naam": "Inbraak"}, headers=auth(world)), 428, "Versie ontbreekt")
    stale = send("patch", url, {"naam": "Inbraak"}, headers=auth(world), HTTP_IF_MATCH=f'"{ind.pk}-9"')
    assert_problem(stale, 412, "Versie verouderd")
    body = {"naam": "Woninginbraken", "themaId": str(thema(world, "1.2").pk), "referentieNaam": "Regio"}
    response = send("patch", url, body, headers=auth(world), HTTP_IF_MATCH=got["ETag"])
    assert response.status_code == 200 and response["ETag"] == f'"{ind.pk}-2"'
    stored = fresh(world, ind)
    assert (stored.naam, stored.thema_id, stored.referentie_naam) == ("Woninginbraken", thema(world, "1.2").pk, "Regio")


def test_a_reader_changes_no_indicator(world: Any) -> None:
    ind = woninginbraak(world)
    response = send(
        "patch",
        f"{API}/indicatoren/{ind.pk}",
        {"naam": "X"},
        headers=auth(world, "bestuurder"),
        HTTP_IF_MATCH=etag(ind),
    )
    assert_problem(response, 403, "Geen toegang")
    assert fresh(world, ind).naam == "Diefstallen uit woning"


def test_an_indicator_a_goal_measures_with_is_a_conflict_and_another_is_deleted(world: Any) -> None:
    ind = woninginbraak(world)
    response = send("delete", f"{API}/indicatoren/{ind.pk}", headers=auth(world), HTTP_IF_MATCH=etag(ind))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "Een doelstelling meet met deze indicator")
    with bound(world):
        other = Indicator.objects.get(gemeente_id=world.gemeente_a.pk, bronsleutel="bbv:geweld")
    response = send("delete", f"{API}/indicatoren/{other.pk}", headers=auth(world), HTTP_IF_MATCH=etag(other))
    assert response.status_code == 204
    assert fresh(world, other) is None


def test_a_melder_and_another_gemeente_get_nothing(world: Any) -> None:
    ind = woninginbraak(world)
    assert_problem(send("get", f"{API}/indicatoren", headers=auth(world, "melder")), 403, "Geen toegang")
    b = auth(world, "coordinator_b")
    assert send("get", f"{API}/indicatoren", headers=b).json() == []
    for method, url in [
        ("get", f"{API}/indicatoren/{ind.pk}"),
        ("get", f"{API}/indicatoren/{ind.pk}/metingen"),
        ("post", f"{API}/indicatoren/{ind.pk}/metingen"),
    ]:
        body = {"jaar": 2025, "waarde": 1} if method == "post" else None
        assert_problem(send(method, url, body, headers=b), 404, "Niet gevonden")
    with bound(world):
        assert Meting.objects.filter(indicator=ind).count() == 2


# --- figures ------------------------------------------------------------------------------------


def test_a_figure_is_set_new_with_location_then_replaced(world: Any) -> None:
    ind = woninginbraak(world)
    url = f"{API}/indicatoren/{ind.pk}/metingen"
    body = {"jaar": 2026, "maand": 3, "waarde": 2.75, "referentiewaarde": "2.5", "gebied": "wk900100"}
    created = send("post", url, body, headers=auth(world, "thema_eigenaar"))
    assert created.status_code == 201
    meting = created.json()
    assert created["Location"] == f"{API}/metingen/{meting['id']}"
    assert (meting["periode"], meting["gebied"], meting["waarde"], meting["referentiewaarde"]) == (
        "2026-03",
        "WK900100",
        2.75,
        2.5,
    )
    replaced = send("post", url, {**body, "waarde": 3}, headers=auth(world))
    assert replaced.status_code == 200 and replaced.json()["id"] == meting["id"]
    assert send("get", created["Location"], headers=auth(world, "bestuurder")).json()["waarde"] == 3


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"jaar": 1800, "waarde": 3}, "jaar", "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": 3000, "waarde": 3}, "jaar", "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": 10**30, "waarde": 3}, "jaar", "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": 2025, "maand": 13, "waarde": 3}, "maand", "Kies een maand van 1 tot en met 12"),
        ({"jaar": 2025, "waarde": 10**15}, "waarde", "Dit getal is te groot"),
        ({"jaar": 2025, "waarde": 1e300}, "waarde", "Dit getal is te groot"),
        ({"jaar": 2025, "waarde": 3.14159}, "waarde", "hoogstens drie cijfers achter de komma"),
        ({"jaar": 2025}, "waarde", "Dit veld is verplicht."),
        ({"jaar": 2025, "waarde": 3, "gebied": "GM9001"}, "gebied", "CBS-code van een wijk"),
        ({"jaar": 2025, "waarde": 3, "gebiedNaam": "Noord\u0000"}, "gebiedNaam", "stuurteken"),
        ({"jaar": 2025, "waarde": "drie"}, "waarde", "Ongeldige waarde."),
    ],
)
def test_a_figure_that_cannot_be_stored_is_a_400_with_a_dutch_reason(
    world: Any, body: dict[str, Any], field: str, reason: str
) -> None:
    ind = woninginbraak(world)
    response = send("post", f"{API}/indicatoren/{ind.pk}/metingen", body, headers=auth(world))
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field]
    with bound(world):
        assert Meting.objects.filter(indicator=ind).count() == 2


def test_the_figures_are_filtered_and_come_a_page_at_a_time(world: Any) -> None:
    ind = woninginbraak(world)
    with bound(world):
        Meting.objects.bulk_create(
            Meting(gemeente_id=world.gemeente_a.pk, indicator=ind, jaar=2020 + i // 12, maand=i % 12 + 1, waarde=D(i))
            for i in range(600)
        )
    url = f"{API}/indicatoren/{ind.pk}/metingen"
    first = send("get", url, headers=auth(world))
    assert first["X-Total-Count"] == "602" and len(first.json()) == 500
    assert first["Link"] == f'<{url}?pagina=2>; rel="next"'
    second = send("get", f"{url}?pagina=2", headers=auth(world))
    assert len(second.json()) == 102 and second["Link"] == f'<{url}?pagina=1>; rel="prev"'
    years = send("get", f"{url}?jaar=2024&gebied=", headers=auth(world)).json()
    assert [(m["jaar"], m["maand"]) for m in years][:2] == [(2024, None), (2024, 1)] and len(years) == 13
    maart = send("get", f"{url}?maand=3&jaar=2021", headers=auth(world)).json()
    assert [m["periode"] for m in maart] == ["2021-03"]
    assert_problem(send("get", f"{url}?gebied=%00", headers=auth(world)), 400, "Ongeldige invoer")
    assert_problem(send("get", f"{url}?jaar=1800", headers=auth(world)), 400, "Ongeldige invoer")


def test_a_figure_is_deleted_with_its_etag(world: Any) -> None:
    ind = woninginbraak(world)
    with bound(world):
        meting = Meting.objects.filter(indicator=ind).order_by("jaar").first()
    assert meting is not None
    url = f"{API}/metingen/{meting.pk}"
    assert_problem(send("delete", url, headers=auth(world)), 428, "Versie ontbreekt")
    assert_problem(send("delete", url, headers=auth(world, "auditor"), HTTP_IF_MATCH=etag(meting)), 403, "Geen toegang")
    assert send("delete", url, headers=auth(world, "thema_eigenaar"), HTTP_IF_MATCH=etag(meting)).status_code == 204
    assert fresh(world, meting) is None


# --- population ---------------------------------------------------------------------------------


def test_the_population_is_listed_set_and_replaced(world: Any) -> None:
    assert send("get", f"{API}/inwonertallen", headers=auth(world, "auditor")).json()[0]["aantal"] == 42000
    created = send("post", f"{API}/inwonertallen", {"jaar": 2024, "aantal": 41800}, headers=auth(world))
    assert created.status_code == 201 and created["Location"] == f"{API}/inwonertallen/2024"
    assert send("get", created["Location"], headers=auth(world)).json()["bron"] == "CBS"
    replaced = send("post", f"{API}/inwonertallen", {"jaar": 2024, "aantal": 41900, "bron": "BRP"}, headers=auth(world))
    assert replaced.status_code == 200
    with bound(world):
        assert list(Inwonertal.objects.order_by("jaar").values_list("jaar", "aantal", "bron")) == [
            (2024, 41900, "BRP"),
            (2025, 42000, "CBS"),
        ]


def test_a_wrong_population_is_a_400_and_a_reader_sets_none(world: Any) -> None:
    response = send("post", f"{API}/inwonertallen", {"jaar": 1800, "aantal": 0}, headers=auth(world))
    assert reasons(response) == {
        "jaar": "Kies een jaar van 1900 tot en met 2100.",
        "aantal": "Een inwonertal ligt tussen 1 en 20 miljoen.",
    }
    refused = send("post", f"{API}/inwonertallen", {"jaar": 2024, "aantal": 5}, headers=auth(world, "bestuurder"))
    assert_problem(refused, 403, "Geen toegang")
    with bound(world):
        assert Inwonertal.objects.count() == 1


# --- police codes -------------------------------------------------------------------------------


def test_the_police_codes_are_listed_with_their_theme_and_filtered(world: Any) -> None:
    alle = send("get", f"{API}/politiecode-koppelingen", headers=auth(world, "ketenpartner")).json()
    assert len(alle) == 68
    overlast = send("get", f"{API}/politiecode-koppelingen?dimensie=overlast", headers=auth(world)).json()
    assert len(overlast) == 9
    zonder = send("get", f"{API}/politiecode-koppelingen?zonderThema=true", headers=auth(world)).json()
    assert zonder and all(k["overgeslagen"] and k["themaId"] is None for k in zonder)
    assert "0.0.0" in {k["code"] for k in zonder}


def test_the_coordinator_maps_a_code_with_its_etag_and_others_cannot(world: Any) -> None:
    with bound(world):
        k = Misdrijfkoppeling.objects.get(gemeente_id=world.gemeente_a.pk, dimensie="misdrijf", code="1.1.1")
    url = f"{API}/politiecode-koppelingen/{k.pk}"
    tag = send("get", url, headers=auth(world))["ETag"]
    refused = send("patch", url, {"themaId": None}, headers=auth(world, "thema_eigenaar"), HTTP_IF_MATCH=tag)
    assert_problem(refused, 403, "Geen toegang", "coördinator")
    response = send("patch", url, {"themaId": None}, headers=auth(world), HTTP_IF_MATCH=tag)
    assert response.status_code == 200 and response.json()["overgeslagen"] is True
    assert fresh(world, k).thema_id is None
    again = send("patch", url, {"themaId": str(thema(world, "1.2").pk)}, headers=auth(world), HTTP_IF_MATCH=tag)
    assert_problem(again, 412, "Versie verouderd")
    missing = send("patch", url, {}, headers=auth(world), HTTP_IF_MATCH=response["ETag"])
    assert reasons(missing) == {"themaId": "Dit veld is verplicht."}
