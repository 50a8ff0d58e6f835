"""Where apps above the risk register add to a risk's page without this app importing them (ADR 0007:
layers).

``RISICO_SECTIONS``: callables ``(member, risico) -> html`` whose output the page of a risk shows
below its acceptances; the incidents add the reports linked to the risk, the exercise programme the
exercises with the risk as their scenario. The page is kept per gemeente revision and member
(``lib.revisions``), so a section may read what only that member sees. Each costs a fixed number of
queries (``tests/test_query_budgets.py`` counts them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, QuerySet, Window
from django.utils.safestring import SafeString

RISICO_SECTIONS: list[Callable[[Any, Any], SafeString | str]] = []


def risico_sections(member: Any, risico: Any) -> list[SafeString | str]:
    return [html for section in RISICO_SECTIONS if (html := section(member, risico))]


def first_with_count(found: QuerySet[Any], n: int) -> tuple[list[Any], int]:
    """The first ``n`` of ``found`` and how many there are in all, in one query."""
    rows = list(found.annotate(in_all=Window(Count("pk")))[:n])
    return rows, (rows[0].in_all if rows else 0)
