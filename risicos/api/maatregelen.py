"""The measures: the list with the page's filters, one measure with its links (risks, and the kader's
goals, uitgangspunten and laws) as lists of ids, its effectiveness checks and its conflicts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from lib.permissions import require
from organisations.models import Membership

from .. import services
from ..filters import MaatregelFilter
from ..models import (
    Maatregel,
    MaatregelDoel,
    MaatregelRisico,
    MaatregelUitgangspunt,
    MaatregelWet,
    Tegenstrijdigheid,
    Toets,
)
from .common import (
    MAATREGEL_ID,
    TAGS,
    TEGENSTRIJDIGHEID_ID,
    TOETS_ID,
    changed_extra,
    check_dates,
    created,
    created_extra,
    deleted_extra,
    filter_data,
    one,
    page_of,
    read_extra,
    reader,
    tagged,
    writing,
)
from .risicos import OWNER_ROLES
from .schemas import (
    MaatregelNieuw,
    MaatregelOut,
    MaatregelWijziging,
    MaatregelZoekvraag,
    TegenstrijdigheidNieuw,
    TegenstrijdigheidOut,
    ToetsNieuw,
    ToetsOut,
)

router = Router(tags=TAGS, by_alias=True)

MAATREGEL = "/maatregelen/{maatregel_id}"
TOETS = "/maatregelen/{maatregel_id}/toetsen/{toets_id}"
TEGENSTRIJDIGHEID = "/maatregelen/{maatregel_id}/tegenstrijdigheden/{tegenstrijdigheid_id}"
# The links of each measure, one query per kind for a whole page.
LINKS: tuple[Prefetch[Any], ...] = (
    Prefetch("risico_links", queryset=MaatregelRisico.objects.only("maatregel_id", "risico_id")),
    Prefetch("doel_links", queryset=MaatregelDoel.objects.only("maatregel_id", "doel_id")),
    Prefetch("uitgangspunt_links", queryset=MaatregelUitgangspunt.objects.only("maatregel_id", "uitgangspunt_id")),
    Prefetch("wet_links", queryset=MaatregelWet.objects.only("maatregel_id", "wet_id")),
)
# The ids the API takes -> the argument of the services.
OTHER_GEMEENTE = "Kies alleen uit de eigen gemeente."
KADER = {"doel_ids": "doelen", "uitgangspunt_ids": "uitgangspunten", "wet_ids": "wetten"}


def _maatregelen(request: AuthenticatedHttpRequest) -> QuerySet[Maatregel]:
    reader(request)
    return Maatregel.objects.visible_to(request.membership).prefetch_related(*LINKS)


def _maatregel(request: AuthenticatedHttpRequest, pk: UUID) -> Maatregel:
    return get_object_or_404(_maatregelen(request), pk=pk)


def _split(
    request: AuthenticatedHttpRequest, sent: dict[str, Any], maatregel: Maatregel | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What was sent as the services take it: the measure's own fields with its risks, and its links
    to the kader (only the kinds that were sent)."""
    check_dates(sent, "gepland_op", "gerealiseerd_op")
    fields = {name: value for name, value in sent.items() if name not in KADER and name != "eigenaar_id"}
    if "themas" in fields:
        fields["themas"] = list(dict.fromkeys(fields["themas"]))
    if "risico_ids" in fields:
        fields["risicos"] = fields.pop("risico_ids")
    owner = sent.get("eigenaar_id")
    if "eigenaar_id" in sent and (maatregel is None or owner != maatregel.eigenaar_id):
        owners = Membership.objects.visible_to(request.membership).filter(role__in=OWNER_ROLES)
        message = "Kies een coördinator, thema-eigenaar of bestuurder van de eigen gemeente."
        fields["eigenaar"] = one(owners, owner, "eigenaar_id", message)
    return fields, {KADER[name]: sent[name] for name in KADER if name in sent}


# --- maatregelen ----------------------------------------------------------------------------------


@router.get("/maatregelen", response=list[MaatregelOut], summary="Maatregelen", openapi_extra=read_extra(paged=True))
def list_maatregelen(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[MaatregelZoekvraag]
) -> Any:
    """De maatregelen met dezelfde filters als de pagina (thema, soort, functie, status, schakel, tekst),
    op titel, één pagina tegelijk; de headers noemen het totaal en de andere pagina's."""
    found = _maatregelen(request)
    sent = filters.model_dump(exclude_none=True, exclude={"pagina", "paginaGrootte"})
    selected = MaatregelFilter(filter_data(sent), queryset=found, request=request)
    if not selected.is_valid():
        raise ValidationError({name: list(errors) for name, errors in selected.errors.items()})
    return page_of(request, response, selected.filtered(), filters.pagina, filters.paginaGrootte)


