"""The PDCA cycle of the kader's kwaliteitssysteem: the year calendar and what its checks found.

* ``Activiteit``: one entry of the year calendar — a phase (plan, do, check, act), a kind (a year
  plan, an evaluation, an internal audit, a management review, ...), a planned date, an owner and
  its state. Done, it carries its date and a summary of what it concluded.
* ``Bevinding``: a finding of a done activity (a shortcoming, a point to improve, a strength, an
  observation). A finding becomes an action (``acties.Verbeteractie``, the activity as its source),
  and one marked for the kader is taken up into the next version of the kader (``verwerkt_in``):
  the 'Act' that feeds a new kader version (docs/pdca.md).

Nothing is deleted: an activity that will not happen becomes ``vervallen``, so the actions that
name an activity as their source never point to nothing (docs/adr/0018-one-action-model.md).
"""

from __future__ import annotations

import datetime
from typing import ClassVar

import pghistory
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kader.choices import Fase
from lib.models import GemeenteModel, choice_in
from lib.permissions import allowed
from lib.querysets import GemeenteQuerySet, Member
from organisations.models import Thema

OMSCHRIJVING_MAX = 2000
CONCLUSIE_MAX = 5000
TEKST_MAX = 2000


class Soort(models.TextChoices):
    JAARPLANNING = "jaarplanning", _("Jaarplanning")
    RISICOANALYSE = "risicoanalyse", _("Risicoanalyse actualiseren")
    UITVOERING = "uitvoering", _("Maatregelen uitvoeren")
    RODE_DRADEN = "rode_draden", _("Rode draden van incidenten")
    EVALUATIE = "evaluatie", _("Evaluatie")
    INTERNE_AUDIT = "interne_audit", _("Interne audit")
    EXTERNE_AUDIT = "externe_audit", _("Externe audit")
    MANAGEMENTREVIEW = "managementreview", _("Managementreview")
    RAPPORTAGE = "rapportage", _("Rapportage aan het bestuur")
    KADER_BIJSTELLEN = "kader_bijstellen", _("Kader bijstellen")
    OVERIG = "overig", _("Overig")


# The phase a kind of activity usually belongs to (the form's first choice; the API's default).
SOORT_FASE: dict[str, str] = {
    Soort.JAARPLANNING: Fase.PLAN,
    Soort.RISICOANALYSE: Fase.PLAN,
    Soort.UITVOERING: Fase.DO,
    Soort.RODE_DRADEN: Fase.CHECK,
    Soort.EVALUATIE: Fase.CHECK,
    Soort.INTERNE_AUDIT: Fase.CHECK,
    Soort.EXTERNE_AUDIT: Fase.CHECK,
    Soort.MANAGEMENTREVIEW: Fase.ACT,
    Soort.RAPPORTAGE: Fase.CHECK,
    Soort.KADER_BIJSTELLEN: Fase.ACT,
    Soort.OVERIG: Fase.DO,
}


