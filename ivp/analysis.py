"""The veiligheidsanalyse: the figures of indicators as series, their latest values and trends, and
figures per 1,000 inwoners.

Shared by the analysis pages (``ivp.views_analyse``) and the API (``ivp.api.analyse``). Every read
takes a fixed number of queries, whatever the number of indicators, years, months or areas: the
database groups the figures per year (:func:`jaarcijfers`), sends months only for the last
:data:`MAANDEN_GETOOND` of each indicator (:func:`maandcijfers`) and areas only for the top
:data:`TOP_GEBIEDEN` of the latest year (:func:`top_gebieden`).

A year's figure is the figure stored for the year itself (``maand`` NULL) when there is one;
otherwise it is made from the months of that year: their sum for counts (a unit that starts with
"aantal", or an indicator shown per 1,000 inwoners), their mean for anything else (percentages,
rates, scores). A year whose months stop before December is still running (``lopend``): it is
shown as such and stays out of the trend.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal, TypeVar

from django.contrib.postgres.aggregates import BoolOr
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, Left, RowNumber

from lib.maanden import MAANDEN_KORT, MAANDNAMEN
from lib.querysets import Member

from .choices import PlanStatus
from .models import MAX_VALUE, Doelstelling, Indicator, Inwonertal, Meting

_M = TypeVar("_M", bound=models.Model)

TREND_PERIODEN = 3  # the trend compares the first and the last of the latest three complete years
TREND_DREMPEL = Decimal("0.05")  # a change of less than 5% counts as gelijk
MAANDEN_GETOOND = 24  # months shown per indicator: the last two years
TOP_GEBIEDEN = 10  # wijken (and buurten) with the highest figures on the theme page
JAREN = (1900, 2100)  # as the check constraint of Meting
DECIMALEN = Decimal("0.001")  # as Meting.waarde stores them
PER_1000_DECIMALEN = Decimal("0.01")
GEBIEDSCODE = re.compile(r"^(WK\d{6}|BU\d{8})$")
SOORT_GEBIED = {"WK": "Wijk", "BU": "Buurt"}
IMPORT_PREFIX = "politie:"  # bronsleutel of indicators made by the import of police figures


def telt_op(indicator: Indicator) -> bool:
    """Whether the figures are counts, whose months add up to the year (else their mean is the year's)."""
    return indicator.per_1000 or indicator.eenheid.strip().lower().startswith("aantal")


def is_geimporteerd(indicator: Indicator) -> bool:
    return (indicator.bronsleutel or "").startswith(IMPORT_PREFIX)


def _afgerond(waarde: Decimal | None) -> Decimal | None:
    return None if waarde is None else waarde.quantize(DECIMALEN, rounding=ROUND_HALF_UP)


# --- one figure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cijfer:
    """One figure of a series: a year (stored, or made from its months) or a month."""

    jaar: int
    maand: int | None
    waarde: Decimal
    referentie: Decimal | None = None
    voorlopig: bool = False
    tot_maand: int | None = None  # a year made from months: the last month it has

    @property
    def lopend(self) -> bool:
        """A year made from months that stop before December."""
        return self.maand is None and self.tot_maand is not None and self.tot_maand < 12

    @property
    def tot_maandnaam(self) -> str:
        """The last month of a running year: ``juni``."""
        return MAANDNAMEN[self.tot_maand - 1] if self.tot_maand else ""

    @property
    def periode(self) -> str:
        """As ``Meting.periode``: ``2024`` or ``2024-03``."""
        return f"{self.jaar}-{self.maand:02d}" if self.maand else str(self.jaar)

    @property
    def label(self) -> str:
        """As a chart and its table show it: ``2024``, ``mrt 2024``, ``2025 t/m jun``; ``*`` when voorlopig."""
        if self.maand:
            tekst = f"{MAANDEN_KORT[self.maand - 1]} {self.jaar}"
        elif self.lopend and self.tot_maand:
            tekst = f"{self.jaar} t/m {MAANDEN_KORT[self.tot_maand - 1]}"
        else:
            tekst = str(self.jaar)
        return f"{tekst}*" if self.voorlopig else tekst


def per_1000(waarde: Decimal, inwoners: int | None) -> Decimal | None:
    """``waarde`` per 1,000 inwoners, to two decimals (half up); None without a population."""
    if not inwoners or inwoners <= 0:
        return None
    return (waarde * 1000 / Decimal(inwoners)).quantize(PER_1000_DECIMALEN, rounding=ROUND_HALF_UP)


# --- trend --------------------------------------------------------------------------------------

Richting = Literal["stijgt", "daalt", "gelijk"]
PIJLEN: dict[str, str] = {"stijgt": "↑", "daalt": "↓", "gelijk": "→"}


@dataclass(frozen=True)
class Trend:
    """Up, down or flat over the latest periods, and whether that is good news."""

    richting: Richting
    gunstig: bool | None  # None when flat
    van: Cijfer
    tot: Cijfer

    @property
    def pijl(self) -> str:
        return PIJLEN[self.richting]

    @property
    def oordeel(self) -> str:
        if self.gunstig is None:
            return ""
        return "gunstig" if self.gunstig else "ongunstig"

    @property
    def periode(self) -> str:
        """``2022–2024``."""
        return f"{self.van.label.rstrip('*')}–{self.tot.label.rstrip('*')}"

    @property
    def tekst(self) -> str:
        """``stijgt, ongunstig (2022–2024)``."""
        oordeel = f", {self.oordeel}" if self.oordeel else ""
        return f"{self.richting}{oordeel} ({self.periode})"


def trend(cijfers: Sequence[Cijfer], *, lager_is_beter: bool) -> Trend | None:
    """The direction over the last :data:`TREND_PERIODEN` complete periods (at least two).

    It compares the first of those with the last: a change of less than :data:`TREND_DREMPEL`
    of the first is ``gelijk``. A decrease is good news when lower is better, an increase otherwise.
    """
    laatste = [c for c in cijfers if not c.lopend][-TREND_PERIODEN:]
    if len(laatste) < 2:
        return None
    van, tot = laatste[0], laatste[-1]
    verschil = tot.waarde - van.waarde
    if verschil == 0 or (van.waarde != 0 and abs(verschil) < abs(van.waarde) * TREND_DREMPEL):
        return Trend("gelijk", None, van, tot)
    richting: Richting = "stijgt" if verschil > 0 else "daalt"
    return Trend(richting, (richting == "daalt") == lager_is_beter, van, tot)


# --- series per year and per month ----------------------------------------------------------------


def _jaar_rijen(metingen: QuerySet[Meting]) -> QuerySet[Any, Any]:
    """Per indicator and year of the whole gemeente: the year's own figure and what its months add up to."""
    jaar, maand = Q(maand__isnull=True), Q(maand__isnull=False)
    return (
        metingen.filter(gebied="")
        .values("indicator_id", "jaar")
        .annotate(
            jaarwaarde=Max("waarde", filter=jaar),
            jaarref=Max("referentiewaarde", filter=jaar),
            jaarvoorlopig=BoolOr("voorlopig", filter=jaar),
            som=Sum("waarde", filter=maand),
            gemiddelde=Avg("waarde", filter=maand),
            refsom=Sum("referentiewaarde", filter=maand),
            refgemiddelde=Avg("referentiewaarde", filter=maand),
            maanden=Count("id", filter=maand),
            refmaanden=Count("referentiewaarde", filter=maand),
            tot_maand=Max("maand"),
            maandvoorlopig=BoolOr("voorlopig", filter=maand),
        )
        .order_by("indicator_id", "jaar")
    )


def _jaarcijfer(rij: dict[str, Any], optellen: bool) -> Cijfer:
    if rij["jaarwaarde"] is not None:
        return Cijfer(rij["jaar"], None, rij["jaarwaarde"], rij["jaarref"], bool(rij["jaarvoorlopig"]))
    waarde = (rij["som"] if optellen else _afgerond(rij["gemiddelde"])) or Decimal(0)  # a row has months here
    referentie = None
    if rij["refmaanden"] and rij["refmaanden"] == rij["maanden"]:
        referentie = rij["refsom"] if optellen else _afgerond(rij["refgemiddelde"])
    return Cijfer(rij["jaar"], None, waarde, referentie, bool(rij["maandvoorlopig"]), tot_maand=rij["tot_maand"])


@dataclass(frozen=True)
class Jaarreeks:
    """The yearly figures of one indicator, oldest first, and whether it has monthly figures."""

    cijfers: list[Cijfer]
    heeft_maanden: bool


def jaarcijfers(
    metingen: QuerySet[Meting], indicatoren: Iterable[Indicator], *, laatste: int | None = None
) -> dict[Any, Jaarreeks]:
    """The yearly figures of the whole gemeente per indicator, in one query.

    ``metingen`` selects the indicators in SQL (e.g. ``indicator__thema=...``), so the query runs
    whatever the number of indicators; ``indicatoren`` says how to add up months. With
    ``laatste``, only the latest that many years of each indicator come from the database.
    """
    rijen = _jaar_rijen(metingen)
    if laatste is not None:
        rang = Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("jaar").desc())
        rijen = rijen.annotate(rang=rang).filter(rang__lte=laatste)
    optellen = {i.pk: telt_op(i) for i in indicatoren}
    per_indicator: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for rij in rijen:
        per_indicator[rij["indicator_id"]].append(rij)
    return {
        pk: Jaarreeks(
            cijfers=[_jaarcijfer(r, optellen.get(pk, True)) for r in sorted(rijen_, key=lambda r: r["jaar"])],
            heeft_maanden=any(r["maanden"] for r in rijen_),
        )
        for pk, rijen_ in per_indicator.items()
    }


