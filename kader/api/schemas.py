"""The request and response bodies of the kader API.

Fields carry the models' names; clients see them in camelCase (``api.schemas``). A text field of
an input is as long as its model field allows (``_max``), so the OpenAPI document states the same
limits as the database. In an input, a field the model does not allow to be empty is optional
(left out: unchanged) but never ``null``.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.db import models
from pydantic import Field

from api.schemas import TEXT_MAX, Input, Output, omittable

from .. import content, progress
from ..models import (
    Bedrijfsmiddel,
    Deelplan,
    DeelplanStatus,
    DeelplanThema,
    Doel,
    Governance,
    KaderVersie,
    Mensgroep,
    MensgroepSoort,
    PdcaFase,
    StapActiviteit,
    Uitgangspunt,
    UitgangspuntGroep,
    Verantwoordelijkheid,
    WetOfNorm,
    WetThema,
)

# Generic names get inline enums (no shared component that another app could shadow).
KaderStatus = Literal["concept", "ter_besluitvorming", "vastgesteld", "vervallen"]
FaseCode = Literal["plan", "do", "check", "act"]
AardCode = Literal["R", "A", "C", "I"]
StapCode = Literal["visie", "scope", "doelen", "uitgangspunten", "kwaliteitssysteem"]

# An uitgangspunt is unique per group by its text, so its text is part of a database index,
# which holds at most 2704 bytes: 600 characters of up to 4 bytes each stay below that.
UITGANGSPUNT_MAX = 600
NOTITIE_MAX = 2000  # as the checklist on the step pages


def _max(model: type[models.Model], name: str) -> int:
    """The longest text the model field holds; TEXT_MAX for a text without a limit."""
    return getattr(model._meta.get_field(name), "max_length", None) or TEXT_MAX


def _uri(schema: dict[str, Any]) -> None:
    """The text of a link is a URI (the OpenAPI format; the service checks it as a web address)."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option["format"] = "uri"


# --- versions -----------------------------------------------------------------------------------


class KaderVersieOut(Output):
    """Een versie van het strategisch kader, zonder de meervoudige onderdelen."""

    id: UUID = Field(..., description="Vaste id van de versie.")
    nummer: int = Field(..., description="Versienummer: 1, 2, ...")
    status: KaderStatus = Field(..., description="Concept, ter besluitvorming, vastgesteld of vervallen.")
    gebaseerd_op: UUID | None = Field(..., description="Id van de versie waarvan deze een kopie is.")
    visie: str | None = Field(..., description="Stap 1: de visie.")
    visie_minimaal: str | None = Field(..., description="Stap 1: de minimale variant.")
    visie_maximaal: str | None = Field(..., description="Stap 1: de maximale variant.")
    visie_onderbouwing: str | None = Field(..., description="Stap 1: waarom voor deze variant is gekozen.")
    bedrijfsmiddelen: list[Bedrijfsmiddel] = Field(
        ..., description="Stap 2: de categorieën bedrijfsmiddelen binnen de scope."
    )
    governance: Governance | None = Field(..., description="Stap 5: de governancevariant.")
    governance_toelichting: str | None = Field(..., description="Stap 5: toelichting op de governance.")
    vastgesteld_op: datetime.date | None = Field(..., description="Datum van de vaststelling.")
    vastgesteld_door: str | None = Field(..., description="Het orgaan dat de versie heeft vastgesteld.")
    besluitkenmerk: str | None = Field(..., description="Kenmerk van het besluit.")

    @staticmethod
    def resolve_gebaseerd_op(obj: KaderVersie) -> UUID | None:
        return obj.gebaseerd_op_id


class GatenOut(Output):
    """Waar doelen en uitgangspunten elkaar (nog) niet raken."""

    doelen_zonder_uitgangspunt: list[UUID] = Field(..., description="Relevante doelen zonder uitgangspunt.")
    uitgangspunten_zonder_doel: list[UUID] = Field(..., description="Uitgangspunten die aan geen doel gekoppeld zijn.")


class KaderVersieDetailOut(KaderVersieOut):
    """Een versie met wat er nog ontbreekt voordat zij ter besluitvorming kan."""

    ontbrekend: list[str] = Field(..., description="Verplichte onderdelen die nog leeg zijn, in het Nederlands.")
    gaten: GatenOut = Field(..., description="Doelen zonder uitgangspunt en uitgangspunten zonder doel.")

    @staticmethod
    def resolve_ontbrekend(obj: KaderVersie) -> list[str]:
        return [point.text for point in progress.missing_parts(obj)]

    @staticmethod
    def resolve_gaten(obj: KaderVersie) -> dict[str, list[UUID]]:
        found = progress.gaps(obj)
        return {name: [row.pk for row in rows] for name, rows in found.items()}


