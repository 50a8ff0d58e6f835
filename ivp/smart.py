"""Is a goal SMART? A check of each part, in Dutch, for the goals page and the API.

``smart_problems`` is a pure function: it reads the goal, its indicator and its plan as they
were loaded (pages and API pass goals fetched with ``select_related("plan", "indicator")``) and
starts no query. The rules are deliberately simple and explainable; a goal without problems is
not automatically a good goal, but every problem named here is one a reader of the plan would
notice too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Doelstelling, Plan

SPECIFIEK = "Specifiek"
MEETBAAR = "Meetbaar"
ACCEPTABEL = "Acceptabel"
REALISTISCH = "Realistisch"
TIJDGEBONDEN = "Tijdgebonden"

MIN_WAT_LENGTH = 15
# A change larger than this share of the baseline within one plan period is rarely realistic.
MAX_CHANGE = Decimal("0.75")
# Phrases that name an effort rather than a result.
VAGUE_PHRASES = (
    "aandacht besteden aan",
    "aandacht voor",
    "inzetten op",
    "werken aan",
    "streven naar",
    "zorgen voor",
    "bijdragen aan",
    "verbeteren",
    "stimuleren",
    "bevorderen",
    "versterken",
    "optimaliseren",
    "intensiveren",
    "vergroten",
    "aanpakken",
    "verder ontwikkelen",
)
# Words that say nothing about what or whom (articles, pronouns, auxiliaries, small words).
FILLER = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "in",
        "op",
        "aan",
        "met",
        "bij",
        "te",
        "door",
        "naar",
        "om",
        "tot",
        "uit",
        "over",
        "we",
        "wij",
        "onze",
        "ons",
        "ze",
        "zij",
        "meer",
        "minder",
        "beter",
        "goed",
        "goede",
        "extra",
        "verder",
        "nog",
        "ook",
        "blijven",
        "blijvend",
        "gaan",
        "willen",
        "moeten",
        "worden",
        "wordt",
        "is",
        "zijn",
        "structureel",
        "integraal",
        "gericht",
        "gerichte",
        "actief",
    ]
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SmartProblem:
    """What is missing or vague in one part of SMART."""

    onderdeel: str  # "Specifiek", "Meetbaar", "Acceptabel", "Realistisch" or "Tijdgebonden"
    melding: str


def number(value: Decimal) -> str:
    """A figure as a Dutch reader writes it: 2,5 rather than 2.500."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _vague(wat: str) -> str | None:
    """The vague phrase when ``wat`` names an effort without saying what changes, else None."""
    lowered = wat.lower()
    found = next((phrase for phrase in VAGUE_PHRASES if phrase in lowered), None)
    if found is None or _DIGIT.search(wat):
        return None
    rest = lowered
    for phrase in VAGUE_PHRASES:
        rest = rest.replace(phrase, " ")
    meaningful = [word for word in _WORDS.findall(rest) if word not in FILLER]
    return found if len(meaningful) < 3 else None


def _specifiek(doel: Doelstelling) -> list[SmartProblem]:
    wat = (doel.wat or "").strip()
    if len(wat) < MIN_WAT_LENGTH:
        return [
            SmartProblem(
                SPECIFIEK,
                "De omschrijving is erg kort. Zeg wat er precies verandert, voor wie of waar.",
            )
        ]
    phrase = _vague(wat)
    if phrase:
        return [
            SmartProblem(
                SPECIFIEK,
                f"De omschrijving noemt een inspanning („{phrase}”) maar niet wat er concreet verandert. "
                "Zeg wat er verandert, bij wie of waar, en hoeveel.",
            )
        ]
    return []


def _meetbaar(doel: Doelstelling) -> list[SmartProblem]:
    problems = []
    if doel.indicator_id is None:
        problems.append(SmartProblem(MEETBAAR, "Er is geen indicator gekozen: waaraan ziet u dat het doel is bereikt?"))
    if doel.streefwaarde is None:
        problems.append(SmartProblem(MEETBAAR, "Er is geen streefwaarde: welk getal wilt u bereiken?"))
    return problems


def _acceptabel(doel: Doelstelling) -> list[SmartProblem]:
    if not (doel.eigenaar or "").strip():
        return [SmartProblem(ACCEPTABEL, "Er is geen eigenaar: wie staat ervoor aan de lat en stemt ermee in?")]
    return []


def _is_count(eenheid: str) -> bool:
    """Counts, rates and percentages cannot be negative."""
    unit = eenheid.strip().lower()
    return unit in {"aantal", "%", "procent"} or unit.startswith(("aantal", "per ", "%"))


def _realistisch(doel: Doelstelling) -> list[SmartProblem]:
    indicator, target, base = doel.indicator, doel.streefwaarde, doel.nulmeting
    if indicator is None or target is None:
        return []
    problems = []
    if target < 0 and _is_count(indicator.eenheid):
        problems.append(
            SmartProblem(
                REALISTISCH,
                f"De streefwaarde ({number(target)}) is negatief, maar deze indicator ({indicator.eenheid}) kan "
                "niet onder nul komen.",
            )
        )
    if indicator.eenheid.strip() in {"%", "procent"} and target > 100:
        problems.append(SmartProblem(REALISTISCH, f"De streefwaarde ({number(target)}) is meer dan 100 procent."))
    if base is None:
        return problems
    if indicator.lager_is_beter and target > base:
        problems.append(
            SmartProblem(
                REALISTISCH,
                f"Bij deze indicator is lager beter, maar de streefwaarde ({number(target)}) ligt boven de "
                f"nulmeting ({number(base)}).",
            )
        )
    elif not indicator.lager_is_beter and target < base:
        problems.append(
            SmartProblem(
                REALISTISCH,
                f"Bij deze indicator is hoger beter, maar de streefwaarde ({number(target)}) ligt onder de "
                f"nulmeting ({number(base)}).",
            )
        )
    if base != 0 and abs(target - base) / abs(base) > MAX_CHANGE:
        share = (abs(target - base) / abs(base) * 100).quantize(Decimal(1))
        problems.append(
            SmartProblem(
                REALISTISCH,
                f"De streefwaarde vraagt een verandering van {share}% ten opzichte van de nulmeting in één "
                "planperiode. Is dat haalbaar?",
            )
        )
    return problems


def _tijdgebonden(doel: Doelstelling, plan: Plan) -> list[SmartProblem]:
    if doel.deadline is None:
        return [SmartProblem(TIJDGEBONDEN, "Er is geen datum waarop het doel bereikt moet zijn.")]
    if not plan.startjaar <= doel.deadline.year <= plan.eindjaar:
        return [
            SmartProblem(
                TIJDGEBONDEN,
                f"De datum ({doel.deadline:%d-%m-%Y}) ligt buiten de looptijd van het plan ({plan.periode}).",
            )
        ]
    return []


def smart_problems(doel: Doelstelling, *, plan: Plan | None = None) -> list[SmartProblem]:
    """What is missing or vague in ``doel``, per SMART part in that order; empty when nothing is.

    ``plan`` defaults to the goal's own plan (loaded with the goal).
    """
    return [
        *_specifiek(doel),
        *_meetbaar(doel),
        *_acceptabel(doel),
        *_realistisch(doel),
        *_tijdgebonden(doel, plan if plan is not None else doel.plan),
    ]
