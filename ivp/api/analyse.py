"""API operations of the veiligheidsanalyse: indicators and their figures, the population per year and
the mapping of police codes to themes.

One plain function per operation, calling the same services, checks and scoping as the pages
(``ivp.services``, ``ivp.analysis``); ``api.api`` turns each refusal into its problem (400, 403, 409,
412). Reading needs ``ivp.view``; every change is checked by its service. A figure is checked by
``ivp.analysis.check_meting`` before it is stored, so a year 1800, month 13 or 10^15 is a 400 with
the same Dutch message as on the page.

The figures of an indicator come a page at a time (``pagina``, :data:`PAGINA_GROOTTE` per page): the
header ``Link`` names the next and previous page, ``X-Total-Count`` the number of figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Path, Query, Router, Status
from pydantic import Field, WithJsonSchema

from accounts.http import AuthenticatedHttpRequest
from api.concurrency import IF_MATCH_PARAMETER, expected_version, openapi_etag
from api.schemas import Input, Output, omittable
from lib.concurrency import etag
from lib.models import VersionedModel
from lib.permissions import require

from .. import services
from ..analysis import JAREN, Kerncijfer, check_meting, kerncijfers
from ..models import MAX_VALUE, Indicator, Inwonertal, Meting, Misdrijfkoppeling, Thema

router = Router(tags=["veiligheidsplan"], by_alias=True)

PAGINA_GROOTTE = 500
INDICATOR_ID = Path(..., description="Id van de indicator.")
METING_ID = Path(..., description="Id van het cijfer (de meting).")
JAAR = Path(..., ge=JAREN[0], le=JAREN[1], description="Het jaar.")
KOPPELING_ID = Path(..., description="Id van de koppeling van een politiecode aan een thema.")
THEMA_FILTER = Query(None, alias="themaId", description="Alleen de indicatoren van dit thema.")
SOORT_FILTER = Query(None, description="Alleen objectieve of alleen subjectieve indicatoren.")
DIMENSIE_FILTER = Query(None, description="Alleen de codes van deze lijst.")
ZONDER_THEMA_FILTER = Query(None, alias="zonderThema", description="Alleen de codes zonder thema.")
FORBIDDEN = {"$ref": "#/components/responses/GeenToegang"}
MAX = float(MAX_VALUE)
LOCATION = {
    "description": "URL van de nieuwe resource.",
    "schema": {"type": "string", "examples": ["/api/v1/indicatoren/0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40"]},
}

SoortCode = Literal["objectief", "subjectief"]
DimensieCode = Literal["misdrijf", "overlast"]
RichtingCode = Literal["stijgt", "daalt", "gelijk"]
# A figure: a JSON number (a text such as "3.5" is accepted too); checked in Dutch by ivp.analysis.
Getal = Annotated[
    Decimal,
    WithJsonSchema({"type": "number", "exclusiveMinimum": -MAX, "exclusiveMaximum": MAX}),
]
Jaar = Annotated[int, WithJsonSchema({"type": "integer", "minimum": JAREN[0], "maximum": JAREN[1]})]
Maand = Annotated[
    int | None, WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 12}, {"type": "null"}]})
]


# --- OpenAPI additions and headers ----------------------------------------------------------------


def _read(*, tagged: bool = False) -> dict[str, Any]:
    extra: dict[str, Any] = openapi_etag() if tagged else {"responses": {}}
    extra["responses"][403] = FORBIDDEN
    return extra


def _paged() -> dict[str, Any]:
    extra = _read()
    extra["responses"][200] = {
        "headers": {
            "Link": {
                "description": 'De volgende en vorige pagina: <URL>; rel="next", <URL>; rel="prev".',
                "schema": {"type": "string"},
            },
            "X-Total-Count": {
                "description": "Het aantal cijfers op alle pagina's samen.",
                "schema": {"type": "integer"},
            },
        }
    }
    return extra


def _created() -> dict[str, Any]:
    extra = openapi_etag(status=201)
    extra["responses"][201].update(description="Aangemaakt.")
    extra["responses"][201]["headers"]["Location"] = LOCATION
    return extra


def _set() -> dict[str, Any]:
    """A POST that stores or replaces: 201 with Location when new, 200 when it replaced one."""
    extra = _created()
    extra["responses"][200] = {"description": "Vervangen.", **openapi_etag()["responses"][200]}
    return extra


def _changed() -> dict[str, Any]:
    return openapi_etag(if_match=True)


def _deleted() -> dict[str, Any]:
    return {"parameters": [IF_MATCH_PARAMETER], "responses": {204: {"description": "Verwijderd."}}}


def _tagged(response: HttpResponse, obj: VersionedModel) -> Any:
    response["ETag"] = etag(obj)
    return obj


def _located(response: HttpResponse, obj: VersionedModel, operation: str, **kwargs: Any) -> Any:
    """``obj`` just made: the URL of the operation that reads it in Location, its version in ETag."""
    response["Location"] = reverse(f"api:{operation}", kwargs=kwargs)
    return _tagged(response, obj)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- schemas ------------------------------------------------------------------------------------


class LaatsteOut(Output):
    """Het laatste volledige jaarcijfer van de hele gemeente."""

    jaar: int = Field(..., description="Het jaar.")
    periode: str = Field(..., description="Het jaar, of 2025 t/m jun voor een jaar dat nog loopt.")
    waarde: float = Field(
        ..., description="De waarde: het jaarcijfer, of de maanden opgeteld (aantallen) of gemiddeld."
    )
    referentiewaarde: float | None = Field(..., description="De waarde van de vergelijking (zoals Nederland).")
    voorlopig: bool = Field(..., description="Een voorlopig cijfer.")
    per_1000: float | None = Field(
        ..., description="Per 1.000 inwoners, als de indicator dat vraagt en het inwonertal bekend is."
    )


class TrendOut(Output):
    """De richting over de laatste drie volledige jaren."""

    richting: RichtingCode = Field(..., description="Stijgt, daalt of gelijk (minder dan 5% verschil).")
    gunstig: bool | None = Field(..., description="Of de richting goed nieuws is; leeg bij gelijk.")
    van: str = Field(..., description="Het eerste jaar van de vergelijking.")
    tot: str = Field(..., description="Het laatste jaar van de vergelijking.")


class IndicatorOut(Output):
    """Een indicator van een thema, met het laatste cijfer en de trend."""

    id: UUID = Field(..., description="Vaste id van de indicator.")
    thema_id: UUID = Field(..., description="Id van het thema.")
    naam: str = Field(..., description="Naam; uniek binnen het thema.")
    soort: SoortCode = Field(..., description="Objectief (registraties) of subjectief (beleving).")
    bron: str = Field(..., description="Waar de cijfers vandaan komen.")
    eenheid: str = Field(..., description="De eenheid: aantal, %, per 1.000 inwoners, ...")
    lager_is_beter: bool = Field(..., description="Of een lager cijfer beter is.")
    per_1000: bool = Field(..., description="Of Kapstok de cijfers ook per 1.000 inwoners toont.")
    referentie_naam: str = Field(..., description="Waarmee de cijfers worden vergeleken, zoals Nederland.")
    bronsleutel: str | None = Field(..., description="De vaste bron van een geïmporteerde of standaardindicator.")
    laatste: LaatsteOut | None = Field(..., description="Het laatste volledige jaarcijfer van de hele gemeente.")
    trend: TrendOut | None = Field(..., description="De trend over de laatste drie volledige jaren.")


class IndicatorNieuw(Input):
    """Een nieuwe indicator van een thema."""

    thema_id: UUID = Field(..., description="Id van het thema.")
    naam: str = Field(..., min_length=1, max_length=200, description="Naam; uniek binnen het thema.")
    soort: SoortCode = omittable(description="Objectief (standaard) of subjectief.")
    bron: str = omittable(max_length=200, description="Waar de cijfers vandaan komen.")
    eenheid: str = omittable(min_length=1, max_length=50, description="De eenheid; standaard aantal.")
    lager_is_beter: bool = omittable(description="Of een lager cijfer beter is; standaard ja.")
    per_1000: bool = omittable(description="Ook per 1.000 inwoners tonen (alleen voor aantallen).")
    referentie_naam: str = omittable(max_length=100, description="Waarmee de cijfers worden vergeleken.")


class IndicatorWijziging(Input):
    """Een indicator wijzigen of naar een ander thema verplaatsen. Alleen meegestuurde velden veranderen."""

    thema_id: UUID = omittable(description="Id van het thema waarheen de indicator verhuist.")
    naam: str = omittable(min_length=1, max_length=200, description="Naam.")
    soort: SoortCode = omittable(description="Objectief of subjectief.")
    bron: str = omittable(max_length=200, description="Waar de cijfers vandaan komen.")
    eenheid: str = omittable(min_length=1, max_length=50, description="De eenheid.")
    lager_is_beter: bool = omittable(description="Of een lager cijfer beter is.")
    per_1000: bool = omittable(description="Ook per 1.000 inwoners tonen.")
    referentie_naam: str = omittable(max_length=100, description="Waarmee de cijfers worden vergeleken.")


class MetingOut(Output):
    """Een cijfer van een indicator voor een jaar of maand en een gebied."""

    id: UUID = Field(..., description="Vaste id van het cijfer.")
    indicator_id: UUID = Field(..., description="Id van de indicator.")
    jaar: int = Field(..., description="Het jaar.")
    maand: int | None = Field(..., description="De maand (1–12); leeg voor een cijfer van het hele jaar.")
    periode: str = Field(..., description="2024 of 2024-03.")
    gebied: str = Field(..., description="Leeg voor de hele gemeente; anders de CBS-code van een wijk of buurt.")
    gebied_naam: str = Field(..., description="De naam van de wijk of buurt.")
    waarde: float = Field(..., description="De waarde.")
    referentiewaarde: float | None = Field(..., description="De waarde van de vergelijking.")
    voorlopig: bool = Field(..., description="Een voorlopig cijfer.")
    bron: str = Field(..., description="De bron.")

    @staticmethod
    def resolve_waarde(obj: Meting) -> float | None:
        return _float(obj.waarde)

    @staticmethod
    def resolve_referentiewaarde(obj: Meting) -> float | None:
        return _float(obj.referentiewaarde)


class MetingNieuw(Input):
    """Een cijfer; het vervangt het cijfer van dezelfde periode en hetzelfde gebied."""

    jaar: Jaar = Field(..., description="Het jaar (1900–2100).")
    maand: Maand = Field(None, description="De maand (1–12); leeg of weglaten voor een cijfer van het hele jaar.")
    waarde: Getal = Field(..., description="De waarde, hoogstens drie decimalen.")
    referentiewaarde: Getal | None = Field(None, description="De waarde van de vergelijking (zoals Nederland).")
    gebied: str = Field("", max_length=10, description="Leeg voor de hele gemeente; anders WK… of BU….")
    gebied_naam: str = Field("", max_length=100, description="De naam van de wijk of buurt.")
    voorlopig: bool = Field(False, description="Een voorlopig cijfer.")
    bron: str = Field("", max_length=200, description="De bron; leeg: de bron van de indicator.")


class InwonertalOut(Output):
    """Het aantal inwoners in een jaar."""

    id: UUID = Field(..., description="Vaste id.")
    jaar: int = Field(..., description="Het jaar.")
    aantal: int = Field(..., description="Het aantal inwoners.")
    bron: str = Field(..., description="De bron.")


class InwonertalNieuw(Input):
    """Het inwonertal van een jaar; het vervangt wat er voor dat jaar staat."""

    jaar: Jaar = Field(..., description="Het jaar (1900–2100).")
    aantal: Annotated[int, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 20_000_000})] = Field(
        ..., description="Het aantal inwoners (1 tot 20 miljoen)."
    )
    bron: str = Field("CBS", max_length=200, description="De bron; standaard CBS.")


class KoppelingOut(Output):
    """Een politiecode (soort misdrijf of overlast) en het thema waar haar cijfers bij een import bij komen."""

    id: UUID = Field(..., description="Vaste id van de koppeling.")
    dimensie: DimensieCode = Field(..., description="De codelijst: soort misdrijf of soort overlast.")
    code: str = Field(..., description="De code van de politie, zoals 1.1.1 of E33.")
    omschrijving: str = Field(..., description="De omschrijving van de code.")
    thema_id: UUID | None = Field(..., description="Id van het thema; leeg: de code wordt bij import overgeslagen.")
    overgeslagen: bool = Field(..., description="Zonder thema worden de cijfers van deze code bij import overgeslagen.")

    @staticmethod
    def resolve_overgeslagen(obj: Misdrijfkoppeling) -> bool:
        return obj.thema_id is None


class KoppelingWijziging(Input):
    """Het thema van een politiecode; leeg (null) om de code bij import over te slaan."""

    thema_id: UUID | None = Field(..., description="Id van het thema, of null.")


# --- helpers --------------------------------------------------------------------------------------


def _indicator(request: AuthenticatedHttpRequest, indicator_id: UUID) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(request.membership).select_related("thema__veld"), pk=indicator_id
    )


def _thema(request: AuthenticatedHttpRequest, thema_id: Any, name: str = "thema_id") -> Thema:
    thema = Thema.objects.visible_to(request.membership).select_related("veld").filter(pk=thema_id).first()
    if thema is None:
        raise ValidationError({name: "Onbekend thema."})
    return thema


def _indicator_out(indicator: Indicator, kern: Kerncijfer) -> dict[str, Any]:
    fields = ("id", "thema_id", "naam", "soort", "bron", "eenheid", "lager_is_beter", "per_1000", "referentie_naam")
    out: dict[str, Any] = {name: getattr(indicator, name) for name in fields}
    out["bronsleutel"] = indicator.bronsleutel
    laatste, trend = kern.laatste, kern.trend
    out["laatste"] = laatste and {
        "jaar": laatste.jaar,
        "periode": laatste.label.rstrip("*"),
        "waarde": float(laatste.waarde),
        "referentiewaarde": _float(laatste.referentie),
        "voorlopig": laatste.voorlopig,
        "per_1000": _float(kern.per_1000),
    }
    out["trend"] = trend and {
        "richting": trend.richting,
        "gunstig": trend.gunstig,
        "van": trend.van.label.rstrip("*"),
        "tot": trend.tot.label.rstrip("*"),
    }
    return out


def _with_key_figures(request: AuthenticatedHttpRequest, indicatoren: list[Indicator]) -> list[dict[str, Any]]:
    kern = kerncijfers(request.membership, indicatoren)
    return [_indicator_out(i, kern[i.pk]) for i in indicatoren]


def _page_links(request: HttpRequest, response: HttpResponse, pagina: int, total: int) -> None:
    """The Link header to the next and previous page, and the total in X-Total-Count."""
    links = []
    query = request.GET.copy()
    for rel, number in (("prev", pagina - 1), ("next", pagina + 1)):
        if number >= 1 and (number - 1) * PAGINA_GROOTTE < total:
            query["pagina"] = str(number)
            links.append(f'<{request.path}?{query.urlencode()}>; rel="{rel}"')
    if links:
        response["Link"] = ", ".join(links)
    response["X-Total-Count"] = str(total)


# --- indicators ---------------------------------------------------------------------------------


@router.get("/indicatoren", response=list[IndicatorOut], summary="Indicatoren", openapi_extra=_read())
def list_indicatoren(
    request: AuthenticatedHttpRequest,
    thema_id: UUID | None = THEMA_FILTER,
    soort: SoortCode | None = SOORT_FILTER,
) -> Any:
    """De indicatoren van de gemeente, met hun laatste cijfer en trend (in een vast aantal queries)."""
    require(request.membership, "ivp.view")
    indicatoren = Indicator.objects.visible_to(request.membership).order_by("thema_id", "volgorde", "naam")
    if thema_id is not None:
        indicatoren = indicatoren.filter(thema_id=thema_id)
    if soort is not None:
        indicatoren = indicatoren.filter(soort=soort)
    return _with_key_figures(request, list(indicatoren))


@router.post("/indicatoren", response={201: IndicatorOut}, summary="Indicator toevoegen", openapi_extra=_created())
def create_indicator(request: AuthenticatedHttpRequest, payload: IndicatorNieuw, response: HttpResponse) -> Any:
    """Een indicator van een thema; een thema-eigenaar alleen bij een veld waarvan hij eigenaar is."""
    fields = payload.model_dump(exclude_unset=True)
    thema = _thema(request, fields.pop("thema_id"))
    indicator = services.add_indicator(by=request.membership, thema=thema, **fields)
    _located(response, indicator, "get_indicator", indicator_id=indicator.pk)
    return _with_key_figures(request, [indicator])[0]


@router.get(
    "/indicatoren/{indicator_id}", response=IndicatorOut, summary="Eén indicator", openapi_extra=_read(tagged=True)
)
def get_indicator(request: AuthenticatedHttpRequest, response: HttpResponse, indicator_id: UUID = INDICATOR_ID) -> Any:
    """Eén indicator met het laatste cijfer en de trend; haar versie in de header ETag."""
    require(request.membership, "ivp.view")
    indicator = _indicator(request, indicator_id)
    _tagged(response, indicator)
    return _with_key_figures(request, [indicator])[0]


@router.patch(
    "/indicatoren/{indicator_id}", response=IndicatorOut, summary="Indicator wijzigen", openapi_extra=_changed()
)
def patch_indicator(
    request: AuthenticatedHttpRequest,
    payload: IndicatorWijziging,
    response: HttpResponse,
    indicator_id: UUID = INDICATOR_ID,
) -> Any:
    """Met de ETag in If-Match. Een thema-eigenaar wijzigt alleen indicatoren van zijn eigen velden."""
    indicator = _indicator(request, indicator_id)
    version = expected_version(request, indicator)
    fields = payload.model_dump(exclude_unset=True)
    if "thema_id" in fields:
        fields["thema"] = _thema(request, fields.pop("thema_id"))
    services.edit_indicator(by=request.membership, indicator=indicator, expected_version=version, **fields)
    _tagged(response, indicator)
    return _with_key_figures(request, [indicator])[0]


@router.delete(
    "/indicatoren/{indicator_id}", response={204: None}, summary="Indicator verwijderen", openapi_extra=_deleted()
)
def delete_indicator(request: AuthenticatedHttpRequest, indicator_id: UUID = INDICATOR_ID) -> None:
    """Met haar cijfers. Kan niet zolang een doelstelling met de indicator meet (409)."""
    indicator = _indicator(request, indicator_id)
    expected_version(request, indicator)
    services.delete_indicator(by=request.membership, indicator=indicator)


# --- figures ------------------------------------------------------------------------------------


@router.get(
    "/indicatoren/{indicator_id}/metingen",
    response=list[MetingOut],
    summary="Cijfers van een indicator",
    openapi_extra=_paged(),
)
def list_metingen(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    indicator_id: UUID = INDICATOR_ID,
    jaar: int | None = Query(None, ge=JAREN[0], le=JAREN[1], description="Alleen de cijfers van dit jaar."),
    maand: int | None = Query(None, ge=1, le=12, description="Alleen de cijfers van deze maand."),
    gebied: str | None = Query(
        None, max_length=10, pattern=r"^[A-Za-z0-9]*$", description="Alleen dit gebied; leeg: de hele gemeente."
    ),
    pagina: int = Query(1, ge=1, le=1_000_000, description=f"De pagina, van {PAGINA_GROOTTE} cijfers."),
) -> Any:
    """Oudste eerst; per pagina hoogstens 500 cijfers (de header Link wijst de volgende aan)."""
    require(request.membership, "ivp.view")
    indicator = _indicator(request, indicator_id)
    metingen = Meting.objects.visible_to(request.membership).filter(indicator=indicator)
    filters = {"jaar": jaar, "maand": maand, "gebied": gebied.upper() if gebied is not None else None}
    metingen = metingen.filter(**{name: value for name, value in filters.items() if value is not None})
    ordered = metingen.order_by("jaar", F("maand").asc(nulls_first=True), "gebied")
    _page_links(request, response, pagina, metingen.count())
    start = (pagina - 1) * PAGINA_GROOTTE
    return list(ordered[start : start + PAGINA_GROOTTE])


@router.post(
    "/indicatoren/{indicator_id}/metingen",
    response={200: MetingOut, 201: MetingOut},
    summary="Cijfer vastleggen",
    openapi_extra=_set(),
)
def create_meting(
    request: AuthenticatedHttpRequest, payload: MetingNieuw, response: HttpResponse, indicator_id: UUID = INDICATOR_ID
) -> Any:
    """Vervangt het cijfer van dezelfde periode en hetzelfde gebied (200), anders nieuw (201 met Location)."""
    indicator = _indicator(request, indicator_id)
    fields = payload.model_dump()
    check_meting(
        jaar=fields["jaar"],
        maand=fields["maand"],
        waarde=fields["waarde"],
        referentiewaarde=fields["referentiewaarde"],
        gebied=fields["gebied"],
    )
    bestaand = Meting.objects.visible_to(request.membership).filter(
        indicator=indicator, jaar=fields["jaar"], maand=fields["maand"], gebied=fields["gebied"].strip().upper()
    )
    vervangen = bestaand.exists()
    meting = services.set_meting(by=request.membership, indicator=indicator, **fields)
    if vervangen:
        return Status(200, _tagged(response, meting))
    return Status(201, _located(response, meting, "get_meting", meting_id=meting.pk))


@router.get("/metingen/{meting_id}", response=MetingOut, summary="Eén cijfer", openapi_extra=_read(tagged=True))
def get_meting(request: AuthenticatedHttpRequest, response: HttpResponse, meting_id: UUID = METING_ID) -> Any:
    """Eén cijfer, met zijn versie in de header ETag."""
    require(request.membership, "ivp.view")
    return _tagged(response, get_object_or_404(Meting.objects.visible_to(request.membership), pk=meting_id))


@router.delete("/metingen/{meting_id}", response={204: None}, summary="Cijfer verwijderen", openapi_extra=_deleted())
def delete_meting(request: AuthenticatedHttpRequest, meting_id: UUID = METING_ID) -> None:
    """Met de ETag in If-Match; een thema-eigenaar alleen bij indicatoren van zijn eigen velden."""
    queryset = Meting.objects.visible_to(request.membership).select_related("indicator__thema__veld")
    meting = get_object_or_404(queryset, pk=meting_id)
    expected_version(request, meting)
    services.delete_meting(by=request.membership, meting=meting)


# --- population ---------------------------------------------------------------------------------


@router.get("/inwonertallen", response=list[InwonertalOut], summary="Inwoners per jaar", openapi_extra=_read())
def list_inwonertallen(request: AuthenticatedHttpRequest) -> Any:
    """Het inwonertal per jaar, voor de cijfers per 1.000 inwoners; oudste eerst."""
    require(request.membership, "ivp.view")
    return list(Inwonertal.objects.visible_to(request.membership).order_by("jaar"))


@router.post(
    "/inwonertallen",
    response={200: InwonertalOut, 201: InwonertalOut},
    summary="Inwonertal vastleggen",
    openapi_extra=_set(),
)
def create_inwonertal(request: AuthenticatedHttpRequest, payload: InwonertalNieuw, response: HttpResponse) -> Any:
    """Vervangt het inwonertal van hetzelfde jaar (200), anders nieuw (201)."""
    errors = {}
    if not JAREN[0] <= payload.jaar <= JAREN[1]:
        errors["jaar"] = f"Kies een jaar van {JAREN[0]} tot en met {JAREN[1]}."
    if not 1 <= payload.aantal <= 20_000_000:
        errors["aantal"] = "Een inwonertal ligt tussen 1 en 20 miljoen."
    if errors:
        raise ValidationError(errors)
    vervangen = Inwonertal.objects.visible_to(request.membership).filter(jaar=payload.jaar).exists()
    rij = services.set_inwonertal(by=request.membership, jaar=payload.jaar, aantal=payload.aantal, bron=payload.bron)
    if vervangen:
        return Status(200, _tagged(response, rij))
    return Status(201, _located(response, rij, "get_inwonertal", jaar=rij.jaar))


@router.get("/inwonertallen/{jaar}", response=InwonertalOut, summary="Inwonertal van een jaar", openapi_extra=_read())
def get_inwonertal(request: AuthenticatedHttpRequest, jaar: int = JAAR) -> Any:
    """Het inwonertal van één jaar."""
    require(request.membership, "ivp.view")
    return get_object_or_404(Inwonertal.objects.visible_to(request.membership), jaar=jaar)


# --- police codes -------------------------------------------------------------------------------


@router.get(
    "/politiecode-koppelingen",
    response=list[KoppelingOut],
    summary="Politiecodes en hun thema",
    openapi_extra=_read(),
)
def list_politiecode_koppelingen(
    request: AuthenticatedHttpRequest,
    dimensie: DimensieCode | None = DIMENSIE_FILTER,
    zonder_thema: bool | None = ZONDER_THEMA_FILTER,
) -> Any:
    """De 59 codes van soorten misdrijven en de 9 van soorten overlast, met hun thema."""
    require(request.membership, "ivp.view")
    rijen = Misdrijfkoppeling.objects.visible_to(request.membership)
    if dimensie is not None:
        rijen = rijen.filter(dimensie=dimensie)
    if zonder_thema is not None:
        rijen = rijen.filter(thema__isnull=zonder_thema)
    return list(rijen)


@router.get(
    "/politiecode-koppelingen/{politiecode_koppeling_id}",
    response=KoppelingOut,
    summary="Eén politiecode",
    openapi_extra=_read(tagged=True),
)
def get_politiecode_koppeling(
    request: AuthenticatedHttpRequest, response: HttpResponse, politiecode_koppeling_id: UUID = KOPPELING_ID
) -> Any:
    """Eén code met haar thema; haar versie in de header ETag."""
    require(request.membership, "ivp.view")
    rij = get_object_or_404(Misdrijfkoppeling.objects.visible_to(request.membership), pk=politiecode_koppeling_id)
    return _tagged(response, rij)


@router.patch(
    "/politiecode-koppelingen/{politiecode_koppeling_id}",
    response=KoppelingOut,
    summary="Thema van een politiecode wijzigen",
    openapi_extra=_changed(),
)
def patch_politiecode_koppeling(
    request: AuthenticatedHttpRequest,
    payload: KoppelingWijziging,
    response: HttpResponse,
    politiecode_koppeling_id: UUID = KOPPELING_ID,
) -> Any:
    """Alleen de coördinator; met de ETag in If-Match. Null: de code wordt bij import overgeslagen."""
    rij = get_object_or_404(Misdrijfkoppeling.objects.visible_to(request.membership), pk=politiecode_koppeling_id)
    version = expected_version(request, rij)
    thema = None if payload.thema_id is None else _thema(request, payload.thema_id)
    services.map_code(by=request.membership, koppeling=rij, thema=thema, expected_version=version)
    return _tagged(response, rij)
