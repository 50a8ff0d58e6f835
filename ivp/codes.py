"""The police code lists (crime and overlast types), read once from ``ivp/data``."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FILES = {"misdrijf": "politie_47018NED_dim_SoortMisdrijf.csv", "overlast": "politie_overlast_dim_Overlast.csv"}


@cache
def code_list(dimensie: str) -> dict[str, str]:
    """Stripped key → title without the leading code ("1.1.1" → "Diefstal/inbraak woning")."""
    with (DATA / FILES[dimensie]).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = {}
    for row in rows:
        key = row["Key"].strip()
        title = row["Title"].strip()
        result[key] = title.removeprefix(key).strip() if title.startswith(key) else title
    return result
