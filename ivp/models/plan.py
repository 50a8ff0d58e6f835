"""The plan: its versions, steps, priorities and SMART goals."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.errors import StateConflict
from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet

from ..choices import (
    MAX_VALUE,
    SCORE,
    VALUE_RANGE,
    Niveau,
    PlanStatus,
    Stap,
    StapStatus,
)
from ..querysets import PlanQuerySet
from ..triggers import frozen_plan_guard, frozen_plan_part_guard
from .analyse import Indicator
from .themas import Thema

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
    gewicht_omvang = models.PositiveSmallIntegerField(_("gewicht omvang"), default=1, validators=[MaxValueValidator(5)])
    gewicht_ernst = models.PositiveSmallIntegerField(_("gewicht ernst"), default=1, validators=[MaxValueValidator(5)])
    gewicht_trend = models.PositiveSmallIntegerField(_("gewicht trend"), default=1, validators=[MaxValueValidator(5)])
    gewicht_beleving = models.PositiveSmallIntegerField(
        _("gewicht beleving"), default=1, validators=[MaxValueValidator(5)]
    )
    gewicht_invloed = models.PositiveSmallIntegerField(
        _("gewicht beïnvloedbaarheid"), default=1, validators=[MaxValueValidator(5)]
    )
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
        triggers = [frozen_plan_guard()]
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
    omvang = models.PositiveSmallIntegerField(_("omvang"), null=True, blank=True, validators=SCORE)
    ernst = models.PositiveSmallIntegerField(_("ernst"), null=True, blank=True, validators=SCORE)
    trend = models.PositiveSmallIntegerField(_("trend"), null=True, blank=True, validators=SCORE)
    beleving = models.PositiveSmallIntegerField(_("beleving"), null=True, blank=True, validators=SCORE)
    invloed = models.PositiveSmallIntegerField(_("beïnvloedbaarheid"), null=True, blank=True, validators=SCORE)
    niveau = models.CharField(_("niveau"), max_length=20, choices=Niveau.choices, null=True, blank=True)
    onderbouwing = models.TextField(_("onderbouwing"), null=True, blank=True)

    CRITERIA: ClassVar[tuple[str, ...]] = ("omvang", "ernst", "trend", "beleving", "invloed")
    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (*CRITERIA, "niveau", "onderbouwing")

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringen")
        triggers = [frozen_plan_part_guard("ivp_prioritering_frozen")]
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
    nulmeting = models.DecimalField(
        _("nulmeting"), max_digits=16, decimal_places=3, null=True, blank=True, validators=VALUE_RANGE
    )
    nulmeting_periode = models.CharField(_("periode van de nulmeting"), max_length=20, null=True, blank=True)
    streefwaarde = models.DecimalField(
        _("streefwaarde"), max_digits=16, decimal_places=3, null=True, blank=True, validators=VALUE_RANGE
    )
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
        triggers = [frozen_plan_part_guard("ivp_doelstelling_frozen")]
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
