"""API operations of the veiligheidsplan: velden and themes, their links to the strategisch kader,
the priorities of a plan and its SMART goals.

One plain function per operation, calling the same services and scoping as the pages
(``ivp.services``, ``visible_to``); ``api.api`` turns each refusal into its problem (400, 403,
409, 412). Reading needs ``ivp.view``; every change is checked by its service.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from pydantic import Field

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import IF_MATCH_PARAMETER, expected_version, openapi_etag
from api.schemas import TEXT_MAX, Input, Output, omittable
from kader.models import Doel, Uitgangspunt
from lib.concurrency import etag
from lib.models import VersionedModel
from lib.permissions import require

from .. import services
from ..models import MAX_VALUE, Doelstelling, Indicator, Plan, Prioritering, Thema, ThemaKoppeling, Veld
from ..queries_themas import KADER_VERSIONS
from ..smart import smart_problems

router = Router(tags=["veiligheidsplan"], by_alias=True)

VELD_ID = Path(..., description="Id van het veiligheidsveld.")
THEMA_ID = Path(..., description="Id van het thema.")
KOPPELING_ID = Path(..., description="Id van de koppeling met het kader.")
PLAN_ID = Path(..., description="Id van de versie van het veiligheidsplan.")
PRIORITERING_ID = Path(..., description="Id van de prioritering (een thema in een plan).")
DOELSTELLING_ID = Path(..., description="Id van de doelstelling.")
VELD_FILTER = Query(None, alias="veldId", description="Alleen de thema's van dit veld.")
PLAN_FILTER = Query(None, alias="planId", description="Alleen de doelen van dit plan.")
THEMA_FILTER = Query(None, alias="themaId", description="Alleen de doelen van dit thema.")

NiveauCode = Literal["prioriteit", "overig_strategisch", "beheersniveau"]
SmartOnderdeel = Literal["Specifiek", "Meetbaar", "Acceptabel", "Realistisch", "Tijdgebonden"]
EigenaarThemaCode = Literal[
    "veilige_woon_leefomgeving",
    "bedrijvigheid_veiligheid",
    "jeugd_veiligheid",
    "fysieke_veiligheid",
    "integriteit_veiligheid",
    "informatiebeveiliging",
    "fysieke_beveiliging",
    "personele_beveiliging",
    "integriteit",
    "continuiteit",
]
BOUND = float(MAX_VALUE)
LOCATION = {
    "description": "URL van de nieuwe resource.",
    "schema": {"type": "string", "examples": ["/api/v1/doelstellingen/0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"]},
}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}


def _read(*, tagged: bool = False) -> dict[str, Any]:
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {}}
    extra["responses"][403] = FORBIDDEN
    return extra


def _created() -> dict[str, Any]:
    extra = openapi_etag(status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION
    return extra


def _changed() -> dict[str, Any]:
    return openapi_etag(if_match=True)


def _deleted() -> dict[str, Any]:
    return {"parameters": [IF_MATCH_PARAMETER], "responses": {204: {"description": "Verwijderd."}}}


_M = TypeVar("_M", bound=VersionedModel)


def _tagged(response: HttpResponse, obj: _M) -> _M:
    response["ETag"] = etag(obj)
    return obj


def _created_at(request: HttpRequest, response: HttpResponse, obj: _M, path: str) -> _M:
    response["Location"] = f"{request.path.removesuffix('/')}/{path}"
    return _tagged(response, obj)


def _decimal(value: float | None, name: str) -> Decimal | None:
    """A figure sent as a JSON number, as stored: at most three decimals."""
    if value is None:
        return None
    result = Decimal(str(value))
    if result.quantize(Decimal("0.001")) != result:
        raise ValidationError({name: "Gebruik hoogstens drie cijfers achter de komma."})
    return result


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- schemas ----------------------------------------------------------------------------------


class VeiligheidsveldOut(Output):
    """Een veiligheidsveld van Kernbeleid Veiligheid (of de groep dwarsdoorsnijdende thema's)."""

    id: UUID = Field(..., description="Vaste id van het veld.")
    nummer: int = Field(..., description="Nummer van het veld: 1 tot en met 5, 6 voor de dwarsdoorsnijdende thema's.")
    naam: str = Field(..., description="Naam van het veld.")
    eigenaar_thema: EigenaarThemaCode | None = Field(
        ..., description="Het thema dat een thema-eigenaar moet hebben om de thema's van dit veld te wijzigen."
    )
    verborgen: bool = Field(..., description="Verborgen velden en hun thema's komen niet in het plan.")


class VeiligheidsveldWijziging(Input):
    """Een veld hernoemen of verbergen (alleen de coördinator)."""

    naam: str = omittable(min_length=1, max_length=150, description="Nieuwe naam.")
    verborgen: bool = omittable(description="Verbergen of weer tonen.")


class VeiligheidsthemaOut(Output):
    """Een thema van een veld, met de handreiking en het verhaal achter de cijfers."""

    id: UUID = Field(..., description="Vaste id van het thema.")
    veld_id: UUID = Field(..., description="Id van het veld.")
    code: str = Field(..., description="Code van het thema, zoals 1.3; leeg als het thema er geen heeft.")
    naam: str = Field(..., description="Naam van het thema.")
    omschrijving: str | None = Field(..., description="Wat het thema omvat.")
    rol_gemeente: str | None = Field(..., description="De rol van de gemeente.")
    partners: str | None = Field(..., description="De gebruikelijke partners.")
    maatregelen: str | None = Field(..., description="Mogelijke maatregelen.")
    verhaal: str | None = Field(..., description="Het verhaal achter de cijfers.")
    verborgen: bool = Field(..., description="Verborgen thema's komen niet in het plan.")


def _text(description: str, limit: int = TEXT_MAX) -> Any:
    return Field(None, max_length=limit, description=description)


class VeiligheidsthemaNieuw(Input):
    """Een nieuw thema in een veld."""

    veld_id: UUID = Field(..., description="Id van het veld.")
    naam: str = Field(..., min_length=1, max_length=150, description="Naam; uniek binnen de gemeente.")
    code: str = omittable(min_length=1, max_length=10, description="Code, zoals 1.5.")
    omschrijving: str | None = _text("Wat het thema omvat.")
    rol_gemeente: str | None = _text("De rol van de gemeente.")
    partners: str | None = _text("De gebruikelijke partners.")
    maatregelen: str | None = _text("Mogelijke maatregelen.")
    verhaal: str | None = _text("Het verhaal achter de cijfers.")


class VeiligheidsthemaWijziging(Input):
    """Een thema wijzigen of verbergen; een thema wordt niet verwijderd."""

    veld_id: UUID = omittable(description="Id van het veld waarheen het thema verhuist.")
    naam: str = omittable(min_length=1, max_length=150, description="Naam.")
    code: str = omittable(min_length=1, max_length=10, description="Code.")
    omschrijving: str | None = _text("Wat het thema omvat.")
    rol_gemeente: str | None = _text("De rol van de gemeente.")
    partners: str | None = _text("De gebruikelijke partners.")
    maatregelen: str | None = _text("Mogelijke maatregelen.")
    verhaal: str | None = _text("Het verhaal achter de cijfers.")
    verborgen: bool = omittable(description="Verbergen of weer tonen.")


class KaderKoppelingOut(Output):
    """Een thema van veld 5 dat verwijst naar een beveiligingsdoel of uitgangspunt van het strategisch kader."""

    id: UUID = Field(..., description="Vaste id van de koppeling.")
    thema_id: UUID = Field(..., description="Id van het thema.")
    doel_id: UUID | None = Field(..., description="Id van het beveiligingsdoel, of leeg.")
    uitgangspunt_id: UUID | None = Field(..., description="Id van het uitgangspunt, of leeg.")
    tekst: str = Field(..., description="Titel van het doel of tekst van het uitgangspunt.")
    kaderversie: int = Field(..., description="Versienummer van het kader waartoe het doel of uitgangspunt hoort.")

    @staticmethod
    def resolve_tekst(obj: ThemaKoppeling) -> str:
        return obj.doel.titel if obj.doel is not None else obj.uitgangspunt.tekst if obj.uitgangspunt else ""

    @staticmethod
    def resolve_kaderversie(obj: ThemaKoppeling) -> int:
        target = obj.doel or obj.uitgangspunt
        return target.versie.nummer if target is not None else 0


class KaderKoppelingNieuw(Input):
    """Koppel het thema aan precies één doel of één uitgangspunt van de vastgestelde of open versie van het kader."""

    doel_id: UUID | None = Field(None, description="Id van een beveiligingsdoel.")
    uitgangspunt_id: UUID | None = Field(None, description="Id van een uitgangspunt.")


class PrioriteringOut(Output):
    """De scores van een thema in een plan, de gewogen score, het voorgestelde en het gekozen niveau."""

    id: UUID = Field(..., description="Vaste id van de prioritering.")
    plan_id: UUID = Field(..., description="Id van het plan.")
    thema_id: UUID = Field(..., description="Id van het thema.")
    omvang: int | None = Field(..., description="Score 1–5; leeg is nog niet gescoord.")
    ernst: int | None = Field(..., description="Score 1–5.")
    trend: int | None = Field(..., description="Score 1–5.")
    beleving: int | None = Field(..., description="Score 1–5.")
    invloed: int | None = Field(..., description="Beïnvloedbaarheid, score 1–5.")
    score: float | None = Field(
        ..., description="Gewogen gemiddelde (1–5, één decimaal) met de gewichten van het plan."
    )
    voorgesteld_niveau: NiveauCode | None = Field(..., description="Het niveau dat de score voorstelt.")
    niveau: NiveauCode | None = Field(..., description="Het gekozen niveau.")
    onderbouwing: str | None = Field(..., description="Waarom dit niveau.")

    @staticmethod
    def resolve_score(obj: Prioritering) -> float | None:
        return _float(obj.score(obj.plan.gewichten))

    @staticmethod
    def resolve_voorgesteld_niveau(obj: Prioritering) -> str | None:
        return Prioritering.suggested_niveau(obj.score(obj.plan.gewichten))


def _score(description: str) -> Any:
    return Field(None, ge=1, le=5, description=description)


class PrioriteringWijziging(Input):
    """Scores (leeg maakt een score ongedaan), het gekozen niveau en de onderbouwing (nodig bij een niveau)."""

    omvang: int | None = _score("Score 1–5.")
    ernst: int | None = _score("Score 1–5.")
    trend: int | None = _score("Score 1–5.")
    beleving: int | None = _score("Score 1–5.")
    invloed: int | None = _score("Beïnvloedbaarheid, score 1–5.")
    niveau: NiveauCode | None = Field(None, description="Het gekozen niveau.")
    onderbouwing: str | None = _text("Waarom dit niveau.")


class SmartProbleemOut(Output):
    """Wat aan een onderdeel van SMART ontbreekt of vaag is."""

    onderdeel: SmartOnderdeel = Field(..., description="Het onderdeel van SMART.")
    melding: str = Field(..., description="Wat er ontbreekt, in het Nederlands.")


class DoelstellingOut(Output):
    """Een SMART-doel van het plan, met de SMART-toets."""

    id: UUID = Field(..., description="Vaste id van de doelstelling.")
    plan_id: UUID = Field(..., description="Id van het plan.")
    thema_id: UUID = Field(..., description="Id van het thema.")
    wat: str = Field(..., description="Wat we willen bereiken.")
    indicator_id: UUID | None = Field(..., description="Id van de indicator die het doel meet.")
    nulmeting: float | None = Field(..., description="De nulmeting.")
    nulmeting_periode: str | None = Field(..., description="Periode van de nulmeting, zoals 2025.")
    streefwaarde: float | None = Field(..., description="De streefwaarde.")
    deadline: datetime.date | None = Field(..., description="Datum waarop het doel bereikt moet zijn.")
    eigenaar: str | None = Field(..., description="Wie ervoor aan de lat staat.")
    smart_problemen: list[SmartProbleemOut] = Field(
        ..., description="Wat nog ontbreekt om het doel SMART te maken; leeg als niets ontbreekt."
    )

    @staticmethod
    def resolve_nulmeting(obj: Doelstelling) -> float | None:
        return _float(obj.nulmeting)

    @staticmethod
    def resolve_streefwaarde(obj: Doelstelling) -> float | None:
        return _float(obj.streefwaarde)

    @staticmethod
    def resolve_smart_problemen(obj: Doelstelling) -> list[dict[str, str]]:
        return [{"onderdeel": p.onderdeel, "melding": p.melding} for p in smart_problems(obj)]


def _figure(description: str) -> Any:
    return Field(None, gt=-BOUND, lt=BOUND, description=description)


class DoelstellingNieuw(Input):
    """Een nieuw doel. Zonder nulmeting neemt Kapstok de laatste meting van de indicator voor de hele gemeente."""

    plan_id: UUID = Field(..., description="Id van het plan (een concept).")
    thema_id: UUID = Field(..., description="Id van het thema; bij voorkeur een prioriteit van het plan.")
    wat: str = Field(..., min_length=1, max_length=TEXT_MAX, description="Wat we willen bereiken.")
    indicator_id: UUID | None = Field(None, description="Id van de indicator.")
    nulmeting: float | None = _figure("De nulmeting; leeg: de laatste meting van de indicator.")
    nulmeting_periode: str | None = _text("Periode van de nulmeting.", 20)
    streefwaarde: float | None = _figure("De streefwaarde, in de eenheid van de indicator.")
    deadline: datetime.date | None = Field(None, description="Datum binnen de looptijd van het plan.")
    eigenaar: str | None = _text("Wie ervoor aan de lat staat.", 150)


class DoelstellingWijziging(Input):
    """Een doel wijzigen; een nieuwe indicator zonder nulmeting krijgt de laatste meting van die indicator."""

    thema_id: UUID = omittable(description="Id van het thema.")
    wat: str = omittable(min_length=1, max_length=TEXT_MAX, description="Wat we willen bereiken.")
    indicator_id: UUID | None = Field(None, description="Id van de indicator, of leeg.")
    nulmeting: float | None = _figure("De nulmeting.")
    nulmeting_periode: str | None = _text("Periode van de nulmeting.", 20)
    streefwaarde: float | None = _figure("De streefwaarde.")
    deadline: datetime.date | None = Field(None, description="Datum binnen de looptijd van het plan.")
    eigenaar: str | None = _text("Wie ervoor aan de lat staat.", 150)


# --- lookups of ids in a body -------------------------------------------------------------------


def _in_body(queryset: Any, pk: Any, name: str, label: str) -> Any:
    """The object of an id sent in the body, or a 400 naming the field."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({name: f"Onbekend {label}."})
    return obj


def _doel_fields(request: AuthenticatedHttpRequest, sent: dict[str, Any]) -> dict[str, Any]:
    """The fields of a goal as the services take them: objects for ids, figures as stored."""
    member, fields = request.membership, dict(sent)
    if "thema_id" in fields:
        fields["thema"] = _in_body(
            Thema.objects.visible_to(member).select_related("veld"), fields.pop("thema_id"), "thema_id", "thema"
        )
    if "indicator_id" in fields:
        pk = fields.pop("indicator_id")
        fields["indicator"] = (
            None if pk is None else _in_body(Indicator.objects.visible_to(member), pk, "indicator_id", "indicator")
        )
    for name in ("nulmeting", "streefwaarde"):
        if name in fields:
            fields[name] = _decimal(fields[name], name)
    return fields


# --- velden -------------------------------------------------------------------------------------


@router.get("/veiligheidsvelden", response=list[VeiligheidsveldOut], summary="Veiligheidsvelden", openapi_extra=_read())
def list_veiligheidsvelden(request: AuthenticatedHttpRequest) -> list[Veld]:
    """De velden van de gemeente, ook de verborgen."""
    require(request.membership, "ivp.view")
    return list(Veld.objects.visible_to(request.membership))


@router.get(
    "/veiligheidsvelden/{veld_id}",
    response=VeiligheidsveldOut,
    summary="Eén veiligheidsveld",
    openapi_extra=_read(tagged=True),
)
def get_veiligheidsveld(request: AuthenticatedHttpRequest, response: HttpResponse, veld_id: UUID = VELD_ID) -> Any:
    """Eén veld, met zijn versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, get_object_or_404(Veld.objects.visible_to(request.membership), pk=veld_id))


