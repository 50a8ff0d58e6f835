"""From parsed open-data figures to the gemeente's indicators and measurements.

``preview`` says what an import would do without storing anything; ``apply`` stores it all or
nothing. Both take the figures of ``ivp.opendata`` (any of the file shapes or the API) and the
gemeente's own mapping of police codes to themes (``Misdrijfkoppeling``):

* only the gemeente's own figures are kept: the gemeente itself and its wijken and buurten
  (CBS codes ``GMxxxx``, ``WKxxxxyy``, ``BUxxxxyyzz``); a national file is filtered;
* each police code and topic becomes one indicator of the mapped theme
  (``bronsleutel`` ``politie:<misdrijf|overlast>:<code>:<topic>``), created when missing;
* a figure that is unknown, of a code not mapped to a theme, or of an area without a code is
  skipped, and the preview counts why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import pghistory
from django.db import connection, transaction

from .choices import Soort
from .models import Indicator, Meting, Misdrijfkoppeling, Thema

TOPICS = {
    "GeregistreerdeMisdrijven_1": "Geregistreerde misdrijven",
    "Aangiften_2": "Aangiften",
    "Internetaangiften_3": "Internetaangiften",
    "GeregistreerdeOverlast_1": "Geregistreerde overlast",
}
BATCH = 20_000


class Figure(Protocol):
    """One figure as ``ivp.opendata`` reads it."""

    @property
    def tabel(self) -> str: ...
    @property
    def onderwerp(self) -> str: ...
    @property
    def dimensie(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def gebied(self) -> str: ...
    @property
    def gebied_naam(self) -> str: ...
    @property
    def jaar(self) -> int: ...
    @property
    def maand(self) -> int | None: ...
    @property
    def waarde(self) -> Decimal | None: ...
    @property
    def voorlopig(self) -> bool: ...


@dataclass
class Preview:
    """What an import would store, and what it would skip and why."""

    tabel: str
    bewaren: int = 0
    nieuw: int = 0
    vervangen: int = 0
    overgeslagen: Counter[str] = field(default_factory=Counter)
    per_thema: Counter[str] = field(default_factory=Counter)
    nieuwe_indicatoren: list[str] = field(default_factory=list)
    niet_gekoppeld: Counter[str] = field(default_factory=Counter)
    perioden: tuple[str, str] | None = None
    gebieden: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "tabel": self.tabel,
            "bewaren": self.bewaren,
            "nieuw": self.nieuw,
            "vervangen": self.vervangen,
            "overgeslagen": dict(self.overgeslagen),
            "perThema": dict(self.per_thema),
            "nieuweIndicatoren": self.nieuwe_indicatoren,
            "nietGekoppeld": dict(self.niet_gekoppeld),
            "perioden": list(self.perioden) if self.perioden else None,
            "gebieden": self.gebieden,
        }


SKIP_REASONS = {
    "onbekend": "onbekende of geheime waarde",
    "andere_gemeente": "cijfer van een andere gemeente of van het land",
    "niet_gekoppeld": "code niet aan een thema gekoppeld",
    "geen_gebiedscode": "gebied zonder CBS-code (alleen de gemeente zelf wordt op naam herkend)",
}


def bronsleutel(fig: Figure) -> str:
    return f"politie:{fig.dimensie}:{fig.code}:{fig.onderwerp}"


def _area(fig: Figure, cbs_code: str, gemeente_naam: str) -> str | None:
    """'' for the gemeente itself, the area code for its wijken and buurten, None for anything else."""
    digits = cbs_code[2:]
    code = fig.gebied.strip().upper()
    if not code:
        return "" if fig.gebied_naam.strip().casefold() == gemeente_naam.strip().casefold() else None
    if code == cbs_code:
        return ""
    if code.startswith((f"WK{digits}", f"BU{digits}")):
        return code
    return None


@dataclass
class _Plan:
    """The figures to store, keyed as the unique constraint of Meting is."""

    rows: dict[tuple[str, int, int | None, str], tuple[Figure, Decimal]]
    preview: Preview
    themes: dict[str, Thema]  # bronsleutel -> theme of a new or existing indicator
    existing: dict[str, Indicator]


def _plan(figures: Iterable[Figure], *, gemeente: Any, tabel: str) -> _Plan:
    mapping = {
        (k.dimensie, k.code): k.thema
        for k in Misdrijfkoppeling.objects.filter(gemeente_id=gemeente.pk).select_related("thema")
    }
    existing = {
        i.bronsleutel or "": i
        for i in Indicator.objects.filter(gemeente_id=gemeente.pk, bronsleutel__startswith="politie:")
    }
    preview = Preview(tabel=tabel)
    rows: dict[tuple[str, int, int | None, str], tuple[Figure, Decimal]] = {}
    themes: dict[str, Thema] = {}
    for fig in figures:
        area = _area(fig, gemeente.cbs_code, gemeente.name.removeprefix("Gemeente ").strip())
        if area is None:
            preview.overgeslagen["geen_gebiedscode" if not fig.gebied.strip() else "andere_gemeente"] += 1
            continue
        if fig.waarde is None:
            preview.overgeslagen["onbekend"] += 1
            continue
        key = bronsleutel(fig)
        thema = existing[key].thema if key in existing else mapping.get((fig.dimensie, fig.code))
        if thema is None:
            preview.overgeslagen["niet_gekoppeld"] += 1
            preview.niet_gekoppeld[fig.code] += 1
            continue
        themes[key] = thema
        rows[(key, fig.jaar, fig.maand, area)] = (fig, fig.waarde)
        preview.per_thema[str(thema)] += 1
    preview.bewaren = len(rows)
    preview.nieuwe_indicatoren = sorted(_name(k) for k in themes if k not in existing)
    if rows:
        periods = sorted((j, m or 0) for (_k, j, m, _a) in rows)
        preview.perioden = (_period(*periods[0]), _period(*periods[-1]))
        preview.gebieden = len({a for (_k, _j, _m, a) in rows})
    return _Plan(rows, preview, themes, existing)


def _period(jaar: int, maand: int) -> str:
    return f"{jaar}-{maand:02d}" if maand else str(jaar)


def _name(key: str) -> str:
    from .codes import code_list

    _politie, dimensie, code, topic = key.split(":", 3)
    label = code_list(dimensie).get(code, code)
    return f"{label} ({TOPICS.get(topic, topic).lower()}, politie {code})"


def _count_replaced(plan: _Plan) -> int:
    """How many figures already have a measurement (one query per indicator that exists)."""
    wanted: dict[str, set[tuple[int, int | None, str]]] = {}
    for key, jaar, maand, area in plan.rows:
        if key in plan.existing:
            wanted.setdefault(key, set()).add((jaar, maand, area))
    replaced = 0
    for key, keys in wanted.items():
        years = {j for j, _m, _a in keys}
        stored = Meting.objects.filter(indicator=plan.existing[key], jaar__in=years).values_list(
            "jaar", "maand", "gebied"
        )
        replaced += sum(1 for row in stored if row in keys)
    return replaced


def preview(figures: Iterable[Figure], *, gemeente: Any, tabel: str) -> Preview:
    """What ``apply`` would do with these figures; stores nothing."""
    plan = _plan(figures, gemeente=gemeente, tabel=tabel)
    plan.preview.vervangen = _count_replaced(plan)
    plan.preview.nieuw = plan.preview.bewaren - plan.preview.vervangen
    return plan.preview


def apply(figures: Iterable[Figure], *, gemeente: Any, tabel: str, by: Any, progress: Any = None) -> Preview:
    """Store the figures: all or nothing. Existing measurements of the same period and area are replaced."""
    plan = _plan(figures, gemeente=gemeente, tabel=tabel)
    with transaction.atomic(), pghistory.context(user=by.user_id, action="ivp.import"):
        indicators = dict(plan.existing)
        new = [
            Indicator(
                gemeente_id=gemeente.pk,
                thema=plan.themes[key],
                naam=_name(key),
                soort=Soort.OBJECTIEF,
                bron="Politie / CBS open data",
                eenheid="aantal",
                per_1000=True,
                bronsleutel=key,
                volgorde=500,
            )
            for key in sorted(plan.themes)
            if key not in indicators
        ]
        for indicator in Indicator.objects.bulk_create(new):
            indicators[indicator.bronsleutel or ""] = indicator
        _store(plan, indicators, gemeente=gemeente, bron=f"Politie / CBS, tabel {tabel}", progress=progress)
    return plan.preview


# The figures are written through a temporary table; the SQL names only fixed tables and columns.
_CREATE_STAGE = (
    "CREATE TEMPORARY TABLE ivp_import_meting (n serial, indicator_id uuid, jaar smallint, maand smallint,"
    " gebied varchar(10), gebied_naam varchar(100), waarde numeric(16, 3), voorlopig boolean) ON COMMIT DROP"
)
_COPY_STAGE = "COPY ivp_import_meting (indicator_id, jaar, maand, gebied, gebied_naam, waarde, voorlopig) FROM STDIN"
_INSERT_FROM_STAGE = (
    "INSERT INTO ivp_meting (id, version, created_at, updated_at, gemeente_id, indicator_id, jaar, maand,"
    " gebied, gebied_naam, waarde, voorlopig, bron)"
    " SELECT gen_random_uuid(), 1, now(), now(), %s, indicator_id, jaar, maand, gebied, gebied_naam, waarde,"
    " voorlopig, %s FROM ivp_import_meting WHERE n > %s AND n <= %s ORDER BY n"
    " ON CONFLICT ON CONSTRAINT ivp_meting_unique DO UPDATE SET waarde = EXCLUDED.waarde,"
    " voorlopig = EXCLUDED.voorlopig, gebied_naam = EXCLUDED.gebied_naam, bron = EXCLUDED.bron,"
    " updated_at = EXCLUDED.updated_at, version = ivp_meting.version + 1"
)


def _store(plan: _Plan, indicators: dict[str, Indicator], *, gemeente: Any, bron: str, progress: Any) -> None:
    """Write the figures in bulk: COPY into a temporary table, then INSERT … ON CONFLICT from it.

    The rows still pass the table's constraints, its row-level security and its history triggers
    (one history row per stored or changed figure, with the import's context); only the Python
    side of building one model instance per figure is skipped. A figure already stored for the
    same period and area is updated, and its version goes up.
    """
    total = len(plan.rows)
    with connection.cursor() as cursor:
        cursor.execute(_CREATE_STAGE)
        with cursor.copy(_COPY_STAGE) as copy:
            for (key, jaar, maand, area), (fig, waarde) in plan.rows.items():
                copy.write_row(
                    (indicators[key].pk, jaar, maand, area, fig.gebied_naam.strip()[:100], waarde, fig.voorlopig)
                )
        for start in range(0, total, BATCH):
            cursor.execute(_INSERT_FROM_STAGE, [gemeente.pk, bron, start, start + BATCH])
            if progress is not None:
                progress(min(start + BATCH, total), total)
        cursor.execute("DROP TABLE ivp_import_meting")
