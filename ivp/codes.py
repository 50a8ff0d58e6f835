"""The police code lists (crime and overlast types) as the analysis shows them."""

from __future__ import annotations

from functools import cache
from typing import cast

from .opendata import codelijst
from .opendata.tables import Dimensie


@cache
def code_list(dimensie: str) -> dict[str, str]:
    """Stripped key → title without the leading code ("1.1.1" → "Diefstal/inbraak woning")."""
    titles = codelijst(cast(Dimensie, dimensie)).titels
    return {key: title.removeprefix(key).strip() if title.startswith(key) else title for key, title in titles.items()}
