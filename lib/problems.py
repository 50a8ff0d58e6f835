"""RFC 9457 problem details, as the NL API Design Rules require for every 4xx/5xx."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


def problem_response(
    status: int, title: str, detail: str, *, invalid_params: list[dict[str, Any]] | None = None
) -> JsonResponse:
    body: dict[str, Any] = {"status": status, "title": title, "detail": detail}
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    response["API-Version"] = settings.API_VERSION
    return response
