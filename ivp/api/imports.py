"""API operations of the veiligheidsplan: importing figures of the police and CBS open-data tables.

As on the pages: an upload or a fetch makes an ``analyse-import`` with a preview; nothing reaches
the analysis until the import is confirmed (``bevestiging``). Reading a big file, every fetch and
storing many figures run as background tasks; the import then answers 202 and names its task.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router
from pydantic import Field

from accounts.http import AuthenticatedHttpRequest
from api.schemas import Input, Output
from lib.permissions import require

from .. import imports
from ..models import Analyseimport
from ..opendata import TABELLEN

router = Router(tags=["veiligheidsplan"], by_alias=True)

IMPORT = "/analyse-imports/{import_id}"


class AnalyseimportOut(Output):
    id: UUID
    bron: str = Field(description="upload of ophalen")
    status: str = Field(description="wachtrij, te_controleren, opslaan, opgeslagen of mislukt")
    bestandsnaam: str
    tabel: str
    formaat: str
    voorbeeld: dict[str, Any] | None = Field(description="Wat er zou worden opgeslagen en overgeslagen, en waarom.")
    fouten: list[str] = Field(description="Waarom het bestand niet kon worden gelezen (regel en kolom).")
    taak: UUID | None = Field(description="De achtergrondtaak die ermee bezig is of was.", validation_alias="taak_id")
    opgeslagen_op: datetime.datetime | None
    created_at: datetime.datetime


class UploadIn(Input):
    bestandsnaam: str = Field(description="De naam van het bestand, zoals .csv of .json.", min_length=1, max_length=200)
    inhoud: str = Field(
        description="De inhoud van het bestand in base64. Grotere bestanden dan deze API aanneemt: upload ze op de "
        "pagina, of haal de cijfers op bij de open-data-API.",
        min_length=1,
        max_length=1_500_000,  # base64 of the largest body the API takes (API_MAX_BODY_BYTES)
    )
    verwachte_tabel: str = Field("", description=f"Leeg of een van: {', '.join(TABELLEN)}.", max_length=10)


class OphalingIn(Input):
    tabel: str = Field(description=f"Een van: {', '.join(TABELLEN)}.", max_length=10)
    van: int = Field(description="Eerste jaar.", ge=2010, le=2100)
    tot: int = Field(description="Laatste jaar.", ge=2010, le=2100)


def _import(request: AuthenticatedHttpRequest, import_id: UUID) -> Analyseimport:
    return get_object_or_404(Analyseimport.objects.visible_to(request.membership).defer("bestand"), pk=import_id)


@router.get("/analyse-imports", response=list[AnalyseimportOut], summary="Imports van cijfers")
def list_analyse_imports(request: AuthenticatedHttpRequest) -> list[Analyseimport]:
    """De twintig nieuwste imports van cijfers van de gemeente."""
    require(request.membership, "ivp.edit")
    return list(Analyseimport.objects.visible_to(request.membership).defer("bestand")[:20])


@router.post(
    "/analyse-imports",
    response={201: AnalyseimportOut, 202: AnalyseimportOut},
    summary="Bestand met cijfers uploaden",
)
def create_analyse_import(
    request: AuthenticatedHttpRequest, response: HttpResponse, payload: UploadIn
) -> tuple[int, Analyseimport]:
    """Een tabel van politie of CBS (OData-JSON, CSV-download of StatLine-export), in base64. Een klein
    bestand wordt meteen gelezen (201, met voorbeeld); een groot bestand op de achtergrond (202, met taak)."""
    try:
        data = base64.b64decode(payload.inhoud, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError({"inhoud": "De inhoud is geen geldige base64."}) from error
    imp = imports.start_upload(
        by=request.membership,
        bestandsnaam=payload.bestandsnaam,
        data=data,
        verwachte_tabel=payload.verwachte_tabel,
    )
    response["Location"] = f"/api/v1/analyse-imports/{imp.pk}"
    return (202 if imp.taak_id else 201), imp


@router.post("/open-data-ophalingen", response={202: AnalyseimportOut}, summary="Cijfers ophalen bij de open-data-API")
def create_open_data_ophaling(
    request: AuthenticatedHttpRequest, response: HttpResponse, payload: OphalingIn
) -> tuple[int, Analyseimport]:
    """Haal de rijen van de gemeente (en haar wijken en buurten) op, per pagina; op de achtergrond."""
    imp = imports.start_fetch(by=request.membership, tabel=payload.tabel, van=payload.van, tot=payload.tot)
    response["Location"] = f"/api/v1/analyse-imports/{imp.pk}"
    return 202, imp


@router.get(IMPORT, response=AnalyseimportOut, summary="Import van cijfers")
def get_analyse_import(request: AuthenticatedHttpRequest, import_id: UUID) -> Analyseimport:
    """Status, voorbeeld en fouten van een import."""
    require(request.membership, "ivp.edit")
    return _import(request, import_id)


@router.post(
    f"{IMPORT}/bevestiging", response={200: AnalyseimportOut, 202: AnalyseimportOut}, summary="Import bevestigen"
)
def create_bevestiging(request: AuthenticatedHttpRequest, import_id: UUID) -> tuple[int, Analyseimport]:
    """Sla de cijfers van het voorbeeld op, alles of niets (202 als dat op de achtergrond gebeurt)."""
    imp = imports.confirm(by=request.membership, imp=_import(request, import_id))
    return (202 if imp.status == "opslaan" else 200), imp


@router.delete(IMPORT, response={204: None}, summary="Import weggooien")
def delete_analyse_import(request: AuthenticatedHttpRequest, import_id: UUID) -> tuple[int, None]:
    """Gooi een import weg die niet is opgeslagen; er komt niets in de analyse."""
    imports.cancel(by=request.membership, imp=_import(request, import_id))
    return 204, None
