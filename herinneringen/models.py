"""The reminders sent: the record that makes a second run of ``manage.py herinneringen`` send nothing twice.

A point (an acceptance that expires, a review that is due) is e-mailed to a person once per kind
and date: when the date moves (a new acceptance, a new review date) the point is new again.
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet

SOORT_MAX_LENGTH = 60


@pghistory.track()
class VerstuurdeHerinnering(GemeenteModel):
    membership = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="verstuurde_herinneringen",
    )
    soort = models.CharField(_("soort"), max_length=SOORT_MAX_LENGTH)
    object_id = models.UUIDField(_("waarover"))
    datum = models.DateField(_("datum"), help_text=_("De datum waarop het punt verloopt of verliep."))
    titel = models.CharField(_("titel"), max_length=200)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "membership", "soort", "object_id", "datum"],
                name="herinneringen_een_keer",
            )
        ]
        indexes = [
            models.Index(fields=["gemeente", "membership", "-created_at"], name="herinneringen_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.datum:%d-%m-%Y})"