@router.patch(
    "/veiligheidsvelden/{veld_id}",
    response=VeiligheidsveldOut,
    summary="Veiligheidsveld hernoemen of verbergen",
    openapi_extra=_changed(),
)
def patch_veiligheidsveld(
    request: AuthenticatedHttpRequest,
    payload: VeiligheidsveldWijziging,
    response: HttpResponse,
    veld_id: UUID = VELD_ID,
) -> Any:
    """Alleen de coördinator; met de ETag in If-Match."""
    veld = get_object_or_404(Veld.objects.visible_to(request.membership), pk=veld_id)
    version = expected_version(request, veld)
    services.edit_veld(
        by=request.membership, veld=veld, expected_version=version, **payload.model_dump(exclude_unset=True)
    )
    return _tagged(response, veld)


# --- themes -------------------------------------------------------------------------------------


@router.get(
    "/veiligheidsthemas", response=list[VeiligheidsthemaOut], summary="Veiligheidsthema's", openapi_extra=_read()
)
def list_veiligheidsthemas(
    request: AuthenticatedHttpRequest,
    veld_id: UUID | None = VELD_FILTER,
) -> list[Thema]:
    """De thema's van de gemeente per veld, ook de verborgen."""
    require(request.membership, "ivp.view")
    themas = Thema.objects.visible_to(request.membership)
    return list(themas.filter(veld_id=veld_id) if veld_id else themas)


