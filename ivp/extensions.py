"""Where apps above the IVP add to its pages without the IVP importing them (ADR 0007: layers).

``PRIORITERING_SECTIONS``: callables ``(member, plan) -> html`` whose output the priorities page
shows below its table; the bijeenkomsten app adds the results of the plan's closed sessions.
``THEMA_SECTIONS``: callables ``(member, thema) -> html`` whose output the page of a theme of veld 5
shows below its links to the kader; the risk register adds the risks and measures the theme
points to. Each may cost a fixed number of queries (``tests/test_query_budgets.py`` counts them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString

PRIORITERING_SECTIONS: list[Callable[[Any, Any], SafeString | str]] = []


def prioritering_sections(member: Any, plan: Any) -> list[SafeString | str]:
    return [html for section in PRIORITERING_SECTIONS if (html := section(member, plan))]


THEMA_SECTIONS: list[Callable[[Any, Any], SafeString | str]] = []


def thema_sections(member: Any, thema: Any) -> list[SafeString | str]:
    return [html for section in THEMA_SECTIONS if (html := section(member, thema))]
