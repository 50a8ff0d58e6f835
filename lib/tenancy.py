"""The second wall between gemeenten: PostgreSQL row-level security.

Every table holding gemeente data has row-level security enabled **and forced**, with a policy
keyed on transaction-local settings. This module

* binds those settings for the current transaction (:func:`bind`); the request middleware
  (``accounts.middleware.TenancyMiddleware``) does so inside one transaction spanning the
  request, and again after API token authentication;
* installs the policies after every ``migrate`` (:func:`install_policies`), so a new gemeente
  model is covered the moment its table exists;
* refuses database connections as a role that could bypass row-level security.

The settings (all transaction-local, so a pooled connection cannot carry them into the next
request):

``app.gemeente``     the active gemeente (UUID)
``app.user``         the logged-in user (id) — lets a user see their own memberships
``app.platform``     ``on`` for a platform-beheerder — may manage the gemeente registry
``app.token``        SHA-256 of a presented API token — makes exactly that token row visible
``app.invitation``   SHA-256 of a presented invitation code — makes exactly that invitation visible
``app.code``         a join code typed or scanned by a participant — makes exactly that bijeenkomst visible
``app.deelnemer``    SHA-256 of a participant's secret (their cookie) — makes their own rows and
                     those of their bijeenkomst that participants may see visible, nothing else
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, models, transaction

log = logging.getLogger("kapstok.security")

GEMEENTE = "NULLIF(current_setting('app.gemeente', true), '')::uuid"
USER = "NULLIF(current_setting('app.user', true), '')::bigint"
PLATFORM = "(current_setting('app.platform', true) = 'on')"
TOKEN = "NULLIF(current_setting('app.token', true), '')"
INVITATION = "NULLIF(current_setting('app.invitation', true), '')"
JOIN_CODE = "NULLIF(current_setting('app.code', true), '')"
PARTICIPANT = "NULLIF(current_setting('app.deelnemer', true), '')"

_KEYS = ("app.gemeente", "app.user", "app.platform", "app.token", "app.invitation", "app.code", "app.deelnemer")


@dataclass(frozen=True)
class Policy:
    """A row-level security policy: rows visible (``using``) and rows writable (``check``)."""

    using: str
    check: str


DEFAULT_POLICY = Policy(using=f"gemeente_id = {GEMEENTE}", check=f"gemeente_id = {GEMEENTE}")


def bind(
    *,
    gemeente: UUID | str | None = None,
    user: int | None = None,
    platform: bool = False,
    token: str = "",
    invitation: str = "",
    join_code: str = "",
    participant: str = "",
    db: Any = None,
) -> None:
    """Set all tenancy settings for the current transaction (unset values become empty).

    ``db``: another connection than Django's default one, in a transaction of its own (the
    progress of a background task is written that way, ``background.progress``).
    """
    db = db or connection
    if db.get_autocommit():
        raise RuntimeError("lib.tenancy.bind() must run inside transaction.atomic().")
    values = [
        str(gemeente) if gemeente else "",
        str(user) if user else "",
        "on" if platform else "",
        token,
        invitation,
        join_code,
        participant,
    ]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"set_config('{key}', %s, true)" for key in _KEYS),
            values,
        )


def current() -> dict[str, str]:
    """The tenancy settings as the database sees them now (for tests and diagnostics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"coalesce(current_setting('{key}', true), '')" for key in _KEYS))
        row = cursor.fetchone()
    return dict(zip(_KEYS, row or ("",) * len(_KEYS), strict=True))


@contextmanager
def bound(**kwargs: Any) -> Iterator[None]:
    """Run a block in a transaction with the given settings; restore the previous ones after.

    For management commands, services that act for a gemeente they were given (accepting an
    invitation, creating a gemeente) and tests.
    """
    with transaction.atomic():
        previous = current()
        bind(**kwargs)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join(f"set_config('{key}', %s, true)" for key in _KEYS),
                    [previous[key] for key in _KEYS],
                )


# --- policies -------------------------------------------------------------------------------


def tenant_model() -> type[models.Model]:
    """The model of the tenant, the gemeente (``settings.KAPSTOK_TENANT_MODEL``)."""
    return apps.get_model(settings.KAPSTOK_TENANT_MODEL)


def policy_for(model: type[models.Model]) -> Policy | None:
    """The row-level security policy of a model, or None if it holds no gemeente data."""
    gemeente = tenant_model()
    explicit = getattr(model, "rls_policy", None)
    if isinstance(explicit, Policy):
        return explicit
    tracked = getattr(model, "pgh_tracked_model", None)
    if tracked is gemeente:
        return Policy(using=f"pgh_obj_id = {GEMEENTE}", check=f"pgh_obj_id = {GEMEENTE}")
    try:
        field = model._meta.get_field("gemeente")
    except Exception:
        return None
    if getattr(field, "related_model", None) is gemeente or getattr(field, "column", None) == "gemeente_id":
        return DEFAULT_POLICY
    return None


def gemeente_models() -> list[type[models.Model]]:
    """Every concrete model whose table holds gemeente data."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.abstract and model._meta.managed and not model._meta.proxy and policy_for(model) is not None
    ]


def install_policies(using: str = "default", **_: Any) -> None:
    """Enable and force row-level security with its policy on every gemeente table."""
    app_role = settings.DATABASE_APP_ROLE
    with connections[using].cursor() as cursor:
        for model in gemeente_models():
            policy = policy_for(model)
            assert policy is not None
            table = connections[using].ops.quote_name(model._meta.db_table)
            cursor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS gemeente_isolation ON {table}")
            cursor.execute(
                f"CREATE POLICY gemeente_isolation ON {table} USING ({policy.using}) WITH CHECK ({policy.check})"
            )
        if app_role:
            role = connections[using].ops.quote_name(app_role)
            cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
            cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
            for model in apps.get_models():
                if getattr(model, "append_only", False):
                    table = connections[using].ops.quote_name(model._meta.db_table)
                    cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}")


# --- role guard -----------------------------------------------------------------------------

ROLE_CHECK_SQL = """
SELECT r.rolsuper, r.rolbypassrls,
       EXISTS (SELECT 1 FROM pg_class c
               WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace)
FROM pg_roles r WHERE r.rolname = current_user
"""


def check_role(conn: Any) -> None:
    """Refuse a connection that could read past row-level security."""
    with conn.cursor() as cursor:
        cursor.execute(ROLE_CHECK_SQL)
        superuser, bypass, owns = cursor.fetchone()
    if superuser or bypass or owns:
        reason = "superuser" if superuser else "BYPASSRLS" if bypass else "owner of tables"
        log.critical("refused database role: %s", reason)
        raise ImproperlyConfigured(
            f"Kapstok refuses to serve with a database role that is {reason}. "
            "Use the app role (DATABASE_URL) that owns nothing and cannot bypass RLS; "
            "migrations run with KAPSTOK_AS_OWNER=true and DATABASE_OWNER_URL."
        )


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    if getattr(settings, "AS_OWNER", False):
        return
    check_role(connection)
