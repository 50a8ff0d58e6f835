"""API operations of the veiligheidsplan: plan.

The versions of the integraal veiligheidsplan (``/veiligheidsplannen``), their chapters, their
transitions (``indiening``, ``terugzetting``, ``vaststelling``: sub-resources that take a POST),
their six steps and the CCV checklist. The operations call the same services and scoping as the
pages (``ivp.services``, ``visible_to``); reading needs ``ivp.view``, which the read operations
check themselves. One object comes with its ETag; every change of an existing object needs that
ETag in If-Match.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Router
from pydantic import Field

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version, openapi_etag
from api.schemas import TEXT_MAX, Input, Output, omittable
from lib.concurrency import etag
from lib.models import VersionedModel
from lib.permissions import require

from .. import checklist, plannen, services
from ..checklist import Section
from ..choices import Stap
from ..models import Plan, PlanStap

router = Router(tags=["veiligheidsplan"], by_alias=True)

PLANNEN = "/veiligheidsplannen"
PLAN = "/veiligheidsplannen/{plan_id}"
PLAN_ID = Path(..., description="Id van de versie van het veiligheidsplan.")
STAP = Path(..., description="De stap, zoals evaluatie_informatie of prioriteiten.")

# Generic names get inline enums (no shared component that another app could shadow).
PlanStatusCode = Literal["concept", "ter_besluitvorming", "vastgesteld", "vervallen"]
StapCode = Literal["evaluatie_informatie", "probleemanalyse", "prioriteiten", "aanpak", "uitvoering", "evaluatie"]
StapStatusCode = Literal["open", "bezig", "gereed"]
SectieCode = Literal[
    "afbakening", "evaluatie_vorige", "analyse", "prioriteiten", "doelen", "aanpak", "organisatie", "evaluatie"
]
Jaar = Annotated[int, Field(ge=plannen.FIRST_YEAR, le=plannen.LAST_YEAR)]
Punt = Annotated[str, Field(min_length=1, max_length=40)]

LOCATION_HEADER = {
    "description": "URL van de nieuwe resource.",
    "schema": {"type": "string", "examples": ["/api/v1/veiligheidsplannen/0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"]},
}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}  # reading is a capability too


def _read_extra(*, tagged: bool = False) -> dict[str, Any]:
    """``openapi_extra`` of a read: 403 for roles without ``ivp.view``, ETag on one object."""
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {}}
    extra["responses"][403] = FORBIDDEN
    return extra


def _created_extra() -> dict[str, Any]:
    extra = openapi_etag(status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION_HEADER
    return extra


def _changed_extra() -> dict[str, Any]:
    return openapi_etag(if_match=True)


_M = TypeVar("_M", bound=VersionedModel)


def _tagged(response: HttpResponse, obj: _M) -> _M:
    response["ETag"] = etag(obj)
    return obj


def _created(request: HttpRequest, response: HttpResponse, obj: _M) -> _M:
    response["Location"] = f"{request.path}/{obj.pk}"
    return _tagged(response, obj)


def _plan_of(request: AuthenticatedHttpRequest, plan_id: UUID) -> Plan:
    """The plan ``plan_id`` if the member may see it, else 404."""
    return get_object_or_404(Plan.objects.visible_to(request.membership), pk=plan_id)


def _stap_of(request: AuthenticatedHttpRequest, plan_id: UUID, stap: str) -> PlanStap:
    """A step of a plan the member may see (with its plan, whose state the service checks), else 404."""
    plan = _plan_of(request, plan_id)
    found = get_object_or_404(PlanStap.objects.filter(plan=plan), stap=stap)
    found.plan = plan
    return found


# --- schemas ------------------------------------------------------------------------------------


class PlanOut(Output):
    """Een versie van het integraal veiligheidsplan, zonder de hoofdstukken."""

    id: UUID = Field(..., description="Vaste id van de versie.")
    nummer: int = Field(..., description="Versienummer: 1, 2, ...")
    titel: str = Field(..., description="Titel van het plan.")
    startjaar: int = Field(..., description="Eerste jaar van de periode.")
    eindjaar: int = Field(..., description="Laatste jaar van de periode.")
    status: PlanStatusCode = Field(..., description="Concept, ter besluitvorming, vastgesteld of vervallen.")
    gebaseerd_op: UUID | None = Field(..., description="Id van de versie waaruit deze is voortgekomen.")
    ingediend_op: datetime.datetime | None = Field(..., description="Wanneer het ter besluitvorming is aangeboden.")
    vastgesteld_op: datetime.date | None = Field(..., description="Datum van de vaststelling.")
    vastgesteld_door: str | None = Field(..., description="Het orgaan dat het plan heeft vastgesteld.")
    besluitkenmerk: str | None = Field(..., description="Kenmerk van het besluit.")

    @staticmethod
    def resolve_gebaseerd_op(obj: Plan) -> UUID | None:
        return obj.gebaseerd_op_id


class EvaluatieRegelOut(Output):
    """Een doel van het vorige plan met zijn resultaat, vastgelegd toen deze versie begon."""

    wat: str = Field(..., description="Wat het doel wilde bereiken.")
    thema: str | None = Field(None, description="Het thema van het doel.")
    indicator: str | None = Field(None, description="De indicator waarmee het werd gemeten.")
    eenheid: str | None = Field(None, description="De eenheid van de indicator.")
    nulmeting: str | None = Field(None, description="De nulmeting, als decimaal getal.")
    streefwaarde: str | None = Field(None, description="De streefwaarde, als decimaal getal.")
    laatste: str | None = Field(None, description="De laatste meting, als decimaal getal.")
    laatste_periode: str | None = Field(None, description="De periode van de laatste meting.")
    oordeel: str | None = Field(None, description="Bereikt, op koers, niet op koers, of nog niet te beoordelen.")


class PlanDetailOut(PlanOut):
    """Een versie met haar hoofdstukken en, bij een vervolgplan, de resultaten van het vorige plan."""

    afbakening: str | None = Field(..., description="Afbakening en leeswijzer.")
    visie: str | None = Field(..., description="Visie en ambitie.")
    evaluatie_vorige: str | None = Field(..., description="Evaluatie van de vorige periode.")
    organisatie: str | None = Field(..., description="Organisatie en regie.")
    budget: str | None = Field(..., description="Middelen en budget.")
    evaluatieaanpak: str | None = Field(..., description="Hoe het plan wordt gemonitord en geëvalueerd.")
    evaluatie_invoer: list[EvaluatieRegelOut] = Field(..., description="De resultaten van het vorige plan.")


class PlanNieuw(Input):
    """Zonder gebaseerdOp: het veiligheidsplan starten (versie 1, vier jaar vanaf startjaar, standaard
    volgend jaar). Met gebaseerdOp: een nieuwe versie voor dezelfde periode, of met startjaar het plan
    voor de volgende periode."""

    gebaseerd_op: UUID | None = Field(None, description="Id van de versie die als basis dient.")
    startjaar: Jaar | None = Field(None, description="Eerste jaar van het nieuwe plan.")


class PlanWijziging(Input):
    """De hoofdstukken en de periode van een concept. Alleen meegestuurde velden veranderen; een
    thema-eigenaar wijzigt alleen de visie."""

    titel: str = omittable(min_length=1, max_length=200, description="Titel van het plan.")
    startjaar: Jaar = omittable(description="Eerste jaar van de periode.")
    eindjaar: Jaar = omittable(description="Laatste jaar van de periode (hoogstens acht jaar).")
    afbakening: str | None = Field(None, max_length=TEXT_MAX, description="Afbakening en leeswijzer.")
    visie: str | None = Field(None, max_length=TEXT_MAX, description="Visie en ambitie.")
    evaluatie_vorige: str | None = Field(None, max_length=TEXT_MAX, description="Evaluatie van de vorige periode.")
    organisatie: str | None = Field(None, max_length=TEXT_MAX, description="Organisatie en regie.")
    budget: str | None = Field(None, max_length=TEXT_MAX, description="Middelen en budget.")
    evaluatieaanpak: str | None = Field(None, max_length=TEXT_MAX, description="Hoe monitoren en evalueren.")


class VaststellingNieuw(Input):
    """Het besluit waarmee de raad een plan dat ter besluitvorming ligt, heeft vastgesteld."""

    vastgesteld_op: datetime.date = Field(..., description="Datum van het besluit; niet in de toekomst.")
    vastgesteld_door: str = Field(
        ..., min_length=1, max_length=150, description="Het orgaan dat heeft vastgesteld, gewoonlijk de gemeenteraad."
    )
    besluitkenmerk: str | None = Field(None, max_length=100, description="Kenmerk van het besluit.")


class ChecklistPuntOut(Output):
    """Een punt van de checklist van een stap."""

    sleutel: str = Field(..., description="Vaste sleutel van het punt.")
    tekst: str = Field(..., description="Wat het punt inhoudt.")
    gedaan: bool = Field(..., description="Of het is afgevinkt.")


class StapOut(Output):
    """Een van de zes stappen van een plan: status, checklist, wie, wanneer, notities."""

    stap: StapCode = Field(..., description="De stap.")
    titel: str = Field(..., description="Naam van de stap.")
    status: StapStatusCode = Field(..., description="Nog niet begonnen, bezig of gereed.")
    checklist: list[ChecklistPuntOut] = Field(..., description="De punten van de checklist van deze stap.")
    wie: str | None = Field(..., description="Wie de stap trekt.")
    wanneer: datetime.date | None = Field(..., description="Wanneer de stap gereed moet zijn.")
    notities: str | None = Field(..., description="Notities.")

    @staticmethod
    def resolve_titel(obj: PlanStap) -> str:
        return str(Stap(obj.stap).label)

    @staticmethod
    def resolve_checklist(obj: PlanStap) -> list[dict[str, Any]]:
        return [{"sleutel": p["key"], "tekst": p["tekst"], "gedaan": p["gedaan"]} for p in plannen.checklist_items(obj)]


class StapWijziging(Input):
    """De voortgang van een stap. Alleen meegestuurde velden veranderen."""

    status: StapStatusCode = omittable(description="Nog niet begonnen, bezig of gereed.")
    afgevinkt: list[Punt] = omittable(
        max_length=20, description="De sleutels van de afgevinkte punten van de checklist (vervangt de lijst)."
    )
    wie: str | None = Field(None, max_length=150, description="Wie de stap trekt.")
    wanneer: datetime.date | None = Field(None, description="Wanneer de stap gereed moet zijn.")
    notities: str | None = Field(None, max_length=TEXT_MAX, description="Notities.")


class BevindingOut(Output):
    """Iets wat het plan volgens de CCV-checklist nog mist."""

    tekst: str = Field(..., description="Wat er ontbreekt, in het Nederlands.")
    url: str | None = Field(..., description="De pagina in Kapstok waar het kan worden aangevuld.")


class CcvSectieOut(Output):
    """Een onderdeel van de CCV-checklist met wat het plan er nog mist."""

    sectie: SectieCode = Field(..., description="Het onderdeel van de checklist.")
    titel: str = Field(..., description="Naam van het onderdeel.")
    in_orde: bool = Field(..., description="Waar als er niets ontbreekt.")
    bevindingen: list[BevindingOut] = Field(..., description="Wat er ontbreekt; leeg als het onderdeel in orde is.")

    @staticmethod
    def resolve_sectie(obj: Section) -> str:
        return obj.key

    @staticmethod
    def resolve_bevindingen(obj: Section) -> list[Any]:
        return obj.findings


# --- the versions -------------------------------------------------------------------------------


@router.get(PLANNEN, response=list[PlanOut], summary="Versies van het veiligheidsplan", openapi_extra=_read_extra())
def list_veiligheidsplannen(request: AuthenticatedHttpRequest) -> list[Plan]:
    """Alle versies van het integraal veiligheidsplan van de gemeente, de nieuwste eerst."""
    require(request.membership, "ivp.view")
    return list(Plan.objects.visible_to(request.membership))


@router.post(
    PLANNEN,
    response={201: PlanDetailOut},
    summary="Veiligheidsplan starten of nieuw plan",
    openapi_extra=_created_extra(),
)
def create_veiligheidsplan(request: AuthenticatedHttpRequest, payload: PlanNieuw, response: HttpResponse) -> Any:
    """Zonder gebaseerdOp: het veiligheidsplan starten, met de velden, thema's en indicatoren als startset.
    Met gebaseerdOp: een nieuw concept op basis van die versie; kan alleen als er geen versie in bewerking
    is. Coördinator."""
    startjaar = payload.startjaar
    if payload.gebaseerd_op is None:
        if startjaar is not None and startjaar > plannen.START_LAST_YEAR:
            raise ValidationError({"startjaar": f"Kies een eerste jaar tot en met {plannen.START_LAST_YEAR}."})
        plan = services.start_ivp(by=request.membership, startjaar=startjaar)
        return _created(request, response, plan)
    basis = Plan.objects.visible_to(request.membership).filter(pk=payload.gebaseerd_op).first()
    if basis is None:
        raise ValidationError({"gebaseerd_op": "Onbekende versie van het veiligheidsplan."})
    refusal = plannen.next_period_refusal(basis, startjaar) if startjaar is not None else None
    if refusal:
        raise ValidationError({"startjaar": refusal})
    plan = services.new_plan(by=request.membership, from_plan=basis, startjaar=startjaar)
    return _created(request, response, plan)


@router.get(
    PLAN, response=PlanDetailOut, summary="Eén versie van het veiligheidsplan", openapi_extra=_read_extra(tagged=True)
)
def get_veiligheidsplan(request: AuthenticatedHttpRequest, response: HttpResponse, plan_id: UUID = PLAN_ID) -> Any:
    """De hoofdstukken, de besluitgegevens en bij een vervolgplan de resultaten van het vorige plan."""
    require(request.membership, "ivp.view")
    return _tagged(response, _plan_of(request, plan_id))


@router.patch(PLAN, response=PlanDetailOut, summary="Hoofdstukken wijzigen", openapi_extra=_changed_extra())
def patch_veiligheidsplan(
    request: AuthenticatedHttpRequest, payload: PlanWijziging, response: HttpResponse, plan_id: UUID = PLAN_ID
) -> Any:
    """Alleen een concept. Status en besluitgegevens veranderen via indiening, terugzetting en vaststelling."""
    plan = _plan_of(request, plan_id)
    services.edit_plan(
        by=request.membership,
        plan=plan,
        expected_version=expected_version(request, plan),
        **payload.model_dump(exclude_unset=True),
    )
    return _tagged(response, plan)


@router.post(
    f"{PLAN}/indiening", response=PlanDetailOut, summary="Ter besluitvorming leggen", openapi_extra=_changed_extra()
)
def create_plan_indiening(request: AuthenticatedHttpRequest, response: HttpResponse, plan_id: UUID = PLAN_ID) -> Any:
    """Concept → ter besluitvorming (coördinator). De CCV-checklist houdt niets tegen; zie .../ccv-checklist."""
    plan = _plan_of(request, plan_id)
    expected_version(request, plan)
    services.submit_plan(by=request.membership, plan=plan)
    return _tagged(response, plan)


@router.post(
    f"{PLAN}/terugzetting", response=PlanDetailOut, summary="Terug naar concept", openapi_extra=_changed_extra()
)
def create_plan_terugzetting(request: AuthenticatedHttpRequest, response: HttpResponse, plan_id: UUID = PLAN_ID) -> Any:
    """Ter besluitvorming → concept, om vóór het besluit nog iets te wijzigen. Coördinator of bestuurder."""
    plan = _plan_of(request, plan_id)
    expected_version(request, plan)
    services.send_back_plan(by=request.membership, plan=plan)
    return _tagged(response, plan)


@router.post(
    f"{PLAN}/vaststelling", response=PlanDetailOut, summary="Vaststelling vastleggen", openapi_extra=_changed_extra()
)
def create_plan_vaststelling(
    request: AuthenticatedHttpRequest, payload: VaststellingNieuw, response: HttpResponse, plan_id: UUID = PLAN_ID
) -> Any:
    """Ter besluitvorming → vastgesteld; het vorige vastgestelde plan vervalt. Daarna kan het plan niet
    meer veranderen. Coördinator of bestuurder."""
    plan = _plan_of(request, plan_id)
    expected_version(request, plan)
    services.adopt_plan(
        by=request.membership,
        plan=plan,
        on=payload.vastgesteld_op,
        body=payload.vastgesteld_door,
        reference=payload.besluitkenmerk or "",
    )
    return _tagged(response, plan)


# --- the steps and the checklist ----------------------------------------------------------------


@router.get(f"{PLAN}/stappen", response=list[StapOut], summary="Stappen van het plan", openapi_extra=_read_extra())
def list_plan_stappen(request: AuthenticatedHttpRequest, plan_id: UUID = PLAN_ID) -> list[PlanStap]:
    """De zes stappen van het plan met hun checklist, in hun volgorde."""
    require(request.membership, "ivp.view")
    return list(PlanStap.objects.filter(plan=_plan_of(request, plan_id)).order_by("volgorde"))


@router.get(
    f"{PLAN}/stappen/{{stap}}",
    response=StapOut,
    summary="Eén stap van het plan",
    openapi_extra=_read_extra(tagged=True),
)
def get_plan_stap(
    request: AuthenticatedHttpRequest, response: HttpResponse, plan_id: UUID = PLAN_ID, stap: StapCode = STAP
) -> Any:
    """Eén stap, met haar versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, _stap_of(request, plan_id, stap))


