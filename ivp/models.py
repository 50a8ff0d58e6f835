"""Integraal veiligheidsplan (IVP): velden and themes, the analysis, the plan and its programme.

* ``Veld`` and ``Thema``: the five veiligheidsvelden of Kernbeleid Veiligheid with their themes
  and the cross-cutting themes, seeded per gemeente (``ivp.content``) and editable.
* The analysis lives per gemeente, across plan periods: ``Indicator`` (per theme) with its
  ``Meting`` rows per period and area, ``Inwonertal`` per year (figures per 1,000 inwoners), and
  ``Misdrijfkoppeling``, the editable mapping of police crime and overlast codes to themes.
* ``Plan`` is one version of the meerjarenbeleidsplan (concept → ter besluitvorming →
  vastgesteld → vervallen) with its ``PlanStap`` tracker, the ``Prioritering`` of every theme
  and the SMART ``Doelstelling`` of the priorities.
* ``Programma`` is the uitvoeringsprogramma of one year under a plan; its ``Actie`` rows are
  carried out by the gemeente or a partner organisation, whose ketenpartners update them.
* ``ThemaKoppeling`` links a theme of veld 5 to a goal or uitgangspunt of the strategisch kader.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.errors import StateConflict
from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet
from organisations.models import Thema as EigenaarThema

from .choices import (
    ActieStatus,
    Dimensie,
    ImportBron,
    ImportStatus,
    Niveau,
    ObeType,
    PlanStatus,
    ProgrammaStatus,
    Schaal,
    Soort,
    Stap,
    StapStatus,
    choice_in,
)
from .querysets import ActieQuerySet, PlanQuerySet, ThemaQuerySet

MAX_VALUE = Decimal("1000000000000")  # no figure of a gemeente comes near 10^12
SCORE_RANGE = (1, 5)


# --- velden and themes ------------------------------------------------------------------------


@pghistory.track()
class Veld(GemeenteModel):
    """A veiligheidsveld (or the group of cross-cutting themes) of the gemeente."""

    nummer = models.PositiveSmallIntegerField(_("nummer"))
    naam = models.CharField(_("naam"), max_length=150)
    # The theme (organisations.Thema) a thema-eigenaar must own to edit this veld's themes;
    # NULL: only the coördinator edits them.
    eigenaar_thema = models.CharField(
        _("thema van de eigenaar"), max_length=40, choices=EigenaarThema.choices, null=True, blank=True
    )
    verborgen = models.BooleanField(_("verborgen"), default=False)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("veiligheidsveld")
        verbose_name_plural = _("veiligheidsvelden")
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"],
                name="ivp_veld_nummer_unique",
                violation_error_message=_("Er is al een veld met dit nummer."),
            ),
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="ivp_veld_naam_unique",
                violation_error_message=_("Er is al een veld met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("ivp:themas")


@pghistory.track()
class Thema(GemeenteModel):
    """A theme of a veld, with guidance (role of the gemeente, usual partners, possible measures)."""

    veld = models.ForeignKey(Veld, verbose_name=_("veld"), on_delete=models.PROTECT, related_name="themas")
    code = models.CharField(_("code"), max_length=10, blank=True, default="")
    naam = models.CharField(_("naam"), max_length=150)
    omschrijving = models.TextField(_("omschrijving"), null=True, blank=True)
    rol_gemeente = models.TextField(_("rol van de gemeente"), null=True, blank=True)
    partners = models.TextField(_("gebruikelijke partners"), null=True, blank=True)
    maatregelen = models.TextField(_("mogelijke maatregelen"), null=True, blank=True)
    verhaal = models.TextField(
        _("het verhaal achter de cijfers"),
        null=True,
        blank=True,
        help_text=_("Wat verklaart de cijfers: meldingsbereidheid, inzet van de politie, bijzondere gebeurtenissen."),
    )
    verborgen = models.BooleanField(_("verborgen"), default=False)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = ThemaQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "veld",
        "code",
        "naam",
        "omschrijving",
        "rol_gemeente",
        "partners",
        "maatregelen",
        "verhaal",
        "verborgen",
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["veld__nummer", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="ivp_thema_naam_unique",
                violation_error_message=_("Er is al een thema met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}".strip()

    def get_absolute_url(self) -> str:
        return reverse("ivp:thema", kwargs={"pk": self.pk})

    def owner_theme(self) -> str | None:
        """The organisations.Thema a thema-eigenaar must own to change this theme."""
        return self.veld.eigenaar_thema

    @property
    def links_to_kader(self) -> bool:
        """Themes of veld 5 (integriteit en veiligheid) may point to the kader's goals."""
        return self.veld.nummer == 5


