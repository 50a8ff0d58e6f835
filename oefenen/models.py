"""Trainen, oefenen en testen, and awareness: how the gemeente prepares its people and learns from it.

* ``Oefening``: one exercise, test or training of the multi-year programme — what kind, which
  theme, the risk of the register it plays out (its scenario), when it is planned and when it was
  done, who took part (roles and afdelingen, never names), its result and its findings. Its
  follow-up actions are ``acties.Verbeteractie`` rows (``bron`` ``oefening``, ADR 0018).
* ``Bewustwordingsactiviteit``: a session, training, e-learning, incident evaluation, campaign or
  phishing simulation for employees, with the number that took part.
* ``Deelname``: per year and afdeling, how many employees it has and how many of them took part in
  at least one activity: counts only, so the gemeente sees whether everyone was reached that year.

The year of an exercise is the year of its date: the day it was done, or else the day it is
planned for (``Oefening.datum``; ``OefeningQuerySet.in_jaar``).
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import permissions
from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet
from organisations.models import Membership, Thema

DEELNEMERS_MAX = 1000
TOELICHTING_MAX = 2000
BEVINDINGEN_MAX = 4000
AANTAL_MAX = 100_000  # people: more than any gemeente employs or an exercise gathers
JAAR_MIN, JAAR_MAX = 2000, 2100
NO_NAMES = _(
    "Noem rollen, afdelingen en partnerorganisaties, geen namen: bijvoorbeeld 'crisisteam, "
    "afdeling Publiekszaken, brandweer'."
)


class Soort(models.TextChoices):
    TRAINING = "training", _("Training")
    TABLETOP = "tabletop", _("Tabletop- of scenario-oefening")
    PRAKTIJK = "praktijk", _("Praktijkoefening")
    ONTRUIMING = "ontruiming", _("Ontruimingsoefening")
    TECHNISCHE_TEST = "technische_test", _("Technische test (zoals back-up terugzetten of pentest)")
    CRISIS = "crisis", _("Crisisoefening")
    OVERIG = "overig", _("Overig")


class Status(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
    VERVALLEN = "vervallen", _("Vervallen")


class Resultaat(models.TextChoices):
    GESLAAGD = "geslaagd", _("Geslaagd")
    DEELS_GESLAAGD = "deels_geslaagd", _("Deels geslaagd")
    NIET_GESLAAGD = "niet_geslaagd", _("Niet geslaagd")


class OefeningQuerySet(GemeenteQuerySet["Oefening"]):
    def voor(self, membership: Membership | None) -> OefeningQuerySet:
        """What a member reads: every exercise of the gemeente for the roles with ``oefenen.view``, none
        for the others (a thema-eigenaar reads all, and changes those of their themes)."""
        if membership is None or not permissions.allowed("oefenen.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)

    def in_jaar(self, jaar: int) -> OefeningQuerySet:
        """The exercises of ``jaar``: done that year, or not done and planned for that year."""
        return self.filter(in_jaren(jaar, jaar))

    def in_jaren(self, van: int, tot: int) -> OefeningQuerySet:
        """The exercises of the years ``van`` up to and including ``tot``."""
        return self.filter(in_jaren(van, tot))


def in_jaren(van: int, tot: int) -> Q:
    """The condition that an exercise belongs to the years ``van`` to ``tot``: done in them, or not done
    and planned in them (``Oefening.datum``)."""
    begin, einde = datetime.date(van, 1, 1), datetime.date(tot, 12, 31)
    return Q(uitgevoerd_op__range=(begin, einde)) | Q(uitgevoerd_op__isnull=True, gepland_op__range=(begin, einde))


def _bounded_text(field: str, maximum: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), maximum),
        name=name,
        violation_error_message=f"Gebruik hoogstens {maximum} tekens.",
    )


def _aantal(label: Any) -> Any:
    return models.PositiveIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MaxValueValidator(AANTAL_MAX)],
        help_text=_("Leeg als het (nog) niet bekend is."),
    )


@pghistory.track()
class Oefening(GemeenteModel):
    """One exercise, test or training of the programme."""

    titel = models.CharField(_("titel"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    thema = models.CharField(
        _("thema"),
        max_length=40,
        choices=Thema.choices,
        blank=True,
        default="",
        help_text=_("De thema-eigenaar van dit thema houdt de oefening bij; zonder thema de coördinator."),
    )
    scenario = models.ForeignKey(
        "risicos.Risico",
        verbose_name=_("scenario (risico)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oefeningen",
        help_text=_("Het risico uit het risicoregister dat de oefening naspeelt of test."),
    )
    gepland_op = models.DateField(_("gepland op"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND)
    uitgevoerd_op = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    deelnemers = models.TextField(
        _("deelnemers"), blank=True, default="", max_length=DEELNEMERS_MAX, help_text=NO_NAMES
    )
    aantal_deelnemers = _aantal(_("aantal deelnemers"))
    resultaat = models.CharField(
        _("resultaat"),
        max_length=20,
        choices=Resultaat.choices,
        blank=True,
        default="",
        help_text=_("Alleen bij een uitgevoerde oefening."),
    )
    toelichting = models.TextField(
        _("toelichting"),
        blank=True,
        default="",
        max_length=TOELICHTING_MAX,
        help_text=_("Waarom het resultaat zo is, of waarom de oefening verviel."),
    )
    bevindingen = models.TextField(
        _("bevindingen"),
        blank=True,
        default="",
        max_length=BEVINDINGEN_MAX,
        help_text=_("Wat goed ging, wat beter kan en wat de gemeente aanpast. Schrijf geen namen op."),
    )

    objects = OefeningQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "titel",
        "soort",
        "thema",
        "scenario",
        "gepland_op",
        "status",
        "uitgevoerd_op",
        "deelnemers",
        "aantal_deelnemers",
        "resultaat",
        "toelichting",
        "bevindingen",
    )

    class Meta:
        verbose_name = _("oefening")
        verbose_name_plural = _("oefeningen")
        ordering = ["gepland_op", "titel"]
        indexes = [
            models.Index(fields=["gemeente", "gepland_op"], name="oefenen_oefening_gepland"),
            models.Index(fields=["gemeente", "uitgevoerd_op"], name="oefenen_oefening_uitgevoerd"),
        ]
        constraints = [
            models.CheckConstraint(condition=choice_in("soort", Soort), name="oefenen_oefening_soort_valid"),
            models.CheckConstraint(condition=choice_in("status", Status), name="oefenen_oefening_status_valid"),
            models.CheckConstraint(
                condition=Q(thema="") | choice_in("thema", Thema), name="oefenen_oefening_thema_valid"
            ),
            models.CheckConstraint(
                condition=Q(resultaat="") | (choice_in("resultaat", Resultaat) & Q(status=Status.UITGEVOERD)),
                name="oefenen_oefening_resultaat",
                violation_error_message=_("Een resultaat hoort alleen bij een uitgevoerde oefening."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.UITGEVOERD, uitgevoerd_op__isnull=False)
                | (~Q(status=Status.UITGEVOERD) & Q(uitgevoerd_op__isnull=True)),
                name="oefenen_oefening_uitgevoerd_op",
                violation_error_message=_("Vul de datum in waarop de oefening is uitgevoerd."),
            ),
            models.CheckConstraint(
                condition=Q(aantal_deelnemers__isnull=True) | Q(aantal_deelnemers__lte=AANTAL_MAX),
                name="oefenen_oefening_aantal",
                violation_error_message=_("Vul een aantal van hoogstens 100.000 in."),
            ),
            _bounded_text("deelnemers", DEELNEMERS_MAX, "oefenen_oefening_deelnemers_lengte"),
            _bounded_text("toelichting", TOELICHTING_MAX, "oefenen_oefening_toelichting_lengte"),
            _bounded_text("bevindingen", BEVINDINGEN_MAX, "oefenen_oefening_bevindingen_lengte"),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("oefenen:oefening", args=[self.pk])

    @property
    def datum(self) -> datetime.date:
        """The day that places it in a year: when it was done, else when it is planned."""
        return self.uitgevoerd_op or self.gepland_op

    @property
    def te_laat(self) -> bool:
        """Still planned, but its day has passed."""
        return self.status == Status.GEPLAND and self.gepland_op < timezone.localdate()

    @property
    def bron_titel(self) -> str:
        """How its actions name it: its kind and date, no free text (so no personal data)."""
        return f"{self.get_soort_display()} van {self.datum:%d-%m-%Y}"

    def clean(self) -> None:
        super().clean()
        if self.status != Status.UITGEVOERD:  # a planned or cancelled exercise has no day done or result
            self.uitgevoerd_op = None
            self.resultaat = ""
            return
        if self.uitgevoerd_op is None:
            raise ValidationError({"uitgevoerd_op": "Vul de datum in waarop de oefening is uitgevoerd."})
        if self.uitgevoerd_op > timezone.localdate():
            raise ValidationError(
                {
                    "uitgevoerd_op": "Deze datum ligt in de toekomst; een oefening is uitgevoerd op een dag die voorbij is."
                }
            )


class Activiteitsoort(models.TextChoices):
    SESSIE = "sessie", _("Sessie of bijeenkomst")
    TRAINING = "training", _("Training")
    E_LEARNING = "e_learning", _("E-learning")
    INCIDENTEVALUATIE = "incidentevaluatie", _("Evaluatie van een incident")
    CAMPAGNE = "campagne", _("Campagne")
    PHISHINGSIMULATIE = "phishingsimulatie", _("Phishingsimulatie")
    OVERIG = "overig", _("Overig")


class ActiviteitQuerySet(GemeenteQuerySet["Bewustwordingsactiviteit"]):
    def voor(self, membership: Membership | None) -> ActiviteitQuerySet:
        if membership is None or not permissions.allowed("oefenen.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)


@pghistory.track()
class Bewustwordingsactiviteit(GemeenteModel):
    """Something that makes employees aware of security: a session, an e-learning, a campaign."""

    titel = models.CharField(_("titel"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Activiteitsoort.choices)
    thema = models.CharField(
        _("thema"),
        max_length=40,
        choices=Thema.choices,
        blank=True,
        default="",
        help_text=_("De thema-eigenaar van dit thema houdt de activiteit bij; zonder thema de coördinator."),
    )
    datum = models.DateField(_("datum"), help_text=_("De dag, of bij een e-learning of campagne de eerste dag."))
    doelgroep = models.CharField(
        _("doelgroep"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Voor wie: bijvoorbeeld 'alle medewerkers' of 'medewerkers van de publieksbalie'."),
    )
    aantal_deelnemers = _aantal(_("aantal deelnemers"))

    objects = ActiviteitQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("titel", "soort", "thema", "datum", "doelgroep", "aantal_deelnemers")

    class Meta:
        verbose_name = _("bewustwordingsactiviteit")
        verbose_name_plural = _("bewustwordingsactiviteiten")
        ordering = ["datum", "titel"]
        indexes = [models.Index(fields=["gemeente", "datum"], name="oefenen_activiteit_datum")]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("soort", Activiteitsoort), name="oefenen_activiteit_soort_valid"
            ),
            models.CheckConstraint(
                condition=Q(thema="") | choice_in("thema", Thema), name="oefenen_activiteit_thema_valid"
            ),
            models.CheckConstraint(
                condition=Q(aantal_deelnemers__isnull=True) | Q(aantal_deelnemers__lte=AANTAL_MAX),
                name="oefenen_activiteit_aantal",
                violation_error_message=_("Vul een aantal van hoogstens 100.000 in."),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("oefenen:activiteit", args=[self.pk])


class DeelnameQuerySet(GemeenteQuerySet["Deelname"]):
    def voor(self, membership: Membership | None) -> DeelnameQuerySet:
        if membership is None or not permissions.allowed("oefenen.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)


@pghistory.track()
class Deelname(GemeenteModel):
    """How many employees of an afdeling took part in awareness in a year: counts, never people."""

    jaar = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(JAAR_MIN), MaxValueValidator(JAAR_MAX)]
    )
    afdeling = models.CharField(_("afdeling"), max_length=120)
    medewerkers = models.PositiveIntegerField(
        _("aantal medewerkers"),
        validators=[MinValueValidator(1), MaxValueValidator(AANTAL_MAX)],
        help_text=_("Hoeveel medewerkers de afdeling dat jaar heeft."),
    )
    deelgenomen = models.PositiveIntegerField(
        _("aantal dat deelnam"),
        default=0,
        validators=[MaxValueValidator(AANTAL_MAX)],
        help_text=_("Hoeveel van hen dat jaar aan minstens één bewustwordingsactiviteit deelnamen."),
    )

    objects = DeelnameQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("jaar", "afdeling", "medewerkers", "deelgenomen")

    class Meta:
        verbose_name = _("deelname aan bewustwording")
        verbose_name_plural = _("deelname aan bewustwording")
        ordering = ["-jaar", "afdeling"]
        constraints = [
            models.UniqueConstraint(
                "gemeente",
                "jaar",
                Lower("afdeling"),
                name="oefenen_deelname_afdeling_unique",
                violation_error_message=_("Deze afdeling staat al bij dit jaar."),
            ),
            models.CheckConstraint(
                condition=Q(deelgenomen__lte=F("medewerkers")),
                name="oefenen_deelname_niet_meer_dan_medewerkers",
                violation_error_message=_("Er kunnen niet meer medewerkers deelnemen dan de afdeling heeft."),
            ),
            models.CheckConstraint(
                condition=Q(medewerkers__gte=1, medewerkers__lte=AANTAL_MAX),
                name="oefenen_deelname_medewerkers_range",
                violation_error_message=_("Vul een aantal medewerkers van 1 tot en met 100.000 in."),
            ),
            models.CheckConstraint(
                condition=Q(jaar__gte=JAAR_MIN, jaar__lte=JAAR_MAX),
                name="oefenen_deelname_jaar_range",
                violation_error_message=_("Kies een jaar van 2000 tot en met 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afdeling} ({self.jaar})"

    def get_absolute_url(self) -> str:
        return reverse("oefenen:deelname", args=[self.pk])

    @property
    def percentage(self) -> int:
        """The share that took part, rounded down to whole percents (99.6 % is not everyone)."""
        return self.deelgenomen * 100 // self.medewerkers if self.medewerkers else 0

    def clean(self) -> None:
        super().clean()
        self.afdeling = self.afdeling.strip()
        if not self.afdeling:
            raise ValidationError({"afdeling": "Vul de naam van de afdeling in."})
        if self.medewerkers is not None and self.deelgenomen is not None and self.deelgenomen > self.medewerkers:
            raise ValidationError({"deelgenomen": "Er kunnen niet meer medewerkers deelnemen dan de afdeling heeft."})
