"""API operations of the bijeenkomsten: the sessions of the gemeente, their questions and results.

Reading for the roles that see the sessions on the pages (``bijeenkomsten.view``); preparing and
running a session (``bijeenkomsten.prepare``) through the same services as the pages, with the
ETag of the session or question in If-Match. The same scoping (``visible_to``) and the same
figures (``services.tally``) as the pages. Participants do not use the API: they answer on the
pages, with the session's code.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Router
from pydantic import Field

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import IF_MATCH_PARAMETER, expected_version, openapi_etag
from api.schemas import TEXT_MAX, Input, Output, omittable
from ivp.models import Plan
from lib.concurrency import etag
from lib.permissions import require

from . import services
from .models import Bijeenkomst, Soort, Vraag

router = Router(tags=["bijeenkomsten"], by_alias=True)

BIJEENKOMST = "/bijeenkomsten/{bijeenkomst_id}"
VRAAG = "/bijeenkomsten/{bijeenkomst_id}/vragen/{vraag_id}"
BIJEENKOMST_ID = Path(..., description="Id van de bijeenkomst.")
VRAAG_ID = Path(..., description="Id van de vraag.")
MAX_ONDERWERPEN = 40
LOCATION_HEADER = {"description": "URL van de nieuwe resource.", "schema": {"type": "string"}}
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}

StatusCode = Literal["voorbereid", "open", "gesloten"]
DoelgroepCode = Literal["partners", "inwoners", "medewerkers", "gemengd"]
SoortCode = Literal["schaal", "punten", "rangorde", "matrix", "open"]
VraagStatusCode = Literal["gepland", "open", "gesloten"]
CriteriumCode = Literal["omvang", "ernst", "trend", "beleving", "invloed"]


class BijeenkomstOut(Output):
    """Een bijeenkomst voor het veiligheidsplan, met de code waarmee deelnemers meedoen."""

    id: UUID = Field(..., description="Vaste id van de bijeenkomst.")
    plan_id: UUID = Field(..., description="Id van het veiligheidsplan waarvoor de bijeenkomst is.")
    titel: str = Field(..., description="Titel.")
    datum: datetime.date = Field(..., description="Datum.")
    doelgroep: DoelgroepCode = Field(..., description="Wie er meedoen.")
    status: StatusCode = Field(..., description="In voorbereiding, open voor deelnemers, of gesloten.")
    code: str = Field(..., description="De code waarmee deelnemers meedoen (8 tekens).")
    geopend_op: datetime.datetime | None = Field(..., description="Wanneer de bijeenkomst is geopend.")
    gesloten_op: datetime.datetime | None = Field(..., description="Wanneer de bijeenkomst is gesloten.")
    gekopieerd_van: UUID | None = Field(..., description="Id van de bijeenkomst waarvan deze een kopie is.")

    @staticmethod
    def resolve_gekopieerd_van(obj: Bijeenkomst) -> UUID | None:
        return obj.gekopieerd_van_id


class OnderwerpOut(Output):
    """Een thema of actie waarover een vraag gaat."""

    id: UUID = Field(..., description="Id van het thema of de actie.")
    naam: str = Field(..., description="Naam zoals de deelnemers die zagen.")


class VraagOut(Output):
    """Een vraag van een bijeenkomst."""

    id: UUID = Field(..., description="Vaste id van de vraag.")
    volgorde: int = Field(..., description="Plaats in de bijeenkomst.")
    soort: SoortCode = Field(..., description="Schaal, punten verdelen, rangorde, 2 × 2 of open inbreng.")
    tekst: str = Field(..., description="De vraag.")
    toelichting: str = Field(..., description="Toelichting bij de vraag.")
    status: VraagStatusCode = Field(..., description="Nog niet geopend, open of gesloten.")
    onderwerpen: list[OnderwerpOut] = Field(..., description="De thema's of acties van de vraag.")
    onderwerp_acties: bool = Field(..., description="Of de onderwerpen acties zijn (anders thema's).")
    criterium: CriteriumCode | None = Field(
        ..., description="Het criterium van de prioritering waarvoor de vraag telt."
    )
    as_x: str = Field(..., description="Horizontale as van een 2 × 2-vraag.")
    as_y: str = Field(..., description="Verticale as van een 2 × 2-vraag.")

    @staticmethod
    def resolve_criterium(obj: Vraag) -> str | None:
        return obj.criterium or None


class UitkomstOut(Output):
    """De uitkomst voor één thema of actie."""

    id: UUID = Field(..., description="Id van het thema of de actie.")
    naam: str = Field(..., description="Naam.")
    antwoorden: int = Field(..., description="Aantal antwoorden met een waarde voor dit onderwerp.")
    gemiddelde: float | None = Field(
        None, description="Gemiddelde score (schaal), punten (punten) of plaats (rangorde; 1 is het belangrijkst)."
    )
    x: float | None = Field(None, description="Gemiddelde op de horizontale as (2 × 2).")
    y: float | None = Field(None, description="Gemiddelde op de verticale as (2 × 2).")


class InbrengOut(Output):
    """Een opmerking of idee bij een open vraag."""

    id: UUID = Field(..., description="Vaste id van de inbreng.")
    tekst: str = Field(..., description="De tekst.")
    stemmen: int = Field(..., description="Aantal stemmen van andere deelnemers.")
    verborgen: bool = Field(..., description="Of de gespreksleider de inbreng heeft verborgen.")
    actie_id: UUID | None = Field(..., description="Id van de actie die van dit idee is gemaakt.")


class ResultaatOut(Output):
    """De uitkomsten van één vraag tot nu toe (bij een gesloten bijeenkomst: definitief)."""

    vraag_id: UUID = Field(..., description="Id van de vraag.")
    soort: SoortCode = Field(..., description="Soort vraag.")
    antwoorden: int = Field(..., description="Aantal deelnemers dat de vraag beantwoordde.")
    onderwerpen: list[UitkomstOut] = Field(..., description="Per thema of actie de uitkomst.")
    inbreng: list[InbrengOut] = Field(..., description="Bij een open vraag: de inbreng, met de meeste stemmen eerst.")


def _max(model: Any, name: str) -> int:
    return getattr(model._meta.get_field(name), "max_length", None) or TEXT_MAX


class BijeenkomstNieuw(Input):
    """Een bijeenkomst voorbereiden voor een veiligheidsplan; Kapstok maakt de deelnamecode."""

    plan_id: UUID = Field(..., description="Id van het veiligheidsplan waarvoor de bijeenkomst is.")
    titel: str = Field(..., min_length=1, max_length=_max(Bijeenkomst, "titel"), description="Titel.")
    datum: datetime.date = Field(..., description="Datum (tussen 2000 en 2100).")
    doelgroep: DoelgroepCode = omittable(description="Wie er meedoen; standaard de ketenpartners.")


class BijeenkomstWijziging(Input):
    """Alleen meegestuurde velden veranderen; een gesloten bijeenkomst verandert niet meer."""

    titel: str = omittable(min_length=1, max_length=_max(Bijeenkomst, "titel"), description="Titel.")
    datum: datetime.date = omittable(description="Datum (tussen 2000 en 2100).")
    doelgroep: DoelgroepCode = omittable(description="Wie er meedoen.")


class BijeenkomstKopie(Input):
    """Een nieuwe bijeenkomst met de vragen van deze, voor hetzelfde plan en dezelfde doelgroep."""

    titel: str = Field(..., min_length=1, max_length=_max(Bijeenkomst, "titel"), description="Titel van de kopie.")
    datum: datetime.date = Field(..., description="Datum van de kopie (tussen 2000 en 2100).")


def _ids(description: str) -> Any:
    return omittable(max_length=MAX_ONDERWERPEN, description=description)


class VraagVelden(Input):
    """De velden die bij het toevoegen en wijzigen van een vraag hetzelfde zijn."""

    toelichting: str = omittable(max_length=_max(Vraag, "toelichting"), description="Toelichting bij de vraag.")
    thema_ids: list[UUID] = _ids(
        f"Ids van de thema's waarover de vraag gaat (2 tot {MAX_ONDERWERPEN}; niet bij een open vraag)."
    )
    actie_ids: list[UUID] = _ids(
        f"Alleen bij een rangorde: ids van de acties die de deelnemers rangschikken (2 tot {MAX_ONDERWERPEN})."
    )
    criterium: CriteriumCode | None = omittable(
        description="Alleen bij een schaalvraag: het criterium van de prioritering waarvoor zij telt."
    )
    as_x: str = omittable(
        min_length=1, max_length=_max(Vraag, "as_x"), description="Horizontale as van een 2 × 2-vraag."
    )
    as_y: str = omittable(min_length=1, max_length=_max(Vraag, "as_y"), description="Verticale as van een 2 × 2-vraag.")


class VraagNieuw(VraagVelden):
    """Een vraag achteraan de bijeenkomst toevoegen (alleen zolang de bijeenkomst niet gesloten is)."""

    soort: SoortCode = Field(..., description="Schaal, punten verdelen, rangorde, 2 × 2 of open inbreng.")
    tekst: str = Field(..., min_length=1, max_length=_max(Vraag, "tekst"), description="De vraag.")


class VraagWijziging(VraagVelden):
    """Alleen meegestuurde velden veranderen; een vraag die al open is geweest, verandert niet meer."""

    soort: SoortCode = omittable(description="Schaal, punten verdelen, rangorde, 2 × 2 of open inbreng.")
    tekst: str = omittable(min_length=1, max_length=_max(Vraag, "tekst"), description="De vraag.")


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _bijeenkomst(request: AuthenticatedHttpRequest, bijeenkomst_id: UUID) -> Bijeenkomst:
    require(request.membership, "bijeenkomsten.view")
    return get_object_or_404(Bijeenkomst.objects.visible_to(request.membership), pk=bijeenkomst_id)


def _vraag(request: AuthenticatedHttpRequest, bijeenkomst_id: UUID, vraag_id: UUID) -> Vraag:
    require(request.membership, "bijeenkomsten.view")
    found = Vraag.objects.visible_to(request.membership).select_related("bijeenkomst__plan")
    return get_object_or_404(found, pk=vraag_id, bijeenkomst_id=bijeenkomst_id)


def _tagged(response: HttpResponse, obj: Any) -> Any:
    response["ETag"] = etag(obj)
    return obj


def _read_extra(*, tagged: bool = False) -> dict[str, Any]:
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {200: {"headers": {}}}}
    extra["responses"][403] = FORBIDDEN
    return extra


def _created_extra() -> dict[str, Any]:
    extra = openapi_etag(status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION_HEADER
    extra["responses"][403] = FORBIDDEN
    return extra


def _write_extra() -> dict[str, Any]:
    extra = openapi_etag(if_match=True)
    extra["responses"][403] = FORBIDDEN
    return extra


@contextmanager
def _onderwerpen_named(acties: bool) -> Iterator[None]:
    """A refusal of the themes or actions, named after the field the client sent (themaIds, actieIds)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict") or "onderwerpen" not in error.error_dict:
            raise
        errors = dict(error.error_dict)
        errors["actie_ids" if acties else "thema_ids"] = errors.pop("onderwerpen")
        raise ValidationError(errors) from error


