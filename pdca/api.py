"""The PDCA cycle in the API: the activities of the year calendar (``/pdca-activiteiten``) and the findings of
a done activity (``/pdca-activiteiten/{id}/bevindingen``, ``/bevindingen/{id}``). The same services, scoping
and filter as the pages (``pdca.services``, ``voor``, ``pdca.forms.ActiviteitFilter``)."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
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
from organisations.models import Membership

from . import services
from .forms import ActiviteitFilter
from .models import (
    CONCLUSIE_MAX,
    OMSCHRIJVING_MAX,
    SOORT_FASE,
    TEKST_MAX,
    Activiteit,
    Bevinding,
    PdcaActiviteitQuerySet,
)

TAGS = ["pdca"]
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
ACTIVITEIT = "/pdca-activiteiten/{pdca_activiteit_id}"
BEVINDING = "/bevindingen/{pdca_bevinding_id}"
ACTIVITEIT_ID = Path(..., description="Id van de activiteit.")
BEVINDING_ID = Path(..., description="Id van de bevinding.")
API_FIELDS = {"eigenaar": "eigenaar_id"}

FaseCode = Literal["plan", "do", "check", "act"]
SoortCode = Literal[
    "jaarplanning",
    "risicoanalyse",
    "uitvoering",
    "rode_draden",
    "evaluatie",
    "interne_audit",
    "externe_audit",
    "managementreview",
    "rapportage",
    "kader_bijstellen",
    "overig",
]
StatusCode = Literal["gepland", "uitgevoerd", "vervallen"]
BevindingSoortCode = Literal["tekortkoming", "verbeterpunt", "sterk_punt", "observatie"]

router = Router(tags=TAGS, by_alias=True)


class PdcaActiviteitOut(Output):
    """Een activiteit van de jaarkalender van de PDCA-cyclus."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Titel.")
    fase: FaseCode = Field(..., description="Fase van de PDCA-cyclus.")
    soort: SoortCode = Field(..., description="Soort activiteit.")
    gepland_op: datetime.date = Field(..., description="Gepland op.")
    eigenaar_id: UUID | None = Field(None, description="Id van het lidmaatschap van de eigenaar.")
    status: StatusCode = Field(..., description="Status.")
    uitgevoerd_op: datetime.date | None = Field(None, description="Wanneer ze is uitgevoerd.")
    omschrijving: str = Field(..., description="Wat er gebeurt en hoe.")
    conclusie: str = Field(..., description="Samenvatting en conclusie na de uitvoering.")
    te_laat: bool = Field(..., description="Nog gepland terwijl de datum voorbij is.")

    @staticmethod
    def resolve_te_laat(obj: Activiteit) -> bool:
        return obj.te_laat(timezone.localdate())


class PdcaActiviteitVelden(Input):
    titel: str = omittable(min_length=1, max_length=200, description="Titel.")
    fase: FaseCode = omittable(description="Fase van de PDCA-cyclus.")
    soort: SoortCode = omittable(description="Soort activiteit.")
    gepland_op: datetime.date = omittable(description="Gepland op (van 2000 tot tien jaar vooruit).")
    eigenaar_id: UUID | None = omittable(
        description="Id van het lidmaatschap van de eigenaar (GET /leden); null: geen."
    )
    omschrijving: str = omittable(max_length=OMSCHRIJVING_MAX, description="Wat er gebeurt en hoe.")


class PdcaActiviteitNieuw(PdcaActiviteitVelden):
    """Een nieuwe, geplande activiteit (coördinator). Zonder fase: de gebruikelijke fase van de soort."""

    titel: str = Field(..., min_length=1, max_length=200, description="Titel.")
    soort: SoortCode = Field(..., description="Soort activiteit.")
    gepland_op: datetime.date = Field(..., description="Gepland op (van 2000 tot tien jaar vooruit).")


class PdcaActiviteitWijziging(PdcaActiviteitVelden):
    """Alleen meegestuurde velden veranderen. Uitgevoerd: met de datum van uitvoering (niet in de toekomst)."""

    status: StatusCode = omittable(description="Status.")
    uitgevoerd_op: datetime.date | None = omittable(description="Wanneer ze is uitgevoerd (bij status uitgevoerd).")
    conclusie: str = omittable(max_length=CONCLUSIE_MAX, description="Samenvatting en conclusie.")