@router.patch(f"{PLAN}/stappen/{{stap}}", response=StapOut, summary="Stap bijwerken", openapi_extra=_changed_extra())
def patch_plan_stap(
    request: AuthenticatedHttpRequest,
    payload: StapWijziging,
    response: HttpResponse,
    plan_id: UUID = PLAN_ID,
    stap: StapCode = STAP,
) -> Any:
    """Status, afgevinkte punten, wie, wanneer en notities; kan tot het plan vervalt. Met de ETag van de
    stap in If-Match."""
    planstap = _stap_of(request, plan_id, stap)
    services.edit_step(
        by=request.membership,
        stap=planstap,
        expected_version=expected_version(request, planstap),
        **payload.model_dump(exclude_unset=True),
    )
    return _tagged(response, planstap)


@router.get(
    f"{PLAN}/ccv-checklist",
    response=list[CcvSectieOut],
    summary="Het plan getoetst aan de CCV-checklist",
    openapi_extra=_read_extra(),
)
def list_plan_ccv_checklist(request: AuthenticatedHttpRequest, plan_id: UUID = PLAN_ID) -> list[Section]:
    """Per onderdeel van de CCV-checklist wat het plan nog mist en waar het kan worden aangevuld."""
    require(request.membership, "ivp.view")
    return checklist.check(_plan_of(request, plan_id))
