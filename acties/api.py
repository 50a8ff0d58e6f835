"""The actions in the API (``/verbeteracties``): the actions a member reads, one action, a new one for a
finding from outside Kapstok, and a change (its editors all of it, its owner the status and progress)."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from api.operations import (
    changed_extra,
    check_dates,
    created,
    created_extra,
    one,
    page_of,
    read_extra,
    tagged,
    writing,
)
from api.schemas import Input, Output, omittable
from lib.permissions import require
from organisations.api import GeenThema, ThemaCode
from organisations.models import Membership

from . import services
from .models import TOELICHTING_MAX, Verbeteractie, VerbeteractieQuerySet

TAGS = ["acties"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
VERBETERACTIE_ID = Path(..., description="Id van de actie.")
API_FIELDS = {"eigenaar": "eigenaar_id"}
OWNER = "Kies als eigenaar een lid van de eigen gemeente (geen ketenpartner)."

StatusCode = Literal["open", "bezig", "afgerond", "vervallen"]
BronCode = Literal[
    "incident", "rode_draden", "evaluatie", "audit", "oefening", "managementreview", "quickscan", "overig"
]
LosseBronCode = Literal["evaluatie", "audit", "oefening", "managementreview", "overig"]

router = Router(tags=TAGS, by_alias=True)


class VerbeteractieOut(Output):
    """Een SMART actie: wat, klaar als, eigenaar, deadline, en waaruit ze voortkomt."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Wat er gebeurt.")
    resultaat: str = Field(..., description="Klaar als: het meetbare resultaat.")
    toelichting: str = Field(..., description="Toelichting en voortgang.")
    eigenaar_id: UUID | None = Field(None, description="Id van het lidmaatschap van de eigenaar.")
    deadline: datetime.date = Field(..., description="Uiterlijk klaar op.")
    thema: ThemaCode | GeenThema = Field(..., description="Thema.")
    status: StatusCode = Field(..., description="Status.")
    afgerond_op: datetime.date | None = Field(None, description="Wanneer ze is afgerond.")
    te_laat: bool = Field(..., description="Loopt nog en de deadline is voorbij.")
    bron: BronCode = Field(..., description="Waaruit ze voortkomt.")
    bron_id: UUID | None = Field(None, description="Id van de bron in Kapstok (een incident).")
    bron_titel: str = Field(..., description="Korte titel van de bron.")


class VerbeteractieVelden(Input):
    titel: str = omittable(min_length=1, max_length=200, description="Wat er gebeurt.")
    resultaat: str = omittable(min_length=1, max_length=300, description="Klaar als: het meetbare resultaat.")
    toelichting: str = omittable(max_length=TOELICHTING_MAX, description="Toelichting en voortgang.")
    eigenaar_id: UUID = omittable(description="Id van het lidmaatschap van de eigenaar (GET /leden).")
    deadline: datetime.date = omittable(description="Uiterlijk klaar op: niet voorbij bij het maken, binnen tien jaar.")
    thema: ThemaCode | GeenThema = omittable(description="Thema (een thema-eigenaar: een van zijn thema's).")


class VerbeteractieNieuw(VerbeteractieVelden):
    """Een actie voor een bevinding van buiten Kapstok (coördinator; thema-eigenaar met een eigen thema)."""

    titel: str = Field(..., min_length=1, max_length=200, description="Wat er gebeurt.")
    resultaat: str = Field(..., min_length=1, max_length=300, description="Klaar als: het meetbare resultaat.")
    eigenaar_id: UUID = Field(..., description="Id van het lidmaatschap van de eigenaar (GET /leden).")
    deadline: datetime.date = Field(..., description="Uiterlijk klaar op: vandaag of later, binnen tien jaar.")
    bron: LosseBronCode = Field(..., description="Waaruit ze voortkomt.")
    bron_titel: str = Field("", max_length=200, description="Korte titel van de bron, bv. interne audit BIO 2026.")


class VerbeteractieWijziging(VerbeteractieVelden):
    """Alleen meegestuurde velden veranderen; de eigenaar wijzigt alleen status en toelichting."""

    status: StatusCode = omittable(description="Status.")


