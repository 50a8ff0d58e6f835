"""One page of a list, with the page numbers the NLDS pagination shows (?pagina=N)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(
    request: HttpRequest, items: Any, per_page: int, *, fill: Callable[[list[Any]], Iterable[Any]] | None = None
) -> Page[Any]:
    """The requested page of ``items``.

    ``fill``: for a long list whose rows are costly to read (many joins), ``items`` holds only the
    ordered primary keys; ``fill`` reads the rows of the page's keys, and the page keeps the order
    of the keys. The database then joins and sorts narrow rows only (one query more, always).
    """
    page = Paginator(items, per_page).get_page(request.GET.get("pagina"))
    if fill is not None:
        page.object_list = in_order(list(page.object_list), fill)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))  # type: ignore[attr-defined]  # for the pager template
    return page


def in_order(keys: list[Any], fill: Callable[[list[Any]], Iterable[Any]]) -> list[Any]:
    """The objects that ``fill`` reads for these primary keys, in the order of the keys."""
    found = {obj.pk: obj for obj in fill(keys)} if keys else {}
    return [found[key] for key in keys if key in found]
