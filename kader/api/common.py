"""What the operations of the kader API share: path parameters, OpenAPI additions, ETag and Location."""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Path

from api.concurrency import IF_MATCH_PARAMETER, openapi_etag
from lib.concurrency import etag
from lib.models import VersionedModel

TAGS = ["kader"]

VERSIE = "/kader-versies/{versie_id}"
VERSIE_ID = Path(..., description="Id van de versie van het kader.")
MENSGROEP_ID = Path(..., description="Id van de groep mensen.")
DEELPLAN_ID = Path(..., description="Id van het deelplan.")
WET_ID = Path(..., description="Id van de wet of norm.")
FASE_ID = Path(..., description="Id van de PDCA-fase.")
VERANTWOORDELIJKHEID_ID = Path(..., description="Id van de verantwoordelijkheid.")
DOEL_ID = Path(..., description="Id van het beveiligingsdoel.")
UITGANGSPUNT_ID = Path(..., description="Id van het uitgangspunt.")
ACTIVITEIT_ID = Path(..., description="Id van de hoofdactiviteit.")

LOCATION_HEADER = {
    "description": "URL van de nieuwe resource.",
    "schema": {"type": "string", "examples": ["/api/v1/kader-versies/0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"]},
}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}  # reading is a capability too


def read_extra(*, tagged: bool = False) -> dict[str, Any]:
    """``openapi_extra`` of a read: 403 for roles without ``kader.view``, ETag on one object."""
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {}}
    extra["responses"][403] = FORBIDDEN
    return extra


def created_extra() -> dict[str, Any]:
    """``openapi_extra`` of a POST that creates: 201 with ETag and Location."""
    extra = openapi_etag(status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION_HEADER
    return extra


def changed_extra() -> dict[str, Any]:
    """``openapi_extra`` of a change: If-Match in, the new ETag out."""
    return openapi_etag(if_match=True)


def deleted_extra() -> dict[str, Any]:
    """``openapi_extra`` of a DELETE: If-Match in, 204 out."""
    return {"parameters": [IF_MATCH_PARAMETER], "responses": {204: {"description": "Verwijderd."}}}


_M = TypeVar("_M", bound=VersionedModel)


def tagged(response: HttpResponse, obj: _M) -> _M:
    """``obj``, with its version in the ETag header of the response."""
    response["ETag"] = etag(obj)
    return obj


def created(request: HttpRequest, response: HttpResponse, obj: _M) -> _M:
    """``obj`` just made under the collection of ``request``: its Location and ETag."""
    response["Location"] = f"{request.path}/{obj.pk}"
    return tagged(response, obj)
