"""The chain of each risk kept in the database: ``risicos_risico.keten``.

``keten`` holds the links of the security chain that the risk's working measures (status
geïmplementeerd or getoetst) cover. Statement triggers with transition tables recompute it for
exactly the risks a statement touched — a link added or removed, a measure whose status or
links changed — so a list can filter 5,000 risks on a gap, and count the gaps, by reading one
column (docs/adr/0016-risk-chain-column.md). The triggers run as the writing role, under
row-level security, and change no ``version``; the column is left out of the history (derived).
"""

from __future__ import annotations

from collections.abc import Iterable

import pgtrigger


def recompute(risico_ids_sql: str, werkend_statuses: Iterable[str]) -> str:
    """SQL that sets ``keten`` of the risks whose ids ``risico_ids_sql`` selects, where it changed."""
    werkend = ", ".join(f"'{status}'" for status in werkend_statuses if status.isidentifier())
    # Built once from constants of this app (statuses, table names), never from input.
    return f"""
        UPDATE risicos_risico r SET keten = k.keten
        FROM (
            SELECT ids.id, COALESCE((
                SELECT array_agg(DISTINCT s ORDER BY s)
                FROM risicos_maatregelrisico mr
                JOIN risicos_maatregel m ON m.id = mr.maatregel_id
                CROSS JOIN LATERAL unnest(m.schakels) AS s
                WHERE mr.risico_id = ids.id AND m.status IN ({werkend})
            ), '{{}}')::varchar(20)[] AS keten
            FROM ({risico_ids_sql}) AS ids(id)
        ) k
        WHERE r.id = k.id AND r.keten IS DISTINCT FROM k.keten
    """  # noqa: S608


def _statement(
    name: str, operation: pgtrigger.Operation, referencing: pgtrigger.Referencing, ids: str, werkend: Iterable[str]
) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=operation,
        referencing=referencing,
        func=recompute(ids, werkend) + ";\nRETURN NULL;",
    )


def link_triggers(werkend: Iterable[str]) -> list[pgtrigger.Trigger]:
    """On ``risicos_maatregelrisico``: a link added, removed or moved changes its risks' chain."""
    return [
        _statement(
            "risicos_keten_link_insert",
            pgtrigger.Insert,
            pgtrigger.Referencing(new="nieuw"),
            "SELECT DISTINCT risico_id FROM nieuw",
            werkend,
        ),
        _statement(
            "risicos_keten_link_delete",
            pgtrigger.Delete,
            pgtrigger.Referencing(old="oud"),
            "SELECT DISTINCT risico_id FROM oud",
            werkend,
        ),
        _statement(
            "risicos_keten_link_update",
            pgtrigger.Update,
            pgtrigger.Referencing(old="oud", new="nieuw"),
            "SELECT risico_id FROM oud UNION SELECT risico_id FROM nieuw",
            werkend,
        ),
    ]


def measure_trigger(werkend: Iterable[str]) -> pgtrigger.Trigger:
    """On ``risicos_maatregel``: a new status or other links change the chain of its risks."""
    return _statement(
        "risicos_keten_maatregel_update",
        pgtrigger.Update,
        pgtrigger.Referencing(old="oud", new="nieuw"),
        "SELECT DISTINCT mr.risico_id FROM risicos_maatregelrisico mr"
        " JOIN nieuw n ON n.id = mr.maatregel_id JOIN oud o ON o.id = n.id"
        " WHERE n.status IS DISTINCT FROM o.status OR n.schakels IS DISTINCT FROM o.schakels",
        werkend,
    )