@pghistory.track()
class ThemaKoppeling(GemeenteModel):
    """A theme of veld 5 pointing to a goal or an uitgangspunt of the strategisch kader."""

    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="koppelingen")
    doel = models.ForeignKey(
        "kader.Doel",
        verbose_name=_("beveiligingsdoel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    uitgangspunt = models.ForeignKey(
        "kader.Uitgangspunt",
        verbose_name=_("uitgangspunt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling met het kader")
        verbose_name_plural = _("koppelingen met het kader")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(doel__isnull=False, uitgangspunt__isnull=True)
                | Q(doel__isnull=True, uitgangspunt__isnull=False),
                name="ivp_koppeling_one_target",
                violation_error_message=_("Een koppeling wijst naar één doel of één uitgangspunt."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "thema", "doel"],
                name="ivp_koppeling_doel_unique",
                violation_error_message=_("Dit doel is al aan het thema gekoppeld."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "thema", "uitgangspunt"],
                name="ivp_koppeling_uitgangspunt_unique",
                violation_error_message=_("Dit uitgangspunt is al aan het thema gekoppeld."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.thema} → {self.doel or self.uitgangspunt}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:thema", kwargs={"pk": self.thema_id})


# --- the analysis -----------------------------------------------------------------------------


@pghistory.track()
class Indicator(GemeenteModel):
    """Something measured for a theme: registrations (objective) or perception (subjective)."""

    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="indicatoren")
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.OBJECTIEF)
    bron = models.CharField(_("bron"), max_length=200, blank=True, default="")
    eenheid = models.CharField(_("eenheid"), max_length=50, default="aantal")
    lager_is_beter = models.BooleanField(_("lager is beter"), default=True)
    per_1000 = models.BooleanField(
        _("ook per 1.000 inwoners tonen"),
        default=False,
        help_text=_("Alleen voor aantallen: Kapstok rekent om met het inwonertal van dat jaar."),
    )
    referentie_naam = models.CharField(
        _("vergelijking met"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Bijvoorbeeld Nederland of de regio."),
    )
    # Where the figures come from when imported: "politie:misdrijf:1.1.1", "bbv:winkeldiefstal".
    bronsleutel = models.CharField(_("bronsleutel"), max_length=100, null=True, blank=True, editable=False)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "thema",
        "naam",
        "soort",
        "bron",
        "eenheid",
        "lager_is_beter",
        "per_1000",
        "referentie_naam",
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["thema", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                "thema",
                name="ivp_indicator_naam_unique",
                violation_error_message=_("Dit thema heeft al een indicator met deze naam."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "bronsleutel"],
                name="ivp_indicator_bronsleutel_unique",
                violation_error_message=_("Er is al een indicator voor deze bron."),
            ),
            models.CheckConstraint(
                condition=choice_in("soort", Soort),
                name="ivp_indicator_soort_valid",
                violation_error_message=_("Ongeldige soort indicator."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("ivp:thema", kwargs={"pk": self.thema_id})


@pghistory.track()
class Meting(GemeenteModel):
    """One figure of an indicator for a year (or a month) and an area (the gemeente or a wijk/buurt)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="metingen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    maand = models.PositiveSmallIntegerField(_("maand"), null=True, blank=True)
    # '' is the whole gemeente; otherwise a CBS area code (WK…, BU…).
    gebied = models.CharField(_("gebied"), max_length=10, blank=True, default="")
    gebied_naam = models.CharField(_("naam van het gebied"), max_length=100, blank=True, default="")
    waarde = models.DecimalField(_("waarde"), max_digits=16, decimal_places=3)
    referentiewaarde = models.DecimalField(
        _("referentiewaarde"), max_digits=16, decimal_places=3, null=True, blank=True
    )
    voorlopig = models.BooleanField(_("voorlopig cijfer"), default=False)
    bron = models.CharField(_("bron"), max_length=200, blank=True, default="")

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["indicator", "jaar", "maand", "gebied"]
        indexes = [models.Index(fields=["gemeente", "indicator", "gebied", "jaar", "maand"], name="ivp_meting_series")]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "indicator", "jaar", "maand", "gebied"],
                nulls_distinct=False,
                name="ivp_meting_unique",
                violation_error_message=_("Er is al een meting voor deze indicator, periode en dit gebied."),
            ),
            models.CheckConstraint(
                condition=Q(jaar__gte=1900, jaar__lte=2100),
                name="ivp_meting_jaar_range",
                violation_error_message=_("Het jaar ligt buiten 1900–2100."),
            ),
            models.CheckConstraint(
                condition=Q(maand__isnull=True) | Q(maand__gte=1, maand__lte=12),
                name="ivp_meting_maand_range",
                violation_error_message=_("De maand ligt tussen 1 en 12."),
            ),
            models.CheckConstraint(
                condition=Q(waarde__gt=-MAX_VALUE, waarde__lt=MAX_VALUE),
                name="ivp_meting_waarde_range",
                violation_error_message=_("Deze waarde is te groot."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.periode} {self.waarde}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:thema", kwargs={"pk": self.indicator.thema_id})

    @property
    def periode(self) -> str:
        return f"{self.jaar}-{self.maand:02d}" if self.maand else str(self.jaar)


@pghistory.track()
class Inwonertal(GemeenteModel):
    """The number of inwoners in a year, to show figures per 1,000 inwoners."""

    jaar = models.PositiveSmallIntegerField(_("jaar"))
    aantal = models.PositiveIntegerField(_("aantal inwoners"))
    bron = models.CharField(_("bron"), max_length=200, blank=True, default="CBS")

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("inwonertal")
        verbose_name_plural = _("inwonertallen")
        ordering = ["jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar"],
                name="ivp_inwonertal_unique",
                violation_error_message=_("Voor dit jaar is al een inwonertal vastgelegd."),
            ),
            models.CheckConstraint(
                condition=Q(aantal__gte=1, aantal__lte=20_000_000),
                name="ivp_inwonertal_range",
                violation_error_message=_("Een inwonertal ligt tussen 1 en 20 miljoen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaar}: {self.aantal}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:analyse")


@pghistory.track()
class Misdrijfkoppeling(GemeenteModel):
    """Which theme the figures of a police crime or overlast code belong to (editable)."""

    dimensie = models.CharField(_("lijst"), max_length=10, choices=Dimensie.choices)
    code = models.CharField(_("code"), max_length=10)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    thema = models.ForeignKey(
        Thema, verbose_name=_("thema"), on_delete=models.SET_NULL, null=True, blank=True, related_name="koppelcodes"
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling van een politiecode")
        verbose_name_plural = _("koppelingen van politiecodes")
        ordering = ["dimensie", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "dimensie", "code"],
                name="ivp_misdrijfkoppeling_unique",
                violation_error_message=_("Deze code is al gekoppeld."),
            ),
            models.CheckConstraint(
                condition=choice_in("dimensie", Dimensie),
                name="ivp_misdrijfkoppeling_dimensie_valid",
                violation_error_message=_("Ongeldige lijst."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.omschrijving}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:koppelingen")


# --- the plan ---------------------------------------------------------------------------------


@pghistory.track()
class Plan(GemeenteModel):
    """One version of the integraal veiligheidsplan (meerjarenbeleidsplan) of a gemeente."""

    nummer = models.PositiveIntegerField(_("versienummer"))
    titel = models.CharField(_("titel"), max_length=200, default="Integraal veiligheidsplan")
    startjaar = models.PositiveSmallIntegerField(_("eerste jaar"))
    eindjaar = models.PositiveSmallIntegerField(_("laatste jaar"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT)
    gebaseerd_op = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opvolgers",
    )
    # The chapters a reader (and the CCV checklist) looks for. NULL: not yet written.
    afbakening = models.TextField(
        _("afbakening en leeswijzer"),
        null=True,
        blank=True,
        help_text=_("Waarover gaat het plan, voor wie is het, en hoe is het opgebouwd."),
    )
    visie = models.TextField(_("visie en ambitie"), null=True, blank=True)
    evaluatie_vorige = models.TextField(
        _("evaluatie van de vorige periode"),
        null=True,
        blank=True,
        help_text=_("Wat ging goed, wat kan beter; de resultaten van de doelen van het vorige plan."),
    )
    organisatie = models.TextField(_("organisatie en regie"), null=True, blank=True)
    budget = models.TextField(_("middelen en budget"), null=True, blank=True)
    evaluatieaanpak = models.TextField(
        _("hoe we monitoren en evalueren"),
        null=True,
        blank=True,
        help_text=_("Overleg met partners, tussentijdse en eindevaluatie, ritme van rapporteren aan college en raad."),
    )
    # The results of the previous plan's goals, frozen when this plan was started from it.
    evaluatie_invoer = models.JSONField(_("resultaten van het vorige plan"), default=list, blank=True, editable=False)
    # Weights of the criteria of the priority score (0 leaves a criterion out).
    gewicht_omvang = models.PositiveSmallIntegerField(_("gewicht omvang"), default=1)
    gewicht_ernst = models.PositiveSmallIntegerField(_("gewicht ernst"), default=1)
    gewicht_trend = models.PositiveSmallIntegerField(_("gewicht trend"), default=1)
    gewicht_beleving = models.PositiveSmallIntegerField(_("gewicht beleving"), default=1)
    gewicht_invloed = models.PositiveSmallIntegerField(_("gewicht beïnvloedbaarheid"), default=1)
    # Decision by the raad.
    ingediend_op = models.DateTimeField(_("ter besluitvorming aangeboden op"), null=True, blank=True, editable=False)
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_door = models.CharField(_("vastgesteld door"), max_length=150, null=True, blank=True)
    besluitkenmerk = models.CharField(_("besluitkenmerk"), max_length=100, null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "titel",
        "startjaar",
        "eindjaar",
        "afbakening",
        "visie",
        "evaluatie_vorige",
        "organisatie",
        "budget",
        "evaluatieaanpak",
    )
    WEIGHT_FIELDS: ClassVar[tuple[str, ...]] = (
        "gewicht_omvang",
        "gewicht_ernst",
        "gewicht_trend",
        "gewicht_beleving",
        "gewicht_invloed",
    )

    class Meta:
        verbose_name = _("integraal veiligheidsplan")
        verbose_name_plural = _("integrale veiligheidsplannen")
        ordering = ["-nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"],
                name="ivp_plan_nummer_unique",
                violation_error_message=_("Er is al een plan met dit versienummer."),
            ),
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(status__in=["concept", "ter_besluitvorming"]),
                name="ivp_plan_one_open",
                violation_error_message=_("Er is al een veiligheidsplan in bewerking."),
            ),
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(status="vastgesteld"),
                name="ivp_plan_one_adopted",
                violation_error_message=_("Er is al een vastgesteld veiligheidsplan."),
            ),
            models.CheckConstraint(
                condition=choice_in("status", PlanStatus),
                name="ivp_plan_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
            models.CheckConstraint(
                condition=Q(startjaar__gte=2000, eindjaar__lte=2100, eindjaar__gte=models.F("startjaar")),
                name="ivp_plan_period_valid",
                violation_error_message=_("Het laatste jaar ligt niet voor het eerste jaar."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["concept", "ter_besluitvorming"])
                | Q(vastgesteld_op__isnull=False, vastgesteld_door__isnull=False),
                name="ivp_plan_adopted_has_decision",
                violation_error_message=_("Een vastgesteld plan heeft een datum en een vaststellend orgaan."),
            ),
            models.CheckConstraint(
                condition=Q(
                    gewicht_omvang__lte=5,
                    gewicht_ernst__lte=5,
                    gewicht_trend__lte=5,
                    gewicht_beleving__lte=5,
                    gewicht_invloed__lte=5,
                ),
                name="ivp_plan_weights_range",
                violation_error_message=_("Een gewicht ligt tussen 0 en 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} {self.periode} (versie {self.nummer}, {self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("ivp:plan", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.startjaar and self.eindjaar:
            if self.eindjaar < self.startjaar:
                raise ValidationError({"eindjaar": _("Het laatste jaar ligt niet voor het eerste jaar.")})
            if self.eindjaar - self.startjaar > 7:
                raise ValidationError({"eindjaar": _("Een veiligheidsplan beslaat hoogstens acht jaar.")})

    @property
    def periode(self) -> str:
        return f"{self.startjaar}–{self.eindjaar}"

    @property
    def jaren(self) -> range:
        return range(self.startjaar, self.eindjaar + 1)

    @property
    def is_concept(self) -> bool:
        return self.status == PlanStatus.CONCEPT

    @property
    def is_frozen(self) -> bool:
        return self.status in {PlanStatus.VASTGESTELD, PlanStatus.VERVALLEN}

    @property
    def is_open(self) -> bool:
        return self.status in {PlanStatus.CONCEPT, PlanStatus.TER_BESLUITVORMING}

    @property
    def gewichten(self) -> dict[str, int]:
        return {field.removeprefix("gewicht_"): getattr(self, field) for field in self.WEIGHT_FIELDS}

    def ensure_concept(self) -> None:
        """Refuse a change to a plan that is no longer a concept, naming its state."""
        if self.status == PlanStatus.TER_BESLUITVORMING:
            raise StateConflict(
                f"Versie {self.nummer} van het plan ligt ter besluitvorming en kan niet worden gewijzigd. "
                "Zet haar eerst terug naar concept."
            )
        if self.is_frozen:
            raise StateConflict(
                f"Versie {self.nummer} van het plan is {self.get_status_display().lower()} en kan niet meer "
                "worden gewijzigd. Begin een nieuwe versie om het plan aan te passen."
            )


@pghistory.track()
class PlanStap(GemeenteModel):
    """One of the six steps of the plan: its checklist, who does it, when, and notes."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="stappen")
    stap = models.CharField(_("stap"), max_length=30, choices=Stap.choices)
    status = models.CharField(_("status"), max_length=10, choices=StapStatus.choices, default=StapStatus.OPEN)
    afgevinkt = models.JSONField(_("afgevinkte punten"), default=list, blank=True)
    wie = models.CharField(_("wie"), max_length=150, null=True, blank=True)
    wanneer = models.DateField(_("wanneer gereed"), null=True, blank=True)
    notities = models.TextField(_("notities"), null=True, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("status", "afgevinkt", "wie", "wanneer", "notities")

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap van het plan")
        verbose_name_plural = _("stappen van het plan")
        ordering = ["plan", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "plan", "stap"],
                name="ivp_planstap_unique",
                violation_error_message=_("Deze stap staat al in het plan."),
            ),
            models.CheckConstraint(
                condition=choice_in("stap", Stap),
                name="ivp_planstap_stap_valid",
                violation_error_message=_("Ongeldige stap."),
            ),
            models.CheckConstraint(
                condition=choice_in("status", StapStatus),
                name="ivp_planstap_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_stap_display()

    def get_absolute_url(self) -> str:
        return reverse("ivp:stap", kwargs={"pk": self.plan_id, "stap": self.stap})


@pghistory.track()
class Prioritering(GemeenteModel):
    """The score of a theme on five criteria in a plan, and the tier the gemeente chose."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="prioriteringen")
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="prioriteringen")
    omvang = models.PositiveSmallIntegerField(_("omvang"), null=True, blank=True)
    ernst = models.PositiveSmallIntegerField(_("ernst"), null=True, blank=True)
    trend = models.PositiveSmallIntegerField(_("trend"), null=True, blank=True)
    beleving = models.PositiveSmallIntegerField(_("beleving"), null=True, blank=True)
    invloed = models.PositiveSmallIntegerField(_("beïnvloedbaarheid"), null=True, blank=True)
    niveau = models.CharField(_("niveau"), max_length=20, choices=Niveau.choices, null=True, blank=True)
    onderbouwing = models.TextField(_("onderbouwing"), null=True, blank=True)

    CRITERIA: ClassVar[tuple[str, ...]] = ("omvang", "ernst", "trend", "beleving", "invloed")
    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (*CRITERIA, "niveau", "onderbouwing")

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringen")
        ordering = ["plan", "thema__veld__nummer", "thema__volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "plan", "thema"],
                name="ivp_prioritering_unique",
                violation_error_message=_("Dit thema is in dit plan al gescoord."),
            ),
            models.CheckConstraint(
                condition=Q(niveau__isnull=True) | choice_in("niveau", Niveau),
                name="ivp_prioritering_niveau_valid",
                violation_error_message=_("Ongeldig niveau."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{c}__isnull": True}) | Q(**{f"{c}__gte": 1, f"{c}__lte": 5}),
                    name=f"ivp_prioritering_{c}_range",
                    violation_error_message=_("Een score ligt tussen 1 en 5."),
                )
                for c in ("omvang", "ernst", "trend", "beleving", "invloed")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.thema}: {self.get_niveau_display() if self.niveau else 'nog geen niveau'}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:prioriteiten", kwargs={"pk": self.plan_id})

    def clean(self) -> None:
        if self.niveau and not (self.onderbouwing or "").strip():
            raise ValidationError({"onderbouwing": _("Onderbouw de keuze voor dit niveau.")})

    def score(self, gewichten: dict[str, int]) -> Decimal | None:
        """The weighted mean (1–5) of the criteria scored, or None when nothing is scored."""
        total = Decimal(0)
        weight = 0
        for criterion in self.CRITERIA:
            value = getattr(self, criterion)
            w = gewichten.get(criterion, 1)
            if value is not None and w:
                total += value * w
                weight += w
        if not weight:
            return None
        return (total / weight).quantize(Decimal("0.1"))

    @staticmethod
    def suggested_niveau(score: Decimal | None) -> str | None:
        """A score of 3.5 or more suggests a priority, 2.5 or more another strategic theme."""
        if score is None:
            return None
        if score >= Decimal("3.5"):
            return Niveau.PRIORITEIT
        if score >= Decimal("2.5"):
            return Niveau.OVERIG_STRATEGISCH
        return Niveau.BEHEERSNIVEAU


@pghistory.track()
class Doelstelling(GemeenteModel):
    """A SMART goal of a priority: what, measured by which indicator, from where to where, by when."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="doelstellingen")
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="doelstellingen")
    wat = models.TextField(_("wat willen we bereiken"))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doelstellingen",
    )
    nulmeting = models.DecimalField(_("nulmeting"), max_digits=16, decimal_places=3, null=True, blank=True)
    nulmeting_periode = models.CharField(_("periode van de nulmeting"), max_length=20, null=True, blank=True)
    streefwaarde = models.DecimalField(_("streefwaarde"), max_digits=16, decimal_places=3, null=True, blank=True)
    deadline = models.DateField(_("te bereiken op"), null=True, blank=True)
    eigenaar = models.CharField(_("eigenaar"), max_length=150, null=True, blank=True)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "thema",
        "wat",
        "indicator",
        "nulmeting",
        "nulmeting_periode",
        "streefwaarde",
        "deadline",
        "eigenaar",
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["plan", "thema__veld__nummer", "thema__volgorde", "volgorde"]
        constraints = [
            models.CheckConstraint(
                condition=Q(streefwaarde__isnull=True) | Q(streefwaarde__gt=-MAX_VALUE, streefwaarde__lt=MAX_VALUE),
                name="ivp_doelstelling_streefwaarde_range",
                violation_error_message=_("Deze streefwaarde is te groot."),
            ),
            models.CheckConstraint(
                condition=Q(nulmeting__isnull=True) | Q(nulmeting__gt=-MAX_VALUE, nulmeting__lt=MAX_VALUE),
                name="ivp_doelstelling_nulmeting_range",
                violation_error_message=_("Deze nulmeting is te groot."),
            ),
        ]

    def __str__(self) -> str:
        return self.wat[:80]

    def get_absolute_url(self) -> str:
        return reverse("ivp:doelen", kwargs={"pk": self.plan_id})

    def clean(self) -> None:
        if self.deadline and not (2000 <= self.deadline.year <= 2100):
            raise ValidationError({"deadline": _("Kies een datum tussen 2000 en 2100.")})
        if self.indicator_id and self.thema_id and self.indicator and self.indicator.gemeente_id != self.gemeente_id:
            raise ValidationError({"indicator": _("Onbekende indicator.")})


# --- the uitvoeringsprogramma -----------------------------------------------------------------


@pghistory.track()
class Programma(GemeenteModel):
    """The uitvoeringsprogramma of one year under a plan (adopted by the college)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="programmas")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammaStatus.choices, default=ProgrammaStatus.CONCEPT
    )
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    gebaseerd_op = models.ForeignKey(
        "self", verbose_name=_("gebaseerd op"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    toelichting = models.TextField(_("toelichting"), null=True, blank=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitvoeringsprogramma")
        verbose_name_plural = _("uitvoeringsprogramma's")
        ordering = ["-jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar"],
                name="ivp_programma_jaar_unique",
                violation_error_message=_("Er is al een uitvoeringsprogramma voor dit jaar."),
            ),
            models.CheckConstraint(
                condition=choice_in("status", ProgrammaStatus),
                name="ivp_programma_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
            models.CheckConstraint(
                condition=Q(jaar__gte=2000, jaar__lte=2100),
                name="ivp_programma_jaar_range",
                violation_error_message=_("Het jaar ligt buiten 2000–2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"Uitvoeringsprogramma {self.jaar}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:programma", kwargs={"pk": self.pk})


@pghistory.track()
class Actie(GemeenteModel):
    """An actiepunt of the programme with its activity or measure, owner and progress."""

    programma = models.ForeignKey(
        Programma, verbose_name=_("uitvoeringsprogramma"), on_delete=models.CASCADE, related_name="acties"
    )
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="acties")
    doelstelling = models.ForeignKey(
        Doelstelling,
        verbose_name=_("draagt bij aan doel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acties",
    )
    actiepunt = models.CharField(_("actiepunt"), max_length=200)
    activiteit = models.TextField(_("activiteit of maatregel"), null=True, blank=True)
    obe_type = models.CharField(_("soort maatregel"), max_length=20, choices=ObeType.choices, null=True, blank=True)
    eigenaar = models.CharField(_("eigenaar"), max_length=150, null=True, blank=True)
    # The organisation that carries it out; NULL is the gemeente itself. Its ketenpartners update it.
    organisatie = models.ForeignKey(
        "organisations.PartnerOrganisatie",
        verbose_name=_("uitvoerende organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partners = models.CharField(_("betrokken partners"), max_length=300, null=True, blank=True)
    schaal = models.CharField(_("lokaal of bovenlokaal"), max_length=12, choices=Schaal.choices, default=Schaal.LOKAAL)
    start = models.DateField(_("start"), null=True, blank=True)
    eind = models.DateField(_("einde"), null=True, blank=True)
    budget = models.DecimalField(_("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActieStatus.choices, default=ActieStatus.GEPLAND)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    voortgang_op = models.DateTimeField(_("voortgang bijgewerkt op"), null=True, blank=True, editable=False)
    evaluatie = models.TextField(_("evaluatie"), null=True, blank=True)
    overgenomen_van = models.ForeignKey(
        "self",
        verbose_name=_("overgenomen van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ActieQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "thema",
        "doelstelling",
        "actiepunt",
        "activiteit",
        "obe_type",
        "eigenaar",
        "organisatie",
        "partners",
        "schaal",
        "start",
        "eind",
        "budget",
        "status",
        "voortgang",
        "evaluatie",
    )
    # What the organisation carrying it out updates.
    PROGRESS_FIELDS: ClassVar[tuple[str, ...]] = ("status", "voortgang", "evaluatie")

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["programma", "thema__veld__nummer", "thema__volgorde", "actiepunt"]
        indexes = [models.Index(fields=["gemeente", "programma", "status"], name="ivp_actie_status")]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", ActieStatus),
                name="ivp_actie_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
            models.CheckConstraint(
                condition=choice_in("schaal", Schaal),
                name="ivp_actie_schaal_valid",
                violation_error_message=_("Kies lokaal of bovenlokaal."),
            ),
            models.CheckConstraint(
                condition=Q(obe_type__isnull=True) | choice_in("obe_type", ObeType),
                name="ivp_actie_obe_valid",
                violation_error_message=_("Ongeldige soort maatregel."),
            ),
            models.CheckConstraint(
                condition=Q(voortgang__lte=100),
                name="ivp_actie_voortgang_range",
                violation_error_message=_("De voortgang ligt tussen 0 en 100 procent."),
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(eind__isnull=True) | Q(eind__gte=models.F("start")),
                name="ivp_actie_period_valid",
                violation_error_message=_("Het einde ligt niet voor de start."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="ivp_actie_budget_positive",
                violation_error_message=_("Een budget is niet negatief."),
            ),
        ]

    def __str__(self) -> str:
        return self.actiepunt

    def get_absolute_url(self) -> str:
        return reverse("ivp:actie", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for field in ("start", "eind"):
            value = getattr(self, field)
            if value and not (2000 <= value.year <= 2100):
                errors[field] = _("Kies een datum tussen 2000 en 2100.")
        if self.start and self.eind and self.eind < self.start and "eind" not in errors:
            errors["eind"] = _("Het einde ligt niet voor de start.")
        if self.status == ActieStatus.AFGEROND and self.voortgang != 100:
            errors["voortgang"] = _("Een afgeronde actie staat op 100 procent.")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status not in {ActieStatus.AFGEROND, ActieStatus.GESTOPT} and bool(self.eind and self.eind < today)


# --- importing figures ------------------------------------------------------------------------


@pghistory.track(exclude=["bestand"])
class Analyseimport(GemeenteModel):
    """A file (or an open-data fetch) on its way into the analysis: read, previewed, then stored.

    Nothing reaches the indicators and measurements before a person confirms the preview; the
    figures themselves stay in ``bestand`` until then (the uploaded bytes, or the fetched figures
    as JSON) and are read again when storing, all or nothing.
    """

    bron = models.CharField(_("bron"), max_length=10, choices=ImportBron.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.WACHTRIJ)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200, blank=True, default="")
    bestand = models.BinaryField(_("bestand"), editable=False)
    verwachte_tabel = models.CharField(_("verwachte tabel"), max_length=10, blank=True, default="")
    tabel = models.CharField(_("tabel"), max_length=10, blank=True, default="")
    formaat = models.CharField(_("formaat"), max_length=100, blank=True, default="")
    voorbeeld = models.JSONField(_("voorbeeld"), null=True, blank=True, editable=False)
    fouten = models.JSONField(_("fouten"), default=list, blank=True, editable=False)
    aangemaakt_door = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    taak = models.ForeignKey(
        "background.Achtergrondtaak",
        verbose_name=_("achtergrondtaak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opgeslagen_op = models.DateTimeField(_("opgeslagen op"), null=True, blank=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("import van cijfers")
        verbose_name_plural = _("imports van cijfers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", ImportStatus),
                name="ivp_analyseimport_status_valid",
                violation_error_message=_("Ongeldige status."),
            ),
            models.CheckConstraint(
                condition=choice_in("bron", ImportBron),
                name="ivp_analyseimport_bron_valid",
                violation_error_message=_("Ongeldige bron."),
            ),
        ]

    def __str__(self) -> str:
        return self.bestandsnaam or f"Open data {self.tabel or self.verwachte_tabel}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:import_detail", kwargs={"pk": self.pk})
