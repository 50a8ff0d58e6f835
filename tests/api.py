"""Assertions shared by the API tests."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, title: str, detail_part: str = "") -> dict[str, Any]:
    """A problem+json answer per RFC 9457 with Dutch text, and the API-Version header."""
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == settings.API_VERSION
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] == title
    assert detail_part in body["detail"]
    return body


def token_client(member: Any) -> Any:
    """A test client with a new API token of ``member``."""
    from django.test import Client

    from tests import factories

    return Client(HTTP_AUTHORIZATION=f"Bearer {factories.make_token(member)[1]}")


def send(client: Any, method: str, url: str, body: Any = None, if_match: str | None = None) -> Any:
    """A JSON request, with If-Match when given."""
    headers: dict[str, Any] = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def reasons(response: Any) -> dict[str, str]:
    """The refused fields of a 400 problem and why, by their API name."""
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
