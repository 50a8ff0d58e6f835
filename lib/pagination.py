"""One page of a list, with the page numbers the NLDS pagination shows (?pagina=N)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, items: Any, per_page: int) -> Page[Any]:
    page = Paginator(items, per_page).get_page(request.GET.get("pagina"))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))  # type: ignore[attr-defined]  # for the pager template
    return page
