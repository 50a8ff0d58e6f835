"""API operations of the veiligheidsplan: the uitvoeringsprogramma's and their acties.

The same services, scoping and filters as the pages (``ivp.services``, ``visible_to``,
``ivp.filters.ActieFilter``). A ketenpartner's token reads everything and changes only the status,
voortgang and evaluatie of the actions its own organisation carries out; anything else is a 403.
``GET /acties`` is paginated with ``pagina`` and ``paginaGrootte``; the body is the page, the
headers say where it is (``X-Total-Count``, ``X-Pagination-*`` and ``Link``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field, WithJsonSchema

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import IF_MATCH_PARAMETER, expected_version, openapi_etag
from api.schemas import TEXT_MAX, TEXT_PATTERN, Input, Output, api_name, omittable
from lib.concurrency import etag
from lib.pagination import in_order
from lib.permissions import require
from organisations.models import PartnerOrganisatie

from .. import services
from ..filters import GEMEENTE_ZELF, ActieFilter
from ..models import Actie, Doelstelling, Plan, Programma, Thema
from ..programma import programmas, row_keys, rows

router = Router(tags=["veiligheidsplan"], by_alias=True)

PROGRAMMA = "/uitvoeringsprogrammas/{programma_id}"
ACTIE = "/acties/{actie_id}"
PROGRAMMA_ID = Path(..., description="Id van het uitvoeringsprogramma.")
ACTIE_ID = Path(..., description="Id van de actie.")
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100

ProgrammaStatusCode = Literal["concept", "vastgesteld"]
ActieStatusCode = Literal["gepland", "lopend", "afgerond", "uitgesteld", "gestopt"]
ObeCode = Literal["organisatorisch", "bouwkundig", "elektronisch", "reactie"]
SchaalCode = Literal["lokaal", "bovenlokaal"]


# A number in the document (the API also takes it as a text, e.g. "12500.50").
BUDGET_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 9999999999.99}, {"type": "null"}]}


def _max(name: str) -> int:
    return getattr(Actie._meta.get_field(name), "max_length", None) or TEXT_MAX


# --- schemas ----------------------------------------------------------------------------------


class UitvoeringsprogrammaOut(Output):
    """Het uitvoeringsprogramma van één jaar onder een veiligheidsplan."""

    id: UUID = Field(..., description="Vaste id van het programma.")
    plan_id: UUID = Field(..., description="Id van het veiligheidsplan waaronder het programma valt.")
    jaar: int = Field(..., description="Het jaar van het programma.")
    status: ProgrammaStatusCode = Field(..., description="Concept of vastgesteld door het college.")
    vastgesteld_op: datetime.date | None = Field(..., description="Datum van de vaststelling door het college.")
    gebaseerd_op: UUID | None = Field(..., description="Id van het programma waaruit de open acties zijn overgenomen.")
    toelichting: str | None = Field(..., description="Toelichting op het programma.")
    aantal_acties: int = Field(..., description="Aantal acties.")
    aantal_afgerond: int = Field(..., description="Aantal afgeronde acties.")
    aantal_te_laat: int = Field(..., description="Aantal acties waarvan het einde voorbij is en die niet klaar zijn.")

    @staticmethod
    def resolve_gebaseerd_op(obj: Programma) -> UUID | None:
        return obj.gebaseerd_op_id


class UitvoeringsprogrammaNieuw(Input):
    """Het programma van een jaar opstellen; de open acties van het jaar ervoor worden overgenomen."""

    plan_id: UUID = Field(..., description="Id van het veiligheidsplan (vastgesteld of in bewerking).")
    jaar: int = Field(
        ...,
        json_schema_extra={"minimum": 2000, "maximum": 2100},
        description="Een jaar binnen de looptijd van het plan.",
    )


class UitvoeringsprogrammaVaststelling(Input):
    """Het besluit van het college waarmee het programma is vastgesteld."""

    vastgesteld_op: datetime.date = Field(..., description="Datum van het besluit; niet in de toekomst.")


class ActieOut(Output):
    """Een actie van het uitvoeringsprogramma, met haar voortgang en signalen."""

    id: UUID = Field(..., description="Vaste id van de actie.")
    programma_id: UUID = Field(..., description="Id van het uitvoeringsprogramma.")
    thema_id: UUID = Field(..., description="Id van het thema.")
    doelstelling_id: UUID | None = Field(..., description="Id van het doel uit het plan waaraan de actie bijdraagt.")
    actiepunt: str = Field(..., description="Het actiepunt.")
    activiteit: str | None = Field(..., description="De activiteit of maatregel.")
    obe_type: ObeCode | None = Field(..., description="Soort maatregel: organisatorisch, bouwkundig, elektronisch.")
    eigenaar: str | None = Field(..., description="Eigenaar van de actie.")
    organisatie_id: UUID | None = Field(..., description="Id van de uitvoerende partnerorganisatie; leeg: de gemeente.")
    partners: str | None = Field(..., description="Betrokken partners.")
    schaal: SchaalCode = Field(..., description="Lokaal of bovenlokaal.")
    start: datetime.date | None = Field(..., description="Start.")
    eind: datetime.date | None = Field(..., description="Einde.")
    budget: float | None = Field(..., description="Budget in euro.")
    status: ActieStatusCode = Field(..., description="Status.")
    voortgang: int = Field(..., description="Voortgang in procent (0–100).")
    voortgang_op: datetime.datetime | None = Field(..., description="Wanneer de voortgang is bijgewerkt.")
    evaluatie: str | None = Field(..., description="Evaluatie.")
    overgenomen_van: UUID | None = Field(..., description="Id van de actie in het vorige programma.")
    te_laat: bool = Field(..., description="Het einde is voorbij en de actie is niet afgerond of gestopt.")
    stilgevallen: bool = Field(..., description="De actie loopt maar is al 90 dagen niet bijgewerkt.")

    @staticmethod
    def resolve_overgenomen_van(obj: Actie) -> UUID | None:
        return obj.overgenomen_van_id

    @staticmethod
    def resolve_budget(obj: Actie) -> float | None:
        return None if obj.budget is None else float(obj.budget)


def _text(name: str, description: str, *, required: bool = False) -> Any:
    if required:
        return Field(..., min_length=1, max_length=_max(name), description=description)
    return Field(None, max_length=_max(name), description=description)


class ActieVelden(Input):
    """De velden die bij het toevoegen en wijzigen van een actie hetzelfde zijn."""

    doelstelling_id: UUID | None = Field(None, description="Id van een doel uit het plan van het programma.")
    activiteit: str | None = _text("activiteit", "De activiteit of maatregel.")
    obe_type: ObeCode | None = Field(None, description="Soort maatregel.")
    eigenaar: str | None = _text("eigenaar", "Eigenaar van de actie.")
    organisatie_id: UUID | None = Field(
        None, description="Id van de uitvoerende partnerorganisatie; leeg: de gemeente."
    )
    partners: str | None = _text("partners", "Betrokken partners.")
    start: datetime.date | None = Field(None, description="Start (tussen 2000 en 2100).")
    eind: datetime.date | None = Field(None, description="Einde (tussen 2000 en 2100, niet voor de start).")
    budget: Annotated[Decimal | None, WithJsonSchema(BUDGET_SCHEMA)] = Field(
        None, description="Budget in euro, niet negatief, met hoogstens twee decimalen."
    )
    evaluatie: str | None = _text("evaluatie", "Evaluatie.")


class ActieNieuw(ActieVelden):
    """Een actie toevoegen aan een programma (coördinator; thema-eigenaar in de eigen velden)."""

    programma_id: UUID = Field(..., description="Id van het uitvoeringsprogramma.")
    thema_id: UUID = Field(..., description="Id van het thema.")
    actiepunt: str = _text("actiepunt", "Het actiepunt.", required=True)
    schaal: SchaalCode = omittable(description="Lokaal of bovenlokaal; standaard lokaal.")
    status: ActieStatusCode = omittable(description="Status; standaard gepland.")
    voortgang: int = omittable(json_schema_extra={"minimum": 0, "maximum": 100}, description="Voortgang (0–100).")


class ActieWijziging(ActieVelden):
    """Alleen meegestuurde velden veranderen. Een ketenpartner stuurt alleen status, voortgang en evaluatie."""

    thema_id: UUID = omittable(description="Id van het thema.")
    actiepunt: str = omittable(min_length=1, max_length=_max("actiepunt"), description="Het actiepunt.")
    schaal: SchaalCode = omittable(description="Lokaal of bovenlokaal.")
    status: ActieStatusCode = omittable(description="Status; afgerond vraagt een voortgang van 100.")
    voortgang: int = omittable(json_schema_extra={"minimum": 0, "maximum": 100}, description="Voortgang (0–100).")


class ActieZoekvraag(Schema):
    """De filters van de acties, dezelfde als op de pagina van een programma."""

    programmaId: UUID | None = Field(None, description="Alleen de acties van dit programma.")
    themaId: UUID | None = Field(None, description="Alleen de acties van dit thema.")
    organisatieId: str | None = Field(
        None,
        pattern=r"^(gemeente|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$",
        description="Id van de uitvoerende partnerorganisatie, of 'gemeente' voor wat de gemeente zelf uitvoert.",
    )
    status: ActieStatusCode | None = Field(None, description="Alleen de acties met deze status.")
    teLaat: bool | None = Field(None, description="true: alleen acties die te laat zijn; false: de andere.")
    stilgevallen: bool | None = Field(
        None, description="true: alleen lopende acties die al 90 dagen niet zijn bijgewerkt; false: de andere."
    )
    zoek: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Tekst in het actiepunt.")
    pagina: int = Field(1, ge=1, le=1_000_000, description="Het paginanummer, vanaf 1.")
    paginaGrootte: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Acties per pagina (hoogstens {MAX_PAGE_SIZE})."
    )


# --- shared -----------------------------------------------------------------------------------

PAGINATION_HEADERS = {
    "X-Total-Count": {"description": "Aantal acties dat aan de filters voldoet.", "schema": {"type": "integer"}},
    "X-Pagination-Page": {"description": "Deze pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Limit": {"description": "Acties per pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Count": {"description": "Aantal pagina's.", "schema": {"type": "integer"}},
    "Link": {"description": "De eerste, vorige, volgende en laatste pagina (RFC 8288).", "schema": {"type": "string"}},
}
LOCATION_HEADER = {"description": "URL van de nieuwe resource.", "schema": {"type": "string"}}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}


def _read_extra(*, tagged: bool = False, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {200: {"headers": {}}}}
    extra["responses"][200]["headers"].update(headers or {})
    extra["responses"][403] = FORBIDDEN
    return extra


def _created_extra() -> dict[str, Any]:
    extra = openapi_etag(status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION_HEADER
    return extra


def _tagged(response: HttpResponse, obj: Any) -> Any:
    response["ETag"] = etag(obj)
    return obj


def _programma(request: AuthenticatedHttpRequest, programma_id: UUID) -> Programma:
    return get_object_or_404(programmas(request.membership, timezone.localdate()), pk=programma_id)


def _actie(request: AuthenticatedHttpRequest, actie_id: UUID) -> Actie:
    found = rows(Actie.objects.visible_to(request.membership), timezone.localdate(), timezone.now())
    return get_object_or_404(found, pk=actie_id)


def _one(queryset: Any, pk: UUID | None, field: str, message: str) -> Any:
    """The object ``pk`` of the member's gemeente, or a 400 naming ``field``."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _fields(request: AuthenticatedHttpRequest, plan_id: Any, sent: dict[str, Any]) -> dict[str, Any]:
    """What was sent, with the ids of theme, goal and organisation turned into objects of this gemeente."""
    member = request.membership
    fields = {name: value for name, value in sent.items() if not name.endswith("_id")}
    if "thema_id" in sent:
        fields["thema"] = _one(Thema.objects.visible_to(member), sent["thema_id"], "thema_id", "Onbekend thema.")
    if "doelstelling_id" in sent:
        doelen = Doelstelling.objects.visible_to(member).filter(plan_id=plan_id)
        message = "Geen doel uit het plan van dit programma."
        fields["doelstelling"] = _one(doelen, sent["doelstelling_id"], "doelstelling_id", message)
    if "organisatie_id" in sent:
        partners = PartnerOrganisatie.objects.visible_to(member)
        message = "Onbekende partnerorganisatie."
        fields["organisatie"] = _one(partners, sent["organisatie_id"], "organisatie_id", message)
    return fields


