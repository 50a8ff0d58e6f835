"""The quickscan volwassenheid: a self-assessment of the integrale beveiliging on five levels, repeated.

* ``Niveau``: the gemeente's names and one-line descriptions of the five maturity levels (1 initieel
  … 5 geoptimaliseerd by default). A score stores the number, so renaming a level renames it in
  every scan.
* ``Aspectvraag``: per management aspect (fixed: beleid, organisatie, …) the question that guides
  the score. Levels and questions are the gemeente's own (``services.inrichten`` makes the
  defaults of ``content.py`` on first use; the coördinator changes them).
* ``Quickscan``: one round of the self-assessment with its peildatum: a concept is filled in, then
  completed (``afgerond``), after which it never changes (the services refuse, and the database
  triggers of ``triggers.py`` too).
* ``Score``: one cell of a scan, a security theme × a management aspect: the level (NULL: not yet
  scored), an optional level aimed for, and an explanation. Every scan has all its cells from the
  start.

Improvement points become ``acties.Verbeteractie`` rows with source ``quickscan`` (ADR 0018).
"""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, choice_in
from lib.permissions import allowed
from lib.querysets import GemeenteQuerySet, Member

from .triggers import frozen_scan_guard, frozen_score_guard

LAAGSTE, HOOGSTE = 1, 5
TOELICHTING_MAX = 2000


class Thema(models.TextChoices):
    """The security themes of the integrale beveiliging (the first five of ``organisations.Thema``)."""

    INFORMATIEBEVEILIGING = "informatiebeveiliging", _("Informatiebeveiliging")
    FYSIEKE_BEVEILIGING = "fysieke_beveiliging", _("Fysieke beveiliging")
    PERSONELE_BEVEILIGING = "personele_beveiliging", _("Personele beveiliging")
    INTEGRITEIT = "integriteit", _("Integriteit")
    CONTINUITEIT = "continuiteit", _("Continuïteit")


class Aspect(models.TextChoices):
    """The management aspects every theme is scored on."""

    BELEID = "beleid", _("Beleid")
    ORGANISATIE = "organisatie", _("Organisatie")
    RISICOANALYSE = "risicoanalyse", _("Risicoanalyse")
    MAATREGELEN = "maatregelen", _("Maatregelen")
    BEWUSTWORDING = "bewustwording", _("Bewustwording")
    MONITORING = "monitoring", _("Monitoring en verbetering")


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    AFGEROND = "afgerond", _("Afgerond")


def _level(label: str) -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(
        _(label), null=True, blank=True, validators=[MinValueValidator(LAAGSTE), MaxValueValidator(HOOGSTE)]
    )


def _level_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": LAAGSTE, f"{field}__lte": HOOGSTE})


class QuickscanQuerySet(GemeenteQuerySet["Quickscan"]):
    def voor(self, membership: Member | None) -> QuickscanQuerySet:
        """What a member reads: every scan of the gemeente for a reader (``quickscan.view``), else nothing."""
        if membership is None or not allowed("quickscan.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)

    def afgerond(self) -> QuickscanQuerySet:
        return self.filter(status=Status.AFGEROND)

    def in_tijdsvolgorde(self) -> QuickscanQuerySet:
        """Oldest first: by peildatum, then by when it was made (two scans of one day keep their order)."""
        return self.order_by("peildatum", "created_at")

    def voor_scan(self, scan: Quickscan) -> QuickscanQuerySet:
        """The completed scans before ``scan`` in time order, the latest first."""
        earlier = Q(peildatum__lt=scan.peildatum) | Q(peildatum=scan.peildatum, created_at__lt=scan.created_at)
        return self.afgerond().filter(earlier).exclude(pk=scan.pk).order_by("-peildatum", "-created_at")


@pghistory.track()
class Niveau(GemeenteModel):
    nummer = models.PositiveSmallIntegerField(
        _("niveau"), validators=[MinValueValidator(LAAGSTE), MaxValueValidator(HOOGSTE)], editable=False
    )
    naam = models.CharField(_("naam"), max_length=60)
    omschrijving = models.CharField(_("omschrijving"), max_length=300)

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("naam", "omschrijving")

    class Meta:
        verbose_name = _("volwassenheidsniveau")
        verbose_name_plural = _("volwassenheidsniveaus")
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"],
                name="quickscan_niveau_unique",
                violation_error_message=_("Dit niveau bestaat al."),
            ),
            models.CheckConstraint(
                condition=Q(nummer__gte=LAAGSTE, nummer__lte=HOOGSTE),
                name="quickscan_niveau_nummer_range",
                violation_error_message=_("Een niveau heeft een nummer van 1 tot en met 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nummer} {self.naam}"

    def get_absolute_url(self) -> str:
        return reverse("quickscan:instellingen")


@pghistory.track()
class Aspectvraag(GemeenteModel):
    aspect = models.CharField(_("managementaspect"), max_length=20, choices=Aspect.choices, editable=False)
    vraag = models.CharField(_("vraag"), max_length=300)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("vraag bij een managementaspect")
        verbose_name_plural = _("vragen bij de managementaspecten")
        ordering = ["aspect"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "aspect"],
                name="quickscan_aspectvraag_unique",
                violation_error_message=_("Dit managementaspect heeft al een vraag."),
            ),
            models.CheckConstraint(condition=choice_in("aspect", Aspect), name="quickscan_aspectvraag_aspect_valid"),
        ]

    def __str__(self) -> str:
        return str(self.get_aspect_display())

    def get_absolute_url(self) -> str:
        return reverse("quickscan:instellingen")