def _vraag_fields(
    request: AuthenticatedHttpRequest, sent: dict[str, Any], vraag: Vraag | None = None
) -> dict[str, Any]:
    """What was sent, with the ids of themes or actions turned into the question's ``onderwerpen``."""
    fields = {name: value for name, value in sent.items() if name not in ("thema_ids", "actie_ids")}
    if fields.get("criterium", "") is None:
        fields["criterium"] = ""
    soort = sent.get("soort", vraag.soort if vraag else None)
    if "thema_ids" in sent and "actie_ids" in sent:
        raise ValidationError({"actie_ids": "Kies thema's of acties, niet allebei."})
    if "actie_ids" in sent:
        fields["onderwerp_acties"] = True
        with _onderwerpen_named(acties=True):
            fields["onderwerpen"] = services.onderwerpen_of(request.membership, actie_ids=sent["actie_ids"])
    elif "thema_ids" in sent:
        fields["onderwerp_acties"] = False
        with _onderwerpen_named(acties=False):
            fields["onderwerpen"] = services.onderwerpen_of(request.membership, thema_ids=sent["thema_ids"])
    if soort == Soort.OPEN and "onderwerpen" not in fields and vraag is not None:
        fields.update(onderwerpen=[], onderwerp_acties=False)  # a question turned open loses its themes
    return fields


