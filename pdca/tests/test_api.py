"""The PDCA cycle in the API: the calendar's activities filtered by year, phase and status; planning and
recording one as done with If-Match; the findings of a done activity; who may what; bad input in Dutch."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lib import tenancy
from pdca.models import Activiteit, Bevinding
from tests.api import reasons, send, token_client

from . import world

pytestmark = pytest.mark.django_db

API = "/api/v1/pdca-activiteiten"
TODAY = timezone.localdate()


def api(personas: Any, role: str = "coordinator") -> Any:
    return token_client(personas.coordinator_b if role == "coordinator_b" else personas.members[role])


def count(personas: Any, model: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return int(model.objects.count())


def test_an_activity_is_planned_recorded_as_done_and_given_a_finding_through_the_api(personas: Any) -> None:
    client = api(personas)
    made = send(
        client, "post", API, {"titel": "Interne audit", "soort": "interne_audit", "geplandOp": TODAY.isoformat()}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["fase"], body["status"], body["teLaat"]) == ("check", "gepland", False)  # the kind's usual phase
    url = made["Location"]
    early = send(client, "post", f"{url}/bevindingen", {"tekst": "Te vroeg", "soort": "observatie"})
    assert early.status_code == 409 and "uitgevoerd" in early.json()["detail"]
    read = client.get(url)
    done = send(
        client, "patch", url, {"status": "uitgevoerd", "uitgevoerdOp": TODAY.isoformat()}, if_match=read["ETag"]
    )
    assert done.status_code == 200, done.content
    assert done.json()["uitgevoerdOp"] == TODAY.isoformat()
    stale = send(client, "patch", url, {"titel": "Anders"}, if_match=read["ETag"])
    assert stale.status_code == 412
    assert send(client, "patch", url, {"titel": "Anders"}).status_code == 428

    found = send(
        client,
        "post",
        f"{url}/bevindingen",
        {
            "tekst": "Logbestanden worden niet bewaard",
            "soort": "tekortkoming",
            "thema": "informatiebeveiliging",
            "voorKader": True,
        },
    )
    assert found.status_code == 201, found.content
    assert found.json()["voorKader"] is True and found.json()["verwerktInId"] is None
    one = client.get(found["Location"])
    assert one.status_code == 200 and one.json()["activiteitId"] == body["id"]
    changed = send(client, "patch", found["Location"], {"soort": "verbeterpunt"}, if_match=one["ETag"])
    assert changed.status_code == 200 and changed.json()["soort"] == "verbeterpunt"
    listed = client.get(f"{url}/bevindingen")
    assert [b["id"] for b in listed.json()] == [found.json()["id"]] and listed["X-Total-Count"] == "1"


def test_the_list_filters_on_year_phase_and_status(personas: Any) -> None:
    world.audit(personas)  # done, check, a month ago
    world.activiteit(personas, titel="Review volgend jaar", gepland_op=TODAY.replace(year=TODAY.year + 1))
    client = api(personas, "auditor")
    assert len(client.get(API).json()) == 2
    titles = [a["titel"] for a in client.get(API, {"jaar": TODAY.year + 1}).json()]
    assert titles == ["Review volgend jaar"]
    assert [a["titel"] for a in client.get(API, {"fase": "check"}).json()] == [world.AUDIT]
    assert [a["titel"] for a in client.get(API, {"status": "gepland"}).json()] == ["Review volgend jaar"]
    assert client.get(API, {"jaar": 1999}).status_code == 400
    assert client.get(API, {"fase": "doen"}).status_code == 400


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"geplandOp": "2090-01-01"}, "geplandOp", "Kies een datum tussen 2000 en"),
        ({"geplandOp": "9999-12-31"}, "geplandOp", "Vul een datum in tussen"),
        ({"titel": "x" * 201}, "titel", ""),
        ({"titel": "nul\x00byte"}, "titel", "stuurteken"),
        ({"eigenaarId": "00000000-0000-0000-0000-000000000000"}, "eigenaarId", "eigen gemeente"),
        ({"soort": "feest"}, "soort", ""),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(
    personas: Any, body: dict[str, Any], field: str, reason: str
) -> None:
    sent = {"titel": "Audit", "soort": "interne_audit", "geplandOp": TODAY.isoformat(), **body}
    response = send(api(personas), "post", API, sent)
    assert response.status_code == 400, response.content
    assert field in reasons(response) and reason in reasons(response)[field]
    assert count(personas, Activiteit) == 0


def test_done_in_the_future_is_refused_and_a_reader_changes_nothing(personas: Any) -> None:
    pk = world.review_pk(personas)
    url = f"{API}/{pk}"
    client = api(personas)
    etag = client.get(url)["ETag"]
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    refused = send(client, "patch", url, {"status": "uitgevoerd", "uitgevoerdOp": tomorrow}, if_match=etag)
    assert refused.status_code == 400 and "toekomst" in reasons(refused)["uitgevoerdOp"]
    for role in ("bestuurder", "auditor", "thema_eigenaar"):
        reader = api(personas, role)
        assert send(reader, "patch", url, {"titel": "Anders"}, if_match=reader.get(url)["ETag"]).status_code == 403
        assert (
            send(reader, "post", API, {"titel": "A", "soort": "overig", "geplandOp": TODAY.isoformat()}).status_code
            == 403
        )
    for role in ("melder", "ketenpartner"):
        assert api(personas, role).get(API).status_code == 403
        assert api(personas, role).get(url).status_code == 403


def test_a_thema_eigenaar_records_findings_of_their_own_themes_only(personas: Any) -> None:
    pk = world.audit_pk(personas)
    client = api(personas, "thema_eigenaar")
    url = f"{API}/{pk}/bevindingen"
    refused = send(client, "post", url, {"tekst": "Hek open", "soort": "tekortkoming", "thema": "fysieke_beveiliging"})
    assert refused.status_code == 403 and "eigen thema" in refused.json()["detail"]
    made = send(
        client, "post", url, {"tekst": "MFA ontbreekt", "soort": "tekortkoming", "thema": "informatiebeveiliging"}
    )
    assert made.status_code == 201
    assert send(api(personas, "bestuurder"), "post", url, {"tekst": "x", "soort": "observatie"}).status_code == 403
    assert count(personas, Bevinding) == 1


def test_a_token_of_another_gemeente_reaches_nothing(personas: Any) -> None:
    pk, bevinding = world.audit_pk(personas), world.bevinding_pk(personas)
    b = api(personas, "coordinator_b")
    assert b.get(API).json() == []
    for url in (f"{API}/{pk}", f"{API}/{pk}/bevindingen", f"/api/v1/bevindingen/{bevinding}"):
        assert b.get(url).status_code == 404
    assert send(b, "post", f"{API}/{pk}/bevindingen", {"tekst": "x", "soort": "observatie"}).status_code == 404
    assert send(b, "patch", f"/api/v1/bevindingen/{bevinding}", {"tekst": "x"}, if_match='"x"').status_code == 404
    assert count(personas, Bevinding) == 1
