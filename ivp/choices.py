"""The fixed lists of the integraal veiligheidsplan (TextChoices), each backed by a CheckConstraint."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_VALUE = Decimal("1000000000000")  # no figure of a gemeente comes near 10^12
# The field rules of a figure and of a score (1–5), checked with a Dutch message before the database sees them.
VALUE_RANGE = [MinValueValidator(-MAX_VALUE + 1), MaxValueValidator(MAX_VALUE - 1)]
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    TER_BESLUITVORMING = "ter_besluitvorming", _("Ter besluitvorming")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    VERVALLEN = "vervallen", _("Vervallen")


class Stap(models.TextChoices):
    """The six steps of making and running the plan (Kernbeleid Veiligheid)."""

    EVALUATIE_INFORMATIE = "evaluatie_informatie", _("Evaluatie en informatie verzamelen")
    PROBLEEMANALYSE = "probleemanalyse", _("Probleemanalyse")
    PRIORITEITEN = "prioriteiten", _("Prioriteiten stellen")
    AANPAK = "aanpak", _("Plan van aanpak")
    UITVOERING = "uitvoering", _("Uitvoering")
    EVALUATIE = "evaluatie", _("Evaluatie")


class StapStatus(models.TextChoices):
    OPEN = "open", _("Nog niet begonnen")
    BEZIG = "bezig", _("Bezig")
    GEREED = "gereed", _("Gereed")


class Soort(models.TextChoices):
    OBJECTIEF = "objectief", _("Objectief (registraties)")
    SUBJECTIEF = "subjectief", _("Subjectief (beleving)")


class Dimensie(models.TextChoices):
    """The code list a police figure belongs to."""

    MISDRIJF = "misdrijf", _("Soort misdrijf")
    OVERLAST = "overlast", _("Soort overlast")


class Niveau(models.TextChoices):
    """The three tiers of priorities."""

    PRIORITEIT = "prioriteit", _("Prioriteit")
    OVERIG_STRATEGISCH = "overig_strategisch", _("Overig strategisch thema")
    BEHEERSNIVEAU = "beheersniveau", _("Beheersniveau")


class ProgrammaStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld door het college")


class ObeType(models.TextChoices):
    """The kind of measure: a plan asks for a mix."""

    ORGANISATORISCH = "organisatorisch", _("Organisatorisch")
    BOUWKUNDIG = "bouwkundig", _("Bouwkundig")
    ELEKTRONISCH = "elektronisch", _("Elektronisch")
    REACTIE = "reactie", _("Reactie")


class Schaal(models.TextChoices):
    LOKAAL = "lokaal", _("Lokaal")
    BOVENLOKAAL = "bovenlokaal", _("Bovenlokaal")


class ActieStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Loopt")
    AFGEROND = "afgerond", _("Afgerond")
    UITGESTELD = "uitgesteld", _("Uitgesteld")
    GESTOPT = "gestopt", _("Gestopt")


class ImportBron(models.TextChoices):
    UPLOAD = "upload", _("Geüpload bestand")
    OPHALEN = "ophalen", _("Opgehaald bij de open-data-API")


class ImportStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("Wordt gelezen")
    TE_CONTROLEREN = "te_controleren", _("Klaar om te controleren")
    OPSLAAN = "opslaan", _("Wordt opgeslagen")
    OPGESLAGEN = "opgeslagen", _("Opgeslagen")
    MISLUKT = "mislukt", _("Mislukt")


CLOSED_ACTION_STATUSES = (ActieStatus.AFGEROND, ActieStatus.GESTOPT)
