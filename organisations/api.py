"""API resources: the caller's gemeente and its members."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from api.concurrency import expected_version
from lib.concurrency import StaleVersionError, etag

from . import services
from .models import Gemeente, Membership, PartnerOrganisatie, Role, Thema

router = Router(tags=["gemeenten"])

RoleCode = Literal["coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor"]
ThemaCode = Literal[tuple(Thema.values)]  # type: ignore[valid-type]


class GemeenteOut(Schema):
    id: UUID
    naam: str = Field(..., description="Naam van de gemeente.")
    cbsCode: str = Field(..., description="CBS-gemeentecode, 'GM' en vier cijfers.")
    hoofdkleur: str
    accentkleur: str


class LidOut(Schema):
    id: UUID
    email: str
    naam: str
    rol: RoleCode
    themas: list[str]
    partnerorganisatie: UUID | None


class LidWijziging(Schema):
    model_config = ConfigDict(extra="forbid")

    rol: RoleCode
    themas: list[ThemaCode] = Field(default_factory=list)
    partnerorganisatie: UUID | None = None


def _gemeente_out(gemeente: Gemeente) -> GemeenteOut:
    return GemeenteOut(
        id=gemeente.pk,
        naam=gemeente.name,
        cbsCode=gemeente.cbs_code,
        hoofdkleur=gemeente.primary_colour,
        accentkleur=gemeente.accent_colour,
    )


def _lid_out(m: Membership) -> LidOut:
    return LidOut(
        id=m.pk,
        email=m.user.email,
        naam=m.user.full_name,
        rol=m.role,  # type: ignore[arg-type]
        themas=list(m.themes),
        partnerorganisatie=m.partner_id,
    )


@router.get("/gemeenten", response=list[GemeenteOut], summary="De gemeente van het token")
def list_gemeenten(request: HttpRequest) -> list[GemeenteOut]:
    return [_gemeente_out(request.membership.gemeente)]  # type: ignore[attr-defined]


@router.get("/gemeenten/{gemeente_id}", response=GemeenteOut, summary="Eén gemeente")
def get_gemeente(request: HttpRequest, gemeente_id: UUID) -> GemeenteOut:
    gemeente = request.membership.gemeente  # type: ignore[attr-defined]
    if gemeente.pk != gemeente_id:
        raise Http404
    return _gemeente_out(gemeente)


@router.get("/leden", response=list[LidOut], summary="Leden van de gemeente")
def list_leden(request: HttpRequest) -> list[LidOut]:
    members = Membership.objects.visible_to(request.membership).select_related("user")  # type: ignore[attr-defined]
    return [_lid_out(m) for m in members]


def _get_lid(request: HttpRequest, lid_id: UUID) -> Membership:
    member = (
        Membership.objects.visible_to(request.membership)  # type: ignore[attr-defined]
        .select_related("user")
        .filter(pk=lid_id)
        .first()
    )
    if member is None:
        raise Http404
    return member


@router.get("/leden/{lid_id}", response=LidOut, summary="Eén lid")
def get_lid(request: HttpRequest, lid_id: UUID, response: HttpResponse) -> LidOut:
    member = _get_lid(request, lid_id)
    response["ETag"] = etag(member)
    return _lid_out(member)


@router.patch("/leden/{lid_id}", response=LidOut, summary="Rol van een lid wijzigen (coördinator)")
def patch_lid(request: HttpRequest, lid_id: UUID, payload: LidWijziging, response: HttpResponse) -> LidOut:
    member = _get_lid(request, lid_id)
    version = expected_version(request, member)
    partner = None
    if payload.partnerorganisatie:
        partner = (
            PartnerOrganisatie.objects.visible_to(request.membership)  # type: ignore[attr-defined]
            .filter(pk=payload.partnerorganisatie)
            .first()
        )
        if partner is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"partnerorganisatie": ["Onbekende partnerorganisatie."]})
    try:
        services.change_role(
            membership=member,
            by=request.membership,  # type: ignore[attr-defined]
            role=payload.rol,
            themes=list(payload.themas),
            partner=partner,
            expected_version=version,
            request=request,
            origin="api",
        )
    except StaleVersionError as exc:
        raise HttpError(412, "Dit lid is intussen gewijzigd. Haal de actuele versie op.") from exc
    response["ETag"] = etag(member)
    return _lid_out(member)


__all__ = ["Role", "router"]