class KaderVersieNieuw(Input):
    """Zonder gebaseerdOp: het kader starten (versie 1). Met: een nieuwe versie als kopie."""

    gebaseerd_op: UUID | None = Field(None, description="Id van de versie die als basis dient.")


class KaderVersieWijziging(Input):
    """De enkelvoudige onderdelen van een concept. Alleen meegestuurde velden veranderen."""

    visie: str | None = Field(None, max_length=_max(KaderVersie, "visie"), description="De visie.")
    visie_minimaal: str | None = Field(
        None, max_length=_max(KaderVersie, "visie_minimaal"), description="De minimale variant."
    )
    visie_maximaal: str | None = Field(
        None, max_length=_max(KaderVersie, "visie_maximaal"), description="De maximale variant."
    )
    visie_onderbouwing: str | None = Field(
        None, max_length=_max(KaderVersie, "visie_onderbouwing"), description="Waarom voor deze variant is gekozen."
    )
    bedrijfsmiddelen: list[Bedrijfsmiddel] = Field(default_factory=list, description="Bedrijfsmiddelen in de scope.")
    governance: Governance | None = Field(None, description="De governancevariant.")
    governance_toelichting: str | None = Field(
        None, max_length=_max(KaderVersie, "governance_toelichting"), description="Toelichting op de governance."
    )


class VaststellingNieuw(Input):
    """Het besluit waarmee een versie die ter besluitvorming ligt, is vastgesteld."""

    vastgesteld_op: datetime.date = Field(..., description="Datum van het besluit; niet in de toekomst.")
    vastgesteld_door: str = Field(
        ...,
        min_length=1,
        max_length=_max(KaderVersie, "vastgesteld_door"),
        description="Het orgaan dat heeft vastgesteld, zoals het college van B en W.",
    )
    besluitkenmerk: str | None = Field(
        None, max_length=_max(KaderVersie, "besluitkenmerk"), description="Kenmerk van het besluit."
    )


# --- step 2: scope ------------------------------------------------------------------------------


class MensgroepOut(Output):
    """Een groep mensen binnen de scope (stap 2)."""

    id: UUID = Field(..., description="Vaste id.")
    soort: MensgroepSoort = Field(..., description="De groep.")
    moet_weten: str | None = Field(..., description="Wat deze groep van het kader moet weten.")


class MensgroepNieuw(Input):
    """Een groep mensen toevoegen aan de scope."""

    soort: MensgroepSoort = Field(..., description="De groep; elke groep komt één keer voor.")
    moet_weten: str | None = Field(
        None, max_length=_max(Mensgroep, "moet_weten"), description="Wat deze groep van het kader moet weten."
    )


class MensgroepWijziging(Input):
    """Alleen meegestuurde velden veranderen."""

    soort: MensgroepSoort = omittable(description="De groep.")
    moet_weten: str | None = Field(
        None, max_length=_max(Mensgroep, "moet_weten"), description="Wat deze groep van het kader moet weten."
    )


class DeelplanOut(Output):
    """Een bestaand deelplan per thema (stap 2)."""

    id: UUID = Field(..., description="Vaste id.")
    thema: DeelplanThema = Field(..., description="Het thema.")
    titel: str = Field(..., description="Titel van het plan.")
    eigenaar: str | None = Field(..., description="Eigenaar van het plan.")
    link: str | None = Field(..., description="Link naar het plan.")
    status: DeelplanStatus = Field(..., description="Stand van het plan.")
    bestandsnaam: str | None = Field(..., description="Naam van het bestand bij het plan; op te halen via .../bestand.")


class DeelplanNieuw(Input):
    """Een deelplan toevoegen."""

    thema: DeelplanThema = Field(..., description="Het thema.")
    titel: str = Field(
        ...,
        min_length=1,
        max_length=_max(Deelplan, "titel"),
        description="Titel van het plan (uniek binnen het thema).",
    )
    eigenaar: str | None = Field(None, max_length=_max(Deelplan, "eigenaar"), description="Eigenaar van het plan.")
    link: str | None = Field(
        None,
        max_length=_max(Deelplan, "link"),
        json_schema_extra=_uri,
        description="Link naar het plan (http of https).",
    )
    status: DeelplanStatus = omittable(description="Stand van het plan; standaard 'ontbreekt'.")


