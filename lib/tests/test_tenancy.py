"""Wall 2: row-level security holds in the database itself, whatever the application does."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction

from lib import tenancy
from lib.tenancy import gemeente_models


def _tables_with_gemeente_column() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'gemeente_id'"
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_gemeente_table_has_forced_row_level_security_and_a_policy() -> None:
    expected = {m._meta.db_table for m in gemeente_models()}
    assert _tables_with_gemeente_column() <= expected, "a table with gemeente_id has no RLS model"
    assert "organisations_gemeente" in expected
    assert any(t.endswith("event") for t in expected), "history tables must be covered"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname) "
            "FROM pg_class c WHERE c.relname = ANY(%s)",
            [list(expected)],
        )
        rows = {name: (enabled, forced, policy) for name, enabled, forced, policy in cursor.fetchall()}
    assert set(rows) == expected
    for table, flags in rows.items():
        assert flags == (True, True, True), table


@pytest.mark.django_db
def test_with_no_gemeente_bound_every_gemeente_table_reads_zero_rows(personas: Any) -> None:
    with tenancy.bound(), connection.cursor() as cursor:
        for model in gemeente_models():
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608
            assert cursor.fetchone()[0] == 0, model._meta.db_table


@pytest.mark.django_db
def test_with_gemeente_a_bound_gemeente_b_rows_stay_invisible(personas: Any) -> None:
    from django.apps import apps

    from organisations.models import Membership

    MembershipEvent = apps.get_model("organisations", "MembershipEvent")

    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Membership.objects.count() == 6
        assert not Membership.objects.filter(gemeente=personas.gemeente_b).exists()
        assert MembershipEvent.objects.filter(gemeente_id=personas.gemeente_b.pk).count() == 0
        assert MembershipEvent.objects.filter(gemeente_id=personas.gemeente_a.pk).count() == 6


@pytest.mark.django_db
def test_with_no_gemeente_bound_writes_are_refused(personas: Any) -> None:
    from organisations.models import PartnerOrganisatie

    with tenancy.bound(), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        PartnerOrganisatie.objects.create(gemeente=personas.gemeente_a, name="Brandweer")


@pytest.mark.django_db
def test_a_gemeente_cannot_write_rows_for_another_gemeente(personas: Any) -> None:
    from organisations.models import PartnerOrganisatie

    with tenancy.bound(gemeente=personas.gemeente_b.pk), pytest.raises(DatabaseError), transaction.atomic():
        PartnerOrganisatie.objects.create(gemeente=personas.gemeente_a, name="Brandweer")


@pytest.mark.django_db
def test_updates_and_deletes_of_another_gemeente_touch_nothing(personas: Any) -> None:
    from organisations.models import PartnerOrganisatie

    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        assert PartnerOrganisatie.objects.all().update(name="Overgenomen") == 0
        assert PartnerOrganisatie.objects.all().delete()[0] == 0
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert PartnerOrganisatie.objects.get().name == "Politie Eenheid Aa"


@pytest.mark.django_db
def test_the_app_role_is_neither_superuser_nor_bypassrls_nor_owner() -> None:
    with connection.cursor() as cursor:
        cursor.execute(tenancy.ROLE_CHECK_SQL)
        assert cursor.fetchone() == (False, False, False)


def _connect(url: str, **overrides: Any) -> psycopg.Connection[Any]:
    """Connect to the test database with the credentials and host of ``url``."""
    return psycopg.connect(url, dbname=settings.DATABASES["default"]["NAME"], **overrides)


@pytest.mark.django_db
def test_it_refuses_to_serve_as_the_owner_role() -> None:
    assert settings.DATABASE_OWNER_URL
    with _connect(settings.DATABASE_OWNER_URL) as owner, pytest.raises(ImproperlyConfigured, match="owner"):
        tenancy.check_role(owner)


@pytest.mark.django_db
def test_it_refuses_to_serve_as_a_superuser(superuser_url: str) -> None:
    with _connect(superuser_url) as superuser, pytest.raises(ImproperlyConfigured, match="superuser"):
        tenancy.check_role(superuser)


@pytest.mark.django_db
def test_it_refuses_to_serve_as_a_bypassrls_role(superuser_url: str) -> None:
    with _connect(superuser_url) as su:
        su.autocommit = True
        su.execute("DROP ROLE IF EXISTS kapstok_test_bypass")
        su.execute("CREATE ROLE kapstok_test_bypass LOGIN BYPASSRLS")
        try:
            with (
                _connect(superuser_url, user="kapstok_test_bypass") as bypass,
                pytest.raises(ImproperlyConfigured, match="BYPASSRLS"),
            ):
                tenancy.check_role(bypass)
        finally:
            su.execute("DROP ROLE kapstok_test_bypass")


@pytest.mark.django_db(transaction=True)
def test_bind_outside_a_transaction_is_refused() -> None:
    assert connection.get_autocommit()
    with pytest.raises(RuntimeError, match="atomic"):
        tenancy.bind()


@pytest.mark.django_db
def test_a_django_connection_as_superuser_is_refused_when_it_opens(superuser_url: str) -> None:
    """The guard runs on every new connection (connection_created), so no request is served."""
    import dj_database_url
    from django.db import connections

    default = connections["default"]
    params = dj_database_url.parse(superuser_url)
    settings_dict = {**default.settings_dict, "USER": params["USER"], "PASSWORD": params["PASSWORD"]}
    probe = type(default)(settings_dict, alias="superuser-probe")
    try:
        with pytest.raises(ImproperlyConfigured, match="superuser"):
            probe.ensure_connection()
    finally:
        probe.close()
