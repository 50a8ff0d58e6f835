"""Incidenten: what happened to the gemeente's people, buildings and information, as its employees report it.

* ``Instelling``: the gemeente's registration, set up once by its coördinator: from then on its
  employees can report, and it holds how long personal data in an incident is kept.
* ``IncidentSoort``: the gemeente's editable list of kinds of incident (aggression, a data breach,
  …), each with the security theme whose thema-eigenaar handles it.
* ``Incident``: one report — what, when, where or which asset, how serious, whether the police
  were involved — with who reported it and its status. A data breach shows the 72 hours in which
  the Autoriteit Persoonsgegevens must hear of it; after the gemeente's retention period its free
  texts and reporter are removed (``services.verwijder_persoonsgegevens``).
* ``IncidentRisico`` / ``IncidentMaatregel``: what the handler learnt: this incident says something
  about that risk (which is then flagged for review) or that measure.
* ``RodeDraden``: the coördinator's conclusions on the incidents of a period (the figures themselves
  are counted when shown, ``incidenten.rode_draden``); its actions are ``acties.Verbeteractie`` rows.
"""

from __future__ import annotations

import datetime
import math
from typing import ClassVar

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet
from organisations.models import Membership, Thema

from .content import SOORTEN

OMSCHRIJVING_MAX = 2000
BEWAARTERMIJN_STANDAARD = 24  # months
BEWAARTERMIJN_MAX = 120
AP_TERMIJN = datetime.timedelta(hours=72)


class Ernst(models.TextChoices):
    GERING = "gering", _("Gering: geen letsel en nauwelijks schade")
    AANZIENLIJK = "aanzienlijk", _("Aanzienlijk: schrik, lichte schade of verstoring")
    ERNSTIG = "ernstig", _("Ernstig: letsel, grote schade of gegevens die uitlekten")
    ZEER_ERNSTIG = "zeer_ernstig", _("Zeer ernstig: zwaar letsel of een crisis")


class ApMelding(models.TextChoices):
    OPEN = "open", _("Nog niet beoordeeld")
    GEMELD = "gemeld", _("Gemeld bij de Autoriteit Persoonsgegevens")
    NIET_NODIG = "niet_nodig", _("Geen melding nodig (de afweging staat bij de afhandeling)")


class Status(models.TextChoices):
    GEMELD = "gemeld", _("Gemeld")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


@pghistory.track()
class Instelling(GemeenteModel):
    bewaartermijn_maanden = models.PositiveSmallIntegerField(
        _("bewaartermijn van persoonsgegevens (maanden)"),
        default=BEWAARTERMIJN_STANDAARD,
        validators=[MinValueValidator(1), MaxValueValidator(BEWAARTERMIJN_MAX)],
        help_text=_("Zo lang na de melding blijven namen en andere persoonsgegevens in een incident staan."),
    )

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("bewaartermijn_maanden",)

    class Meta:
        verbose_name = _("incidentregistratie")
        verbose_name_plural = _("incidentregistraties")
        constraints = [
            models.UniqueConstraint(fields=["gemeente"], name="incidenten_instelling_een_per_gemeente"),
            models.CheckConstraint(
                condition=Q(bewaartermijn_maanden__gte=1, bewaartermijn_maanden__lte=BEWAARTERMIJN_MAX),
                name="incidenten_bewaartermijn_range",
                violation_error_message=_("Kies een bewaartermijn van 1 tot en met 120 maanden."),
            ),
        ]

    def __str__(self) -> str:
        return "Incidentregistratie"


