"""Step 5, kwaliteitssysteem: the phases of the PDCA cycle and the responsibility matrix."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from accounts.http import AuthenticatedHttpRequest
from lib.permissions import require

from ..models import PdcaFase, Verantwoordelijkheid
from .common import (
    FASE_ID,
    TAGS,
    VERANTWOORDELIJKHEID_ID,
    VERSIE,
    VERSIE_ID,
    add,
    change,
    changed_extra,
    created_extra,
    deleted_extra,
    part_of,
    read_extra,
    remove,
    tagged,
    version_of,
)
from .schemas import (
    PdcaFaseOut,
    PdcaFaseWijziging,
    VerantwoordelijkheidNieuw,
    VerantwoordelijkheidOut,
    VerantwoordelijkheidWijziging,
)

router = Router(tags=TAGS, by_alias=True)


# --- the PDCA cycle: four fixed phases, described but never added or deleted --------------------


@router.get(
    f"{VERSIE}/pdca-fasen", response=list[PdcaFaseOut], summary="Fasen van de PDCA-cyclus", openapi_extra=read_extra()
)
def list_pdca_fasen(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[PdcaFase]:
    """De vier fasen: wat er gebeurt, wanneer en door wie. Fasen toevoegen of verwijderen kan niet."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(PdcaFase.objects.filter(versie=versie))


@router.get(
    f"{VERSIE}/pdca-fasen/{{fase_id}}",
    response=PdcaFaseOut,
    summary="Eén fase van de PDCA-cyclus",
    openapi_extra=read_extra(tagged=True),
)
def get_pdca_fase(
    request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID, fase_id: UUID = FASE_ID
) -> Any:
    """Eén fase, met haar versie in de header ETag."""
    require(request.membership, "kader.view")
    fase = part_of(request, PdcaFase, fase_id, versie_id)
    return tagged(response, fase)


@router.patch(
    f"{VERSIE}/pdca-fasen/{{fase_id}}",
    response=PdcaFaseOut,
    summary="Fase van de PDCA-cyclus beschrijven",
    openapi_extra=changed_extra(),
)
def patch_pdca_fase(
    request: AuthenticatedHttpRequest,
    payload: PdcaFaseWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    fase_id: UUID = FASE_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match."""
    fase = part_of(request, PdcaFase, fase_id, versie_id, to_change=True)
    return change(request, response, fase, payload)


# --- the responsibility matrix ------------------------------------------------------------------


@router.get(
    f"{VERSIE}/verantwoordelijkheden",
    response=list[VerantwoordelijkheidOut],
    summary="Verantwoordelijkheden",
    openapi_extra=read_extra(),
)
def list_verantwoordelijkheden(
    request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID
) -> list[Verantwoordelijkheid]:
    """De verantwoordelijkheidsmatrix: per activiteit en rol de aard (RACI)."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(Verantwoordelijkheid.objects.filter(versie=versie))


@router.post(
    f"{VERSIE}/verantwoordelijkheden",
    response={201: VerantwoordelijkheidOut},
    summary="Verantwoordelijkheid toevoegen",
    openapi_extra=created_extra(),
)
def create_verantwoordelijkheid(
    request: AuthenticatedHttpRequest,
    payload: VerantwoordelijkheidNieuw,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
) -> Any:
    """Alleen bij een concept."""
    return add(request, response, versie_id, Verantwoordelijkheid, payload)


@router.get(
    f"{VERSIE}/verantwoordelijkheden/{{verantwoordelijkheid_id}}",
    response=VerantwoordelijkheidOut,
    summary="Eén verantwoordelijkheid",
    openapi_extra=read_extra(tagged=True),
)
def get_verantwoordelijkheid(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    verantwoordelijkheid_id: UUID = VERANTWOORDELIJKHEID_ID,
) -> Any:
    """Eén verantwoordelijkheid, met haar versie in de header ETag."""
    require(request.membership, "kader.view")
    cel = get_object_or_404(
        Verantwoordelijkheid.objects.visible_to(request.membership), pk=verantwoordelijkheid_id, versie_id=versie_id
    )
    return tagged(response, cel)


@router.patch(
    f"{VERSIE}/verantwoordelijkheden/{{verantwoordelijkheid_id}}",
    response=VerantwoordelijkheidOut,
    summary="Verantwoordelijkheid wijzigen",
    openapi_extra=changed_extra(),
)
def patch_verantwoordelijkheid(
    request: AuthenticatedHttpRequest,
    payload: VerantwoordelijkheidWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    verantwoordelijkheid_id: UUID = VERANTWOORDELIJKHEID_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match."""
    cel = part_of(request, Verantwoordelijkheid, verantwoordelijkheid_id, versie_id, to_change=True)
    return change(request, response, cel, payload)


@router.delete(
    f"{VERSIE}/verantwoordelijkheden/{{verantwoordelijkheid_id}}",
    response={204: None},
    summary="Verantwoordelijkheid verwijderen",
    openapi_extra=deleted_extra(),
)
def delete_verantwoordelijkheid(
    request: AuthenticatedHttpRequest,
    versie_id: UUID = VERSIE_ID,
    verantwoordelijkheid_id: UUID = VERANTWOORDELIJKHEID_ID,
) -> None:
    """Alleen bij een concept; met de ETag in If-Match."""
    cel = part_of(request, Verantwoordelijkheid, verantwoordelijkheid_id, versie_id, to_change=True)
    remove(request, cel)
