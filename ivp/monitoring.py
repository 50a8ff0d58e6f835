"""Is the plan on track? Goals against their targets, and actions that are late or stalled.

All functions read in a fixed number of queries whatever the number of goals or actions, so the
pages that use them keep their query budget.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from .models import Doelstelling, Indicator, Meting


@dataclass(frozen=True)
class GoalStatus:
    laatste: Meting | None
    op_koers: bool | None  # None: cannot be judged (no target, baseline or measurement)
    bereikt: bool

    @property
    def label(self) -> str:
        if self.bereikt:
            return "Bereikt"
        if self.op_koers is None:
            return "Nog niet te beoordelen" if self.laatste else "Nog geen meting"
        return "Op koers" if self.op_koers else "Niet op koers"


def latest_by_indicator(indicator_ids: Iterable[Any]) -> dict[Any, Meting]:
    """The newest gemeente-wide figure of each indicator (a year's figure before its months), in two queries.

    Each indicator looks up only its own newest figure in the series index, so ten years of monthly
    figures cost no more than one.
    """
    ids = list({i for i in indicator_ids if i is not None})
    if not ids:
        return {}
    newest = (
        Meting.objects.filter(indicator_id=OuterRef("pk"), gebied="")
        .order_by("-jaar", F("maand").asc(nulls_first=True))
        .values("pk")[:1]
    )
    newest_ids = [pk for pk in Indicator.objects.filter(pk__in=ids).values_list(Subquery(newest), flat=True) if pk]
    rows = Meting.objects.filter(pk__in=newest_ids).order_by() if newest_ids else []
    return {m.indicator_id: m for m in rows}


def judge(doel: Doelstelling, laatste: Meting | None, *, today: datetime.date | None = None) -> GoalStatus:
    """Compare the latest measurement with the target, given the time that has passed.

    A goal is on track when the distance covered from baseline to target is at least the share of
    the time that has passed (minus a tenth of slack); reached when the target itself is met.
    """
    today = today or timezone.localdate()
    target, base = doel.streefwaarde, doel.nulmeting
    if laatste is None or target is None:
        return GoalStatus(laatste, None, False)
    lower = doel.indicator.lager_is_beter if doel.indicator else True
    value = laatste.waarde
    reached = value <= target if lower else value >= target
    if reached:
        return GoalStatus(laatste, True, True)
    if base is None or base == target:
        return GoalStatus(laatste, None, False)
    covered = (base - value) / (base - target)
    start = datetime.date(doel.plan.startjaar, 1, 1)
    end = doel.deadline or datetime.date(doel.plan.eindjaar, 12, 31)
    span = max((end - start).days, 1)
    elapsed = Decimal(min(max((today - start).days, 0), span)) / span
    return GoalStatus(laatste, covered >= elapsed - Decimal("0.1"), False)


def goal_status(doel: Doelstelling) -> GoalStatus:
    """The status of one goal (one query for its latest measurement)."""
    laatste = latest_by_indicator([doel.indicator_id]).get(doel.indicator_id)
    return judge(doel, laatste)


def goal_statuses(doelen: list[Doelstelling]) -> list[tuple[Doelstelling, GoalStatus]]:
    """Every goal with its status, in one query for all latest measurements."""
    latest = latest_by_indicator(d.indicator_id for d in doelen)
    return [(d, judge(d, latest.get(d.indicator_id))) for d in doelen]