def _page_headers(request: AuthenticatedHttpRequest, response: HttpResponse, page: Any, size: int) -> None:
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


# --- uitvoeringsprogramma's -------------------------------------------------------------------


@router.get(
    "/uitvoeringsprogrammas",
    response=list[UitvoeringsprogrammaOut],
    summary="Uitvoeringsprogramma's",
    openapi_extra=_read_extra(),
)
def list_uitvoeringsprogrammas(request: AuthenticatedHttpRequest) -> list[Programma]:
    """De programma's van de gemeente, nieuwste eerst, met het aantal acties, afgerond en te laat."""
    require(request.membership, "ivp.view")
    return list(programmas(request.membership, timezone.localdate()))


@router.post(
    "/uitvoeringsprogrammas",
    response={201: UitvoeringsprogrammaOut},
    summary="Programma van een jaar opstellen",
    openapi_extra=_created_extra(),
)
def create_uitvoeringsprogramma(
    request: AuthenticatedHttpRequest, payload: UitvoeringsprogrammaNieuw, response: HttpResponse
) -> Any:
    """Alleen een coördinator. Het programma begint bij dat van het jaar ervoor: de acties die daar
    niet zijn afgerond of gestopt, worden overgenomen (uitgesteld wordt gepland, de evaluatie leeg)."""
    require(request.membership, "ivp.edit")
    plannen = Plan.objects.visible_to(request.membership)
    plan = _one(plannen, payload.plan_id, "plan_id", "Onbekend veiligheidsplan.")
    programma = services.start_programma(by=request.membership, plan=plan, jaar=payload.jaar)
    response["Location"] = f"{request.path}/{programma.pk}"
    return _tagged(response, _programma(request, programma.pk))