@pghistory.track()
class IncidentSoort(GemeenteModel):
    naam = models.CharField(_("naam"), max_length=120)
    # The key of a kind from the starting list (content.SOORTEN); empty for the gemeente's own.
    sleutel = models.CharField(
        _("uit de startlijst"),
        max_length=40,
        blank=True,
        default="",
        editable=False,
        choices=[(key, naam) for key, naam, _thema in SOORTEN],
    )
    thema = models.CharField(
        _("thema"),
        max_length=40,
        choices=Thema.choices,
        blank=True,
        default="",
        help_text=_("De thema-eigenaar van dit thema behandelt deze incidenten; zonder thema de coördinator."),
    )
    meldplicht = models.BooleanField(
        _("datalek: binnen 72 uur melden bij de Autoriteit Persoonsgegevens"),
        default=False,
        help_text=_("Een melding van deze soort toont de behandelaar hoeveel tijd er nog is om het datalek te melden."),
    )
    actief = models.BooleanField(_("te kiezen bij een melding"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("naam", "thema", "meldplicht", "actief", "volgorde")

    class Meta:
        verbose_name = _("soort incident")
        verbose_name_plural = _("soorten incidenten")
        ordering = ["volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="incidenten_soort_naam_unique",
                violation_error_message=_("Er is al een soort incident met deze naam."),
            ),
            models.CheckConstraint(
                condition=Q(thema="") | choice_in("thema", Thema), name="incidenten_soort_thema_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class IncidentQuerySet(GemeenteQuerySet["Incident"]):
    def gemeld_door(self, membership: Membership | None) -> IncidentQuerySet:
        """The reports ``membership`` made itself: all a melder ever sees."""
        return self.visible_to(membership).filter(melder=membership)

    def voor_behandeling(self, membership: Membership | None) -> IncidentQuerySet:
        """The reports a handler or reader sees: a thema-eigenaar those of their themes, the coördinator,
        bestuurder and auditor all of the gemeente, any other role none."""
        if membership is None or membership.role not in ("coordinator", "thema_eigenaar", "bestuurder", "auditor"):
            return self.none()
        found = self.visible_to(membership)
        if membership.role == "thema_eigenaar":
            return found.filter(thema__in=membership.themes)
        return found


@pghistory.track()
class Incident(GemeenteModel):
    soort = models.ForeignKey(
        IncidentSoort, verbose_name=_("wat er gebeurde"), on_delete=models.PROTECT, related_name="incidenten"
    )
    # The theme of its kind when it was reported: who handles it, also when the kind changes later.
    thema = models.CharField(_("thema"), max_length=40, choices=Thema.choices, blank=True, default="")
    datum = models.DateField(_("datum"))
    tijd = models.TimeField(_("tijdstip"), null=True, blank=True)
    locatie = models.CharField(_("plaats"), max_length=200, blank=True, default="")
    bedrijfsmiddel = models.ForeignKey(
        "risicos.Bedrijfsmiddel",
        verbose_name=_("gebouw, systeem of ander bedrijfsmiddel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidenten",
    )
    omschrijving = models.TextField(_("wat er gebeurde"), max_length=OMSCHRIJVING_MAX)
    ernst = models.CharField(_("ernst"), max_length=20, choices=Ernst.choices)
    politie = models.BooleanField(_("politie was erbij betrokken"), default=False)
    melder = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("gemeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEMELD)
    aangifte = models.BooleanField(_("aangifte gedaan"), default=False)
    nazorg = models.TextField(
        _("nazorg voor betrokkenen"),
        blank=True,
        default="",
        max_length=OMSCHRIJVING_MAX,
        help_text=_("Wat er voor de medewerker of ambtsdrager is gedaan: een gesprek, bedrijfsmaatschappelijk werk."),
    )
    afhandeling = models.TextField(
        _("afhandeling"),
        blank=True,
        default="",
        max_length=OMSCHRIJVING_MAX,
        help_text=_("Wat de behandelaar deed en besloot, en wat de gemeente ervan leert."),
    )
    # A data breach (from its kind when reported; the handler may decide otherwise) must be reported
    # to the Autoriteit Persoonsgegevens within 72 hours (AVG article 33), unless it poses no risk.
    datalek = models.BooleanField(
        _("dit is een datalek"),
        default=False,
        help_text=_("Een datalek meldt de gemeente binnen 72 uur bij de Autoriteit Persoonsgegevens."),
    )
    ap_melding = models.CharField(
        _("melding bij de Autoriteit Persoonsgegevens"),
        max_length=20,
        choices=ApMelding.choices,
        default=ApMelding.OPEN,
    )
    ap_gemeld_op = models.DateField(_("gemeld bij de Autoriteit Persoonsgegevens op"), null=True, blank=True)
    # Set when the retention period passed and the free texts and the reporter were removed.
    persoonsgegevens_verwijderd_op = models.DateField(
        _("persoonsgegevens verwijderd op"), null=True, blank=True, editable=False
    )

    objects = IncidentQuerySet.as_manager()

    MELD_FIELDS: ClassVar[tuple[str, ...]] = (
        "soort",
        "datum",
        "tijd",
        "locatie",
        "bedrijfsmiddel",
        "omschrijving",
        "ernst",
        "politie",
    )
    # What its handler (the coördinator, or the thema-eigenaar of its theme) keeps up to date.
    BEHANDEL_FIELDS: ClassVar[tuple[str, ...]] = (
        "status",
        "aangifte",
        "nazorg",
        "afhandeling",
        "datalek",
        "ap_melding",
        "ap_gemeld_op",
    )
    # What holds personal data, removed after the retention period (the reporter too).
    PERSOONSGEGEVENS: ClassVar[tuple[str, ...]] = ("omschrijving", "nazorg", "afhandeling")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")
        ordering = ["-datum", "-created_at"]
        indexes = [
            models.Index(fields=["gemeente", "melder", "-datum"], name="incidenten_van_melder"),
            models.Index(fields=["gemeente", "-datum"], name="incidenten_op_datum"),
        ]
        constraints = [
            models.CheckConstraint(condition=choice_in("ernst", Ernst), name="incidenten_ernst_valid"),
            models.CheckConstraint(condition=choice_in("status", Status), name="incidenten_status_valid"),
            models.CheckConstraint(condition=choice_in("ap_melding", ApMelding), name="incidenten_ap_melding_valid"),
            models.CheckConstraint(
                condition=Q(ap_melding=ApMelding.GEMELD, ap_gemeld_op__isnull=False)
                | (~Q(ap_melding=ApMelding.GEMELD) & Q(ap_gemeld_op__isnull=True)),
                name="incidenten_ap_gemeld_op",
                violation_error_message=_("Vul de datum in waarop het datalek bij de Autoriteit is gemeld."),
            ),
            models.CheckConstraint(
                condition=Q(thema="") | choice_in("thema", Thema), name="incidenten_incident_thema_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("omschrijving"), OMSCHRIJVING_MAX),
                name="incidenten_omschrijving_lengte",
                violation_error_message=_("Beschrijf het in hoogstens 2000 tekens."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("nazorg"), OMSCHRIJVING_MAX)
                & LessThanOrEqual(Length("afhandeling"), OMSCHRIJVING_MAX),
                name="incidenten_behandeling_lengte",
                violation_error_message=_("Gebruik hoogstens 2000 tekens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort} op {self.datum:%d-%m-%Y}"

    @property
    def ernst_kort(self) -> str:
        """The level of seriousness without its explanation ("Ernstig")."""
        return str(self.get_ernst_display()).split(":")[0]

    @property
    def ap_uiterlijk(self) -> datetime.datetime | None:
        """The moment a data breach must be reported to the Autoriteit Persoonsgegevens: 72 hours after the
        report reached the gemeente. None when it is no data breach or its report was decided on."""
        if not self.datalek or self.ap_melding != ApMelding.OPEN:
            return None
        return self.created_at + AP_TERMIJN

    @property
    def ap_te_laat(self) -> bool:
        deadline = self.ap_uiterlijk
        return deadline is not None and deadline < timezone.now()

    @property
    def ap_uren(self) -> int:
        """Whole hours left before ``ap_uiterlijk``, or since it passed."""
        deadline = self.ap_uiterlijk
        if deadline is None:
            return 0
        return math.floor(abs((deadline - timezone.now()).total_seconds()) / 3600)

    def clean(self) -> None:
        super().clean()
        if self.ap_melding == ApMelding.GEMELD:
            if self.ap_gemeld_op is None:
                raise ValidationError(
                    {"ap_gemeld_op": "Vul de datum in waarop het datalek bij de Autoriteit is gemeld."}
                )
            if self.ap_gemeld_op > timezone.localdate():
                raise ValidationError({"ap_gemeld_op": "Deze datum ligt in de toekomst; kies de dag van de melding."})
            if self.ap_gemeld_op < self.datum:
                raise ValidationError(
                    {"ap_gemeld_op": "Een datalek wordt gemeld na het incident; kies een latere datum."}
                )
        else:
            self.ap_gemeld_op = None


class _Link(GemeenteModel):
    objects = GemeenteQuerySet.as_manager()

    class Meta:
        abstract = True


@pghistory.track()
class IncidentRisico(_Link):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="risico_links")
    risico = models.ForeignKey("risicos.Risico", on_delete=models.CASCADE, related_name="incident_links")

    class Meta:
        verbose_name = _("risico bij een incident")
        verbose_name_plural = _("risico's bij incidenten")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "incident", "risico"], name="incidenten_incident_risico_unique")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.risico_id}"


@pghistory.track()
class IncidentMaatregel(_Link):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="maatregel_links")
    maatregel = models.ForeignKey("risicos.Maatregel", on_delete=models.CASCADE, related_name="incident_links")

    class Meta:
        verbose_name = _("maatregel bij een incident")
        verbose_name_plural = _("maatregelen bij incidenten")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "incident", "maatregel"], name="incidenten_incident_maatregel_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.maatregel_id}"


CONCLUSIES_MAX = 5000


@pghistory.track()
class RodeDraden(GemeenteModel):
    """A rode-dradenanalyse: a period of incidents the coördinator drew conclusions from."""

    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"))
    conclusies = models.TextField(
        _("conclusies"),
        blank=True,
        default="",
        max_length=CONCLUSIES_MAX,
        help_text=_(
            "Wat de cijfers zeggen en wat de gemeente ermee doet. Schrijf geen namen op: de analyse "
            "gaat over patronen, niet over personen."
        ),
    )

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("conclusies",)

    class Meta:
        verbose_name = _("rode-dradenanalyse")
        verbose_name_plural = _("rode-dradenanalyses")
        ordering = ["-tot", "-van"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "van", "tot"],
                name="incidenten_rode_draden_een_per_periode",
                violation_error_message=_("Voor deze periode is al een analyse vastgelegd."),
            ),
            models.CheckConstraint(
                condition=Q(van__lte=models.F("tot")),
                name="incidenten_rode_draden_periode",
                violation_error_message=_("De periode begint na haar einde."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("conclusies"), CONCLUSIES_MAX),
                name="incidenten_rode_draden_lengte",
                violation_error_message=_("Gebruik hoogstens 5000 tekens."),
            ),
        ]

    def __str__(self) -> str:
        from .rode_draden import Periode

        return f"Rode draden {Periode(self.van, self.tot).label}"
