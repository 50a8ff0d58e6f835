"""Helpers of the background tests: start a task as a member, read its record back."""

from __future__ import annotations

from typing import Any

import pytest

from background.models import Achtergrondtaak
from background.services import enqueue
from lib import tenancy

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings: Any) -> None:
    """Tasks run at once in this process when they are queued (after commit), instead of in a worker."""
    settings.TASKS = IMMEDIATE


def start(by: Any, task: Any, *, soort: str = "test.taak", titel: str = "Een taak", **kwargs: Any) -> Achtergrondtaak:
    """Enqueue ``task`` as member ``by`` in a transaction of its own (committed when it returns)."""
    with tenancy.bound(gemeente=by.gemeente_id, user=by.user_id):
        return enqueue(by=by, soort=soort, titel=titel, task=task, **kwargs)


def reload(taak: Achtergrondtaak) -> Achtergrondtaak:
    with tenancy.bound(gemeente=taak.gemeente_id):
        return Achtergrondtaak.objects.get(pk=taak.pk)
