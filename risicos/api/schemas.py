"""The request and response bodies of the risk register's API.

Fields carry the models' names (``bruto_kans``); clients see them in camelCase (``brutoKans``).
Links to other objects are ids (``dreigingId``, ``risicoIds``); a level is its index in the matrix's
``niveaus`` (0 is the lowest) with its name beside it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args
from uuid import UUID

from ninja import Schema
from pydantic import Field, WithJsonSchema

from api.schemas import TEXT_MAX, TEXT_PATTERN, Input, Output, omittable

from ..models import Acceptatie, Bedrijfsmiddel, Dreiging, Maatregel, Matrix, Risico, Toets
from .common import (
    MAX_IDS,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    BehandelingCode,
    DreigingSleutel,
    FunctieCode,
    GatCode,
    KlasseCode,
    MaatregelSoortCode,
    MaatregelStatusCode,
    MatrixStatusCode,
    MethodeCode,
    ResultaatCode,
    SchakelCode,
    ScopeCode,
    SoortCode,
    StandCode,
    ThemaCode,
)

MAX_LABEL = 60  # a class or level of the matrix
THEMAS = len(get_args(ThemaCode))
# A score in the document: a class of the matrix (at most 7 × 7); the current matrix may have fewer,
# which the service says in Dutch.
SCORE_MAX = 7
# A sum of money in the document (the API also takes it as a text, e.g. "12500.50").
MONEY_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 9999999999.99}, {"type": "null"}]}
Money = Annotated[Decimal | None, WithJsonSchema(MONEY_SCHEMA)]
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL)]


def _max(model: Any, name: str) -> int:
    return getattr(model._meta.get_field(name), "max_length", None) or TEXT_MAX


def _text(model: Any, name: str, description: str) -> Any:
    """A text a client may leave out (the model's empty default) but not send as null."""
    return omittable(max_length=_max(model, name), description=description)


def _themas(description: str = "Thema's (een thema-eigenaar beheert wat een van zijn thema's heeft).") -> Any:
    return Field(default_factory=list, max_length=THEMAS, description=description)


def _ids(description: str) -> Any:
    return Field(default_factory=list, max_length=MAX_IDS, description=description)


def _or_none(value: str) -> str | None:
    return value or None


# --- assets and threats -------------------------------------------------------------------------


class BedrijfsmiddelOut(Output):
    """Een bedrijfsmiddel: wat de gemeente beschermt."""

    id: UUID = Field(..., description="Vaste id.")
    naam: str = Field(..., description="Naam (uniek binnen de gemeente).")
    soort: SoortCode = Field(..., description="Soort bedrijfsmiddel.")
    omschrijving: str = Field(..., description="Omschrijving.")
    eigenaar: str = Field(..., description="De persoon of afdeling die verantwoordelijk is.")
    locatie: str = Field(..., description="Locatie.")
    scope: ScopeCode | None = Field(..., description="Categorie van bedrijfsmiddelen in de scope van het kader.")
    vertrouwelijkheid: KlasseCode | None = Field(..., description="Belang van vertrouwelijkheid.")
    integriteit: KlasseCode | None = Field(..., description="Belang van integriteit.")
    beschikbaarheid: KlasseCode | None = Field(..., description="Belang van beschikbaarheid.")
    themas: list[ThemaCode] = Field(..., description="Thema's.")
    aantal_risicos: int = Field(..., description="Aantal risico's dat dit bedrijfsmiddel raakt.")

    @staticmethod
    def resolve_scope(obj: Bedrijfsmiddel) -> str | None:
        return _or_none(obj.scope)

    @staticmethod
    def resolve_vertrouwelijkheid(obj: Bedrijfsmiddel) -> str | None:
        return _or_none(obj.vertrouwelijkheid)

    @staticmethod
    def resolve_integriteit(obj: Bedrijfsmiddel) -> str | None:
        return _or_none(obj.integriteit)

    @staticmethod
    def resolve_beschikbaarheid(obj: Bedrijfsmiddel) -> str | None:
        return _or_none(obj.beschikbaarheid)


class BedrijfsmiddelVelden(Input):
    """De velden die bij toevoegen en wijzigen hetzelfde zijn."""

    omschrijving: str = _text(Bedrijfsmiddel, "omschrijving", "Omschrijving.")
    eigenaar: str = _text(Bedrijfsmiddel, "eigenaar", "De persoon of afdeling die verantwoordelijk is.")
    locatie: str = _text(Bedrijfsmiddel, "locatie", "Locatie.")
    scope: ScopeCode | None = omittable(description="Categorie in de scope van het kader; null: geen.")
    vertrouwelijkheid: KlasseCode | None = omittable(description="Belang van vertrouwelijkheid; null: niet bepaald.")
    integriteit: KlasseCode | None = omittable(description="Belang van integriteit; null: niet bepaald.")
    beschikbaarheid: KlasseCode | None = omittable(description="Belang van beschikbaarheid; null: niet bepaald.")


class BedrijfsmiddelNieuw(BedrijfsmiddelVelden):
    """Een bedrijfsmiddel toevoegen (coördinator; thema-eigenaar met een van zijn thema's)."""

    naam: str = Field(..., min_length=1, max_length=_max(Bedrijfsmiddel, "naam"), description="Naam.")
    soort: SoortCode = Field(..., description="Soort bedrijfsmiddel.")
    themas: list[ThemaCode] = _themas()


class BedrijfsmiddelWijziging(BedrijfsmiddelVelden):
    """Alleen meegestuurde velden veranderen."""

    naam: str = omittable(min_length=1, max_length=_max(Bedrijfsmiddel, "naam"), description="Naam.")
    soort: SoortCode = omittable(description="Soort bedrijfsmiddel.")
    themas: list[ThemaCode] = omittable(max_length=THEMAS, description="Thema's.")


class DreigingOut(Output):
    """Een dreiging uit de lijst van de gemeente."""

    id: UUID = Field(..., description="Vaste id.")
    naam: str = Field(..., description="Naam (uniek binnen de gemeente).")
    moedwillig: bool = Field(..., description="Opzettelijk veroorzaakt (beveiliging) of niet (veiligheid).")
    omschrijving: str = Field(..., description="Omschrijving.")
    sleutel: DreigingSleutel | None = Field(..., description="Sleutel in de startset; null voor een eigen dreiging.")
    aantal_risicos: int = Field(..., description="Aantal risico's met deze dreiging.")

    @staticmethod
    def resolve_sleutel(obj: Dreiging) -> str | None:
        return _or_none(obj.sleutel)


class DreigingNieuw(Input):
    """Een eigen dreiging, of (met ``sleutel``) een dreiging uit de startset terug in de lijst."""

    sleutel: DreigingSleutel = omittable(
        description="Een dreiging uit de startset; naam, moedwillig en omschrijving komen dan daaruit."
    )
    naam: str = omittable(
        min_length=1, max_length=_max(Dreiging, "naam"), description="Naam; verplicht zonder sleutel."
    )
    moedwillig: bool = omittable(description="Opzettelijk veroorzaakt of niet; verplicht zonder sleutel.")
    omschrijving: str = _text(Dreiging, "omschrijving", "Omschrijving.")


class DreigingWijziging(Input):
    """Alleen meegestuurde velden veranderen."""

    naam: str = omittable(min_length=1, max_length=_max(Dreiging, "naam"), description="Naam.")
    moedwillig: bool = omittable(description="Opzettelijk veroorzaakt of niet.")
    omschrijving: str = _text(Dreiging, "omschrijving", "Omschrijving.")


# --- the matrix -----------------------------------------------------------------------------------


class NiveauOut(Output):
    """Een niveau van de matrix, van laag naar hoog."""

    naam: str = Field(..., description="Naam.")
    kleur: str = Field(..., description="Achtergrondkleur (#rrggbb), licht genoeg voor donkere tekst.")
    maanden: int = Field(..., description="Maanden tot de volgende beoordeling van een risico op dit niveau.")


class MatrixVoorstelOut(Output):
    """Een risicomatrix: klassen van kans en impact, niveaus, de indeling van de cellen en de risicobereidheid."""

    nummer: int = Field(..., description="Versienummer.")
    methode: MethodeCode = Field(..., description="De matrix waarmee het register begon.")
    kans_labels: list[str] = Field(..., description="De klassen van de kans, van klein naar groot (klasse 1 eerst).")
    impact_labels: list[str] = Field(..., description="De klassen van de impact, van beperkt naar groot.")
    impactcriteria: list[str] = Field(..., description="De criteria waarop de impact wordt beoordeeld.")
    niveaus: list[NiveauOut] = Field(..., description="De niveaus, van laag naar hoog.")
    raster: list[list[int]] = Field(
        ..., description="Per kansklasse (klasse 1 eerst) per impactklasse het niveau van de cel (index in niveaus)."
    )
    tolerantie: int = Field(..., description="Index in niveaus van het hoogste niveau dat de gemeente aanvaardt.")
    risicobereidheid: str = Field(..., description="Naam van dat niveau; een risico erboven gaat over de lijn.")
    toelichting: str = Field(..., description="Toelichting op de wijziging.")

    @staticmethod
    def resolve_risicobereidheid(obj: Matrix) -> str:
        return obj.niveau_naam(obj.tolerantie)


class MatrixOut(MatrixVoorstelOut):
    """Een versie van de risicomatrix van de gemeente."""

    id: UUID = Field(..., description="Vaste id van deze versie.")
    status: MatrixStatusCode = Field(..., description="De actuele versie, of vervangen door een nieuwere.")
    aangemaakt_op: datetime.datetime = Field(..., description="Wanneer deze versie is gemaakt.")

    @staticmethod
    def resolve_aangemaakt_op(obj: Matrix) -> datetime.datetime:
        return obj.created_at


class RegisterStart(Input):
    """Het risicoregister beginnen: de eerste matrix en de lijst van dreigingen."""

    methode: MethodeCode = omittable(
        description="De standaardmatrix (5 × 5) of die van de nationale risicobeoordeling; standaard: standaard."
    )


class NiveauIn(Input):
    """Een niveau van de nieuwe matrix."""

    naam: str = Field(..., min_length=1, max_length=MAX_LABEL, description="Naam (elk niveau een eigen naam).")
    kleur: str = Field(..., max_length=7, description="Achtergrondkleur #rrggbb; donkere tekst blijft erop leesbaar.")
    maanden: int = Field(
        ..., json_schema_extra={"minimum": 1, "maximum": 60}, description="Maanden tot de volgende beoordeling."
    )


class MatrixWijziging(Input):
    """De nieuwe versie van de matrix, en hoe de klassen van de huidige erop overgaan."""

    kans_labels: list[Label] = Field(..., description="De klassen van de kans, van klein naar groot (2 tot 7).")
    impact_labels: list[Label] = Field(..., description="De klassen van de impact, van beperkt naar groot (2 tot 7).")
    niveaus: list[NiveauIn] = Field(..., description="De niveaus, van laag naar hoog (2 tot 6).")
    risicobereidheid: str = Field(
        ..., min_length=1, max_length=MAX_LABEL, description="De naam van het hoogste niveau dat de gemeente aanvaardt."
    )
    raster: list[list[int]] | None = omittable(
        description="Per kansklasse per impactklasse het niveau (index in niveaus); weglaten: naar kans × impact."
    )
    toelichting: str = omittable(max_length=_max(Matrix, "toelichting"), description="Toelichting op de wijziging.")
    kans_omzetting: list[int] = omittable(
        description="Per huidige kansklasse (klasse 1 eerst) de nieuwe klasse; weglaten: naar verhouding."
    )
    impact_omzetting: list[int] = omittable(
        description="Per huidige impactklasse (klasse 1 eerst) de nieuwe klasse; weglaten: naar verhouding."
    )


class NiveauOvergangOut(Schema):
    van: str = Field(..., description="Het niveau nu.")
    naar: str = Field(..., description="Het niveau met de nieuwe matrix.")
    risicos: int = Field(..., description="Aantal risico's.")


class OverDeLijnOut(Output):
    """Een risico dat met de nieuwe matrix de lijn van de risicobereidheid overgaat."""

    risico_id: UUID = Field(..., description="Id van het risico.")
    titel: str = Field(..., description="Titel van het risico.")
    boven: bool = Field(..., description="true: komt erboven; false: komt eronder.")


class WijzigingsplanOut(Output):
    """Wat een wijziging van de matrix met de risico's doet; er is nog niets opgeslagen."""

    huidige_versie: int = Field(..., description="De versie waarop de proefwijziging is berekend.")
    matrix: MatrixVoorstelOut = Field(..., description="De nieuwe versie (nog niet opgeslagen).")
    kans_omzetting: list[int] = Field(..., description="Per huidige kansklasse de nieuwe klasse.")
    impact_omzetting: list[int] = Field(..., description="Per huidige impactklasse de nieuwe klasse.")
    risicos: int = Field(..., description="Aantal risico's in het register.")
    anders: int = Field(..., description="Aantal risico's waarvan het niveau verandert.")
    per_niveau: list[NiveauOvergangOut] = Field(..., description="Gescoorde risico's per oud en nieuw niveau.")
    over_de_lijn: list[OverDeLijnOut] = Field(
        ..., description="De risico's die de lijn van de risicobereidheid overgaan."
    )


# --- risks ----------------------------------------------------------------------------------------


class RisicoVeldenOut(Output):
    """Een risico: een kort scenario, bruto en netto gescoord op de actuele matrix."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Titel.")
    scenario: str = Field(..., description="Kort: wie of wat, hoe, met welk gevolg.")
    dreiging_id: UUID | None = Field(..., description="Id van de dreiging.")
    bedrijfsmiddel_ids: list[UUID] = Field(..., description="Ids van de bedrijfsmiddelen die het scenario raakt.")
    themas: list[ThemaCode] = Field(..., description="Thema's.")
    matrix_id: UUID = Field(..., description="Id van de versie van de matrix waarop gescoord is.")
    bruto_kans: int | None = Field(..., description="Kansklasse zonder maatregelen.")
    bruto_impact: int | None = Field(..., description="Impactklasse zonder maatregelen.")
    bruto_niveau: int | None = Field(..., description="Niveau zonder maatregelen (index in de niveaus van de matrix).")
    bruto_niveau_naam: str | None = Field(..., description="Naam van dat niveau.")
    netto_kans: int | None = Field(..., description="Kansklasse met de maatregelen van nu.")
    netto_impact: int | None = Field(..., description="Impactklasse met de maatregelen van nu.")
    netto_niveau: int | None = Field(..., description="Niveau met de maatregelen van nu.")
    netto_niveau_naam: str | None = Field(..., description="Naam van dat niveau.")
    boven_risicobereidheid: bool = Field(..., description="Het niveau dat telt (netto, anders bruto) is te hoog.")
    behandeling: BehandelingCode = Field(..., description="Hoe de gemeente het risico behandelt.")
    eigenaar_id: UUID | None = Field(..., description="Id van het lid dat eigenaar is (zie /leden).")
    volgende_review: datetime.date | None = Field(..., description="Datum van de volgende beoordeling.")
    herbeoordelen: bool = Field(..., description="Iets (een incident) laat zien dat het risico anders is.")


class RisicoOut(RisicoVeldenOut):
    """Een risico: een kort scenario, bruto en netto gescoord op de actuele matrix."""

    @staticmethod
    def resolve_bedrijfsmiddel_ids(obj: Risico) -> list[UUID]:
        return [link.bedrijfsmiddel_id for link in obj.bedrijfsmiddel_links.all()]

    @staticmethod
    def resolve_bruto_niveau_naam(obj: Risico) -> str | None:
        return _or_none(obj.matrix.niveau_naam(obj.bruto_niveau))

    @staticmethod
    def resolve_netto_niveau_naam(obj: Risico) -> str | None:
        return _or_none(obj.matrix.niveau_naam(obj.netto_niveau))

    @staticmethod
    def resolve_boven_risicobereidheid(obj: Risico) -> bool:
        return obj.matrix.boven_tolerantie(obj.niveau)


class MaatregelRef(Output):
    id: UUID = Field(..., description="Id van de maatregel.")
    titel: str = Field(..., description="Titel.")
    status: MaatregelStatusCode = Field(..., description="Status.")


class SchakelOut(Schema):
    schakel: SchakelCode = Field(..., description="De schakel van de beveiligingsketen.")
    maatregelen: list[MaatregelRef] = Field(..., description="De maatregelen die er werken.")


class GatOut(Schema):
    code: GatCode = Field(..., description="Het soort gat.")
    tekst: str = Field(..., description="Wat het betekent.")


class TegenstrijdigOut(Schema):
    maatregel: MaatregelRef = Field(..., description="De ene maatregel.")
    andere: MaatregelRef = Field(..., description="De maatregel die ertegenin werkt.")
    toelichting: str = Field(..., description="Waarom.")


class KetenOut(Output):
    """De beveiligingsketen van het risico: per schakel de maatregelen die er werken, en wat ontbreekt."""

    schakels: list[SchakelOut] = Field(..., description="Alle schakels in hun volgorde, met de werkende maatregelen.")
    gaten: list[GatOut] = Field(..., description="De gaten in de keten.")
    overlap: list[SchakelOut] = Field(..., description="Schakels met twee of meer werkende maatregelen.")
    op_papier: list[MaatregelRef] = Field(..., description="Gekoppelde maatregelen die er (nog) niet zijn.")
    werkt_niet: list[MaatregelRef] = Field(..., description="Maatregelen waarvan de laatste toets faalde.")
    tegenstrijdig: list[TegenstrijdigOut] = Field(..., description="Maatregelen die elkaar tegenwerken.")


class SuggestieOut(Schema):
    kans: int = Field(..., description="Voorgestelde netto kansklasse.")
    impact: int = Field(..., description="Voorgestelde netto impactklasse.")
    redenen: list[str] = Field(..., description="Waarom.")


class AcceptatieOut(Output):
    """De acceptatie van een risico, met de score waarvoor zij gold en waar zij nu staat."""

    id: UUID = Field(..., description="Vaste id.")
    risico_id: UUID = Field(..., description="Id van het risico.")
    geaccepteerd_door: str = Field(..., description="Wie het restrisico aanvaardde.")
    geaccepteerd_op: datetime.date = Field(..., description="Wanneer.")
    geldig_tot: datetime.date = Field(..., description="Tot wanneer.")
    motivering: str = Field(..., description="Waarom.")
    matrix_id: UUID = Field(..., description="Id van de versie van de matrix van de score.")
    kans: int = Field(..., description="De kansklasse waarvoor de acceptatie gold.")
    impact: int = Field(..., description="De impactklasse waarvoor de acceptatie gold.")
    niveau: int = Field(..., description="Het niveau waarvoor de acceptatie gold (index in die matrix).")
    niveau_naam: str = Field(..., description="Naam van dat niveau.")
    ingetrokken_op: datetime.date | None = Field(..., description="Wanneer de acceptatie is ingetrokken.")
    stand: StandCode = Field(
        ..., description="Geldig, verlopen, ingetrokken, of opnieuw te beoordelen omdat de score veranderde."
    )
    stand_tekst: str = Field(..., description="Waar de acceptatie staat, in woorden.")


class RisicoDetailOut(RisicoVeldenOut):
    """Een risico met zijn beveiligingsketen, een voorstel voor de netto score en de acceptatie van nu."""

    keten: KetenOut = Field(..., description="De beveiligingsketen.")
    suggestie: SuggestieOut | None = Field(..., description="Netto score die de werkende maatregelen voorstellen.")
    acceptatie: AcceptatieOut | None = Field(..., description="De laatste acceptatie die niet is ingetrokken.")


def _score(description: str) -> Any:
    return Field(None, json_schema_extra={"minimum": 1, "maximum": SCORE_MAX}, description=description)


class RisicoVelden(Input):
    """De velden die bij toevoegen en wijzigen hetzelfde zijn."""

    dreiging_id: UUID | None = Field(None, description="Id van een dreiging van de gemeente.")
    bruto_kans: int | None = _score("Kansklasse zonder maatregelen (1 tot het aantal klassen van de matrix).")
    bruto_impact: int | None = _score("Impactklasse zonder maatregelen; samen met brutoKans.")
    netto_kans: int | None = _score("Kansklasse met de maatregelen van nu.")
    netto_impact: int | None = _score("Impactklasse met de maatregelen van nu; samen met nettoKans.")
    eigenaar_id: UUID | None = Field(
        None, description="Id van een lid (coördinator, thema-eigenaar of bestuurder) dat eigenaar is."
    )
    volgende_review: datetime.date | None = Field(None, description="Volgende beoordeling; leeg: naar het niveau.")


class RisicoNieuw(RisicoVelden):
    """Een risico toevoegen aan het register (coördinator; thema-eigenaar met een van zijn thema's)."""

    titel: str = Field(..., min_length=1, max_length=_max(Risico, "titel"), description="Titel.")
    scenario: str = Field(..., min_length=1, max_length=_max(Risico, "scenario"), description="Het scenario.")
    themas: list[ThemaCode] = _themas()
    behandeling: BehandelingCode = omittable(description="Hoe de gemeente het behandelt; standaard verminderen.")
    bedrijfsmiddel_ids: list[UUID] = _ids("Ids van bedrijfsmiddelen van de gemeente die het scenario raakt.")


class RisicoWijziging(RisicoVelden):
    """Alleen meegestuurde velden veranderen; een andere score vraagt een acceptatie opnieuw te beoordelen."""

    titel: str = omittable(min_length=1, max_length=_max(Risico, "titel"), description="Titel.")
    scenario: str = omittable(min_length=1, max_length=_max(Risico, "scenario"), description="Het scenario.")
    themas: list[ThemaCode] = omittable(max_length=THEMAS, description="Thema's.")
    behandeling: BehandelingCode = omittable(description="Hoe de gemeente het behandelt.")
    bedrijfsmiddel_ids: list[UUID] = omittable(
        max_length=MAX_IDS, description="Ids van bedrijfsmiddelen; vervangt de gekoppelde."
    )


class Herbeoordeling(Input):
    """Iets (een incident) laat zien dat het risico anders is: het wordt vandaag opnieuw beoordeeld."""

    reden: str = Field(..., min_length=1, max_length=300, description="Wat er gebeurde.")


class AcceptatieNieuw(Input):
    """De acceptatie van de score van nu (netto, anders bruto) tot een datum, ten hoogste vijf jaar."""

    geaccepteerd_door: str = Field(
        ..., min_length=1, max_length=_max(Acceptatie, "geaccepteerd_door"), description="Wie het restrisico aanvaardt."
    )
    geaccepteerd_op: datetime.date = omittable(description="Wanneer; standaard vandaag.")
    geldig_tot: datetime.date = Field(..., description="Tot wanneer; niet voor de acceptatie, ten hoogste vijf jaar.")
    motivering: str = Field(..., min_length=1, max_length=_max(Acceptatie, "motivering"), description="Waarom.")


class RisicoZoekvraag(Schema):
    """De filters van de risico's, dezelfde als op de pagina van het register."""

    thema: ThemaCode | None = Field(None, description="Alleen de risico's met dit thema.")
    niveau: int | None = Field(
        None,
        json_schema_extra={"minimum": 0, "maximum": 5},
        description="Alleen dit niveau (index in de niveaus van de matrix): netto, anders bruto.",
    )
    eigenaar: UUID | None = Field(None, description="Alleen de risico's van dit lid.")
    behandeling: BehandelingCode | None = Field(None, description="Alleen deze behandeling.")
    gat: GatCode | None = Field(None, description="Alleen de risico's met dit gat in de keten.")
    review: Literal["te-laat", "opnieuw"] | None = Field(
        None, description="te-laat: de beoordeling is te laat; opnieuw: gemarkeerd om opnieuw te beoordelen."
    )
    zoek: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Tekst in titel of scenario.")
    cel: str | None = Field(
        None,
        max_length=12,
        pattern=TEXT_PATTERN,
        description="Een cel van de heatmap: bruto-4-5 is kans 4, impact 5 bruto.",
    )
    sorteer: Literal["titel", "niveau", "review"] | None = Field(
        None, description="Volgorde: titel (standaard), niveau (hoogste eerst) of review (eerstvolgende eerst)."
    )
    pagina: int = Field(1, ge=1, le=1_000_000, description="Het paginanummer, vanaf 1.")
    paginaGrootte: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Risico's per pagina (hoogstens {MAX_PAGE_SIZE})."
    )


# --- measures -------------------------------------------------------------------------------------


class MaatregelOut(Output):
    """Een maatregel (O, B, E of R) met zijn schakels in de keten en zijn koppelingen."""

    id: UUID = Field(..., description="Vaste id.")
    titel: str = Field(..., description="Titel.")
    omschrijving: str = Field(..., description="Omschrijving.")
    soort: MaatregelSoortCode = Field(..., description="Organisatorisch, bouwkundig, elektronisch of reactie.")
    functie: FunctieCode = Field(..., description="Preventief, repressief of herstellend.")
    schakels: list[SchakelCode] = Field(..., description="De schakels van de beveiligingsketen die hij invult.")
    themas: list[ThemaCode] = Field(..., description="Thema's.")
    status: MaatregelStatusCode = Field(..., description="Alleen geïmplementeerd en getoetst tellen in de keten.")
    eigenaar_id: UUID | None = Field(..., description="Id van het lid dat eigenaar is.")
    gepland_op: datetime.date | None = Field(..., description="Geplande datum.")
    gerealiseerd_op: datetime.date | None = Field(..., description="Gerealiseerd op.")
    kosten_eenmalig: float | None = Field(..., description="Eenmalige kosten in euro.")
    kosten_jaarlijks: float | None = Field(..., description="Jaarlijkse kosten in euro.")
    risico_ids: list[UUID] = Field(..., description="Ids van de risico's die hij verkleint.")
    doel_ids: list[UUID] = Field(..., description="Ids van beveiligingsdoelen van het kader die hij dient.")
    uitgangspunt_ids: list[UUID] = Field(..., description="Ids van uitgangspunten van het kader die hij dient.")
    wet_ids: list[UUID] = Field(..., description="Ids van wetten en normen van het kader waaraan hij bijdraagt.")

    @staticmethod
    def resolve_kosten_eenmalig(obj: Maatregel) -> float | None:
        return None if obj.kosten_eenmalig is None else float(obj.kosten_eenmalig)

    @staticmethod
    def resolve_kosten_jaarlijks(obj: Maatregel) -> float | None:
        return None if obj.kosten_jaarlijks is None else float(obj.kosten_jaarlijks)

    @staticmethod
    def resolve_risico_ids(obj: Maatregel) -> list[UUID]:
        return [link.risico_id for link in obj.risico_links.all()]

    @staticmethod
    def resolve_doel_ids(obj: Maatregel) -> list[UUID]:
        return [link.doel_id for link in obj.doel_links.all()]

    @staticmethod
    def resolve_uitgangspunt_ids(obj: Maatregel) -> list[UUID]:
        return [link.uitgangspunt_id for link in obj.uitgangspunt_links.all()]

    @staticmethod
    def resolve_wet_ids(obj: Maatregel) -> list[UUID]:
        return [link.wet_id for link in obj.wet_links.all()]


class MaatregelVelden(Input):
    """De velden die bij toevoegen en wijzigen hetzelfde zijn."""

    omschrijving: str = _text(Maatregel, "omschrijving", "Omschrijving.")
    eigenaar_id: UUID | None = Field(None, description="Id van een lid (coördinator, thema-eigenaar of bestuurder).")
    gepland_op: datetime.date | None = Field(None, description="Geplande datum (tussen 2000 en 2100).")
    gerealiseerd_op: datetime.date | None = Field(None, description="Gerealiseerd op (tussen 2000 en 2100).")
    kosten_eenmalig: Money = Field(None, description="Eenmalige kosten in euro, niet negatief, twee decimalen.")
    kosten_jaarlijks: Money = Field(None, description="Jaarlijkse kosten in euro, niet negatief, twee decimalen.")


class MaatregelNieuw(MaatregelVelden):
    """Een maatregel toevoegen (coördinator; thema-eigenaar met een van zijn thema's), met zijn koppelingen."""

    titel: str = Field(..., min_length=1, max_length=_max(Maatregel, "titel"), description="Titel.")
    soort: MaatregelSoortCode = Field(..., description="Organisatorisch, bouwkundig, elektronisch of reactie.")
    functie: FunctieCode = Field(..., description="Preventief, repressief of herstellend.")
    schakels: list[SchakelCode] = Field(
        default_factory=list, max_length=7, description="De schakels die hij invult, elk één keer."
    )
    themas: list[ThemaCode] = _themas()
    status: MaatregelStatusCode = omittable(description="Status; standaard voorgesteld.")
    risico_ids: list[UUID] = _ids("Ids van risico's van de gemeente die hij verkleint.")
    doel_ids: list[UUID] = _ids("Ids van beveiligingsdoelen van het kader van de gemeente.")
    uitgangspunt_ids: list[UUID] = _ids("Ids van uitgangspunten van het kader van de gemeente.")
    wet_ids: list[UUID] = _ids("Ids van wetten en normen van het kader van de gemeente.")


class MaatregelWijziging(MaatregelVelden):
    """Alleen meegestuurde velden veranderen; een meegestuurde lijst van ids vervangt de koppelingen."""

    titel: str = omittable(min_length=1, max_length=_max(Maatregel, "titel"), description="Titel.")
    soort: MaatregelSoortCode = omittable(description="Soort (OBE-R).")
    functie: FunctieCode = omittable(description="Functie.")
    schakels: list[SchakelCode] = omittable(max_length=7, description="De schakels die hij invult.")
    themas: list[ThemaCode] = omittable(max_length=THEMAS, description="Thema's.")
    status: MaatregelStatusCode = omittable(description="Status.")
    risico_ids: list[UUID] = omittable(max_length=MAX_IDS, description="Ids van risico's; vervangt de gekoppelde.")
    doel_ids: list[UUID] = omittable(max_length=MAX_IDS, description="Ids van doelen; vervangt de gekoppelde.")
    uitgangspunt_ids: list[UUID] = omittable(
        max_length=MAX_IDS, description="Ids van uitgangspunten; vervangt de gekoppelde."
    )
    wet_ids: list[UUID] = omittable(max_length=MAX_IDS, description="Ids van wetten en normen; vervangt de gekoppelde.")


class MaatregelZoekvraag(Schema):
    """De filters van de maatregelen, dezelfde als op de pagina."""

    thema: ThemaCode | None = Field(None, description="Alleen de maatregelen met dit thema.")
    soort: MaatregelSoortCode | None = Field(None, description="Alleen deze soort.")
    functie: FunctieCode | None = Field(None, description="Alleen deze functie.")
    status: MaatregelStatusCode | None = Field(None, description="Alleen deze status.")
    schakel: SchakelCode | None = Field(None, description="Alleen de maatregelen die deze schakel invullen.")
    zoek: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Tekst in titel of omschrijving.")
    pagina: int = Field(1, ge=1, le=1_000_000, description="Het paginanummer, vanaf 1.")
    paginaGrootte: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Maatregelen per pagina (hoogstens {MAX_PAGE_SIZE})."
    )


