"""The quickscan in the API: the scans (``/quickscans``) with their scores and completion, and the gemeente's
levels (``/volwassenheidsniveaus``) and questions per management aspect (``/managementaspecten``)."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
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
    deleted_extra,
    filter_data,
    page_of,
    read_extra,
    tagged,
    writing,
)
from api.schemas import Input, Output, omittable
from lib.permissions import require

from . import services
from .filters import QuickscanFilter
from .models import HOOGSTE, LAAGSTE, TOELICHTING_MAX, Aspectvraag, Niveau, Quickscan, Score
from .results import gemiddelde

TAGS = ["quickscan"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
QUICKSCAN_ID = Path(..., description="Id van de quickscan.")
NIVEAU_ID = Path(..., description="Id van het volwassenheidsniveau.")
ASPECT_ID = Path(..., description="Id van de vraag bij een managementaspect.")

StatusCode = Literal["concept", "afgerond"]
ThemaCode = Literal[
    "informatiebeveiliging", "fysieke_beveiliging", "personele_beveiliging", "integriteit", "continuiteit"
]
AspectCode = Literal["beleid", "organisatie", "risicoanalyse", "maatregelen", "bewustwording", "monitoring"]

router = Router(tags=TAGS, by_alias=True)


# --- schemas --------------------------------------------------------------------------------------------


class QuickscanOut(Output):
    """Een quickscan volwassenheid: een ronde van de zelfbeoordeling met haar peildatum."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Titel.")
    peildatum: datetime.date = Field(..., description="De dag waarop de scores de stand weergeven.")
    status: StatusCode = Field(..., description="Concept (wordt ingevuld) of afgerond (ligt vast).")
    afgerond_op: datetime.date | None = Field(None, description="Wanneer ze is afgerond.")
    afgerond_door_id: UUID | None = Field(None, description="Id van het lidmaatschap dat haar afrondde.")


class QuickscanScoreOut(Output):
    """Eén cel: een beveiligingsthema × een managementaspect."""

    id: UUID = Field(..., description="Vaste id.")
    thema: ThemaCode = Field(..., description="Beveiligingsthema.")
    aspect: AspectCode = Field(..., description="Managementaspect.")
    niveau: int | None = Field(None, description="Niveau 1 tot en met 5; leeg: nog niet gescoord.")
    gewenst_niveau: int | None = Field(None, description="Het niveau dat de gemeente wil bereiken (niet verplicht).")
    toelichting: str = Field(..., description="Waarom dit niveau.")


class QuickscanDetailOut(QuickscanOut):
    """Een quickscan met al haar cellen en het gemiddelde niveau van de gescoorde cellen."""

    gemiddelde: float | None = Field(None, description="Gemiddeld niveau van de gescoorde cellen, of leeg.")
    scores: list[QuickscanScoreOut] = Field(..., description="Alle cellen, per thema en managementaspect.")

    @staticmethod
    def resolve_scores(obj: Quickscan) -> list[Score]:
        return list(obj.scores.all())

    @staticmethod
    def resolve_gemiddelde(obj: Quickscan) -> float | None:
        found = gemiddelde(s.niveau for s in obj.scores.all())
        return None if found is None else round(float(found), 2)


class QuickscanNieuw(Input):
    """Een nieuwe quickscan in concept (coördinator); er is er steeds hoogstens één in concept."""

    titel: str = Field(..., min_length=1, max_length=200, description="Titel.")
    peildatum: datetime.date = Field(..., description="Peildatum: hoogstens tien jaar terug, twee jaar vooruit.")
    vanaf_vorige: bool = Field(False, description="Begin met de scores van de laatste afgeronde quickscan.")


class QuickscanWijziging(Input):
    """Titel of peildatum van een concept; alleen meegestuurde velden veranderen."""

    titel: str = omittable(min_length=1, max_length=200, description="Titel.")
    peildatum: datetime.date = omittable(description="Peildatum: hoogstens tien jaar terug, twee jaar vooruit.")


