"""Strategisch kader integrale beveiliging: versions and the content of its five steps.

Data layout (README of this app):

* ``KaderVersie`` is one version of the kader of a gemeente (number 1, 2, ...). It carries the
  workflow (concept → ter besluitvorming → vastgesteld → vervallen), the decision data, and the
  single-valued content of the steps: the vision texts (step 1), the asset categories in scope
  (step 2, an array of ``Bedrijfsmiddel`` values) and the governance variant (step 5).
* Every multi-valued part is a child model with a ``versie`` foreign key (and, like every
  gemeente table, a ``gemeente`` column for row-level security): ``Mensgroep``, ``Deelplan``
  and ``WetOfNorm`` (step 2), ``Doel`` (step 3), ``Uitgangspunt`` with the explicit through
  model ``UitgangspuntDoel`` (step 4), ``PdcaFase`` and ``Verantwoordelijkheid`` (step 5), and
  the checklist of main activities per step, ``StapActiviteit``.
* A new version copies every row (``kader.services.new_version``), so an adopted version never
  shares a row with the concept that follows it.

Read-only after adoption is enforced twice: the services refuse every change to a version that
is not a concept, and database triggers (``frozen_version_guard``/``frozen_part_guard``) refuse
any UPDATE or DELETE of an adopted or expired version and any INSERT, UPDATE or DELETE of its
parts — whatever code path tries. The only change an adopted version still accepts is its
status becoming ``vervallen`` when a newer version is adopted.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel

from .querysets import KaderOnderdeelQuerySet, KaderVersieQuerySet

FROZEN_MESSAGE = "Een vastgestelde of vervallen versie van het kader kan niet worden gewijzigd."


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


def _in(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


# --- database guard ---------------------------------------------------------------------------

_RAISE = f"RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = 'check_violation';"


def frozen_version_guard() -> pgtrigger.Trigger:
    """Refuse changing or deleting an adopted/expired version; only vastgesteld → vervallen."""
    return pgtrigger.Trigger(
        name="kader_versie_frozen",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=(
            "IF OLD.status IN ('vastgesteld', 'vervallen') THEN "
            f"IF TG_OP = 'DELETE' THEN {_RAISE} END IF; "
            "IF NOT (OLD.status = 'vastgesteld' AND NEW.status = 'vervallen' "
            "AND (to_jsonb(NEW) - ARRAY['status', 'version', 'updated_at']) "
            "= (to_jsonb(OLD) - ARRAY['status', 'version', 'updated_at'])) "
            f"THEN {_RAISE} END IF; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )


def frozen_part_guard(name: str) -> pgtrigger.Trigger:
    """Refuse any change to a part of an adopted or expired version."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=(
            "IF EXISTS (SELECT 1 FROM kader_kaderversie v WHERE v.status IN ('vastgesteld', 'vervallen') "
            "AND (v.id = OLD.versie_id OR v.id = NEW.versie_id)) "
            f"THEN {_RAISE} END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )


# --- the version ------------------------------------------------------------------------------


@pghistory.track()
class KaderVersie(GemeenteModel):
    """One version of the strategisch kader integrale beveiliging of a gemeente."""

    nummer = models.PositiveIntegerField(_("versienummer"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    gebaseerd_op = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opvolgers",
    )
    # Step 1: visie. NULL means not yet filled.
    visie = models.TextField(_("visie"), null=True, blank=True)
    visie_minimaal = models.TextField(_("minimale variant"), null=True, blank=True)
    visie_maximaal = models.TextField(_("maximale variant"), null=True, blank=True)
    visie_onderbouwing = models.TextField(_("onderbouwing van de keuze"), null=True, blank=True)
    # Step 2: scope (asset categories; the other parts are child rows).
    bedrijfsmiddelen = ArrayField(
        models.CharField(max_length=30, choices=Bedrijfsmiddel.choices),
        verbose_name=_("bedrijfsmiddelen binnen de scope"),
        default=list,
        blank=True,
    )
    # Step 5: kwaliteitssysteem.
    governance = models.CharField(
        _("governancevariant"), max_length=20, choices=Governance.choices, null=True, blank=True
    )
    governance_toelichting = models.TextField(_("toelichting op de governance"), null=True, blank=True)
    # Decision.
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_door = models.CharField(_("vastgesteld door"), max_length=150, null=True, blank=True)
    besluitkenmerk = models.CharField(_("besluitkenmerk"), max_length=100, null=True, blank=True)

    objects = KaderVersieQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie van het kader")
        verbose_name_plural = _("versies van het kader")
        ordering = ["-nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"],
                name="kader_versie_nummer_unique",
                violation_error_message=_("Er is al een versie van het kader met dit nummer."),
            ),
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(status__in=["concept", "ter_besluitvorming"]),
                name="kader_versie_one_open",
                violation_error_message=_("Er is al een versie van het kader in bewerking."),
            ),
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(status="vastgesteld"),
                name="kader_versie_one_adopted",
                violation_error_message=_("Er is al een vastgestelde versie van het kader."),
            ),
            models.CheckConstraint(
                condition=_in("status", Status),
                name="kader_versie_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
            models.CheckConstraint(
                condition=Q(governance__isnull=True) | _in("governance", Governance),
                name="kader_versie_governance_valid",
                violation_error_message=_("Ongeldige governancevariant."),
            ),
            models.CheckConstraint(
                condition=Q(bedrijfsmiddelen__contained_by=Bedrijfsmiddel.values),
                name="kader_versie_bedrijfsmiddelen_valid",
                violation_error_message=_("Ongeldige categorie bedrijfsmiddelen."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["concept", "ter_besluitvorming"])
                | Q(vastgesteld_op__isnull=False, vastgesteld_door__isnull=False),
                name="kader_versie_adopted_has_decision",
                violation_error_message=_("Een vastgestelde versie heeft een datum en een vaststellend orgaan."),
            ),
        ]
        triggers = [frozen_version_guard()]

    def __str__(self) -> str:
        return f"Kader versie {self.nummer} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("kader:step", kwargs={"pk": self.pk, "stap": Stap.VISIE})

    @property
    def is_concept(self) -> bool:
        return self.status == Status.CONCEPT

    @property
    def is_frozen(self) -> bool:
        return self.status in {Status.VASTGESTELD, Status.VERVALLEN}


