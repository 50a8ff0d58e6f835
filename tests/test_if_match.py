"""Compare-and-swap of API writes: only the exact strong ETag of the current version passes.

``If-Match: *`` and weak ETags (``W/"..."``) match "any version" or "an equivalent version";
neither proves the client saw the version it overwrites, so both get 412 and change nothing.
The member resource is covered in organisations/tests/test_api.py; these are kader parts and the
risk register (risks and measures).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kader.models import Doel, KaderVersie
from lib import tenancy
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem

pytestmark = pytest.mark.django_db

BASE = "/api/v1/kader-versies"


def _auth(personas: Any) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {factories.make_token(personas.members['coordinator'])[1]}"}


def _reload(personas: Any, obj: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return type(obj)._default_manager.get(pk=obj.pk)


def _a_goal(personas: Any) -> tuple[KaderVersie, Doel]:
    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return versie, Doel.objects.filter(versie=versie).order_by("pk")[0]


def _send(client: Client, method: str, url: str, body: Any, personas: Any, if_match: str) -> Any:
    headers = {**_auth(personas), "HTTP_IF_MATCH": if_match}
    if method == "delete":
        return client.delete(url, **headers)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def _variants(obj: Any) -> list[str]:
    current = etag(obj)
    return ["*", f"W/{current}", "W/*", f"*, {current}"]


@pytest.mark.parametrize("variant", range(4))
@pytest.mark.parametrize(
    ("method", "body"), [("patch", {"titel": "Overschreven"}), ("delete", None)], ids=["patch", "delete"]
)
def test_a_goal_is_not_changed_with_a_wildcard_or_weak_etag(
    client: Client, personas: Any, method: str, body: Any, variant: int
) -> None:
    versie, doel = _a_goal(personas)
    url = f"{BASE}/{versie.pk}/doelen/{doel.pk}"
    response = _send(client, method, url, body, personas, _variants(doel)[variant])
    assert_problem(response, 412, "Versie verouderd", "ETag")
    stored = _reload(personas, doel)
    assert (stored.titel, stored.version) == (doel.titel, doel.version)


@pytest.mark.parametrize("variant", range(4))
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("patch", "", {"visie": "Overschreven."}), ("post", "/indiening", None)],
    ids=["patch", "indiening"],
)
def test_a_version_is_not_changed_with_a_wildcard_or_weak_etag(
    client: Client, personas: Any, method: str, path: str, body: Any, variant: int
) -> None:
    versie = personas.kader_of()
    response = _send(client, method, f"{BASE}/{versie.pk}{path}", body, personas, _variants(versie)[variant])
    assert_problem(response, 412, "Versie verouderd", "ETag")
    stored = _reload(personas, versie)
    assert (stored.visie, stored.status, stored.version) == (versie.visie, versie.status, versie.version)


def test_the_exact_etag_still_changes_a_goal(client: Client, personas: Any) -> None:
    versie, doel = _a_goal(personas)
    url = f"{BASE}/{versie.pk}/doelen/{doel.pk}"
    response = _send(client, "patch", url, {"titel": "Nieuw"}, personas, etag(doel))
    assert response.status_code == 200
    assert _reload(personas, doel).titel == "Nieuw"


@pytest.mark.parametrize("variant", range(4))
@pytest.mark.parametrize(
    ("kind", "method", "path", "body"),
    [
        ("risico", "patch", "", {"titel": "Overschreven"}),
        ("risico", "delete", "", None),
        ("risico", "post", "/herbeoordeling", {"reden": "Overschreven"}),
        ("maatregel", "patch", "", {"titel": "Overschreven"}),
        ("maatregel", "delete", "", None),
    ],
    ids=["risico-patch", "risico-delete", "risico-herbeoordeling", "maatregel-patch", "maatregel-delete"],
)
def test_the_risk_register_is_not_changed_with_a_wildcard_or_weak_etag(
    client: Client, personas: Any, kind: str, method: str, path: str, body: Any, variant: int
) -> None:
    from risicos.models import Maatregel, Risico
    from risicos.tests import world

    pk, base = (world.risico_pk(personas), "/api/v1/risicos")
    obj: Risico | Maatregel = _reload(personas, Risico(pk=pk))
    if kind == "maatregel":
        pk, base = (world.maatregel_pk(personas), "/api/v1/maatregelen")
        obj = _reload(personas, Maatregel(pk=pk))
    response = _send(client, method, f"{base}/{pk}{path}", body, personas, _variants(obj)[variant])
    assert_problem(response, 412, "Versie verouderd", "ETag")
    stored = _reload(personas, obj)
    assert (stored.titel, stored.version) == (obj.titel, obj.version)
