"""The register's foundations: its assets (bedrijfsmiddelen), the threat catalogue (dreigingen) and the
versions of the risk matrix, with the dry run and the application of a change of the matrix."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from lib.errors import StateConflict
from lib.permissions import require
from lib.querysets import count_of

from .. import content, services
from ..forms import contrast_with_text
from ..models import Bedrijfsmiddel, Dreiging, Matrix, RisicoBedrijfsmiddel
from .common import (
    BEDRIJFSMIDDEL_ID,
    DREIGING_ID,
    MATRIX_ID,
    TAGS,
    changed_extra,
    created,
    created_extra,
    deleted_extra,
    page_of,
    read_extra,
    reader,
    tagged,
    writing,
)
from .schemas import (
    BedrijfsmiddelNieuw,
    BedrijfsmiddelOut,
    BedrijfsmiddelWijziging,
    DreigingNieuw,
    DreigingOut,
    DreigingWijziging,
    MatrixOut,
    MatrixWijziging,
    Paginering,
    RegisterStart,
    WijzigingsplanOut,
)

router = Router(tags=TAGS, by_alias=True)

BEDRIJFSMIDDEL = "/bedrijfsmiddelen/{bedrijfsmiddel_id}"
DREIGING = "/dreigingen/{dreiging_id}"
MATRIX = "/risicomatrices/{matrix_id}"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CATALOGUS = {key: (naam, moedwillig, uitleg) for key, naam, moedwillig, uitleg in content.DREIGINGEN}
# The fields of a model that the API sends as null for "not chosen" (the model stores "").
BLANK_CHOICES = ("scope", "vertrouwelijkheid", "integriteit", "beschikbaarheid")


def _fields(sent: dict[str, Any]) -> dict[str, Any]:
    """What was sent as the model stores it: null choices as "", themes once each."""
    fields = {name: "" if name in BLANK_CHOICES and value is None else value for name, value in sent.items()}
    if "themas" in fields:
        fields["themas"] = list(dict.fromkeys(fields["themas"]))
    return fields


# --- bedrijfsmiddelen -----------------------------------------------------------------------------


def _bedrijfsmiddelen(request: AuthenticatedHttpRequest) -> QuerySet[Bedrijfsmiddel]:
    reader(request)
    found = Bedrijfsmiddel.objects.visible_to(request.membership)
    return found.annotate(aantal_risicos=count_of(RisicoBedrijfsmiddel, "bedrijfsmiddel")).order_by("naam", "pk")


def _bedrijfsmiddel(request: AuthenticatedHttpRequest, pk: UUID) -> Bedrijfsmiddel:
    return get_object_or_404(_bedrijfsmiddelen(request), pk=pk)


@router.get(
    "/bedrijfsmiddelen",
    response=list[BedrijfsmiddelOut],
    summary="Bedrijfsmiddelen",
    openapi_extra=read_extra(paged=True),
)
def list_bedrijfsmiddelen(
    request: AuthenticatedHttpRequest, response: HttpResponse, pagina: Query[Paginering]
) -> list[Bedrijfsmiddel]:
    """Wat de gemeente beschermt, op naam, met het aantal risico's; één pagina tegelijk."""
    return page_of(request, response, _bedrijfsmiddelen(request), pagina.pagina, pagina.paginaGrootte)


