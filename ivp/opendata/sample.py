"""SYNTHETIC police figures in the real layouts of table 47018NED, for benchmarks and the demo.

The numbers are made up (deterministic for a seed); only the layout is real: the bulk CSV
and the TypedDataSet JSON of "Geregistreerde misdrijven; soort misdrijf, wijk, buurt". Never
present them as police figures.

    python -m ivp.opendata.sample 100000 > /tmp/47018NED.csv
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import sys
from collections.abc import Iterator
from typing import Any

from .tables import codelijst

TABEL = "47018NED"
KOLOMMEN = (
    "ID",
    "SoortMisdrijf",
    "WijkenEnBuurten",
    "Perioden",
    "GeregistreerdeMisdrijven_1",
    "Gemeentenaam_2",
    "SoortRegio_3",
)
METADATA = f"https://dataderden.cbs.nl/ODataApi/OData/{TABEL}/$metadata#Cbs.OData.WebAPI.TypedDataSet"
BUURTEN_PER_WIJK = 7


def _regions(gemeente_code: str, count: int) -> list[tuple[str, str]]:
    """(key, kind) for the gemeente, then each wijk followed by its buurten."""
    number = gemeente_code[2:]
    regions = [(gemeente_code, "Gemeente")]
    wijk = 0
    while len(regions) < count:
        regions.append((f"WK{number}{wijk:02d}", "Wijk"))
        for buurt in range(BUURTEN_PER_WIJK):
            regions.append((f"BU{number}{wijk:02d}{buurt:02d}", "Buurt"))
        wijk += 1
    return regions[:count]


def _rows(rows: int, gemeente_code: str, gemeente_naam: str, seed: int) -> Iterator[tuple[Any, ...]]:
    """Rows in the cube's order (crime type, region, period), ``ID`` being the position."""
    rng = random.Random(seed)
    codes = [key.ljust(6) for key in codelijst("misdrijf").titels]
    years = [f"{jaar}JJ00" for jaar in range(2012, 2024)]
    region_count = max(1, math.ceil(rows / (len(codes) * len(years))))
    regions = _regions(gemeente_code, region_count)
    scale = {"Gemeente": 40.0, "Wijk": 8.0, "Buurt": 1.5}
    position = 0
    for code in codes:
        weight = 5.0 if code.startswith("0.0.0") else rng.uniform(0.05, 1.0)
        for key, kind in regions:
            # A level and a drift per series, with noise per year: a trend, not static.
            level, drift = scale[kind] * weight * rng.uniform(0.5, 1.5), rng.uniform(-0.06, 0.04)
            for index, period in enumerate(years):
                if position >= rows:
                    return
                value: int | None = max(0, round(level * (1 + drift) ** index * rng.uniform(0.8, 1.2)))
                name, soort = gemeente_naam, kind
                if value == 0 and kind == "Buurt":
                    name, soort = "", ""  # a buurt without registrations: blank name and type
                elif rng.random() < 0.01:
                    value = None  # suppressed
                yield (position, code, key.ljust(10), period, value, name.ljust(30), soort.ljust(8))
                position += 1


def sample_bulk_csv(
    rows: int, *, gemeente_code: str = "GM1680", gemeente_naam: str = "Aa en Hunze", seed: int = 0
) -> bytes:
    """SYNTHETIC: ``rows`` rows of 47018NED as its bulk CSV (quoted, padded keys, ID column)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(KOLOMMEN)
    for row in _rows(rows, gemeente_code, gemeente_naam, seed):
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue().encode("utf-8")


def sample_typed_json(
    rows: int, *, gemeente_code: str = "GM1680", gemeente_naam: str = "Aa en Hunze", seed: int = 0
) -> bytes:
    """SYNTHETIC: the same rows as one TypedDataSet answer of the OData v3 API."""
    records = [dict(zip(KOLOMMEN, row, strict=True)) for row in _rows(rows, gemeente_code, gemeente_naam, seed)]
    return json.dumps({"odata.metadata": METADATA, "value": records}).encode("utf-8")


def main(argv: list[str]) -> None:
    rows = int(argv[0]) if argv else 1000
    sys.stdout.buffer.write(sample_bulk_csv(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
