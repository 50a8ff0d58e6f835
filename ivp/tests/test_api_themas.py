"""The API of velden and themes, links to the kader, priorities and SMART goals: every operation,
validation in Dutch, ETag / If-Match, roles, and gemeente B's token."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ivp import services
from ivp.models import Doelstelling, Indicator, Plan, Prioritering, Thema, ThemaKoppeling, Veld
from kader.models import Doel
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem

from .test_views_themas import bound, make_world

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(personas: Any) -> Any:
    return make_world(personas)


def auth(personas: Any, role: str = "coordinator") -> dict[str, Any]:
    member = personas.coordinator_b if role == "coordinator_b" else personas.members[role]
    return {"HTTP_AUTHORIZATION": f"Bearer {factories.make_token(member)[1]}"}


def send(client: Client, method: str, url: str, body: Any = None, *, who: dict[str, Any], **headers: Any) -> Any:
    if method in {"post", "patch"}:
        data = body if isinstance(body, str) else json.dumps(body or {})
        return getattr(client, method)(API + url, data, content_type="application/json", **who, **headers)
    return getattr(client, method)(API + url, **who, **headers)


def reload(personas: Any, obj: Any) -> Any:
    with bound(personas):
        return type(obj)._default_manager.filter(pk=obj.pk).first()


def get(personas: Any, model: Any, **filters: Any) -> Any:
    with bound(personas):
        return model._default_manager.get(gemeente_id=personas.gemeente_a.pk, **filters)


def if_match(obj: Any) -> dict[str, str]:
    return {"HTTP_IF_MATCH": etag(obj)}


def invalid(response: Any) -> dict[str, str]:
    body = assert_problem(response, 400, "Ongeldige invoer")
    return {param["name"]: param["reason"] for param in body["invalidParams"]}


# --- velden ---------------------------------------------------------------------------------------


def test_the_velden_are_listed_and_one_is_renamed_with_its_etag(client: Client, world: Any) -> None:
    who = auth(world)
    velden = send(client, "get", "/veiligheidsvelden", who=who).json()
    assert [v["nummer"] for v in velden] == [1, 2, 3, 4, 5, 6]
    assert velden[0] == {
        "id": velden[0]["id"],
        "nummer": 1,
        "naam": "Veilige woon- en leefomgeving",
        "eigenaarThema": "veilige_woon_leefomgeving",
        "verborgen": False,
    }
    veld = get(world, Veld, nummer=2)
    one = send(client, "get", f"/veiligheidsvelden/{veld.pk}", who=who)
    assert one["ETag"] == etag(veld)
    response = send(
        client, "patch", f"/veiligheidsvelden/{veld.pk}", {"naam": "Veilig ondernemen"}, who=who, **if_match(veld)
    )
    assert response.status_code == 200 and response.json()["naam"] == "Veilig ondernemen"
    assert response["ETag"] == etag(reload(world, veld))
    assert_problem(
        send(client, "patch", f"/veiligheidsvelden/{veld.pk}", {"verborgen": True}, who=who), 428, "Versie ontbreekt"
    )
    stale = send(client, "patch", f"/veiligheidsvelden/{veld.pk}", {"verborgen": True}, who=who, **if_match(veld))
    assert_problem(stale, 412, "Versie verouderd")
    assert reload(world, veld).verborgen is False


def test_only_the_coordinator_changes_a_veld_and_an_empty_name_is_refused(client: Client, world: Any) -> None:
    veld = get(world, Veld, nummer=1)
    url = f"/veiligheidsvelden/{veld.pk}"
    response = send(client, "patch", url, {"naam": "Anders"}, who=auth(world, "thema_eigenaar"), **if_match(veld))
    assert_problem(response, 403, "Geen toegang", "Alleen een coördinator")
    assert invalid(send(client, "patch", url, {"naam": ""}, who=auth(world), **if_match(veld))) == {
        "naam": "Dit veld mag niet leeg zijn."
    }
    assert reload(world, veld).naam == "Veilige woon- en leefomgeving"


# --- themes ---------------------------------------------------------------------------------------


def test_themes_are_listed_per_veld_added_with_a_location_and_changed(client: Client, world: Any) -> None:
    who = auth(world)
    veld = get(world, Veld, nummer=1)
    listed = send(client, "get", f"/veiligheidsthemas?veldId={veld.pk}", who=who).json()
    assert [t["code"] for t in listed] == ["1.1", "1.2", "1.3", "1.4"]
    assert {"rolGemeente", "verhaal", "veldId", "verborgen"} <= set(listed[0])
    response = send(client, "post", "/veiligheidsthemas", {"veldId": str(veld.pk), "naam": "Woonfraude"}, who=who)
    assert response.status_code == 201
    nieuw = get(world, Thema, naam="Woonfraude")
    assert response["Location"] == f"{API}/veiligheidsthemas/{nieuw.pk}" and response["ETag"] == etag(nieuw)
    assert response.json()["code"] == ""
    url = f"/veiligheidsthemas/{nieuw.pk}"
    assert send(client, "get", url, who=who)["ETag"] == etag(nieuw)
    body = {"verhaal": "Signalen van de corporaties.", "verborgen": True}
    changed = send(client, "patch", url, body, who=who, **if_match(nieuw))
    assert changed.status_code == 200 and changed.json()["verhaal"] == "Signalen van de corporaties."
    assert reload(world, nieuw).verborgen is True


def test_a_theme_with_a_taken_name_or_an_unknown_veld_is_refused_in_dutch(client: Client, world: Any) -> None:
    who = auth(world)
    veld = get(world, Veld, nummer=1)
    response = send(
        client, "post", "/veiligheidsthemas", {"veldId": str(veld.pk), "naam": "sociale kwaliteit"}, who=who
    )
    assert invalid(response) == {"body": "Er is al een thema met deze naam."}
    unknown = send(client, "post", "/veiligheidsthemas", {"veldId": str(world.gemeente_b.pk), "naam": "X"}, who=who)
    assert invalid(unknown) == {"veldId": "Onbekend veiligheidsveld."}
    nul = send(client, "post", "/veiligheidsthemas", {"veldId": str(veld.pk), "naam": "Nul\u0000byte"}, who=who)
    assert "naam" in invalid(nul)


def test_a_thema_eigenaar_changes_themes_of_their_own_velden_only(client: Client, world: Any) -> None:
    who = auth(world, "thema_eigenaar")
    own, other = get(world, Thema, code="1.1"), get(world, Thema, code="2.1")
    ok = send(client, "patch", f"/veiligheidsthemas/{own.pk}", {"verhaal": "Eigen."}, who=who, **if_match(own))
    assert ok.status_code == 200
    refused = send(client, "patch", f"/veiligheidsthemas/{other.pk}", {"verhaal": "x"}, who=who, **if_match(other))
    assert_problem(refused, 403, "Geen toegang", "geen eigenaar")
    moved = send(
        client,
        "patch",
        f"/veiligheidsthemas/{own.pk}",
        {"veldId": str(other.veld_id)},
        who=who,
        **if_match(reload(world, own)),
    )
    assert_problem(moved, 403, "Geen toegang")
    assert reload(world, own).veld_id == own.veld_id and reload(world, other).verhaal is None


# --- links to the kader ---------------------------------------------------------------------------


def test_a_theme_of_veld_5_is_linked_to_a_kader_goal_and_unlinked(client: Client, world: Any) -> None:
    who = auth(world)
    thema = get(world, Thema, code="5.3")
    with bound(world):
        doel = Doel.objects.filter(versie=world.kader_of()).order_by("volgorde")[0]
    url = f"/veiligheidsthemas/{thema.pk}/kader-koppelingen"
    response = send(client, "post", url, {"doelId": str(doel.pk)}, who=who)
    assert response.status_code == 201
    body = response.json()
    assert (body["doelId"], body["uitgangspuntId"], body["tekst"], body["kaderversie"]) == (
        str(doel.pk),
        None,
        doel.titel,
        1,
    )
    koppeling = get(world, ThemaKoppeling, doel=doel)
    assert response["Location"] == f"{API}{url}/{koppeling.pk}"
    assert [k["id"] for k in send(client, "get", url, who=who).json()] == [str(koppeling.pk)]
    assert send(client, "get", f"{url}/{koppeling.pk}", who=who)["ETag"] == etag(koppeling)
    assert_problem(send(client, "delete", f"{url}/{koppeling.pk}", who=who), 428, "Versie ontbreekt")
    assert send(client, "delete", f"{url}/{koppeling.pk}", who=who, **if_match(koppeling)).status_code == 204
    assert reload(world, koppeling) is None


def test_a_link_needs_exactly_one_known_target_on_a_theme_of_veld_5(client: Client, world: Any) -> None:
    who = auth(world)
    veld_5, veld_1 = get(world, Thema, code="5.3"), get(world, Thema, code="1.3")
    with bound(world):
        doel = Doel.objects.filter(versie=world.kader_of()).order_by("volgorde")[0]
    url = f"/veiligheidsthemas/{veld_5.pk}/kader-koppelingen"
    assert invalid(send(client, "post", url, {}, who=who)) == {
        "body": "Kies één doel of één uitgangspunt van het kader."
    }
    unknown = send(client, "post", url, {"doelId": str(world.gemeente_b.pk)}, who=who)
    assert invalid(unknown) == {"doelId": "Onbekend beveiligingsdoel."}
    outside = send(
        client, "post", f"/veiligheidsthemas/{veld_1.pk}/kader-koppelingen", {"doelId": str(doel.pk)}, who=who
    )
    assert "veld 5" in invalid(outside)["body"]
    with bound(world):
        assert not ThemaKoppeling.objects.exists()


# --- priorities -----------------------------------------------------------------------------------


def prioritering(personas: Any, code: str) -> Prioritering:
    return get(personas, Prioritering, plan=personas.plan, thema__code=code)


def test_the_priorities_of_a_plan_come_with_score_and_suggested_tier(client: Client, world: Any) -> None:
    who = auth(world)
    p = prioritering(world, "1.3")
    body = {"omvang": 5, "ernst": 5, "trend": 2, "beleving": 4, "invloed": 1}
    changed = send(client, "patch", f"/prioriteringen/{p.pk}", body, who=who, **if_match(p))
    assert changed.status_code == 200
    assert (changed.json()["score"], changed.json()["voorgesteldNiveau"]) == (3.4, "overig_strategisch")
    listed = send(client, "get", f"/veiligheidsplannen/{world.plan.pk}/prioriteringen", who=auth(world, "ketenpartner"))
    row = next(r for r in listed.json() if r["id"] == str(p.pk))
    assert row["score"] == 3.4 and row["niveau"] is None
    assert send(client, "get", f"/prioriteringen/{p.pk}", who=who)["ETag"] == etag(reload(world, p))


def test_a_tier_without_justification_or_a_score_out_of_range_is_refused(client: Client, world: Any) -> None:
    who = auth(world)
    p = prioritering(world, "1.3")
    url = f"/prioriteringen/{p.pk}"
    assert invalid(send(client, "patch", url, {"niveau": "prioriteit"}, who=who, **if_match(p))) == {
        "onderbouwing": "Onderbouw de keuze voor dit niveau."
    }
    assert "omvang" in invalid(send(client, "patch", url, {"omvang": 6}, who=who, **if_match(p)))
    assert reload(world, p).niveau is None


def test_priorities_of_a_plan_that_is_not_a_concept_are_frozen(client: Client, world: Any) -> None:
    with bound(world):
        services.submit_plan(by=world.members["coordinator"], plan=Plan.objects.get(pk=world.plan.pk))
    p = prioritering(world, "1.3")
    response = send(client, "patch", f"/prioriteringen/{p.pk}", {"omvang": 3}, who=auth(world), **if_match(p))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "ter besluitvorming")


# --- SMART goals ----------------------------------------------------------------------------------


def test_goals_are_listed_per_plan_and_theme_with_their_smart_problems(client: Client, world: Any) -> None:
    who = auth(world, "bestuurder")
    with bound(world):
        services.add_doelstelling(
            by=world.members["coordinator"], plan=world.plan, thema=get(world, Thema, code="1.1"), wat="Beter"
        )
    goals = send(client, "get", f"/doelstellingen?planId={world.plan.pk}", who=who).json()
    assert [g["wat"] for g in goals] == ["Beter", "Minder woninginbraken"]
    assert [p["onderdeel"] for p in goals[0]["smartProblemen"]] == [
        "Specifiek",
        "Meetbaar",
        "Meetbaar",
        "Acceptabel",
        "Tijdgebonden",
    ]
    assert goals[1]["smartProblemen"] == [] and goals[1]["nulmeting"] == 3.1 and goals[1]["streefwaarde"] == 2.5
    thema = get(world, Thema, code="1.3")
    assert [g["wat"] for g in send(client, "get", f"/doelstellingen?themaId={thema.pk}", who=who).json()] == [
        "Minder woninginbraken"
    ]


def test_a_goal_is_added_changed_and_deleted(client: Client, world: Any) -> None:
    who = auth(world)
    thema = get(world, Thema, code="1.3")
    woninginbraak = get(world, Indicator, bronsleutel="bbv:woninginbraak")
    body = {
        "planId": str(world.plan.pk),
        "themaId": str(thema.pk),
        "wat": "Minder inbraken in Noord",
        "indicatorId": str(woninginbraak.pk),
        "streefwaarde": 2.8,
        "deadline": "2029-12-31",
        "eigenaar": "Wijkteam Noord",
    }
    response = send(client, "post", "/doelstellingen", body, who=who)
    assert response.status_code == 201
    doel = get(world, Doelstelling, wat="Minder inbraken in Noord")
    assert response["Location"] == f"{API}/doelstellingen/{doel.pk}"
    assert (response.json()["nulmeting"], response.json()["nulmetingPeriode"]) == (3.1, "2025")
    url = f"/doelstellingen/{doel.pk}"
    assert send(client, "get", url, who=who)["ETag"] == etag(doel)
    changed = send(client, "patch", url, {"streefwaarde": 5}, who=who, **if_match(doel))
    assert [p["onderdeel"] for p in changed.json()["smartProblemen"]] == ["Realistisch"]
    assert reload(world, doel).streefwaarde == Decimal(5)
    assert send(client, "delete", url, who=who, **if_match(reload(world, doel))).status_code == 204
    assert reload(world, doel) is None


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"streefwaarde": 2.5555}, "streefwaarde", "Gebruik hoogstens drie cijfers achter de komma."),
        ({"streefwaarde": 1e15}, "streefwaarde", None),
        ({"deadline": "2999-12-31"}, "deadline", "Kies een datum tussen 2000 en 2100."),
        ({"wat": "Met\u0000nul"}, "wat", None),
        ({"themaId": "00000000-0000-0000-0000-000000000000"}, "themaId", "Onbekend thema."),
        ({"indicatorId": "00000000-0000-0000-0000-000000000000"}, "indicatorId", "Onbekend indicator."),
    ],
)
def test_odd_input_for_a_goal_is_a_400_in_dutch(
    client: Client, world: Any, change: dict[str, Any], field: str, reason: str | None
) -> None:
    thema = get(world, Thema, code="1.3")
    body = {"planId": str(world.plan.pk), "themaId": str(thema.pk), "wat": "Minder inbraken in Noord", **change}
    params = invalid(send(client, "post", "/doelstellingen", body, who=auth(world)))
    assert field in params and (reason is None or params[field] == reason)
    with bound(world):
        assert Doelstelling.objects.count() == 1


def test_a_ketenpartner_reads_goals_but_cannot_add_one_and_a_melder_reads_nothing(client: Client, world: Any) -> None:
    thema = get(world, Thema, code="1.3")
    body = {"planId": str(world.plan.pk), "themaId": str(thema.pk), "wat": "Meer buurtpreventie in Noord"}
    assert send(client, "get", "/doelstellingen", who=auth(world, "ketenpartner")).status_code == 200
    assert_problem(send(client, "post", "/doelstellingen", body, who=auth(world, "ketenpartner")), 403, "Geen toegang")
    melder = auth(world, "melder")
    for url in (
        "/doelstellingen",
        "/veiligheidsvelden",
        "/veiligheidsthemas",
        f"/veiligheidsplannen/{world.plan.pk}/prioriteringen",
    ):
        assert_problem(send(client, "get", url, who=melder), 403, "Geen toegang")


def test_gemeente_b_finds_none_of_gemeente_a(client: Client, world: Any) -> None:
    who = auth(world, "coordinator_b")
    doel = get(world, Doelstelling, wat="Minder woninginbraken")
    for url in (
        f"/doelstellingen/{doel.pk}",
        f"/prioriteringen/{prioritering(world, '1.3').pk}",
        f"/veiligheidsthemas/{get(world, Thema, code='1.3').pk}",
        f"/veiligheidsvelden/{get(world, Veld, nummer=1).pk}",
        f"/veiligheidsplannen/{world.plan.pk}/prioriteringen",
    ):
        assert_problem(send(client, "get", url, who=who), 404, "Niet gevonden")
    assert send(client, "get", "/doelstellingen", who=who).json() == []
    assert send(client, "get", "/veiligheidsthemas", who=who).json() == []


def query_count(client: Client, who: dict[str, Any], url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert send(client, "get", url, who=who).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_cost_no_more_queries_with_more_rows(client: Client, world: Any) -> None:
    who = auth(world)
    urls = [
        "/veiligheidsvelden",
        "/veiligheidsthemas",
        f"/veiligheidsthemas/{get(world, Thema, code='5.3').pk}/kader-koppelingen",
        f"/veiligheidsplannen/{world.plan.pk}/prioriteringen",
        "/doelstellingen",
    ]
    for url in urls:
        send(client, "get", url, who=who)  # the first use of a token is recorded once
    before = [query_count(client, who, url) for url in urls]
    by = world.members["coordinator"]
    with bound(world):
        veld = Veld.objects.get(nummer=1)
        nieuw = services.add_thema(by=by, veld=veld, naam="Woonfraude")
        for doel in Doel.objects.filter(versie=world.kader_of())[:3]:
            services.link_kader(by=by, thema=get(world, Thema, code="5.3"), doel=doel)
        for i in range(3):
            services.add_doelstelling(by=by, plan=world.plan, thema=nieuw, wat=f"Minder woonfraude in wijk {i}")
    assert [query_count(client, who, url) for url in urls] == before