@router.get("/bijeenkomsten", response=list[BijeenkomstOut], summary="Bijeenkomsten", openapi_extra=_read_extra())
def list_bijeenkomsten(request: AuthenticatedHttpRequest) -> list[Bijeenkomst]:
    """De bijeenkomsten van de gemeente, nieuwste eerst."""
    require(request.membership, "bijeenkomsten.view")
    return list(Bijeenkomst.objects.visible_to(request.membership).order_by("-datum", "titel"))


@router.get(BIJEENKOMST, response=BijeenkomstOut, summary="Eén bijeenkomst", openapi_extra=_read_extra(tagged=True))
def get_bijeenkomst(
    request: AuthenticatedHttpRequest, response: HttpResponse, bijeenkomst_id: UUID = BIJEENKOMST_ID
) -> Any:
    """Eén bijeenkomst, met haar versie in de header ETag."""
    found = _bijeenkomst(request, bijeenkomst_id)
    response["ETag"] = etag(found)
    return found


@router.post(
    "/bijeenkomsten", response={201: BijeenkomstOut}, summary="Bijeenkomst voorbereiden", openapi_extra=_created_extra()
)
def create_bijeenkomst(request: AuthenticatedHttpRequest, payload: BijeenkomstNieuw, response: HttpResponse) -> Any:
    """Coördinator of thema-eigenaar. De bijeenkomst begint in voorbereiding, met een nieuwe code."""
    require(request.membership, "bijeenkomsten.prepare")
    plan = Plan.objects.visible_to(request.membership).filter(pk=payload.plan_id).first()
    if plan is None:
        raise ValidationError({"plan_id": "Onbekend veiligheidsplan."})
    sent = payload.model_dump(exclude_unset=True, exclude={"plan_id"})
    bijeenkomst = services.prepare(
        by=request.membership,
        plan=plan,
        titel=sent["titel"],
        datum=sent["datum"],
        doelgroep=sent.get("doelgroep", "partners"),
    )
    response["Location"] = f"{request.path}/{bijeenkomst.pk}"
    return _tagged(response, bijeenkomst)