class QuickscanScoreWijziging(Input):
    """Eén cel; alleen meegestuurde velden veranderen (null maakt een niveau leeg)."""

    thema: ThemaCode = Field(..., description="Beveiligingsthema.")
    aspect: AspectCode = Field(..., description="Managementaspect.")
    niveau: int | None = omittable(ge=LAAGSTE, le=HOOGSTE, description="Niveau 1 tot en met 5, of null.")
    gewenst_niveau: int | None = omittable(ge=LAAGSTE, le=HOOGSTE, description="Gewenst niveau, of null.")
    toelichting: str = omittable(max_length=TOELICHTING_MAX, description="Toelichting.")


class QuickscanScoresWijziging(Input):
    """Een of meer cellen van een concept tegelijk (een thema-eigenaar: van zijn thema's)."""

    scores: list[QuickscanScoreWijziging] = Field(..., max_length=30, description="De cellen die veranderen.")


class VolwassenheidsniveauOut(Output):
    """Een volwassenheidsniveau van de gemeente."""

    id: UUID = Field(..., description="Vaste id.")
    nummer: int = Field(..., description="Het niveau, 1 tot en met 5.")
    naam: str = Field(..., description="Naam.")
    omschrijving: str = Field(..., description="Omschrijving in één zin.")


class VolwassenheidsniveauWijziging(Input):
    naam: str = omittable(min_length=1, max_length=60, description="Naam.")
    omschrijving: str = omittable(min_length=1, max_length=300, description="Omschrijving in één zin.")


class ManagementaspectOut(Output):
    """Een managementaspect met de vraag die bij het scoren helpt."""

    id: UUID = Field(..., description="Vaste id van de vraag.")
    aspect: AspectCode = Field(..., description="Managementaspect.")
    naam: str = Field(..., description="Naam van het managementaspect.")
    vraag: str = Field(..., description="De vraag bij dit aspect.")

    @staticmethod
    def resolve_naam(obj: Aspectvraag) -> str:
        return str(obj.get_aspect_display())


class ManagementaspectWijziging(Input):
    vraag: str = Field(..., min_length=1, max_length=300, description="De vraag bij dit aspect.")


class QuickscanZoekvraag(Schema):
    status: StatusCode | None = Field(None, description="Alleen quickscans met deze status.")
    pagina: int = Field(1, ge=1, le=100_000, description="Pagina.")
    paginaGrootte: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Resultaten per pagina.")


# --- helpers ----------------------------------------------------------------------------------------------


def _scan(request: AuthenticatedHttpRequest, pk: UUID) -> Quickscan:
    require(request.membership, "quickscan.view")
    found = Quickscan.objects.voor(request.membership).prefetch_related("scores")
    return get_object_or_404(found, pk=pk)


def _scores(scan: Quickscan) -> list[Score]:
    return list(Score.objects.filter(scan=scan).in_rooster())


# --- the scans ----------------------------------------------------------------------------------------------


@router.get("/quickscans", response=list[QuickscanOut], summary="Quickscans", openapi_extra=read_extra(paged=True))
def list_quickscans(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[QuickscanZoekvraag]
) -> Any:
    """De quickscans van de gemeente, de nieuwste peildatum eerst."""
    require(request.membership, "quickscan.view")
    sent = filters.model_dump(exclude_none=True, exclude={"pagina", "paginaGrootte"})
    found = QuickscanFilter(filter_data(sent), queryset=Quickscan.objects.voor(request.membership)).filtered()
    return page_of(request, response, found, filters.pagina, filters.paginaGrootte)