class PdcaZoekvraag(Schema):
    jaar: int | None = Field(None, ge=2000, le=9999, description="Alleen activiteiten die in dit jaar gepland zijn.")
    fase: FaseCode | None = Field(None, description="Alleen activiteiten van deze fase.")
    status: StatusCode | None = Field(None, description="Alleen activiteiten met deze status.")
    pagina: int = Field(1, ge=1, le=100_000, description="PdcaPagina.")
    paginaGrootte: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Resultaten per pagina.")


class PdcaPagina(Schema):
    pagina: int = Field(1, ge=1, le=100_000, description="PdcaPagina.")
    paginaGrootte: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Resultaten per pagina.")


class PdcaBevindingOut(Output):
    """Een bevinding van een uitgevoerde activiteit."""

    id: UUID = Field(..., description="Vaste id.")
    activiteit_id: UUID = Field(..., description="Id van de activiteit.")
    tekst: str = Field(..., description="De bevinding.")
    soort: BevindingSoortCode = Field(..., description="Soort bevinding.")
    thema: ThemaCode | GeenThema = Field(..., description="Thema.")
    voor_kader: bool = Field(..., description="Mee te nemen in de volgende versie van het kader.")
    verwerkt_in_id: UUID | None = Field(None, description="Id van de versie van het kader waarin ze is opgenomen.")


class PdcaBevindingVelden(Input):
    tekst: str = omittable(min_length=1, max_length=TEKST_MAX, description="De bevinding.")
    soort: BevindingSoortCode = omittable(description="Soort bevinding.")
    thema: ThemaCode | GeenThema = omittable(description="Thema (een thema-eigenaar: een van zijn thema's).")
    voor_kader: bool = omittable(description="Mee te nemen in de volgende versie van het kader.")


class PdcaBevindingNieuw(PdcaBevindingVelden):
    """Een bevinding van een uitgevoerde activiteit (coördinator; thema-eigenaar met een eigen thema)."""

    tekst: str = Field(..., min_length=1, max_length=TEKST_MAX, description="De bevinding.")
    soort: BevindingSoortCode = Field(..., description="Soort bevinding.")


class PdcaBevindingWijziging(PdcaBevindingVelden):
    """Alleen meegestuurde velden veranderen; een bevinding die in het kader is opgenomen, niet meer."""


def _activiteiten(request: AuthenticatedHttpRequest) -> PdcaActiviteitQuerySet:
    require(request.membership, "pdca.view")
    return Activiteit.objects.voor(request.membership)


def _activiteit(request: AuthenticatedHttpRequest, pk: UUID) -> Activiteit:
    return get_object_or_404(_activiteiten(request), pk=pk)


def _bevinding(request: AuthenticatedHttpRequest, pk: UUID) -> Bevinding:
    require(request.membership, "pdca.view")
    return get_object_or_404(Bevinding.objects.voor(request.membership).select_related("activiteit"), pk=pk)


def _fields(
    request: AuthenticatedHttpRequest, sent: dict[str, Any], activiteit: Activiteit | None = None
) -> dict[str, Any]:
    check_dates(sent, "gepland_op", "uitgevoerd_op")
    if "eigenaar_id" in sent:
        owner = sent.pop("eigenaar_id")
        if activiteit is not None and owner == activiteit.eigenaar_id:
            sent["eigenaar"] = activiteit.eigenaar
        else:
            owners = Membership.objects.visible_to(request.membership).filter(role__in=services.OWNER_ROLES)
            sent["eigenaar"] = one(owners, owner, "eigenaar_id", services.OWNER)
    return sent


@router.get(
    "/pdca-activiteiten", response=list[PdcaActiviteitOut], summary="Activiteiten", openapi_extra=read_extra(paged=True)
)
def list_pdca_activiteiten(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[PdcaZoekvraag]
) -> Any:
    """De activiteiten van de jaarkalender, op datum; te filteren op jaar, fase en status."""
    sent = filters.model_dump(exclude_none=True, exclude={"pagina", "paginaGrootte"})
    found = ActiviteitFilter(filter_data(sent), queryset=_activiteiten(request), request=request)
    if not found.is_valid():
        raise ValidationError({name: list(errors) for name, errors in found.errors.items()})
    return page_of(request, response, found.qs, filters.pagina, filters.paginaGrootte)


@router.post(
    "/pdca-activiteiten", response={201: PdcaActiviteitOut}, summary="Activiteit plannen", openapi_extra=created_extra()
)
def create_pdca_activiteit(
    request: AuthenticatedHttpRequest, payload: PdcaActiviteitNieuw, response: HttpResponse
) -> Any:
    """Een nieuwe activiteit in de jaarkalender (coördinator), met de status gepland."""
    require(request.membership, "pdca.edit")
    sent = _fields(request, payload.model_dump(exclude_unset=True))
    sent.setdefault("fase", SOORT_FASE[sent["soort"]])
    with writing(API_FIELDS):
        made = services.add_activiteit(by=request.membership, **sent)
    return created(response, _activiteit(request, made.pk), f"{request.path}/{made.pk}")


