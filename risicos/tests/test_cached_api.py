"""The register's API reads are kept per gemeente revision and member (api.kept): a repeated read is
answered with the same body and headers in a fixed handful of queries, and a change, through the API
or any other path, shows at the next read. These tests commit, as a real request does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from risicos import services
from risicos.models import Maatregel
from tests import factories

from . import world

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1"
# The request's transaction (BEGIN, COMMIT), the bindings (4), the token, its membership and the
# gemeente's revision: all a kept read costs.
KEPT = 9
HEADERS = ("ETag", "Link", "X-Total-Count", "X-Pagination-Page", "X-Pagination-Limit", "X-Pagination-Count")


def api(member: Any) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {factories.make_token(member)[1]}")
    client.get(f"{API}/gemeenten")  # the token's first use in the hour is written; the reads below write nothing
    return client


def read(client: Client, url: str) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def paths(personas: Any) -> list[str]:
    risico, maatregel = world.risico_pk(personas), world.maatregel_pk(personas)
    return [
        "/risicos",
        "/risicos?gat=niets_vertraagt&sorteer=niveau",
        f"/risicos/{risico}",
        f"/risicos/{risico}/acceptaties",
        "/maatregelen?paginaGrootte=1",
        f"/maatregelen/{maatregel}",
        "/bedrijfsmiddelen",
        "/dreigingen",
        "/risicomatrices",
        "/risico-analyse/heatmap",
        "/risico-analyse/keten",
        "/risico-analyse/kosten",
    ]


def test_a_second_read_gets_the_same_answer_in_a_fixed_number_of_queries(personas: Any) -> None:
    client = api(personas.members["coordinator"])
    for path in paths(personas):
        first, built = read(client, API + path)
        second, kept = read(client, API + path)
        assert first.status_code == second.status_code == 200, (path, first.content)
        assert second.content == first.content, path
        assert [second.get(h) for h in HEADERS] == [first.get(h) for h in HEADERS], path
        assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
        assert second["Cache-Control"] == "no-store"  # the transport headers still come from the middleware
        assert (kept, path) == (KEPT, path)
        assert built > kept, path


def test_a_change_through_the_api_shows_at_the_next_read_with_its_new_etag(personas: Any) -> None:
    pk = world.risico_pk(personas)
    client = api(personas.members["coordinator"])
    url = f"{API}/risicos/{pk}"
    before = client.get(url)
    listed = client.get(f"{API}/risicos").json()
    changed = client.patch(
        url,
        json.dumps({"titel": "Inbraak via de nooddeur"}),
        content_type="application/json",
        HTTP_IF_MATCH=before["ETag"],
    )
    assert changed.status_code == 200, changed.content

    after, queries = read(client, url)
    assert after.json()["titel"] == "Inbraak via de nooddeur"
    assert after["ETag"] == changed["ETag"] != before["ETag"]
    assert queries > KEPT
    assert client.get(f"{API}/risicos").json() != listed


def test_a_change_outside_the_api_shows_in_the_chain_at_the_next_read(personas: Any) -> None:
    pk, maatregel = world.risico_pk(personas), world.maatregel_pk(personas)
    client = api(personas.members["bestuurder"])
    url = f"{API}/risicos/{pk}"
    before = client.get(url).json()
    assert any(s["maatregelen"] for s in before["keten"]["schakels"])
    with world.bound(personas):
        found = Maatregel.objects.get(pk=maatregel)
        coordinator = personas.members["coordinator"]
        services.edit_maatregel(by=coordinator, maatregel=found, expected_version=found.version, status="vervallen")

    after, queries = read(client, url)
    assert queries > KEPT
    assert str(maatregel) not in json.dumps(after.json()["keten"]["schakels"])


def test_what_one_member_reads_never_reaches_another(personas: Any) -> None:
    world.risico_pk(personas)
    url = f"{API}/risicos"
    assert read(api(personas.members["coordinator"]), url)[0].status_code == 200
    answer, queries = read(api(personas.members["bestuurder"]), url)
    assert answer.status_code == 200
    assert queries > KEPT  # built for the bestuurder, not taken from the coördinator's
    other, _ = read(api(personas.coordinator_b), url)
    assert other.status_code == 409  # gemeente B's register has not started: nothing of A's answer


def test_a_refusal_is_not_kept(personas: Any) -> None:
    world.risico_pk(personas)
    client = api(personas.members["coordinator"])
    url = f"{API}/risicos?cel=bruto-7-7"
    first, built = read(client, url)
    second, queries = read(client, url)
    assert first.status_code == second.status_code == 400
    assert queries == built > KEPT
