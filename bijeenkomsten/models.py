"""Bijeenkomsten: live sessions in which partners, residents or staff set priorities with the gemeente.

* ``Bijeenkomst``: a session for a plan (title, date, audience) with a join code; voorbereid →
  open (participants may join) → gesloten (results kept with the plan).
* ``Vraag``: one question of a session — a scale per theme, dividing 100 points, a ranking, a
  2 × 2 placement or open input — opened and closed one by one by the facilitator. Its
  ``onderwerpen`` (themes or actions) are copied into the question with their names, so a
  participant never needs to read the gemeente's own tables.
* ``Deelnemer``: a participant without an account, known by the hash of a secret in their
  cookie; name and organisation are optional.
* ``Antwoord`` (one per participant and question, changeable while the question is open),
  ``Inbreng`` (a remark or idea of an open question) and ``Stem`` (a vote for someone's remark).
* ``Resultaat``: per theme and question, the figures the closed session handed to the plan.

Row-level security: members of the gemeente see everything of their sessions. A participant
binds ``app.deelnemer`` (and, while joining, ``app.code``) and sees only their session, its
questions, their own answers and votes and the remarks not hidden; they write only their own
answers, remarks and votes, and only to a question that is open (the policies check it).
"""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ivp.models import Actie, Plan
from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet
from lib.tenancy import GEMEENTE, JOIN_CODE, PARTICIPANT, Policy

CODE_LENGTH = 8
MAX_INBRENG = 500  # characters of one remark


class Doelgroep(models.TextChoices):
    PARTNERS = "partners", _("ketenpartners")
    INWONERS = "inwoners", _("inwoners")
    MEDEWERKERS = "medewerkers", _("medewerkers")
    GEMENGD = "gemengd", _("gemengd")


class Status(models.TextChoices):
    VOORBEREID = "voorbereid", _("in voorbereiding")
    OPEN = "open", _("open")
    GESLOTEN = "gesloten", _("gesloten")


class Soort(models.TextChoices):
    SCHAAL = "schaal", _("schaal per thema (1–5)")
    PUNTEN = "punten", _("100 punten verdelen")
    RANGORDE = "rangorde", _("rangorde")
    MATRIX = "matrix", _("2 × 2: impact en invloed")
    OPEN = "open", _("open inbreng")


class VraagStatus(models.TextChoices):
    GEPLAND = "gepland", _("nog niet geopend")
    OPEN = "open", _("open")
    GESLOTEN = "gesloten", _("gesloten")


class Criterium(models.TextChoices):
    """The criterion of the prioritising a scale question informs (``ivp.models.Prioritering``)."""

    OMVANG = "omvang", _("omvang")
    ERNST = "ernst", _("ernst")
    TREND = "trend", _("trend")
    BELEVING = "beleving", _("beleving")
    INVLOED = "invloed", _("beïnvloedbaarheid")


