"""One migrated, empty database that every pytest worker's test database is cloned from.

Migrating Kapstok into an empty database takes about two minutes, and each pytest-xdist worker
needs a database of its own. ``scripts/test.sh`` therefore migrates one template first::

    KAPSTOK_AS_OWNER=true python -m tests.template_db create

and exports its name as ``KAPSTOK_TEST_TEMPLATE``; conftest's ``django_db_setup`` then makes each
worker's database with ``CREATE DATABASE … TEMPLATE`` (:func:`clone`), which copies the tables,
the row-level-security policies, the triggers and the rows of the data migrations in a second.
Without ``KAPSTOK_TEST_TEMPLATE`` (pytest run by hand) each worker migrates its own database.

The template is named after the test database (``TEST_DATABASE_NAME``) with ``_template``, so the
embedded server and CI's server runs never share one. ``python -m tests.template_db drop`` removes it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

ENV = "KAPSTOK_TEST_TEMPLATE"


def template_name(connection: Any) -> str:
    """The template's name: the configured test database's name with ``_template``."""
    return f"{connection.settings_dict['TEST']['NAME']}_template"


def clone(connection: Any, template: str) -> list[tuple[Any, str, bool]]:
    """Make this connection's test database (the worker's name) as a copy of ``template`` and point
    the connection at it. Returns the configuration ``teardown_databases`` takes to drop it again."""
    from django.conf import settings

    name = connection.creation._get_test_db_name()
    original = connection.settings_dict["NAME"]
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    return [(connection, original, True)]


def create(connection: Any) -> str:
    """Drop and create the template, migrated as the owner role (which runs Kapstok's installers)."""
    connection.settings_dict["TEST"]["NAME"] = template_name(connection)
    name: str = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    return name


def drop(connection: Any) -> None:
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(template_name(connection))}")


def main(argv: list[str]) -> int:
    import django
    from django.db import connection

    django.setup()
    if argv == ["create"]:
        print(create(connection))
        return 0
    if argv == ["drop"]:
        drop(connection)
        return 0
    print("usage: python -m tests.template_db create|drop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main(sys.argv[1:]))
