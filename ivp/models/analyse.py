"""The analysis: indicators, their figures, population and the mapping of police codes."""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet

from ..choices import (
    MAX_VALUE,
    VALUE_RANGE,
    Dimensie,
    Soort,
)
from .themas import Thema

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
    waarde = models.DecimalField(_("waarde"), max_digits=16, decimal_places=3, validators=VALUE_RANGE)
    referentiewaarde = models.DecimalField(
        _("referentiewaarde"), max_digits=16, decimal_places=3, null=True, blank=True, validators=VALUE_RANGE
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
    aantal = models.PositiveIntegerField(
        _("aantal inwoners"), validators=[MinValueValidator(1), MaxValueValidator(20_000_000)]
    )
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
