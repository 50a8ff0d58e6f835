"""Steps 3 and 4: the beveiligingsdoelen, and the uitgangspunten with the goals each serves."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from lib.permissions import require
from organisations.models import Membership

from .. import services
from ..models import Doel, Uitgangspunt, UitgangspuntDoel
from .common import (
    DOEL_ID,
    TAGS,
    UITGANGSPUNT_ID,
    VERSIE,
    VERSIE_ID,
    add,
    change,
    changed_extra,
    created,
    created_extra,
    deleted_extra,
    part_of,
    read_extra,
    remove,
    tagged,
    version_of,
)
from .schemas import (
    DoelNieuw,
    DoelOut,
    DoelWijziging,
    UitgangspuntNieuw,
    UitgangspuntOut,
    UitgangspuntWijziging,
)

router = Router(tags=TAGS, by_alias=True)

# The goals of each uitgangspunt, in one query for a whole list.
LINKS = Prefetch("koppelingen", queryset=UitgangspuntDoel.objects.only("uitgangspunt_id", "doel_id"))


def _doelen(membership: Membership, versie_id: Any, ids: list[UUID]) -> list[Doel]:
    """The goals of the version with these ids, in the order given; every unknown id is named."""
    wanted = list(dict.fromkeys(ids))
    found = {d.pk: d for d in Doel.objects.visible_to(membership).filter(versie_id=versie_id, pk__in=wanted)}
    unknown = [str(pk) for pk in wanted if pk not in found]
    if unknown:
        raise ValidationError({"doelen": f"Geen beveiligingsdoel van deze versie: {', '.join(unknown)}."})
    return [found[pk] for pk in wanted]


# --- beveiligingsdoelen -------------------------------------------------------------------------


@router.get(f"{VERSIE}/doelen", response=list[DoelOut], summary="Beveiligingsdoelen", openapi_extra=read_extra())
def list_doelen(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[Doel]:
    """De doelen uit de startset en de eigen doelen van de gemeente."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(Doel.objects.filter(versie=versie))


