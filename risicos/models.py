"""Risico's en maatregelen: what the gemeente protects, against what, with which measures.

* ``Matrix``: the gemeente's risk matrix — kans × impact with Dutch labels, level bands with
  colours and review intervals, and the risk appetite (tolerance). A change of the matrix makes
  a new version (``nummer``); the old one stays, so earlier acceptances remain readable on it.
* ``Bedrijfsmiddel``: an asset (a person or function, building, system, information, …).
* ``Dreiging``: the gemeente's editable catalogue of threats, deliberate (moedwillig) or not.
* ``Risico``: a short scenario — assets, threat, themes — scored inherent (bruto) and residual
  (netto) on the current matrix; the level of each score is stored with it, so lists filter and
  sort on it in SQL and a matrix change moves it explicitly (``services.apply_matrix``).
* ``Acceptatie``: who accepted a risk, until when, why, and the scores it applied to.
* ``Maatregel``: an O/B/E/R measure with its function, its links in the security chain, status,
  dates and costs; linked to risks, the kader's goals, uitgangspunten and laws.
* ``Toets``: an effectiveness check of a measure.
* ``Tegenstrijdigheid``: two measures that work against each other.
* ``ThemaRisico`` / ``ThemaMaatregel``: a theme of veld 5 of the IVP pointing to a risk or measure.

Every link between two registers is a model of its own (with its gemeente), so row-level
security covers it like every other gemeente table.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kader.choices import Bedrijfsmiddel as ScopeCategorie
from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet
from organisations.models import Thema as BeveiligingsThema

from . import triggers
from .content import DREIGINGEN

MAX_SIZE = 7  # a matrix is at most 7 × 7


def _money(label: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )


def _in(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


def _themas() -> Any:
    return ArrayField(
        models.CharField(max_length=40, choices=BeveiligingsThema.choices),
        verbose_name=_("thema's"),
        default=list,
        blank=True,
    )


# --- the matrix -------------------------------------------------------------------------------


class MatrixStatus(models.TextChoices):
    ACTUEEL = "actueel", _("actueel")
    VERVANGEN = "vervangen", _("vervangen")


@pghistory.track()
class Matrix(GemeenteModel):
    """One version of the gemeente's risk matrix.

    ``niveaus``: the level bands from low to high, each ``{"naam", "kleur", "maanden"}``.
    ``raster``: per kans (row, 1-based in the labels' order) and impact (column) the index of its
    level in ``niveaus``. ``tolerantie``: the index of the highest level the gemeente accepts;
    a risk above it crosses the tolerance line.
    """

    nummer = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=20, choices=MatrixStatus.choices, default=MatrixStatus.ACTUEEL)
    methode = models.CharField(_("methode"), max_length=20, default="standaard")
    kans_labels = ArrayField(models.CharField(max_length=60), verbose_name=_("labels van de kans"))
    impact_labels = ArrayField(models.CharField(max_length=60), verbose_name=_("labels van de impact"))
    impactcriteria = ArrayField(
        models.CharField(max_length=120), verbose_name=_("impactcriteria"), default=list, blank=True
    )
    niveaus = models.JSONField(_("niveaus"))
    raster = models.JSONField(_("indeling van de cellen"))
    tolerantie = models.PositiveSmallIntegerField(_("risicobereidheid (hoogste aanvaardbare niveau)"))
    toelichting = models.TextField(_("toelichting op de wijziging"), blank=True, default="", max_length=2000)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("risicomatrix")
        verbose_name_plural = _("risicomatrices")
        ordering = ["-nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"],
                name="risicos_matrix_nummer_unique",
                violation_error_message=_("Er is al een matrix met dit versienummer."),
            ),
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(status="actueel"),
                name="risicos_matrix_one_current",
                violation_error_message=_("Een gemeente heeft één actuele matrix."),
            ),
            models.CheckConstraint(condition=_in("status", MatrixStatus), name="risicos_matrix_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Risicomatrix versie {self.nummer} ({self.kans_size} × {self.impact_size})"

    @property
    def kans_size(self) -> int:
        return len(self.kans_labels)

    @property
    def impact_size(self) -> int:
        return len(self.impact_labels)

    def niveau(self, kans: int | None, impact: int | None) -> int | None:
        """The index of the level of a cell, or None when a score is missing."""
        if kans is None or impact is None:
            return None
        return int(self.raster[kans - 1][impact - 1])

    def niveau_naam(self, index: int | None) -> str:
        return "" if index is None else str(self.niveaus[index]["naam"])

    def boven_tolerantie(self, index: int | None) -> bool:
        return index is not None and index > self.tolerantie

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        for field, labels in (("kans_labels", self.kans_labels), ("impact_labels", self.impact_labels)):
            if not 2 <= len(labels or []) <= MAX_SIZE:
                errors[field] = f"Kies 2 tot {MAX_SIZE} klassen."
            elif any(not str(label).strip() for label in labels):
                errors[field] = "Geef elke klasse een naam."
        niveaus = self.niveaus if isinstance(self.niveaus, list) else []
        if not 2 <= len(niveaus) <= 6:
            errors["niveaus"] = "Kies 2 tot 6 niveaus."
        elif any(not str(n.get("naam", "")).strip() for n in niveaus):
            errors["niveaus"] = "Geef elk niveau een naam."
        if not errors:
            raster = self.raster if isinstance(self.raster, list) else []
            shape_ok = len(raster) == len(self.kans_labels) and all(
                isinstance(row, list) and len(row) == len(self.impact_labels) for row in raster
            )
            if not shape_ok or any(not (isinstance(c, int) and 0 <= c < len(niveaus)) for row in raster for c in row):
                errors["raster"] = "Elke cel van de matrix hoort bij één van de niveaus."
            if self.tolerantie is not None and self.tolerantie >= len(niveaus):
                errors["tolerantie"] = "Kies als risicobereidheid een van de niveaus."
        if errors:
            raise ValidationError(errors)


# --- assets and threats -----------------------------------------------------------------------


class Soort(models.TextChoices):
    PERSOON = "persoon", _("persoon of functie")
    GEBOUW = "gebouw", _("gebouw")
    TERREIN = "terrein", _("terrein")
    LOCATIE = "locatie", _("locatie")
    SYSTEEM = "systeem", _("informatiesysteem")
    INFORMATIE = "informatie", _("informatie")
    INSTALLATIE = "installatie", _("installatie")
    OVERIG = "overig", _("overig")


class Klasse(models.TextChoices):
    LAAG = "laag", _("laag")
    MIDDEN = "midden", _("midden")
    HOOG = "hoog", _("hoog")


@pghistory.track()
class Bedrijfsmiddel(GemeenteModel):
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    omschrijving = models.TextField(_("omschrijving"), blank=True, default="", max_length=4000)
    eigenaar = models.CharField(_("eigenaar"), max_length=150, blank=True, default="")
    locatie = models.CharField(_("locatie"), max_length=200, blank=True, default="")
    scope = models.CharField(
        _("categorie in de scope van het kader"), max_length=30, choices=ScopeCategorie.choices, blank=True, default=""
    )
    vertrouwelijkheid = models.CharField(
        _("vertrouwelijkheid"), max_length=10, choices=Klasse.choices, blank=True, default=""
    )
    integriteit = models.CharField(_("integriteit"), max_length=10, choices=Klasse.choices, blank=True, default="")
    beschikbaarheid = models.CharField(
        _("beschikbaarheid"), max_length=10, choices=Klasse.choices, blank=True, default=""
    )
    themas = _themas()

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "naam",
        "soort",
        "omschrijving",
        "eigenaar",
        "locatie",
        "scope",
        "vertrouwelijkheid",
        "integriteit",
        "beschikbaarheid",
        "themas",
    )

    class Meta:
        verbose_name = _("bedrijfsmiddel")
        verbose_name_plural = _("bedrijfsmiddelen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="risicos_bedrijfsmiddel_naam_unique",
                violation_error_message=_("Er is al een bedrijfsmiddel met deze naam."),
            ),
            models.CheckConstraint(condition=_in("soort", Soort), name="risicos_bedrijfsmiddel_soort_valid"),
        ]

    def __str__(self) -> str:
        return self.naam


@pghistory.track()
class Dreiging(GemeenteModel):
    naam = models.CharField(_("naam"), max_length=150)
    moedwillig = models.BooleanField(
        _("moedwillig"), help_text=_("Opzettelijk veroorzaakt (beveiliging) of niet (veiligheid).")
    )
    omschrijving = models.TextField(_("omschrijving"), blank=True, default="", max_length=2000)
    # The key of a threat from the starting catalogue (services.CATALOGUS); empty for the gemeente's own.
    sleutel = models.CharField(
        _("uit de startset"),
        max_length=40,
        blank=True,
        default="",
        editable=False,
        choices=[(key, naam) for key, naam, _moedwillig, _uitleg in DREIGINGEN],
    )

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = ("naam", "moedwillig", "omschrijving")

    class Meta:
        verbose_name = _("dreiging")
        verbose_name_plural = _("dreigingen")
        ordering = ["-moedwillig", "naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                "gemeente",
                name="risicos_dreiging_naam_unique",
                violation_error_message=_("Er is al een dreiging met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam


# --- risks ------------------------------------------------------------------------------------


class Behandeling(models.TextChoices):
    VERMINDEREN = "verminderen", _("verminderen")
    ACCEPTEREN = "accepteren", _("accepteren")
    VERMIJDEN = "vermijden", _("vermijden")
    OVERDRAGEN = "overdragen", _("overdragen of verzekeren")


def _score(label: Any) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_SIZE)]
    )


@pghistory.track(exclude=["keten"])
class Risico(GemeenteModel):
    titel = models.CharField(_("titel"), max_length=200)
    scenario = models.TextField(_("scenario"), max_length=4000, help_text=_("Kort: wie of wat, hoe, met welk gevolg."))
    dreiging = models.ForeignKey(
        Dreiging, verbose_name=_("dreiging"), on_delete=models.PROTECT, null=True, blank=True, related_name="risicos"
    )
    themas = _themas()
    matrix = models.ForeignKey(Matrix, verbose_name=_("matrix"), on_delete=models.PROTECT, related_name="risicos")
    bruto_kans = _score(_("kans (bruto)"))
    bruto_impact = _score(_("impact (bruto)"))
    bruto_niveau = models.PositiveSmallIntegerField(_("niveau (bruto)"), null=True, blank=True, editable=False)
    netto_kans = _score(_("kans (netto)"))
    netto_impact = _score(_("impact (netto)"))
    netto_niveau = models.PositiveSmallIntegerField(_("niveau (netto)"), null=True, blank=True, editable=False)
    behandeling = models.CharField(
        _("behandeling"), max_length=20, choices=Behandeling.choices, default=Behandeling.VERMINDEREN
    )
    eigenaar = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    volgende_review = models.DateField(_("volgende beoordeling"), null=True, blank=True)
    herbeoordelen = models.BooleanField(
        _("opnieuw beoordelen"),
        default=False,
        help_text=_("Gezet als iets (een incident) laat zien dat het risico anders is."),
    )
    # Derived, kept by database triggers (risicos/triggers.py): the links of the chain covered by
    # the risk's working measures. Not in the history: the changes of measures and links are.
    keten = ArrayField(
        models.CharField(max_length=20),
        verbose_name=_("gedekte schakels"),
        default=list,
        blank=True,
        editable=False,
    )

    objects = GemeenteQuerySet.as_manager()

    SCORE_FIELDS: ClassVar[tuple[str, ...]] = ("bruto_kans", "bruto_impact", "netto_kans", "netto_impact")
    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "titel",
        "scenario",
        "dreiging",
        "themas",
        *SCORE_FIELDS,
        "behandeling",
        "eigenaar",
        "volgende_review",
    )

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["titel"]
        constraints = [
            models.CheckConstraint(condition=_in("behandeling", Behandeling), name="risicos_risico_behandeling_valid"),
            models.CheckConstraint(
                condition=Q(bruto_kans__isnull=True, bruto_impact__isnull=True)
                | Q(bruto_kans__isnull=False, bruto_impact__isnull=False),
                name="risicos_risico_bruto_pair",
                violation_error_message=_("Geef bij de bruto score zowel de kans als de impact."),
            ),
            models.CheckConstraint(
                condition=Q(netto_kans__isnull=True, netto_impact__isnull=True)
                | Q(netto_kans__isnull=False, netto_impact__isnull=False),
                name="risicos_risico_netto_pair",
                violation_error_message=_("Geef bij de netto score zowel de kans als de impact."),
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "netto_niveau"], name="risicos_risico_netto_idx"),
            models.Index(fields=["gemeente", "bruto_kans", "bruto_impact"], name="risicos_risico_bruto_cel_idx"),
            # The register's default order: a page of 25 is read from the index, not sorted from all.
            models.Index(fields=["gemeente", "titel", "id"], name="risicos_risico_titel_idx"),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def niveau(self) -> int | None:
        """The level that counts: the residual one when scored, else the inherent one."""
        return self.netto_niveau if self.netto_niveau is not None else self.bruto_niveau

    def clean(self) -> None:
        super().clean()
        matrix = self.matrix if self.matrix_id else None
        if matrix is None:
            return
        errors: dict[str, str] = {}
        for field in self.SCORE_FIELDS:
            value = getattr(self, field)
            size = matrix.kans_size if field.endswith("kans") else matrix.impact_size
            if value is not None and not 1 <= value <= size:
                errors[field] = f"Kies een klasse van 1 tot {size} (de matrix heeft {size} klassen)."
        for prefix in ("bruto", "netto"):
            kans, impact = getattr(self, f"{prefix}_kans"), getattr(self, f"{prefix}_impact")
            if (kans is None) != (impact is None) and f"{prefix}_kans" not in errors:
                errors[f"{prefix}_impact" if impact is None else f"{prefix}_kans"] = (
                    f"Geef bij de {prefix} score zowel de kans als de impact."
                )
        if errors:
            raise ValidationError(errors)


@pghistory.track()
class RisicoBedrijfsmiddel(GemeenteModel):
    risico = models.ForeignKey(Risico, on_delete=models.CASCADE, related_name="bedrijfsmiddel_links")
    bedrijfsmiddel = models.ForeignKey(Bedrijfsmiddel, on_delete=models.CASCADE, related_name="risico_links")

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("bedrijfsmiddel van een risico")
        verbose_name_plural = _("bedrijfsmiddelen van risico's")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "risico", "bedrijfsmiddel"], name="risicos_risico_bm_unique")
        ]

    def __str__(self) -> str:
        return f"{self.risico_id} → {self.bedrijfsmiddel_id}"


@pghistory.track()
class Acceptatie(GemeenteModel):
    """The acceptance of a risk, with the scores (and matrix) it applied to."""

    risico = models.ForeignKey(Risico, verbose_name=_("risico"), on_delete=models.CASCADE, related_name="acceptaties")
    geaccepteerd_door = models.CharField(_("geaccepteerd door"), max_length=150)
    geaccepteerd_op = models.DateField(_("geaccepteerd op"))
    geldig_tot = models.DateField(_("geldig tot"))
    motivering = models.TextField(_("motivering"), max_length=4000)
    matrix = models.ForeignKey(Matrix, verbose_name=_("matrix"), on_delete=models.PROTECT, related_name="+")
    kans = models.PositiveSmallIntegerField(_("kans"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    niveau = models.PositiveSmallIntegerField(_("niveau"))
    ingetrokken_op = models.DateField(_("ingetrokken op"), null=True, blank=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptatie")
        verbose_name_plural = _("acceptaties")
        ordering = ["-geaccepteerd_op", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__gte=F("geaccepteerd_op")),
                name="risicos_acceptatie_periode",
                violation_error_message=_("Een acceptatie is geldig tot een datum na de acceptatie."),
            ),
        ]

    def __str__(self) -> str:
        return f"Acceptatie van {self.risico} tot {self.geldig_tot:%d-%m-%Y}"


# --- measures ---------------------------------------------------------------------------------


class MaatregelSoort(models.TextChoices):
    ORGANISATORISCH = "O", _("organisatorisch")
    BOUWKUNDIG = "B", _("bouwkundig")
    ELEKTRONISCH = "E", _("elektronisch")
    REACTIE = "R", _("reactie")


class Functie(models.TextChoices):
    PREVENTIEF = "preventief", _("preventief")
    REPRESSIEF = "repressief", _("repressief")
    HERSTELLEND = "herstellend", _("herstellend")


class Schakel(models.TextChoices):
    """The links of the security chain, in their order (the kader's goals of the same names)."""

    ONTMOEDIGEN = "ontmoedigen", _("ontmoedigen")
    AFSCHERMEN = "afschermen", _("afschermen")
    TEGENHOUDEN = "tegenhouden", _("tegenhouden")
    DETECTEREN = "detecteren", _("detecteren")
    VERTRAGEN = "vertragen", _("vertragen")
    INTERVENIEREN = "intervenieren", _("interveniëren")
    CONTINUITEIT = "continuiteit", _("continuïteit")


class MaatregelStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("voorgesteld")
    GEPLAND = "gepland", _("gepland")
    IN_UITVOERING = "in_uitvoering", _("in uitvoering")
    GEIMPLEMENTEERD = "geimplementeerd", _("geïmplementeerd")
    GETOETST = "getoetst", _("getoetst")
    VERVALLEN = "vervallen", _("vervallen")


# A measure that is in place (and so counts for the chain and the residual score).
WERKEND = (MaatregelStatus.GEIMPLEMENTEERD, MaatregelStatus.GETOETST)


@pghistory.track()
class Maatregel(GemeenteModel):
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True, default="", max_length=4000)
    soort = models.CharField(_("soort (OBE-R)"), max_length=1, choices=MaatregelSoort.choices)
    functie = models.CharField(_("functie"), max_length=20, choices=Functie.choices)
    schakels = ArrayField(
        models.CharField(max_length=20, choices=Schakel.choices),
        verbose_name=_("schakels in de beveiligingsketen"),
        default=list,
        blank=True,
    )
    themas = _themas()
    status = models.CharField(
        _("status"), max_length=20, choices=MaatregelStatus.choices, default=MaatregelStatus.VOORGESTELD
    )
    eigenaar = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gepland_op = models.DateField(_("geplande datum"), null=True, blank=True)
    gerealiseerd_op = models.DateField(_("gerealiseerd op"), null=True, blank=True)
    kosten_eenmalig = _money(_("eenmalige kosten (euro)"))
    kosten_jaarlijks = _money(_("jaarlijkse kosten (euro)"))

    objects = GemeenteQuerySet.as_manager()

    EDIT_FIELDS: ClassVar[tuple[str, ...]] = (
        "titel",
        "omschrijving",
        "soort",
        "functie",
        "schakels",
        "themas",
        "status",
        "eigenaar",
        "gepland_op",
        "gerealiseerd_op",
        "kosten_eenmalig",
        "kosten_jaarlijks",
    )

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["titel"]
        constraints = [
            models.CheckConstraint(condition=_in("soort", MaatregelSoort), name="risicos_maatregel_soort_valid"),
            models.CheckConstraint(condition=_in("functie", Functie), name="risicos_maatregel_functie_valid"),
            models.CheckConstraint(condition=_in("status", MaatregelStatus), name="risicos_maatregel_status_valid"),
        ]
        indexes = [
            models.Index(fields=["gemeente", "status"], name="risicos_maatregel_status_idx"),
            models.Index(fields=["gemeente", "titel", "id"], name="risicos_maatregel_titel_idx"),
        ]
        triggers = [triggers.measure_trigger(WERKEND)]

    def __str__(self) -> str:
        return self.titel

    @property
    def werkend(self) -> bool:
        return self.status in WERKEND

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if len(set(self.schakels or [])) != len(self.schakels or []):
            errors["schakels"] = "Noem elke schakel één keer."
        for field in ("gepland_op", "gerealiseerd_op"):
            value = getattr(self, field)
            if value and not (2000 <= value.year <= 2100):
                errors[field] = "Kies een datum tussen 2000 en 2100."
        if errors:
            raise ValidationError(errors)


class _Link(GemeenteModel):
    objects = GemeenteQuerySet.as_manager()

    class Meta:
        abstract = True


@pghistory.track()
class MaatregelRisico(_Link):
    maatregel = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="risico_links")
    risico = models.ForeignKey(Risico, on_delete=models.CASCADE, related_name="maatregel_links")

    class Meta:
        verbose_name = _("maatregel bij een risico")
        verbose_name_plural = _("maatregelen bij risico's")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "maatregel", "risico"], name="risicos_maatregel_risico_unique")
        ]
        indexes = [models.Index(fields=["gemeente", "risico"], name="risicos_mr_risico_idx")]
        triggers = triggers.link_triggers(WERKEND)

    def __str__(self) -> str:
        return f"{self.maatregel_id} → {self.risico_id}"