class KaderOnderdeel(GemeenteModel):
    """Abstract base of every part of a version."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="+")
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = KaderOnderdeelQuerySet.as_manager()

    class Meta:
        abstract = True


# --- step 2: scope ----------------------------------------------------------------------------


@pghistory.track()
class Mensgroep(KaderOnderdeel):
    """A group of people within the scope, and what they must know of the kader."""

    versie = models.ForeignKey(
        KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="mensgroepen"
    )
    soort = models.CharField(_("groep"), max_length=20, choices=MensgroepSoort.choices)
    moet_weten = models.TextField(_("wat deze groep moet weten"), null=True, blank=True)

    class Meta:
        verbose_name = _("groep mensen")
        verbose_name_plural = _("groepen mensen")
        ordering = ["versie", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "soort"],
                name="kader_mensgroep_unique",
                violation_error_message=_("Deze groep staat al in de scope."),
            ),
            models.CheckConstraint(
                condition=_in("soort", MensgroepSoort),
                name="kader_mensgroep_soort_valid",
                violation_error_message=_("Ongeldige groep."),
            ),
        ]
        triggers = [frozen_part_guard("kader_mensgroep_frozen")]

    def __str__(self) -> str:
        return self.get_soort_display()


@pghistory.track(exclude=["bestand"])
class Deelplan(KaderOnderdeel):
    """An existing sub-plan per theme: linked from the kader, not rewritten in it."""

    versie = models.ForeignKey(
        KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="deelplannen"
    )
    thema = models.CharField(_("thema"), max_length=30, choices=DeelplanThema.choices)
    titel = models.CharField(_("titel"), max_length=200)
    eigenaar = models.CharField(_("eigenaar"), max_length=150, null=True, blank=True)
    link = models.URLField(_("link naar het plan"), max_length=500, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeelplanStatus.choices, default=DeelplanStatus.ONTBREEKT
    )
    # The plan itself as a file (PDF, .docx or .odt), kept in the database like every gemeente
    # file; history records the file name, not the bytes.
    bestand = models.BinaryField(_("bestand"), null=True, blank=True, editable=False)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200, null=True, blank=True, editable=False)
    bestandstype = models.CharField(_("bestandstype"), max_length=100, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("deelplan")
        verbose_name_plural = _("deelplannen")
        ordering = ["versie", "thema", "titel"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "thema", "titel"],
                name="kader_deelplan_unique",
                violation_error_message=_("Er is al een deelplan met deze titel bij dit thema."),
            ),
            models.CheckConstraint(
                condition=_in("thema", DeelplanThema),
                name="kader_deelplan_thema_valid",
                violation_error_message=_("Ongeldig thema."),
            ),
            models.CheckConstraint(
                condition=_in("status", DeelplanStatus),
                name="kader_deelplan_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
        ]
        triggers = [frozen_part_guard("kader_deelplan_frozen")]

    def __str__(self) -> str:
        return self.titel


@pghistory.track()
class WetOfNorm(KaderOnderdeel):
    """A law or norm of the legal framework, marked applicable or not with a reason."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="wetten")
    thema = models.CharField(_("thema"), max_length=30, choices=WetThema.choices)
    naam = models.CharField(_("naam"), max_length=200)
    toelichting = models.TextField(_("waarom van belang"), null=True, blank=True)
    van_toepassing = models.BooleanField(_("van toepassing"), null=True, blank=True)
    reden = models.TextField(_("reden"), null=True, blank=True)

    class Meta:
        verbose_name = _("wet of norm")
        verbose_name_plural = _("wetten en normen")
        ordering = ["versie", "thema", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "thema", "naam"],
                name="kader_wet_unique",
                violation_error_message=_("Deze wet of norm staat al bij dit thema."),
            ),
            models.CheckConstraint(
                condition=_in("thema", WetThema),
                name="kader_wet_thema_valid",
                violation_error_message=_("Ongeldig thema."),
            ),
        ]
        triggers = [frozen_part_guard("kader_wet_frozen")]

    def __str__(self) -> str:
        return self.naam