class Paginering(Schema):
    """Eén pagina tegelijk."""

    pagina: int = Field(1, ge=1, le=1_000_000, description="Het paginanummer, vanaf 1.")
    paginaGrootte: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Per pagina (hoogstens {MAX_PAGE_SIZE})."
    )


class ToetsOut(Output):
    """Een toets van de werking van een maatregel."""

    id: UUID = Field(..., description="Vaste id.")
    maatregel_id: UUID = Field(..., description="Id van de maatregel.")
    datum: datetime.date = Field(..., description="Datum.")
    door: str = Field(..., description="Wie toetste.")
    resultaat: ResultaatCode = Field(..., description="Werkt, werkt deels, of werkt niet.")
    notitie: str = Field(..., description="Notitie.")


class ToetsNieuw(Input):
    """Een toets vastleggen; een maatregel die werkt, is daarna getoetst."""

    datum: datetime.date = Field(..., description="Datum, niet in de toekomst.")
    door: str = Field(..., min_length=1, max_length=_max(Toets, "door"), description="Wie toetste.")
    resultaat: ResultaatCode = Field(..., description="Werkt, werkt deels, of werkt niet.")
    notitie: str = _text(Toets, "notitie", "Notitie.")


class TegenstrijdigheidOut(Output):
    """Een andere maatregel die tegen deze in werkt."""

    id: UUID = Field(..., description="Vaste id.")
    maatregel_id: UUID = Field(..., description="Id van deze maatregel.")
    andere_id: UUID = Field(..., description="Id van de maatregel die ertegenin werkt.")
    toelichting: str = Field(..., description="Waarom.")