@router.get(
    PROGRAMMA,
    response=UitvoeringsprogrammaOut,
    summary="Eén uitvoeringsprogramma",
    openapi_extra=_read_extra(tagged=True),
)
def get_uitvoeringsprogramma(
    request: AuthenticatedHttpRequest, response: HttpResponse, programma_id: UUID = PROGRAMMA_ID
) -> Any:
    """Eén programma, met zijn versie in de header ETag. De acties staan onder /acties?programmaId=…."""
    require(request.membership, "ivp.view")
    return _tagged(response, _programma(request, programma_id))


@router.post(
    f"{PROGRAMMA}/vaststelling",
    response=UitvoeringsprogrammaOut,
    summary="Vaststelling door het college vastleggen",
    openapi_extra=openapi_etag(if_match=True),
)
def create_uitvoeringsprogramma_vaststelling(
    request: AuthenticatedHttpRequest,
    payload: UitvoeringsprogrammaVaststelling,
    response: HttpResponse,
    programma_id: UUID = PROGRAMMA_ID,
) -> Any:
    """Coördinator of bestuurder, met de ETag van het programma in If-Match."""
    programma = _programma(request, programma_id)
    expected_version(request, programma)
    services.adopt_programma(by=request.membership, programma=programma, on=payload.vastgesteld_op)
    return _tagged(response, _programma(request, programma_id))


