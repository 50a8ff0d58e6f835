"""The one-page infographic of a plan as data: :class:`ivp.infographic.Infographic` from the database.

:func:`infographic_of` reads, in a fixed number of queries whatever the size of the plan:

* the gemeente's name and primary colour (its theme settings) and the plan's title and period;
* the priorities (``Prioritering`` on the level *prioriteit*), each with its SMART goals: baseline,
  target, unit, the year of the deadline, the latest value and whether it is on track
  (:mod:`ivp.monitoring`);
* at most four key figures: the latest value and trend of the indicators of those goals;
* the partner organisations that carry out actions of the plan's programmes, or else all the
  gemeente's partner organisations.

The SVG, the text alternative and the PNG are :mod:`ivp.infographic`'s.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from organisations.models import PartnerOrganisatie

from .choices import Niveau
from .infographic import MAX_KERNCIJFERS, Doel, Infographic, Kerncijfer, Prioriteit, Trend
from .models import Actie, Doelstelling, Indicator, Meting, Plan, Prioritering
from .monitoring import judge, latest_by_indicator


def _trend(indicator: Indicator, metingen: list[Meting]) -> Kerncijfer:
    """The newest figure and its direction since the one before (yearly figures where there are any)."""
    jaarlijks = [m for m in metingen if m.maand is None]
    reeks = jaarlijks or metingen
    laatste = reeks[-1] if reeks else None
    trend: Trend = "gelijk"
    goed: bool | None = None
    if len(reeks) >= 2 and reeks[-1].waarde != reeks[-2].waarde:
        stijgt = reeks[-1].waarde > reeks[-2].waarde
        trend = "stijgend" if stijgt else "dalend"
        goed = stijgt != indicator.lager_is_beter
    return Kerncijfer(
        label=indicator.naam,
        waarde=laatste.waarde if laatste else None,
        eenheid=indicator.eenheid,
        trend=trend,
        trend_is_goed=goed,
    )


def _partners(plan: Plan) -> list[str]:
    """Who carries out the actions of the plan's programmes; else every partner of the gemeente."""
    partners = PartnerOrganisatie.objects.filter(gemeente_id=plan.gemeente_id).order_by("name")
    on_actions = Actie.objects.filter(programma__plan=plan, organisatie__isnull=False).values("organisatie_id")
    names = list(partners.filter(pk__in=on_actions).values_list("name", flat=True))
    return names or list(partners.values_list("name", flat=True))


def infographic_of(plan: Plan) -> Infographic:
    """The infographic of ``plan`` (from ``visible_to`` with ``select_related("gemeente")``).

    Queries: the priorities, their goals, the goals' latest figures, the key figures' series, and
    one or two for the partners (3 to 6, whatever the number of priorities, goals or figures).
    """
    prioriteit = {"thema__prioriteringen__plan": plan, "thema__prioriteringen__niveau": Niveau.PRIORITEIT}
    prioriteringen = sorted(
        Prioritering.objects.filter(plan=plan, niveau=Niveau.PRIORITEIT).select_related("thema__veld"),
        key=lambda p: (p.thema.veld.nummer, p.thema.volgorde, p.thema.naam),
    )
    doelen = list(Doelstelling.objects.filter(plan=plan, **prioriteit).select_related("indicator").order_by("volgorde"))
    latest = latest_by_indicator(d.indicator_id for d in doelen)
    per_thema: dict[Any, list[Doel]] = defaultdict(list)
    indicatoren: dict[Any, Indicator] = {}
    for doel in doelen:
        doel.plan = plan  # the judgement reads the plan's period: no query per goal
        status = judge(doel, latest.get(doel.indicator_id))
        per_thema[doel.thema_id].append(
            Doel(
                tekst=doel.wat,
                nulwaarde=doel.nulmeting,
                streefwaarde=doel.streefwaarde,
                eenheid=doel.indicator.eenheid if doel.indicator else "",
                jaar=doel.deadline.year if doel.deadline else None,
                laatste_waarde=status.laatste.waarde if status.laatste else None,
                op_koers=True if status.bereikt else status.op_koers,
            )
        )
        if doel.indicator is not None:
            indicatoren.setdefault(doel.indicator.pk, doel.indicator)
    kern = list(indicatoren.values())[:MAX_KERNCIJFERS]
    reeksen: dict[Any, list[Meting]] = defaultdict(list)
    if kern:
        figures = Meting.objects.filter(indicator_id__in=[i.pk for i in kern], gebied="")
        for meting in figures.order_by("indicator_id", "jaar", "maand"):
            reeksen[meting.indicator_id].append(meting)
    return Infographic(
        gemeente=plan.gemeente.name,
        titel=plan.titel,
        periode=plan.periode,
        prioriteiten=[Prioriteit(thema=p.thema.naam, doelen=per_thema.get(p.thema_id, [])) for p in prioriteringen],
        kerncijfers=[_trend(indicator, reeksen[indicator.pk]) for indicator in kern],
        partners=_partners(plan),
        primaire_kleur=plan.gemeente.primary_colour,
    )
