"""Step 2, scope: the groups of people, the deelplannen (with their files) and the laws and norms."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from accounts.http import AuthenticatedHttpRequest
from documents.http import download
from lib.permissions import require

from ..models import OFFICE_TYPES, Deelplan, Mensgroep, WetOfNorm
from .common import (
    DEELPLAN_ID,
    FORBIDDEN,
    MENSGROEP_ID,
    TAGS,
    VERSIE,
    VERSIE_ID,
    WET_ID,
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
    DeelplanNieuw,
    DeelplanOut,
    DeelplanWijziging,
    MensgroepNieuw,
    MensgroepOut,
    MensgroepWijziging,
    WetOfNormNieuw,
    WetOfNormOut,
    WetOfNormWijziging,
)

router = Router(tags=TAGS, by_alias=True)


# --- groups of people ---------------------------------------------------------------------------


@router.get(
    f"{VERSIE}/mensgroepen",
    response=list[MensgroepOut],
    summary="Groepen mensen in de scope",
    openapi_extra=read_extra(),
)
def list_mensgroepen(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[Mensgroep]:
    """De groepen mensen binnen de scope en wat zij moeten weten."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(Mensgroep.objects.filter(versie=versie))


@router.post(
    f"{VERSIE}/mensgroepen",
    response={201: MensgroepOut},
    summary="Groep mensen toevoegen",
    openapi_extra=created_extra(),
)
def create_mensgroep(
    request: AuthenticatedHttpRequest, payload: MensgroepNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen bij een concept."""
    return add(request, response, versie_id, Mensgroep, payload)


@router.get(
    f"{VERSIE}/mensgroepen/{{mensgroep_id}}",
    response=MensgroepOut,
    summary="Eén groep mensen",
    openapi_extra=read_extra(tagged=True),
)
def get_mensgroep(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    mensgroep_id: UUID = MENSGROEP_ID,
) -> Any:
    """Eén groep mensen, met haar versie in de header ETag."""
    require(request.membership, "kader.view")
    groep = part_of(request, Mensgroep, mensgroep_id, versie_id)
    return tagged(response, groep)


@router.patch(
    f"{VERSIE}/mensgroepen/{{mensgroep_id}}",
    response=MensgroepOut,
    summary="Groep mensen wijzigen",
    openapi_extra=changed_extra(),
)
def patch_mensgroep(
    request: AuthenticatedHttpRequest,
    payload: MensgroepWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    mensgroep_id: UUID = MENSGROEP_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match."""
    groep = part_of(request, Mensgroep, mensgroep_id, versie_id, to_change=True)
    return change(request, response, groep, payload)


@router.delete(
    f"{VERSIE}/mensgroepen/{{mensgroep_id}}",
    response={204: None},
    summary="Groep mensen verwijderen",
    openapi_extra=deleted_extra(),
)
def delete_mensgroep(
    request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID, mensgroep_id: UUID = MENSGROEP_ID
) -> None:
    """Alleen bij een concept; met de ETag in If-Match."""
    groep = part_of(request, Mensgroep, mensgroep_id, versie_id, to_change=True)
    remove(request, groep)


# --- deelplannen --------------------------------------------------------------------------------


@router.get(f"{VERSIE}/deelplannen", response=list[DeelplanOut], summary="Deelplannen", openapi_extra=read_extra())
def list_deelplannen(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[Deelplan]:
    """De bestaande deelplannen per thema (zonder de bestanden zelf)."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(Deelplan.objects.filter(versie=versie).defer("bestand"))


@router.post(
    f"{VERSIE}/deelplannen",
    response={201: DeelplanOut},
    summary="Deelplan toevoegen",
    openapi_extra=created_extra(),
)
def create_deelplan(
    request: AuthenticatedHttpRequest, payload: DeelplanNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen bij een concept. Een bestand uploaden kan (nog) alleen op de pagina."""
    return add(request, response, versie_id, Deelplan, payload)


@router.get(
    f"{VERSIE}/deelplannen/{{deelplan_id}}",
    response=DeelplanOut,
    summary="Eén deelplan",
    openapi_extra=read_extra(tagged=True),
)
def get_deelplan(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    deelplan_id: UUID = DEELPLAN_ID,
) -> Any:
    """Eén deelplan, met zijn versie in de header ETag."""
    require(request.membership, "kader.view")
    plan = get_object_or_404(
        Deelplan.objects.visible_to(request.membership).defer("bestand"), pk=deelplan_id, versie_id=versie_id
    )
    return tagged(response, plan)


@router.patch(
    f"{VERSIE}/deelplannen/{{deelplan_id}}",
    response=DeelplanOut,
    summary="Deelplan wijzigen",
    openapi_extra=changed_extra(),
)
def patch_deelplan(
    request: AuthenticatedHttpRequest,
    payload: DeelplanWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    deelplan_id: UUID = DEELPLAN_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match. Vastgesteld vraagt een link of een bestand."""
    plan = get_object_or_404(
        Deelplan.objects.visible_to(request.membership).select_related("versie").defer("bestand"),
        pk=deelplan_id,
        versie_id=versie_id,
    )
    return change(request, response, plan, payload)


@router.delete(
    f"{VERSIE}/deelplannen/{{deelplan_id}}",
    response={204: None},
    summary="Deelplan verwijderen",
    openapi_extra=deleted_extra(),
)
def delete_deelplan(
    request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID, deelplan_id: UUID = DEELPLAN_ID
) -> None:
    """Alleen bij een concept; met de ETag in If-Match."""
    plan = get_object_or_404(
        Deelplan.objects.visible_to(request.membership).select_related("versie").defer("bestand"),
        pk=deelplan_id,
        versie_id=versie_id,
    )
    remove(request, plan)


PLAN_FILE_RESPONSE = {
    "responses": {
        403: FORBIDDEN,
        200: {
            "description": "Het bestand van het deelplan.",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}}
                for media in ("application/pdf", *OFFICE_TYPES.values())
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
    request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID, deelplan_id: UUID = DEELPLAN_ID
) -> HttpResponse:
    """Het plan zelf (PDF, .docx of .odt) als download; 404 als er geen bestand is."""
    require(request.membership, "kader.view")
    plan = part_of(request, Deelplan, deelplan_id, versie_id)
    if plan.bestand is None:
        raise Http404
    return download(
        bytes(plan.bestand), plan.bestandstype or "application/octet-stream", plan.bestandsnaam or "deelplan"
    )


# --- laws and norms -----------------------------------------------------------------------------


@router.get(f"{VERSIE}/wetten", response=list[WetOfNormOut], summary="Wetten en normen", openapi_extra=read_extra())
def list_wetten(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[WetOfNorm]:
    """Het wettelijk kader per thema, en of elke wet of norm van toepassing is."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(WetOfNorm.objects.filter(versie=versie))


@router.post(
    f"{VERSIE}/wetten",
    response={201: WetOfNormOut},
    summary="Wet of norm toevoegen",
    openapi_extra=created_extra(),
)
def create_wet(
    request: AuthenticatedHttpRequest, payload: WetOfNormNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen bij een concept."""
    return add(request, response, versie_id, WetOfNorm, payload)


@router.get(
    f"{VERSIE}/wetten/{{wet_id}}",
    response=WetOfNormOut,
    summary="Eén wet of norm",
    openapi_extra=read_extra(tagged=True),
)
def get_wet(
    request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID, wet_id: UUID = WET_ID
) -> Any:
    """Eén wet of norm, met haar versie in de header ETag."""
    require(request.membership, "kader.view")
    wet = part_of(request, WetOfNorm, wet_id, versie_id)
    return tagged(response, wet)


@router.patch(
    f"{VERSIE}/wetten/{{wet_id}}",
    response=WetOfNormOut,
    summary="Wet of norm wijzigen",
    openapi_extra=changed_extra(),
)
def patch_wet(
    request: AuthenticatedHttpRequest,
    payload: WetOfNormWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    wet_id: UUID = WET_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match. Niet van toepassing vraagt een reden."""
    wet = part_of(request, WetOfNorm, wet_id, versie_id, to_change=True)
    return change(request, response, wet, payload)


@router.delete(
    f"{VERSIE}/wetten/{{wet_id}}",
    response={204: None},
    summary="Wet of norm verwijderen",
    openapi_extra=deleted_extra(),
)
def delete_wet(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID, wet_id: UUID = WET_ID) -> None:
    """Alleen bij een concept; met de ETag in If-Match."""
    wet = part_of(request, WetOfNorm, wet_id, versie_id, to_change=True)
    remove(request, wet)
