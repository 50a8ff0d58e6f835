"""Reading the uitvoeringsprogramma: the programmes with their counts, the rows of the action list,
the monitoring per theme, and the limits of the figures of an action.

The pages, the API and the exports read through these functions, each in a fixed number of
queries whatever the number of actions; the services (``ivp.services``) do the writing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from lib.querysets import Member

from .choices import ActieStatus, PlanStatus
from .models import Actie, Doelstelling, Plan, Programma, Thema, Veld
from .monitoring import GoalStatus, goal_statuses
from .querysets import overdue, stalled

PAGE_SIZE = 25  # actions per page of a programme
LISTED = 10  # late and stalled actions named on the monitoring; a link to the programme shows all of them

# What a row of the action list shows besides the action itself (joined, never a query per row).
ROW_RELATED = ("programma", "thema__veld", "organisatie", "doelstelling", "overgenomen_van__programma")

_M = TypeVar("_M", bound=models.Model)


# --- programmes -------------------------------------------------------------------------------


def with_counts(programmas: QuerySet[Programma], today: datetime.date) -> QuerySet[Programma]:
    """Each programme with its number of actions, of actions done and of actions overdue (one query)."""
    return programmas.annotate(
        aantal_acties=Count("acties"),
        aantal_afgerond=Count("acties", filter=Q(acties__status=ActieStatus.AFGEROND)),
        aantal_te_laat=Count("acties", filter=overdue(today, "acties__")),
    )


def programmas(member: Member, today: datetime.date) -> QuerySet[Programma]:
    """The gemeente's programmes, newest first, with their plan and counts (one query)."""
    return with_counts(Programma.objects.visible_to(member).select_related("plan", "gebaseerd_op"), today).order_by(
        "-jaar"
    )


def plans_for_a_programme(member: Member) -> QuerySet[Plan]:
    """The plans a new programme can belong to: the adopted one and the one being worked on."""
    return Plan.objects.visible_to(member).exclude(status=PlanStatus.VERVALLEN).order_by("-nummer")


def next_year(rows: list[Programma], today: datetime.date) -> int:
    """The year a new programme is most likely for: after the newest one, or this year."""
    return max([p.jaar + 1 for p in rows] + [today.year])


# --- the actions of a programme -----------------------------------------------------------------


def with_flags(acties: QuerySet[Actie], today: datetime.date, now: datetime.datetime) -> QuerySet[Actie]:
    """``te_laat`` (ActieQuerySet.overdue) and ``stilgevallen`` (ActieQuerySet.stalled) on every row."""
    return acties.annotate(te_laat=_flag(overdue(today)), stilgevallen=_flag(stalled(now)))


def _flag(condition: Q) -> Case:
    """True or False, never NULL (an action without an end date is not late)."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


ROW_ORDER = ("thema__veld__nummer", "thema__volgorde", "thema__naam", "actiepunt", "pk")


def rows(acties: QuerySet[Actie], today: datetime.date, now: datetime.datetime) -> QuerySet[Actie]:
    """Actions as the list, the API and the exports show them: by veld and theme, with flags (one query)."""
    return with_flags(acties.select_related(*ROW_RELATED).order_by(*ROW_ORDER), today, now)


def row_keys(acties: QuerySet[Actie]) -> QuerySet[Actie, Any]:
    """The ids of the actions in the order of ``rows``, for a page that reads only its own rows."""
    return acties.order_by(*ROW_ORDER).values_list("pk", flat=True)


@dataclass
class Groep:
    """The actions of one veld on a page of the list."""

    veld: Veld
    acties: list[Actie] = field(default_factory=list)


def by_veld(acties: list[Actie]) -> list[Groep]:
    """The (already ordered) actions grouped by the veld of their theme."""
    groups: list[Groep] = []
    for actie in acties:
        if not groups or groups[-1].veld.pk != actie.thema.veld_id:
            groups.append(Groep(actie.thema.veld))
        groups[-1].acties.append(actie)
    return groups


def summary(acties: QuerySet[Actie], today: datetime.date, now: datetime.datetime) -> dict[str, int]:
    """Total, done, overdue and stalled actions of a programme (one query)."""
    return acties.aggregate(
        totaal=Count("pk"),
        afgerond=Count("pk", filter=Q(status=ActieStatus.AFGEROND)),
        te_laat=Count("pk", filter=overdue(today)),
        stilgevallen=Count("pk", filter=stalled(now)),
    )


# --- monitoring -------------------------------------------------------------------------------


def getal(value: Decimal | None) -> str:
    """A figure as a Dutch reader writes it: no trailing zeros, a decimal comma; — when unknown."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


@dataclass
class DoelStand:
    """One goal with its latest measurement and the judgement, as the monitoring shows them."""

    doel: Doelstelling
    status: GoalStatus

    @property
    def nulmeting(self) -> str:
        return getal(self.doel.nulmeting)

    @property
    def streefwaarde(self) -> str:
        return getal(self.doel.streefwaarde)

    @property
    def laatste(self) -> str:
        return getal(self.status.laatste.waarde) if self.status.laatste else "—"


@dataclass
class ThemaStand:
    """How one theme is doing: its goals against their targets and its actions of the programme."""

    thema: Thema
    doelen: list[DoelStand] = field(default_factory=list)
    totaal: int = 0
    afgerond: int = 0
    te_laat: int = 0
    stilgevallen: int = 0


