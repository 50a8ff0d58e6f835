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