# --- acties -----------------------------------------------------------------------------------


@router.get(
    "/acties",
    response=list[ActieOut],
    summary="Acties",
    openapi_extra=_read_extra(headers=PAGINATION_HEADERS),
)
def list_acties(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[ActieZoekvraag]
) -> list[Actie]:
    """De acties van de gemeente per veld en thema, met dezelfde filters als de pagina van een programma,
    één pagina tegelijk (pagina, paginaGrootte); de headers noemen het totaal en de andere pagina's."""
    require(request.membership, "ivp.view")
    sent = filters.model_dump(exclude_none=True, exclude={"pagina", "paginaGrootte"})
    data = {key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in sent.items()}
    if data.get("organisatieId", "").lower() == GEMEENTE_ZELF:
        data["organisatieId"] = GEMEENTE_ZELF
    found = ActieFilter(data, queryset=Actie.objects.visible_to(request.membership), request=request)
    if not found.is_valid():
        raise ValidationError({name: list(errors) for name, errors in found.errors.items()})
    today, now = timezone.localdate(), timezone.now()
    page = Paginator(row_keys(found.qs), filters.paginaGrootte).get_page(filters.pagina)
    _page_headers(request, response, page, filters.paginaGrootte)
    return in_order(
        list(page.object_list),
        lambda keys: rows(Actie.objects.visible_to(request.membership).filter(pk__in=keys), today, now),
    )


