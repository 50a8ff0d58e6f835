"""The checklist: the main activities of the five steps, ticked off or reopened."""

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
from ..models import StapActiviteit
from .common import (
    ACTIVITEIT_ID,
    TAGS,
    VERSIE,
    VERSIE_ID,
    changed_extra,
    read_extra,
    tagged,
    version_of,
)
from .schemas import ActiviteitOut, ActiviteitWijziging

router = Router(tags=TAGS, by_alias=True)


@router.get(
    f"{VERSIE}/activiteiten",
    response=list[ActiviteitOut],
    summary="Hoofdactiviteiten (checklist)",
    openapi_extra=read_extra(),
)
def list_activiteiten(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[StapActiviteit]:
    """De hoofdactiviteiten van de vijf stappen en of ze zijn gedaan."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(StapActiviteit.objects.filter(versie=versie).select_related("gedaan_door"))


@router.get(
    f"{VERSIE}/activiteiten/{{activiteit_id}}",
    response=ActiviteitOut,
    summary="Eén hoofdactiviteit",
    openapi_extra=read_extra(tagged=True),
)
def get_activiteit(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    activiteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """Eén hoofdactiviteit, met haar versie in de header ETag."""
    require(request.membership, "kader.view")
    activiteit = get_object_or_404(
        StapActiviteit.objects.visible_to(request.membership).select_related("gedaan_door"),
        pk=activiteit_id,
        versie_id=versie_id,
    )
    return tagged(response, activiteit)


@router.patch(
    f"{VERSIE}/activiteiten/{{activiteit_id}}",
    response=ActiviteitOut,
    summary="Hoofdactiviteit afvinken of openzetten",
    openapi_extra=changed_extra(),
)
def patch_activiteit(
    request: AuthenticatedHttpRequest,
    payload: ActiviteitWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    activiteit_id: UUID = ACTIVITEIT_ID,
) -> Any:
    """Kan tot de vaststelling, ook als de versie ter besluitvorming ligt; met de ETag in If-Match."""
    activiteit = get_object_or_404(
        StapActiviteit.objects.visible_to(request.membership).select_related("versie", "gedaan_door"),
        pk=activiteit_id,
        versie_id=versie_id,
    )
    expected_version(request, activiteit)  # the service saves against the version just checked
    sent = payload.model_fields_set
    services.mark_activity(
        by=request.membership,
        activiteit=activiteit,
        on=payload.gedaan_op if "gedaan_op" in sent else activiteit.gedaan_op,
        note=payload.notitie if "notitie" in sent else activiteit.notitie,
    )
    return tagged(response, activiteit)
