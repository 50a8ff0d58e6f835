"""Trainen, oefenen en testen in the API: the exercises of the programme with their actions
(``/oefeningen``), the awareness activities (``/bewustwordingsactiviteiten``) and the participation per
afdeling and year (``/deelnames``). Reading needs ``oefenen.view``, writing ``oefenen.edit``; the
services narrow a thema-eigenaar to their themes."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from accounts.http import AuthenticatedHttpRequest
from acties import services as acties_services
from acties.api import VerbeteractieOut
from acties.models import Bron
from api.concurrency import expected_version
from api.operations import (
    changed_extra,
    check_dates,
    created,
    created_extra,
    filter_data,
    one,
    page_of,
    read_extra,
    tagged,
    writing,
)
from api.schemas import Input, Output, omittable
from lib.permissions import require
from organisations.api import GeenThema, ThemaCode
from risicos.models import Risico

from . import services
from .filters import OefeningFilter
from .models import (
    AANTAL_MAX,
    BEVINDINGEN_MAX,
    DEELNEMERS_MAX,
    JAAR_MAX,
    JAAR_MIN,
    TOELICHTING_MAX,
    Bewustwordingsactiviteit,
    Deelname,
    Oefening,
)

TAGS = ["oefenen"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
OEFENING_ID = Path(..., description="Id van de oefening.")
ACTIVITEIT_ID = Path(..., description="Id van de bewustwordingsactiviteit.")
DEELNAME_ID = Path(..., description="Id van de deelname van een afdeling in een jaar.")
API_FIELDS = {"scenario": "scenario_id"}

SoortCode = Literal["training", "tabletop", "praktijk", "ontruiming", "technische_test", "crisis", "overig"]
StatusCode = Literal["gepland", "uitgevoerd", "vervallen"]
ResultaatCode = Literal["geslaagd", "deels_geslaagd", "niet_geslaagd"]
GeenResultaat = Literal[""]
ActiviteitsoortCode = Literal[
    "sessie", "training", "e_learning", "incidentevaluatie", "campagne", "phishingsimulatie", "overig"
]
Jaar = Field(None, ge=JAAR_MIN, le=JAAR_MAX, description="Alleen dit jaar.")

router = Router(tags=TAGS, by_alias=True)


class OefenenPagina(Schema):
    pagina: int = Field(1, ge=1, le=100_000, description="Pagina.")
    paginaGrootte: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Resultaten per pagina.")


# --- exercises ------------------------------------------------------------------------------------


class OefeningOut(Output):
    """Een oefening, test of training van het meerjarenprogramma."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Titel.")
    soort: SoortCode = Field(..., description="Soort.")
    thema: ThemaCode | GeenThema = Field(..., description="Thema; leeg: de coördinator houdt haar bij.")
    scenario_id: UUID | None = Field(None, description="Id van het risico dat de oefening naspeelt.")
    gepland_op: datetime.date = Field(..., description="Gepland op.")
    status: StatusCode = Field(..., description="Status.")
    uitgevoerd_op: datetime.date | None = Field(None, description="Uitgevoerd op (alleen bij status uitgevoerd).")
    te_laat: bool = Field(..., description="Nog gepland en de datum is voorbij.")
    deelnemers: str = Field(..., description="Rollen, afdelingen en partners die meededen (geen namen).")
    aantal_deelnemers: int | None = Field(None, description="Aantal deelnemers, leeg als onbekend.")
    resultaat: ResultaatCode | GeenResultaat = Field(..., description="Resultaat (alleen bij een uitgevoerde).")
    toelichting: str = Field(..., description="Toelichting op het resultaat, of waarom ze verviel.")
    bevindingen: str = Field(..., description="Bevindingen.")


