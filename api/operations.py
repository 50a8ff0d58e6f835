"""What the operations of every app's API share: the OpenAPI additions of a read, a creation, a change
and a deletion; the ETag and Location of an answer; pagination with its headers; one object of the
member's gemeente by id; dates within the range the pages accept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from lib.concurrency import etag
from lib.forms import EARLIEST_DATE, LATEST_DATE
from lib.models import VersionedModel

from .concurrency import IF_MATCH_PARAMETER, openapi_etag

LOCATION_HEADER = {"description": "URL van de nieuwe resource.", "schema": {"type": "string"}}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}  # reading is a capability too
PAGINATION_HEADERS = {
    "X-Total-Count": {"description": "Aantal resultaten dat aan de filters voldoet.", "schema": {"type": "integer"}},
    "X-Pagination-Page": {"description": "Deze pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Limit": {"description": "Resultaten per pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Count": {"description": "Aantal pagina's.", "schema": {"type": "integer"}},
    "Link": {"description": "De eerste, vorige, volgende en laatste pagina (RFC 8288).", "schema": {"type": "string"}},
}


def read_extra(*, tagged: bool = False, paged: bool = False) -> dict[str, Any]:
    """``openapi_extra`` of a read: 403 for roles that may not read it; an ETag on one object, the
    pagination headers on a page."""
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {200: {"headers": {}}}}
    if paged:
        extra["responses"][200]["headers"].update(PAGINATION_HEADERS)
    extra["responses"][403] = FORBIDDEN
    return extra


def created_extra(*, if_match: bool = False) -> dict[str, Any]:
    """``openapi_extra`` of a POST that creates: 201 with ETag and Location (and If-Match when the
    new resource depends on the version of the one above it)."""
    extra = openapi_etag(if_match=if_match, status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION_HEADER
    extra["responses"][403] = FORBIDDEN
    return extra


def changed_extra() -> dict[str, Any]:
    """``openapi_extra`` of a change: If-Match in, the new ETag out."""
    extra = openapi_etag(if_match=True)
    extra["responses"][403] = FORBIDDEN
    return extra


def deleted_extra() -> dict[str, Any]:
    """``openapi_extra`` of a DELETE: If-Match in, 204 out."""
    return {"parameters": [IF_MATCH_PARAMETER], "responses": {204: {"description": "Verwijderd."}, 403: FORBIDDEN}}


_M = TypeVar("_M", bound=VersionedModel)


def tagged(response: HttpResponse, obj: _M) -> _M:
    """``obj``, with its version in the ETag header of the response."""
    response["ETag"] = etag(obj)
    return obj


def created(response: HttpResponse, obj: _M, location: str) -> _M:
    """``obj`` just made: its Location and ETag."""
    response["Location"] = location
    return tagged(response, obj)


def check_dates(sent: dict[str, Any], *names: str) -> None:
    """The dates the pages accept (lib.forms.DateField): a date far from any real one is refused."""
    errors = {
        name: f"Vul een datum in tussen {EARLIEST_DATE:%d-%m-%Y} en {LATEST_DATE:%d-%m-%Y}."
        for name in names
        if isinstance(sent.get(name), datetime.date) and not EARLIEST_DATE <= sent[name] <= LATEST_DATE
    }
    if errors:
        raise ValidationError(errors)


def one(queryset: QuerySet[Any], pk: Any, field: str, message: str) -> Any:
    """The object ``pk`` of the member's gemeente (None stays None), or a 400 naming ``field``."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


# --- pagination -----------------------------------------------------------------------------------


def page_of(request: HttpRequest, response: HttpResponse, items: QuerySet[Any], pagina: int, size: int) -> list[Any]:
    """One page of ``items``; the headers say how many there are and where the other pages are."""
    page: Page[Any] = Paginator(items, size).get_page(pagina)
    count, pages = page.paginator.count, page.paginator.num_pages
    response["X-Total-Count"], response["X-Pagination-Page"] = str(count), str(page.number)
    response["X-Pagination-Limit"], response["X-Pagination-Count"] = str(size), str(pages)
    query = {key: value for key, value in request.GET.items() if key != "pagina"}

    def link(number: int, rel: str) -> str:
        return f'<{request.path}?{urlencode({**query, "pagina": number})}>; rel="{rel}"'

    links = [link(1, "first"), link(pages, "last")]
    if page.has_previous():
        links.append(link(page.previous_page_number(), "prev"))
    if page.has_next():
        links.append(link(page.next_page_number(), "next"))
    response["Link"] = ", ".join(links)
    return list(page.object_list)


def filter_data(sent: dict[str, Any]) -> dict[str, str]:
    """The query parameters as a FilterSet reads them from a page's address."""
    return {key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in sent.items()}


@contextmanager
def writing(api_fields: dict[str, str] | None = None) -> Iterator[None]:
    """One write of the API: all of it or nothing, and a refusal of a service named after the API field
    that carries the value (``api_fields``: a service's name of a field -> the API's, e.g.
    ``eigenaar`` -> ``eigenaar_id``)."""
    try:
        with transaction.atomic():
            yield
    except ValidationError as error:
        if not hasattr(error, "error_dict") or not api_fields:
            raise
        raise ValidationError(
            {api_fields.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from error
