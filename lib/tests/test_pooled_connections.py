"""A pooled connection never carries one request's gemeente into the next."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from lib import tenancy
from organisations.models import Membership


@pytest.fixture
def pool_of_one() -> Iterator[None]:
    """Switch the default connection to Django's psycopg pool with a single connection."""
    options = connection.settings_dict.setdefault("OPTIONS", {})
    connection.close()
    options["pool"] = {"min_size": 1, "max_size": 1, "timeout": 5}
    try:
        yield
    finally:
        connection.close_pool()  # type: ignore[attr-defined]  # a method of the PostgreSQL backend only
        options.pop("pool", None)
        connection.close()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_next_request_on_the_same_pooled_connection_sees_no_gemeente(personas: Any, pool_of_one: None) -> None:
    coordinator = Client()
    coordinator.force_login(personas.user("coordinator"))
    pid_before = _backend_pid()
    connection.close()  # back to the pool

    assert coordinator.get("/leden").status_code == 200  # binds gemeente A on the pooled connection

    assert _backend_pid() == pid_before, "the pool of one must hand out the same server session"
    assert tenancy.current() == dict.fromkeys(tenancy.current(), "")
    assert Membership.objects.count() == 0  # autocommit, nothing bound: row-level security hides all
    connection.close()

    anonymous = Client().get("/leden")  # the next request, same connection, nobody logged in
    assert anonymous.status_code == 302
    assert _backend_pid() == pid_before
    assert Membership.objects.count() == 0
