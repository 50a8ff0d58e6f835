"""Starting a background task: the record the user follows, and the task in the queue after commit."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks.utils import normalize_json

from lib import tenancy
from lib.permissions import require

from .models import SOORT_MAX_LENGTH, Achtergrondtaak
from .tasks import is_background_task

if TYPE_CHECKING:
    # A type only: memberships live in organisations, above this app (docs/adr/0007-layers.md).
    from organisations.models import Membership

log = logging.getLogger("kapstok.background")

SOORT = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
NOT_QUEUED = "De taak kon niet in de wachtrij worden gezet. Probeer het later opnieuw."


def enqueue(*, by: Membership, soort: str, titel: str, task: Task[..., Any], **kwargs: Any) -> Achtergrondtaak:
    """Record a task for ``by``'s gemeente and queue ``task`` to run once the current transaction commits.

    ``task`` is made with :func:`background.tasks.background_task`; ``kwargs`` are its own
    arguments, plain JSON values (ids, not objects): they are stored in the queue, outside the
    gemeente's walls, so pass the id of a gemeente row rather than its content. ``soort`` is a
    short key of the caller (``ivp.import``), ``titel`` the Dutch title the user sees. Runs inside
    the request's transaction (or ``lib.tenancy.bound``): nothing is queued if it rolls back, and
    the worker never sees a task whose record is not yet committed.

    Only a member who may follow tasks (``taken.view``) can start one; the caller's own service
    decides whether they may start this kind of work.
    """
    if not is_background_task(task):
        raise TypeError(f"{task.module_path} is not made with background.tasks.background_task")
    if not SOORT.fullmatch(soort) or len(soort) > SOORT_MAX_LENGTH:
        raise ValueError(f"soort must be a short dotted key such as 'ivp.import', got {soort!r}")
    require(by, "taken.view")
    arguments = normalize_json(kwargs)  # refuses, here and now, a value the queue cannot store
    taak = Achtergrondtaak.objects.create(gemeente_id=by.gemeente_id, soort=soort, titel=titel, aangemaakt_door=by)
    user_id = by.user_id

    def send() -> None:
        try:
            task.enqueue(str(taak.pk), str(taak.gemeente_id), user_id, **arguments)
        except Exception:
            log.exception("background task %s (%s) could not be queued", taak.pk, soort)
            with tenancy.bound(gemeente=taak.gemeente_id, user=user_id):
                taak.fail(NOT_QUEUED)

    transaction.on_commit(send)
    return taak