@pghistory.track()
class Quickscan(GemeenteModel):
    titel = models.CharField(_("titel"), max_length=200)
    peildatum = models.DateField(_("peildatum"), help_text=_("De dag waarop de scores de stand weergeven."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True, editable=False)
    afgerond_door = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("afgerond door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = QuickscanQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("titel", "peildatum")

    class Meta:
        verbose_name = _("quickscan")
        verbose_name_plural = _("quickscans")
        ordering = ["-peildatum", "-created_at"]
        indexes = [models.Index(fields=["gemeente", "status", "peildatum"], name="quickscan_op_peildatum")]
        constraints = [
            models.CheckConstraint(condition=choice_in("status", Status), name="quickscan_status_valid"),
            models.CheckConstraint(
                condition=Q(status=Status.AFGEROND, afgerond_op__isnull=False)
                | (Q(status=Status.CONCEPT) & Q(afgerond_op__isnull=True)),
                name="quickscan_afgerond_op",
            ),
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(status=Status.CONCEPT),
                name="quickscan_een_concept",
                violation_error_message=_(
                    "Er is al een quickscan in concept; rond die eerst af of verwijder haar voordat u een nieuwe begint."
                ),
            ),
        ]
        triggers = [frozen_scan_guard()]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("quickscan:scan", args=[self.pk])

    @property
    def is_concept(self) -> bool:
        return self.status == Status.CONCEPT


class ScoreQuerySet(GemeenteQuerySet["Score"]):
    def voor(self, membership: Member | None) -> ScoreQuerySet:
        """The cells of the scans the member reads (``Quickscan.objects.voor``)."""
        if membership is None or not allowed("quickscan.view", role=membership.role):
            return self.none()
        return self.visible_to(membership)

    def in_rooster(self) -> ScoreQuerySet:
        """The order of the grid: themes as rows, aspects as columns (the choices' order, not the alphabet)."""
        thema = models.Case(*(models.When(thema=t, then=i) for i, t in enumerate(Thema.values)))
        aspect = models.Case(*(models.When(aspect=a, then=i) for i, a in enumerate(Aspect.values)))
        return self.order_by(thema, aspect)


@pghistory.track()
class Score(GemeenteModel):
    scan = models.ForeignKey(Quickscan, verbose_name=_("quickscan"), on_delete=models.CASCADE, related_name="scores")
    thema = models.CharField(_("thema"), max_length=40, choices=Thema.choices, editable=False)
    aspect = models.CharField(_("managementaspect"), max_length=20, choices=Aspect.choices, editable=False)
    niveau = _level("niveau")
    gewenst_niveau = _level("gewenst niveau")
    toelichting = models.TextField(_("toelichting"), blank=True, default="", max_length=TOELICHTING_MAX)

    objects = ScoreQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("niveau", "gewenst_niveau", "toelichting")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scan", "thema", "aspect"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "scan", "thema", "aspect"],
                name="quickscan_score_unique",
                violation_error_message=_("Deze quickscan heeft al een score voor dit thema en aspect."),
            ),
            models.CheckConstraint(condition=choice_in("thema", Thema), name="quickscan_score_thema_valid"),
            models.CheckConstraint(condition=choice_in("aspect", Aspect), name="quickscan_score_aspect_valid"),
            models.CheckConstraint(
                condition=_level_range("niveau"),
                name="quickscan_score_niveau_range",
                violation_error_message=_("Kies een niveau van 1 tot en met 5."),
            ),
            models.CheckConstraint(
                condition=_level_range("gewenst_niveau"),
                name="quickscan_score_gewenst_range",
                violation_error_message=_("Kies een gewenst niveau van 1 tot en met 5."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("toelichting"), TOELICHTING_MAX),
                name="quickscan_score_toelichting_lengte",
                violation_error_message=_("Gebruik hoogstens 2000 tekens."),
            ),
        ]
        triggers = [frozen_score_guard()]

    def __str__(self) -> str:
        return f"{self.get_thema_display()} – {self.get_aspect_display()}"

    def get_absolute_url(self) -> str:
        return reverse("quickscan:score", args=[self.pk])

    @property
    def cel(self) -> tuple[str, str]:
        return (self.thema, self.aspect)
