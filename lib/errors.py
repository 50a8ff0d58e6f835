"""Refusals that are not about the input itself, shared by pages and API."""

from __future__ import annotations


class StateConflict(Exception):
    """The object's state does not allow this change (an adopted version, a closed session).

    The message says which state, in Dutch. Pages show it; the API answers 409 Conflict.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