# --- step 3 and 4: goals and uitgangspunten ---------------------------------------------------


@pghistory.track()
class Doel(KaderOnderdeel):
    """A beveiligingsdoel: from the starting set (``sleutel``) or the gemeente's own."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="doelen")
    sleutel = models.CharField(_("sleutel in de startset"), max_length=30, null=True, blank=True, editable=False)
    titel = models.CharField(_("titel"), max_length=200)
    toelichting = models.TextField(_("toelichting"), null=True, blank=True)
    relevant = models.BooleanField(_("relevant voor de gemeente"), null=True, blank=True)

    class Meta:
        verbose_name = _("beveiligingsdoel")
        verbose_name_plural = _("beveiligingsdoelen")
        ordering = ["versie", "volgorde", "titel"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "titel"],
                name="kader_doel_titel_unique",
                violation_error_message=_("Er is al een beveiligingsdoel met deze titel."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "versie", "sleutel"],
                name="kader_doel_sleutel_unique",
                violation_error_message=_("Dit doel uit de startset staat er al."),
            ),
        ]
        triggers = [frozen_part_guard("kader_doel_frozen")]

    def __str__(self) -> str:
        return self.titel


@pghistory.track()
class Uitgangspunt(KaderOnderdeel):
    """A starting point (randvoorwaarde or choice) in one of the six groups, serving goals."""

    versie = models.ForeignKey(
        KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="uitgangspunten"
    )
    groep = models.CharField(_("groep"), max_length=20, choices=UitgangspuntGroep.choices)
    tekst = models.TextField(_("tekst"))
    doelen = models.ManyToManyField(
        Doel, through="UitgangspuntDoel", verbose_name=_("beveiligingsdoelen"), related_name="uitgangspunten"
    )

    class Meta:
        verbose_name = _("uitgangspunt")
        verbose_name_plural = _("uitgangspunten")
        ordering = ["versie", "groep", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "groep", "tekst"],
                name="kader_uitgangspunt_unique",
                violation_error_message=_("Dit uitgangspunt staat al in deze groep."),
            ),
            models.CheckConstraint(
                condition=_in("groep", UitgangspuntGroep),
                name="kader_uitgangspunt_groep_valid",
                violation_error_message=_("Ongeldige groep."),
            ),
        ]
        triggers = [frozen_part_guard("kader_uitgangspunt_frozen")]

    def __str__(self) -> str:
        return self.tekst[:80]


@pghistory.track()
class UitgangspuntDoel(KaderOnderdeel):
    """Link: an uitgangspunt serves a goal (both of the same version)."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="+")
    uitgangspunt = models.ForeignKey(
        Uitgangspunt, verbose_name=_("uitgangspunt"), on_delete=models.CASCADE, related_name="koppelingen"
    )
    doel = models.ForeignKey(
        Doel, verbose_name=_("beveiligingsdoel"), on_delete=models.CASCADE, related_name="koppelingen"
    )

    class Meta:
        verbose_name = _("koppeling uitgangspunt en doel")
        verbose_name_plural = _("koppelingen uitgangspunt en doel")
        ordering = ["versie", "uitgangspunt", "doel"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "uitgangspunt", "doel"],
                name="kader_uitgangspunt_doel_unique",
                violation_error_message=_("Dit uitgangspunt is al aan dit doel gekoppeld."),
            )
        ]
        triggers = [frozen_part_guard("kader_uitgangspunt_doel_frozen")]

    def __str__(self) -> str:
        return f"{self.uitgangspunt} → {self.doel}"


# --- step 5: kwaliteitssysteem ----------------------------------------------------------------


