"""A background task of a gemeente, as its user follows it: what it is, how far it got, how it ended.

The queue itself (which function runs with which arguments) is django-tasks' table; this record
is what the gemeente sees: the task's page (``background:taak``) reads it, the worker writes it
(``background.tasks``). Like every gemeente model it has row-level security (lib.tenancy finds its
``gemeente`` column) and history through pghistory — of the status and the outcome, not of every
progress report (``voortgang``, ``totaal``, ``stap`` and ``updated_at`` change while the task
runs and are left out of the history).
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel

from .querysets import AchtergrondtaakQuerySet


class Status(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


FINISHED = (Status.KLAAR, Status.MISLUKT)
SOORT_MAX_LENGTH = 60


@pghistory.track(exclude=["voortgang", "totaal", "stap", "updated_at"])
class Achtergrondtaak(GemeenteModel):
    """Long work (an import, a fetch of open data, a heavy document) that runs in the worker.

    Made by :func:`background.services.enqueue` in the transaction of the request that starts it;
    the worker marks it ``bezig``, writes its progress while it runs and marks it ``klaar`` (with
    a ``resultaat``) or ``mislukt`` (with a ``foutmelding`` in Dutch).
    """

    soort = models.CharField(
        _("soort"), max_length=SOORT_MAX_LENGTH, help_text=_("Het soort taak, bijvoorbeeld ivp.import.")
    )
    titel = models.CharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHTRIJ)
    voortgang = models.PositiveIntegerField(_("voortgang"), default=0, help_text=_("Hoeveel er al gedaan is."))
    totaal = models.PositiveIntegerField(_("totaal"), null=True, blank=True, help_text=_("Leeg: nog niet bekend."))
    stap = models.CharField(_("stap"), max_length=200, blank=True, help_text=_("Waar de taak nu mee bezig is."))
    foutmelding = models.TextField(_("foutmelding"), null=True, blank=True)
    resultaat = models.JSONField(_("resultaat"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("gestart door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="achtergrondtaken",
    )
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    objects = AchtergrondtaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        ordering = ["-created_at"]
        indexes = [models.Index(F("gemeente"), F("created_at").desc(), name="background_taak_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="background_taak_status_valid",
                violation_error_message=_("Onbekende status van een achtergrondtaak."),
            ),
            models.CheckConstraint(
                condition=Q(totaal__isnull=True) | Q(voortgang__lte=F("totaal")),
                name="background_taak_voortgang_within_totaal",
                violation_error_message=_("De voortgang kan niet groter zijn dan het totaal."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.MISLUKT, foutmelding__isnull=False)
                | (~Q(status=Status.MISLUKT) & Q(foutmelding__isnull=True)),
                name="background_taak_foutmelding_when_failed",
                violation_error_message=_(
                    "Alleen een mislukte taak heeft een foutmelding, en die heeft er altijd een."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=FINISHED, finished_at__isnull=False)
                | (~Q(status__in=FINISHED) & Q(finished_at__isnull=True)),
                name="background_taak_finished_at_when_finished",
                violation_error_message=_("Alleen een afgeronde taak heeft een tijdstip van afronding."),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("background:taak", kwargs={"pk": self.pk})

    # --- what the pages show ----------------------------------------------------------------

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def procent(self) -> int | None:
        """How far the task is, in whole percents; None while the total is unknown."""
        if self.status == Status.KLAAR:
            return 100
        if not self.totaal:
            return None
        return min(100, self.voortgang * 100 // self.totaal)

    @property
    def melding(self) -> str:
        """One sentence on the state of the task, for the page's live region (changes only with the state)."""
        if self.status == Status.WACHTRIJ:
            return "De taak staat in de wachtrij en begint zodra er plaats is."
        if self.status == Status.BEZIG:
            return f"De taak is bezig: {self.stap}." if self.stap else "De taak is bezig."
        if self.status == Status.KLAAR:
            return "De taak is klaar."
        return "De taak is mislukt."

    @property
    def voortgang_tekst(self) -> str:
        """How far the task is, in words (beside the progress bar)."""
        if self.status == Status.WACHTRIJ:
            return "Nog niet begonnen."
        if self.totaal is None:
            return (
                "Klaar."
                if self.status == Status.KLAAR
                else f"{self.voortgang} gedaan; hoeveel het in totaal is, is nog niet bekend."
            )
        return f"{self.voortgang} van {self.totaal} gedaan ({self.procent}%)."

    @property
    def volgende(self) -> dict[str, str] | None:
        """Where to go on from a finished task: the ``url`` and ``label`` the task put in its result.

        Only a path on this site counts (``/...``), so a result can never send the user elsewhere.
        """
        result: Any = self.resultaat
        if self.status != Status.KLAAR or not isinstance(result, dict):
            return None
        url, label = result.get("url"), result.get("label")
        if not isinstance(url, str) or not url.startswith("/") or url.startswith(("//", "/\\")):
            return None
        return {"url": url, "label": label if isinstance(label, str) and label else "Verder"}

    # --- what the worker does ---------------------------------------------------------------

    def start(self) -> bool:
        """Mark a waiting task as running; False if it is not waiting (it already ran, or failed to start)."""
        now = timezone.now()
        started = (
            type(self)
            .objects.filter(pk=self.pk, status=Status.WACHTRIJ)
            .update(status=Status.BEZIG, started_at=now, updated_at=now)
        )
        if started:
            self.status, self.started_at, self.updated_at = Status.BEZIG, now, now
        return bool(started)

    def finish(self, *, resultaat: Any, voortgang: int, totaal: int | None) -> None:
        """Mark the task as done with what it produced (in the transaction of its work: both or neither)."""
        self.status = Status.KLAAR
        self.resultaat = resultaat
        self.totaal = totaal
        self.voortgang = voortgang if totaal is None else totaal
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "resultaat", "voortgang", "totaal", "finished_at", "updated_at"])

    def fail(self, foutmelding: str) -> None:
        """Mark the task as failed with a Dutch message for its user."""
        self.status = Status.MISLUKT
        self.foutmelding = foutmelding
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "foutmelding", "finished_at", "updated_at"])
