"""Rode draden: the incidents of a period counted by kind, theme, place and month, beside the period before.

:func:`analyse` counts what a member may read of the reports (``Incident.objects.voor_behandeling``:
a thema-eigenaar their themes, the coördinator, bestuurder and auditor the whole gemeente) in
four queries whatever their number: one ``GROUP BY`` per table, both periods in one query with
filtered counts. The period before (:meth:`Periode.vorige`) has the same length: as many whole
months when the period is whole months (a year against the year before), else as many days.

A row is a pattern (:data:`Rij.signaal`) when enough incidents stand behind it
(:data:`DREMPEL`): a kind, theme or place that rose by half or more or fell by half or more, a
place where it happened again and again, a month with at least twice the period's average.
:attr:`Analyse.signalen` says each in a sentence, the largest change first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Collate, Lower, NullIf, Trim, TruncMonth
from django.utils import formats, translation

from organisations.models import Membership, Thema

from .models import Ernst, Incident

DREMPEL = 3  # a pattern needs at least this many incidents
STIJGING = 1.5  # rose: at least one and a half times the period before
DALING = 0.5  # fell: at most half of the period before
PIEK = 2.0  # a month with at least twice the average of the period's months
MAX_MAANDEN = 60  # the longest period: five years
PLAATSEN = 15  # the places with the most incidents
ERNSTIG = (Ernst.ERNSTIG, Ernst.ZEER_ERNSTIG)
SIGNAAL = {"stijging": "stijging", "daling": "daling", "terugkerend": "komt terug", "piek": "piek", "": ""}


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def first_of_month(index: int) -> datetime.date:
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)


def laatste_twaalf_maanden(today: datetime.date) -> Periode:
    """The twelve whole months before the month of ``today``."""
    deze_maand = month_index(today)
    return Periode(first_of_month(deze_maand - 12), first_of_month(deze_maand) - datetime.timedelta(days=1))


def _day(value: datetime.date) -> str:
    with translation.override("nl"):
        return formats.date_format(value, "j F Y")


@dataclass(frozen=True)
class Periode:
    van: datetime.date
    tot: datetime.date

    @property
    def hele_maanden(self) -> bool:
        return self.van.day == 1 and (self.tot + datetime.timedelta(days=1)).day == 1

    @property
    def maanden(self) -> int:
        """The number of calendar months the period touches."""
        return month_index(self.tot) - month_index(self.van) + 1

    def vorige(self) -> Periode:
        """The period of the same length just before: whole months for whole months, else days."""
        einde = self.van - datetime.timedelta(days=1)
        if self.hele_maanden:
            return Periode(first_of_month(month_index(self.van) - self.maanden), einde)
        return Periode(self.van - (self.tot - self.van) - datetime.timedelta(days=1), einde)

    @property
    def label(self) -> str:
        """``2026``, ``januari t/m juni 2026`` or ``3 maart 2026 t/m 2 april 2026``."""
        with translation.override("nl"):
            if self.hele_maanden and self.van.month == 1 and self.tot.month == 12:
                years = (self.van.year, self.tot.year)
                return str(self.van.year) if years[0] == years[1] else f"{years[0]} t/m {years[1]}"
            if self.hele_maanden:
                first = formats.date_format(self.van, "F" if self.van.year == self.tot.year else "F Y")
                return f"{first} t/m {formats.date_format(self.tot, 'F Y')}"
        return f"{_day(self.van)} t/m {_day(self.tot)}"


@dataclass
class Rij:
    label: str
    nu: int
    toen: int
    signaal: str = ""  # stijging, daling, terugkerend or piek; empty for no pattern

    @property
    def verschil(self) -> int:
        return self.nu - self.toen

    @property
    def procent(self) -> int | None:
        """The change against the period before, in whole per cent; None when there were none then."""
        return round(100 * self.verschil / self.toen) if self.toen else None

    @property
    def signaal_tekst(self) -> str:
        return SIGNAAL[self.signaal]

    @property
    def verschil_tekst(self) -> str:
        if self.procent is None:
            return f"+{self.nu}" if self.nu else "0"
        return f"{self.verschil:+d} ({self.procent:+d}%)"


@dataclass
class Analyse:
    periode: Periode
    vorige: Periode
    scope: str  # whose incidents: the whole gemeente or some themes
    totaal: Rij
    ernstig: Rij
    soorten: list[Rij]
    themas: list[Rij]
    plaatsen: list[Rij]
    maanden: list[Rij]
    signalen: list[str] = field(default_factory=list)

    @property
    def tabellen(self) -> list[tuple[str, str, list[Rij], str]]:
        """Each table: its caption, its first column, its rows and a key for its id."""
        return [
            ("Per soort incident", "Soort", self.soorten, "soorten"),
            ("Per thema", "Thema", self.themas, "themas"),
            (f"De {PLAATSEN} plaatsen met de meeste incidenten", "Plaats of bedrijfsmiddel", self.plaatsen, "plaatsen"),
            ("Per maand, naast dezelfde maand van de periode ervoor", "Maand", self.maanden, "maanden"),
        ]


def _trend(row: Rij) -> str:
    if row.nu >= DREMPEL and row.nu > row.toen and row.nu >= STIJGING * row.toen:
        return "stijging"
    if row.toen >= DREMPEL and row.nu <= DALING * row.toen:
        return "daling"
    return ""


def _counted(found: QuerySet[Incident], periode: Periode, vorige: Periode, *fields: str, **key: Any) -> QuerySet[Any]:
    """Per group of ``fields`` or ``key``: ``nu`` the incidents of the period, ``toen`` of the period before."""
    return (
        found.values(*fields, **key)
        .annotate(
            nu=Count("id", filter=Q(datum__range=(periode.van, periode.tot))),
            toen=Count("id", filter=Q(datum__range=(vorige.van, vorige.tot))),
        )
        .order_by("-nu", "-toen")
    )


def _soorten(found: QuerySet[Incident], periode: Periode, vorige: Periode) -> tuple[list[Rij], Rij]:
    """The kinds (by name, so a renamed kind stays one row) and, from the same query, the serious ones."""
    now = Q(datum__range=(periode.van, periode.tot))
    then = Q(datum__range=(vorige.van, vorige.tot))
    rows = _counted(found, periode, vorige, naam=F("soort__naam")).annotate(
        ernstig_nu=Count("id", filter=now & Q(ernst__in=ERNSTIG)),
        ernstig_toen=Count("id", filter=then & Q(ernst__in=ERNSTIG)),
    )
    soorten, nu, toen = [], 0, 0
    for row in rows.order_by("-nu", "-toen", "naam"):
        soorten.append(Rij(row["naam"], row["nu"], row["toen"]))
        nu, toen = nu + row["ernstig_nu"], toen + row["ernstig_toen"]
    return soorten, Rij("Ernstig of zeer ernstig", nu, toen)


def _themas(found: QuerySet[Incident], periode: Periode, vorige: Periode) -> list[Rij]:
    labels = dict(Thema.choices)
    return [
        Rij(str(labels.get(row["thema"], "Zonder thema")), row["nu"], row["toen"])
        for row in _counted(found, periode, vorige, "thema").order_by("-nu", "-toen", "thema")
    ]


def _plaatsen(found: QuerySet[Incident], periode: Periode, vorige: Periode) -> list[Rij]:
    """The :data:`PLAATSEN` places with the most incidents: the asset, else the place as typed (its case ignored, a capital first: the first in byte order shown)."""
    where = Coalesce("bedrijfsmiddel__naam", NullIf(Trim("locatie"), Value("")))
    rows = (
        _counted(found.annotate(plaats=where).filter(plaats__isnull=False), periode, vorige, sleutel=Lower("plaats"))
        .annotate(label=Min(Collate("plaats", "C")))
        .order_by("-nu", "-toen", "sleutel")[:PLAATSEN]
    )
    return [Rij(row["label"], row["nu"], row["toen"]) for row in rows]


def _maanden(found: QuerySet[Incident], periode: Periode, vorige: Periode) -> list[Rij]:
    """Every month of the period, beside the month as far into the period before."""
    counts = _counted(found, periode, vorige, maand=TruncMonth("datum")).order_by()
    nu: dict[int, int] = {}
    toen: dict[int, int] = {}
    shift = month_index(periode.van) - month_index(vorige.van)
    for row in counts:
        index = month_index(row["maand"])
        nu[index] = nu.get(index, 0) + row["nu"]
        toen[index + shift] = toen.get(index + shift, 0) + row["toen"]
    with translation.override("nl"):
        return [
            Rij(formats.date_format(first_of_month(i), "F Y"), nu.get(i, 0), toen.get(i, 0))
            for i in range(month_index(periode.van), month_index(periode.tot) + 1)
        ]


def _mark(analyse: Analyse) -> None:
    """Set each row's pattern and say the patterns in sentences, the largest change first."""
    found: list[tuple[int, str]] = []
    for kind, rows in (("soort", analyse.soorten), ("thema", analyse.themas), ("plaats", analyse.plaatsen)):
        for row in rows:
            row.signaal = _trend(row)
            if kind == "plaats" and not row.signaal and row.nu >= DREMPEL:
                row.signaal = "terugkerend"
            if row.signaal:
                found.append((abs(row.verschil), _sentence(row)))
    months = analyse.maanden
    average = sum(row.nu for row in months) / len(months) if months else 0
    for row in months:
        if row.nu >= DREMPEL and row.nu >= PIEK * average:
            row.signaal = "piek"
            found.append((row.nu, f"{row.label}: {times(row.nu)}, ruim twee keer het gemiddelde van de periode."))
    found.sort(key=lambda pair: -pair[0])
    analyse.signalen = [sentence for _size, sentence in found]


