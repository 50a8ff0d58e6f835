"""API operations of the bijeenkomsten: the sessions of the gemeente, their questions and results.

Reading only, for the roles that see the sessions on the pages (``bijeenkomsten.view``); the same
scoping (``visible_to``) and the same figures (``services.tally``) as the pages. Participants do
not use the API: they answer on the pages, with the session's code.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Router
from pydantic import Field

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import openapi_etag
from api.schemas import Output
from lib.concurrency import etag
from lib.permissions import require

from . import services
from .models import Bijeenkomst, Vraag

router = Router(tags=["bijeenkomsten"], by_alias=True)

BIJEENKOMST = "/bijeenkomsten/{bijeenkomst_id}"
BIJEENKOMST_ID = Path(..., description="Id van de bijeenkomst.")
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


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _bijeenkomst(request: AuthenticatedHttpRequest, bijeenkomst_id: UUID) -> Bijeenkomst:
    require(request.membership, "bijeenkomsten.view")
    return get_object_or_404(Bijeenkomst.objects.visible_to(request.membership), pk=bijeenkomst_id)


def _read_extra(*, tagged: bool = False) -> dict[str, Any]:
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {200: {"headers": {}}}}
    extra["responses"][403] = FORBIDDEN
    return extra


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


@router.get(
    f"{BIJEENKOMST}/vragen", response=list[VraagOut], summary="Vragen van een bijeenkomst", openapi_extra=_read_extra()
)
def list_vragen(request: AuthenticatedHttpRequest, bijeenkomst_id: UUID = BIJEENKOMST_ID) -> list[Vraag]:
    """De vragen van de bijeenkomst, in hun volgorde."""
    return list(_bijeenkomst(request, bijeenkomst_id).vragen.all())


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
