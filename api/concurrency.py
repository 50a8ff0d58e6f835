"""ETag / If-Match for API writes (428 without If-Match, 412 when stale)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from lib.concurrency import etag
from lib.models import VersionedModel

# One strong entity-tag: "...". Not "*", not a weak W/"...", not a list.
STRONG_ETAG = re.compile(r'"[^"]*"')

NOT_EXACT = (
    "Stuur in If-Match precies de ETag van de laatst opgehaalde versie, tussen aanhalingstekens. "
    "'*' en zwakke ETags (W/\"...\") worden niet geaccepteerd: die tonen niet aan dat de resource "
    "niet intussen gewijzigd is. Haal de actuele versie op en probeer het opnieuw."
)
STALE_DETAIL = "Deze resource is intussen gewijzigd. Haal de actuele versie op en probeer het opnieuw."


def expected_version(request: HttpRequest, obj: VersionedModel) -> int:
    """The version the client last saw, from If-Match; raise 428 when missing, 412 otherwise.

    Only the exact strong ETag of the current version passes. ``*`` (any version) and weak
    ETags (``W/"..."``) would let a write overwrite a version the client never saw, so they
    are refused like a stale ETag.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise HttpError(
            428,
            "Stuur de ETag van de laatst opgehaalde versie mee in de header If-Match.",
        )
    if not STRONG_ETAG.fullmatch(header):
        raise HttpError(412, NOT_EXACT)
    if header != etag(obj):
        raise HttpError(412, STALE_DETAIL)
    return obj.version


ETAG_HEADER = {
    "description": "Versie van deze resource; stuur hem mee in If-Match bij een wijziging.",
    "schema": {"type": "string", "examples": ['"0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40-3"']},
}

IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": ("Precies de ETag van de laatst opgehaalde versie. Zonder: 428; verouderd, '*' of zwak (W/): 412."),
    "schema": {"type": "string"},
}


def openapi_etag(*, if_match: bool = False, status: int = 200) -> dict[str, Any]:
    """``openapi_extra`` for an operation that returns an ETag (and, if asked, needs If-Match)."""
    extra: dict[str, Any] = {"responses": {status: {"headers": {"ETag": ETAG_HEADER}}}}
    if if_match:
        extra["parameters"] = [IF_MATCH_PARAMETER]
    return extra