class Zoekvraag(Schema):
    status: StatusCode | None = Field(None, description="Alleen acties met deze status.")
    bron: BronCode | None = Field(None, description="Alleen acties uit deze bron.")
    teLaat: bool | None = Field(None, description="Alleen lopende acties waarvan de deadline voorbij is.")
    pagina: int = Field(1, ge=1, le=100_000, description="Pagina.")
    paginaGrootte: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Resultaten per pagina.")


def _acties(request: AuthenticatedHttpRequest) -> VerbeteractieQuerySet:
    require(request.membership, "acties.lezen")
    return Verbeteractie.objects.voor(request.membership)


def _actie(request: AuthenticatedHttpRequest, pk: UUID) -> Verbeteractie:
    return get_object_or_404(_acties(request), pk=pk)


def _fields(
    request: AuthenticatedHttpRequest, sent: dict[str, Any], actie: Verbeteractie | None = None
) -> dict[str, Any]:
    check_dates(sent, "deadline")
    if "eigenaar_id" in sent:
        owner = sent.pop("eigenaar_id")
        if actie is None or owner != actie.eigenaar_id:
            owners = Membership.objects.visible_to(request.membership).filter(role__in=services.OWNER_ROLES)
            sent["eigenaar"] = one(owners, owner, "eigenaar_id", OWNER)
        else:
            sent["eigenaar"] = actie.eigenaar
    return sent


@router.get("/verbeteracties", response=list[VerbeteractieOut], summary="Acties", openapi_extra=read_extra(paged=True))
def list_verbeteracties(request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[Zoekvraag]) -> Any:
    """De acties die het token mag lezen (coördinator, bestuurder, auditor: alle; thema-eigenaar: van zijn
    thema's en de eigen; melder: de eigen), op deadline."""
    found = _acties(request)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.bron:
        found = found.filter(bron=filters.bron)
    if filters.teLaat:
        found = found.lopend().filter(deadline__lt=timezone.localdate())
    return page_of(request, response, found, filters.pagina, filters.paginaGrootte)


@router.post(
    "/verbeteracties", response={201: VerbeteractieOut}, summary="Actie vastleggen", openapi_extra=created_extra()
)
def create_verbeteractie(request: AuthenticatedHttpRequest, payload: VerbeteractieNieuw, response: HttpResponse) -> Any:
    """Een actie voor een bevinding uit een audit, evaluatie, oefening of managementreview."""
    require(request.membership, "acties.maken")
    sent = _fields(request, payload.model_dump(exclude_unset=True))
    bron, bron_titel = sent.pop("bron"), sent.pop("bron_titel", "")
    with writing(API_FIELDS):
        made = services.add(by=request.membership, bron=bron, bron_titel=bron_titel, **sent)
    return created(response, _actie(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    "/verbeteracties/{verbeteractie_id}",
    response=VerbeteractieOut,
    summary="Eén actie",
    openapi_extra=read_extra(tagged=True),
)
def get_verbeteractie(
    request: AuthenticatedHttpRequest, response: HttpResponse, verbeteractie_id: UUID = VERBETERACTIE_ID
) -> Any:
    """Eén actie met haar versie in de header ETag."""
    return tagged(response, _actie(request, verbeteractie_id))


@router.patch(
    "/verbeteracties/{verbeteractie_id}",
    response=VerbeteractieOut,
    summary="Actie wijzigen",
    openapi_extra=changed_extra(),
)
def patch_verbeteractie(
    request: AuthenticatedHttpRequest,
    payload: VerbeteractieWijziging,
    response: HttpResponse,
    verbeteractie_id: UUID = VERBETERACTIE_ID,
) -> Any:
    """De coördinator of thema-eigenaar alles; de eigenaar status en toelichting. Met de ETag in If-Match."""
    actie = _actie(request, verbeteractie_id)
    version = expected_version(request, actie)
    require(request.membership, "acties.bijwerken")
    fields = _fields(request, payload.model_dump(exclude_unset=True), actie)
    with writing(API_FIELDS):
        services.edit(by=request.membership, actie=actie, expected_version=version, **fields)
    return tagged(response, _actie(request, verbeteractie_id))
