"""API resources of the strategisch kader: versions, their parts, the checklist and the workflow.

Every operation calls the same services and scoping as the kader pages (``kader.services``,
``visible_to``), so the rules are the same: only a concept can be changed, an adopted version
never. Reading needs ``kader.view``, writing ``kader.edit`` and recording the vaststelling
``kader.adopt`` (``lib.permissions``); the role of the token's membership decides. One object
comes with its ETag; every change of an existing object needs that ETag in If-Match.

Transitions of a version are sub-resources that take a POST (NL API Design Rules,
/core/resource-operations): ``indiening`` (ter besluitvorming), ``terugzetting`` (back to
concept) and ``vaststelling`` (adopted).
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal
from uuid import UUID

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from api.concurrency import IF_MATCH_PARAMETER, expected_version, openapi_etag
from lib.concurrency import StaleVersionError, etag
from lib.permissions import has

from . import content, services
from .forms import ActiviteitForm, VaststellenForm
from .models import (
    Bedrijfsmiddel,
    Deelplan,
    DeelplanStatus,
    DeelplanThema,
    Doel,
    Governance,
    KaderVersie,
    Mensgroep,
    MensgroepSoort,
    PdcaFase,
    StapActiviteit,
    Uitgangspunt,
    UitgangspuntDoel,
    UitgangspuntGroep,
    Verantwoordelijkheid,
    WetOfNorm,
    WetThema,
)

router = Router(tags=["kader"])

# Generic names get inline enums (no shared component that another app could shadow).
KaderStatus = Literal["concept", "ter_besluitvorming", "vastgesteld", "vervallen"]
FaseCode = Literal["plan", "do", "check", "act"]
AardCode = Literal["R", "A", "C", "I"]
StapCode = Literal["visie", "scope", "doelen", "uitgangspunten", "kwaliteitssysteem"]

REFUSED = {
    "kader.view": "Uw rol geeft geen inzage in het strategisch kader.",
    "kader.edit": "Uw rol mag het strategisch kader niet wijzigen; dat doen coördinatoren en thema-eigenaren.",
    "kader.adopt": "Alleen een coördinator of bestuurder legt de vaststelling van het kader vast.",
}
STALE = "Deze resource is intussen gewijzigd. Haal de actuele versie op en probeer het opnieuw."

VERSIE = "/kader-versies/{versie_id}"
VERSIE_ID = Path(..., description="Id van de versie van het kader.")
MENSGROEP_ID = Path(..., description="Id van de groep mensen.")
DEELPLAN_ID = Path(..., description="Id van het deelplan.")
WET_ID = Path(..., description="Id van de wet of norm.")
FASE_ID = Path(..., description="Id van de PDCA-fase.")
VERANTWOORDELIJKHEID_ID = Path(..., description="Id van de verantwoordelijkheid.")
DOEL_ID = Path(..., description="Id van het beveiligingsdoel.")
UITGANGSPUNT_ID = Path(..., description="Id van het uitgangspunt.")
ACTIVITEIT_ID = Path(..., description="Id van de hoofdactiviteit.")

LOCATION_HEADER = {
    "description": "URL van de nieuwe resource.",
    "schema": {"type": "string", "examples": ["/api/v1/kader-versies/0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"]},
}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}  # reading is a capability too


def _read_extra(*, tagged: bool = False) -> dict[str, Any]:
    """``openapi_extra`` of a read: 403 for roles without ``kader.view``, ETag on one object."""
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


def _deleted_extra() -> dict[str, Any]:
    return {"parameters": [IF_MATCH_PARAMETER], "responses": {204: {"description": "Verwijderd."}}}


def _f(description: str, alias: str | None = None) -> Any:
    """A required output field, read from the model attribute ``alias``."""
    return Field(..., description=description, validation_alias=alias)


class _Input(Schema):
    """Unknown fields are refused, so a typing error is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- schemas: versions --------------------------------------------------------------------------


class KaderVersieOut(Schema):
    """Een versie van het strategisch kader, zonder de meervoudige onderdelen."""

    id: UUID = _f("Vaste id van de versie.")
    nummer: int = _f("Versienummer: 1, 2, ...")
    status: KaderStatus = _f("Concept, ter besluitvorming, vastgesteld of vervallen.")
    gebaseerdOp: UUID | None = _f("Id van de versie waarvan deze een kopie is.", "gebaseerd_op_id")
    visie: str | None = _f("Stap 1: de visie.")
    visieMinimaal: str | None = _f("Stap 1: de minimale variant.", "visie_minimaal")
    visieMaximaal: str | None = _f("Stap 1: de maximale variant.", "visie_maximaal")
    visieOnderbouwing: str | None = _f("Stap 1: waarom voor deze variant is gekozen.", "visie_onderbouwing")
    bedrijfsmiddelen: list[Bedrijfsmiddel] = _f("Stap 2: de categorieën bedrijfsmiddelen binnen de scope.")
    governance: Governance | None = _f("Stap 5: de governancevariant.")
    governanceToelichting: str | None = _f("Stap 5: toelichting op de governance.", "governance_toelichting")
    vastgesteldOp: datetime.date | None = _f("Datum van de vaststelling.", "vastgesteld_op")
    vastgesteldDoor: str | None = _f("Het orgaan dat de versie heeft vastgesteld.", "vastgesteld_door")
    besluitkenmerk: str | None = _f("Kenmerk van het besluit.")


class GatenOut(Schema):
    """Waar doelen en uitgangspunten elkaar (nog) niet raken."""

    doelenZonderUitgangspunt: list[UUID] = Field(..., description="Relevante doelen zonder uitgangspunt.")
    uitgangspuntenZonderDoel: list[UUID] = Field(..., description="Uitgangspunten die aan geen doel gekoppeld zijn.")