@router.get(ACTIVITEIT, response=PdcaActiviteitOut, summary="Eén activiteit", openapi_extra=read_extra(tagged=True))
def get_pdca_activiteit(
    request: AuthenticatedHttpRequest, response: HttpResponse, pdca_activiteit_id: UUID = ACTIVITEIT_ID
) -> Any:
    """Eén activiteit met haar versie in de header ETag."""
    return tagged(response, _activiteit(request, pdca_activiteit_id))


@router.patch(ACTIVITEIT, response=PdcaActiviteitOut, summary="Activiteit wijzigen", openapi_extra=changed_extra())
def patch_pdca_activiteit(
    request: AuthenticatedHttpRequest,
    payload: PdcaActiviteitWijziging,
    response: HttpResponse,
    pdca_activiteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """Wijzig een activiteit of leg vast dat ze is uitgevoerd (coördinator). Met de ETag in If-Match."""
    activiteit = _activiteit(request, pdca_activiteit_id)
    version = expected_version(request, activiteit)
    require(request.membership, "pdca.edit")
    fields = _fields(request, payload.model_dump(exclude_unset=True), activiteit)
    with writing(API_FIELDS):
        services.edit_activiteit(by=request.membership, activiteit=activiteit, expected_version=version, **fields)
    return tagged(response, _activiteit(request, pdca_activiteit_id))


@router.get(
    f"{ACTIVITEIT}/bevindingen",
    response=list[PdcaBevindingOut],
    summary="Bevindingen van een activiteit",
    openapi_extra=read_extra(paged=True),
)
def list_bevindingen(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    filters: Query[PdcaPagina],
    pdca_activiteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """De bevindingen van één activiteit, in de volgorde waarin ze zijn vastgelegd."""
    activiteit = _activiteit(request, pdca_activiteit_id)
    found = Bevinding.objects.voor(request.membership).filter(activiteit=activiteit).order_by("created_at")
    return page_of(request, response, found, filters.pagina, filters.paginaGrootte)


@router.post(
    f"{ACTIVITEIT}/bevindingen",
    response={201: PdcaBevindingOut},
    summary="Bevinding vastleggen",
    openapi_extra=created_extra(),
)
def create_bevinding(
    request: AuthenticatedHttpRequest,
    payload: PdcaBevindingNieuw,
    response: HttpResponse,
    pdca_activiteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """Een bevinding van een uitgevoerde activiteit (coördinator; thema-eigenaar: met een van zijn thema's)."""
    activiteit = _activiteit(request, pdca_activiteit_id)
    require(request.membership, "pdca.bevindingen")
    with writing():
        made = services.add_bevinding(
            by=request.membership, activiteit=activiteit, **payload.model_dump(exclude_unset=True)
        )
    return created(response, made, f"{request.path.split('/pdca-activiteiten/')[0]}/bevindingen/{made.pk}")


@router.get(BEVINDING, response=PdcaBevindingOut, summary="Eén bevinding", openapi_extra=read_extra(tagged=True))
def get_bevinding(
    request: AuthenticatedHttpRequest, response: HttpResponse, pdca_bevinding_id: UUID = BEVINDING_ID
) -> Any:
    """Eén bevinding met haar versie in de header ETag."""
    return tagged(response, _bevinding(request, pdca_bevinding_id))


@router.patch(BEVINDING, response=PdcaBevindingOut, summary="Bevinding wijzigen", openapi_extra=changed_extra())
def patch_bevinding(
    request: AuthenticatedHttpRequest,
    payload: PdcaBevindingWijziging,
    response: HttpResponse,
    pdca_bevinding_id: UUID = BEVINDING_ID,
) -> Any:
    """Wijzig een bevinding die nog niet in het kader is opgenomen. Met de ETag in If-Match."""
    bevinding = _bevinding(request, pdca_bevinding_id)
    version = expected_version(request, bevinding)
    require(request.membership, "pdca.bevindingen")
    with writing():
        services.edit_bevinding(
            by=request.membership,
            bevinding=bevinding,
            expected_version=version,
            **payload.model_dump(exclude_unset=True),
        )
    return tagged(response, _bevinding(request, pdca_bevinding_id))
