"""The versions of the kader and their transitions (indiening, terugzetting, vaststelling)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from lib.permissions import require

from .. import services
from ..models import KaderVersie
from .common import (
    TAGS,
    VERSIE,
    VERSIE_ID,
    changed_extra,
    created,
    created_extra,
    read_extra,
    tagged,
    version_of,
)
from .schemas import KaderVersieDetailOut, KaderVersieNieuw, KaderVersieOut, KaderVersieWijziging, VaststellingNieuw

router = Router(tags=TAGS, by_alias=True)


@router.get(
    "/kader-versies", response=list[KaderVersieOut], summary="Versies van het kader", openapi_extra=read_extra()
)
def list_kader_versies(request: AuthenticatedHttpRequest) -> list[KaderVersie]:
    """Alle versies van het kader van de gemeente, de nieuwste eerst."""
    require(request.membership, "kader.view")
    return list(KaderVersie.objects.visible_to(request.membership))


@router.post(
    "/kader-versies",
    response={201: KaderVersieDetailOut},
    summary="Kader starten of nieuwe versie",
    openapi_extra=created_extra(),
)
def create_kader_versie(request: AuthenticatedHttpRequest, payload: KaderVersieNieuw, response: HttpResponse) -> Any:
    """Zonder gebaseerdOp: het kader starten met versie 1 en de startsets. Met gebaseerdOp: een
    nieuwe conceptversie als volledige kopie; kan alleen als er geen versie in bewerking is."""
    if payload.gebaseerd_op is None:
        versie = services.start_kader(by=request.membership)
    else:
        basis = KaderVersie.objects.visible_to(request.membership).filter(pk=payload.gebaseerd_op).first()
        if basis is None:
            raise ValidationError({"gebaseerd_op": "Onbekende versie van het kader."})
        versie = services.new_version(by=request.membership, from_version=basis)
    return created(request, response, versie)


@router.get(
    VERSIE, response=KaderVersieDetailOut, summary="Eén versie van het kader", openapi_extra=read_extra(tagged=True)
)
def get_kader_versie(request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """De enkelvoudige onderdelen, wat nog ontbreekt en de gaten tussen doelen en uitgangspunten."""
    require(request.membership, "kader.view")
    return tagged(response, get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=versie_id))


@router.patch(
    VERSIE, response=KaderVersieDetailOut, summary="Visie, scope of governance wijzigen", openapi_extra=changed_extra()
)
def patch_kader_versie(
    request: AuthenticatedHttpRequest,
    payload: KaderVersieWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
) -> Any:
    """Alleen een concept. Status en besluitgegevens veranderen via indiening, terugzetting en vaststelling."""
    versie = version_of(request, versie_id)
    services.edit(
        by=request.membership,
        versie=versie,
        expected_version=expected_version(request, versie),
        **payload.model_dump(exclude_unset=True),
    )
    return tagged(response, versie)


@router.post(
    f"{VERSIE}/indiening",
    response=KaderVersieDetailOut,
    summary="Ter besluitvorming leggen",
    openapi_extra=changed_extra(),
)
def create_indiening(request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """Concept → ter besluitvorming. Ontbreekt er iets, dan volgt 400 met elk ontbrekend onderdeel."""
    versie = version_of(request, versie_id)
    expected_version(request, versie)
    try:
        services.submit_for_decision(by=request.membership, versie=versie)
    except ValidationError as exc:  # the service lists every part that is still empty
        raise ValidationError({"ontbrekend": exc.messages}) from exc
    return tagged(response, versie)


@router.post(
    f"{VERSIE}/terugzetting",
    response=KaderVersieDetailOut,
    summary="Terug naar concept",
    openapi_extra=changed_extra(),
)
def create_terugzetting(request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID) -> Any:
    """Ter besluitvorming → concept, om vóór het besluit nog iets te wijzigen."""
    versie = version_of(request, versie_id)
    expected_version(request, versie)
    services.send_back(by=request.membership, versie=versie)
    return tagged(response, versie)


@router.post(
    f"{VERSIE}/vaststelling",
    response=KaderVersieDetailOut,
    summary="Vaststelling vastleggen",
    openapi_extra=changed_extra(),
)
def create_vaststelling(
    request: AuthenticatedHttpRequest, payload: VaststellingNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Ter besluitvorming → vastgesteld; de vorige vastgestelde versie vervalt. Daarna kan de versie
    niet meer veranderen. Coördinator of bestuurder."""
    versie = version_of(request, versie_id)
    expected_version(request, versie)
    services.adopt(
        by=request.membership,
        versie=versie,
        on=payload.vastgesteld_op,
        body=payload.vastgesteld_door,
        reference=payload.besluitkenmerk or "",
    )
    return tagged(response, versie)