@router.patch(BIJEENKOMST, response=BijeenkomstOut, summary="Bijeenkomst wijzigen", openapi_extra=_write_extra())
def patch_bijeenkomst(
    request: AuthenticatedHttpRequest,
    payload: BijeenkomstWijziging,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
) -> Any:
    """Titel, datum of doelgroep; coördinator of thema-eigenaar, met de ETag in If-Match."""
    bijeenkomst = _bijeenkomst(request, bijeenkomst_id)
    version = expected_version(request, bijeenkomst)
    sent = payload.model_dump(exclude_unset=True)
    services.edit(by=request.membership, bijeenkomst=bijeenkomst, expected_version=version, **sent)
    return _tagged(response, bijeenkomst)


@router.post(
    f"{BIJEENKOMST}/kopie",
    response={201: BijeenkomstOut},
    summary="Bijeenkomst kopiëren met haar vragen",
    openapi_extra=_created_extra(),
)
def create_bijeenkomst_kopie(
    request: AuthenticatedHttpRequest,
    payload: BijeenkomstKopie,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
) -> Any:
    """Een nieuwe bijeenkomst in voorbereiding met de vragen van deze (de namen van de thema's bijgewerkt)."""
    source = _bijeenkomst(request, bijeenkomst_id)
    kopie = services.copy(by=request.membership, source=source, titel=payload.titel, datum=payload.datum)
    response["Location"] = f"{request.path.rsplit('/', 2)[0]}/{kopie.pk}"
    return _tagged(response, kopie)


