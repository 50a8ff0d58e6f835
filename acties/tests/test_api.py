"""The actions in the API: making one for an audit's finding, the owner's progress with If-Match, who reads
and changes what, bad input refused in Dutch, and query counts that do not grow with the actions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acties.models import Verbeteractie
from lib import tenancy
from tests.api import reasons, send, token_client

from . import world

pytestmark = pytest.mark.django_db

API = "/api/v1/verbeteracties"
IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def api(personas: Any, role: str = "coordinator") -> Any:
    return token_client(personas.coordinator_b if role == "coordinator_b" else personas.members[role])


def count(personas: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Verbeteractie.objects.count()


def body(personas: Any, **changes: Any) -> dict[str, Any]:
    sent = {
        "titel": "Sleutelplan actualiseren",
        "resultaat": "Alle uitgegeven sleutels staan in het plan",
        "eigenaarId": str(personas.members["melder"].pk),
        "deadline": IN_A_MONTH,
        "thema": "fysieke_beveiliging",
        "bron": "audit",
        "bronTitel": "Interne audit 2026",
    }
    sent.update(changes)
    return sent


def test_an_action_made_through_the_api_is_updated_by_its_owner_with_if_match(personas: Any) -> None:
    made = send(api(personas), "post", API, body(personas))
    assert made.status_code == 201, made.content
    url = made["Location"]
    assert made.json()["bron"] == "audit" and made.json()["teLaat"] is False
    owner = api(personas, "melder")
    read = owner.get(url)
    assert read.status_code == 200
    refused = send(owner, "patch", url, {"titel": "Iets anders"}, if_match=read["ETag"])
    assert refused.status_code == 403
    done = send(owner, "patch", url, {"status": "afgerond", "toelichting": "Klaar."}, if_match=read["ETag"])
    assert done.status_code == 200, done.content
    assert done.json()["afgerondOp"] == timezone.localdate().isoformat()
    stale = send(owner, "patch", url, {"status": "bezig"}, if_match=read["ETag"])
    assert stale.status_code == 412
    assert [a["id"] for a in owner.get(API).json()] == [made.json()["id"]]


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"deadline": "2020-01-01"}, "deadline", "al voorbij"),
        ({"deadline": "9999-01-01"}, "deadline", "Vul een datum in tussen"),
        ({"eigenaarId": "00000000-0000-0000-0000-000000000000"}, "eigenaarId", "eigen gemeente"),
        ({"bron": "incident"}, "bron", ""),
        ({"titel": ""}, "titel", ""),
        ({"resultaat": "nul\u0000"}, "resultaat", "niet is toegestaan"),
        ({"prioriteit": "hoog"}, "prioriteit", ""),
    ],
)
def test_a_bad_action_is_refused_in_dutch_and_stores_nothing(
    personas: Any, changes: dict[str, Any], field: str, reason: str
) -> None:
    response = send(api(personas), "post", API, body(personas, **changes))
    assert response.status_code == 400, response.content
    assert reason in reasons(response)[field]
    assert count(personas) == 0


def test_an_owner_of_another_gemeente_or_a_ketenpartner_is_refused(personas: Any) -> None:
    client = api(personas)
    for member in (personas.coordinator_b, personas.members["ketenpartner"]):
        response = send(client, "post", API, body(personas, eigenaarId=str(member.pk)))
        assert response.status_code == 400 and "eigenaarId" in reasons(response)
    assert count(personas) == 0


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner", "coordinator_b"])
def test_who_may_not_make_or_change_an_action_changes_nothing(personas: Any, role: str) -> None:
    made = world.actie(personas)
    client = api(personas, role)
    # Gemeente B's coördinator may make actions, but not with gemeente A's member as owner.
    assert send(client, "post", API, body(personas)).status_code == (400 if role == "coordinator_b" else 403)
    url = f"{API}/{made.pk}"
    read = client.get(url)
    if role in ("bestuurder", "auditor"):
        assert read.status_code == 200
        assert send(client, "patch", url, {"status": "vervallen"}, if_match=read["ETag"]).status_code == 403
    else:
        assert read.status_code in (403, 404)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Verbeteractie.objects.get(pk=made.pk).status == "open"
    assert count(personas) == 1


REQUEST = 8  # one authenticated API request before the operation (kader/tests/test_api.py)


@pytest.mark.parametrize(("path", "budget"), [("", REQUEST + 2), ("/{actie}", REQUEST + 1)])
def test_the_reads_use_the_same_queries_whatever_the_number_of_actions(personas: Any, path: str, budget: int) -> None:
    made = world.actie(personas)
    client = api(personas)
    url = API + path.replace("{actie}", str(made.pk))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries)

    client.get(url)  # the token's first use is recorded once
    small = queries()
    world.grow(personas, 12)
    assert queries() == small == budget


def test_the_api_knows_every_source_an_action_can_have() -> None:
    from typing import get_args

    from acties.api import BronCode, LosseBronCode
    from acties.models import LOSSE_BRONNEN, Bron

    assert set(get_args(BronCode)) == set(Bron.values)
    assert set(get_args(LosseBronCode)) == {b.value for b in LOSSE_BRONNEN}


def test_an_action_from_a_rode_dradenanalyse_is_read_with_its_source(personas: Any) -> None:
    from incidenten import services as incidenten_services
    from incidenten.tests import world as incidenten_world

    pk = incidenten_world.analyse_pk(personas)
    with incidenten_world.bound(personas):
        from incidenten.models import RodeDraden

        made = incidenten_services.rode_draden_actie(
            by=personas.members["coordinator"],
            analyse=RodeDraden.objects.get(pk=pk),
            titel="Balietraining",
            resultaat="Alle baliemedewerkers getraind",
            eigenaar=personas.members["coordinator"],
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )
    client = api(personas)
    listed = client.get(API, {"bron": "rode_draden"})
    one = client.get(f"{API}/{made.pk}")
    assert listed.status_code == one.status_code == 200
    assert [a["id"] for a in listed.json()] == [str(made.pk)]
    assert one.json()["bron"] == "rode_draden"
