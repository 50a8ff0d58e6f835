"""Every API operation, tried by gemeente B's token on gemeente A's objects: 404, never data."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests import factories
from tests.test_isolation_sweep import secrets_of_a, snapshot_of

# path parameter -> the object of gemeente A to fill it with
PARAM_FOR: dict[str, Any] = {
    "gemeente_id": lambda p: p.gemeente_a.pk,
    "lid_id": lambda p: p.members["melder"].pk,
}
# Operations that need no token, with the reason.
PUBLIC = {("get", "/api/v1/openapi.json"): "the OpenAPI document is public (API Design Rules)"}


def _operations() -> list[tuple[str, str]]:
    client = Client()
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    base = urlsplit(schema.get("servers", [{"url": ""}])[0]["url"]).path.rstrip("/")
    ops = []
    for path, item in schema["paths"].items():
        full = path if path.startswith("/api/") else base + path
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.append((method, full))
    return ops


@pytest.fixture
def operations(db: Any) -> list[tuple[str, str]]:
    return _operations()


def test_every_parameter_of_every_operation_is_known_to_the_sweep(operations: list[tuple[str, str]]) -> None:
    assert operations, "the API has operations"
    for _method, path in operations:
        for param in re.findall(r"{(\w+)}", path):
            assert param in PARAM_FOR, f"{path}: add {param!r} to PARAM_FOR in tests/test_api_sweep.py"


@pytest.mark.django_db
def test_a_token_of_gemeente_b_gets_nothing_of_gemeente_a(personas: Any, operations: list[tuple[str, str]]) -> None:
    _token, raw = factories.make_token(personas.coordinator_b)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = snapshot_of(personas.gemeente_a)
    for method, path in operations:
        params = re.findall(r"{(\w+)}", path)
        url = path
        for param in params:
            url = url.replace("{" + param + "}", str(PARAM_FOR[param](personas)))
        kwargs: dict[str, Any] = {}
        if method in {"post", "put", "patch"}:
            kwargs = {
                "data": json.dumps({"rol": "coordinator"}),
                "content_type": "application/json",
                "HTTP_IF_MATCH": "*",
            }
        response = getattr(client, method)(url, **kwargs)
        if params:
            assert response.status_code in (403, 404), (method, path, response.status_code)
        else:
            assert response.status_code < 500, (method, path, response.status_code)
        body = response.content.decode(errors="replace")
        for secret in secrets_of_a(personas):
            assert secret not in body, f"{method.upper()} {path} leaked {secret!r}"
    assert snapshot_of(personas.gemeente_a) == before


@pytest.mark.django_db
def test_every_operation_but_the_public_ones_needs_a_token(personas: Any, operations: list[tuple[str, str]]) -> None:
    client = Client()
    for method, path in operations:
        url = path
        for param in re.findall(r"{(\w+)}", path):
            url = url.replace("{" + param + "}", str(PARAM_FOR[param](personas)))
        response = getattr(client, method)(url)
        if (method, path) in PUBLIC:
            assert response.status_code == 200
        else:
            assert response.status_code == 401, (method, path, response.status_code)