def _in(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


# A participant's own row (joined with the gemeente of the row checked in _own_write).
_OWN = f"SELECT d.id FROM bijeenkomsten_deelnemer d WHERE d.token_hash = {PARTICIPANT}"
_MY_SESSIONS = f"SELECT d.bijeenkomst_id FROM bijeenkomsten_deelnemer d WHERE d.token_hash = {PARTICIPANT}"
_OPEN_QUESTIONS = (
    "SELECT v.id FROM bijeenkomsten_vraag v JOIN bijeenkomsten_bijeenkomst b ON b.id = v.bijeenkomst_id "
    "WHERE v.status = 'open' AND b.status = 'open'"
)


def _own_write(table: str) -> str:
    return (
        f"gemeente_id = {GEMEENTE} OR ({PARTICIPANT} IS NOT NULL AND deelnemer_id IN ({_OWN} "
        f"AND d.gemeente_id = {table}.gemeente_id))"
    )


@pghistory.track()
class Bijeenkomst(GemeenteModel):
    plan = models.ForeignKey(Plan, verbose_name=_("veiligheidsplan"), on_delete=models.PROTECT, related_name="+")
    titel = models.CharField(_("titel"), max_length=200)
    datum = models.DateField(_("datum"))
    doelgroep = models.CharField(_("doelgroep"), max_length=20, choices=Doelgroep.choices, default=Doelgroep.PARTNERS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREID)
    code = models.CharField(_("deelnamecode"), max_length=CODE_LENGTH, unique=True, editable=False)
    geopend_op = models.DateTimeField(_("geopend op"), null=True, blank=True, editable=False)
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True, editable=False)
    gekopieerd_van = models.ForeignKey(
        "self", verbose_name=_("gekopieerd van"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("titel", "datum", "doelgroep")

    objects = GemeenteQuerySet.as_manager()

    # A participant sees the session they joined; whoever types its code sees that one session.
    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR code = {JOIN_CODE} OR id IN ({_MY_SESSIONS})",
        check=f"gemeente_id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["-datum", "titel"]
        constraints = [
            models.CheckConstraint(condition=_in("status", Status), name="bijeenkomst_status_valid"),
            models.CheckConstraint(condition=_in("doelgroep", Doelgroep), name="bijeenkomst_doelgroep_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.datum:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("bijeenkomsten:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.datum and not (2000 <= self.datum.year <= 2100):
            raise ValidationError({"datum": _("Kies een datum tussen 2000 en 2100.")})

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


@pghistory.track()
class Vraag(GemeenteModel):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="vragen"
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    soort = models.CharField(_("soort vraag"), max_length=20, choices=Soort.choices)
    tekst = models.CharField(_("vraag"), max_length=300)
    toelichting = models.TextField(_("toelichting"), blank=True, default="", max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=VraagStatus.choices, default=VraagStatus.GEPLAND)
    # [{"id": "<uuid>", "naam": "..."}]: themes (or, for a ranking, actions) with their names.
    onderwerpen = models.JSONField(_("onderwerpen"), default=list, blank=True)
    onderwerp_acties = models.BooleanField(_("acties rangschikken in plaats van thema's"), default=False)
    criterium = models.CharField(
        _("telt mee voor criterium"), max_length=20, choices=Criterium.choices, blank=True, default=""
    )
    as_x = models.CharField(_("horizontale as"), max_length=60, default="Impact")
    as_y = models.CharField(_("verticale as"), max_length=60, default="Invloed")

    objects = GemeenteQuerySet.as_manager()

    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR bijeenkomst_id IN ({_MY_SESSIONS})",
        check=f"gemeente_id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["bijeenkomst", "volgorde", "created_at"]
        constraints = [
            models.CheckConstraint(condition=_in("soort", Soort), name="vraag_soort_valid"),
            models.CheckConstraint(condition=_in("status", VraagStatus), name="vraag_status_valid"),
            models.CheckConstraint(
                condition=Q(criterium="") | _in("criterium", Criterium), name="vraag_criterium_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.tekst


@pghistory.track()
class Deelnemer(GemeenteModel):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="deelnemers"
    )
    token_hash = models.CharField(_("sleutel (hash)"), max_length=64, unique=True, editable=False)
    naam = models.CharField(_("naam"), max_length=100, blank=True, default="")
    organisatie = models.CharField(_("organisatie"), max_length=150, blank=True, default="")
    # Writes in the current minute (answers, remarks, votes): a flood from one phone is refused.
    venster_start = models.DateTimeField(_("begin van de telling"), null=True, blank=True, editable=False)
    venster_acties = models.PositiveIntegerField(_("acties in de telling"), default=0, editable=False)

    objects = GemeenteQuerySet.as_manager()

    # Their own row. (Whether the session is open is checked by the service: a policy here that
    # read the sessions would recurse, as the sessions' policy reads this table.)
    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR token_hash = {PARTICIPANT}",
        check=f"gemeente_id = {GEMEENTE} OR token_hash = {PARTICIPANT}",
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["bijeenkomst", "created_at"]

    def __str__(self) -> str:
        return self.naam or str(_("anonieme deelnemer"))


@pghistory.track()
class Antwoord(GemeenteModel):
    vraag = models.ForeignKey(Vraag, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="antwoorden")
    deelnemer = models.ForeignKey(
        Deelnemer, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="antwoorden"
    )
    # schaal {id: 1–5 | null}; punten {id: n}; rangorde [id, …]; matrix {id: [x, y]}
    waarde = models.JSONField(_("antwoord"))

    objects = GemeenteQuerySet.as_manager()

    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR deelnemer_id IN ({_OWN})",
        check=f"({_own_write('bijeenkomsten_antwoord')}) AND (gemeente_id = {GEMEENTE} OR vraag_id IN ({_OPEN_QUESTIONS}))",
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["vraag", "deelnemer"],
                name="antwoord_once",
                violation_error_message=_("U heeft deze vraag al beantwoord."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.vraag}: {self.waarde}"


@pghistory.track()
class Inbreng(GemeenteModel):
    vraag = models.ForeignKey(Vraag, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="inbreng")
    deelnemer = models.ForeignKey(Deelnemer, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="+")
    tekst = models.TextField(_("opmerking of idee"), max_length=MAX_INBRENG)
    verborgen = models.BooleanField(_("verborgen"), default=False)
    actie = models.ForeignKey(
        Actie, verbose_name=_("actie"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GemeenteQuerySet.as_manager()

    # Participants see the visible remarks of their session (to vote on them) and write their own.
    rls_policy = Policy(
        using=(
            f"gemeente_id = {GEMEENTE} OR (NOT verborgen AND vraag_id IN (SELECT v.id FROM bijeenkomsten_vraag v "
            f"WHERE v.bijeenkomst_id IN ({_MY_SESSIONS})))"
        ),
        check=f"({_own_write('bijeenkomsten_inbreng')}) AND (gemeente_id = {GEMEENTE} OR vraag_id IN ({_OPEN_QUESTIONS}))",
    )

    class Meta:
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")
        ordering = ["vraag", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tekst__regex=r"\S"), name="inbreng_not_empty", violation_error_message=_("Vul iets in.")
            )
        ]

    def __str__(self) -> str:
        return self.tekst[:60]


@pghistory.track()
class Stem(GemeenteModel):
    inbreng = models.ForeignKey(Inbreng, verbose_name=_("inbreng"), on_delete=models.CASCADE, related_name="stemmen")
    deelnemer = models.ForeignKey(Deelnemer, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="+")

    objects = GemeenteQuerySet.as_manager()

    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR deelnemer_id IN ({_OWN})",
        check=(
            f"({_own_write('bijeenkomsten_stem')}) AND (gemeente_id = {GEMEENTE} OR inbreng_id IN "
            f"(SELECT i.id FROM bijeenkomsten_inbreng i WHERE i.vraag_id IN ({_OPEN_QUESTIONS})))"
        ),
    )

    class Meta:
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")
        constraints = [
            models.UniqueConstraint(
                fields=["inbreng", "deelnemer"],
                name="stem_once",
                violation_error_message=_("U heeft hier al op gestemd."),
            )
        ]

    def __str__(self) -> str:
        return f"stem op {self.inbreng_id}"


@pghistory.track()
class Resultaat(GemeenteModel):
    """What a closed session hands to the plan, per question and theme (or action)."""

    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="resultaten"
    )
    vraag = models.ForeignKey(Vraag, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="resultaten")
    onderwerp = models.UUIDField(_("thema of actie"))
    naam = models.CharField(_("naam"), max_length=300)
    antwoorden = models.PositiveIntegerField(_("aantal antwoorden"), default=0)
    gemiddelde = models.DecimalField(_("gemiddelde"), max_digits=7, decimal_places=2, null=True, blank=True)
    x = models.DecimalField(_("gemiddelde horizontaal"), max_digits=5, decimal_places=2, null=True, blank=True)
    y = models.DecimalField(_("gemiddelde verticaal"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")
        ordering = ["vraag", "-gemiddelde", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["vraag", "onderwerp"], name="resultaat_once"),
        ]

    def __str__(self) -> str:
        return f"{self.naam}: {self.gemiddelde}"


# The history rows of what participants write are written by them too: the event tables accept a
# row of the participant's own gemeente while they are bound (``app.deelnemer``); only members read them.
for _model in (Deelnemer, Antwoord, Inbreng, Stem):
    for _event in getattr(_model, "pgh_event_models", {}).values():
        _event.rls_policy = Policy(
            using=f"gemeente_id = {GEMEENTE}",
            check=(
                f"gemeente_id = {GEMEENTE} OR ({PARTICIPANT} IS NOT NULL AND gemeente_id IN "
                f"(SELECT d.gemeente_id FROM bijeenkomsten_deelnemer d WHERE d.token_hash = {PARTICIPANT}))"
            ),
        )


class Codepoging(models.Model):
    """A join code that matched no session, by (a keyed hash of) the address it came from.

    Not gemeente data: the code named no gemeente. Counted to slow down guessing
    (``views_deelnemer.MAX_FAILED`` per ten minutes).
    """

    ip_hash = models.CharField(_("adres (hash)"), max_length=64)
    at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("mislukte codepoging")
        verbose_name_plural = _("mislukte codepogingen")
        indexes = [models.Index(fields=["ip_hash", "at"], name="codepoging_ip_at")]

    def __str__(self) -> str:
        return f"{self.ip_hash[:8]} {self.at:%Y-%m-%d %H:%M}"
