"""The quickscan in the API: a scan started, scored with If-Match on the scan's version and completed; the
levels and questions; who may do what, bad input refused in Dutch, and gemeente B finding nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lib import tenancy
from quickscan.models import Niveau, Quickscan, Score, Status
from tests.api import assert_problem, reasons, send, token_client

from . import world

pytestmark = pytest.mark.django_db
API = "/api/v1/quickscans"
TODAY = timezone.localdate()


def api(personas: Any, role: str = "coordinator") -> Any:
    return token_client(personas.coordinator_b if role == "coordinator_b" else personas.members[role])


def level(personas: Any, scan_id: Any, thema: str, aspect: str) -> int | None:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Score.objects.get(scan_id=scan_id, thema=thema, aspect=aspect).niveau


def every_cell(niveau: int) -> list[dict[str, Any]]:
    return [{"thema": t, "aspect": a, "niveau": niveau} for t, a in world.CELLEN]


def test_a_scan_is_started_scored_and_completed_through_the_api(personas: Any) -> None:
    client = api(personas)
    made = send(client, "post", API, {"titel": "Quickscan via API", "peildatum": TODAY.isoformat()})
    assert made.status_code == 201, made.content
    url = made["Location"]
    assert made.json()["status"] == "concept" and len(made.json()["scores"]) == 30
    scores = client.get(f"{url}/scores")
    assert scores.status_code == 200 and scores["ETag"] == made["ETag"]
    changed = send(client, "patch", f"{url}/scores", {"scores": every_cell(3)}, if_match=scores["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != scores["ETag"] and {s["niveau"] for s in changed.json()} == {3}
    done = send(client, "post", f"{url}/afronding", if_match=changed["ETag"])
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["afgerondOp"], done.json()["gemiddelde"]) == (
        "afgerond",
        TODAY.isoformat(),
        3.0,
    )
    frozen = send(client, "patch", f"{url}/scores", {"scores": every_cell(1)[:1]}, if_match=done["ETag"])
    assert_problem(frozen, 409, "Niet mogelijk in deze toestand", "afgerond")


def test_a_new_scan_can_start_from_the_previous_one_and_one_concept_at_a_time(personas: Any) -> None:
    world.afgerond(personas)
    client = api(personas)
    body = {"titel": "Quickscan vervolg", "peildatum": TODAY.isoformat(), "vanafVorige": True}
    made = send(client, "post", API, body)
    assert made.status_code == 201
    assert {s["niveau"] for s in made.json()["scores"]} == {2, 3}
    again = send(client, "post", API, body)
    assert_problem(again, 400, "Ongeldige invoer")
    assert "al een quickscan in concept" in str(again.json()["invalidParams"])
    listed = client.get(API, {"status": "concept"})
    assert [s["titel"] for s in listed.json()] == ["Quickscan vervolg"] and listed["X-Total-Count"] == "1"


def test_completing_with_empty_cells_names_them_and_changes_nothing(personas: Any) -> None:
    client = api(personas)
    made = send(client, "post", API, {"titel": "Leeg", "peildatum": TODAY.isoformat()})
    refused = send(client, "post", f"{made['Location']}/afronding", if_match=made["ETag"])
    assert_problem(refused, 400, "Ongeldige invoer")
    assert "Nog niet gescoord (30 van 30)" in reasons(refused)["scores"]
    assert client.get(made["Location"]).json()["status"] == "concept"


def test_scores_need_the_scan_s_current_etag(personas: Any) -> None:
    scan = world.concept(personas)
    client = api(personas)
    url = f"{API}/{scan.pk}/scores"
    etag = client.get(url)["ETag"]
    cell = [{"thema": "continuiteit", "aspect": "beleid", "niveau": 5}]
    assert send(client, "patch", url, {"scores": cell}).status_code == 428
    assert send(client, "patch", url, {"scores": cell}, if_match=etag).status_code == 200
    stale = send(client, "patch", url, {"scores": [{**cell[0], "niveau": 1}]}, if_match=etag)
    assert stale.status_code == 412
    assert level(personas, scan.pk, "continuiteit", "beleid") == 5


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ({"thema": "continuiteit", "aspect": "beleid", "niveau": 6}, "scores.0.niveau"),
        ({"thema": "jeugd_veiligheid", "aspect": "beleid", "niveau": 2}, "scores.0.thema"),
        ({"thema": "continuiteit", "aspect": "beleid", "toelichting": "a\x00b"}, "scores.0.toelichting"),
        ({"thema": "continuiteit", "aspect": "beleid", "toelichting": "x" * 2001}, "scores.0.toelichting"),
    ],
)
def test_a_bad_score_is_refused_in_dutch_and_nothing_changes(personas: Any, cell: dict[str, Any], field: str) -> None:
    scan = world.concept(personas)
    client = api(personas)
    url = f"{API}/{scan.pk}/scores"
    refused = send(client, "patch", url, {"scores": [cell]}, if_match=client.get(url)["ETag"])
    assert_problem(refused, 400, "Ongeldige invoer")
    assert field in reasons(refused), reasons(refused)
    assert level(personas, scan.pk, "continuiteit", "beleid") == world.trap("continuiteit", "beleid")


def test_the_same_cell_twice_is_refused(personas: Any) -> None:
    scan = world.concept(personas)
    client = api(personas)
    url = f"{API}/{scan.pk}/scores"
    cell = {"thema": "continuiteit", "aspect": "beleid", "niveau": 4}
    refused = send(client, "patch", url, {"scores": [cell, cell]}, if_match=client.get(url)["ETag"])
    assert "hoogstens één keer" in reasons(refused)["scores"]


def test_a_thema_eigenaar_scores_their_rows_and_is_refused_the_others(personas: Any) -> None:
    scan = world.concept(personas)
    client = api(personas, "thema_eigenaar")
    url = f"{API}/{scan.pk}/scores"
    own = [{"thema": "informatiebeveiliging", "aspect": "monitoring", "niveau": 4}]
    changed = send(client, "patch", url, {"scores": own}, if_match=client.get(url)["ETag"])
    assert changed.status_code == 200
    other = [{"thema": "integriteit", "aspect": "monitoring", "niveau": 4}]
    refused = send(client, "patch", url, {"scores": other}, if_match=changed["ETag"])
    assert_problem(refused, 403, "Geen toegang", "eigen thema")
    completing = send(client, "post", f"{API}/{scan.pk}/afronding", if_match=changed["ETag"])
    assert_problem(completing, 403, "Geen toegang", "Alleen de coördinator")


def test_a_reader_reads_and_changes_nothing_and_a_melder_reads_nothing(personas: Any) -> None:
    scan = world.concept(personas)
    reader = api(personas, "bestuurder")
    read = reader.get(f"{API}/{scan.pk}")
    assert read.status_code == 200
    cell = [{"thema": "continuiteit", "aspect": "beleid", "niveau": 5}]
    assert send(reader, "patch", f"{API}/{scan.pk}/scores", {"scores": cell}, if_match=read["ETag"]).status_code == 403
    assert api(personas, "melder").get(API).status_code == 403


def test_gemeente_b_finds_none_of_gemeente_a_s_scans_levels_or_questions(personas: Any) -> None:
    scan = world.concept(personas)
    niveau, aspect = world.niveau_pk(personas), world.aspect_pk(personas)
    other = api(personas, "coordinator_b")
    for url in (
        f"{API}/{scan.pk}",
        f"{API}/{scan.pk}/scores",
        f"/api/v1/volwassenheidsniveaus/{niveau}",
        f"/api/v1/managementaspecten/{aspect}",
    ):
        assert other.get(url).status_code == 404, url
    assert other.get(API).json() == []


def test_the_coordinator_renames_a_level_and_changes_a_question_with_if_match(personas: Any) -> None:
    client = api(personas)
    levels = client.get("/api/v1/volwassenheidsniveaus").json()
    assert [n["naam"] for n in levels] == ["Initieel", "Herhaalbaar", "Gedefinieerd", "Beheerst", "Geoptimaliseerd"]
    url = f"/api/v1/volwassenheidsniveaus/{levels[0]['id']}"
    etag = client.get(url)["ETag"]
    assert send(client, "patch", url, {"naam": "Ad hoc"}, if_match=etag).json()["naam"] == "Ad hoc"
    assert send(client, "patch", url, {"naam": "Anders"}, if_match=etag).status_code == 412
    assert send(api(personas, "thema_eigenaar"), "patch", url, {"naam": "x"}, if_match=etag).status_code in (403, 412)
    aspects = client.get("/api/v1/managementaspecten").json()
    assert [a["aspect"] for a in aspects][:2] == ["beleid", "organisatie"]
    aurl = f"/api/v1/managementaspecten/{aspects[0]['id']}"
    changed = send(client, "patch", aurl, {"vraag": "Is er beleid?"}, if_match=client.get(aurl)["ETag"])
    assert changed.json()["vraag"] == "Is er beleid?"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Niveau.objects.get(nummer=1).naam == "Ad hoc"


def test_a_thema_eigenaar_does_not_rename_a_level(personas: Any) -> None:
    client = api(personas, "thema_eigenaar")
    url = f"/api/v1/volwassenheidsniveaus/{world.niveau_pk(personas)}"
    refused = send(client, "patch", url, {"naam": "x"}, if_match=client.get(url)["ETag"])
    assert_problem(refused, 403, "Geen toegang", "Alleen een coördinator")


def test_a_concept_is_removed_and_a_completed_scan_stays(personas: Any) -> None:
    client = api(personas)
    done = world.afgerond(personas)
    scan = world.concept(personas)
    url = f"{API}/{scan.pk}"
    assert client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 204
    kept = f"{API}/{done.pk}"
    assert client.delete(kept, HTTP_IF_MATCH=client.get(kept)["ETag"]).status_code == 409
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert list(Quickscan.objects.values_list("status", flat=True)) == [Status.AFGEROND]


def test_a_far_peildatum_is_refused_in_dutch(personas: Any) -> None:
    far = (TODAY + datetime.timedelta(days=5000)).isoformat()
    refused = send(api(personas), "post", API, {"titel": "Later", "peildatum": far})
    assert_problem(refused, 400, "Ongeldige invoer")
    assert "twee jaar vooruit" in reasons(refused)["peildatum"]
