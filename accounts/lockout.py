"""The user name django-axes counts failed logins under (``AXES_USERNAME_CALLABLE``).

Login finds the account with ``email__iexact`` (``UserManager.get_by_natural_key``) after the
login form has stripped surrounding whitespace; PostgreSQL evaluates that lookup as
``UPPER(email) = UPPER(name)``. Failures must be counted under the same equivalence, or
``HR@…`` would get a fresh budget after ``hr@…`` is locked. So the key is the database's own
``UPPER`` of the stripped name (lower-cased again, only to read better in the table): every
spelling that reaches one account — other case, spaces around it, or letters such as ``ı``
and ``ſ`` that PostgreSQL upper-cases to ASCII — shares one budget.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

_CACHE_ATTRIBUTE = "_kapstok_lockout_names"


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str | None:
    """The normalised user name of a login attempt (signature of axes 8's ``AXES_USERNAME_CALLABLE``)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    elif request is not None:
        raw = getattr(request, "data", request.POST).get(field)
    else:
        raw = None
    if raw is None:
        return None
    name = str(raw).strip().replace("\x00", "")
    cache: dict[str, str] = getattr(request, _CACHE_ATTRIBUTE, None) or {}
    if name not in cache:
        cache[name] = normalise(name)
        if request is not None:
            setattr(request, _CACHE_ATTRIBUTE, cache)
    return cache[name]


def normalise(name: str) -> str:
    """``name`` as the login lookup compares it: PostgreSQL's ``UPPER``, then ``LOWER``."""
    if not name:
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT LOWER(UPPER(%s))", [name])
        row = cursor.fetchone()
    return str(row[0]) if row else name