def maandcijfers(metingen: QuerySet[Meting]) -> dict[Any, list[Cijfer]]:
    """The monthly figures of the whole gemeente per indicator: the last :data:`MAANDEN_GETOOND` of each."""
    rang = Window(RowNumber(), partition_by=[F("indicator_id")], order_by=[F("jaar").desc(), F("maand").desc()])
    rijen = (
        metingen.filter(gebied="", maand__isnull=False)
        .annotate(rang=rang)
        .filter(rang__lte=MAANDEN_GETOOND)
        .values("indicator_id", "jaar", "maand", "waarde", "referentiewaarde", "voorlopig")
    )
    per_indicator: dict[Any, list[Cijfer]] = defaultdict(list)
    for r in sorted(rijen, key=lambda r: (r["jaar"], r["maand"])):
        per_indicator[r["indicator_id"]].append(
            Cijfer(r["jaar"], r["maand"], r["waarde"], r["referentiewaarde"], r["voorlopig"])
        )
    return per_indicator


def inwonertallen(member: Member) -> dict[int, int]:
    """The population per year (one query)."""
    return dict(Inwonertal.objects.visible_to(member).values_list("jaar", "aantal"))


# --- the latest figure of an indicator ----------------------------------------------------------


@dataclass(frozen=True)
class Kerncijfer:
    """What the overview shows of an indicator: its latest figure, the trend, per 1,000 inwoners."""

    laatste: Cijfer | None
    trend: Trend | None
    per_1000: Decimal | None