@router.post(
    f"{VERSIE}/doelen",
    response={201: DoelOut},
    summary="Eigen beveiligingsdoel toevoegen",
    openapi_extra=created_extra(),
)
def create_doel(
    request: AuthenticatedHttpRequest, payload: DoelNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen bij een concept."""
    return add(request, response, versie_id, Doel, payload)


@router.get(
    f"{VERSIE}/doelen/{{doel_id}}",
    response=DoelOut,
    summary="Eén beveiligingsdoel",
    openapi_extra=read_extra(tagged=True),
)
def get_doel(
    request: AuthenticatedHttpRequest, response: HttpResponse, versie_id: UUID = VERSIE_ID, doel_id: UUID = DOEL_ID
) -> Any:
    """Eén doel, met zijn versie in de header ETag."""
    require(request.membership, "kader.view")
    doel = part_of(request, Doel, doel_id, versie_id)
    return tagged(response, doel)


@router.patch(
    f"{VERSIE}/doelen/{{doel_id}}",
    response=DoelOut,
    summary="Beveiligingsdoel wijzigen",
    openapi_extra=changed_extra(),
)
def patch_doel(
    request: AuthenticatedHttpRequest,
    payload: DoelWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    doel_id: UUID = DOEL_ID,
) -> Any:
    """Relevant of niet markeren en herschrijven; alleen bij een concept, met de ETag in If-Match."""
    doel = part_of(request, Doel, doel_id, versie_id, to_change=True)
    return change(request, response, doel, payload)


@router.delete(
    f"{VERSIE}/doelen/{{doel_id}}",
    response={204: None},
    summary="Eigen beveiligingsdoel verwijderen",
    openapi_extra=deleted_extra(),
)
def delete_doel(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID, doel_id: UUID = DOEL_ID) -> None:
    """Alleen een eigen doel van een concept; een doel uit de startset markeert u als niet relevant."""
    doel = part_of(request, Doel, doel_id, versie_id, to_change=True)
    remove(request, doel)


# --- uitgangspunten -----------------------------------------------------------------------------


@router.get(
    f"{VERSIE}/uitgangspunten", response=list[UitgangspuntOut], summary="Uitgangspunten", openapi_extra=read_extra()
)
def list_uitgangspunten(request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID) -> list[Uitgangspunt]:
    """De uitgangspunten per groep, elk met de ids van de doelen die het dient."""
    require(request.membership, "kader.view")
    versie = version_of(request, versie_id)
    return list(Uitgangspunt.objects.filter(versie=versie).prefetch_related(LINKS))


@router.post(
    f"{VERSIE}/uitgangspunten",
    response={201: UitgangspuntOut},
    summary="Uitgangspunt toevoegen",
    openapi_extra=created_extra(),
)
def create_uitgangspunt(
    request: AuthenticatedHttpRequest, payload: UitgangspuntNieuw, response: HttpResponse, versie_id: UUID = VERSIE_ID
) -> Any:
    """Alleen bij een concept; de doelen horen bij dezelfde versie."""
    versie = version_of(request, versie_id)
    punt = services.add_part(
        by=request.membership,
        versie=versie,
        model=Uitgangspunt,
        doelen=_doelen(request.membership, versie.pk, payload.doelen),
        **payload.model_dump(exclude={"doelen"}),
    )
    return created(request, response, punt)


@router.get(
    f"{VERSIE}/uitgangspunten/{{uitgangspunt_id}}",
    response=UitgangspuntOut,
    summary="Eén uitgangspunt",
    openapi_extra=read_extra(tagged=True),
)
def get_uitgangspunt(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    uitgangspunt_id: UUID = UITGANGSPUNT_ID,
) -> Any:
    """Eén uitgangspunt met zijn doelen, en zijn versie in de header ETag."""
    require(request.membership, "kader.view")
    punt = get_object_or_404(
        Uitgangspunt.objects.visible_to(request.membership).prefetch_related(LINKS),
        pk=uitgangspunt_id,
        versie_id=versie_id,
    )
    return tagged(response, punt)


@router.patch(
    f"{VERSIE}/uitgangspunten/{{uitgangspunt_id}}",
    response=UitgangspuntOut,
    summary="Uitgangspunt wijzigen",
    openapi_extra=changed_extra(),
)
def patch_uitgangspunt(
    request: AuthenticatedHttpRequest,
    payload: UitgangspuntWijziging,
    response: HttpResponse,
    versie_id: UUID = VERSIE_ID,
    uitgangspunt_id: UUID = UITGANGSPUNT_ID,
) -> Any:
    """Alleen bij een concept; met de ETag in If-Match. Meegestuurde doelen vervangen de gekoppelde."""
    punt = part_of(request, Uitgangspunt, uitgangspunt_id, versie_id, to_change=True)
    sent = payload.model_fields_set
    services.edit_part(
        by=request.membership,
        obj=punt,
        expected_version=expected_version(request, punt),
        doelen=_doelen(request.membership, punt.versie_id, payload.doelen) if "doelen" in sent else None,
        **payload.model_dump(exclude_unset=True, exclude={"doelen"}),
    )
    changed = get_object_or_404(Uitgangspunt.objects.visible_to(request.membership).prefetch_related(LINKS), pk=punt.pk)
    return tagged(response, changed)


@router.delete(
    f"{VERSIE}/uitgangspunten/{{uitgangspunt_id}}",
    response={204: None},
    summary="Uitgangspunt verwijderen",
    openapi_extra=deleted_extra(),
)
def delete_uitgangspunt(
    request: AuthenticatedHttpRequest, versie_id: UUID = VERSIE_ID, uitgangspunt_id: UUID = UITGANGSPUNT_ID
) -> None:
    """Alleen bij een concept; met de ETag in If-Match. De koppelingen met doelen gaan mee."""
    punt = part_of(request, Uitgangspunt, uitgangspunt_id, versie_id, to_change=True)
    remove(request, punt)