class Status(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
    VERVALLEN = "vervallen", _("Vervallen")


class BevindingSoort(models.TextChoices):
    TEKORTKOMING = "tekortkoming", _("Tekortkoming")
    VERBETERPUNT = "verbeterpunt", _("Verbeterpunt")
    STERK_PUNT = "sterk_punt", _("Sterk punt")
    OBSERVATIE = "observatie", _("Observatie")


class PdcaActiviteitQuerySet(GemeenteQuerySet["Activiteit"]):
    def voor(self, membership: Member | None) -> PdcaActiviteitQuerySet:
        """What a member reads: the whole calendar of the gemeente for the roles that read the PDCA cycle
        (coördinator, thema-eigenaar, bestuurder, auditor), nothing for the others."""
        if membership is None or not allowed("pdca.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)

    def van_jaar(self, jaar: int) -> PdcaActiviteitQuerySet:
        return self.filter(gepland_op__year=jaar)

    def gepland(self) -> PdcaActiviteitQuerySet:
        return self.filter(status=Status.GEPLAND)


@pghistory.track()
class Activiteit(GemeenteModel):
    """One entry of the PDCA year calendar."""

    titel = models.CharField(_("titel"), max_length=200)
    fase = models.CharField(_("fase"), max_length=10, choices=Fase.choices)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    gepland_op = models.DateField(_("gepland op"))
    eigenaar = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND)
    uitgevoerd_op = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    omschrijving = models.TextField(
        _("omschrijving"), blank=True, default="", max_length=OMSCHRIJVING_MAX, help_text=_("Wat er gebeurt en hoe.")
    )
    conclusie = models.TextField(
        _("samenvatting en conclusie"),
        blank=True,
        default="",
        max_length=CONCLUSIE_MAX,
        help_text=_("Wat de activiteit opleverde: de uitkomst in het kort. De bevindingen legt u apart vast."),
    )

    objects = PdcaActiviteitQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "titel",
        "fase",
        "soort",
        "gepland_op",
        "eigenaar",
        "status",
        "uitgevoerd_op",
        "omschrijving",
        "conclusie",
    )

    class Meta:
        verbose_name = _("PDCA-activiteit")
        verbose_name_plural = _("PDCA-activiteiten")
        ordering = ["gepland_op", "titel"]
        indexes = [models.Index(fields=["gemeente", "gepland_op"], name="pdca_activiteit_op_datum")]
        constraints = [
            models.CheckConstraint(condition=choice_in("fase", Fase), name="pdca_activiteit_fase_valid"),
            models.CheckConstraint(condition=choice_in("soort", Soort), name="pdca_activiteit_soort_valid"),
            models.CheckConstraint(condition=choice_in("status", Status), name="pdca_activiteit_status_valid"),
            models.CheckConstraint(
                condition=Q(status=Status.UITGEVOERD, uitgevoerd_op__isnull=False)
                | (~Q(status=Status.UITGEVOERD) & Q(uitgevoerd_op__isnull=True)),
                name="pdca_activiteit_uitgevoerd_op",
                violation_error_message=_(
                    "Een uitgevoerde activiteit heeft een datum van uitvoering, een andere niet."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("omschrijving"), OMSCHRIJVING_MAX)
                & LessThanOrEqual(Length("conclusie"), CONCLUSIE_MAX),
                name="pdca_activiteit_lengte",
                violation_error_message=_("De omschrijving of de conclusie is te lang."),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("pdca:activiteit", args=[self.pk])

    def te_laat(self, today: datetime.date) -> bool:
        """Still planned while its date has passed."""
        return self.status == Status.GEPLAND and self.gepland_op < today


class BevindingQuerySet(GemeenteQuerySet["Bevinding"]):
    def voor(self, membership: Member | None) -> BevindingQuerySet:
        """As the activities: every finding of the gemeente for the roles that read the PDCA cycle."""
        if membership is None or not allowed("pdca.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)

    def voor_kader(self) -> BevindingQuerySet:
        """Marked for the next version of the kader and not yet taken up."""
        return self.filter(voor_kader=True, verwerkt_in__isnull=True)


@pghistory.track()
class Bevinding(GemeenteModel):
    """A finding of a done activity: an evaluation, an audit, a management review."""

    activiteit = models.ForeignKey(
        Activiteit, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="bevindingen"
    )
    tekst = models.TextField(_("bevinding"), max_length=TEKST_MAX)
    soort = models.CharField(_("soort bevinding"), max_length=20, choices=BevindingSoort.choices)
    thema = models.CharField(_("thema"), max_length=40, choices=Thema.choices, blank=True, default="")
    voor_kader = models.BooleanField(
        _("neem mee in de volgende versie van het kader"),
        default=False,
        help_text=_("De coördinator neemt haar op in de volgende versie van het kader (Act)."),
    )
    verwerkt_in = models.ForeignKey(
        "kader.KaderVersie",
        verbose_name=_("verwerkt in versie van het kader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = BevindingQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("tekst", "soort", "thema", "voor_kader")

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["activiteit", "created_at"]
        indexes = [models.Index(fields=["gemeente", "voor_kader", "verwerkt_in"], name="pdca_bevinding_voor_kader")]
        constraints = [
            models.CheckConstraint(condition=choice_in("soort", BevindingSoort), name="pdca_bevinding_soort_valid"),
            models.CheckConstraint(
                condition=Q(thema="") | choice_in("thema", Thema), name="pdca_bevinding_thema_valid"
            ),
            models.CheckConstraint(
                condition=Q(verwerkt_in__isnull=True) | Q(voor_kader=True),
                name="pdca_bevinding_verwerkt_voor_kader",
                violation_error_message=_("Alleen een bevinding voor het kader wordt in het kader verwerkt."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("tekst"), TEKST_MAX),
                name="pdca_bevinding_lengte",
                violation_error_message=_("Gebruik hoogstens 2000 tekens."),
            ),
        ]

    def __str__(self) -> str:
        return self.tekst if len(self.tekst) <= 80 else f"{self.tekst[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("pdca:bevinding", args=[self.pk])
