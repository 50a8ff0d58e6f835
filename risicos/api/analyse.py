"""The analyses over the whole register, each computed in SQL with a fixed number of queries: the heat
map, the gaps in the security chain, the kader's goals and uitgangspunten without a measure, the costs.

Under ``/risico-analyse``, so no path can be taken for the id of a risk.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Value, When
from ninja import Router

from accounts.http import AuthenticatedHttpRequest

from .. import analysis
from ..models import Maatregel, Risico
from .common import TAGS, current_matrix, read_extra, reader
from .schemas import HeatmapOut, KaderAnalyseOut, KetenAnalyseOut, KostenOut

router = Router(tags=TAGS, by_alias=True)


@router.get(
    "/risico-analyse/heatmap",
    response=HeatmapOut,
    summary="Heatmap van het register",
    openapi_extra=read_extra(needs_register=True),
)
def get_risico_analyse_heatmap(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Per cel van de actuele matrix het aantal risico's met die bruto en die netto score, met het niveau
    van de cel en of zij boven de risicobereidheid ligt. De risico's van een cel: /risicos?cel=bruto-4-5."""
    # Queries: the matrix, the two heat maps.
    reader(request)
    matrix = current_matrix(request)
    risicos = Risico.objects.visible_to(request.membership)
    bruto, netto = (analysis.heatmap(risicos, matrix, prefix) for prefix in ("bruto", "netto"))
    cellen = []
    for row in range(matrix.kans_size):
        kans = matrix.kans_size - row
        for impact in range(1, matrix.impact_size + 1):
            niveau = int(matrix.niveau(kans, impact) or 0)
            cellen.append(
                {
                    "kans": kans,
                    "impact": impact,
                    "niveau": niveau,
                    "niveau_naam": matrix.niveau_naam(niveau),
                    "boven_risicobereidheid": matrix.boven_tolerantie(niveau),
                    "bruto": bruto[row][impact - 1],
                    "netto": netto[row][impact - 1],
                }
            )
    return {
        "matrix_id": matrix.pk,
        "versie": matrix.nummer,
        "cellen": cellen,
        "bruto_gescoord": sum(c["bruto"] for c in cellen),
        "bruto_boven": sum(c["bruto"] for c in cellen if c["boven_risicobereidheid"]),
        "netto_gescoord": sum(c["netto"] for c in cellen),
        "netto_boven": sum(c["netto"] for c in cellen if c["boven_risicobereidheid"]),
    }


@router.get("/risico-analyse/keten", response=KetenAnalyseOut, summary="Gaten in de keten", openapi_extra=read_extra())
def get_risico_analyse_keten(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Per gat in de beveiligingsketen het aantal risico's dat het heeft (dezelfde regel als bij één
    risico); de risico's zelf: /risicos?gat=…."""
    # Queries: the risks and the gaps, in one.
    reader(request)
    risicos = Risico.objects.visible_to(request.membership)
    counts = risicos.aggregate(
        risicos=Count("pk"), **{key: Count("pk", filter=analysis.gap_filter(key)) for key in analysis.GAPS}
    )
    return {
        "risicos": counts.pop("risicos"),
        "gaten": [{"code": key, "tekst": tekst, "aantal_risicos": counts[key]} for key, tekst in analysis.GAPS.items()],
    }


@router.get(
    "/risico-analyse/kader",
    response=KaderAnalyseOut,
    summary="Doelen en uitgangspunten zonder maatregel",
    openapi_extra=read_extra(),
)
def get_risico_analyse_kader(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """De beveiligingsdoelen en uitgangspunten van het kader (de vastgestelde versie, anders de laatste)
    die geen maatregel dient: wat het kader belooft en het register (nog) niet waarmaakt."""
    # Queries: the kader version; its goals and uitgangspunten without a measure.
    from kader.models import KaderVersie

    reader(request)
    adopted_first = Case(When(status="vastgesteld", then=Value(1)), default=Value(0))
    versie = KaderVersie.objects.visible_to(request.membership).order_by(adopted_first.desc(), "-nummer").first()
    if versie is None:
        return {"kader_versie_id": None, "doelen": [], "uitgangspunten": []}
    return {"kader_versie_id": versie.pk, **analysis.untraced(request.membership.gemeente_id, versie)}


@router.get(
    "/risico-analyse/kosten", response=list[KostenOut], summary="Kosten van de maatregelen", openapi_extra=read_extra()
)
def list_risico_analyse_kosten(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """De eenmalige en jaarlijkse kosten van de maatregelen (niet vervallen) per thema en soort; een
    maatregel met twee thema's telt bij allebei."""
    # Queries: the costs, grouped in SQL.
    reader(request)
    costs = analysis.costs(Maatregel.objects.visible_to(request.membership))
    return [
        {
            "thema": thema or None,
            "soort": soort,
            "eenmalig": float(cell["eenmalig"]),
            "jaarlijks": float(cell["jaarlijks"]),
        }
        for thema, per_soort in sorted(costs.items(), key=lambda item: (item[0] == "", item[0]))
        for soort, cell in sorted(per_soort.items())
    ]