@dataclass
class Stand:
    """The monitoring of the plan: the plan, the programme read beside it and every theme of either,
    and the first ``LISTED`` late and stalled actions of the programme (the programme's filters show all)."""

    plan: Plan | None
    programma: Programma | None
    themas: list[ThemaStand]
    te_laat: list[Actie] = field(default_factory=list)
    stilgevallen: list[Actie] = field(default_factory=list)

    @property
    def doelen(self) -> list[DoelStand]:
        return [doel for item in self.themas for doel in item.doelen]


def current_plan(member: Member) -> Plan | None:
    """The adopted plan, or the one being worked on when none is adopted (one query)."""
    plans = list(plans_for_a_programme(member))
    adopted = [p for p in plans if p.status == PlanStatus.VASTGESTELD]
    return next(iter(adopted or plans), None)


def current_programma(member: Member, year: int) -> Programma | None:
    """The programme of ``year``; else the newest before it; else the first after it (one query)."""
    found = list(Programma.objects.visible_to(member).order_by("jaar"))
    earlier = [p for p in found if p.jaar <= year]
    return earlier[-1] if earlier else (found[0] if found else None)


def stand(member: Member, today: datetime.date, now: datetime.datetime) -> Stand:
    """Goals and actions per theme, in a fixed number of queries (plan, programme, themes, goals with the
    ids of their latest measurements, those measurements, action counts, the first late and the first
    stalled actions)."""
    plan = current_plan(member)
    if plan is None:
        return Stand(None, None, [])
    programma = current_programma(member, today.year)
    acties = Actie.objects.visible_to(member).filter(programma=programma)
    shown = Q(Exists(Doelstelling.objects.filter(plan=plan, thema=OuterRef("pk"))))
    if programma is not None:
        shown |= Q(Exists(Actie.objects.filter(programma=programma, thema=OuterRef("pk"))))
    themas = {
        t.pk: ThemaStand(t)
        for t in Thema.objects.visible_to(member)
        .filter(shown)
        .select_related("veld")
        .only("code", "naam", "veld__naam", "veld__nummer")
        .order_by("veld__nummer", "volgorde", "naam")
    }
    doelen = list(Doelstelling.objects.visible_to(member).filter(plan=plan).select_related("indicator", "plan"))
    for doel, status in goal_statuses(doelen):
        themas[doel.thema_id].doelen.append(DoelStand(doel, status))
    counts = acties.values("thema_id").annotate(
        totaal=Count("pk"),
        afgerond=Count("pk", filter=Q(status=ActieStatus.AFGEROND)),
        te_laat=Count("pk", filter=overdue(today)),
        stilgevallen=Count("pk", filter=stalled(now)),
    )
    for row in counts.order_by():
        item = themas[row["thema_id"]]
        item.totaal, item.afgerond = row["totaal"], row["afgerond"]
        item.te_laat, item.stilgevallen = row["te_laat"], row["stilgevallen"]
    listed = acties.select_related("organisatie", "thema").order_by("eind", "actiepunt", "pk")
    return Stand(
        plan,
        programma,
        list(themas.values()),
        te_laat=list(listed.filter(overdue(today))[:LISTED]),
        stilgevallen=list(
            listed.filter(stalled(now)).order_by(F("voortgang_op").asc(nulls_first=True), "eind")[:LISTED]
        ),
    )


# The judgements of a goal (monitoring.GoalStatus.label), in the order the start page lists them.
KOERSEN = ("Op koers", "Niet op koers", "Bereikt", "Nog niet te beoordelen", "Nog geen meting")


@dataclass(frozen=True)
class Koers:
    """The plan's goals per judgement and the late actions of its current programme (start page)."""

    plan: Plan | None
    doelen: tuple[tuple[str, int], ...] = ()  # per judgement of KOERSEN: its label, the number of goals
    programma: Programma | None = None
    acties: int = 0  # actions of the programme
    te_laat: int = 0  # of those, open past their end date


def koers(member: Member, today: datetime.date) -> Koers:
    """Whether the plan is on track, for the start page (queries: the plan, the programme, the goals,
    their latest measurements (two), the programme's action counts)."""
    plan = current_plan(member)
    if plan is None:
        return Koers(None)
    programma = current_programma(member, today.year)
    doelen = list(Doelstelling.objects.visible_to(member).filter(plan=plan).select_related("indicator", "plan"))
    labels = [status.label for _doel, status in goal_statuses(doelen)]
    counts = {"acties": 0, "te_laat": 0}
    if programma is not None:
        counts = (
            Actie.objects.visible_to(member)
            .filter(programma=programma)
            .aggregate(acties=Count("pk"), te_laat=Count("pk", filter=overdue(today)))
        )
    return Koers(
        plan,
        tuple((label, labels.count(label)) for label in KOERSEN),
        programma,
        counts["acties"],
        counts["te_laat"],
    )


def stand_totals(themas: list[ThemaStand]) -> dict[str, int]:
    """The counts of all themes together (no query)."""
    totals: dict[str, int] = defaultdict(int)
    for t in themas:
        totals["totaal"] += t.totaal
        totals["afgerond"] += t.afgerond
        totals["te_laat"] += t.te_laat
        totals["stilgevallen"] += t.stilgevallen
        totals["doelen"] += len(t.doelen)
    return dict(totals)