class DeelplanWijziging(Input):
    """Alleen meegestuurde velden veranderen."""

    thema: DeelplanThema = omittable(description="Het thema.")
    titel: str = omittable(min_length=1, max_length=_max(Deelplan, "titel"), description="Titel van het plan.")
    eigenaar: str | None = Field(None, max_length=_max(Deelplan, "eigenaar"), description="Eigenaar van het plan.")
    link: str | None = Field(
        None, max_length=_max(Deelplan, "link"), json_schema_extra=_uri, description="Link naar het plan."
    )
    status: DeelplanStatus = omittable(description="Stand van het plan.")


class WetOfNormOut(Output):
    """Een wet of norm uit het wettelijk kader (stap 2)."""

    id: UUID = Field(..., description="Vaste id.")
    thema: WetThema = Field(..., description="Het thema.")
    naam: str = Field(..., description="Naam van de wet of norm.")
    toelichting: str | None = Field(..., description="Waarom deze van belang is.")
    van_toepassing: bool | None = Field(..., description="Van toepassing; leeg als dat nog niet is bepaald.")
    reden: str | None = Field(..., description="Reden, verplicht als de wet of norm niet van toepassing is.")


class WetOfNormNieuw(Input):
    """Een wet of norm toevoegen."""

    thema: WetThema = Field(..., description="Het thema.")
    naam: str = Field(
        ..., min_length=1, max_length=_max(WetOfNorm, "naam"), description="Naam (uniek binnen het thema)."
    )
    toelichting: str | None = Field(
        None, max_length=_max(WetOfNorm, "toelichting"), description="Waarom deze van belang is."
    )
    van_toepassing: bool | None = Field(None, description="Van toepassing of niet.")
    reden: str | None = Field(
        None, max_length=_max(WetOfNorm, "reden"), description="Reden; verplicht als vanToepassing false is."
    )


class WetOfNormWijziging(Input):
    """Alleen meegestuurde velden veranderen."""

    thema: WetThema = omittable(description="Het thema.")
    naam: str = omittable(min_length=1, max_length=_max(WetOfNorm, "naam"), description="Naam.")
    toelichting: str | None = Field(
        None, max_length=_max(WetOfNorm, "toelichting"), description="Waarom deze van belang is."
    )
    van_toepassing: bool | None = Field(None, description="Van toepassing of niet.")
    reden: str | None = Field(
        None, max_length=_max(WetOfNorm, "reden"), description="Reden; verplicht als vanToepassing false is."
    )


# --- step 5: kwaliteitssysteem ------------------------------------------------------------------


class PdcaFaseOut(Output):
    """Een fase van de PDCA-cyclus (stap 5). Elke versie heeft de vier fasen."""

    id: UUID = Field(..., description="Vaste id.")
    fase: FaseCode = Field(..., description="Plan, do, check of act.")
    wat: str | None = Field(..., description="Wat er in deze fase gebeurt.")
    wanneer: str | None = Field(..., description="Wanneer.")
    wie: str | None = Field(..., description="Door wie.")


class PdcaFaseWijziging(Input):
    """Alleen meegestuurde velden veranderen; de fase zelf ligt vast."""

    wat: str | None = Field(None, max_length=_max(PdcaFase, "wat"), description="Wat er in deze fase gebeurt.")
    wanneer: str | None = Field(None, max_length=_max(PdcaFase, "wanneer"), description="Wanneer.")
    wie: str | None = Field(None, max_length=_max(PdcaFase, "wie"), description="Door wie.")


class VerantwoordelijkheidOut(Output):
    """Eén cel van de verantwoordelijkheidsmatrix (stap 5)."""

    id: UUID = Field(..., description="Vaste id.")
    rol: str = Field(..., description="De rol.")
    activiteit: str = Field(..., description="De activiteit.")
    aard: AardCode = Field(
        ..., description="R (voert uit), A (eindverantwoordelijk), C (geraadpleegd) of I (geïnformeerd)."
    )


class VerantwoordelijkheidNieuw(Input):
    """Een verantwoordelijkheid toevoegen."""

    rol: str = Field(..., min_length=1, max_length=_max(Verantwoordelijkheid, "rol"), description="De rol.")
    activiteit: str = Field(
        ...,
        min_length=1,
        max_length=_max(Verantwoordelijkheid, "activiteit"),
        description="De activiteit (per rol één keer).",
    )
    aard: AardCode = Field(..., description="R, A, C of I.")


