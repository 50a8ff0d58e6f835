"""Shared test harness: the database roles, and personas of two gemeenten."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import dj_database_url
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from tests import factories, template_db


def _use_role(url: str | None) -> None:
    conn = connections["default"]
    conn.close()
    if url:
        parsed = dj_database_url.parse(url)
        conn.settings_dict["USER"] = parsed["USER"]
        conn.settings_dict["PASSWORD"] = parsed["PASSWORD"]


@pytest.fixture(scope="session")
def django_db_setup(
    request: Any, django_test_environment: Any, django_db_blocker: Any, django_db_modify_db_settings: Any
) -> Iterator[None]:
    """Create and migrate the test database as the owner role; run the tests as the app role.

    ``django_db_modify_db_settings`` gives each pytest-xdist worker a database of its own
    (``test_kapstok_gw0``, ``test_kapstok_gw1``): a copy of the template ``scripts/test.sh`` migrated
    (``tests.template_db``), or, when pytest runs without one, migrated here."""
    from django.test.utils import setup_databases, teardown_databases

    conn = connections["default"]
    app_credentials = {key: conn.settings_dict[key] for key in ("USER", "PASSWORD")}
    with django_db_blocker.unblock():
        settings.AS_OWNER = True
        _use_role(settings.DATABASE_OWNER_URL)
        template = os.environ.get(template_db.ENV)
        if template:  # scripts/test.sh migrated it once for all workers
            db_cfg = template_db.clone(conn, template)
        else:
            db_cfg = setup_databases(verbosity=0, interactive=False, keepdb=False)
        conn.close()
        conn.settings_dict.update(app_credentials)
        settings.AS_OWNER = False
    yield
    with django_db_blocker.unblock():
        settings.AS_OWNER = True
        _use_role(settings.DATABASE_OWNER_URL)
        teardown_databases(db_cfg, verbosity=0)
        conn.close()
        conn.settings_dict.update(app_credentials)
        settings.AS_OWNER = False


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Rendered page parts are cached per gemeente revision (lib.revisions); a rolled-back test
    # must not leave a part that the next test, with the same session data, would be served.
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Personas:
    """One user per role in gemeente A, a coördinator of gemeente B, a platform-beheerder."""

    gemeente_a: Any
    gemeente_b: Any
    partner_a: Any
    members: dict[str, Any]  # role -> Membership in A
    coordinator_b: Any
    platform_admin: Any
    invitation_a: Any
    _tokens: dict[str, Any] = field(default_factory=dict)
    _kader: Any = None
    _ivp: Any = None
    made_for_api: dict[str, Any] = field(default_factory=dict)  # objects the API sweep fills paths with

    def kader_of(self) -> Any:
        """Version 1 (a concept) of gemeente A's strategisch kader (started once, by its coördinator)."""
        if self._kader is None:
            from kader.services import start_kader
            from lib import tenancy

            with tenancy.bound(gemeente=self.gemeente_a.pk):
                self._kader = start_kader(by=self.members["coordinator"])
        return self._kader

    def ivp_of(self) -> Any:
        """Gemeente A's veiligheidsplan with a figure, a goal and a programme (``factories.add_ivp``)."""
        if self._ivp is None:
            self._ivp = factories.add_ivp(self)
        return self._ivp

    def token_of(self, role: str) -> Any:
        """An API token of the persona's membership in gemeente A (created once)."""
        if role not in self._tokens:
            self._tokens[role], _raw = factories.make_token(self.members[role], name=f"token {role}")
        return self._tokens[role]

    def user(self, role: str) -> Any:
        if role == "coordinator_b":
            return self.coordinator_b.user
        if role == "platform_admin":
            return self.platform_admin
        return self.members[role].user


ROLES = ["coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor"]


def build_personas() -> Personas:
    a = factories.make_gemeente("Gemeente Aastad", "GM9001", logo=factories.TINY_PNG, logo_content_type="image/png")
    b = factories.make_gemeente("Gemeente Beedorp", "GM9002")
    partner = factories.make_partner(a, "Politie Eenheid Aa")
    members = {}
    for role in ROLES:
        user = factories.make_user(f"{role}@aastad.example")
        extra: dict[str, Any] = {}
        if role == "thema_eigenaar":
            extra["themes"] = ["informatiebeveiliging"]
        if role == "ketenpartner":
            extra["partner"] = partner
        members[role] = factories.make_member(a, user, role, **extra)
    coordinator_b = factories.make_member(b, factories.make_user("coordinator@beedorp.example"), "coordinator")
    admin = factories.make_user("beheer@platform.example", platform_admin=True)
    invitation = factories.make_invitation(a, "nieuw@aastad.example", "melder")
    return Personas(a, b, partner, members, coordinator_b, admin, invitation)


@pytest.fixture
def personas(db: Any) -> Personas:
    return build_personas()


@pytest.fixture
def superuser_url() -> str:
    """A superuser connection URL (embedded: the postgres role; CI: DATABASE_SUPERUSER_URL)."""
    import json
    import os
    from pathlib import Path

    url = os.environ.get("DATABASE_SUPERUSER_URL")
    if not url and not os.environ.get("DATABASE_URL"):
        state = Path(settings.BASE_DIR) / "var" / "embedded-db.json"
        url = json.loads(state.read_text()).get("DATABASE_SUPERUSER_URL")
    if not url:
        pytest.fail("DATABASE_SUPERUSER_URL is needed for the role tests")
    return url


@contextmanager
def as_owner(using: str = "default") -> Iterator[None]:
    """Connect as the owner role for a block (what ``migrate`` does), then as the app role again.
    For transactional tests only: the connection is closed on the way in and out."""
    conn = connections[using]
    credentials = {key: conn.settings_dict[key] for key in ("USER", "PASSWORD")}
    settings.AS_OWNER = True
    _use_role(settings.DATABASE_OWNER_URL)
    try:
        yield
    finally:
        conn.close()
        conn.settings_dict.update(credentials)
        settings.AS_OWNER = False


@pytest.fixture(autouse=True, scope="session")
def _flush_as_owner() -> Iterator[None]:
    """Transactional tests empty the tables afterwards; only the owner may TRUNCATE."""
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self: Any, **options: Any) -> Any:
        with as_owner(options.get("database") or "default"):
            return original(self, **options)

    with mock.patch.object(flush.Command, "handle", handle):
        yield
