"""The programme and the awareness in the API: planning and recording an exercise with If-Match, its
actions, the activities, the participation per afdeling, who reads and changes what, bad input refused in
Dutch, and reads whose queries do not grow with the data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lib import tenancy
from oefenen import services
from oefenen.models import Bewustwordingsactiviteit, Deelname, Oefening
from tests.api import reasons, send, token_client

from . import world

pytestmark = pytest.mark.django_db

OEFENINGEN = "/api/v1/oefeningen"
ACTIVITEITEN = "/api/v1/bewustwordingsactiviteiten"
DEELNAMES = "/api/v1/deelnames"


def api(personas: Any, role: str = "coordinator") -> Any:
    return token_client(personas.coordinator_b if role == "coordinator_b" else personas.members[role])


def count(personas: Any, model: Any = Oefening) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return int(model.objects.count())


def day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def body(**changes: Any) -> dict[str, Any]:
    return {
        "titel": "Tabletop uitval zaaksysteem",
        "soort": "tabletop",
        "thema": "informatiebeveiliging",
        "geplandOp": day(30),
        "deelnemers": "Crisisteam",
        **changes,
    }


def test_an_exercise_is_planned_recorded_as_done_and_a_stale_change_is_refused(personas: Any) -> None:
    client = api(personas)
    made = send(client, "post", OEFENINGEN, body())
    assert made.status_code == 201, made.content
    url = made["Location"]
    assert made.json()["status"] == "gepland" and made.json()["teLaat"] is False
    read = client.get(url)
    done = {"status": "uitgevoerd", "uitgevoerdOp": day(-1), "resultaat": "geslaagd", "aantalDeelnemers": 9}
    changed = send(client, "patch", url, done, if_match=read["ETag"])
    assert changed.status_code == 200, changed.content
    assert (changed.json()["uitgevoerdOp"], changed.json()["resultaat"]) == (day(-1), "geslaagd")
    stale = send(client, "patch", url, {"titel": "Later"}, if_match=read["ETag"])
    assert stale.status_code == 412
    assert send(client, "patch", url, {"titel": "Later"}).status_code == 428
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Oefening.objects.get().titel == "Tabletop uitval zaaksysteem"


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"titel": ""}, "titel", ""),
        ({"soort": "picknick"}, "soort", ""),
        ({"geplandOp": "9999-01-01"}, "geplandOp", "Vul een datum in tussen"),
        ({"geplandOp": day(365 * 12)}, "geplandOp", "binnen tien jaar"),
        ({"status": "uitgevoerd"}, "uitgevoerdOp", "Vul de datum in"),
        ({"status": "uitgevoerd", "uitgevoerdOp": day(2)}, "uitgevoerdOp", "toekomst"),
        ({"aantalDeelnemers": 10**12}, "aantalDeelnemers", ""),
        ({"scenarioId": "00000000-0000-0000-0000-000000000000"}, "scenarioId", "eigen gemeente"),
        ({"bevindingen": "nul\u0000"}, "bevindingen", "niet is toegestaan"),
        ({"deelnemers": "x" * 1001}, "deelnemers", ""),
        ({"prioriteit": "hoog"}, "prioriteit", ""),
    ],
)
def test_a_bad_exercise_is_refused_in_dutch_and_stores_nothing(
    personas: Any, changes: dict[str, Any], field: str, reason: str
) -> None:
    response = send(api(personas), "post", OEFENINGEN, body(**changes))
    assert response.status_code == 400, response.content
    assert reason in reasons(response)[field]
    assert count(personas) == 0


def test_the_list_has_the_filters_of_the_page(personas: Any) -> None:
    this_year = timezone.localdate().year
    late = world.oefening(personas, titel="Te laat", gepland_op=timezone.localdate() - datetime.timedelta(days=2))
    world.oefening(personas, titel="Volgend jaar", gepland_op=datetime.date(this_year + 1, 6, 1), thema="continuiteit")
    client = api(personas, "auditor")
    assert [o["titel"] for o in client.get(OEFENINGEN, {"teLaat": "true"}).json()] == [late.titel]
    assert [o["titel"] for o in client.get(OEFENINGEN, {"jaar": this_year + 1}).json()] == ["Volgend jaar"]
    assert [o["titel"] for o in client.get(OEFENINGEN, {"thema": "continuiteit"}).json()] == ["Volgend jaar"]
    refused = client.get(OEFENINGEN, {"jaar": 1800})
    assert refused.status_code == 400 and "jaar" in reasons(refused)


def test_the_actions_of_an_exercise_are_read_with_it(personas: Any) -> None:
    made = world.uitgevoerd(personas)
    with world.bound(personas):
        services.actie(
            by=personas.members["coordinator"],
            oefening=made,
            titel="Hersteltijd afspreken",
            resultaat="In het contract",
            eigenaar=personas.members["coordinator"],
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )
    response = api(personas, "bestuurder").get(f"{OEFENINGEN}/{made.pk}/verbeteracties")
    assert response.status_code == 200
    assert [(a["titel"], a["bron"], a["bronId"]) for a in response.json()] == [
        ("Hersteltijd afspreken", "oefening", str(made.pk))
    ]


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "melder", "ketenpartner", "coordinator_b"])
def test_who_may_not_keep_the_programme_changes_nothing(personas: Any, role: str) -> None:
    made = world.oefening(personas)
    client = api(personas, role)
    expected = 201 if role == "coordinator_b" else 403  # gemeente B plans in its own programme
    assert send(client, "post", OEFENINGEN, body()).status_code == expected
    url = f"{OEFENINGEN}/{made.pk}"
    read = client.get(url)
    if role in ("bestuurder", "auditor"):
        assert read.status_code == 200
        assert send(client, "patch", url, {"titel": "Overgenomen"}, if_match=read["ETag"]).status_code == 403
    else:
        assert read.status_code in (403, 404)
        assert send(client, "patch", url, {"titel": "Overgenomen"}, if_match=f'"{made.pk}-1"').status_code in (403, 404)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Oefening.objects.get(pk=made.pk).titel == "Tabletop ransomware"
    assert count(personas) == 1


def test_a_thema_eigenaar_plans_only_in_their_own_themes(personas: Any) -> None:
    client = api(personas, "thema_eigenaar")
    assert send(client, "post", OEFENINGEN, body()).status_code == 201
    refused = send(client, "post", OEFENINGEN, body(thema="continuiteit"))
    assert refused.status_code == 403
    assert count(personas) == 1


def test_activities_are_recorded_and_changed_with_if_match(personas: Any) -> None:
    client = api(personas)
    sent = {"titel": "E-learning", "soort": "e_learning", "datum": day(-3), "aantalDeelnemers": 120}
    made = send(client, "post", ACTIVITEITEN, sent)
    assert made.status_code == 201, made.content
    read = client.get(made["Location"])
    changed = send(client, "patch", made["Location"], {"aantalDeelnemers": 130}, if_match=read["ETag"])
    assert changed.status_code == 200 and changed.json()["aantalDeelnemers"] == 130
    that_year = int(day(-3)[:4])
    assert [a["titel"] for a in api(personas, "auditor").get(ACTIVITEITEN, {"jaar": that_year}).json()] == [
        "E-learning"
    ]
    assert api(personas, "auditor").get(ACTIVITEITEN, {"jaar": that_year - 1}).json() == []
    assert send(client, "post", ACTIVITEITEN, {**sent, "soort": "feest"}).status_code == 400
    assert send(api(personas, "melder"), "post", ACTIVITEITEN, sent).status_code == 403
    assert count(personas, Bewustwordingsactiviteit) == 1


def test_the_participation_of_an_afdeling_is_counted_not_named(personas: Any) -> None:
    client = api(personas)
    jaar = timezone.localdate().year
    made = send(client, "post", DEELNAMES, {"jaar": jaar, "afdeling": "Publiekszaken", "medewerkers": 40})
    assert made.status_code == 201, made.content
    assert (made.json()["deelgenomen"], made.json()["percentage"]) == (0, 0)
    read = client.get(made["Location"])
    too_many = send(client, "patch", made["Location"], {"deelgenomen": 41}, if_match=read["ETag"])
    assert too_many.status_code == 400 and "niet meer medewerkers" in reasons(too_many)["deelgenomen"]
    changed = send(client, "patch", made["Location"], {"deelgenomen": 35}, if_match=read["ETag"])
    assert changed.status_code == 200 and changed.json()["percentage"] == 87
    twice = send(client, "post", DEELNAMES, {"jaar": jaar, "afdeling": "publiekszaken", "medewerkers": 3})
    assert twice.status_code == 400 and reasons(twice)["afdeling"] == services.SAME_AFDELING
    far = send(client, "post", DEELNAMES, {"jaar": jaar + 5, "afdeling": "Ruimte", "medewerkers": 3})
    assert far.status_code == 400 and "jaar" in reasons(far)
    assert [d["afdeling"] for d in api(personas, "bestuurder").get(DEELNAMES, {"jaar": jaar}).json()] == [
        "Publiekszaken"
    ]
    assert count(personas, Deelname) == 1


def test_only_the_coordinator_and_the_owner_of_personele_beveiliging_keep_the_participation(personas: Any) -> None:
    jaar = timezone.localdate().year
    sent = {"jaar": jaar, "afdeling": "Ruimte", "medewerkers": 20}
    refused = send(api(personas, "thema_eigenaar"), "post", DEELNAMES, sent)  # owns informatiebeveiliging
    assert refused.status_code == 403
    assert count(personas, Deelname) == 0


REQUEST = 8  # one authenticated API request before the operation (kader/tests/test_api.py)


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        (OEFENINGEN, REQUEST + 2),  # count, page
        (OEFENINGEN + "/{oefening}", REQUEST + 1),
        (OEFENINGEN + "/{oefening}/verbeteracties", REQUEST + 2),  # the exercise, its actions
        (ACTIVITEITEN, REQUEST + 2),
        (DEELNAMES, REQUEST + 2),
    ],
)
def test_the_reads_use_the_same_queries_whatever_the_amount_of_data(personas: Any, path: str, budget: int) -> None:
    made = world.oefening(personas)
    world.activiteit(personas)
    world.deelname(personas)
    client = api(personas)
    url = path.replace("{oefening}", str(made.pk))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries)

    client.get(url)  # the token's first use is recorded once
    small = queries()
    world.grow(personas, 12)
    assert queries() == small == budget
