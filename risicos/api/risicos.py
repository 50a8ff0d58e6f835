"""The risks: the list with the page's filters, one risk with its security chain and current acceptance,
adding, changing and deleting, marking for review, and the acceptances of a risk."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import expected_version
from lib.permissions import require
from organisations.models import Membership, Role

from .. import analysis, services
from ..filters import CEL, RisicoFilter
from ..models import Acceptatie, Dreiging, Maatregel, Matrix, Risico, RisicoBedrijfsmiddel, Schakel
from .common import (
    ACCEPTATIE_ID,
    RISICO_ID,
    TAGS,
    changed_extra,
    check_dates,
    created,
    created_extra,
    current_matrix,
    deleted_extra,
    filter_data,
    one,
    page_of,
    read_extra,
    reader,
    tagged,
    writing,
)
from .schemas import (
    AcceptatieNieuw,
    AcceptatieOut,
    Herbeoordeling,
    RisicoDetailOut,
    RisicoNieuw,
    RisicoOut,
    RisicoWijziging,
    RisicoZoekvraag,
)

router = Router(tags=TAGS, by_alias=True)

RISICO = "/risicos/{risico_id}"
ACCEPTATIE = "/risicos/{risico_id}/acceptaties/{acceptatie_id}"
OWNER_ROLES = (Role.COORDINATOR, Role.THEMA_EIGENAAR, Role.BESTUURDER)
# The assets of each risk, in one query for a whole page.
ASSETS = Prefetch("bedrijfsmiddel_links", queryset=RisicoBedrijfsmiddel.objects.only("risico_id", "bedrijfsmiddel_id"))


def _risicos(request: AuthenticatedHttpRequest, *, page: bool = False) -> QuerySet[Risico]:
    """The risks the member may read, with their matrix and assets.

    For a page of the list the matrix is fetched apart (one row, one query): joined, PostgreSQL
    sorts all the register's risks to find the first page instead of reading it from the index.
    """
    reader(request)
    found = Risico.objects.visible_to(request.membership)
    if page:
        return found.prefetch_related("matrix", ASSETS)
    return found.select_related("matrix").prefetch_related(ASSETS)


def _risico(request: AuthenticatedHttpRequest, pk: UUID) -> Risico:
    return get_object_or_404(_risicos(request), pk=pk)


def _fields(request: AuthenticatedHttpRequest, sent: dict[str, Any], risico: Risico | None = None) -> dict[str, Any]:
    """What was sent as the service takes it: threat and owner as objects of the gemeente, assets as ids."""
    check_dates(sent, "volgende_review")
    member = request.membership
    fields = {name: value for name, value in sent.items() if name not in ("dreiging_id", "eigenaar_id")}
    if "themas" in fields:
        fields["themas"] = list(dict.fromkeys(fields["themas"]))
    if "bedrijfsmiddel_ids" in fields:
        fields["bedrijfsmiddelen"] = fields.pop("bedrijfsmiddel_ids")
    if "dreiging_id" in sent:
        dreigingen = Dreiging.objects.visible_to(member)
        fields["dreiging"] = one(dreigingen, sent["dreiging_id"], "dreiging_id", "Onbekende dreiging.")
    owner = sent.get("eigenaar_id")
    if "eigenaar_id" in sent and (risico is None or owner != risico.eigenaar_id):  # an owner left as it was stays
        owners = Membership.objects.visible_to(member).filter(role__in=OWNER_ROLES)
        message = "Kies een coördinator, thema-eigenaar of bestuurder van de eigen gemeente."
        fields["eigenaar"] = one(owners, owner, "eigenaar_id", message)
    return fields


def _refs(measures: list[Maatregel]) -> list[dict[str, Any]]:
    return [{"id": m.pk, "titel": m.titel, "status": m.status} for m in measures]


def _acceptatie(acceptatie: Acceptatie, risico: Risico, today: datetime.date) -> dict[str, Any]:
    stand = services.stand(acceptatie, risico, today)
    code = "ingetrokken" if stand.ingetrokken else "verlopen" if stand.verlopen else "herbeoordelen"
    fields = ("id", "risico_id", "geaccepteerd_door", "geaccepteerd_op", "geldig_tot", "motivering", "matrix_id")
    return {
        **{name: getattr(acceptatie, name) for name in fields},
        **{name: getattr(acceptatie, name) for name in ("kans", "impact", "niveau", "ingetrokken_op")},
        "niveau_naam": acceptatie.matrix.niveau_naam(acceptatie.niveau),
        "stand": "geldig" if stand.geldig else code,
        "stand_tekst": stand.tekst,
    }


def _detail(request: AuthenticatedHttpRequest, risico: Risico) -> dict[str, Any]:
    """The risk with its chain, the suggested residual score and its current acceptance."""
    # Queries: the risk with its matrix and assets (2), its acceptances with their matrix, its chain (2).
    today = timezone.localdate()
    keten = analysis.keten(risico)
    acceptaties = Acceptatie.objects.visible_to(request.membership).filter(risico=risico).select_related("matrix")
    current = next((a for a in acceptaties if a.ingetrokken_op is None), None)
    suggestie = analysis.suggest_netto(risico, keten)
    return {
        **RisicoOut.model_validate(risico).model_dump(),
        "keten": {
            "schakels": [{"schakel": s.value, "maatregelen": _refs(keten.per_schakel[s.value])} for s in Schakel],
            "gaten": [{"code": code, "tekst": tekst} for code, tekst in keten.gaps],
            "overlap": [{"schakel": s, "maatregelen": _refs(ms)} for s, ms in keten.overlap.items()],
            "op_papier": _refs(keten.op_papier),
            "werkt_niet": _refs(keten.werkt_niet),
            "tegenstrijdig": [
                {"maatregel": _refs([a])[0], "andere": _refs([b])[0], "toelichting": t}
                for a, b, t in keten.tegenstrijdig
            ],
        },
        "suggestie": None
        if suggestie is None
        else {"kans": suggestie.kans, "impact": suggestie.impact, "redenen": list(suggestie.redenen)},
        "acceptatie": None if current is None else _acceptatie(current, risico, today),
    }


def _check_cell(cel: str | None, matrix: Matrix) -> None:
    """A cell of the heat map that the current matrix does not have is refused."""
    found = CEL.match(cel or "")
    if found is None:
        return
    if int(found.group(2)) > matrix.kans_size or int(found.group(3)) > matrix.impact_size:
        raise ValidationError({"cel": "Deze cel van de matrix bestaat niet; kies een cel in de heatmap."})


# --- risico's -------------------------------------------------------------------------------------


@router.get(
    "/risicos",
    response=list[RisicoOut],
    summary="Risico's",
    openapi_extra=read_extra(paged=True, needs_register=True),
)
def list_risicos(request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[RisicoZoekvraag]) -> Any:
    """De risico's van het register met dezelfde filters als de pagina (ook een cel van de heatmap en
    een gat in de keten), in de gekozen volgorde, één pagina tegelijk; de headers noemen het totaal."""
    found = _risicos(request, page=True)
    matrix = current_matrix(request)
    _check_cell(filters.cel, matrix)
    sent = filters.model_dump(exclude_none=True, exclude={"pagina", "paginaGrootte"})
    selected = RisicoFilter(filter_data(sent), queryset=found, request=request, matrix=matrix)
    if not selected.is_valid():
        raise ValidationError({name: list(errors) for name, errors in selected.errors.items()})
    return page_of(request, response, selected.qs, filters.pagina, filters.paginaGrootte)


@router.post("/risicos", response={201: RisicoOut}, summary="Risico toevoegen", openapi_extra=created_extra())
def create_risico(request: AuthenticatedHttpRequest, payload: RisicoNieuw, response: HttpResponse) -> Any:
    """Coördinator, of thema-eigenaar met een van zijn thema's; gescoord op de actuele matrix. Een score
    buiten de matrix, een dreiging of bedrijfsmiddel van een andere gemeente: 400, niets opgeslagen."""
    reader(request)
    require(request.membership, "risicos.edit")
    fields = _fields(request, payload.model_dump(exclude_unset=True))
    with writing():
        made = services.add_risico(by=request.membership, **fields)
    return created(response, _risico(request, made.pk), f"{request.path}/{made.pk}")


@router.get(
    RISICO, response=RisicoDetailOut, summary="Eén risico met zijn keten", openapi_extra=read_extra(tagged=True)
)
def get_risico(request: AuthenticatedHttpRequest, response: HttpResponse, risico_id: UUID = RISICO_ID) -> Any:
    """Het risico met zijn niveaus, de beveiligingsketen (schakels met werkende maatregelen, de gaten,
    overlap, maatregelen op papier of die niet werken, tegenstrijdige), een voorstel voor de netto score
    en de acceptatie van nu; zijn versie in de header ETag."""
    risico = tagged(response, _risico(request, risico_id))
    return _detail(request, risico)


@router.patch(RISICO, response=RisicoOut, summary="Risico wijzigen", openapi_extra=changed_extra())
def patch_risico(
    request: AuthenticatedHttpRequest, payload: RisicoWijziging, response: HttpResponse, risico_id: UUID = RISICO_ID
) -> Any:
    """Alleen meegestuurde velden veranderen; de niveaus volgen de scores. Na een andere score vraagt een
    acceptatie om een nieuwe beoordeling (stand herbeoordelen). Met de ETag in If-Match."""
    risico = _risico(request, risico_id)
    version = expected_version(request, risico)
    require(request.membership, "risicos.edit")
    fields = _fields(request, payload.model_dump(exclude_unset=True), risico)
    with writing():
        services.edit_risico(by=request.membership, risico=risico, expected_version=version, **fields)
    return tagged(response, _risico(request, risico_id))


@router.delete(RISICO, response={204: None}, summary="Risico verwijderen", openapi_extra=deleted_extra())
def delete_risico(request: AuthenticatedHttpRequest, risico_id: UUID = RISICO_ID) -> None:
    """Met zijn acceptaties en koppelingen; de maatregelen blijven. Met de ETag in If-Match."""
    risico = _risico(request, risico_id)
    expected_version(request, risico)
    with writing():
        services.delete_risico(by=request.membership, risico=risico)


@router.post(
    f"{RISICO}/herbeoordeling",
    response=RisicoOut,
    summary="Risico opnieuw laten beoordelen",
    openapi_extra=changed_extra(),
)
def create_risico_herbeoordeling(
    request: AuthenticatedHttpRequest, payload: Herbeoordeling, response: HttpResponse, risico_id: UUID = RISICO_ID
) -> Any:
    """Coördinator of thema-eigenaar: iets (een incident) laat zien dat het risico anders is; de volgende
    beoordeling is vandaag. De reden komt in de historie. Met de ETag van het risico in If-Match."""
    risico = _risico(request, risico_id)
    expected_version(request, risico)
    with writing():
        services.flag_for_review(by=request.membership, risico=risico, reason=payload.reden)
    return tagged(response, _risico(request, risico_id))


# --- acceptaties ----------------------------------------------------------------------------------


@router.get(
    f"{RISICO}/acceptaties",
    response=list[AcceptatieOut],
    summary="Acceptaties van een risico",
    openapi_extra=read_extra(),
)
def list_acceptaties(request: AuthenticatedHttpRequest, risico_id: UUID = RISICO_ID) -> list[dict[str, Any]]:
    """Alle acceptaties van het risico, nieuwste eerst, elk met waar zij nu staat."""
    risico = _risico(request, risico_id)
    found = Acceptatie.objects.visible_to(request.membership).filter(risico=risico).select_related("matrix")
    today = timezone.localdate()
    return [_acceptatie(a, risico, today) for a in found]


@router.post(
    f"{RISICO}/acceptaties",
    response={201: AcceptatieOut},
    summary="Risico accepteren",
    openapi_extra=created_extra(if_match=True),
)
def create_acceptatie(
    request: AuthenticatedHttpRequest, payload: AcceptatieNieuw, response: HttpResponse, risico_id: UUID = RISICO_ID
) -> Any:
    """Coördinator of bestuurder. De acceptatie geldt voor de score van nu (netto, anders bruto); daarom
    gaat de ETag van het risico mee in If-Match: een score die intussen veranderde, accepteert u niet."""
    risico = _risico(request, risico_id)
    require(request.membership, "risicos.accept")
    expected_version(request, risico)
    sent = payload.model_dump(exclude_unset=True)
    check_dates(sent, "geaccepteerd_op", "geldig_tot")
    with writing():
        made = services.accept(by=request.membership, risico=risico, **sent)
    created(response, made, f"{request.path}/{made.pk}")
    return _acceptatie(made, risico, timezone.localdate())


def _acceptatie_of(request: AuthenticatedHttpRequest, risico_id: UUID, pk: UUID) -> tuple[Acceptatie, Risico]:
    risico = _risico(request, risico_id)
    found = Acceptatie.objects.visible_to(request.membership).select_related("matrix")
    return get_object_or_404(found, pk=pk, risico=risico), risico


@router.get(ACCEPTATIE, response=AcceptatieOut, summary="Eén acceptatie", openapi_extra=read_extra(tagged=True))
def get_acceptatie(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    risico_id: UUID = RISICO_ID,
    acceptatie_id: UUID = ACCEPTATIE_ID,
) -> Any:
    """Eén acceptatie met waar zij staat, en haar versie in de header ETag."""
    acceptatie, risico = _acceptatie_of(request, risico_id, acceptatie_id)
    return _acceptatie(tagged(response, acceptatie), risico, timezone.localdate())


@router.post(
    f"{ACCEPTATIE}/intrekking", response=AcceptatieOut, summary="Acceptatie intrekken", openapi_extra=changed_extra()
)
def create_acceptatie_intrekking(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    risico_id: UUID = RISICO_ID,
    acceptatie_id: UUID = ACCEPTATIE_ID,
) -> Any:
    """Coördinator of bestuurder; de acceptatie blijft in de lijst, als ingetrokken. Met haar ETag in If-Match."""
    acceptatie, risico = _acceptatie_of(request, risico_id, acceptatie_id)
    expected_version(request, acceptatie)
    with writing():
        services.withdraw(by=request.membership, acceptatie=acceptatie)
    return _acceptatie(tagged(response, acceptatie), risico, timezone.localdate())
