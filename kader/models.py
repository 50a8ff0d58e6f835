"""Strategisch kader integrale beveiliging: versions and the content of its five steps.

* ``KaderVersie`` is one version of the kader of a gemeente (number 1, 2, ...). It carries the
  workflow (concept → ter besluitvorming → vastgesteld → vervallen), the decision data, and the
  single-valued content of the steps: the vision texts (step 1), the asset categories in scope
  (step 2, an array of ``Bedrijfsmiddel`` values) and the governance variant (step 5).
* Every multi-valued part is a child model with a ``versie`` foreign key (and, like every
  gemeente table, a ``gemeente`` column for row-level security): ``Mensgroep``, ``Deelplan``
  and ``WetOfNorm`` (step 2), ``Doel`` (step 3), ``Uitgangspunt`` with the explicit through
  model ``UitgangspuntDoel`` (step 4), ``PdcaFase`` and ``Verantwoordelijkheid`` (step 5), and
  the checklist of main activities per step, ``StapActiviteit``. Each part declares on its model
  how it is edited (``KaderOnderdeel``); ``PARTS`` lists them.
* A new version copies every row (``kader.services.new_version``), so an adopted version never
  shares a row with the concept that follows it.

Read-only after adoption is enforced twice: the services refuse every change to a version that
is not a concept, and database triggers (``frozen_version_guard``/``frozen_part_guard``) refuse
any UPDATE or DELETE of an adopted or expired version and any INSERT, UPDATE or DELETE of its
parts — whatever code path tries. The only change an adopted version still accepts is its
status becoming ``vervallen`` when a newer version is adopted.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.errors import StateConflict
from lib.models import GemeenteModel, choice_in

from .choices import (
    Aard,
    Bedrijfsmiddel,
    DeelplanStatus,
    DeelplanThema,
    Fase,
    Governance,
    MensgroepSoort,
    Stap,
    Status,
    UitgangspuntGroep,
    WetThema,
)
from .querysets import KaderOnderdeelQuerySet, KaderVersieQuerySet
from .triggers import frozen_part_guard, frozen_version_guard

PLAN_FILE_MAX = 10 * 1024 * 1024  # bytes of a deelplan stored as a file
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


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
    ingediend_op = models.DateTimeField(_("ter besluitvorming aangeboden op"), null=True, blank=True, editable=False)
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_door = models.CharField(_("vastgesteld door"), max_length=150, null=True, blank=True)
    besluitkenmerk = models.CharField(_("besluitkenmerk"), max_length=100, null=True, blank=True)

    objects = KaderVersieQuerySet.as_manager()

    # The single-valued content of the steps, edited on the step pages and through the API.
    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "visie",
        "visie_minimaal",
        "visie_maximaal",
        "visie_onderbouwing",
        "bedrijfsmiddelen",
        "governance",
        "governance_toelichting",
    )
    # Of those, what must be filled before the version can go ter besluitvorming (the forms say so).
    REQUIRED_TO_SUBMIT: ClassVar[frozenset[str]] = frozenset(
        {"visie", "visie_onderbouwing", "bedrijfsmiddelen", "governance"}
    )

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
                condition=choice_in("status", Status),
                name="kader_versie_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
            models.CheckConstraint(
                condition=Q(governance__isnull=True) | choice_in("governance", Governance),
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

    @property
    def is_open(self) -> bool:
        """Concept or ter besluitvorming: the version being worked on."""
        return self.status in {Status.CONCEPT, Status.TER_BESLUITVORMING}

    def ensure_concept(self) -> None:
        """Refuse a change to a version that is no longer a concept, naming its state."""
        if self.status == Status.TER_BESLUITVORMING:
            raise StateConflict(
                f"Versie {self.nummer} ligt ter besluitvorming en kan niet worden gewijzigd. "
                "Zet haar eerst terug naar concept."
            )
        if self.is_frozen:
            raise StateConflict(
                f"Versie {self.nummer} is {self.get_status_display().lower()} en kan niet meer worden gewijzigd. "
                "Begin een nieuwe versie om het kader aan te passen."
            )

    def ensure_open(self) -> None:
        """Refuse a change (such as ticking off the checklist) once the version is adopted."""
        if self.is_frozen:
            self.ensure_concept()


class KaderOnderdeel(GemeenteModel):
    """Abstract base of every part of a version.

    Each part says here, once, how it is edited; the services, forms, pages, API and the
    comparison of versions read these attributes instead of keeping lists of their own.
    """

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="+")
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = KaderOnderdeelQuerySet.as_manager()

    slug: ClassVar[str] = ""  # name of the part in URLs ("mensgroepen")
    step: ClassVar[str] = ""  # the step page on which the part is edited (Stap)
    edit_fields: ClassVar[tuple[str, ...]] = ()  # fields edited one by one (forms, API)
    identity_fields: ClassVar[tuple[str, ...]] = ()  # what identifies a row across versions
    compared_fields: ClassVar[tuple[str, ...]] = ()  # what the comparison of versions shows
    required_to_submit: ClassVar[frozenset[str]] = frozenset()  # fields a version needs before submitting
    article: ClassVar[str] = "de"  # Dutch article of one row: "de groep mensen", "het deelplan"
    can_add: ClassVar[bool] = True
    can_delete: ClassVar[bool] = True
    linked_doelen: ClassVar[bool] = False  # serves beveiligingsdoelen of the same version (UitgangspuntDoel)
    group_by: ClassVar[str] = ""  # a long list is shown in groups of this field's values
    # The theme of a row (its ``thema`` value) → the theme (organisations.Thema) a thema-eigenaar
    # must own to change it. A part without this, or a theme not listed, is shared by all editors.
    owner_themes: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    @classmethod
    def label(cls) -> str:
        """Dutch name of one row with its article, for messages: "de groep mensen"."""
        return f"{cls.article} {cls._meta.verbose_name}"

    def owner_theme(self) -> str | None:
        """The theme whose thema-eigenaar may change this row; None: every editor may."""
        return self.owner_themes.get(getattr(self, "thema", "") or "")

    def check_deletable(self) -> None:
        """Refuse deleting this row (a rule of the part itself)."""
        if not self.can_delete:
            raise ValidationError(f"Dit onderdeel kan niet worden verwijderd: elk kader heeft {self.label()}.")

    @property
    def is_deletable(self) -> bool:
        try:
            self.check_deletable()
        except ValidationError:
            return False
        return True

    def copy_to(self, versie: KaderVersie) -> Any:
        """A new, unsaved copy of this row for ``versie`` (a new version starts as a copy)."""
        copy = type(self)()
        for field in self._meta.concrete_fields:
            if field.name not in {"id", "versie", "version", "created_at", "updated_at"}:
                setattr(copy, field.attname, getattr(self, field.attname))
        copy.versie = versie
        return copy


# --- step 2: scope ----------------------------------------------------------------------------


@pghistory.track()
class Mensgroep(KaderOnderdeel):
    """A group of people within the scope, and what they must know of the kader."""

    versie = models.ForeignKey(
        KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="mensgroepen"
    )
    soort = models.CharField(_("groep"), max_length=20, choices=MensgroepSoort.choices)
    moet_weten = models.TextField(_("wat deze groep moet weten"), null=True, blank=True)

    slug = "mensgroepen"
    step = Stap.SCOPE
    edit_fields = ("soort", "moet_weten")
    identity_fields = ("soort",)
    compared_fields = ("moet_weten",)

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
                condition=choice_in("soort", MensgroepSoort),
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

    slug = "deelplannen"
    article = "het"
    step = Stap.SCOPE
    edit_fields = ("thema", "titel", "eigenaar", "link", "status")
    identity_fields = ("thema", "titel")
    compared_fields = ("eigenaar", "link", "status", "bestandsnaam")
    owner_themes = {
        "informatiebeveiliging": "informatiebeveiliging",
        "fysieke_beveiliging": "fysieke_beveiliging",
        "technische_beveiliging": "fysieke_beveiliging",
        "personele_beveiliging": "personele_beveiliging",
        "integriteit": "integriteit",
        "continuiteit": "continuiteit",
    }

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
                condition=choice_in("thema", DeelplanThema),
                name="kader_deelplan_thema_valid",
                violation_error_message=_("Ongeldig thema."),
            ),
            models.CheckConstraint(
                condition=choice_in("status", DeelplanStatus),
                name="kader_deelplan_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
        ]
        triggers = [frozen_part_guard("kader_deelplan_frozen")]

    def __str__(self) -> str:
        return self.titel

    def clean(self) -> None:
        if self.status == DeelplanStatus.VASTGESTELD and not (self.link or self.bestandsnaam):
            raise ValidationError({"link": _("Een vastgesteld deelplan heeft een link of een bestand.")})

    def attach_file(self, name: str, data: bytes) -> None:
        """Store the plan itself (PDF, .docx or .odt, checked by content and extension)."""
        if len(data) > PLAN_FILE_MAX:
            raise ValidationError({"bestand": _("Het bestand is groter dan 10 MB.")})
        if not data:
            raise ValidationError({"bestand": _("Het bestand is leeg.")})
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if data.startswith(b"%PDF-") and extension == ".pdf":
            content_type = "application/pdf"
        elif data.startswith(b"PK\x03\x04") and extension in OFFICE_TYPES:
            content_type = OFFICE_TYPES[extension]
        else:
            raise ValidationError(
                {"bestand": _("Een deelplan kan een PDF-, Word- (.docx) of ODF-bestand (.odt) zijn.")}
            )
        self.bestand, self.bestandstype = data, content_type
        self.bestandsnaam = name.replace("/", "_").replace("\\", "_")[-200:]

    def remove_file(self) -> None:
        self.bestand, self.bestandsnaam, self.bestandstype = None, None, None


@pghistory.track()
class WetOfNorm(KaderOnderdeel):
    """A law or norm of the legal framework, marked applicable or not with a reason."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="wetten")
    thema = models.CharField(_("thema"), max_length=30, choices=WetThema.choices)
    naam = models.CharField(_("naam"), max_length=200)
    vervangt = models.CharField(
        _("vervangt"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("De wet of norm die deze heeft vervangen, als de naam in oudere stukken anders is."),
    )
    toelichting = models.TextField(_("waarom van belang"), null=True, blank=True)
    van_toepassing = models.BooleanField(_("van toepassing"), null=True, blank=True)
    reden = models.TextField(
        _("reden"), null=True, blank=True, help_text=_("Verplicht als de wet of norm niet van toepassing is.")
    )

    slug = "wetten"
    step = Stap.SCOPE
    group_by = "thema"
    edit_fields = ("thema", "naam", "vervangt", "toelichting", "van_toepassing", "reden")
    identity_fields = ("thema", "naam")
    compared_fields = ("vervangt", "toelichting", "van_toepassing", "reden")
    required_to_submit = frozenset({"van_toepassing"})
    owner_themes = {
        "informatiebeveiliging": "informatiebeveiliging",
        "brandveiligheid": "fysieke_beveiliging",
        "cameratoezicht": "fysieke_beveiliging",
        "personele_veiligheid": "personele_beveiliging",
        "integriteit": "integriteit",
    }

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
                condition=choice_in("thema", WetThema),
                name="kader_wet_thema_valid",
                violation_error_message=_("Ongeldig thema."),
            ),
        ]
        triggers = [frozen_part_guard("kader_wet_frozen")]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        if self.van_toepassing is False and not self.reden:
            raise ValidationError({"reden": _("Geef aan waarom deze wet of norm niet van toepassing is.")})