@router.post(
    "/bedrijfsmiddelen",
    response={201: BedrijfsmiddelOut},
    summary="Bedrijfsmiddel toevoegen",
    openapi_extra=created_extra(),
)
def create_bedrijfsmiddel(
    request: AuthenticatedHttpRequest, payload: BedrijfsmiddelNieuw, response: HttpResponse
) -> Any:
    """Coördinator, of thema-eigenaar met een van zijn eigen thema's."""
    with writing():
        made = services.add_bedrijfsmiddel(by=request.membership, **_fields(payload.model_dump(exclude_unset=True)))
    return created(response, _bedrijfsmiddel(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    BEDRIJFSMIDDEL, response=BedrijfsmiddelOut, summary="Eén bedrijfsmiddel", openapi_extra=read_extra(tagged=True)
)
def get_bedrijfsmiddel(
    request: AuthenticatedHttpRequest, response: HttpResponse, bedrijfsmiddel_id: UUID = BEDRIJFSMIDDEL_ID
) -> Any:
    """Eén bedrijfsmiddel, met zijn versie in de header ETag. Zijn risico's: /risico's met dit id."""
    return tagged(response, _bedrijfsmiddel(request, bedrijfsmiddel_id))


@router.patch(
    BEDRIJFSMIDDEL, response=BedrijfsmiddelOut, summary="Bedrijfsmiddel wijzigen", openapi_extra=changed_extra()
)
def patch_bedrijfsmiddel(
    request: AuthenticatedHttpRequest,
    payload: BedrijfsmiddelWijziging,
    response: HttpResponse,
    bedrijfsmiddel_id: UUID = BEDRIJFSMIDDEL_ID,
) -> Any:
    """Alleen meegestuurde velden veranderen; met de ETag in If-Match."""
    found = _bedrijfsmiddel(request, bedrijfsmiddel_id)
    version = expected_version(request, found)
    with writing():
        services.edit_bedrijfsmiddel(
            by=request.membership,
            bedrijfsmiddel=found,
            expected_version=version,
            **_fields(payload.model_dump(exclude_unset=True)),
        )
    return tagged(response, _bedrijfsmiddel(request, bedrijfsmiddel_id))


@router.delete(
    BEDRIJFSMIDDEL, response={204: None}, summary="Bedrijfsmiddel verwijderen", openapi_extra=deleted_extra()
)
def delete_bedrijfsmiddel(request: AuthenticatedHttpRequest, bedrijfsmiddel_id: UUID = BEDRIJFSMIDDEL_ID) -> None:
    """De risico's blijven; zij raken het bedrijfsmiddel niet meer. Met de ETag in If-Match."""
    found = _bedrijfsmiddel(request, bedrijfsmiddel_id)
    expected_version(request, found)
    with writing():
        services.delete_bedrijfsmiddel(by=request.membership, bedrijfsmiddel=found)


# --- dreigingen -----------------------------------------------------------------------------------


def _dreigingen(request: AuthenticatedHttpRequest) -> QuerySet[Dreiging]:
    reader(request)
    return Dreiging.objects.visible_to(request.membership).annotate(aantal_risicos=Count("risicos"))


def _dreiging(request: AuthenticatedHttpRequest, pk: UUID) -> Dreiging:
    return get_object_or_404(_dreigingen(request), pk=pk)


def _new_dreiging(request: AuthenticatedHttpRequest, sent: dict[str, Any]) -> dict[str, Any]:
    """A threat of the gemeente's own, or one of the starting catalogue (what was sent goes first)."""
    sleutel = sent.get("sleutel")
    if sleutel is not None:
        naam, moedwillig, uitleg = CATALOGUS[sleutel]
        if Dreiging.objects.visible_to(request.membership).filter(sleutel=sleutel).exists():
            raise ValidationError({"sleutel": "Deze dreiging uit de startset staat al in de lijst."})
        sent = {"naam": naam, "moedwillig": moedwillig, "omschrijving": uitleg, **sent}
    missing = {name: "Dit veld is verplicht zonder sleutel." for name in ("naam", "moedwillig") if name not in sent}
    if missing:
        raise ValidationError(missing)
    return sent


@router.get("/dreigingen", response=list[DreigingOut], summary="Dreigingen", openapi_extra=read_extra())
def list_dreigingen(request: AuthenticatedHttpRequest) -> list[Dreiging]:
    """De lijst van dreigingen van de gemeente, moedwillige eerst, met het aantal risico's per dreiging."""
    return list(_dreigingen(request))


@router.post("/dreigingen", response={201: DreigingOut}, summary="Dreiging toevoegen", openapi_extra=created_extra())
def create_dreiging(request: AuthenticatedHttpRequest, payload: DreigingNieuw, response: HttpResponse) -> Any:
    """Alleen de coördinator. Met ``sleutel`` komt een dreiging uit de startset terug in de lijst."""
    require(request.membership, "risicos.matrix")
    fields = _new_dreiging(request, payload.model_dump(exclude_unset=True))
    with writing():
        made = services.add_dreiging(by=request.membership, **fields)
    return created(response, _dreiging(request, made.pk), f"{request.path}/{made.pk}")


@router.get(DREIGING, response=DreigingOut, summary="Eén dreiging", openapi_extra=read_extra(tagged=True))
def get_dreiging(request: AuthenticatedHttpRequest, response: HttpResponse, dreiging_id: UUID = DREIGING_ID) -> Any:
    """Eén dreiging, met haar versie in de header ETag."""
    return tagged(response, _dreiging(request, dreiging_id))


@router.patch(DREIGING, response=DreigingOut, summary="Dreiging wijzigen", openapi_extra=changed_extra())
def patch_dreiging(
    request: AuthenticatedHttpRequest,
    payload: DreigingWijziging,
    response: HttpResponse,
    dreiging_id: UUID = DREIGING_ID,
) -> Any:
    """Alleen de coördinator; met de ETag in If-Match."""
    found = _dreiging(request, dreiging_id)
    version = expected_version(request, found)
    with writing():
        services.edit_dreiging(
            by=request.membership, dreiging=found, expected_version=version, **payload.model_dump(exclude_unset=True)
        )
    return tagged(response, _dreiging(request, dreiging_id))


@router.delete(DREIGING, response={204: None}, summary="Dreiging verwijderen", openapi_extra=deleted_extra())
def delete_dreiging(request: AuthenticatedHttpRequest, dreiging_id: UUID = DREIGING_ID) -> None:
    """Alleen de coördinator, en niet zolang een risico de dreiging heeft (409). Met de ETag in If-Match."""
    found = _dreiging(request, dreiging_id)
    expected_version(request, found)
    with writing():
        services.delete_dreiging(by=request.membership, dreiging=found)


# --- de risicomatrix ------------------------------------------------------------------------------


def _matrix(request: AuthenticatedHttpRequest, pk: UUID) -> Matrix:
    reader(request)
    return get_object_or_404(Matrix.objects.visible_to(request.membership), pk=pk)


def _levels(payload: MatrixWijziging) -> list[dict[str, Any]]:
    """The levels as the matrix stores them, refused in Dutch as on the page (readable colours, own names)."""
    errors = []
    for number, niveau in enumerate(payload.niveaus, start=1):
        if not HEX_COLOUR.match(niveau.kleur):
            errors.append(f"Niveau {number}: de kleur is een code als #f9cfa6.")
        elif contrast_with_text(niveau.kleur) < 4.5:
            errors.append(f"Niveau {number}: {niveau.kleur} is te donker; donkere tekst moet erop leesbaar blijven.")
        if not 1 <= niveau.maanden <= 60:
            errors.append(f"Niveau {number}: het aantal maanden is een getal van 1 tot 60.")
    names = [n.naam.strip().lower() for n in payload.niveaus]
    if len(set(names)) != len(names):
        errors.append("Geef elk niveau een eigen naam.")
    if errors:
        raise ValidationError({"niveaus": errors})
    return [{"naam": n.naam.strip(), "kleur": n.kleur.lower(), "maanden": n.maanden} for n in payload.niveaus]


def _plan(request: AuthenticatedHttpRequest, matrix: Matrix, payload: MatrixWijziging) -> services.Wijziging:
    """The dry run of the change of ``matrix`` (the current version), as the page makes it."""
    require(request.membership, "risicos.matrix")
    if matrix.status != "actueel":
        raise StateConflict(f"Versie {matrix.nummer} is vervangen; wijzig de actuele versie van de matrix.")
    niveaus = _levels(payload)
    names = [n["naam"].lower() for n in niveaus]
    if payload.risicobereidheid.strip().lower() not in names:
        raise ValidationError({"risicobereidheid": "Noem een van de niveaus."})
    sent = payload.model_dump(exclude_unset=True)
    with writing():  # names the service's refusals after the API's fields; the dry run stores nothing
        return services.plan_matrix_change(
            by=request.membership,
            kans_labels=[label.strip() for label in payload.kans_labels],
            impact_labels=[label.strip() for label in payload.impact_labels],
            niveaus=niveaus,
            raster=payload.raster,
            tolerantie=names.index(payload.risicobereidheid.strip().lower()),
            impactcriteria=list(matrix.impactcriteria),
            methode=matrix.methode,
            toelichting=sent.get("toelichting", ""),
            kans_map=_mapping(sent.get("kans_omzetting")),
            impact_map=_mapping(sent.get("impact_omzetting")),
        )


def _mapping(classes: list[int] | None) -> dict[int, int] | None:
    return None if classes is None else dict(enumerate(classes, start=1))


def _plan_out(matrix: Matrix, plan: services.Wijziging) -> dict[str, Any]:
    return {
        "huidige_versie": matrix.nummer,
        "matrix": plan.nieuw,
        "kans_omzetting": [plan.kans_map[c] for c in sorted(plan.kans_map)],
        "impact_omzetting": [plan.impact_map[c] for c in sorted(plan.impact_map)],
        "risicos": plan.risicos,
        "anders": plan.anders,
        "per_niveau": [{"van": van, "naar": naar, "risicos": n} for (van, naar), n in sorted(plan.per_niveau.items())],
        "over_de_lijn": [{"risico_id": r.pk, "titel": r.titel, "boven": boven} for r, boven in plan.over_de_lijn],
    }


@router.get(
    "/risicomatrices", response=list[MatrixOut], summary="Versies van de risicomatrix", openapi_extra=read_extra()
)
def list_risicomatrices(request: AuthenticatedHttpRequest) -> list[Matrix]:
    """De versies van de matrix, nieuwste eerst; de eerste is de actuele (leeg: het register is niet begonnen)."""
    reader(request)
    return list(Matrix.objects.visible_to(request.membership).order_by("-nummer"))


@router.post(
    "/risicomatrices", response={201: MatrixOut}, summary="Risicoregister beginnen", openapi_extra=created_extra()
)
def create_risicomatrix(request: AuthenticatedHttpRequest, payload: RegisterStart, response: HttpResponse) -> Any:
    """Alleen de coördinator, één keer: versie 1 van de matrix en de lijst van dreigingen uit de startset.
    Daarna verandert de matrix met een wijziging (proefwijziging, dan wijziging)."""
    with writing():
        matrix = services.start_register(
            by=request.membership, methode=payload.model_dump().get("methode") or "standaard"
        )
    return created(response, matrix, f"{request.path}/{matrix.pk}")


@router.get(MATRIX, response=MatrixOut, summary="Eén versie van de risicomatrix", openapi_extra=read_extra(tagged=True))
def get_risicomatrix(request: AuthenticatedHttpRequest, response: HttpResponse, matrix_id: UUID = MATRIX_ID) -> Any:
    """Eén versie, met de header ETag; die van de actuele versie gaat mee in If-Match bij een wijziging."""
    return tagged(response, _matrix(request, matrix_id))


@router.post(
    f"{MATRIX}/proefwijziging",
    response=WijzigingsplanOut,
    summary="Gevolgen van een wijziging van de matrix bekijken",
    openapi_extra={"responses": {403: {"$ref": "#/components/responses/GeenToegang"}}},
)
def create_risicomatrix_proefwijziging(
    request: AuthenticatedHttpRequest, payload: MatrixWijziging, matrix_id: UUID = MATRIX_ID
) -> Any:
    """Alleen de coördinator. Slaat niets op: de omzetting van de huidige klassen, de risico's per oud en
    nieuw niveau en de risico's die de lijn van de risicobereidheid overgaan. Stuur hetzelfde naar
    /wijziging om het toe te passen."""
    matrix = _matrix(request, matrix_id)
    return _plan_out(matrix, _plan(request, matrix, payload))


@router.post(
    f"{MATRIX}/wijziging",
    response={201: MatrixOut},
    summary="Wijziging van de matrix toepassen",
    openapi_extra=created_extra(if_match=True),
)
def create_risicomatrix_wijziging(
    request: AuthenticatedHttpRequest, payload: MatrixWijziging, response: HttpResponse, matrix_id: UUID = MATRIX_ID
) -> Any:
    """Alleen de coördinator, met de ETag van de actuele versie in If-Match: de nieuwe versie geldt en
    de scores van alle risico's gaan mee (zoals de proefwijziging liet zien). Is de matrix intussen
    gewijzigd, dan wordt niets opgeslagen (412 of 409). Acceptaties houden hun oude matrix."""
    matrix = _matrix(request, matrix_id)
    require(request.membership, "risicos.matrix")
    expected_version(request, matrix)
    plan = _plan(request, matrix, payload)
    with writing():
        nieuw = services.apply_matrix_change(by=request.membership, wijziging=plan, expected_nummer=matrix.nummer)
    return created(response, nieuw, f"{request.path.rsplit('/', 2)[0]}/{nieuw.pk}")