@pghistory.track()
class MaatregelDoel(_Link):
    maatregel = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="doel_links")
    doel = models.ForeignKey("kader.Doel", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("doel van een maatregel")
        verbose_name_plural = _("doelen van maatregelen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "maatregel", "doel"], name="risicos_maatregel_doel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.maatregel_id} → {self.doel_id}"


@pghistory.track()
class MaatregelUitgangspunt(_Link):
    maatregel = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="uitgangspunt_links")
    uitgangspunt = models.ForeignKey("kader.Uitgangspunt", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("uitgangspunt van een maatregel")
        verbose_name_plural = _("uitgangspunten van maatregelen")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "maatregel", "uitgangspunt"], name="risicos_maatregel_uitgangspunt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.maatregel_id} → {self.uitgangspunt_id}"


@pghistory.track()
class MaatregelWet(_Link):
    maatregel = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="wet_links")
    wet = models.ForeignKey("kader.WetOfNorm", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("wettelijke eis van een maatregel")
        verbose_name_plural = _("wettelijke eisen van maatregelen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "maatregel", "wet"], name="risicos_maatregel_wet_unique")
        ]

    def __str__(self) -> str:
        return f"{self.maatregel_id} → {self.wet_id}"


class Resultaat(models.TextChoices):
    EFFECTIEF = "effectief", _("werkt")
    DEELS = "deels", _("werkt deels")
    NIET = "niet", _("werkt niet")


@pghistory.track()
class Toets(GemeenteModel):
    """An effectiveness check of a measure (a test, an audit, an exercise, an incident)."""

    maatregel = models.ForeignKey(
        Maatregel, verbose_name=_("maatregel"), on_delete=models.CASCADE, related_name="toetsen"
    )
    datum = models.DateField(_("datum"))
    door = models.CharField(_("getoetst door"), max_length=150)
    resultaat = models.CharField(_("resultaat"), max_length=20, choices=Resultaat.choices)
    notitie = models.TextField(_("notitie"), blank=True, default="", max_length=4000)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("toets")
        verbose_name_plural = _("toetsen")
        ordering = ["-datum", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=_in("resultaat", Resultaat), name="risicos_toets_resultaat_valid")
        ]

    def __str__(self) -> str:
        return f"Toets van {self.maatregel} op {self.datum:%d-%m-%Y}"