class OefeningVelden(Input):
    titel: str = omittable(min_length=1, max_length=200, description="Titel.")
    soort: SoortCode = omittable(description="Soort.")
    thema: ThemaCode | GeenThema = omittable(description="Thema (een thema-eigenaar: een van zijn thema's).")
    scenario_id: UUID | None = omittable(description="Id van een risico van de gemeente (GET /risicos), of null.")
    gepland_op: datetime.date = omittable(description="Gepland op: binnen tien jaar voor of na vandaag.")
    status: StatusCode = omittable(description="Status.")
    uitgevoerd_op: datetime.date | None = omittable(
        description="Uitgevoerd op: verplicht bij status uitgevoerd, niet in de toekomst."
    )
    deelnemers: str = omittable(max_length=DEELNEMERS_MAX, description="Rollen, afdelingen en partners; geen namen.")
    aantal_deelnemers: int | None = omittable(ge=0, le=AANTAL_MAX, description="Aantal deelnemers.")
    resultaat: ResultaatCode | GeenResultaat = omittable(description="Resultaat: alleen bij status uitgevoerd.")
    toelichting: str = omittable(max_length=TOELICHTING_MAX, description="Toelichting.")
    bevindingen: str = omittable(max_length=BEVINDINGEN_MAX, description="Bevindingen; geen namen.")


class OefeningNieuw(OefeningVelden):
    """Een oefening in het programma (coördinator; thema-eigenaar met een eigen thema)."""

    titel: str = Field(..., min_length=1, max_length=200, description="Titel.")
    soort: SoortCode = Field(..., description="Soort.")
    gepland_op: datetime.date = Field(..., description="Gepland op: binnen tien jaar voor of na vandaag.")


class OefeningWijziging(OefeningVelden):
    """Alleen meegestuurde velden veranderen."""


class OefeningZoekvraag(OefenenPagina):
    jaar: int | None = Jaar
    thema: ThemaCode | None = Field(None, description="Alleen oefeningen van dit thema.")
    soort: SoortCode | None = Field(None, description="Alleen oefeningen van deze soort.")
    status: StatusCode | None = Field(None, description="Alleen oefeningen met deze status.")
    teLaat: bool | None = Field(None, description="Alleen (true) of geen (false) geplande oefeningen die te laat zijn.")


def _oefeningen(request: AuthenticatedHttpRequest) -> QuerySet[Oefening]:
    require(request.membership, "oefenen.view")
    return Oefening.objects.voor(request.membership)


def _oefening(request: AuthenticatedHttpRequest, pk: UUID) -> Oefening:
    return get_object_or_404(_oefeningen(request), pk=pk)


def _oefening_fields(request: AuthenticatedHttpRequest, sent: dict[str, Any]) -> dict[str, Any]:
    check_dates(sent, "gepland_op", "uitgevoerd_op")
    if "scenario_id" in sent:
        risks = Risico.objects.visible_to(request.membership)
        sent["scenario"] = one(risks, sent.pop("scenario_id"), "scenario_id", services.OTHER_RISK)
    return sent


@router.get("/oefeningen", response=list[OefeningOut], summary="Oefeningen", openapi_extra=read_extra(paged=True))
def list_oefeningen(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[OefeningZoekvraag]
) -> Any:
    """De oefeningen met dezelfde filters als de pagina (jaar, thema, soort, status, te laat), op datum."""
    found = _oefeningen(request)
    sent = filters.model_dump(exclude_none=True, exclude={"pagina", "paginaGrootte"})
    selected = OefeningFilter(filter_data(sent), queryset=found, request=request)
    if not selected.is_valid():
        raise ValidationError({name: list(errors) for name, errors in selected.errors.items()})
    ordered = selected.filtered().order_by("gepland_op", "titel", "pk")
    return page_of(request, response, ordered, filters.pagina, filters.paginaGrootte)