@router.post(
    "/veiligheidsthemas", response={201: VeiligheidsthemaOut}, summary="Thema toevoegen", openapi_extra=_created()
)
def create_veiligheidsthema(
    request: AuthenticatedHttpRequest, payload: VeiligheidsthemaNieuw, response: HttpResponse
) -> Any:
    """Een thema in een veld; een thema-eigenaar alleen in een veld waarvan hij eigenaar is."""
    fields = payload.model_dump(exclude_unset=True)
    veld = _in_body(Veld.objects.visible_to(request.membership), fields.pop("veld_id"), "veld_id", "veiligheidsveld")
    thema = services.add_thema(by=request.membership, veld=veld, **fields)
    return _created_at(request, response, thema, str(thema.pk))


@router.get(
    "/veiligheidsthemas/{thema_id}",
    response=VeiligheidsthemaOut,
    summary="Eén veiligheidsthema",
    openapi_extra=_read(tagged=True),
)
def get_veiligheidsthema(request: AuthenticatedHttpRequest, response: HttpResponse, thema_id: UUID = THEMA_ID) -> Any:
    """Eén thema, met zijn versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, get_object_or_404(Thema.objects.visible_to(request.membership), pk=thema_id))


@router.patch(
    "/veiligheidsthemas/{thema_id}",
    response=VeiligheidsthemaOut,
    summary="Veiligheidsthema wijzigen of verbergen",
    openapi_extra=_changed(),
)
def patch_veiligheidsthema(
    request: AuthenticatedHttpRequest,
    payload: VeiligheidsthemaWijziging,
    response: HttpResponse,
    thema_id: UUID = THEMA_ID,
) -> Any:
    """Met de ETag in If-Match; een thema-eigenaar alleen binnen de velden waarvan hij eigenaar is."""
    thema = get_object_or_404(Thema.objects.visible_to(request.membership).select_related("veld"), pk=thema_id)
    version = expected_version(request, thema)
    fields = payload.model_dump(exclude_unset=True)
    if "veld_id" in fields:
        fields["veld"] = _in_body(
            Veld.objects.visible_to(request.membership), fields.pop("veld_id"), "veld_id", "veiligheidsveld"
        )
    services.edit_thema(by=request.membership, thema=thema, expected_version=version, **fields)
    return _tagged(response, thema)


# --- links to the kader -------------------------------------------------------------------------

KOPPELINGEN = "/veiligheidsthemas/{thema_id}/kader-koppelingen"


def _koppelingen(request: AuthenticatedHttpRequest) -> Any:
    return ThemaKoppeling.objects.visible_to(request.membership).select_related("doel__versie", "uitgangspunt__versie")


@router.get(KOPPELINGEN, response=list[KaderKoppelingOut], summary="Koppelingen met het kader", openapi_extra=_read())
def list_kader_koppelingen(request: AuthenticatedHttpRequest, thema_id: UUID = THEMA_ID) -> list[ThemaKoppeling]:
    """De beveiligingsdoelen en uitgangspunten van het strategisch kader waarnaar het thema verwijst."""
    require(request.membership, "ivp.view")
    thema = get_object_or_404(Thema.objects.visible_to(request.membership), pk=thema_id)
    return list(_koppelingen(request).filter(thema=thema))


@router.post(KOPPELINGEN, response={201: KaderKoppelingOut}, summary="Koppelen aan het kader", openapi_extra=_created())
def create_kader_koppeling(
    request: AuthenticatedHttpRequest, payload: KaderKoppelingNieuw, response: HttpResponse, thema_id: UUID = THEMA_ID
) -> Any:
    """Alleen voor thema's van veld 5; een doel of uitgangspunt van de vastgestelde of open versie van het kader."""
    thema = get_object_or_404(Thema.objects.visible_to(request.membership).select_related("veld"), pk=thema_id)
    versions = {"versie__status__in": KADER_VERSIONS}
    targets: dict[str, Any] = {}
    if payload.doel_id is not None:
        doelen = Doel.objects.visible_to(request.membership).filter(**versions)
        targets["doel"] = _in_body(doelen, payload.doel_id, "doel_id", "beveiligingsdoel")
    if payload.uitgangspunt_id is not None:
        punten = Uitgangspunt.objects.visible_to(request.membership).filter(**versions)
        targets["uitgangspunt"] = _in_body(punten, payload.uitgangspunt_id, "uitgangspunt_id", "uitgangspunt")
    koppeling = services.link_kader(by=request.membership, thema=thema, **targets)
    return _created_at(request, response, _koppelingen(request).get(pk=koppeling.pk), str(koppeling.pk))