# --- step 3 and 4: goals and uitgangspunten ---------------------------------------------------


@pghistory.track()
class Doel(KaderOnderdeel):
    """A beveiligingsdoel: from the starting set (``sleutel``) or the gemeente's own."""

    versie = models.ForeignKey(KaderVersie, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="doelen")
    sleutel = models.CharField(_("sleutel in de startset"), max_length=30, null=True, blank=True, editable=False)
    titel = models.CharField(_("titel"), max_length=200)
    toelichting = models.TextField(_("toelichting"), null=True, blank=True)
    relevant = models.BooleanField(_("relevant voor de gemeente"), null=True, blank=True)

    slug = "doelen"
    article = "het"
    step = Stap.DOELEN
    edit_fields = ("titel", "toelichting", "relevant")
    identity_fields = ("titel",)
    compared_fields = ("toelichting", "relevant")
    required_to_submit = frozenset({"relevant"})

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

    def check_deletable(self) -> None:
        if self.sleutel:
            raise ValidationError(
                _("Een doel uit de startset verwijdert u niet; markeer het als niet relevant voor de gemeente.")
            )


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

    slug = "uitgangspunten"
    article = "het"
    step = Stap.UITGANGSPUNTEN
    edit_fields = ("groep", "tekst")
    identity_fields = ("groep", "tekst")
    linked_doelen = True
    group_by = "groep"

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
                condition=choice_in("groep", UitgangspuntGroep),
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

    can_add = False
    can_delete = False

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

    slug = "pdca"
    step = Stap.KWALITEITSSYSTEEM
    edit_fields = ("wat", "wanneer", "wie")
    identity_fields = ("fase",)
    compared_fields = ("wat", "wanneer", "wie")
    required_to_submit = frozenset({"wat"})
    can_add = False  # the four phases belong to every kader
    can_delete = False

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
                condition=choice_in("fase", Fase),
                name="kader_pdca_fase_valid",
                violation_error_message=_("Ongeldige fase."),
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

    slug = "verantwoordelijkheden"
    step = Stap.KWALITEITSSYSTEEM
    edit_fields = ("rol", "activiteit", "aard")
    identity_fields = ("rol", "activiteit")
    compared_fields = ("aard",)

    class Meta:
        verbose_name = _("verantwoordelijkheid")
        verbose_name_plural = _("verantwoordelijkheden")
        ordering = ["versie", "activiteit", "rol"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                "versie",
                Lower("rol"),
                Lower("activiteit"),
                name="kader_verantwoordelijkheid_unique",
                violation_error_message=_("Deze rol heeft al een aandeel in deze activiteit."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "versie", "activiteit"],
                condition=Q(aard="A"),
                name="kader_verantwoordelijkheid_een_a",
                violation_error_message=_(
                    "Deze activiteit heeft al een eindverantwoordelijke (A). Per activiteit is er precies één."
                ),
            ),
            models.CheckConstraint(
                condition=choice_in("aard", Aard),
                name="kader_verantwoordelijkheid_aard_valid",
                violation_error_message=_("Ongeldige aard van de verantwoordelijkheid."),
            ),
        ]
        triggers = [frozen_part_guard("kader_verantwoordelijkheid_frozen")]

    def __str__(self) -> str:
        return f"{self.rol} — {self.activiteit} ({self.aard})"

    def clean(self) -> None:
        """Use the spelling of a role or activity the matrix already has (one column per role)."""
        self.rol = " ".join((self.rol or "").split())
        self.activiteit = " ".join((self.activiteit or "").split())
        known = (
            Verantwoordelijkheid.objects.filter(versie_id=self.versie_id)
            .exclude(pk=self.pk)
            .filter(Q(rol__iexact=self.rol) | Q(activiteit__iexact=self.activiteit))
            .values_list("rol", "activiteit")
        )
        for rol, activiteit in known:
            if rol.lower() == self.rol.lower():
                self.rol = rol
            if activiteit.lower() == self.activiteit.lower():
                self.activiteit = activiteit


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
                condition=choice_in("stap", Stap),
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

    can_add = False
    can_delete = False

    @property
    def gedaan(self) -> bool:
        return self.gedaan_op is not None

    def copy_to(self, versie: KaderVersie) -> Any:
        """A new version's checklist starts open again."""
        copy = super().copy_to(versie)
        copy.gedaan_door, copy.gedaan_op, copy.notitie = None, None, None
        return copy


# The parts of a version, in the order in which a new version copies them (links last).
PARTS: tuple[type[KaderOnderdeel], ...] = (
    Mensgroep,
    Deelplan,
    WetOfNorm,
    Doel,
    Uitgangspunt,
    PdcaFase,
    Verantwoordelijkheid,
    StapActiviteit,
)
PARTS_BY_SLUG: dict[str, type[KaderOnderdeel]] = {model.slug: model for model in PARTS if model.slug}
