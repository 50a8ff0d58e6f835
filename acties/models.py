"""Verbeteracties: what the gemeente will do about a finding, SMART, with one owner and a deadline.

A finding comes from an incident, an evaluation, an audit, an exercise or a management review
(docs/acties.md). The action names its source (``bron``, and for a source kept in Kapstok its id
and a short title); the source's app shows the actions made from it. This app imports none of
them: the sources sit above it in the layers (docs/adr/0018-one-action-model.md).
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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, choice_in
from lib.querysets import GemeenteQuerySet
from organisations.models import Membership, Thema

TOELICHTING_MAX = 2000


class Bron(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    RODE_DRADEN = "rode_draden", _("Rode-dradenanalyse van incidenten")
    EVALUATIE = "evaluatie", _("Evaluatie")
    AUDIT = "audit", _("Audit")
    OEFENING = "oefening", _("Oefening of test")
    MANAGEMENTREVIEW = "managementreview", _("Managementreview")
    QUICKSCAN = "quickscan", _("Quickscan volwassenheid")
    OVERIG = "overig", _("Overig")


# Sources kept in Kapstok, with the page of one of them (a URL name: no import of their app).
BRON_PAGINA = {
    Bron.INCIDENT: "incidenten:incident",
    Bron.RODE_DRADEN: "incidenten:analyse",
    Bron.OEFENING: "oefenen:oefening",
}
# The evaluations, audits and management reviews of the PDCA calendar (an activity of ``pdca``).
BRON_PAGINA |= dict.fromkeys((Bron.EVALUATIE, Bron.AUDIT, Bron.MANAGEMENTREVIEW), "pdca:activiteit")
# The improvement points of a quickscan volwassenheid (a scan of ``quickscan``).
BRON_PAGINA[Bron.QUICKSCAN] = "quickscan:scan"
# Sources an action is made for without a page in Kapstok (yet): named by their title.
LOSSE_BRONNEN = (Bron.EVALUATIE, Bron.AUDIT, Bron.OEFENING, Bron.MANAGEMENTREVIEW, Bron.OVERIG)


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    BEZIG = "bezig", _("In uitvoering")
    AFGEROND = "afgerond", _("Afgerond")
    VERVALLEN = "vervallen", _("Vervallen")


LOPEND = (Status.OPEN, Status.BEZIG)


class VerbeteractieQuerySet(GemeenteQuerySet["Verbeteractie"]):
    def van(self, membership: Membership | None) -> VerbeteractieQuerySet:
        """The actions ``membership`` owns."""
        return self.visible_to(membership).filter(eigenaar=membership)

    def voor(self, membership: Membership | None) -> VerbeteractieQuerySet:
        """What a member reads: the coördinator, bestuurder and auditor every action of the gemeente, a
        thema-eigenaar those of their themes and their own, anyone else their own."""
        if membership is None:
            return self.none()
        found = self.visible_to(membership)
        if membership.role in ("coordinator", "bestuurder", "auditor"):
            return found
        if membership.role == "thema_eigenaar":
            return found.filter(Q(thema__in=membership.themes) | Q(eigenaar=membership))
        return found.filter(eigenaar=membership)

    def lopend(self) -> VerbeteractieQuerySet:
        return self.filter(status__in=LOPEND)


@pghistory.track()
class Verbeteractie(GemeenteModel):
    titel = models.CharField(_("wat er gebeurt"), max_length=200)
    resultaat = models.CharField(
        _("klaar als"),
        max_length=300,
        help_text=_("Het meetbare resultaat: waaraan iedereen ziet dat de actie af is."),
    )
    toelichting = models.TextField(_("toelichting en voortgang"), blank=True, default="", max_length=TOELICHTING_MAX)
    eigenaar = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    deadline = models.DateField(_("uiterlijk klaar op"))
    thema = models.CharField(_("thema"), max_length=40, choices=Thema.choices, blank=True, default="")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True, editable=False)
    bron = models.CharField(_("komt voort uit"), max_length=20, choices=Bron.choices)
    bron_id = models.UUIDField(_("bron in Kapstok"), null=True, blank=True, editable=False)
    bron_titel = models.CharField(
        _("bron"), max_length=200, blank=True, default="", help_text=_("Bijvoorbeeld: interne audit BIO 2026.")
    )

    objects = VerbeteractieQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "titel",
        "resultaat",
        "toelichting",
        "eigenaar",
        "deadline",
        "thema",
        "status",
    )
    # What the owner keeps up to date.
    VOORTGANG_FIELDS: ClassVar[tuple[str, ...]] = ("status", "toelichting")

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["deadline", "titel"]
        indexes = [
            models.Index(fields=["gemeente", "eigenaar", "status", "deadline"], name="acties_van_eigenaar"),
            models.Index(fields=["gemeente", "status", "deadline"], name="acties_op_deadline"),
            models.Index(fields=["gemeente", "bron", "bron_id"], name="acties_van_bron"),
        ]
        constraints = [
            models.CheckConstraint(condition=choice_in("status", Status), name="acties_status_valid"),
            models.CheckConstraint(condition=choice_in("bron", Bron), name="acties_bron_valid"),
            models.CheckConstraint(condition=Q(thema="") | choice_in("thema", Thema), name="acties_thema_valid"),
            models.CheckConstraint(
                condition=Q(status=Status.AFGEROND, afgerond_op__isnull=False)
                | (~Q(status=Status.AFGEROND) & Q(afgerond_op__isnull=True)),
                name="acties_afgerond_op",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("toelichting"), TOELICHTING_MAX),
                name="acties_toelichting_lengte",
                violation_error_message=_("Gebruik hoogstens 2000 tekens."),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def te_laat(self) -> bool:
        return self.status in LOPEND and self.deadline < timezone.localdate()

    @property
    def bron_url(self) -> str | None:
        """The page of its source in Kapstok, if it has one."""
        name = BRON_PAGINA.get(Bron(self.bron)) if self.bron_id else None
        return reverse(name, args=[self.bron_id]) if name else None

    def dagen_over(self, today: datetime.date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days