@pghistory.track()
class Tegenstrijdigheid(GemeenteModel):
    """Two measures that work against each other (e.g. an emergency exit and a locked door)."""

    maatregel = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="tegenstrijdig_links")
    andere = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="+")
    toelichting = models.TextField(_("toelichting"), max_length=2000)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("tegenstrijdigheid")
        verbose_name_plural = _("tegenstrijdigheden")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "maatregel", "andere"], name="risicos_tegenstrijdig_unique"),
            models.CheckConstraint(
                condition=Q(maatregel__lt=F("andere")),
                name="risicos_tegenstrijdig_ordered",
                violation_error_message=_("Een maatregel is niet tegenstrijdig met zichzelf."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.maatregel_id} ↔ {self.andere_id}"


# --- the IVP's veld 5 -------------------------------------------------------------------------


@pghistory.track()
class ThemaRisico(_Link):
    thema = models.ForeignKey("ivp.Thema", on_delete=models.CASCADE, related_name="+")
    risico = models.ForeignKey(Risico, on_delete=models.CASCADE, related_name="thema_links")

    class Meta:
        verbose_name = _("risico bij een thema van het veiligheidsplan")
        verbose_name_plural = _("risico's bij thema's van het veiligheidsplan")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "thema", "risico"], name="risicos_thema_risico_unique")
        ]

    def __str__(self) -> str:
        return f"{self.thema} → {self.risico}"


