"""The uitvoeringsprogramma of a year and its actions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet

from ..choices import (
    ActieStatus,
    ObeType,
    ProgrammaStatus,
    Schaal,
)
from ..querysets import ActieQuerySet
from .plan import Doelstelling, Plan
from .themas import Thema

# --- the uitvoeringsprogramma -----------------------------------------------------------------

# The limits of an action's figures, with the messages that forms, services and the API give.
VOORTGANG_MESSAGE = _("De voortgang ligt tussen 0 en 100 procent.")
VOORTGANG_RANGE = [MinValueValidator(0, VOORTGANG_MESSAGE), MaxValueValidator(100, VOORTGANG_MESSAGE)]
BUDGET_NEGATIVE = _("Een budget is niet negatief.")
BUDGET_TOO_LARGE = _("Een budget is kleiner dan 10 miljard euro.")
MAX_BUDGET = Decimal("9999999999.99")  # 12 digits, 2 of them after the comma
BUDGET_RANGE = [MinValueValidator(0, BUDGET_NEGATIVE), MaxValueValidator(MAX_BUDGET, BUDGET_TOO_LARGE)]


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
    budget = models.DecimalField(
        _("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=BUDGET_RANGE
    )
    status = models.CharField(_("status"), max_length=12, choices=ActieStatus.choices, default=ActieStatus.GEPLAND)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0, validators=VOORTGANG_RANGE)
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
                violation_error_message=VOORTGANG_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(eind__isnull=True) | Q(eind__gte=models.F("start")),
                name="ivp_actie_period_valid",
                violation_error_message=_("Het einde ligt niet voor de start."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="ivp_actie_budget_positive",
                violation_error_message=BUDGET_NEGATIVE,
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