@router.post("/maatregelen", response={201: MaatregelOut}, summary="Maatregel toevoegen", openapi_extra=created_extra())
def create_maatregel(request: AuthenticatedHttpRequest, payload: MaatregelNieuw, response: HttpResponse) -> Any:
    """Coördinator, of thema-eigenaar met een van zijn thema's; met de risico's die hij verkleint en de
    doelen, uitgangspunten en wetten van het kader die hij dient. Een id van een andere gemeente: 400 bij
    dat veld, niets opgeslagen."""
    reader(request)
    require(request.membership, "risicos.edit")
    fields, kader = _split(request, payload.model_dump(exclude_unset=True))
    with writing():
        made = services.add_maatregel(by=request.membership, **fields)
        if kader:
            services.set_kader(by=request.membership, maatregel=made, **kader)
    return created(response, _maatregel(request, made.pk), f"{request.path}/{made.pk}")


@router.get(MAATREGEL, response=MaatregelOut, summary="Eén maatregel", openapi_extra=read_extra(tagged=True))
def get_maatregel(request: AuthenticatedHttpRequest, response: HttpResponse, maatregel_id: UUID = MAATREGEL_ID) -> Any:
    """Eén maatregel met zijn koppelingen, en zijn versie in de header ETag."""
    return tagged(response, _maatregel(request, maatregel_id))


@router.patch(MAATREGEL, response=MaatregelOut, summary="Maatregel wijzigen", openapi_extra=changed_extra())
def patch_maatregel(
    request: AuthenticatedHttpRequest,
    payload: MaatregelWijziging,
    response: HttpResponse,
    maatregel_id: UUID = MAATREGEL_ID,
) -> Any:
    """Alleen meegestuurde velden veranderen; een meegestuurde lijst van ids vervangt die koppelingen
    (een lege lijst maakt ze los). Met de ETag in If-Match."""
    maatregel = _maatregel(request, maatregel_id)
    version = expected_version(request, maatregel)
    require(request.membership, "risicos.edit")
    fields, kader = _split(request, payload.model_dump(exclude_unset=True), maatregel)
    with writing():
        services.edit_maatregel(by=request.membership, maatregel=maatregel, expected_version=version, **fields)
        if kader:
            services.set_kader(by=request.membership, maatregel=maatregel, **kader)
    return tagged(response, _maatregel(request, maatregel_id))


@router.delete(MAATREGEL, response={204: None}, summary="Maatregel verwijderen", openapi_extra=deleted_extra())
def delete_maatregel(request: AuthenticatedHttpRequest, maatregel_id: UUID = MAATREGEL_ID) -> None:
    """Met zijn toetsen en koppelingen; de risico's blijven. Met de ETag in If-Match."""
    maatregel = _maatregel(request, maatregel_id)
    expected_version(request, maatregel)
    with writing():
        services.delete_maatregel(by=request.membership, maatregel=maatregel)


# --- toetsen --------------------------------------------------------------------------------------


@router.get(
    f"{MAATREGEL}/toetsen", response=list[ToetsOut], summary="Toetsen van een maatregel", openapi_extra=read_extra()
)
def list_toetsen(request: AuthenticatedHttpRequest, maatregel_id: UUID = MAATREGEL_ID) -> list[Toets]:
    """De toetsen van de werking van de maatregel, nieuwste eerst."""
    maatregel = _maatregel(request, maatregel_id)
    return list(Toets.objects.visible_to(request.membership).filter(maatregel=maatregel))


@router.post(
    f"{MAATREGEL}/toetsen", response={201: ToetsOut}, summary="Toets vastleggen", openapi_extra=created_extra()
)
def create_toets(
    request: AuthenticatedHttpRequest, payload: ToetsNieuw, response: HttpResponse, maatregel_id: UUID = MAATREGEL_ID
) -> Any:
    """Wie de maatregel mag wijzigen. Werkt een geïmplementeerde maatregel, dan is hij daarna getoetst;
    werkt hij niet, dan telt hij niet meer in de keten tot een volgende toets."""
    maatregel = _maatregel(request, maatregel_id)
    require(request.membership, "risicos.edit")
    sent = payload.model_dump(exclude_unset=True)
    check_dates(sent, "datum")
    with writing():
        toets = services.add_toets(by=request.membership, maatregel=maatregel, **sent)
    return created(response, toets, f"{request.path}/{toets.pk}")


