"""What a spreadsheet cannot give: the security chain per risk with its gaps, overlap, the kader's
goals without a measure, the heat map and the yearly costs — each computed in SQL with a fixed
number of queries, whatever the size of the register.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

from .models import (
    WERKEND,
    Maatregel,
    MaatregelRisico,
    MaatregelSoort,
    MaatregelStatus,
    Matrix,
    Risico,
    Schakel,
    Tegenstrijdigheid,
    Toets,
)

CHAIN = list(Schakel)
PREVENTIEF = (Schakel.ONTMOEDIGEN, Schakel.AFSCHERMEN, Schakel.TEGENHOUDEN)

# The gaps a chain can have: (key, text, the condition on the covered links).
GAPS: dict[str, str] = {
    "detectie_zonder_interventie": "Detectie zonder interventie: er wordt iets opgemerkt, maar niemand grijpt in.",
    "interventie_zonder_detectie": "Interventie zonder detectie: er kan worden ingegrepen, maar niets merkt de inbreuk op.",
    "niets_vertraagt": "Niets vertraagt: de tijd tussen opmerken en ingrijpen wordt niet gewonnen.",
    "geen_continuiteit": "Geen continuïteitsstap: als het toch misgaat, is er geen plan om door te werken.",
}


def _covers(schakel: str) -> Q:
    return Q(keten__contains=[schakel])


def gap_filter(gap: str) -> Q:
    """The risks that have the gap ``gap``, by the links their working measures cover (``keten``)."""
    return {
        "detectie_zonder_interventie": _covers("detecteren") & ~_covers("intervenieren"),
        "interventie_zonder_detectie": _covers("intervenieren") & ~_covers("detecteren"),
        "niets_vertraagt": ~_covers("vertragen"),
        "geen_continuiteit": ~_covers("continuiteit"),
    }[gap]


def gaps_of(covered: set[str]) -> list[str]:
    """The gap keys of a chain whose links in place are ``covered``."""
    found = []
    if Schakel.DETECTEREN in covered and Schakel.INTERVENIEREN not in covered:
        found.append("detectie_zonder_interventie")
    if Schakel.INTERVENIEREN in covered and Schakel.DETECTEREN not in covered:
        found.append("interventie_zonder_detectie")
    if Schakel.VERTRAGEN not in covered:
        found.append("niets_vertraagt")
    if Schakel.CONTINUITEIT not in covered:
        found.append("geen_continuiteit")
    return found


@dataclass
class Keten:
    """The security chain of one risk."""

    per_schakel: dict[str, list[Maatregel]] = field(default_factory=dict)  # link -> measures in place
    op_papier: list[Maatregel] = field(default_factory=list)  # linked, not (yet) in place
    werkt_niet: list[Maatregel] = field(default_factory=list)  # in place, but its last check failed
    tegenstrijdig: list[tuple[Maatregel, Maatregel, str]] = field(default_factory=list)

    @property
    def covered(self) -> set[str]:
        return {s for s, measures in self.per_schakel.items() if measures}

    @property
    def gaps(self) -> list[tuple[str, str]]:
        return [(key, GAPS[key]) for key in gaps_of(self.covered)]

    @property
    def overlap(self) -> dict[str, list[Maatregel]]:
        return {s: measures for s, measures in self.per_schakel.items() if len(measures) > 1}


def keten(risico: Risico) -> Keten:
    """The chain of one risk: two queries (its measures with their last check, their conflicts)."""
    return ketens([risico.pk])[risico.pk]


def ketens(risico_ids: list[Any]) -> dict[Any, Keten]:
    """The chains of the risks ``risico_ids``, by risk: two queries, however many risks.

    A measure not vervallen counts for a risk it is linked to: on paper while it is not in place,
    as not working when its last check failed, otherwise in each of its links of the chain.
    """
    last_check = (
        Toets.objects.filter(maatregel=OuterRef("maatregel_id"))
        .order_by("-datum", "-created_at")
        .values("resultaat")[:1]
    )
    links = (
        MaatregelRisico.objects.filter(risico_id__in=risico_ids)
        .exclude(maatregel__status=MaatregelStatus.VERVALLEN)
        .select_related("maatregel")
        .annotate(laatste_toets=Subquery(last_check))
        .order_by("maatregel__titel", "maatregel_id")
    )
    chains = {pk: Keten(per_schakel={s.value: [] for s in CHAIN}) for pk in risico_ids}
    measures: dict[Any, dict[Any, Maatregel]] = {pk: {} for pk in risico_ids}
    for link in links:
        m = link.maatregel
        m.laatste_toets = link.laatste_toets  # type: ignore[attr-defined]  # shown by the risk page
        measures[link.risico_id][m.pk] = m
        chain = chains[link.risico_id]
        if m.status not in WERKEND:
            chain.op_papier.append(m)
        elif link.laatste_toets == "niet":
            chain.werkt_niet.append(m)
        else:
            for s in m.schakels:
                chain.per_schakel[s].append(m)
    risks_of: dict[Any, set[Any]] = defaultdict(set)
    for pk, found in measures.items():
        for measure_pk in found:
            risks_of[measure_pk].add(pk)
    conflicts = Tegenstrijdigheid.objects.filter(maatregel_id__in=list(risks_of), andere_id__in=list(risks_of))
    for c in conflicts:
        for pk in sorted(risks_of[c.maatregel_id] & risks_of[c.andere_id], key=str):
            found = measures[pk]
            chains[pk].tegenstrijdig.append((found[c.maatregel_id], found[c.andere_id], c.toelichting))
    return chains


@dataclass(frozen=True)
class Suggestie:
    kans: int
    impact: int
    redenen: tuple[str, ...]


def suggest_netto(risico: Risico, chain: Keten) -> Suggestie | None:
    """A residual score suggested by the measures in place (the user decides).

    Each preventive link in place (ontmoedigen, afschermen, tegenhouden) lowers the kans one class;
    detection with intervention, delay and a continuity step each lower the impact one class;
    never below the lowest class.
    """
    if risico.bruto_kans is None or risico.bruto_impact is None:
        return None
    covered = chain.covered
    prevent = [s for s in PREVENTIEF if s in covered]
    impact_steps = []
    if Schakel.DETECTEREN in covered and Schakel.INTERVENIEREN in covered:
        impact_steps.append("detecteren en interveniëren")
    if Schakel.VERTRAGEN in covered:
        impact_steps.append("vertragen")
    if Schakel.CONTINUITEIT in covered:
        impact_steps.append("continuïteit")
    redenen = []
    if prevent:
        redenen.append("kans lager door " + ", ".join(str(Schakel(s).label) for s in prevent))
    if impact_steps:
        redenen.append("impact lager door " + ", ".join(impact_steps))
    return Suggestie(
        kans=max(1, risico.bruto_kans - len(prevent)),
        impact=max(1, risico.bruto_impact - len(impact_steps)),
        redenen=tuple(redenen),
    )


# --- the whole register -----------------------------------------------------------------------


def heatmap(risicos: QuerySet[Risico], matrix: Matrix, prefix: str) -> list[list[int]]:
    """Counts per cell (kans rows from high to low, impact columns from low to high), in one query."""
    kans, impact = f"{prefix}_kans", f"{prefix}_impact"
    grid = [[0] * matrix.impact_size for _ in range(matrix.kans_size)]
    rows = risicos.filter(matrix=matrix, **{f"{kans}__isnull": False}).values(kans, impact).annotate(n=Count("id"))
    for row in rows.order_by():
        k, i = row[kans], row[impact]
        if 1 <= k <= matrix.kans_size and 1 <= i <= matrix.impact_size:
            grid[matrix.kans_size - k][i - 1] = row["n"]
    return grid


def gap_counts(risicos: QuerySet[Risico]) -> dict[str, int]:
    """Per gap, the number of risks with it, in one query."""
    return risicos.aggregate(**{key: Count("pk", filter=gap_filter(key)) for key in GAPS})


def costs(maatregelen: QuerySet[Maatregel]) -> dict[str, dict[str, dict[str, Decimal]]]:
    """Yearly cost per theme and type (O/B/E/R): one-off and recurring, measures not vervallen.

    One query grouped by the measures' theme lists; a measure with two themes counts in both.
    """
    rows = (
        maatregelen.exclude(status=MaatregelStatus.VERVALLEN)
        .values("themas", "soort")
        .annotate(eenmalig=Sum("kosten_eenmalig"), jaarlijks=Sum("kosten_jaarlijks"))
        .order_by()
    )
    zero = Decimal("0")
    found: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: {"eenmalig": zero, "jaarlijks": zero})
    )
    for row in rows:
        for thema in row["themas"] or [""]:
            cell = found[thema][row["soort"]]
            cell["eenmalig"] += row["eenmalig"] or zero
            cell["jaarlijks"] += row["jaarlijks"] or zero
    return {thema: dict(per_soort) for thema, per_soort in found.items()}


def cost_rows(found: dict[str, dict[str, dict[str, Decimal]]]) -> list[dict[str, Any]]:
    """The rows of :func:`costs` as the page and the report show them: per theme (those without
    one last) its cells per type (O, B, E, R) and its totals, one-off and yearly."""
    from organisations.models import Thema as BeveiligingsThema

    zero = Decimal("0")
    rows = []
    for thema, per_soort in sorted(found.items(), key=lambda item: (item[0] == "", item[0])):
        cells = [per_soort.get(s.value, {"eenmalig": zero, "jaarlijks": zero}) for s in MaatregelSoort]
        rows.append(
            {
                "thema": str(BeveiligingsThema(thema).label) if thema else "Zonder thema",
                "cells": cells,
                "eenmalig": sum((c["eenmalig"] for c in cells), zero),
                "jaarlijks": sum((c["jaarlijks"] for c in cells), zero),
            }
        )
    return rows


def kader_versie(membership: Any) -> Any:
    """The kader version the measures are traced to: the adopted one, else the newest (one query)."""
    from kader.models import KaderVersie

    adopted_first = Case(When(status="vastgesteld", then=Value(1)), default=Value(0))
    return KaderVersie.objects.visible_to(membership).order_by(adopted_first.desc(), "-nummer").first()


def untraced(gemeente_id: Any, versie: Any) -> dict[str, list[Any]]:
    """The kader version's goals and uitgangspunten that no measure serves: two queries."""
    from kader.models import Doel, Uitgangspunt

    from .models import MaatregelDoel, MaatregelUitgangspunt

    doelen = Doel.objects.filter(gemeente_id=gemeente_id, versie=versie).exclude(
        Exists(MaatregelDoel.objects.filter(doel=OuterRef("pk")))
    )
    punten = Uitgangspunt.objects.filter(gemeente_id=gemeente_id, versie=versie).exclude(
        Exists(MaatregelUitgangspunt.objects.filter(uitgangspunt=OuterRef("pk")))
    )
    return {
        "doelen": list(doelen.order_by("volgorde", "titel")),
        "uitgangspunten": list(punten.order_by("groep", "volgorde")),
    }