@router.get(
    f"{KOPPELINGEN}/{{koppeling_id}}",
    response=KaderKoppelingOut,
    summary="Eén koppeling met het kader",
    openapi_extra=_read(tagged=True),
)
def get_kader_koppeling(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    thema_id: UUID = THEMA_ID,
    koppeling_id: UUID = KOPPELING_ID,
) -> Any:
    """Eén koppeling, met haar versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, get_object_or_404(_koppelingen(request), pk=koppeling_id, thema_id=thema_id))


@router.delete(
    f"{KOPPELINGEN}/{{koppeling_id}}", response={204: None}, summary="Koppeling verwijderen", openapi_extra=_deleted()
)
def delete_kader_koppeling(
    request: AuthenticatedHttpRequest, thema_id: UUID = THEMA_ID, koppeling_id: UUID = KOPPELING_ID
) -> None:
    """Met de ETag in If-Match; het doel of uitgangspunt zelf blijft bestaan."""
    koppeling = get_object_or_404(
        ThemaKoppeling.objects.visible_to(request.membership).select_related("thema__veld"),
        pk=koppeling_id,
        thema_id=thema_id,
    )
    expected_version(request, koppeling)
    services.unlink_kader(by=request.membership, koppeling=koppeling)


# --- priorities ---------------------------------------------------------------------------------


def _prioriteringen(request: AuthenticatedHttpRequest) -> Any:
    return Prioritering.objects.visible_to(request.membership).select_related("plan", "thema__veld")


@router.get(
    "/veiligheidsplannen/{plan_id}/prioriteringen",
    response=list[PrioriteringOut],
    summary="Prioriteringen van een plan",
    openapi_extra=_read(),
)
def list_prioriteringen(request: AuthenticatedHttpRequest, plan_id: UUID = PLAN_ID) -> list[Prioritering]:
    """Elk thema van het plan met zijn scores, de gewogen score, het voorgestelde en het gekozen niveau."""
    require(request.membership, "ivp.view")
    plan = get_object_or_404(Plan.objects.visible_to(request.membership), pk=plan_id)
    return list(_prioriteringen(request).filter(plan=plan))


@router.get(
    "/prioriteringen/{prioritering_id}",
    response=PrioriteringOut,
    summary="Eén prioritering",
    openapi_extra=_read(tagged=True),
)
def get_prioritering(
    request: AuthenticatedHttpRequest, response: HttpResponse, prioritering_id: UUID = PRIORITERING_ID
) -> Any:
    """Eén thema in een plan, met zijn versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, get_object_or_404(_prioriteringen(request), pk=prioritering_id))