class TegenstrijdigheidNieuw(Input):
    """Markeren dat een andere maatregel tegen deze in werkt (bijvoorbeeld een nooduitgang en een slot)."""

    andere_id: UUID = Field(..., description="Id van een andere maatregel van de gemeente.")
    toelichting: str = Field(..., min_length=1, max_length=2000, description="Waarom.")


# --- analyses -------------------------------------------------------------------------------------


class CelOut(Output):
    """Eén cel van de matrix met het aantal risico's erin."""

    kans: int = Field(..., description="Kansklasse.")
    impact: int = Field(..., description="Impactklasse.")
    niveau: int = Field(..., description="Niveau van de cel (index in de niveaus).")
    niveau_naam: str = Field(..., description="Naam van dat niveau.")
    boven_risicobereidheid: bool = Field(..., description="De cel ligt boven de risicobereidheid.")
    bruto: int = Field(..., description="Aantal risico's met deze bruto score.")
    netto: int = Field(..., description="Aantal risico's met deze netto score.")


class HeatmapOut(Output):
    """De heatmap van het register: per cel van de actuele matrix het aantal risico's, bruto en netto."""

    matrix_id: UUID = Field(..., description="Id van de actuele matrix.")
    versie: int = Field(..., description="Versienummer van die matrix.")
    cellen: list[CelOut] = Field(..., description="De cellen, per kansklasse van hoog naar laag, dan per impact.")
    bruto_gescoord: int = Field(..., description="Aantal risico's met een bruto score.")
    bruto_boven: int = Field(..., description="Waarvan boven de risicobereidheid.")
    netto_gescoord: int = Field(..., description="Aantal risico's met een netto score.")
    netto_boven: int = Field(..., description="Waarvan boven de risicobereidheid.")


