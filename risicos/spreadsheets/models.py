"""An uploaded spreadsheet on its way into the risk register (risicos.spreadsheets.imports)."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet


class ImportRegister(models.TextChoices):
    BEDRIJFSMIDDELEN = "bedrijfsmiddelen", _("bedrijfsmiddelen")
    RISICOS = "risicos", _("risico's")
    MAATREGELEN = "maatregelen", _("maatregelen")


class ImportStatus(models.TextChoices):
    LEZEN = "lezen", _("wordt gelezen")
    TE_CONTROLEREN = "te_controleren", _("klaar om te controleren")
    MISLUKT = "mislukt", _("niet te lezen")
    OPSLAAN = "opslaan", _("wordt opgeslagen")
    OPGESLAGEN = "opgeslagen", _("opgeslagen")


@pghistory.track(exclude=["bestand", "voorbeeld"])
class Registerimport(GemeenteModel):
    """A file read and previewed; nothing reaches the register before a person confirms.

    ``bestand`` keeps the uploaded bytes until then: the confirmation reads and checks them again
    against the register as it is at that moment. ``voorbeeld`` is the preview (per row new,
    changed or wrong, and the versions of the rows it changes); ``fouten`` what made the file
    unreadable as a whole.
    """

    register = models.CharField(_("register"), max_length=20, choices=ImportRegister.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.LEZEN)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200, blank=True, default="")
    bestand = models.BinaryField(_("bestand"), editable=False)
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
        verbose_name = _("import van een register")
        verbose_name_plural = _("imports van registers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="risicos_registerimport_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(register__in=ImportRegister.values), name="risicos_registerimport_register_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.bestandsnaam or f"Import van {self.get_register_display()}"

    def get_absolute_url(self) -> str:
        return reverse("risicos:import_detail", kwargs={"pk": self.pk})