class VerantwoordelijkheidWijziging(Input):
    """Alleen meegestuurde velden veranderen."""

    rol: str = omittable(min_length=1, max_length=_max(Verantwoordelijkheid, "rol"), description="De rol.")
    activiteit: str = omittable(
        min_length=1, max_length=_max(Verantwoordelijkheid, "activiteit"), description="De activiteit."
    )
    aard: AardCode = omittable(description="R, A, C of I.")


# --- step 3 and 4: beveiligingsdoelen and uitgangspunten ----------------------------------------


class DoelOut(Output):
    """Een beveiligingsdoel (stap 3)."""

    id: UUID = Field(..., description="Vaste id.")
    sleutel: str | None = Field(..., description="Sleutel in de startset; leeg voor een eigen doel van de gemeente.")
    titel: str = Field(..., description="Titel.")
    toelichting: str | None = Field(..., description="Toelichting.")
    relevant: bool | None = Field(..., description="Relevant voor de gemeente; leeg als dat nog niet is bepaald.")


class DoelNieuw(Input):
    """Een eigen beveiligingsdoel toevoegen."""

    titel: str = Field(..., min_length=1, max_length=_max(Doel, "titel"), description="Titel (uniek binnen de versie).")
    toelichting: str | None = Field(None, max_length=_max(Doel, "toelichting"), description="Toelichting.")
    relevant: bool | None = Field(None, description="Relevant voor de gemeente.")


class DoelWijziging(Input):
    """Alleen meegestuurde velden veranderen."""

    titel: str = omittable(min_length=1, max_length=_max(Doel, "titel"), description="Titel.")
    toelichting: str | None = Field(None, max_length=_max(Doel, "toelichting"), description="Toelichting.")
    relevant: bool | None = Field(None, description="Relevant voor de gemeente.")


class UitgangspuntOut(Output):
    """Een uitgangspunt (stap 4) met de doelen die het dient."""

    id: UUID = Field(..., description="Vaste id.")
    groep: UitgangspuntGroep = Field(..., description="De groep.")
    tekst: str = Field(..., description="Het uitgangspunt.")
    doelen: list[UUID] = Field(..., description="Ids van de beveiligingsdoelen die het dient.")

    @staticmethod
    def resolve_doelen(obj: Uitgangspunt) -> list[UUID]:
        return [link.doel_id for link in obj.koppelingen.all()]


class UitgangspuntNieuw(Input):
    """Een uitgangspunt toevoegen."""

    groep: UitgangspuntGroep = Field(..., description="De groep.")
    tekst: str = Field(
        ..., min_length=1, max_length=UITGANGSPUNT_MAX, description="Het uitgangspunt (uniek binnen de groep)."
    )
    doelen: list[UUID] = Field(default_factory=list, description="Ids van doelen van dezelfde versie.")


class UitgangspuntWijziging(Input):
    """Alleen meegestuurde velden veranderen; doelen vervangt de gekoppelde doelen."""

    groep: UitgangspuntGroep = omittable(description="De groep.")
    tekst: str = omittable(min_length=1, max_length=UITGANGSPUNT_MAX, description="Het uitgangspunt.")
    doelen: list[UUID] = Field(default_factory=list, description="Ids van doelen van dezelfde versie.")


# --- checklist ----------------------------------------------------------------------------------


class ActiviteitOut(Output):
    """Een hoofdactiviteit van een stap, uit de checklist."""

    id: UUID = Field(..., description="Vaste id.")
    stap: StapCode = Field(..., description="De stap.")
    sleutel: str = Field(..., description="Vaste sleutel van de activiteit.")
    omschrijving: str = Field(..., description="Wat de activiteit inhoudt.")
    gedaan_op: datetime.date | None = Field(..., description="Wanneer zij is gedaan; leeg als zij nog openstaat.")
    gedaan_door: str | None = Field(..., description="Naam van wie haar heeft afgevinkt.")
    notitie: str | None = Field(..., description="Notitie.")

    @staticmethod
    def resolve_omschrijving(obj: StapActiviteit) -> str:
        return dict(content.STAP_BY_KEY[obj.stap].activiteiten).get(obj.sleutel, obj.sleutel)

    @staticmethod
    def resolve_gedaan_door(obj: StapActiviteit) -> str | None:
        return str(obj.gedaan_door) if obj.gedaan_door_id else None


class ActiviteitWijziging(Input):
    """Afvinken (datum) of weer openzetten (null). Alleen meegestuurde velden veranderen."""

    gedaan_op: datetime.date | None = Field(None, description="Datum waarop zij is gedaan; null zet haar weer open.")
    notitie: str | None = Field(None, max_length=NOTITIE_MAX, description="Notitie.")
