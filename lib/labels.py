"""Display labels of choice fields, translated once per list instead of once per row.

``get_FOO_display()`` looks the value up among all choices, which translates every lazy
label each time; on a list of fifty rows that is most of the rendering time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")


def with_labels(rows: Iterable[_T], field: str, choices: Sequence[tuple[str, Any]]) -> list[_T]:
    """Set ``<field>_label`` on every row to the translated label of its ``field`` value."""
    labels = {value: str(label) for value, label in choices}
    result = list(rows)
    for row in result:
        value = getattr(row, field)
        setattr(row, f"{field}_label", labels.get(value, value))
    return result
