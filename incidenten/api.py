"""The incidents in the API: reporting and the own reports (``/meldingen``), the kinds to report, and the
reports a handler or reader sees with their handling (``/incidenten``)."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
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
from lib.errors import StateConflict
from lib.permissions import require
from organisations.api import GeenThema, ThemaCode
from risicos.models import Bedrijfsmiddel

from . import services
from .models import OMSCHRIJVING_MAX, Incident, IncidentMaatregel, IncidentRisico, IncidentSoort

TAGS = ["incidenten"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
MELDING_ID = Path(..., description="Id van een eigen melding.")
INCIDENT_ID = Path(..., description="Id van het incident.")
API_FIELDS = {"soort": "soort_id", "bedrijfsmiddel": "bedrijfsmiddel_id"}

ErnstCode = Literal["gering", "aanzienlijk", "ernstig", "zeer_ernstig"]
StatusCode = Literal["gemeld", "in_behandeling", "afgehandeld"]
ApMeldingCode = Literal["open", "gemeld", "niet_nodig"]

router = Router(tags=TAGS, by_alias=True)


# --- schemas --------------------------------------------------------------------------------------


class SoortOut(Output):
    id: UUID = Field(..., description="Id van de soort.")
    naam: str = Field(..., description="Naam.")
    thema: ThemaCode | GeenThema = Field(
        ..., description="Het thema waarvan de thema-eigenaar deze incidenten behandelt."
    )
    meldplicht: bool = Field(..., description="Een datalek: binnen 72 uur melden bij de Autoriteit Persoonsgegevens.")


class MeldingNieuw(Input):
    """Een incident melden. Noem geen namen of andere persoonsgegevens die niet nodig zijn."""

    soort_id: UUID = Field(..., description="Id van een soort die te kiezen is (GET /incidentsoorten).")
    datum: datetime.date = Field(..., description="Wanneer het gebeurde: niet in de toekomst, de laatste tien jaar.")
    tijd: datetime.time | None = Field(None, description="Hoe laat ongeveer.")
    locatie: str = Field("", max_length=200, description="Waar het gebeurde.")
    bedrijfsmiddel_id: UUID | None = Field(None, description="Id van een bedrijfsmiddel van de gemeente.")
    omschrijving: str = Field(..., min_length=1, max_length=OMSCHRIJVING_MAX, description="Wat er gebeurde.")
    ernst: ErnstCode = Field(..., description="Hoe ernstig het was.")
    politie: bool = Field(False, description="De politie was erbij betrokken.")


class MeldingOut(Output):
    """Een eigen melding met haar status."""

    id: UUID = Field(..., description="Vaste id.")
    soort_id: UUID = Field(..., description="Id van de soort.")
    soort: str = Field(..., description="Naam van de soort.")
    datum: datetime.date = Field(..., description="Wanneer het gebeurde.")
    tijd: datetime.time | None = Field(None, description="Hoe laat.")
    locatie: str = Field(..., description="Waar.")
    bedrijfsmiddel_id: UUID | None = Field(None, description="Id van het bedrijfsmiddel.")
    omschrijving: str = Field(..., description="Wat er gebeurde (na de bewaartermijn verwijderd).")
    ernst: ErnstCode = Field(..., description="Ernst.")
    politie: bool = Field(..., description="Politie betrokken.")
    status: StatusCode = Field(..., description="Status.")
    gemeld_op: datetime.datetime = Field(..., description="Wanneer de melding binnenkwam.")

    @staticmethod
    def resolve_soort(obj: Incident) -> str:
        return obj.soort.naam

    @staticmethod
    def resolve_gemeld_op(obj: Incident) -> datetime.datetime:
        return obj.created_at


class IncidentOut(MeldingOut):
    """Een incident met zijn behandeling, zijn datalekstatus en zijn koppelingen."""

    thema: ThemaCode | GeenThema = Field(..., description="Het thema waarvan de thema-eigenaar het behandelt.")
    aangifte: bool = Field(..., description="Er is aangifte gedaan.")
    nazorg: str = Field(..., description="Nazorg voor betrokkenen.")
    afhandeling: str = Field(..., description="Afhandeling.")
    datalek: bool = Field(..., description="Dit is een datalek.")
    ap_melding: ApMeldingCode = Field(..., description="Melding bij de Autoriteit Persoonsgegevens.")
    ap_gemeld_op: datetime.date | None = Field(None, description="Wanneer het bij de Autoriteit is gemeld.")
    ap_uiterlijk: datetime.datetime | None = Field(
        None, description="Uiterlijk moment van de melding bij de Autoriteit (72 uur na de melding), zolang open."
    )
    persoonsgegevens_verwijderd_op: datetime.date | None = Field(
        None, description="Wanneer de persoonsgegevens zijn verwijderd na de bewaartermijn."
    )
    risico_ids: list[UUID] = Field(..., description="Ids van gekoppelde risico's.")
    maatregel_ids: list[UUID] = Field(..., description="Ids van gekoppelde maatregelen.")

    @staticmethod
    def resolve_risico_ids(obj: Incident) -> list[UUID]:
        return [link.risico_id for link in obj.risico_links.all()]

    @staticmethod
    def resolve_maatregel_ids(obj: Incident) -> list[UUID]:
        return [link.maatregel_id for link in obj.maatregel_links.all()]


class Behandeling(Input):
    """Alleen meegestuurde velden veranderen."""

    status: StatusCode = omittable(description="Status.")
    aangifte: bool = omittable(description="Er is aangifte gedaan.")
    nazorg: str = omittable(max_length=OMSCHRIJVING_MAX, description="Nazorg voor betrokkenen.")
    afhandeling: str = omittable(max_length=OMSCHRIJVING_MAX, description="Afhandeling.")
    datalek: bool = omittable(description="Dit is een datalek.")
    ap_melding: ApMeldingCode = omittable(description="Melding bij de Autoriteit Persoonsgegevens.")
    ap_gemeld_op: datetime.date | None = omittable(description="Datum van de melding bij de Autoriteit.")


class Pagina(Schema):
    pagina: int = Field(1, ge=1, le=100_000, description="Pagina.")
    paginaGrootte: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Resultaten per pagina.")


class IncidentZoekvraag(Pagina):
    status: StatusCode | None = Field(None, description="Alleen incidenten met deze status.")


# --- reporting ------------------------------------------------------------------------------------


def _started(request: AuthenticatedHttpRequest) -> None:
    if services.instelling(request.membership.gemeente_id) is None:
        raise StateConflict(services.NOT_STARTED)


@router.get("/incidentsoorten", response=list[SoortOut], summary="Soorten incidenten", openapi_extra=read_extra())
def list_soorten(request: AuthenticatedHttpRequest) -> Any:
    """De soorten die bij een melding te kiezen zijn, in de volgorde van het meldformulier."""
    require(request.membership, "incidenten.melden")
    return list(IncidentSoort.objects.visible_to(request.membership).filter(actief=True))


def _meldingen(request: AuthenticatedHttpRequest) -> QuerySet[Incident]:
    require(request.membership, "incidenten.melden")
    return Incident.objects.gemeld_door(request.membership).select_related("soort")


@router.post("/meldingen", response={201: MeldingOut}, summary="Incident melden", openapi_extra=created_extra())
def create_melding(request: AuthenticatedHttpRequest, payload: MeldingNieuw, response: HttpResponse) -> Any:
    """Iedere medewerker (coördinator, thema-eigenaar, bestuurder, melder). Een soort die niet te kiezen is,
    een bedrijfsmiddel van een andere gemeente, een datum in de toekomst: 400 bij dat veld, niets opgeslagen.
    409 zolang de registratie niet is ingericht."""
    require(request.membership, "incidenten.melden")
    _started(request)
    sent = payload.model_dump()
    check_dates(sent, "datum")
    member = request.membership
    soort = one(
        IncidentSoort.objects.visible_to(member).filter(actief=True),
        sent.pop("soort_id"),
        "soort_id",
        "Kies een van de soorten in de lijst.",
    )
    middel = one(
        Bedrijfsmiddel.objects.visible_to(member),
        sent.pop("bedrijfsmiddel_id"),
        "bedrijfsmiddel_id",
        "Kies een bedrijfsmiddel van de eigen gemeente.",
    )
    with writing(API_FIELDS):
        made = services.meld(by=member, soort=soort, bedrijfsmiddel=middel, **sent)
    return created(response, get_object_or_404(_meldingen(request), pk=made.pk), f"{request.path}/{made.pk}")


@router.get("/meldingen", response=list[MeldingOut], summary="Eigen meldingen", openapi_extra=read_extra(paged=True))
def list_meldingen(request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[Pagina]) -> Any:
    """De meldingen die de houder van het token zelf deed, nieuwste eerst."""
    return page_of(request, response, _meldingen(request), filters.pagina, filters.paginaGrootte)


@router.get(
    "/meldingen/{melding_id}", response=MeldingOut, summary="Eén eigen melding", openapi_extra=read_extra(tagged=True)
)
def get_melding(request: AuthenticatedHttpRequest, response: HttpResponse, melding_id: UUID = MELDING_ID) -> Any:
    """Een eigen melding met haar status; die van een ander: 404."""
    return tagged(response, get_object_or_404(_meldingen(request), pk=melding_id))


# --- handling -------------------------------------------------------------------------------------

LINKS: tuple[Prefetch[Any], ...] = (
    Prefetch("risico_links", queryset=IncidentRisico.objects.only("incident_id", "risico_id")),
    Prefetch("maatregel_links", queryset=IncidentMaatregel.objects.only("incident_id", "maatregel_id")),
)


def _incidenten(request: AuthenticatedHttpRequest) -> QuerySet[Incident]:
    require(request.membership, "incidenten.view")
    return Incident.objects.voor_behandeling(request.membership).select_related("soort").prefetch_related(*LINKS)


def _incident(request: AuthenticatedHttpRequest, pk: UUID) -> Incident:
    return get_object_or_404(_incidenten(request), pk=pk)


@router.get("/incidenten", response=list[IncidentOut], summary="Incidenten", openapi_extra=read_extra(paged=True))
def list_incidenten(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[IncidentZoekvraag]
) -> Any:
    """De incidenten die het token mag lezen (een thema-eigenaar: van zijn thema's), nieuwste eerst."""
    found = _incidenten(request)
    if filters.status:
        found = found.filter(status=filters.status)
    return page_of(request, response, found, filters.pagina, filters.paginaGrootte)


@router.get(
    "/incidenten/{incident_id}", response=IncidentOut, summary="Eén incident", openapi_extra=read_extra(tagged=True)
)
def get_incident(request: AuthenticatedHttpRequest, response: HttpResponse, incident_id: UUID = INCIDENT_ID) -> Any:
    """Eén incident met zijn behandeling, en zijn versie in de header ETag."""
    return tagged(response, _incident(request, incident_id))


@router.patch(
    "/incidenten/{incident_id}", response=IncidentOut, summary="Behandeling bijwerken", openapi_extra=changed_extra()
)
def patch_incident(
    request: AuthenticatedHttpRequest, payload: Behandeling, response: HttpResponse, incident_id: UUID = INCIDENT_ID
) -> Any:
    """De coördinator, of de thema-eigenaar van het thema van het incident. Met de ETag in If-Match."""
    incident = _incident(request, incident_id)
    version = expected_version(request, incident)
    sent = payload.model_dump(exclude_unset=True)
    check_dates(sent, "ap_gemeld_op")
    fields = {name: sent.get(name, getattr(incident, name)) for name in Incident.BEHANDEL_FIELDS}
    with writing(API_FIELDS):
        services.behandel(by=request.membership, incident=incident, expected_version=version, **fields)
    return tagged(response, _incident(request, incident_id))
