"""API resources: the caller's gemeente and its members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from api.concurrency import expected_version, openapi_etag
from lib.concurrency import StaleVersionError, etag

from . import services
from .models import Gemeente, Membership, PartnerOrganisatie, Role, Thema

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest


router = Router(tags=["gemeenten"])

# The codes of the security themes (organisations.Thema) for every app's schemas; "" is no theme.
ThemaCode = Literal[
    "informatiebeveiliging",
    "fysieke_beveiliging",
    "personele_beveiliging",
    "integriteit",
    "continuiteit",
    "veilige_woon_leefomgeving",
    "bedrijvigheid_veiligheid",
    "jeugd_veiligheid",
    "fysieke_veiligheid",
    "integriteit_veiligheid",
]
GeenThema = Literal[""]

RoleCode = Literal["coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor"]


class GemeenteOut(Schema):
    """Een gemeente."""

    id: UUID = Field(..., description="Vaste id van de gemeente.")
    naam: str = Field(..., description="Naam van de gemeente.")
    cbsCode: str = Field(..., description="CBS-gemeentecode, 'GM' en vier cijfers.")
    hoofdkleur: str = Field(..., description="Hoofdkleur van de huisstijl, als #rrggbb.")
    accentkleur: str = Field(..., description="Accentkleur van de huisstijl, als #rrggbb.")


class LidOut(Schema):
    """Een lid van de gemeente: een gebruiker met een rol."""

    id: UUID = Field(..., description="Vaste id van het lidmaatschap.")
    email: str = Field(..., description="E-mailadres van de gebruiker.")
    naam: str = Field(..., description="Volledige naam van de gebruiker.")
    rol: RoleCode = Field(..., description="De rol binnen de gemeente.")
    themas: list[str] = Field(..., description="Thema's waarvan een thema-eigenaar eigenaar is.")
    partnerorganisatie: UUID | None = Field(..., description="Partnerorganisatie van een ketenpartner.")


class LidWijziging(Schema):
    """De nieuwe rol van een lid. Onbekende velden worden geweigerd."""

    model_config = ConfigDict(extra="forbid")

    rol: RoleCode = Field(..., description="De nieuwe rol.")
    themas: list[Thema] = Field(
        default_factory=list, description="Thema's; verplicht (minstens één) voor een thema-eigenaar."
    )
    partnerorganisatie: UUID | None = Field(
        None, description="Id van de partnerorganisatie; verplicht voor een ketenpartner."
    )


GEMEENTE_ID = Path(..., description="Id van de gemeente.")
LID_ID = Path(..., description="Id van het lid.")


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
        rol=cast(RoleCode, m.role),  # a Role choice; pydantic checks it again
        themas=list(m.themes),
        partnerorganisatie=m.partner_id,
    )


@router.get("/gemeenten", response=list[GemeenteOut], summary="Gemeenten van het token")
def list_gemeenten(request: AuthenticatedHttpRequest) -> list[GemeenteOut]:
    """Een lijst met precies één gemeente: die van het lidmaatschap van het token."""
    return [_gemeente_out(request.membership.gemeente)]


@router.get("/gemeenten/{gemeente_id}", response=GemeenteOut, summary="Eén gemeente")
def get_gemeente(request: AuthenticatedHttpRequest, gemeente_id: UUID = GEMEENTE_ID) -> GemeenteOut:
    """De gemeente van het token. Elke andere id geeft 404, ook als die gemeente bestaat."""
    gemeente = request.membership.gemeente
    if gemeente.pk != gemeente_id:
        raise Http404
    return _gemeente_out(gemeente)


@router.get("/leden", response=list[LidOut], summary="Leden van de gemeente")
def list_leden(request: AuthenticatedHttpRequest) -> list[LidOut]:
    """Coördinator, bestuurder en auditor zien alle leden; andere rollen alleen zichzelf."""
    members = Membership.objects.visible_to(request.membership).select_related("user")
    return [_lid_out(m) for m in members]


def _get_lid(request: AuthenticatedHttpRequest, lid_id: UUID) -> Membership:
    member = Membership.objects.visible_to(request.membership).select_related("user").filter(pk=lid_id).first()
    if member is None:
        raise Http404
    return member


@router.get("/leden/{lid_id}", response=LidOut, summary="Eén lid", openapi_extra=openapi_etag())
def get_lid(request: AuthenticatedHttpRequest, response: HttpResponse, lid_id: UUID = LID_ID) -> LidOut:
    """Eén lid, met zijn versie in de header ETag."""
    member = _get_lid(request, lid_id)
    response["ETag"] = etag(member)
    return _lid_out(member)


@router.patch(
    "/leden/{lid_id}",
    response=LidOut,
    summary="Rol van een lid wijzigen",
    openapi_extra=openapi_etag(if_match=True),
)
def patch_lid(
    request: AuthenticatedHttpRequest, payload: LidWijziging, response: HttpResponse, lid_id: UUID = LID_ID
) -> LidOut:
    """Alleen een coördinator. Stuur de ETag mee in If-Match; de laatste coördinator blijft coördinator."""
    member = _get_lid(request, lid_id)
    version = expected_version(request, member)
    try:
        services.change_role(
            membership=member,
            by=request.membership,
            role=payload.rol,
            themes=[str(thema.value) for thema in payload.themas],
            partner=_partner(request, payload.partnerorganisatie),
            expected_version=version,
            request=request,
            origin="api",
        )
    except ValidationError as exc:
        raise _api_field_names(exc) from exc
    except StaleVersionError as exc:
        raise HttpError(412, "Dit lid is intussen gewijzigd. Haal de actuele versie op.") from exc
    response["ETag"] = etag(member)
    return _lid_out(member)


API_FIELDS = {"role": "rol", "themes": "themas", "partner": "partnerorganisatie"}


def _partner(request: AuthenticatedHttpRequest, partner_id: UUID | None) -> PartnerOrganisatie | None:
    if partner_id is None:
        return None
    partner = PartnerOrganisatie.objects.visible_to(request.membership).filter(pk=partner_id).first()
    if partner is None:
        raise ValidationError({"partner": [_("Onbekende partnerorganisatie.")]})
    return partner


def _api_field_names(exc: ValidationError) -> ValidationError:
    """The service names model fields; the API client knows the API's field names."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({API_FIELDS.get(field, field): errors for field, errors in exc.message_dict.items()})


__all__ = ["Role", "router"]