@router.patch(
    "/prioriteringen/{prioritering_id}",
    response=PrioriteringOut,
    summary="Prioritering wijzigen",
    openapi_extra=_changed(),
)
def patch_prioritering(
    request: AuthenticatedHttpRequest,
    payload: PrioriteringWijziging,
    response: HttpResponse,
    prioritering_id: UUID = PRIORITERING_ID,
) -> Any:
    """Alleen bij een concept, met de ETag in If-Match; een gekozen niveau vraagt een onderbouwing."""
    prioritering = get_object_or_404(_prioriteringen(request), pk=prioritering_id)
    version = expected_version(request, prioritering)
    fields = payload.model_dump(exclude_unset=True)
    services.edit_prioritering(by=request.membership, prioritering=prioritering, expected_version=version, **fields)
    return _tagged(response, prioritering)


# --- SMART goals --------------------------------------------------------------------------------


def _doelstellingen(request: AuthenticatedHttpRequest) -> Any:
    return Doelstelling.objects.visible_to(request.membership).select_related("plan", "thema__veld", "indicator")


@router.get("/doelstellingen", response=list[DoelstellingOut], summary="Doelstellingen", openapi_extra=_read())
def list_doelstellingen(
    request: AuthenticatedHttpRequest,
    plan_id: UUID | None = PLAN_FILTER,
    thema_id: UUID | None = THEMA_FILTER,
) -> list[Doelstelling]:
    """De SMART-doelen van de gemeente, elk met wat er nog ontbreekt om SMART te zijn."""
    require(request.membership, "ivp.view")
    doelen = _doelstellingen(request)
    if plan_id:
        doelen = doelen.filter(plan_id=plan_id)
    if thema_id:
        doelen = doelen.filter(thema_id=thema_id)
    return list(doelen)


