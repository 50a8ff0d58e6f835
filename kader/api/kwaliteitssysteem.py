"""Step 5, kwaliteitssysteem: the phases of the PDCA cycle and the responsibility matrix."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from lib.permissions import require

from .. import services
from ..models import KaderVersie, PdcaFase, Verantwoordelijkheid
from .common import (
    FASE_ID,
    TAGS,
    VERANTWOORDELIJKHEID_ID,
    VERSIE,
    VERSIE_ID,
    changed_extra,
    created,
    created_extra,
    deleted_extra,
    read_extra,
    tagged,
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
    versie = get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=versie_id)
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
    fase = get_object_or_404(PdcaFase.objects.visible_to(request.membership), pk=fase_id, versie_id=versie_id)
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
    fase = get_object_or_404(
        PdcaFase.objects.visible_to(request.membership).select_related("versie"), pk=fase_id, versie_id=versie_id
    )
    services.edit_part(
        by=request.membership,
        obj=fase,
        expected_version=expected_version(request, fase),
        **payload.model_dump(exclude_unset=True),
    )
    return tagged(response, fase)


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
    versie = get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=versie_id)
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
    versie = get_object_or_404(KaderVersie.objects.visible_to(request.membership), pk=versie_id)
    cel = services.add_part(
        by=request.membership, versie=versie, model=Verantwoordelijkheid, **payload.model_dump(exclude_unset=True)
    )
    return created(request, response, cel)


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
    cel = get_object_or_404(
        Verantwoordelijkheid.objects.visible_to(request.membership).select_related("versie"),
        pk=verantwoordelijkheid_id,
        versie_id=versie_id,
    )
    services.edit_part(
        by=request.membership,
        obj=cel,
        expected_version=expected_version(request, cel),
        **payload.model_dump(exclude_unset=True),
    )
    return tagged(response, cel)


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
    cel = get_object_or_404(
        Verantwoordelijkheid.objects.visible_to(request.membership).select_related("versie"),
        pk=verantwoordelijkheid_id,
        versie_id=versie_id,
    )
    services.delete_part(by=request.membership, obj=cel, expected_version=expected_version(request, cel))
