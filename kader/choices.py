"""The fixed lists of the kader (TextChoices), each backed by a CheckConstraint in kader.models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    TER_BESLUITVORMING = "ter_besluitvorming", _("Ter besluitvorming")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    VERVALLEN = "vervallen", _("Vervallen")


class Stap(models.TextChoices):
    VISIE = "visie", _("Visie")
    SCOPE = "scope", _("Scope")
    DOELEN = "doelen", _("Beveiligingsdoelen")
    UITGANGSPUNTEN = "uitgangspunten", _("Uitgangspunten")
    KWALITEITSSYSTEEM = "kwaliteitssysteem", _("Kwaliteitssysteem")


class Bedrijfsmiddel(models.TextChoices):
    MENSEN = "mensen", _("Mensen")
    GEBOUWEN = "gebouwen", _("Gebouwen")
    TERREINEN = "terreinen", _("Terreinen")
    LOCATIES = "locaties", _("Locaties")
    SYSTEMEN = "systemen", _("Computers en systemen")
    INSTRUMENTEN = "instrumenten", _("Instrumenten")
    INSTALLATIES = "installaties", _("Installaties")
    INFORMATIE_DIGITAAL = "informatie_digitaal", _("Informatie in digitale vorm")
    INFORMATIE_FYSIEK = "informatie_fysiek", _("Informatie in fysieke vorm")


class Governance(models.TextChoices):
    CENTRAAL = "centraal", _("Eén centrale coördinator")
    DOMEINEN = "domeinen", _("Gecoördineerde domeineigenaren")


class MensgroepSoort(models.TextChoices):
    MEDEWERKERS = "medewerkers", _("Medewerkers")
    GASTEN = "gasten", _("Gasten en bezoekers")
    VRIJWILLIGERS = "vrijwilligers", _("Vrijwilligers")
    LEVERANCIERS = "leveranciers", _("Leveranciers")
    INHUUR = "inhuur", _("Ingehuurd personeel")
    DERDEN = "derden", _("Schoonmaak en vergelijkbare derden")


class DeelplanThema(models.TextChoices):
    INFORMATIE = "informatiebeveiliging", _("Informatiebeveiliging")
    FYSIEK = "fysieke_beveiliging", _("Fysieke beveiliging")
    TECHNISCH = "technische_beveiliging", _("Technische beveiliging")
    PERSONEEL = "personele_beveiliging", _("Personele beveiliging")
    INTEGRITEIT = "integriteit", _("Integriteit")
    CONTINUITEIT = "continuiteit", _("Continuïteit")


class DeelplanStatus(models.TextChoices):
    ONTBREEKT = "ontbreekt", _("Ontbreekt")
    IN_ONTWIKKELING = "in_ontwikkeling", _("In ontwikkeling")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    VEROUDERD = "verouderd", _("Verouderd")


class WetThema(models.TextChoices):
    BEVEILIGINGSPLAN = "beveiligingsplan", _("Beveiligingsplan")
    BRANDVEILIGHEID = "brandveiligheid", _("Brandveiligheid")
    INFORMATIE = "informatiebeveiliging", _("Informatiebeveiliging")
    CAMERATOEZICHT = "cameratoezicht", _("Cameratoezicht")
    PERSONEEL = "personele_veiligheid", _("Personele veiligheid")
    INTEGRITEIT = "integriteit", _("Integriteit")


class UitgangspuntGroep(models.TextChoices):
    BELEID = "beleid", _("Beleid")
    KWALITEITSBORGING = "kwaliteitsborging", _("Kwaliteitsborging")
    GOVERNANCE = "governance", _("Governance")
    PREPARATIE = "preparatie", _("Preparatie")
    DRAAGVLAK = "draagvlak", _("Draagvlak en awareness")
    BORGING = "borging", _("Borging en lerend vermogen")


class Fase(models.TextChoices):
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACT = "act", _("Act")


class Aard(models.TextChoices):
    UITVOEREND = "R", _("Voert uit (R)")
    EINDVERANTWOORDELIJK = "A", _("Eindverantwoordelijk (A)")
    GERAADPLEEGD = "C", _("Wordt geraadpleegd (C)")
    GEINFORMEERD = "I", _("Wordt geïnformeerd (I)")
