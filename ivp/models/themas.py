"""Velden and themes, and the links of veld 5 to the strategisch kader."""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet
from organisations.models import Thema as EigenaarThema

from ..querysets import ThemaQuerySet

# --- velden and themes ------------------------------------------------------------------------


@pghistory.track()
class Veld(GemeenteModel):
    """A veiligheidsveld (or the group of cross-cutting themes) of the gemeente."""

    nummer = models.PositiveSmallIntegerField(_("nummer"))
    naam = models.CharField(_("naam"), max_length=150)
    # The theme (organisations.Thema) a thema-eigenaar must own to edit this veld's themes;
    # NULL: only the coördinator edits them.
    eigenaar_thema = models.CharField(
        _("thema van de eigenaar"), max_length=40, choices=EigenaarThema.choices, null=True, blank=True
    )
    verborgen = models.BooleanField(_("verborgen"), default=False)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("veiligheidsveld")
        verbose_name_plural = _("veiligheidsvelden")
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"],
                name="ivp_veld_nummer_unique",
                violation_error_message=_("Er is al een veld met dit nummer."),
            ),
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="ivp_veld_naam_unique",
                violation_error_message=_("Er is al een veld met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("ivp:themas")


@pghistory.track()
class Thema(GemeenteModel):
    """A theme of a veld, with guidance (role of the gemeente, usual partners, possible measures)."""

    veld = models.ForeignKey(Veld, verbose_name=_("veld"), on_delete=models.PROTECT, related_name="themas")
    code = models.CharField(_("code"), max_length=10, blank=True, default="")
    naam = models.CharField(_("naam"), max_length=150)
    omschrijving = models.TextField(_("omschrijving"), null=True, blank=True)
    rol_gemeente = models.TextField(_("rol van de gemeente"), null=True, blank=True)
    partners = models.TextField(_("gebruikelijke partners"), null=True, blank=True)
    maatregelen = models.TextField(_("mogelijke maatregelen"), null=True, blank=True)
    verhaal = models.TextField(
        _("het verhaal achter de cijfers"),
        null=True,
        blank=True,
        help_text=_("Wat verklaart de cijfers: meldingsbereidheid, inzet van de politie, bijzondere gebeurtenissen."),
    )
    verborgen = models.BooleanField(_("verborgen"), default=False)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = ThemaQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "veld",
        "code",
        "naam",
        "omschrijving",
        "rol_gemeente",
        "partners",
        "maatregelen",
        "verhaal",
        "verborgen",
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["veld__nummer", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="ivp_thema_naam_unique",
                violation_error_message=_("Er is al een thema met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}".strip()

    def get_absolute_url(self) -> str:
        return reverse("ivp:thema", kwargs={"pk": self.pk})

    def owner_theme(self) -> str | None:
        """The organisations.Thema a thema-eigenaar must own to change this theme."""
        return self.veld.eigenaar_thema

    @property
    def links_to_kader(self) -> bool:
        """Themes of veld 5 (integriteit en veiligheid) may point to the kader's goals."""
        return self.veld.nummer == 5


@pghistory.track()
class ThemaKoppeling(GemeenteModel):
    """A theme of veld 5 pointing to a goal or an uitgangspunt of the strategisch kader."""

    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="koppelingen")
    doel = models.ForeignKey(
        "kader.Doel",
        verbose_name=_("beveiligingsdoel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    uitgangspunt = models.ForeignKey(
        "kader.Uitgangspunt",
        verbose_name=_("uitgangspunt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling met het kader")
        verbose_name_plural = _("koppelingen met het kader")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(doel__isnull=False, uitgangspunt__isnull=True)
                | Q(doel__isnull=True, uitgangspunt__isnull=False),
                name="ivp_koppeling_one_target",
                violation_error_message=_("Een koppeling wijst naar één doel of één uitgangspunt."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "thema", "doel"],
                name="ivp_koppeling_doel_unique",
                violation_error_message=_("Dit doel is al aan het thema gekoppeld."),
            ),
            models.UniqueConstraint(
                fields=["gemeente", "thema", "uitgangspunt"],
                name="ivp_koppeling_uitgangspunt_unique",
                violation_error_message=_("Dit uitgangspunt is al aan het thema gekoppeld."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.thema} → {self.doel or self.uitgangspunt}"

    def get_absolute_url(self) -> str:
        return reverse("ivp:thema", kwargs={"pk": self.thema_id})
