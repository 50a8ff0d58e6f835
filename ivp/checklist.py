"""The CCV quality check of a plan: per section of the CCV checklist, what is still missing and where to fix it.

The sections are those of ``content.CCV_SECTIES``; every finding is a Dutch sentence with the
page (and place) where it can be put right. The check reads the plan's priorities, its goals,
the indicators of its priority themes with their number of figures and the actions of the
programmes in its period: at most 4 queries, however large the plan.

It never blocks anything: the coördinator sees the findings before offering the plan for a
decision (``ivp:submit``), and anyone can read them (``ivp:checklist``, the API).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import reverse

from . import content
from .choices import Niveau, Soort
from .models import Actie, Doelstelling, Indicator, Meting, Plan, Prioritering, Thema
from .plannen import plan_url
from .smart import smart_problems

# About twenty pages of text: longer, and raad and partners lose the line from analysis to approach.
MAX_WOORDEN = 10_000
CHAPTERS = ("afbakening", "visie", "evaluatie_vorige", "organisatie", "budget", "evaluatieaanpak")
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Finding:
    """Something the CCV checklist asks for that the plan does not yet have."""

    sectie: str  # a key of content.CCV_SECTIES
    tekst: str  # Dutch, a whole sentence
    url: str | None  # where to put it right (None: that page is not available)


@dataclass(frozen=True)
class Section:
    """One section of the checklist with its findings; in order when there are none."""

    key: str
    titel: str
    findings: list[Finding]

    @property
    def in_orde(self) -> bool:
        return not self.findings


def check(plan: Plan) -> list[Section]:
    """Every section of the CCV checklist with what ``plan`` still lacks (at most 4 queries)."""
    prioriteringen = list(
        Prioritering.objects.filter(plan=plan, thema__verborgen=False, thema__veld__verborgen=False).select_related(
            "thema"
        )
    )
    doelen = list(Doelstelling.objects.filter(plan=plan).select_related("thema", "indicator"))
    prioriteiten = [p.thema for p in prioriteringen if p.niveau == Niveau.PRIORITEIT]
    findings = [
        *afbakening_findings(plan),
        *evaluatie_vorige_findings(plan),
        *analyse_findings(plan, prioriteiten),
        *prioriteiten_findings(plan, prioriteringen),
        *doelen_findings(plan, prioriteiten, doelen),
        *aanpak_findings(plan, prioriteiten),
        *organisatie_findings(plan),
        *evaluatie_findings(plan),
    ]
    return [Section(key, titel, [f for f in findings if f.sectie == key]) for key, titel in content.CCV_SECTIES]


def count_findings(sections: Iterable[Section]) -> int:
    return sum(len(section.findings) for section in sections)


def _filled(value: str | None) -> bool:
    return bool((value or "").strip())


def words(plan: Plan) -> int:
    """The number of words of the plan's chapters."""
    return sum(len(WORD.findall(getattr(plan, name) or "")) for name in CHAPTERS)


# --- 1. afbakening, structuur en leesbaarheid ------------------------------------------------


def afbakening_findings(plan: Plan) -> list[Finding]:
    found = []
    if not _filled(plan.afbakening):
        found.append(
            Finding(
                "afbakening",
                "De afbakening ontbreekt: beschrijf waarover het plan gaat, voor wie het is en hoe het is opgebouwd.",
                plan_url(plan.pk, "id_afbakening"),
            )
        )
    total = words(plan)
    if total > MAX_WOORDEN:
        found.append(
            Finding(
                "afbakening",
                f"Het plan telt {total} woorden. Houd het beknopt (hoogstens ongeveer {MAX_WOORDEN} woorden), zodat "
                "raad en partners de lijn van evaluatie via analyse, prioriteiten en doelen naar de aanpak kunnen "
                "volgen.",
                plan_url(plan.pk),
            )
        )
    return found


# --- 2. evaluatie van de vorige periode --------------------------------------------------------


def evaluatie_vorige_findings(plan: Plan) -> list[Finding]:
    if _filled(plan.evaluatie_vorige) or plan.evaluatie_invoer:
        return []
    return [
        Finding(
            "evaluatie_vorige",
            "De evaluatie van de vorige periode ontbreekt: wat ging goed, wat kan beter, en wat leverden de doelen "
            "van het vorige plan op?",
            plan_url(plan.pk, "id_evaluatie_vorige"),
        )
    ]


# --- 3. veiligheidsanalyse ---------------------------------------------------------------------


def _theme_url(thema: Thema) -> str:
    return reverse("ivp:thema", kwargs={"pk": thema.pk})


def analyse_findings(plan: Plan, prioriteiten: list[Thema]) -> list[Finding]:
    """Per priority theme: figures, the story behind them, and a measured perception (1 query)."""
    if not prioriteiten:
        if Meting.objects.filter(gemeente_id=plan.gemeente_id).exists():
            return []
        return [Finding("analyse", "Er zijn nog geen cijfers vastgelegd of opgehaald.", reverse("ivp:analyse"))]
    counts = (
        Indicator.objects.filter(gemeente_id=plan.gemeente_id, thema__in=prioriteiten)
        .annotate(aantal=Count("metingen"))
        .values_list("thema_id", "soort", "aantal")
    )
    measured: set[Any] = set()
    perceived: set[Any] = set()
    for thema_id, soort, aantal in counts:
        if aantal:
            measured.add(thema_id)
            if soort == Soort.SUBJECTIEF:
                perceived.add(thema_id)
    found = []
    for thema in prioriteiten:
        url = _theme_url(thema)
        if thema.pk not in measured:
            found.append(
                Finding("analyse", f"Voor het prioriteitsthema ‘{thema}’ zijn nog geen cijfers vastgelegd.", url)
            )
        if not _filled(thema.verhaal):
            found.append(
                Finding("analyse", f"Bij het prioriteitsthema ‘{thema}’ ontbreekt het verhaal achter de cijfers.", url)
            )
        if thema.pk not in perceived:
            found.append(
                Finding(
                    "analyse",
                    f"Voor het prioriteitsthema ‘{thema}’ is de beleving niet gemeten: er is geen subjectieve "
                    "indicator (zoals uit de Veiligheidsmonitor) met een meting.",
                    url,
                )
            )
    return found


