"""How far a version of the kader is: open points per step, gaps, the checklist, the next step.

Read-only: the overview, the step pages, the dashboard and the API show it; submitting a version
refuses while :func:`missing_parts` finds anything. :func:`standing` finds the versions a summary
shows (the open and the adopted one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lib.querysets import Member

from . import content
from .models import (
    Doel,
    KaderVersie,
    PdcaFase,
    StapActiviteit,
    Status,
    Uitgangspunt,
    UitgangspuntDoel,
    Verantwoordelijkheid,
    WetOfNorm,
)


@dataclass(frozen=True)
class OpenPoint:
    """Something a version still needs before it can go ter besluitvorming, and where to fix it."""

    stap: str  # the step (Stap value) whose page fixes it
    text: str  # Dutch, complete sentence with the step's name first
    anchor: str  # the id of the place on that step page


@dataclass(frozen=True)
class StepState:
    """One step of a version: its checklist and open points."""

    stap: content.Stap
    gedaan: int
    totaal: int
    open_points: list[OpenPoint]

    @property
    def complete(self) -> bool:
        return not self.open_points and self.gedaan == self.totaal


def gaps(versie: KaderVersie) -> dict[str, list[Any]]:
    """Relevant goals without an uitgangspunt, and uitgangspunten without a goal (2 queries)."""
    linked_doelen = UitgangspuntDoel.objects.filter(versie=versie).values("doel_id")
    linked_punten = UitgangspuntDoel.objects.filter(versie=versie).values("uitgangspunt_id")
    return {
        "doelen_zonder_uitgangspunt": list(
            Doel.objects.filter(versie=versie).exclude(relevant=False).exclude(pk__in=linked_doelen)
        ),
        "uitgangspunten_zonder_doel": list(Uitgangspunt.objects.filter(versie=versie).exclude(pk__in=linked_punten)),
    }


def missing_parts(versie: KaderVersie) -> list[OpenPoint]:
    """Every required part that is still empty, in the order of the steps (7 queries)."""
    points = []
    if not (versie.visie or "").strip():
        points.append(OpenPoint("visie", "Visie: de visietekst ontbreekt.", "id_visie"))
    if not (versie.visie_onderbouwing or "").strip():
        points.append(
            OpenPoint("visie", "Visie: de onderbouwing van de gekozen variant ontbreekt.", "id_visie_onderbouwing")
        )
    if not versie.bedrijfsmiddelen:
        points.append(
            OpenPoint("scope", "Scope: er zijn geen bedrijfsmiddelen binnen de scope gekozen.", "middelen-kop")
        )
    undecided = WetOfNorm.objects.filter(versie=versie, van_toepassing__isnull=True).count()
    if undecided:
        points.append(
            OpenPoint(
                "scope",
                f"Scope: van {undecided} wetten en normen is nog niet bepaald of ze van toepassing zijn."
                if undecided > 1
                else "Scope: van één wet of norm is nog niet bepaald of die van toepassing is.",
                "wetten-kop",
            )
        )
    if not Doel.objects.filter(versie=versie, relevant=True).exists():
        points.append(OpenPoint("doelen", "Beveiligingsdoelen: er is geen doel als relevant gemarkeerd.", "doelen-kop"))
    if not Uitgangspunt.objects.filter(versie=versie).exists():
        points.append(OpenPoint("uitgangspunten", "Uitgangspunten: er zijn nog geen uitgangspunten.", "nieuw-punt-kop"))
    found = gaps(versie)
    for doel in found["doelen_zonder_uitgangspunt"]:
        points.append(
            OpenPoint(
                "uitgangspunten", f"Uitgangspunten: het doel ‘{doel.titel}’ heeft geen uitgangspunt.", "nieuw-punt-kop"
            )
        )
    for punt in found["uitgangspunten_zonder_doel"]:
        points.append(
            OpenPoint(
                "uitgangspunten", f"Uitgangspunten: ‘{punt}’ is aan geen doel gekoppeld.", f"uitgangspunten-{punt.pk}"
            )
        )
    if not versie.governance:
        points.append(
            OpenPoint("kwaliteitssysteem", "Kwaliteitssysteem: er is geen governancevariant gekozen.", "governance-kop")
        )
    for fase in PdcaFase.objects.filter(versie=versie, wat__isnull=True):
        points.append(
            OpenPoint(
                "kwaliteitssysteem",
                f"Kwaliteitssysteem: de fase {fase.get_fase_display()} is niet beschreven.",
                f"pdca-{fase.pk}",
            )
        )
    if not Verantwoordelijkheid.objects.filter(versie=versie).exists():
        points.append(
            OpenPoint(
                "kwaliteitssysteem", "Kwaliteitssysteem: de verantwoordelijkheden zijn niet verdeeld.", "rollen-kop"
            )
        )
    return points


def progress(versie: KaderVersie) -> dict[str, tuple[int, int]]:
    """Per step: (activities done, activities in total) (1 query)."""
    result = {stap.key: (0, 0) for stap in content.STAPPEN}
    for stap, gedaan in StapActiviteit.objects.filter(versie=versie).values_list("stap", "gedaan_op"):
        done, total = result[stap]
        result[stap] = (done + (gedaan is not None), total + 1)
    return result


def steps(versie: KaderVersie) -> list[StepState]:
    """Every step with its checklist and open points (8 queries)."""
    counts = progress(versie)
    points = missing_parts(versie)
    return [StepState(stap, *counts[stap.key], [p for p in points if p.stap == stap.key]) for stap in content.STAPPEN]


def next_step(states: list[StepState]) -> StepState | None:
    """The first step that is not complete, or None when every step is."""
    return next((state for state in states if not state.complete), None)


@dataclass(frozen=True)
class Standing:
    """Where a gemeente's kader stands: the version being worked on and the version in force."""

    open: KaderVersie | None  # concept or ter besluitvorming (a gemeente has at most one)
    adopted: KaderVersie | None  # vastgesteld (at most one)

    @property
    def started(self) -> bool:
        """The gemeente has a kader (a superseded version always has an adopted successor)."""
        return self.open is not None or self.adopted is not None


def standing(member: Member) -> Standing:
    """The open and the adopted version of the member's gemeente (1 query).

    For pages that summarise the kader, such as the start page; :func:`steps` of the open
    version tells how far it is.
    """
    shown = [Status.CONCEPT, Status.TER_BESLUITVORMING, Status.VASTGESTELD]
    versies = list(KaderVersie.objects.visible_to(member).filter(status__in=shown))
    return Standing(
        open=next((v for v in versies if v.is_open), None),
        adopted=next((v for v in versies if v.status == Status.VASTGESTELD), None),
    )