@router.post(
    f"{BIJEENKOMST}/opening", response=BijeenkomstOut, summary="Bijeenkomst openen", openapi_extra=_write_extra()
)
def create_bijeenkomst_opening(
    request: AuthenticatedHttpRequest, response: HttpResponse, bijeenkomst_id: UUID = BIJEENKOMST_ID
) -> Any:
    """Deelnemers kunnen meedoen met de code; daarna opent u de vragen een voor een. Met de ETag in If-Match."""
    bijeenkomst = _bijeenkomst(request, bijeenkomst_id)
    expected_version(request, bijeenkomst)
    return _tagged(response, services.open_session(by=request.membership, bijeenkomst=bijeenkomst))


@router.post(
    f"{BIJEENKOMST}/sluiting", response=BijeenkomstOut, summary="Bijeenkomst sluiten", openapi_extra=_write_extra()
)
def create_bijeenkomst_sluiting(
    request: AuthenticatedHttpRequest, response: HttpResponse, bijeenkomst_id: UUID = BIJEENKOMST_ID
) -> Any:
    """Sluit alle vragen en de bijeenkomst; de uitkomsten worden bij het plan bewaard. Met de ETag in If-Match."""
    bijeenkomst = _bijeenkomst(request, bijeenkomst_id)
    expected_version(request, bijeenkomst)
    return _tagged(response, services.close_session(by=request.membership, bijeenkomst=bijeenkomst))


@router.get(
    f"{BIJEENKOMST}/vragen", response=list[VraagOut], summary="Vragen van een bijeenkomst", openapi_extra=_read_extra()
)
def list_vragen(request: AuthenticatedHttpRequest, bijeenkomst_id: UUID = BIJEENKOMST_ID) -> list[Vraag]:
    """De vragen van de bijeenkomst, in hun volgorde."""
    return list(_bijeenkomst(request, bijeenkomst_id).vragen.all())


@router.post(
    f"{BIJEENKOMST}/vragen", response={201: VraagOut}, summary="Vraag toevoegen", openapi_extra=_created_extra()
)
def create_vraag(
    request: AuthenticatedHttpRequest,
    payload: VraagNieuw,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
) -> Any:
    """Coördinator of thema-eigenaar; thema's of (bij een rangorde) acties van de eigen gemeente."""
    bijeenkomst = _bijeenkomst(request, bijeenkomst_id)
    require(request.membership, "bijeenkomsten.prepare")
    fields = _vraag_fields(request, payload.model_dump(exclude_unset=True))
    with _onderwerpen_named(acties=fields.get("onderwerp_acties", False)):
        vraag = services.add_vraag(by=request.membership, bijeenkomst=bijeenkomst, **fields)
    response["Location"] = f"{request.path}/{vraag.pk}"
    return _tagged(response, vraag)


@router.get(VRAAG, response=VraagOut, summary="Eén vraag", openapi_extra=_read_extra(tagged=True))
def get_vraag(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
    vraag_id: UUID = VRAAG_ID,
) -> Any:
    """Eén vraag, met haar versie in de header ETag."""
    return _tagged(response, _vraag(request, bijeenkomst_id, vraag_id))