@router.post("/oefeningen", response={201: OefeningOut}, summary="Oefening plannen", openapi_extra=created_extra())
def create_oefening(request: AuthenticatedHttpRequest, payload: OefeningNieuw, response: HttpResponse) -> Any:
    """Een oefening, test of training in het programma; een risico van een andere gemeente: 400, niets opgeslagen."""
    require(request.membership, "oefenen.edit")
    sent = _oefening_fields(request, payload.model_dump(exclude_unset=True))
    with writing(API_FIELDS):
        made = services.add_oefening(by=request.membership, **sent)
    return created(response, _oefening(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    "/oefeningen/{oefening_id}", response=OefeningOut, summary="Eén oefening", openapi_extra=read_extra(tagged=True)
)
def get_oefening(request: AuthenticatedHttpRequest, response: HttpResponse, oefening_id: UUID = OEFENING_ID) -> Any:
    """Eén oefening met haar versie in de header ETag."""
    return tagged(response, _oefening(request, oefening_id))


@router.patch(
    "/oefeningen/{oefening_id}", response=OefeningOut, summary="Oefening wijzigen", openapi_extra=changed_extra()
)
def patch_oefening(
    request: AuthenticatedHttpRequest,
    payload: OefeningWijziging,
    response: HttpResponse,
    oefening_id: UUID = OEFENING_ID,
) -> Any:
    """Opnieuw plannen, vastleggen dat ze is uitgevoerd met resultaat en bevindingen, of laten vervallen.
    Met de ETag in If-Match."""
    oefening = _oefening(request, oefening_id)
    version = expected_version(request, oefening)
    require(request.membership, "oefenen.edit")
    fields = _oefening_fields(request, payload.model_dump(exclude_unset=True))
    with writing(API_FIELDS):
        services.edit_oefening(by=request.membership, oefening=oefening, expected_version=version, **fields)
    return tagged(response, _oefening(request, oefening_id))


@router.get(
    "/oefeningen/{oefening_id}/verbeteracties",
    response=list[VerbeteractieOut],
    summary="Acties van een oefening",
    openapi_extra=read_extra(),
)
def list_oefening_verbeteracties(request: AuthenticatedHttpRequest, oefening_id: UUID = OEFENING_ID) -> Any:
    """De vervolgacties van de bevindingen van de oefening (aanmaken: zie de pagina van de oefening)."""
    oefening = _oefening(request, oefening_id)
    return acties_services.van_bron(Bron.OEFENING, oefening.pk)


# --- awareness activities -------------------------------------------------------------------------


class BewustwordingsactiviteitOut(Output):
    """Een bewustwordingsactiviteit voor medewerkers."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Titel.")
    soort: ActiviteitsoortCode = Field(..., description="Soort.")
    thema: ThemaCode | GeenThema = Field(..., description="Thema; leeg: de coördinator houdt haar bij.")
    datum: datetime.date = Field(..., description="Datum (bij een e-learning of campagne de eerste dag).")
    doelgroep: str = Field(..., description="Voor wie.")
    aantal_deelnemers: int | None = Field(None, description="Aantal deelnemers, leeg als onbekend.")


class BewustwordingsactiviteitVelden(Input):
    titel: str = omittable(min_length=1, max_length=200, description="Titel.")
    soort: ActiviteitsoortCode = omittable(description="Soort.")
    thema: ThemaCode | GeenThema = omittable(description="Thema (een thema-eigenaar: een van zijn thema's).")
    datum: datetime.date = omittable(description="Datum: binnen tien jaar voor of na vandaag.")
    doelgroep: str = omittable(max_length=300, description="Voor wie.")
    aantal_deelnemers: int | None = omittable(ge=0, le=AANTAL_MAX, description="Aantal deelnemers.")


class BewustwordingsactiviteitNieuw(BewustwordingsactiviteitVelden):
    """Een activiteit (coördinator; thema-eigenaar met een eigen thema)."""

    titel: str = Field(..., min_length=1, max_length=200, description="Titel.")
    soort: ActiviteitsoortCode = Field(..., description="Soort.")
    datum: datetime.date = Field(..., description="Datum: binnen tien jaar voor of na vandaag.")


class BewustwordingsactiviteitWijziging(BewustwordingsactiviteitVelden):
    """Alleen meegestuurde velden veranderen."""


class BewustwordingsactiviteitZoekvraag(OefenenPagina):
    jaar: int | None = Jaar


def _activiteiten(request: AuthenticatedHttpRequest) -> QuerySet[Bewustwordingsactiviteit]:
    require(request.membership, "oefenen.view")
    return Bewustwordingsactiviteit.objects.voor(request.membership)


def _activiteit(request: AuthenticatedHttpRequest, pk: UUID) -> Bewustwordingsactiviteit:
    return get_object_or_404(_activiteiten(request), pk=pk)


@router.get(
    "/bewustwordingsactiviteiten",
    response=list[BewustwordingsactiviteitOut],
    summary="Bewustwordingsactiviteiten",
    openapi_extra=read_extra(paged=True),
)
def list_bewustwordingsactiviteiten(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[BewustwordingsactiviteitZoekvraag]
) -> Any:
    """De activiteiten op datum, desgewenst van één jaar."""
    found = _activiteiten(request)
    if filters.jaar is not None:
        found = found.filter(datum__year=filters.jaar)
    return page_of(request, response, found.order_by("datum", "titel", "pk"), filters.pagina, filters.paginaGrootte)


@router.post(
    "/bewustwordingsactiviteiten",
    response={201: BewustwordingsactiviteitOut},
    summary="Bewustwordingsactiviteit vastleggen",
    openapi_extra=created_extra(),
)
def create_bewustwordingsactiviteit(
    request: AuthenticatedHttpRequest, payload: BewustwordingsactiviteitNieuw, response: HttpResponse
) -> Any:
    """Een sessie, training, e-learning, evaluatie van een incident, campagne of phishingsimulatie."""
    require(request.membership, "oefenen.edit")
    sent = payload.model_dump(exclude_unset=True)
    check_dates(sent, "datum")
    with writing():
        made = services.add_activiteit(by=request.membership, **sent)
    return created(response, _activiteit(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    "/bewustwordingsactiviteiten/{bewustwordingsactiviteit_id}",
    response=BewustwordingsactiviteitOut,
    summary="Eén bewustwordingsactiviteit",
    openapi_extra=read_extra(tagged=True),
)
def get_bewustwordingsactiviteit(
    request: AuthenticatedHttpRequest, response: HttpResponse, bewustwordingsactiviteit_id: UUID = ACTIVITEIT_ID
) -> Any:
    return tagged(response, _activiteit(request, bewustwordingsactiviteit_id))


@router.patch(
    "/bewustwordingsactiviteiten/{bewustwordingsactiviteit_id}",
    response=BewustwordingsactiviteitOut,
    summary="Bewustwordingsactiviteit wijzigen",
    openapi_extra=changed_extra(),
)
def patch_bewustwordingsactiviteit(
    request: AuthenticatedHttpRequest,
    payload: BewustwordingsactiviteitWijziging,
    response: HttpResponse,
    bewustwordingsactiviteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """Alleen meegestuurde velden veranderen. Met de ETag in If-Match."""
    activiteit = _activiteit(request, bewustwordingsactiviteit_id)
    version = expected_version(request, activiteit)
    require(request.membership, "oefenen.edit")
    sent = payload.model_dump(exclude_unset=True)
    check_dates(sent, "datum")
    with writing():
        services.edit_activiteit(by=request.membership, activiteit=activiteit, expected_version=version, **sent)
    return tagged(response, _activiteit(request, bewustwordingsactiviteit_id))


# --- participation per afdeling -------------------------------------------------------------------


class DeelnameOut(Output):
    """Hoeveel medewerkers van een afdeling in een jaar aan bewustwording deelnamen: alleen aantallen."""

    id: UUID = Field(..., description="Vaste id.")
    jaar: int = Field(..., description="Jaar.")
    afdeling: str = Field(..., description="Afdeling.")
    medewerkers: int = Field(..., description="Aantal medewerkers van de afdeling.")
    deelgenomen: int = Field(..., description="Hoeveel van hen aan minstens één activiteit deelnamen.")
    percentage: int = Field(..., description="Deelgenomen als percentage van de medewerkers, naar beneden afgerond.")


class DeelnameVelden(Input):
    jaar: int = omittable(ge=JAAR_MIN, le=JAAR_MAX, description="Jaar: dit jaar, een eerder jaar of volgend jaar.")
    afdeling: str = omittable(min_length=1, max_length=120, description="Afdeling; één keer per jaar.")
    medewerkers: int = omittable(ge=1, le=AANTAL_MAX, description="Aantal medewerkers.")
    deelgenomen: int = omittable(ge=0, le=AANTAL_MAX, description="Aantal dat deelnam; niet meer dan medewerkers.")


class DeelnameNieuw(DeelnameVelden):
    """Een afdeling in een jaar (coördinator; thema-eigenaar van personele beveiliging)."""

    jaar: int = Field(..., ge=JAAR_MIN, le=JAAR_MAX, description="Jaar: dit jaar, een eerder jaar of volgend jaar.")
    afdeling: str = Field(..., min_length=1, max_length=120, description="Afdeling; één keer per jaar.")
    medewerkers: int = Field(..., ge=1, le=AANTAL_MAX, description="Aantal medewerkers.")
    deelgenomen: int = Field(0, ge=0, le=AANTAL_MAX, description="Aantal dat deelnam; niet meer dan medewerkers.")


class DeelnameWijziging(DeelnameVelden):
    """Alleen meegestuurde velden veranderen."""


class DeelnameZoekvraag(OefenenPagina):
    jaar: int | None = Jaar


def _deelnames(request: AuthenticatedHttpRequest) -> QuerySet[Deelname]:
    require(request.membership, "oefenen.view")
    return Deelname.objects.voor(request.membership)


def _deelname(request: AuthenticatedHttpRequest, pk: UUID) -> Deelname:
    return get_object_or_404(_deelnames(request), pk=pk)


@router.get(
    "/deelnames", response=list[DeelnameOut], summary="Deelname per afdeling", openapi_extra=read_extra(paged=True)
)
def list_deelnames(request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[DeelnameZoekvraag]) -> Any:
    """Per jaar (nieuwste eerst) en afdeling hoeveel medewerkers deelnamen, desgewenst van één jaar."""
    found = _deelnames(request)
    if filters.jaar is not None:
        found = found.filter(jaar=filters.jaar)
    return page_of(request, response, found.order_by("-jaar", "afdeling", "pk"), filters.pagina, filters.paginaGrootte)


@router.post("/deelnames", response={201: DeelnameOut}, summary="Afdeling toevoegen", openapi_extra=created_extra())
def create_deelname(request: AuthenticatedHttpRequest, payload: DeelnameNieuw, response: HttpResponse) -> Any:
    """Een afdeling met haar aantal medewerkers en deelnemers in een jaar; een afdeling die er dat jaar al
    is (hoofdletters tellen niet): 400."""
    require(request.membership, "oefenen.edit")
    with writing():
        made = services.add_deelname(by=request.membership, **payload.model_dump())
    return created(response, _deelname(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    "/deelnames/{deelname_id}", response=DeelnameOut, summary="Eén deelname", openapi_extra=read_extra(tagged=True)
)
def get_deelname(request: AuthenticatedHttpRequest, response: HttpResponse, deelname_id: UUID = DEELNAME_ID) -> Any:
    return tagged(response, _deelname(request, deelname_id))


@router.patch(
    "/deelnames/{deelname_id}", response=DeelnameOut, summary="Deelname wijzigen", openapi_extra=changed_extra()
)
def patch_deelname(
    request: AuthenticatedHttpRequest,
    payload: DeelnameWijziging,
    response: HttpResponse,
    deelname_id: UUID = DEELNAME_ID,
) -> Any:
    """Alleen meegestuurde velden veranderen. Met de ETag in If-Match."""
    deelname = _deelname(request, deelname_id)
    version = expected_version(request, deelname)
    require(request.membership, "oefenen.edit")
    with writing():
        services.edit_deelname(
            by=request.membership, deelname=deelname, expected_version=version, **payload.model_dump(exclude_unset=True)
        )
    return tagged(response, _deelname(request, deelname_id))
