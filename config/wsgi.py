"""WSGI entry point. Refuses to start when the database role could bypass row-level security."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from django.db import connection  # noqa: E402

connection.ensure_connection()  # runs lib.tenancy.check_role through connection_created
connection.close()