@router.post(
    "/quickscans", response={201: QuickscanDetailOut}, summary="Quickscan starten", openapi_extra=created_extra()
)
def create_quickscan(request: AuthenticatedHttpRequest, payload: QuickscanNieuw, response: HttpResponse) -> Any:
    """Een nieuwe quickscan met alle cellen, leeg of met de scores van de laatste afgeronde als startpunt."""
    require(request.membership, "quickscan.edit")
    sent = payload.model_dump()
    check_dates(sent, "peildatum")
    with writing():
        made = services.start(by=request.membership, **sent)
    return created(response, _scan(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    "/quickscans/{quickscan_id}",
    response=QuickscanDetailOut,
    summary="Eén quickscan",
    openapi_extra=read_extra(tagged=True),
)
def get_quickscan(request: AuthenticatedHttpRequest, response: HttpResponse, quickscan_id: UUID = QUICKSCAN_ID) -> Any:
    """Eén quickscan met al haar cellen; haar versie in de header ETag."""
    return tagged(response, _scan(request, quickscan_id))


@router.patch(
    "/quickscans/{quickscan_id}",
    response=QuickscanDetailOut,
    summary="Titel of peildatum wijzigen",
    openapi_extra=changed_extra(),
)
def patch_quickscan(
    request: AuthenticatedHttpRequest,
    payload: QuickscanWijziging,
    response: HttpResponse,
    quickscan_id: UUID = QUICKSCAN_ID,
) -> Any:
    """Alleen een concept, alleen de coördinator. Met de ETag in If-Match."""
    scan = _scan(request, quickscan_id)
    version = expected_version(request, scan)
    fields = payload.model_dump(exclude_unset=True)
    check_dates(fields, "peildatum")
    with writing():
        services.wijzig(by=request.membership, scan=scan, expected_version=version, **fields)
    return tagged(response, _scan(request, quickscan_id))


@router.delete(
    "/quickscans/{quickscan_id}", response={204: None}, summary="Concept verwijderen", openapi_extra=deleted_extra()
)
def delete_quickscan(request: AuthenticatedHttpRequest, quickscan_id: UUID = QUICKSCAN_ID) -> None:
    """Een concept met al zijn cellen (de coördinator); een afgeronde quickscan blijft. Met de ETag in If-Match."""
    scan = _scan(request, quickscan_id)
    version = expected_version(request, scan)
    with writing():
        services.verwijder(by=request.membership, scan=scan, expected_version=version)


@router.post(
    "/quickscans/{quickscan_id}/afronding",
    response=QuickscanDetailOut,
    summary="Quickscan afronden",
    openapi_extra=changed_extra(),
)
def create_afronding(
    request: AuthenticatedHttpRequest, response: HttpResponse, quickscan_id: UUID = QUICKSCAN_ID
) -> Any:
    """Concept → afgerond (de coördinator), als elke cel een niveau heeft; anders 400 met de cellen die nog
    ontbreken. Daarna verandert de quickscan niet meer. Met de ETag van de quickscan in If-Match."""
    scan = _scan(request, quickscan_id)
    version = expected_version(request, scan)
    with writing():
        services.afronden(by=request.membership, scan=scan, expected_version=version)
    return tagged(response, _scan(request, quickscan_id))


@router.get(
    "/quickscans/{quickscan_id}/scores",
    response=list[QuickscanScoreOut],
    summary="Scores van een quickscan",
    openapi_extra=read_extra(tagged=True),
)
def list_scores(request: AuthenticatedHttpRequest, response: HttpResponse, quickscan_id: UUID = QUICKSCAN_ID) -> Any:
    """Alle cellen, per thema en managementaspect; de ETag is die van de quickscan."""
    scan = tagged(response, _scan(request, quickscan_id))
    return _scores(scan)


@router.patch(
    "/quickscans/{quickscan_id}/scores",
    response=list[QuickscanScoreOut],
    summary="Scores wijzigen",
    openapi_extra=changed_extra(),
)
def patch_scores(
    request: AuthenticatedHttpRequest,
    payload: QuickscanScoresWijziging,
    response: HttpResponse,
    quickscan_id: UUID = QUICKSCAN_ID,
) -> Any:
    """Een of meer cellen van een concept (coördinator; thema-eigenaar: de rijen van zijn thema's). Met de
    ETag van de quickscan in If-Match; het antwoord draagt de nieuwe."""
    scan = _scan(request, quickscan_id)
    version = expected_version(request, scan)
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for cel in payload.scores:
        fields = cel.model_dump(exclude_unset=True)
        key = (fields.pop("thema"), fields.pop("aspect"))
        if key in cells:
            raise ValidationError({"scores": "Noem elke cel (thema en aspect) hoogstens één keer."})
        cells[key] = fields
    with writing():
        services.scoren(by=request.membership, scan=scan, expected_version=version, scores=cells)
    return _scores(tagged(response, _scan(request, quickscan_id)))


# --- the levels and questions ---------------------------------------------------------------------------------


def _niveau(request: AuthenticatedHttpRequest, pk: UUID) -> Niveau:
    require(request.membership, "quickscan.view")
    services.niveaus(request.membership)  # made on first use
    return get_object_or_404(Niveau.objects.visible_to(request.membership), pk=pk)


def _vraag(request: AuthenticatedHttpRequest, pk: UUID) -> Aspectvraag:
    require(request.membership, "quickscan.view")
    return get_object_or_404(Aspectvraag.objects.visible_to(request.membership), pk=pk)


@router.get(
    "/volwassenheidsniveaus",
    response=list[VolwassenheidsniveauOut],
    summary="Volwassenheidsniveaus",
    openapi_extra=read_extra(),
)
def list_volwassenheidsniveaus(request: AuthenticatedHttpRequest) -> Any:
    """De vijf niveaus van de gemeente, het laagste eerst."""
    require(request.membership, "quickscan.view")
    return services.niveaus(request.membership)


@router.get(
    "/volwassenheidsniveaus/{volwassenheidsniveau_id}",
    response=VolwassenheidsniveauOut,
    summary="Eén volwassenheidsniveau",
    openapi_extra=read_extra(tagged=True),
)
def get_volwassenheidsniveau(
    request: AuthenticatedHttpRequest, response: HttpResponse, volwassenheidsniveau_id: UUID = NIVEAU_ID
) -> Any:
    return tagged(response, _niveau(request, volwassenheidsniveau_id))


@router.patch(
    "/volwassenheidsniveaus/{volwassenheidsniveau_id}",
    response=VolwassenheidsniveauOut,
    summary="Volwassenheidsniveau wijzigen",
    openapi_extra=changed_extra(),
)
def patch_volwassenheidsniveau(
    request: AuthenticatedHttpRequest,
    payload: VolwassenheidsniveauWijziging,
    response: HttpResponse,
    volwassenheidsniveau_id: UUID = NIVEAU_ID,
) -> Any:
    """Naam of omschrijving (de coördinator). Met de ETag in If-Match."""
    niveau = _niveau(request, volwassenheidsniveau_id)
    version = expected_version(request, niveau)
    with writing():
        services.wijzig_niveau(
            by=request.membership, niveau=niveau, expected_version=version, **payload.model_dump(exclude_unset=True)
        )
    return tagged(response, _niveau(request, volwassenheidsniveau_id))


@router.get(
    "/managementaspecten", response=list[ManagementaspectOut], summary="Managementaspecten", openapi_extra=read_extra()
)
def list_managementaspecten(request: AuthenticatedHttpRequest) -> Any:
    """De zes managementaspecten met de vraag die de gemeente erbij stelt."""
    require(request.membership, "quickscan.view")
    return services.vragen(request.membership)


@router.get(
    "/managementaspecten/{managementaspect_id}",
    response=ManagementaspectOut,
    summary="Eén managementaspect",
    openapi_extra=read_extra(tagged=True),
)
def get_managementaspect(
    request: AuthenticatedHttpRequest, response: HttpResponse, managementaspect_id: UUID = ASPECT_ID
) -> Any:
    return tagged(response, _vraag(request, managementaspect_id))


@router.patch(
    "/managementaspecten/{managementaspect_id}",
    response=ManagementaspectOut,
    summary="Vraag bij een managementaspect wijzigen",
    openapi_extra=changed_extra(),
)
def patch_managementaspect(
    request: AuthenticatedHttpRequest,
    payload: ManagementaspectWijziging,
    response: HttpResponse,
    managementaspect_id: UUID = ASPECT_ID,
) -> Any:
    """De vraag (de coördinator). Met de ETag in If-Match."""
    vraag = _vraag(request, managementaspect_id)
    version = expected_version(request, vraag)
    with writing():
        services.wijzig_vraag(by=request.membership, vraag=vraag, expected_version=version, tekst=payload.vraag)
    return tagged(response, _vraag(request, managementaspect_id))
