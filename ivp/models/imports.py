"""Figures on their way into the analysis."""

from __future__ import annotations

import pghistory
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet

from ..choices import (
    ImportBron,
    ImportStatus,
)

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