@router.get(TOETS, response=ToetsOut, summary="Eén toets", openapi_extra=read_extra(tagged=True))
def get_toets(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    maatregel_id: UUID = MAATREGEL_ID,
    toets_id: UUID = TOETS_ID,
) -> Any:
    """Eén toets, met haar versie in de header ETag."""
    reader(request)
    found = Toets.objects.visible_to(request.membership)
    return tagged(response, get_object_or_404(found, pk=toets_id, maatregel_id=maatregel_id))


# --- tegenstrijdigheden ---------------------------------------------------------------------------


def _tegenstrijdigheden(request: AuthenticatedHttpRequest, maatregel_id: UUID) -> QuerySet[Tegenstrijdigheid]:
    reader(request)
    found = Tegenstrijdigheid.objects.visible_to(request.membership)
    return found.filter(Q(maatregel_id=maatregel_id) | Q(andere_id=maatregel_id)).order_by("created_at", "pk")


def _tegenstrijdigheid(conflict: Tegenstrijdigheid, maatregel_id: UUID) -> dict[str, Any]:
    """The conflict seen from the measure ``maatregel_id`` (stored once, whichever was named first)."""
    andere = conflict.andere_id if conflict.maatregel_id == maatregel_id else conflict.maatregel_id
    return {"id": conflict.pk, "maatregel_id": maatregel_id, "andere_id": andere, "toelichting": conflict.toelichting}


@router.get(
    f"{MAATREGEL}/tegenstrijdigheden",
    response=list[TegenstrijdigheidOut],
    summary="Maatregelen die tegen deze in werken",
    openapi_extra=read_extra(),
)
def list_tegenstrijdigheden(request: AuthenticatedHttpRequest, maatregel_id: UUID = MAATREGEL_ID) -> Any:
    """De andere maatregelen die als tegenstrijdig met deze zijn gemarkeerd."""
    maatregel = _maatregel(request, maatregel_id)
    return [_tegenstrijdigheid(c, maatregel.pk) for c in _tegenstrijdigheden(request, maatregel.pk)]


@router.post(
    f"{MAATREGEL}/tegenstrijdigheden",
    response={201: TegenstrijdigheidOut},
    summary="Tegenstrijdige maatregel markeren",
    openapi_extra=created_extra(),
)
def create_tegenstrijdigheid(
    request: AuthenticatedHttpRequest,
    payload: TegenstrijdigheidNieuw,
    response: HttpResponse,
    maatregel_id: UUID = MAATREGEL_ID,
) -> Any:
    """Wie de maatregel mag wijzigen: een andere maatregel van de gemeente werkt tegen deze in
    (bijvoorbeeld een nooduitgang en een slot). Eén keer per paar."""
    maatregel = _maatregel(request, maatregel_id)
    require(request.membership, "risicos.edit")
    andere = one(Maatregel.objects.visible_to(request.membership), payload.andere_id, "andere_id", OTHER_GEMEENTE)
    with writing():
        conflict = services.mark_conflict(
            by=request.membership, maatregel=maatregel, andere=andere, toelichting=payload.toelichting
        )
    created(response, conflict, f"{request.path}/{conflict.pk}")
    return _tegenstrijdigheid(conflict, maatregel.pk)


@router.get(
    TEGENSTRIJDIGHEID,
    response=TegenstrijdigheidOut,
    summary="Eén tegenstrijdigheid",
    openapi_extra=read_extra(tagged=True),
)
def get_tegenstrijdigheid(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    maatregel_id: UUID = MAATREGEL_ID,
    tegenstrijdigheid_id: UUID = TEGENSTRIJDIGHEID_ID,
) -> Any:
    """Eén tegenstrijdigheid, gezien vanaf deze maatregel, met haar versie in de header ETag."""
    conflict = get_object_or_404(_tegenstrijdigheden(request, maatregel_id), pk=tegenstrijdigheid_id)
    return _tegenstrijdigheid(tagged(response, conflict), maatregel_id)