@pghistory.track()
class PdcaFase(KaderOnderdeel):
    """What happens in one phase of the PDCA cycle, when, and by whom."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="pdca")
    fase = models.CharField(_("fase"), max_length=10, choices=Fase.choices)
    wat = models.TextField(_("wat gebeurt er"), null=True, blank=True)
    wanneer = models.CharField(_("wanneer"), max_length=200, null=True, blank=True)
    wie = models.CharField(_("door wie"), max_length=200, null=True, blank=True)

    class Meta:
        verbose_name = _("PDCA-fase")
        verbose_name_plural = _("PDCA-fasen")
        ordering = ["versie", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "fase"],
                name="kader_pdca_unique",
                violation_error_message=_("Deze fase staat er al."),
            ),
            models.CheckConstraint(
                condition=_in("fase", Fase), name="kader_pdca_fase_valid", violation_error_message=_("Ongeldige fase.")
            ),
        ]
        triggers = [frozen_part_guard("kader_pdca_frozen")]

    def __str__(self) -> str:
        return self.get_fase_display()


@pghistory.track()
class Verantwoordelijkheid(KaderOnderdeel):
    """One cell of the responsibility matrix: a role's part in an activity."""

    versie = models.ForeignKey(
        KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="verantwoordelijkheden"
    )
    rol = models.CharField(_("rol"), max_length=150)
    activiteit = models.CharField(_("activiteit"), max_length=200)
    aard = models.CharField(_("aard"), max_length=1, choices=Aard.choices)

    class Meta:
        verbose_name = _("verantwoordelijkheid")
        verbose_name_plural = _("verantwoordelijkheden")
        ordering = ["versie", "activiteit", "rol"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "rol", "activiteit"],
                name="kader_verantwoordelijkheid_unique",
                violation_error_message=_("Deze rol heeft al een aandeel in deze activiteit."),
            ),
            models.CheckConstraint(
                condition=_in("aard", Aard),
                name="kader_verantwoordelijkheid_aard_valid",
                violation_error_message=_("Ongeldige aard van de verantwoordelijkheid."),
            ),
        ]
        triggers = [frozen_part_guard("kader_verantwoordelijkheid_frozen")]

    def __str__(self) -> str:
        return f"{self.rol} — {self.activiteit} ({self.aard})"


# --- checklist --------------------------------------------------------------------------------


@pghistory.track()
class StapActiviteit(KaderOnderdeel):
    """A main activity of a step (``kader.content``): who did it, when, with a note."""

    versie = models.ForeignKey(
        KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="activiteiten"
    )
    stap = models.CharField(_("stap"), max_length=20, choices=Stap.choices)
    sleutel = models.CharField(_("activiteit"), max_length=40)
    gedaan_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gedaan door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gedaan_op = models.DateField(_("gedaan op"), null=True, blank=True)
    notitie = models.TextField(_("notitie"), null=True, blank=True)

    class Meta:
        verbose_name = _("hoofdactiviteit")
        verbose_name_plural = _("hoofdactiviteiten")
        ordering = ["versie", "stap", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "versie", "stap", "sleutel"],
                name="kader_activiteit_unique",
                violation_error_message=_("Deze activiteit staat al in de checklist."),
            ),
            models.CheckConstraint(
                condition=_in("stap", Stap),
                name="kader_activiteit_stap_valid",
                violation_error_message=_("Ongeldige stap."),
            ),
            models.CheckConstraint(
                condition=Q(gedaan_op__isnull=True) | Q(gedaan_door__isnull=False),
                name="kader_activiteit_done_has_person",
                violation_error_message=_("Een afgeronde activiteit heeft een persoon die haar deed."),
            ),
        ]
        triggers = [frozen_part_guard("kader_activiteit_frozen")]

    def __str__(self) -> str:
        return f"{self.get_stap_display()}: {self.sleutel}"

    @property
    def gedaan(self) -> bool:
        return self.gedaan_op is not None


# Dutch names of the parts compared between versions (kader.services.compare).
COMPARE_LABELS: dict[str, str] = {
    "visie": "Visie",
    "visie_minimaal": "Visie: minimale variant",
    "visie_maximaal": "Visie: maximale variant",
    "visie_onderbouwing": "Visie: onderbouwing",
    "bedrijfsmiddelen": "Scope: bedrijfsmiddelen",
    "governance": "Kwaliteitssysteem: governancevariant",
    "governance_toelichting": "Kwaliteitssysteem: toelichting op de governance",
    "mensgroepen": "Scope: groepen mensen",
    "deelplannen": "Scope: deelplannen",
    "wetten": "Scope: wetten en normen",
    "doelen": "Beveiligingsdoelen",
    "uitgangspunten": "Uitgangspunten",
    "pdca": "Kwaliteitssysteem: PDCA-cyclus",
    "verantwoordelijkheden": "Kwaliteitssysteem: verantwoordelijkheden",
}