def kerncijfer(indicator: Indicator, reeks: Jaarreeks | None, inwoners: dict[int, int]) -> Kerncijfer:
    """The latest complete year (a running year only when there is nothing else), and the trend."""
    cijfers = reeks.cijfers if reeks else []
    volledig = [c for c in cijfers if not c.lopend]
    laatste = volledig[-1] if volledig else (cijfers[-1] if cijfers else None)
    per = None
    if laatste is not None and indicator.per_1000 and not laatste.lopend:
        per = per_1000(laatste.waarde, inwoners.get(laatste.jaar))
    return Kerncijfer(laatste, trend(cijfers, lager_is_beter=indicator.lager_is_beter), per)


def kerncijfers(member: Member, indicatoren: Sequence[Indicator]) -> dict[Any, Kerncijfer]:
    """The key figures of ``indicatoren`` (all visible to ``member``), in two queries."""
    metingen = Meting.objects.visible_to(member).filter(indicator__in=[i.pk for i in indicatoren])
    reeksen = jaarcijfers(metingen, indicatoren, laatste=TREND_PERIODEN + 1)
    inwoners = inwonertallen(member)
    return {i.pk: kerncijfer(i, reeksen.get(i.pk), inwoners) for i in indicatoren}


# --- the target of a goal -----------------------------------------------------------------------


def doelen_per_indicator(member: Member, welke: Q) -> dict[Any, Doelstelling]:
    """Per indicator the goal that measures with it: of the adopted plan, else of the open plan (one query)."""
    statussen = [PlanStatus.VASTGESTELD, PlanStatus.CONCEPT, PlanStatus.TER_BESLUITVORMING]
    doelen = (
        Doelstelling.objects.visible_to(member)
        .filter(welke, plan__status__in=statussen, streefwaarde__isnull=False)
        .select_related("plan")
        .order_by("volgorde")
    )
    gekozen: dict[Any, Doelstelling] = {}
    for doel in doelen:
        huidig = gekozen.get(doel.indicator_id)
        if huidig is None or (doel.plan.status == PlanStatus.VASTGESTELD and huidig.plan.status != doel.plan.status):
            gekozen[doel.indicator_id] = doel
    return gekozen


# --- wijken and buurten -------------------------------------------------------------------------


@dataclass(frozen=True)
class Gebiedscijfer:
    """The figure of a wijk or buurt in a year."""

    code: str
    naam: str
    jaar: int
    waarde: Decimal

    @property
    def soort(self) -> str:
        return SOORT_GEBIED.get(self.code[:2], "Gebied")


