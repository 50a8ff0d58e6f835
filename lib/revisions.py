"""The revision of a gemeente's data, and page parts cached under it.

Every gemeente table carries a statement-level trigger (:func:`install_triggers`, after every
``migrate``, like the row-level security policies) that adds one row per writing transaction to
``lib_revision`` for the gemeente bound in ``app.gemeente``. The row-level security policies
only let a transaction write rows of that gemeente, so the trigger needs no other source.

The revision is the summed weight of the rows a transaction can see. A snapshot sees the
committed transactions in commit order, so equal sums mean the same committed writes: content
rendered after reading revision *n* is at least as new as *n*. A rolled-back write leaves no row.

:func:`cached` keeps a rendered part of a page under (name, gemeente, revision, membership, day,
query string, CSRF secret), so what one person sees never reaches another, and any change in the
gemeente — by whoever, through whatever path — makes the next request render afresh. A
transaction that wrote anything itself neither reads nor fills the cache.

ADR 0011 explains the choice and its limits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.apps import apps
from django.core.cache import cache
from django.db import connection, connections, models
from django.middleware.csrf import get_token
from django.utils import timezone

from lib.tenancy import GEMEENTE, gemeente_models

TABLE = "lib_revision"
FUNCTION = "kapstok_note_revision"
TRIGGER = "kapstok_revision"
# Fold a gemeente's rows into one once there are this many (keeps reading the sum cheap).
COMPACT_AFTER = 500
_T = TypeVar("_T")
MISSING = object()  # what lookup() answers for a key that holds nothing
# Rendered parts live at most this long; a new revision or day makes them unreachable sooner.
CACHE_SECONDS = 6 * 60 * 60

# The names are constants of this module.
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    g uuid := {GEMEENTE};
BEGIN
    IF g IS NOT NULL THEN
        INSERT INTO {TABLE} (gemeente_id, xact, weight)
        VALUES (g, pg_current_xact_id()::text::bigint, 1)
        ON CONFLICT (gemeente_id, xact) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608


def tables() -> list[str]:
    """The tables whose writes move the revision: every gemeente table but the history tables
    (written only by the triggers of the tables they follow) and the revision table itself."""
    return sorted(
        model._meta.db_table
        for model in gemeente_models()
        if not hasattr(model, "pgh_tracked_model") and model._meta.db_table != TABLE
    )


def _columns_to_watch(model: type[models.Model]) -> list[str]:
    ignored = set(getattr(model, "revision_ignores", ()))
    if not ignored:
        return []
    return [str(f.column) for f in model._meta.concrete_fields if f.name not in ignored and f.column not in ignored]


def install_triggers(using: str = "default") -> None:
    """Create the trigger function and put its trigger on every table of :func:`tables`.

    A model may name columns whose updates do not count (``revision_ignores``, e.g. when an API
    token was last used), so that reading a page never moves the revision.
    """
    conn = connections[using]
    quote = conn.ops.quote_name
    by_table = {m._meta.db_table: m for m in apps.get_models()}
    with conn.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in tables():
            columns = _columns_to_watch(by_table[table])
            update = "UPDATE OF " + ", ".join(quote(c) for c in columns) if columns else "UPDATE"
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR {update} OR DELETE ON {quote(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )


# --- reading ----------------------------------------------------------------------------------


def current(gemeente_id: Any) -> tuple[int, bool]:
    """(revision, whether this transaction has written anything) for the gemeente; one query.

    Folds the gemeente's rows into one when they have grown past :data:`COMPACT_AFTER`.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(sum(weight), 0), count(*), pg_current_xact_id_if_assigned() IS NOT NULL "  # noqa: S608
            f"FROM {TABLE} WHERE gemeente_id = %s",
            [gemeente_id],
        )
        revision, rows, wrote = cursor.fetchone()
    if rows > COMPACT_AFTER and not wrote:
        compact(gemeente_id)
        wrote = True  # compacting wrote; this transaction no longer fills the cache
    return int(revision), bool(wrote)


def compact(gemeente_id: Any) -> None:
    """Replace the gemeente's committed rows by one of their summed weight (the sum stays).

    One compaction per gemeente at a time (a transaction-scoped advisory lock, tried not
    waited for); rows of transactions still running are invisible here and stay.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(hashtextextended('kapstok-revision:' || %s::text, 0))",
            [str(gemeente_id)],
        )
        if not cursor.fetchone()[0]:
            return
        cursor.execute(
            f"WITH gone AS (DELETE FROM {TABLE} WHERE gemeente_id = %s RETURNING weight) "  # noqa: S608
            f"INSERT INTO {TABLE} (gemeente_id, xact, weight) "
            f"SELECT %s, pg_current_xact_id()::text::bigint, sum(weight) FROM gone HAVING count(*) > 0 "
            "ON CONFLICT (gemeente_id, xact) DO UPDATE SET weight = lib_revision.weight + EXCLUDED.weight",
            [gemeente_id, gemeente_id],
        )


def _wrote() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")
        return bool(cursor.fetchone()[0])


def _digest(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def cached(request: Any, name: str, build: Callable[[], _T], *, per_browser: bool = True) -> _T:
    """The part ``name`` of the page, from the cache or from ``build()`` (then kept).

    ``build`` must read everything it shows itself, after this has read the revision; it returns
    the rendered part (a ``SafeString``) or a tuple of such plain values (e.g. the page's title
    with it, so a kept page needs no query of its own). Only GET requests of a member use the
    cache; the key holds the membership, so roles, theme ownership and a partner's own actions
    never leak between people. ``per_browser=False`` for data that holds no form (see
    :func:`key_for`).
    """
    key = key_for(request, name, per_browser=per_browser)
    if key is None:
        return build()
    found = lookup(key)
    if found is not MISSING:
        return cast(_T, found)
    value = build()
    keep(key, value)
    return value


def key_for(request: Any, name: str, *, per_browser: bool = True) -> str | None:
    """The cache key of the part ``name`` for this request at the gemeente's current revision (one
    query), or None when the cache does not apply: not a GET of a member, or this transaction wrote.

    ``per_browser`` adds the browser's CSRF secret, for parts that may hold a form; an API answer,
    asked with a token and holding no form, leaves it out.
    """
    membership = getattr(request, "membership", None)
    if request.method != "GET" or membership is None:
        return None
    revision, wrote = current(membership.gemeente_id)
    if wrote:
        return None
    return "kapstok:part:" + _digest(
        name,
        membership.gemeente_id,
        revision,
        membership.pk,
        membership.role,
        timezone.localdate().isoformat(),
        request.get_full_path(),
        _csrf_secret(request) if per_browser else "",
    )


def lookup(key: str) -> Any:
    """What is kept under ``key``, or :data:`MISSING`."""
    return cache.get(key, MISSING)


def keep(key: str, value: Any) -> None:
    """Keep ``value`` under ``key``, unless this transaction wrote (a write while building could
    still roll back)."""
    if not _wrote():
        cache.set(key, value, CACHE_SECONDS)


def _csrf_secret(request: Any) -> str:
    get_token(request)  # makes sure the browser has a secret (and gets its cookie)
    return str(request.META.get("CSRF_COOKIE", ""))
