"""What the operations of the kader API share: path parameters, OpenAPI additions, ETag and Location,
finding an object, and adding, changing and deleting a row of a part through the services."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Schema

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import IF_MATCH_PARAMETER, expected_version, openapi_etag
from lib.concurrency import etag
from lib.models import VersionedModel

from .. import services
from ..models import KaderOnderdeel, KaderVersie

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


# --- one object of the API, and the three changes of a part ---------------------------------------

_P = TypeVar("_P", bound=KaderOnderdeel)


def version_of(request: AuthenticatedHttpRequest, versie_id: UUID) -> KaderVersie:
    """The version ``versie_id`` if the member may see it, else 404."""
    return get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=versie_id)


def part_of(
    request: AuthenticatedHttpRequest, model: type[_P], pk: UUID, versie_id: UUID, *, to_change: bool = False
) -> _P:
    """One row of a part of version ``versie_id`` if the member may see it, else 404.

    ``to_change`` also reads its version, whose state the services check.
    """
    queryset = model.objects.visible_to(request.membership)
    if to_change:
        queryset = queryset.select_related("versie")
    return get_object_or_404(queryset, pk=pk, versie_id=versie_id)


def add(
    request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID, model: type[_P], payload: Schema
) -> _P:
    """A new row of ``model`` in version ``versie_id``, from what was sent: 201 with Location and ETag."""
    versie = version_of(request, versie_id)
    obj = services.add_part(by=request.membership, versie=versie, model=model, **payload.model_dump(exclude_unset=True))
    return created(request, response, obj)


def change(request: AuthenticatedHttpRequest, response: HttpResponse, obj: _P, payload: Schema) -> _P:
    """``obj`` changed by the fields that were sent, if If-Match holds its current ETag."""
    services.edit_part(
        by=request.membership,
        obj=obj,
        expected_version=expected_version(request, obj),
        **payload.model_dump(exclude_unset=True),
    )
    return tagged(response, obj)


def remove(request: AuthenticatedHttpRequest, obj: KaderOnderdeel) -> None:
    """``obj`` deleted, if If-Match holds its current ETag."""
    services.delete_part(by=request.membership, obj=obj, expected_version=expected_version(request, obj))