def times(n: int) -> str:
    """``1 incident`` or ``n incidenten``."""
    return "1 incident" if n == 1 else f"{n} incidenten"


def _sentence(row: Rij) -> str:
    was = f"in de periode ervoor {row.toen}"
    if row.signaal == "stijging":
        if row.procent is None:
            return f"{row.label}: {times(row.nu)}, in de periode ervoor geen."
        return f"{row.label}: {times(row.nu)}, {was} (een stijging van {row.procent}%)."
    if row.signaal == "daling":
        return f"{row.label}: {times(row.nu)}, {was} (een daling van {-(row.procent or 0)}%)."
    return f"{row.label}: {times(row.nu)} op deze plaats in de periode; een plek die terugkomt."


def scope(membership: Membership) -> str:
    """Whose incidents the member's analysis counts."""
    if membership.role == "thema_eigenaar":
        labels = dict(Thema.choices)
        names = ", ".join(str(labels.get(code, code)) for code in membership.themes)
        return f"De incidenten van uw thema's: {names or 'geen'}."
    return "Alle incidenten van de gemeente."


def analyse(membership: Membership, periode: Periode) -> Analyse:
    """The rode draden of ``periode`` in what ``membership`` may read (4 queries)."""
    vorige = periode.vorige()
    found = Incident.objects.voor_behandeling(membership).filter(datum__range=(vorige.van, periode.tot))
    soorten, ernstig = _soorten(found, periode, vorige)
    result = Analyse(
        periode=periode,
        vorige=vorige,
        scope=scope(membership),
        totaal=Rij("Alle incidenten", sum(r.nu for r in soorten), sum(r.toen for r in soorten)),
        ernstig=ernstig,
        soorten=soorten,
        themas=_themas(found, periode, vorige),
        plaatsen=_plaatsen(found, periode, vorige),
        maanden=_maanden(found, periode, vorige),
    )
    _mark(result)
    return result