class GatTellingOut(Output):
    code: GatCode = Field(..., description="Het soort gat.")
    tekst: str = Field(..., description="Wat het betekent.")
    aantal_risicos: int = Field(..., description="Aantal risico's met dit gat.")


class KetenAnalyseOut(Output):
    """De gaten in de beveiligingsketen over het hele register."""

    risicos: int = Field(..., description="Aantal risico's in het register.")
    gaten: list[GatTellingOut] = Field(..., description="Per gat het aantal risico's.")


class DoelRef(Output):
    id: UUID = Field(..., description="Id van het beveiligingsdoel.")
    titel: str = Field(..., description="Titel.")


class UitgangspuntRef(Output):
    id: UUID = Field(..., description="Id van het uitgangspunt.")
    groep: str = Field(..., description="De groep.")
    tekst: str = Field(..., description="Het uitgangspunt.")


class KaderAnalyseOut(Output):
    """Doelen en uitgangspunten van het kader (de vastgestelde versie, anders de laatste) zonder maatregel."""

    kader_versie_id: UUID | None = Field(..., description="Id van die versie; null als er nog geen kader is.")
    doelen: list[DoelRef] = Field(..., description="Beveiligingsdoelen die geen maatregel dient.")
    uitgangspunten: list[UitgangspuntRef] = Field(..., description="Uitgangspunten die geen maatregel dient.")


class KostenOut(Output):
    """Kosten van de maatregelen (niet vervallen) van één thema en één soort."""

    thema: ThemaCode | None = Field(..., description="Het thema; null: maatregelen zonder thema.")
    soort: MaatregelSoortCode = Field(..., description="De soort (OBE-R).")
    eenmalig: float = Field(..., description="Eenmalige kosten in euro.")
    jaarlijks: float = Field(..., description="Jaarlijkse kosten in euro.")
