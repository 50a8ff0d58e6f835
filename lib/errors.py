"""Refusals that are not about the input itself, shared by pages and API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class StateConflict(Exception):
    """The object's state does not allow this change (an adopted version, a closed session).

    The message says which state, in Dutch. Pages show it; the API answers 409 Conflict.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(Exception):
    """Work that cannot go on for a reason the person can act on (a wrong file, missing figures).

    The message says why, in Dutch, and is shown as it is: a background task that raises it ends
    as ``mislukt`` with this message (``background.tasks``), where any other exception gets a
    general message and a traceback in the log.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotYourTheme(PermissionDenied):
    """A thema-eigenaar tried to change something of a theme they do not own. The pages show the
    message at the field ``thema`` (``lib.forms.save_form``); the API answers 403."""

    field = "thema"