@router.post("/acties", response={201: ActieOut}, summary="Actie toevoegen", openapi_extra=_created_extra())
def create_actie(request: AuthenticatedHttpRequest, payload: ActieNieuw, response: HttpResponse) -> Any:
    """Coördinator, of thema-eigenaar in een thema van een veld waarvan hij eigenaar is."""
    require(request.membership, "ivp.edit")
    programma = _one(
        Programma.objects.visible_to(request.membership), payload.programma_id, "programma_id", "Onbekend programma."
    )
    fields = _fields(request, programma.plan_id, payload.model_dump(exclude_unset=True, exclude={"programma_id"}))
    thema, actiepunt = fields.pop("thema"), fields.pop("actiepunt")
    actie = services.add_actie(by=request.membership, programma=programma, thema=thema, actiepunt=actiepunt, **fields)
    response["Location"] = f"{request.path}/{actie.pk}"
    return _tagged(response, _actie(request, actie.pk))


@router.get(ACTIE, response=ActieOut, summary="Eén actie", openapi_extra=_read_extra(tagged=True))
def get_actie(request: AuthenticatedHttpRequest, response: HttpResponse, actie_id: UUID = ACTIE_ID) -> Any:
    """Eén actie, met haar versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, _actie(request, actie_id))


@router.patch(
    ACTIE, response=ActieOut, summary="Actie wijzigen of voortgang bijwerken", openapi_extra=openapi_etag(if_match=True)
)
def patch_actie(
    request: AuthenticatedHttpRequest, payload: ActieWijziging, response: HttpResponse, actie_id: UUID = ACTIE_ID
) -> Any:
    """De coördinator en de eigenaar van het veld wijzigen alles; de ketenpartner van de uitvoerende
    organisatie alleen status, voortgang en evaluatie (al het andere: 403). Met de ETag in If-Match."""
    actie = _actie(request, actie_id)
    version = expected_version(request, actie)
    by, sent = request.membership, payload.model_dump(exclude_unset=True)
    if by.role == "ketenpartner" or set(sent) <= set(Actie.PROGRESS_FIELDS):
        named = {name if name in Actie.PROGRESS_FIELDS else api_name(name): value for name, value in sent.items()}
        services.update_voortgang(by=by, actie=actie, expected_version=version, **named)
    else:
        fields = _fields(request, actie.programma.plan_id, sent)
        services.edit_actie(by=by, actie=actie, expected_version=version, **fields)
    return _tagged(response, _actie(request, actie_id))


@router.delete(
    ACTIE,
    response={204: None},
    summary="Actie verwijderen",
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": {204: {"description": "Verwijderd."}}},
)
def delete_actie(request: AuthenticatedHttpRequest, actie_id: UUID = ACTIE_ID) -> None:
    """Coördinator, of de eigenaar van het veld van het thema; met de ETag in If-Match."""
    actie = _actie(request, actie_id)
    expected_version(request, actie)
    services.delete_actie(by=request.membership, actie=actie)