# --- 4. lokale prioriteiten ----------------------------------------------------------------------


def prioriteiten_findings(plan: Plan, prioriteringen: list[Prioritering]) -> list[Finding]:
    url = reverse("ivp:prioriteiten", kwargs={"pk": plan.pk})
    chosen = [p for p in prioriteringen if p.niveau == Niveau.PRIORITEIT]
    found = []
    if not chosen:
        found.append(Finding("prioriteiten", "Er is nog geen thema als prioriteit gekozen.", url))
    if len(chosen) > content.MAX_PRIORITEITEN:
        text = content.FOCUS_WAARSCHUWING.format(n=len(chosen), max=content.MAX_PRIORITEITEN)
        found.append(Finding("prioriteiten", text, url))
    for p in prioriteringen:
        if p.niveau and not _filled(p.onderbouwing):
            niveau = Niveau(p.niveau).label.lower()
            found.append(Finding("prioriteiten", f"De keuze van ‘{p.thema}’ als {niveau} is niet onderbouwd.", url))
    unscored = [p for p in prioriteringen if all(getattr(p, c) is None for c in Prioritering.CRITERIA)]
    if len(unscored) == 1:
        found.append(Finding("prioriteiten", f"Het thema ‘{unscored[0].thema}’ is nog niet gescoord.", url))
    elif unscored:
        found.append(
            Finding(
                "prioriteiten",
                f"{len(unscored)} thema's zijn nog niet gescoord op omvang, ernst, trend, beleving en "
                "beïnvloedbaarheid.",
                url,
            )
        )
    return found


# --- 5. doelen ---------------------------------------------------------------------------------


def doelen_findings(plan: Plan, prioriteiten: list[Thema], doelen: list[Doelstelling]) -> list[Finding]:
    url = reverse("ivp:doelen", kwargs={"pk": plan.pk})
    with_goal = {doel.thema_id for doel in doelen}
    found = [
        Finding("doelen", f"Het prioriteitsthema ‘{thema}’ heeft nog geen doel.", url)
        for thema in prioriteiten
        if thema.pk not in with_goal
    ]
    return found + goal_findings(doelen, plan)


def goal_findings(doelen: Iterable[Doelstelling], plan: Plan) -> list[Finding]:
    """A finding per goal that is not SMART, naming what is missing (no queries)."""
    found = []
    for doel in doelen:
        problems = [f"{p.onderdeel.lower()}: {p.melding}" for p in smart_problems(doel, plan=plan)]
        if problems:
            wat = doel.wat if len(doel.wat) <= 80 else doel.wat[:79].rstrip() + "…"
            text = f"Het doel ‘{wat}’ is niet SMART: {'; '.join(problems)}."
            found.append(Finding("doelen", text, reverse("ivp:doelen", kwargs={"pk": doel.plan_id})))
    return found


# --- 6. aanpak ---------------------------------------------------------------------------------


def aanpak_findings(plan: Plan, prioriteiten: list[Thema]) -> list[Finding]:
    """Priority themes without an action in a programme of the plan's years (1 query)."""
    if not prioriteiten:
        return []
    acted = set(
        Actie.objects.filter(
            gemeente_id=plan.gemeente_id, programma__jaar__in=list(plan.jaren), thema__in=prioriteiten
        ).values_list("thema_id", flat=True)
    )
    url = reverse("ivp:programmas")
    return [
        Finding(
            "aanpak",
            f"Voor het prioriteitsthema ‘{thema}’ staat nog geen actie in een uitvoeringsprogramma van {plan.periode}.",
            url,
        )
        for thema in prioriteiten
        if thema.pk not in acted
    ]


# --- 7. organisatie en budget ------------------------------------------------------------------


def organisatie_findings(plan: Plan) -> list[Finding]:
    found = []
    if not _filled(plan.organisatie):
        found.append(
            Finding(
                "organisatie",
                "Beschrijf hoe de samenwerking, de regie en de verantwoordelijkheden zijn georganiseerd.",
                plan_url(plan.pk, "id_organisatie"),
            )
        )
    if not _filled(plan.budget):
        found.append(
            Finding(
                "organisatie",
                "Beschrijf welke middelen en welk budget er voor de uitvoering zijn.",
                plan_url(plan.pk, "id_budget"),
            )
        )
    return found


# --- 8. evaluatie ------------------------------------------------------------------------------


def evaluatie_findings(plan: Plan) -> list[Finding]:
    if _filled(plan.evaluatieaanpak):
        return []
    return [
        Finding(
            "evaluatie",
            "Beschrijf hoe het plan wordt gemonitord en geëvalueerd: het overleg met partners, de tussentijdse en de "
            "eindevaluatie, en het ritme van rapporteren aan college en raad.",
            plan_url(plan.pk, "id_evaluatieaanpak"),
        )
    ]