class KaderVersieDetailOut(KaderVersieOut):
    """Een versie met wat er nog ontbreekt voordat zij ter besluitvorming kan."""

    ontbrekend: list[str] = Field(..., description="Verplichte onderdelen die nog leeg zijn, in het Nederlands.")
    gaten: GatenOut = Field(..., description="Doelen zonder uitgangspunt en uitgangspunten zonder doel.")

    @staticmethod
    def resolve_ontbrekend(obj: KaderVersie) -> list[str]:
        return services.missing_parts(obj)

    @staticmethod
    def resolve_gaten(obj: KaderVersie) -> dict[str, list[UUID]]:
        found = services.gaps(obj)
        return {
            "doelenZonderUitgangspunt": [doel.pk for doel in found["doelen_zonder_uitgangspunt"]],
            "uitgangspuntenZonderDoel": [punt.pk for punt in found["uitgangspunten_zonder_doel"]],
        }


class KaderVersieNieuw(_Input):
    """Zonder gebaseerdOp: het kader starten (versie 1). Met: een nieuwe versie als kopie."""

    gebaseerdOp: UUID | None = Field(None, description="Id van de versie die als basis dient.")


class KaderVersieWijziging(_Input):
    """De enkelvoudige onderdelen van een concept. Alleen meegestuurde velden veranderen."""

    visie: str | None = Field(None, description="De visie.")
    visieMinimaal: str | None = Field(None, description="De minimale variant.")
    visieMaximaal: str | None = Field(None, description="De maximale variant.")
    visieOnderbouwing: str | None = Field(None, description="Waarom voor deze variant is gekozen.")
    bedrijfsmiddelen: list[Bedrijfsmiddel] = Field(default_factory=list, description="Bedrijfsmiddelen in de scope.")
    governance: Governance | None = Field(None, description="De governancevariant.")
    governanceToelichting: str | None = Field(None, description="Toelichting op de governance.")


class VaststellingNieuw(_Input):
    """Het besluit waarmee een versie die ter besluitvorming ligt, is vastgesteld."""

    vastgesteldOp: datetime.date = Field(..., description="Datum van het besluit; niet in de toekomst.")
    vastgesteldDoor: str = Field(..., description="Het orgaan dat heeft vastgesteld, zoals het college van B en W.")
    besluitkenmerk: str | None = Field(None, description="Kenmerk van het besluit.")


# --- schemas: parts -----------------------------------------------------------------------------


class MensgroepOut(Schema):
    """Een groep mensen binnen de scope (stap 2)."""

    id: UUID = _f("Vaste id.")
    soort: MensgroepSoort = _f("De groep.")
    moetWeten: str | None = _f("Wat deze groep van het kader moet weten.", "moet_weten")


class MensgroepNieuw(_Input):
    """Een groep mensen toevoegen aan de scope."""

    soort: MensgroepSoort = Field(..., description="De groep; elke groep komt één keer voor.")
    moetWeten: str | None = Field(None, description="Wat deze groep van het kader moet weten.")


class MensgroepWijziging(_Input):
    """Alleen meegestuurde velden veranderen."""

    soort: MensgroepSoort | None = Field(None, description="De groep.")
    moetWeten: str | None = Field(None, description="Wat deze groep van het kader moet weten.")


class DeelplanOut(Schema):
    """Een bestaand deelplan per thema (stap 2)."""

    id: UUID = _f("Vaste id.")
    thema: DeelplanThema = _f("Het thema.")
    titel: str = _f("Titel van het plan.")
    eigenaar: str | None = _f("Eigenaar van het plan.")
    link: str | None = _f("Link naar het plan.")
    status: DeelplanStatus = _f("Stand van het plan.")
    bestandsnaam: str | None = _f("Naam van het bestand bij het plan; op te halen via .../bestand.")


class DeelplanNieuw(_Input):
    """Een deelplan toevoegen."""

    thema: DeelplanThema = Field(..., description="Het thema.")
    titel: str = Field(..., description="Titel van het plan (uniek binnen het thema).")
    eigenaar: str | None = Field(None, description="Eigenaar van het plan.")
    link: str | None = Field(None, description="Link naar het plan (http of https).")
    status: DeelplanStatus | None = Field(None, description="Stand van het plan; standaard 'ontbreekt'.")


class DeelplanWijziging(_Input):
    """Alleen meegestuurde velden veranderen."""

    thema: DeelplanThema | None = Field(None, description="Het thema.")
    titel: str | None = Field(None, description="Titel van het plan.")
    eigenaar: str | None = Field(None, description="Eigenaar van het plan.")
    link: str | None = Field(None, description="Link naar het plan.")
    status: DeelplanStatus | None = Field(None, description="Stand van het plan.")


class WetOfNormOut(Schema):
    """Een wet of norm uit het wettelijk kader (stap 2)."""

    id: UUID = _f("Vaste id.")
    thema: WetThema = _f("Het thema.")
    naam: str = _f("Naam van de wet of norm.")
    toelichting: str | None = _f("Waarom deze van belang is.")
    vanToepassing: bool | None = _f("Van toepassing; leeg als dat nog niet is bepaald.", "van_toepassing")
    reden: str | None = _f("Reden, verplicht als de wet of norm niet van toepassing is.")


class WetOfNormNieuw(_Input):
    """Een wet of norm toevoegen."""

    thema: WetThema = Field(..., description="Het thema.")
    naam: str = Field(..., description="Naam (uniek binnen het thema).")
    toelichting: str | None = Field(None, description="Waarom deze van belang is.")
    vanToepassing: bool | None = Field(None, description="Van toepassing of niet.")
    reden: str | None = Field(None, description="Reden; verplicht als vanToepassing false is.")