@pghistory.track()
class ThemaMaatregel(_Link):
    thema = models.ForeignKey("ivp.Thema", on_delete=models.CASCADE, related_name="+")
    maatregel = models.ForeignKey(Maatregel, on_delete=models.CASCADE, related_name="thema_links")

    class Meta:
        verbose_name = _("maatregel bij een thema van het veiligheidsplan")
        verbose_name_plural = _("maatregelen bij thema's van het veiligheidsplan")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "thema", "maatregel"], name="risicos_thema_maatregel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.thema} → {self.maatregel}"


# --- reports ----------------------------------------------------------------------------------


class Formaat(models.TextChoices):
    DOCX = "docx", _("Word-document")
    PDF = "pdf", _("PDF/A")


@pghistory.track(exclude=["bestand"])
class Rapport(GemeenteModel):
    """A risk report made by a background task (``risicos.documents.rapport_task``), to download.

    Empty (``bestand`` of no bytes) until its task is done; the history keeps who asked for which
    report, not its bytes.
    """

    formaat = models.CharField(_("formaat"), max_length=4, choices=Formaat.choices)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    bestand = models.BinaryField(_("bestand"), editable=False, default=b"")
    taak = models.ForeignKey(
        "background.Achtergrondtaak",
        verbose_name=_("achtergrondtaak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aangemaakt_door = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("risicorapportage")
        verbose_name_plural = _("risicorapportages")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=_in("formaat", Formaat), name="risicos_rapport_formaat_valid"),
        ]

    def __str__(self) -> str:
        return self.bestandsnaam


# --- spreadsheets on their way in (risicos.spreadsheets) ----------------------------------------

from .spreadsheets.models import Registerimport  # noqa: E402, F401  # registered with the app's models