def _gebied_rijen(metingen: QuerySet[Meting]) -> QuerySet[Any, Any]:
    """Per indicator and area: the figure of the latest year with area figures (the year's own, else its months')."""
    laatste_jaar = (
        Meting.objects.filter(indicator_id=OuterRef("indicator_id"), gemeente_id=OuterRef("gemeente_id"))
        .exclude(gebied="")
        .order_by("-jaar")
        .values("jaar")[:1]
    )
    return (
        metingen.exclude(gebied="")
        .filter(jaar=Subquery(laatste_jaar))
        .values("indicator_id", "gebied", "jaar")
        .annotate(
            naam=Max("gebied_naam"),
            totaal=Coalesce(Max("waarde", filter=Q(maand__isnull=True)), Sum("waarde", filter=Q(maand__isnull=False))),
        )
    )


def _gebiedscijfer(rij: dict[str, Any]) -> Gebiedscijfer:
    return Gebiedscijfer(rij["gebied"], rij["naam"] or "", rij["jaar"], rij["totaal"])


def top_gebieden(metingen: QuerySet[Meting]) -> dict[Any, dict[str, list[Gebiedscijfer]]]:
    """Per indicator, the :data:`TOP_GEBIEDEN` wijken and buurten with the highest figures (one query)."""
    soort = Left("gebied", 2)
    rang = Window(RowNumber(), partition_by=[F("indicator_id"), soort], order_by=[F("totaal").desc(), F("gebied")])
    rijen = _gebied_rijen(metingen).annotate(rang=rang).filter(rang__lte=TOP_GEBIEDEN)
    result: dict[Any, dict[str, list[Gebiedscijfer]]] = defaultdict(lambda: {"Wijk": [], "Buurt": []})
    for rij in sorted(rijen, key=lambda r: (-r["totaal"], r["gebied"])):
        cijfer = _gebiedscijfer(rij)
        result[rij["indicator_id"]].setdefault(cijfer.soort, []).append(cijfer)
    return dict(result)


SORTERINGEN = {
    "waarde": ("-totaal", "gebied"),
    "waarde-oplopend": ("totaal", "gebied"),
    "naam": ("naam", "gebied"),
    "code": ("gebied",),
}


def gebieden(metingen: QuerySet[Meting], sorteer: str) -> QuerySet[Any, Any]:
    """Every wijk and buurt of one indicator in its latest year with area figures, sorted (for a page of them)."""
    return _gebied_rijen(metingen).order_by(*SORTERINGEN.get(sorteer, SORTERINGEN["waarde"]))


def als_gebiedscijfers(rijen: Iterable[dict[str, Any]]) -> list[Gebiedscijfer]:
    return [_gebiedscijfer(r) for r in rijen]


# --- checking a figure before it is stored -------------------------------------------------------


def getal_fout(waarde: Decimal | None) -> str | None:
    """Why ``waarde`` cannot be stored as a figure, or None."""
    if waarde is None:
        return None
    if not waarde.is_finite():
        return "Vul een getal in."
    if abs(waarde) >= MAX_VALUE:
        return "Dit getal is te groot; een cijfer ligt onder 1.000.000.000.000."
    try:
        if waarde.quantize(DECIMALEN) != waarde:
            return "Gebruik hoogstens drie cijfers achter de komma."
    except InvalidOperation:
        return "Vul een getal in."
    return None


def meting_fouten(
    *,
    jaar: int | None,
    maand: int | None,
    waarde: Decimal | None,
    referentiewaarde: Decimal | None = None,
    gebied: str = "",
) -> dict[str, str]:
    """What is wrong with a figure before it is stored, per field (empty: nothing); in Dutch.

    The database refuses the same (check constraints); here it becomes a message instead of an error.
    """
    fouten: dict[str, str] = {}
    if jaar is None or not JAREN[0] <= jaar <= JAREN[1]:
        fouten["jaar"] = f"Kies een jaar van {JAREN[0]} tot en met {JAREN[1]}."
    if maand is not None and not 1 <= maand <= 12:
        fouten["maand"] = "Kies een maand van 1 tot en met 12, of laat de maand leeg voor een jaarcijfer."
    if waarde is None:
        fouten["waarde"] = "Vul de waarde in."
    elif (fout := getal_fout(waarde)) is not None:
        fouten["waarde"] = fout
    if (fout := getal_fout(referentiewaarde)) is not None:
        fouten["referentiewaarde"] = fout
    code = (gebied or "").strip().upper()
    if code and not GEBIEDSCODE.match(code):
        fouten["gebied"] = (
            "Geef de CBS-code van een wijk (WK en zes cijfers) of buurt (BU en acht cijfers), "
            "of laat dit leeg voor de hele gemeente."
        )
    return fouten


def check_meting(**kwargs: Any) -> None:
    """Raise a ValidationError (per field, in Dutch) for what :func:`meting_fouten` finds."""
    fouten = meting_fouten(**kwargs)
    if fouten:
        raise ValidationError(fouten)
