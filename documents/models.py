"""A gemeente's own Word template, one per kind of document.

Like every gemeente model it has row-level security (lib.tenancy finds its ``gemeente``
column) and history through pghistory (without the file's bytes: name, size and uploader, with
the context action ``<soort>.template.upload`` or ``<soort>.template.delete``).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet


class Documentsoort(models.TextChoices):
    """The kinds of document a gemeente can have its own Word template for (one per capability)."""

    KADER = "kader", _("Strategisch kader integrale beveiliging")
    IVP = "ivp", _("Integraal veiligheidsplan")
    UITVOERINGSPROGRAMMA = "uitvoeringsprogramma", _("Uitvoeringsprogramma")
    VOORTGANGSRAPPORTAGE = "voortgangsrapportage", _("Voortgangsrapportage veiligheidsplan")
    RISICORAPPORTAGE = "risicorapportage", _("Risicorapportage")
    RODE_DRADEN = "rode_draden", _("Rode draden in de incidenten")


@pghistory.track(exclude=["bestand"])
class Sjabloon(GemeenteModel):
    """The gemeente's own .docx template for one kind of document (at most one per gemeente and kind).

    It is checked when uploaded (``documents.word.WordTemplates.check_upload``) and always
    rendered in the sandbox of a separate process, which sees only the document's data.
    """

    soort = models.CharField(_("soort document"), max_length=40, choices=Documentsoort.choices)
    bestand = models.BinaryField(_("bestand"), editable=False)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    grootte = models.PositiveIntegerField(_("grootte in bytes"))
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), on_delete=models.PROTECT, related_name="+"
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("Word-sjabloon")
        verbose_name_plural = _("Word-sjablonen")
        ordering = ["soort"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "soort"],
                name="documents_sjabloon_one_per_soort",
                violation_error_message=_("Deze gemeente heeft al een eigen sjabloon voor dit soort document."),
            ),
            models.CheckConstraint(
                condition=Q(soort__in=Documentsoort.values),
                name="documents_sjabloon_soort_valid",
                violation_error_message=_("Onbekend soort document."),
            ),
        ]

    def __str__(self) -> str:
        return self.bestandsnaam