@router.patch(VRAAG, response=VraagOut, summary="Vraag wijzigen", openapi_extra=_write_extra())
def patch_vraag(
    request: AuthenticatedHttpRequest,
    payload: VraagWijziging,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
    vraag_id: UUID = VRAAG_ID,
) -> Any:
    """Alleen een vraag die nog niet open is geweest; met de ETag in If-Match."""
    vraag = _vraag(request, bijeenkomst_id, vraag_id)
    version = expected_version(request, vraag)
    require(request.membership, "bijeenkomsten.prepare")
    fields = _vraag_fields(request, payload.model_dump(exclude_unset=True), vraag)
    with _onderwerpen_named(acties=fields.get("onderwerp_acties", vraag.onderwerp_acties)):
        services.edit_vraag(by=request.membership, vraag=vraag, expected_version=version, **fields)
    return _tagged(response, vraag)


@router.delete(
    VRAAG,
    response={204: None},
    summary="Vraag verwijderen",
    openapi_extra={
        "parameters": [IF_MATCH_PARAMETER],
        "responses": {204: {"description": "Verwijderd."}, 403: FORBIDDEN},
    },
)
def delete_vraag(
    request: AuthenticatedHttpRequest, bijeenkomst_id: UUID = BIJEENKOMST_ID, vraag_id: UUID = VRAAG_ID
) -> None:
    """Alleen een vraag die nog niet open is geweest (zonder antwoorden); met de ETag in If-Match."""
    vraag = _vraag(request, bijeenkomst_id, vraag_id)
    expected_version(request, vraag)
    services.delete_vraag(by=request.membership, vraag=vraag)


@router.post(f"{VRAAG}/opening", response=VraagOut, summary="Vraag openen", openapi_extra=_write_extra())
def create_vraag_opening(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
    vraag_id: UUID = VRAAG_ID,
) -> Any:
    """De deelnemers zien de vraag op hun telefoon; de vraag die open was, sluit. Met de ETag in If-Match."""
    vraag = _vraag(request, bijeenkomst_id, vraag_id)
    expected_version(request, vraag)
    return _tagged(response, services.open_vraag(by=request.membership, vraag=vraag))


@router.post(f"{VRAAG}/sluiting", response=VraagOut, summary="Vraag sluiten", openapi_extra=_write_extra())
def create_vraag_sluiting(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    bijeenkomst_id: UUID = BIJEENKOMST_ID,
    vraag_id: UUID = VRAAG_ID,
) -> Any:
    """Er kan niet meer op de vraag worden geantwoord. Met de ETag in If-Match."""
    vraag = _vraag(request, bijeenkomst_id, vraag_id)
    expected_version(request, vraag)
    return _tagged(response, services.close_vraag(by=request.membership, vraag=vraag))


@router.get(
    f"{BIJEENKOMST}/resultaten",
    response=list[ResultaatOut],
    summary="Resultaten van een bijeenkomst",
    openapi_extra=_read_extra(),
)
def list_resultaten(request: AuthenticatedHttpRequest, bijeenkomst_id: UUID = BIJEENKOMST_ID) -> list[dict[str, Any]]:
    """Per vraag de uitkomsten: gemiddelden per thema of actie, en de inbreng met haar stemmen."""
    bijeenkomst = _bijeenkomst(request, bijeenkomst_id)
    per_vraag = services.inbreng_per_vraag(request.membership, bijeenkomst)
    inbreng = {
        vraag_id: [
            {
                "id": i.pk,
                "tekst": i.tekst,
                "stemmen": getattr(i, "aantal_stemmen", 0),
                "verborgen": i.verborgen,
                "actie_id": i.actie_id,
            }
            for i in items
        ]
        for vraag_id, items in per_vraag.items()
    }
    return [
        {
            "vraag_id": vraag.pk,
            "soort": vraag.soort,
            "antwoorden": figures["antwoorden"],
            "onderwerpen": [
                {**o, "gemiddelde": _number(o.get("gemiddelde")), "x": _number(o.get("x")), "y": _number(o.get("y"))}
                for o in figures["onderwerpen"]
            ],
            "inbreng": inbreng.get(vraag.pk, []),
        }
        for vraag, figures in services.tally(bijeenkomst).items()
    ]
