"""What the operations of the risk register's API share: path parameters, OpenAPI additions, ETag and
Location, pagination, finding the current matrix, and naming a service's refusal after the API field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Path

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import IF_MATCH_PARAMETER, openapi_etag
from lib.concurrency import etag
from lib.errors import StateConflict
from lib.forms import EARLIEST_DATE, LATEST_DATE
from lib.models import VersionedModel
from lib.permissions import require

from .. import services
from ..models import Acceptatie, Bedrijfsmiddel, Dreiging, Matrix

TAGS = ["risico's"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
MAX_IDS = 500  # ids in one list of links

BEDRIJFSMIDDEL_ID = Path(..., description="Id van het bedrijfsmiddel.")
DREIGING_ID = Path(..., description="Id van de dreiging.")
MATRIX_ID = Path(..., description="Id van de versie van de risicomatrix.")
RISICO_ID = Path(..., description="Id van het risico.")
ACCEPTATIE_ID = Path(..., description="Id van de acceptatie.")
MAATREGEL_ID = Path(..., description="Id van de maatregel.")
TOETS_ID = Path(..., description="Id van de toets.")
TEGENSTRIJDIGHEID_ID = Path(..., description="Id van de tegenstrijdigheid.")

# The codes of the models' choices (risicos/tests/test_api.py checks they match the models).
ThemaCode = Literal[
    "informatiebeveiliging",
    "fysieke_beveiliging",
    "personele_beveiliging",
    "integriteit",
    "continuiteit",
    "veilige_woon_leefomgeving",
    "bedrijvigheid_veiligheid",
    "jeugd_veiligheid",
    "fysieke_veiligheid",
    "integriteit_veiligheid",
]
SoortCode = Literal["persoon", "gebouw", "terrein", "locatie", "systeem", "informatie", "installatie", "overig"]
ScopeCode = Literal[
    "mensen",
    "gebouwen",
    "terreinen",
    "locaties",
    "systemen",
    "instrumenten",
    "installaties",
    "informatie_digitaal",
    "informatie_fysiek",
]
KlasseCode = Literal["laag", "midden", "hoog"]
BehandelingCode = Literal["verminderen", "accepteren", "vermijden", "overdragen"]
MaatregelSoortCode = Literal["O", "B", "E", "R"]
FunctieCode = Literal["preventief", "repressief", "herstellend"]
SchakelCode = Literal[
    "ontmoedigen", "afschermen", "tegenhouden", "detecteren", "vertragen", "intervenieren", "continuiteit"
]
MaatregelStatusCode = Literal["voorgesteld", "gepland", "in_uitvoering", "geimplementeerd", "getoetst", "vervallen"]
ResultaatCode = Literal["effectief", "deels", "niet"]
GatCode = Literal["detectie_zonder_interventie", "interventie_zonder_detectie", "niets_vertraagt", "geen_continuiteit"]
MatrixStatusCode = Literal["actueel", "vervangen"]
MethodeCode = Literal["standaard", "nrb"]
DreigingSleutel = Literal[
    "inbraak",
    "diefstal",
    "vandalisme",
    "agressie",
    "bedreiging_ambtsdragers",
    "ondermijning",
    "spionage",
    "sabotage",
    "phishing",
    "ransomware",
    "datalek_opzet",
    "fraude",
    "misbruik_insider",
    "brand",
    "stroomuitval",
    "technisch_falen",
    "natuur",
    "epidemie",
    "menselijke_fout",
]
StandCode = Literal["geldig", "verlopen", "herbeoordelen", "ingetrokken"]

LOCATION_HEADER = {"description": "URL van de nieuwe resource.", "schema": {"type": "string"}}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}  # reading is a capability too
NOT_STARTED = {"$ref": "#/components/responses/Conflict"}  # the register has not started yet
PAGINATION_HEADERS = {
    "X-Total-Count": {"description": "Aantal resultaten dat aan de filters voldoet.", "schema": {"type": "integer"}},
    "X-Pagination-Page": {"description": "Deze pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Limit": {"description": "Resultaten per pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Count": {"description": "Aantal pagina's.", "schema": {"type": "integer"}},
    "Link": {"description": "De eerste, vorige, volgende en laatste pagina (RFC 8288).", "schema": {"type": "string"}},
}


def read_extra(*, tagged: bool = False, paged: bool = False, needs_register: bool = False) -> dict[str, Any]:
    """``openapi_extra`` of a read: 403 for roles without ``risicos.view``; an ETag on one object,
    the pagination headers on a page, 409 where the register must have started."""
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {200: {"headers": {}}}}
    if paged:
        extra["responses"][200]["headers"].update(PAGINATION_HEADERS)
    extra["responses"][403] = FORBIDDEN
    if needs_register:
        extra["responses"][409] = NOT_STARTED
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


def reader(request: AuthenticatedHttpRequest) -> None:
    """Reading the register needs ``risicos.view`` (a ketenpartner or melder gets 403)."""
    require(request.membership, "risicos.view")


def current_matrix(request: AuthenticatedHttpRequest) -> Matrix:
    """The gemeente's current matrix; 409 while the register has not started."""
    matrix = Matrix.objects.visible_to(request.membership).filter(status="actueel").first()
    if matrix is None:
        raise StateConflict(services.NOT_STARTED)
    return matrix


# --- refusals named after the API's fields ----------------------------------------------------------

# A service's name of a field -> the (Python) name of the API field that carries it.
API_FIELDS = {
    "risicos": "risico_ids",
    "bedrijfsmiddelen": "bedrijfsmiddel_ids",
    "doelen": "doel_ids",
    "uitgangspunten": "uitgangspunt_ids",
    "wetten": "wet_ids",
    "dreiging": "dreiging_id",
    "eigenaar": "eigenaar_id",
    "andere": "andere_id",
    "kans_map": "kans_omzetting",
    "impact_map": "impact_omzetting",
    "tolerantie": "risicobereidheid",
    "risico": NON_FIELD_ERRORS,  # the risk of the path itself (an unscored risk is not accepted)
}


# Constraints over more than one column whose refusal is about one field of the API.
CONSTRAINT_FIELDS = {
    "risicos_bedrijfsmiddel_naam_unique": "naam",
    "risicos_dreiging_naam_unique": "naam",
    "risicos_acceptatie_periode": "geldig_tot",
}


def _constraint_fields() -> dict[str, str]:
    """The message of each of those constraints -> its field."""
    return {
        str(constraint.violation_error_message): CONSTRAINT_FIELDS[constraint.name]
        for model in (Acceptatie, Bedrijfsmiddel, Dreiging)
        for constraint in model._meta.constraints
        if constraint.name in CONSTRAINT_FIELDS
    }


def _field_of(name: str, error: ValidationError) -> str:
    if name == NON_FIELD_ERRORS:
        return _constraint_fields().get(" ".join(error.messages), name)
    return API_FIELDS.get(name, name)


@contextmanager
def writing() -> Iterator[None]:
    """One write of the API: all of it or nothing (the request's transaction commits the answer,
    also a refusal), and a refusal of a service named after the API field that carries the value."""
    try:
        with transaction.atomic():
            yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed: dict[str, Any] = {}
        for name, errors in error.error_dict.items():
            for one_error in errors:
                renamed.setdefault(_field_of(name, one_error), []).append(one_error)
        raise ValidationError(renamed) from error


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


def page_of(
    request: AuthenticatedHttpRequest, response: HttpResponse, items: QuerySet[Any], pagina: int, size: int
) -> list[Any]:
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