class WetOfNormWijziging(_Input):
    """Alleen meegestuurde velden veranderen."""

    thema: WetThema | None = Field(None, description="Het thema.")
    naam: str | None = Field(None, description="Naam.")
    toelichting: str | None = Field(None, description="Waarom deze van belang is.")
    vanToepassing: bool | None = Field(None, description="Van toepassing of niet.")
    reden: str | None = Field(None, description="Reden; verplicht als vanToepassing false is.")


class PdcaFaseOut(Schema):
    """Een fase van de PDCA-cyclus (stap 5). Elke versie heeft de vier fasen."""

    id: UUID = _f("Vaste id.")
    fase: FaseCode = _f("Plan, do, check of act.")
    wat: str | None = _f("Wat er in deze fase gebeurt.")
    wanneer: str | None = _f("Wanneer.")
    wie: str | None = _f("Door wie.")


class PdcaFaseWijziging(_Input):
    """Alleen meegestuurde velden veranderen; de fase zelf ligt vast."""

    wat: str | None = Field(None, description="Wat er in deze fase gebeurt.")
    wanneer: str | None = Field(None, description="Wanneer.")
    wie: str | None = Field(None, description="Door wie.")


class VerantwoordelijkheidOut(Schema):
    """Eén cel van de verantwoordelijkheidsmatrix (stap 5)."""

    id: UUID = _f("Vaste id.")
    rol: str = _f("De rol.")
    activiteit: str = _f("De activiteit.")
    aard: AardCode = _f("R (voert uit), A (eindverantwoordelijk), C (geraadpleegd) of I (geïnformeerd).")


class VerantwoordelijkheidNieuw(_Input):
    """Een verantwoordelijkheid toevoegen."""

    rol: str = Field(..., description="De rol.")
    activiteit: str = Field(..., description="De activiteit (per rol één keer).")
    aard: AardCode = Field(..., description="R, A, C of I.")


class VerantwoordelijkheidWijziging(_Input):
    """Alleen meegestuurde velden veranderen."""

    rol: str | None = Field(None, description="De rol.")
    activiteit: str | None = Field(None, description="De activiteit.")
    aard: AardCode | None = Field(None, description="R, A, C of I.")


class DoelOut(Schema):
    """Een beveiligingsdoel (stap 3)."""

    id: UUID = _f("Vaste id.")
    sleutel: str | None = _f("Sleutel in de startset; leeg voor een eigen doel van de gemeente.")
    titel: str = _f("Titel.")
    toelichting: str | None = _f("Toelichting.")
    relevant: bool | None = _f("Relevant voor de gemeente; leeg als dat nog niet is bepaald.")


class DoelNieuw(_Input):
    """Een eigen beveiligingsdoel toevoegen."""

    titel: str = Field(..., description="Titel (uniek binnen de versie).")
    toelichting: str | None = Field(None, description="Toelichting.")
    relevant: bool | None = Field(None, description="Relevant voor de gemeente.")


class DoelWijziging(_Input):
    """Alleen meegestuurde velden veranderen."""

    titel: str | None = Field(None, description="Titel.")
    toelichting: str | None = Field(None, description="Toelichting.")
    relevant: bool | None = Field(None, description="Relevant voor de gemeente.")


class UitgangspuntOut(Schema):
    """Een uitgangspunt (stap 4) met de doelen die het dient."""

    id: UUID = _f("Vaste id.")
    groep: UitgangspuntGroep = _f("De groep.")
    tekst: str = _f("Het uitgangspunt.")
    doelen: list[UUID] = _f("Ids van de beveiligingsdoelen die het dient.")

    @staticmethod
    def resolve_doelen(obj: Uitgangspunt) -> list[UUID]:
        return [link.doel_id for link in obj.koppelingen.all()]  # type: ignore[attr-defined]


class UitgangspuntNieuw(_Input):
    """Een uitgangspunt toevoegen."""

    groep: UitgangspuntGroep = Field(..., description="De groep.")
    tekst: str = Field(..., description="Het uitgangspunt (uniek binnen de groep).")
    doelen: list[UUID] = Field(default_factory=list, description="Ids van doelen van dezelfde versie.")


class UitgangspuntWijziging(_Input):
    """Alleen meegestuurde velden veranderen; doelen vervangt de gekoppelde doelen."""

    groep: UitgangspuntGroep | None = Field(None, description="De groep.")
    tekst: str | None = Field(None, description="Het uitgangspunt.")
    doelen: list[UUID] = Field(default_factory=list, description="Ids van doelen van dezelfde versie.")


class ActiviteitOut(Schema):
    """Een hoofdactiviteit van een stap, uit de checklist."""

    id: UUID = _f("Vaste id.")
    stap: StapCode = _f("De stap.")
    sleutel: str = _f("Vaste sleutel van de activiteit.")
    omschrijving: str = _f("Wat de activiteit inhoudt.")
    gedaanOp: datetime.date | None = _f("Wanneer zij is gedaan; leeg als zij nog openstaat.", "gedaan_op")
    gedaanDoor: str | None = _f("Naam van wie haar heeft afgevinkt.")
    notitie: str | None = _f("Notitie.")

    @staticmethod
    def resolve_omschrijving(obj: StapActiviteit) -> str:
        return dict(content.STAP_BY_KEY[obj.stap].activiteiten).get(obj.sleutel, obj.sleutel)

    @staticmethod
    def resolve_gedaanDoor(obj: StapActiviteit) -> str | None:
        return str(obj.gedaan_door) if obj.gedaan_door_id else None  # type: ignore[attr-defined]


class ActiviteitWijziging(_Input):
    """Afvinken (datum) of weer openzetten (null). Alleen meegestuurde velden veranderen."""

    gedaanOp: datetime.date | None = Field(None, description="Datum waarop zij is gedaan; null zet haar weer open.")
    notitie: str | None = Field(None, description="Notitie.")