@router.post("/doelstellingen", response={201: DoelstellingOut}, summary="Doel toevoegen", openapi_extra=_created())
def create_doelstelling(request: AuthenticatedHttpRequest, payload: DoelstellingNieuw, response: HttpResponse) -> Any:
    """Alleen bij een plan dat een concept is; een thema-eigenaar alleen bij de thema's van zijn velden."""
    sent = payload.model_dump(exclude_unset=True)
    plan = _in_body(Plan.objects.visible_to(request.membership), sent.pop("plan_id"), "plan_id", "plan")
    doel = services.add_doelstelling(by=request.membership, plan=plan, **_doel_fields(request, sent))
    return _created_at(request, response, _doelstellingen(request).get(pk=doel.pk), str(doel.pk))


@router.get(
    "/doelstellingen/{doelstelling_id}",
    response=DoelstellingOut,
    summary="Eén doelstelling",
    openapi_extra=_read(tagged=True),
)
def get_doelstelling(
    request: AuthenticatedHttpRequest, response: HttpResponse, doelstelling_id: UUID = DOELSTELLING_ID
) -> Any:
    """Eén doel met de SMART-toets, en zijn versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, get_object_or_404(_doelstellingen(request), pk=doelstelling_id))


@router.patch(
    "/doelstellingen/{doelstelling_id}",
    response=DoelstellingOut,
    summary="Doelstelling wijzigen",
    openapi_extra=_changed(),
)
def patch_doelstelling(
    request: AuthenticatedHttpRequest,
    payload: DoelstellingWijziging,
    response: HttpResponse,
    doelstelling_id: UUID = DOELSTELLING_ID,
) -> Any:
    """Alleen bij een concept, met de ETag in If-Match."""
    doel = get_object_or_404(_doelstellingen(request), pk=doelstelling_id)
    version = expected_version(request, doel)
    fields = _doel_fields(request, payload.model_dump(exclude_unset=True))
    services.edit_doelstelling(by=request.membership, doel=doel, expected_version=version, **fields)
    return _tagged(response, doel)


@router.delete(
    "/doelstellingen/{doelstelling_id}",
    response={204: None},
    summary="Doelstelling verwijderen",
    openapi_extra=_deleted(),
)
def delete_doelstelling(request: AuthenticatedHttpRequest, doelstelling_id: UUID = DOELSTELLING_ID) -> None:
    """Alleen bij een concept, met de ETag in If-Match."""
    doel = get_object_or_404(_doelstellingen(request), pk=doelstelling_id)
    expected_version(request, doel)
    services.delete_doelstelling(by=request.membership, doel=doel)