# --- helpers ------------------------------------------------------------------------------------


def _require(request: HttpRequest, capability: str) -> None:
    if not has(request, capability):
        raise PermissionDenied(REFUSED[capability])


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _versie(request: HttpRequest, versie_id: UUID) -> KaderVersie:
    versie = KaderVersie.objects.visible_to(_membership(request)).filter(pk=versie_id).first()
    if versie is None:
        raise Http404
    return versie  # type: ignore[no-any-return]


def _onderdeel(request: HttpRequest, queryset: models.QuerySet[Any], versie_id: UUID, pk: UUID) -> Any:
    """One part of a version, with its version (one query); 404 outside the token's gemeente."""
    obj = queryset.visible_to(_membership(request)).select_related("versie").filter(pk=pk, versie_id=versie_id).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    return obj


def _tagged(response: HttpResponse, obj: Any) -> Any:
    response["ETag"] = etag(obj)
    return obj


def _created(request: HttpRequest, response: HttpResponse, obj: Any) -> Any:
    response["Location"] = f"{request.path}/{obj.pk}"
    return _tagged(response, obj)


def _snake(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def _value(value: Any) -> Any:
    """Enums as their values, texts trimmed (empty means not filled in)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, str):
        return value.strip() or None
    return value


def _changes(payload: Schema) -> dict[str, Any]:
    """The fields the client sent, under the model's names."""
    return {_snake(name): _value(value) for name, value in payload.model_dump(exclude_unset=True).items()}


def _api_name(field: str) -> str:
    return "body" if field == NON_FIELD_ERRORS else _camel(field)


def _api_names(exc: ValidationError) -> ValidationError:
    """The services name model fields; the client knows the API's field names."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({_api_name(field): errors for field, errors in exc.message_dict.items()})


def _checked(form: forms.Form) -> dict[str, Any]:
    """Input checked by the page's own form, so page and API apply the same rules and messages."""
    if not form.is_valid():
        raise ValidationError({_api_name(field): list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


@contextmanager
def _service() -> Iterator[None]:
    """A refusal of the service becomes a 400 problem, a stale version a 412."""
    try:
        yield
    except ValidationError as exc:
        raise _api_names(exc) from exc
    except StaleVersionError as exc:
        raise HttpError(412, STALE) from exc


def _punten() -> models.QuerySet[Uitgangspunt]:
    links = Prefetch("koppelingen", queryset=UitgangspuntDoel.objects.only("uitgangspunt_id", "doel_id"))
    return Uitgangspunt.objects.prefetch_related(links)


def _doelen(request: HttpRequest, versie: KaderVersie, ids: list[UUID]) -> list[Doel]:
    wanted = list(dict.fromkeys(ids))
    found = {d.pk: d for d in Doel.objects.visible_to(_membership(request)).filter(versie=versie, pk__in=wanted)}  # type: ignore[attr-defined]
    unknown = [str(pk) for pk in wanted if pk not in found]
    if unknown:
        raise ValidationError({"doelen": f"Geen beveiligingsdoel van deze versie: {', '.join(unknown)}."})
    return [found[pk] for pk in wanted]


# --- operations shared by the parts -------------------------------------------------------------


def _list_part(request: HttpRequest, versie_id: UUID, queryset: models.QuerySet[Any]) -> list[Any]:
    _require(request, "kader.view")
    versie = _versie(request, versie_id)
    return list(queryset.filter(versie=versie))


def _get_part(request: HttpRequest, response: HttpResponse, queryset: Any, versie_id: UUID, pk: UUID) -> Any:
    _require(request, "kader.view")
    return _tagged(response, _onderdeel(request, queryset, versie_id, pk))


def _add_part(request: HttpRequest, response: HttpResponse, part: str, versie_id: UUID, payload: Schema) -> Any:
    _require(request, "kader.edit")
    versie = _versie(request, versie_id)
    changes = _changes(payload)
    with _service():
        services.check_theme(_membership(request), part, changes.get("thema"))
        obj = services.add_part(part=part, versie=versie, by=request.user, **changes)
    return _created(request, response, obj)


def _edit_part(
    request: HttpRequest, response: HttpResponse, part: str, versie_id: UUID, pk: UUID, payload: Schema
) -> Any:
    _require(request, "kader.edit")
    obj = _onderdeel(request, services.PART_SPECS[part].model.objects.all(), versie_id, pk)  # type: ignore[attr-defined]
    version = expected_version(request, obj)
    changes = _changes(payload)
    with _service():
        services.check_theme(_membership(request), part, getattr(obj, "thema", None), changes.get("thema"))
        services.edit_part(part=part, obj=obj, by=request.user, expected_version=version, **changes)
    return _tagged(response, obj)


def _delete_part(request: HttpRequest, part: str, versie_id: UUID, pk: UUID) -> None:
    _require(request, "kader.edit")
    obj = _onderdeel(request, services.PART_SPECS[part].model.objects.all(), versie_id, pk)  # type: ignore[attr-defined]
    version = expected_version(request, obj)
    with _service():
        services.check_theme(_membership(request), part, getattr(obj, "thema", None))
        services.delete_part(part=part, obj=obj, by=request.user, expected_version=version)


# --- versions -----------------------------------------------------------------------------------


@router.get(
    "/kader-versies", response=list[KaderVersieOut], summary="Versies van het kader", openapi_extra=_read_extra()
)
def list_kader_versies(request: HttpRequest) -> list[Any]:
    """Alle versies van het kader van de gemeente, de nieuwste eerst."""
    _require(request, "kader.view")
    return list(KaderVersie.objects.visible_to(_membership(request)))


@router.post(
    "/kader-versies",
    response={201: KaderVersieDetailOut},
    summary="Kader starten of nieuwe versie",
    openapi_extra=_created_extra(),
)
def create_kader_versie(request: HttpRequest, payload: KaderVersieNieuw, response: HttpResponse) -> Any:
    """Zonder gebaseerdOp: het kader starten met versie 1 en de startsets. Met gebaseerdOp: een
    nieuwe conceptversie als volledige kopie; kan alleen als er geen versie in bewerking is."""
    _require(request, "kader.edit")
    with _service():
        if payload.gebaseerdOp is None:
            versie = services.start_kader(gemeente=_membership(request).gemeente, by=request.user)
        else:
            basis = KaderVersie.objects.visible_to(_membership(request)).filter(pk=payload.gebaseerdOp).first()
            if basis is None:
                raise ValidationError({"gebaseerd_op": "Onbekende versie van het kader."})
            versie = services.new_version(from_version=basis, by=request.user)
    return _created(request, response, versie)


@router.get(
    VERSIE, response=KaderVersieDetailOut, summary="Eén versie van het kader", openapi_extra=_read_extra(tagged=True)
)
def get_kader_versie(request: HttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """De enkelvoudige onderdelen, wat nog ontbreekt en de gaten tussen doelen en uitgangspunten."""
    _require(request, "kader.view")
    return _tagged(response, _versie(request, versie_id))


@router.patch(
    VERSIE, response=KaderVersieDetailOut, summary="Visie, scope of governance wijzigen", openapi_extra=_changed_extra()
)
def patch_kader_versie(
    request: HttpRequest, payload: KaderVersieWijziging, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen een concept. Status en besluitgegevens veranderen via indiening, terugzetting en vaststelling."""
    _require(request, "kader.edit")
    versie = _versie(request, versie_id)
    version = expected_version(request, versie)
    with _service():
        services.edit(versie=versie, by=request.user, expected_version=version, **_changes(payload))
    return _tagged(response, versie)


@router.post(
    f"{VERSIE}/indiening",
    response=KaderVersieDetailOut,
    summary="Ter besluitvorming leggen",
    openapi_extra=_changed_extra(),
)
def create_indiening(request: HttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """Concept → ter besluitvorming. Ontbreekt er iets, dan volgt 400 met elk ontbrekend onderdeel."""
    _require(request, "kader.edit")
    versie = _versie(request, versie_id)
    expected_version(request, versie)
    try:
        with _service():
            services.submit_for_decision(versie=versie, by=request.user)
    except ValidationError as exc:
        if versie.is_concept:  # refused for what is missing, not for the status
            raise ValidationError({"ontbrekend": exc.messages}) from exc
        raise
    return _tagged(response, versie)


@router.post(
    f"{VERSIE}/terugzetting",
    response=KaderVersieDetailOut,
    summary="Terug naar concept",
    openapi_extra=_changed_extra(),
)
def create_terugzetting(request: HttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """Ter besluitvorming → concept, om vóór het besluit nog iets te wijzigen."""
    _require(request, "kader.edit")
    versie = _versie(request, versie_id)
    expected_version(request, versie)
    with _service():
        services.send_back(versie=versie, by=request.user)
    return _tagged(response, versie)


@router.post(
    f"{VERSIE}/vaststelling",
    response=KaderVersieDetailOut,
    summary="Vaststelling vastleggen",
    openapi_extra=_changed_extra(),
)
def create_vaststelling(
    request: HttpRequest, payload: VaststellingNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Ter besluitvorming → vastgesteld; de vorige vastgestelde versie vervalt. Daarna kan de versie
    niet meer veranderen. Coördinator of bestuurder."""
    _require(request, "kader.adopt")
    versie = _versie(request, versie_id)
    expected_version(request, versie)
    decision = _checked(
        VaststellenForm(
            {
                "vastgesteld_op": payload.vastgesteldOp,
                "vastgesteld_door": payload.vastgesteldDoor,
                "besluitkenmerk": payload.besluitkenmerk or "",
            }
        )
    )
    with _service():
        services.adopt(
            versie=versie,
            on=decision["vastgesteld_op"],
            body=decision["vastgesteld_door"],
            reference=decision["besluitkenmerk"],
            by=request.user,
        )
    return _tagged(response, versie)


# --- scope and kwaliteitssysteem: the parts edited field by field -----------------------------
#
# Groups, deelplannen, laws, PDCA phases and responsibilities all have the same operations, over
# ``services.add_part/edit_part/delete_part``; ``_part_routes`` registers them with the path
# parameter, schemas and Dutch texts of each part.

_KW = inspect.Parameter.KEYWORD_ONLY


def _operation(
    func: Callable[..., Any], name: str, doc: str, params: list[inspect.Parameter], returns: Any
) -> Callable[..., Any]:
    """Give a generated view the name (operation id), docstring and signature ninja reads."""
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)
    func.__name__ = func.__qualname__ = name
    func.__doc__ = doc
    setattr(func, "__signature__", inspect.Signature([request, *params], return_annotation=returns))  # noqa: B010
    return func


@dataclass(frozen=True)
class _Part:
    """How one part appears in the API."""

    part: str  # name in services.PART_SPECS
    segment: str  # URL segment under a version
    param: str  # path parameter of one row
    path: Any  # its ninja Path with the description
    queryset: Callable[[], models.QuerySet[Any]]
    out: type[Schema]
    change: type[Schema]
    new: type[Schema] | None  # None: rows cannot be added or deleted
    names: tuple[str, str]  # (one, many) for the operation ids: get_<one>, list_<many>
    summaries: dict[str, str]  # list, create, get, patch, delete
    docs: dict[str, str]


def _part_routes(spec: _Part) -> None:
    collection, item = f"{VERSIE}/{spec.segment}", f"{VERSIE}/{spec.segment}/{{{spec.param}}}"
    one, many = spec.names
    versie = inspect.Parameter("versie_id", _KW, default=VERSIE_ID, annotation=UUID)
    pk = inspect.Parameter(spec.param, _KW, default=spec.path, annotation=UUID)
    response = inspect.Parameter("response", _KW, annotation=HttpResponse)

    def list_view(request: HttpRequest, versie_id: UUID) -> list[Any]:
        return _list_part(request, versie_id, spec.queryset())

    def get_view(request: HttpRequest, response: HttpResponse, versie_id: UUID, **ids: UUID) -> Any:
        return _get_part(request, response, spec.queryset(), versie_id, ids[spec.param])

    def patch_view(request: HttpRequest, payload: Schema, response: HttpResponse, versie_id: UUID, **ids: UUID) -> Any:
        return _edit_part(request, response, spec.part, versie_id, ids[spec.param], payload)

    rows: Any = list[spec.out]  # type: ignore[name-defined]
    router.get(collection, response=rows, summary=spec.summaries["list"], openapi_extra=_read_extra())(
        _operation(list_view, f"list_{many}", spec.docs["list"], [versie], list[Any])
    )
    if spec.new is not None:

        def create_view(request: HttpRequest, payload: Schema, response: HttpResponse, versie_id: UUID) -> Any:
            return _add_part(request, response, spec.part, versie_id, payload)

        router.post(
            collection, response={201: spec.out}, summary=spec.summaries["create"], openapi_extra=_created_extra()
        )(
            _operation(
                create_view,
                f"create_{one}",
                spec.docs["create"],
                [inspect.Parameter("payload", _KW, annotation=spec.new), response, versie],
                Any,
            )
        )
    router.get(item, response=spec.out, summary=spec.summaries["get"], openapi_extra=_read_extra(tagged=True))(
        _operation(get_view, f"get_{one}", spec.docs["get"], [response, versie, pk], Any)
    )
    router.patch(item, response=spec.out, summary=spec.summaries["patch"], openapi_extra=_changed_extra())(
        _operation(
            patch_view,
            f"patch_{one}",
            spec.docs["patch"],
            [inspect.Parameter("payload", _KW, annotation=spec.change), response, versie, pk],
            Any,
        )
    )
    if spec.new is not None:

        def delete_view(request: HttpRequest, versie_id: UUID, **ids: UUID) -> None:
            _delete_part(request, spec.part, versie_id, ids[spec.param])

        router.delete(item, response={204: None}, summary=spec.summaries["delete"], openapi_extra=_deleted_extra())(
            _operation(delete_view, f"delete_{one}", ONLY_CONCEPT_IF_MATCH, [versie, pk], None)
        )


ONLY_CONCEPT = "Alleen bij een concept."
ONLY_CONCEPT_IF_MATCH = "Alleen bij een concept; met de ETag in If-Match."

_part_routes(
    _Part(
        part="mensgroepen",
        segment="mensgroepen",
        param="mensgroep_id",
        path=MENSGROEP_ID,
        queryset=Mensgroep.objects.all,
        out=MensgroepOut,
        change=MensgroepWijziging,
        new=MensgroepNieuw,
        names=("mensgroep", "mensgroepen"),
        summaries={
            "list": "Groepen mensen in de scope",
            "create": "Groep mensen toevoegen",
            "get": "Eén groep mensen",
            "patch": "Groep mensen wijzigen",
            "delete": "Groep mensen verwijderen",
        },
        docs={
            "list": "De groepen mensen binnen de scope en wat zij moeten weten.",
            "create": ONLY_CONCEPT,
            "get": "Eén groep mensen, met haar versie in de header ETag.",
            "patch": ONLY_CONCEPT_IF_MATCH,
        },
    )
)
_part_routes(
    _Part(
        part="deelplannen",
        segment="deelplannen",
        param="deelplan_id",
        path=DEELPLAN_ID,
        queryset=lambda: Deelplan.objects.defer("bestand"),
        out=DeelplanOut,
        change=DeelplanWijziging,
        new=DeelplanNieuw,
        names=("deelplan", "deelplannen"),
        summaries={
            "list": "Deelplannen",
            "create": "Deelplan toevoegen",
            "get": "Eén deelplan",
            "patch": "Deelplan wijzigen",
            "delete": "Deelplan verwijderen",
        },
        docs={
            "list": "De bestaande deelplannen per thema (zonder de bestanden zelf).",
            "create": "Alleen bij een concept. Een bestand uploaden kan (nog) alleen op de pagina.",
            "get": "Eén deelplan, met zijn versie in de header ETag.",
            "patch": "Alleen bij een concept; met de ETag in If-Match. Vastgesteld vraagt een link of een bestand.",
        },
    )
)
_part_routes(
    _Part(
        part="wetten",
        segment="wetten",
        param="wet_id",
        path=WET_ID,
        queryset=WetOfNorm.objects.all,
        out=WetOfNormOut,
        change=WetOfNormWijziging,
        new=WetOfNormNieuw,
        names=("wet", "wetten"),
        summaries={
            "list": "Wetten en normen",
            "create": "Wet of norm toevoegen",
            "get": "Eén wet of norm",
            "patch": "Wet of norm wijzigen",
            "delete": "Wet of norm verwijderen",
        },
        docs={
            "list": "Het wettelijk kader per thema, en of elke wet of norm van toepassing is.",
            "create": ONLY_CONCEPT,
            "get": "Eén wet of norm, met haar versie in de header ETag.",
            "patch": "Alleen bij een concept; met de ETag in If-Match. Niet van toepassing vraagt een reden.",
        },
    )
)
_part_routes(
    _Part(
        part="pdca",
        segment="pdca-fasen",
        param="fase_id",
        path=FASE_ID,
        queryset=PdcaFase.objects.all,
        out=PdcaFaseOut,
        change=PdcaFaseWijziging,
        new=None,  # the four phases are fixed
        names=("pdca_fase", "pdca_fasen"),
        summaries={
            "list": "Fasen van de PDCA-cyclus",
            "get": "Eén fase van de PDCA-cyclus",
            "patch": "Fase van de PDCA-cyclus beschrijven",
        },
        docs={
            "list": "De vier fasen: wat er gebeurt, wanneer en door wie. Fasen toevoegen of verwijderen kan niet.",
            "get": "Eén fase, met haar versie in de header ETag.",
            "patch": ONLY_CONCEPT_IF_MATCH,
        },
    )
)
_part_routes(
    _Part(
        part="verantwoordelijkheden",
        segment="verantwoordelijkheden",
        param="verantwoordelijkheid_id",
        path=VERANTWOORDELIJKHEID_ID,
        queryset=Verantwoordelijkheid.objects.all,
        out=VerantwoordelijkheidOut,
        change=VerantwoordelijkheidWijziging,
        new=VerantwoordelijkheidNieuw,
        names=("verantwoordelijkheid", "verantwoordelijkheden"),
        summaries={
            "list": "Verantwoordelijkheden",
            "create": "Verantwoordelijkheid toevoegen",
            "get": "Eén verantwoordelijkheid",
            "patch": "Verantwoordelijkheid wijzigen",
            "delete": "Verantwoordelijkheid verwijderen",
        },
        docs={
            "list": "De verantwoordelijkheidsmatrix: per activiteit en rol de aard (RACI).",
            "create": ONLY_CONCEPT,
            "get": "Eén verantwoordelijkheid, met haar versie in de header ETag.",
            "patch": ONLY_CONCEPT_IF_MATCH,
        },
    )
)


PLAN_FILE_RESPONSE = {
    "responses": {
        403: FORBIDDEN,
        200: {
            "description": "Het bestand van het deelplan.",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}}
                for media in ("application/pdf", *services.OFFICE_TYPES.values())
            },
        },
    }
}


@router.get(
    f"{VERSIE}/deelplannen/{{deelplan_id}}/bestand",
    summary="Bestand van een deelplan",
    openapi_extra=PLAN_FILE_RESPONSE,
)
def get_deelplan_bestand(
    request: HttpRequest, versie_id: UUID = VERSIE_ID, deelplan_id: UUID = DEELPLAN_ID
) -> HttpResponse:
    """Het plan zelf (PDF, .docx of .odt) als download; 404 als er geen bestand is."""
    _require(request, "kader.view")
    plan = _onderdeel(request, Deelplan.objects.all(), versie_id, deelplan_id)
    if plan.bestand is None:
        raise Http404
    response = HttpResponse(bytes(plan.bestand), content_type=plan.bestandstype)
    response["Content-Disposition"] = content_disposition_header(True, plan.bestandsnaam)
    return response


# --- beveiligingsdoelen -------------------------------------------------------------------------


@router.get(f"{VERSIE}/doelen", response=list[DoelOut], summary="Beveiligingsdoelen", openapi_extra=_read_extra())
def list_doelen(request: HttpRequest, versie_id: UUID = VERSIE_ID) -> list[Any]:
    """De doelen uit de startset en de eigen doelen van de gemeente."""
    return _list_part(request, versie_id, Doel.objects.all())


@router.post(
    f"{VERSIE}/doelen",
    response={201: DoelOut},
    summary="Eigen beveiligingsdoel toevoegen",
    openapi_extra=_created_extra(),
)
def create_doel(request: HttpRequest, payload: DoelNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """Alleen bij een concept."""
    _require(request, "kader.edit")
    versie = _versie(request, versie_id)
    with _service():
        doel = services.add_doel(versie=versie, by=request.user, **_changes(payload))
    return _created(request, response, doel)


@router.get(
    f"{VERSIE}/doelen/{{doel_id}}",
    response=DoelOut,
    summary="Eén beveiligingsdoel",
    openapi_extra=_read_extra(tagged=True),
)
def get_doel(request: HttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID, doel_id: UUID = DOEL_ID) -> Any:
    """Eén doel, met zijn versie in de header ETag."""
    return _get_part(request, response, Doel.objects.all(), versie_id, doel_id)


@router.patch(
    f"{VERSIE}/doelen/{{doel_id}}",
    response=DoelOut,
    summary="Beveiligingsdoel wijzigen",
    openapi_extra=_changed_extra(),
)
def patch_doel(
    request: HttpRequest,
    payload: DoelWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    doel_id: UUID = DOEL_ID,
) -> Any:
    """Relevant of niet markeren en herschrijven; alleen bij een concept, met de ETag in If-Match."""
    _require(request, "kader.edit")
    doel = _onderdeel(request, Doel.objects.all(), versie_id, doel_id)
    version = expected_version(request, doel)
    fields = {"titel": doel.titel, "toelichting": doel.toelichting, "relevant": doel.relevant, **_changes(payload)}
    with _service():
        services.edit_doel(doel=doel, by=request.user, expected_version=version, **fields)
    return _tagged(response, doel)


@router.delete(
    f"{VERSIE}/doelen/{{doel_id}}",
    response={204: None},
    summary="Eigen beveiligingsdoel verwijderen",
    openapi_extra=_deleted_extra(),
)
def delete_doel(request: HttpRequest, versie_id: UUID = VERSIE_ID, doel_id: UUID = DOEL_ID) -> None:
    """Alleen een eigen doel van een concept; een doel uit de startset markeert u als niet relevant."""
    _delete_part(request, "doelen", versie_id, doel_id)


# --- uitgangspunten -----------------------------------------------------------------------------


@router.get(
    f"{VERSIE}/uitgangspunten", response=list[UitgangspuntOut], summary="Uitgangspunten", openapi_extra=_read_extra()
)
def list_uitgangspunten(request: HttpRequest, versie_id: UUID = VERSIE_ID) -> list[Any]:
    """De uitgangspunten per groep, elk met de ids van de doelen die het dient."""
    return _list_part(request, versie_id, _punten())


@router.post(
    f"{VERSIE}/uitgangspunten",
    response={201: UitgangspuntOut},
    summary="Uitgangspunt toevoegen",
    openapi_extra=_created_extra(),
)
def create_uitgangspunt(
    request: HttpRequest, payload: UitgangspuntNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen bij een concept; de doelen horen bij dezelfde versie."""
    _require(request, "kader.edit")
    versie = _versie(request, versie_id)
    with _service():
        doelen = _doelen(request, versie, payload.doelen)
        punt = services.add_uitgangspunt(
            versie=versie, by=request.user, groep=_value(payload.groep), tekst=payload.tekst, doelen=doelen
        )
    return _created(request, response, punt)


@router.get(
    f"{VERSIE}/uitgangspunten/{{uitgangspunt_id}}",
    response=UitgangspuntOut,
    summary="Eén uitgangspunt",
    openapi_extra=_read_extra(tagged=True),
)
def get_uitgangspunt(
    request: HttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID, uitgangspunt_id: UUID = UITGANGSPUNT_ID
) -> Any:
    """Eén uitgangspunt met zijn doelen, en zijn versie in de header ETag."""
    return _get_part(request, response, _punten(), versie_id, uitgangspunt_id)


@router.patch(
    f"{VERSIE}/uitgangspunten/{{uitgangspunt_id}}",
    response=UitgangspuntOut,
    summary="Uitgangspunt wijzigen",
    openapi_extra=_changed_extra(),
)
def patch_uitgangspunt(
    request: HttpRequest,
    payload: UitgangspuntWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    uitgangspunt_id: UUID = UITGANGSPUNT_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match. Meegestuurde doelen vervangen de gekoppelde."""
    _require(request, "kader.edit")
    punt = _onderdeel(request, _punten(), versie_id, uitgangspunt_id)
    version = expected_version(request, punt)
    sent = payload.model_fields_set
    with _service():
        ids = payload.doelen if "doelen" in sent else [link.doel_id for link in punt.koppelingen.all()]
        services.edit_uitgangspunt(
            punt=punt,
            by=request.user,
            expected_version=version,
            groep=_value(payload.groep) if "groep" in sent else punt.groep,
            tekst=(payload.tekst or "") if "tekst" in sent else punt.tekst,
            doelen=_doelen(request, punt.versie, ids),
        )
    return _tagged(response, _punten().get(pk=punt.pk))


@router.delete(
    f"{VERSIE}/uitgangspunten/{{uitgangspunt_id}}",
    response={204: None},
    summary="Uitgangspunt verwijderen",
    openapi_extra=_deleted_extra(),
)
def delete_uitgangspunt(
    request: HttpRequest, versie_id: UUID = VERSIE_ID, uitgangspunt_id: UUID = UITGANGSPUNT_ID
) -> None:
    """Alleen bij een concept; met de ETag in If-Match. De koppelingen met doelen gaan mee."""
    _delete_part(request, "uitgangspunten", versie_id, uitgangspunt_id)


# --- checklist: hoofdactiviteiten ---------------------------------------------------------------


def _activiteiten() -> models.QuerySet[StapActiviteit]:
    return StapActiviteit.objects.select_related("gedaan_door")


@router.get(
    f"{VERSIE}/activiteiten",
    response=list[ActiviteitOut],
    summary="Hoofdactiviteiten (checklist)",
    openapi_extra=_read_extra(),
)
def list_activiteiten(request: HttpRequest, versie_id: UUID = VERSIE_ID) -> list[Any]:
    """De hoofdactiviteiten van de vijf stappen en of ze zijn gedaan."""
    return _list_part(request, versie_id, _activiteiten())


@router.get(
    f"{VERSIE}/activiteiten/{{activiteit_id}}",
    response=ActiviteitOut,
    summary="Eén hoofdactiviteit",
    openapi_extra=_read_extra(tagged=True),
)
def get_activiteit(
    request: HttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID, activiteit_id: UUID = ACTIVITEIT_ID
) -> Any:
    """Eén hoofdactiviteit, met haar versie in de header ETag."""
    return _get_part(request, response, _activiteiten(), versie_id, activiteit_id)


@router.patch(
    f"{VERSIE}/activiteiten/{{activiteit_id}}",
    response=ActiviteitOut,
    summary="Hoofdactiviteit afvinken of openzetten",
    openapi_extra=_changed_extra(),
)
def patch_activiteit(
    request: HttpRequest,
    payload: ActiviteitWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    activiteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """Kan tot de vaststelling, ook als de versie ter besluitvorming ligt; met de ETag in If-Match."""
    _require(request, "kader.edit")
    activiteit = _onderdeel(request, _activiteiten(), versie_id, activiteit_id)
    expected_version(request, activiteit)  # the service saves against the version just checked
    changes = _changes(payload)
    data = _checked(
        ActiviteitForm(
            {
                "gedaan_op": changes.get("gedaan_op", activiteit.gedaan_op),
                "notitie": changes.get("notitie", activiteit.notitie) or "",
            }
        )
    )
    with _service():
        services.mark_activity(activiteit=activiteit, by=request.user, on=data["gedaan_op"], note=data["notitie"])
    return _tagged(response, activiteit)
