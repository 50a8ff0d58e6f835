"""How a background task runs in the worker: bound to its gemeente, its outcome recorded for its user.

A capability writes its long work as a function that takes a :class:`TaskRun` first and its own
arguments (plain JSON values: ids, not objects) as keywords, and decorates it::

    from background.tasks import TaskRun, background_task

    @background_task
    def import_figures(run: TaskRun, *, bestand: str) -> dict[str, str]:
        rows = read_rows(bestand)
        for done, row in enumerate(rows, start=1):
            store(row, by=run.by)
            run.report(done, len(rows), "Cijfers inlezen")
        return {"url": reverse("ivp:analyse"), "label": "Naar de veiligheidsanalyse"}

and starts it with :func:`background.services.enqueue`. In the worker, :func:`run_task`

1. binds row-level security to the task's gemeente and the person who started it, exactly as a
   request does (``lib.tenancy.bound``), so the task sees that gemeente's rows and no other's;
2. marks the record ``bezig`` and runs the function in **one transaction**: its work is stored
   all or nothing, and the record is marked ``klaar`` (with the returned dict as ``resultaat``)
   in that same transaction;
3. lets the function report progress (:meth:`TaskRun.report`), written at once over a second
   connection (``background.progress``) so the user sees it while the work goes on;
4. turns a refusal with a Dutch message (``lib.errors.UserError``, ``StateConflict``, a
   ``ValidationError``, a ``PermissionDenied`` with a reason) into ``mislukt`` with that message,
   and any other exception into ``mislukt`` with a general message, the traceback in the log.

Every change the task makes is recorded in the history as done by a background task, for the
person who started it (``lib.history.task_context``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks import task
from django_tasks.base import Task

from lib import history, tenancy
from lib.errors import StateConflict, UserError

from .models import Achtergrondtaak, Status
from .progress import ProgressWriter

if TYPE_CHECKING:
    # A type only: memberships live in organisations, above this app (docs/adr/0007-layers.md).
    from organisations.models import Membership

log = logging.getLogger("kapstok.background")

P = ParamSpec("P")
R = TypeVar("R")

GENERIC_FAILURE = (
    "Er ging iets mis bij het uitvoeren van deze taak. Probeer het later opnieuw; "
    "gaat het opnieuw mis, meld het dan aan de beheerder van Kapstok."
)
INTERRUPTED = "De taak is afgebroken doordat de achtergrondverwerking stopte. Start de taak opnieuw."
MEMBER_GONE = "De taak is niet uitgevoerd: wie haar startte, is geen lid meer van de gemeente."
REFUSED = "Uw rol staat deze handeling niet toe."
KNOWN_ERRORS = (UserError, StateConflict, ValidationError, PermissionDenied)


class TaskRun:
    """What a background task gets as its first argument: its record, who started it, and ``report``."""

    def __init__(self, taak: Achtergrondtaak, by: Membership, writer: ProgressWriter) -> None:
        self.taak = taak
        self.by = by
        self.done = 0
        self.total: int | None = None
        self.stap = ""
        self._writer = writer

    def report(self, done: int, total: int | None = None, stap: str | None = None) -> None:
        """Tell the user how far the task is: ``done`` of ``total`` (None: not known yet), doing ``stap``.

        ``total`` and ``stap`` keep their last value when left out. Written at once when the step
        changes or the work is complete, otherwise at most twice a second: call it as often as
        is convenient (every row of a file).
        """
        if total is not None:
            self.total = max(0, total)
        if stap is not None:
            self.stap = stap[:200]
        self.done = max(0, done) if self.total is None else min(max(0, done), self.total)
        self._writer.write(voortgang=self.done, totaal=self.total, stap=self.stap)


# The functions made by ``background_task``: only those can be enqueued (they bind the gemeente).
_RUNNERS: set[Callable[..., None]] = set()


def background_task(function: Callable[Concatenate[TaskRun, P], R]) -> Task[..., None]:
    """Make ``function`` a django-tasks task that runs as described in this module.

    ``function(run, **kwargs)`` returns None or a dict for ``resultaat`` (JSON), optionally with
    ``url`` (a path on this site) and ``label`` for the link onward on the task's page.
    """

    @functools.wraps(function)
    def runner(taak_id: str, gemeente_id: str, user_id: int | None, /, **kwargs: Any) -> None:
        run_task(function, taak_id=UUID(taak_id), gemeente_id=UUID(gemeente_id), user_id=user_id, kwargs=kwargs)

    _RUNNERS.add(runner)
    return task(runner)


def is_background_task(candidate: Task[..., Any]) -> bool:
    return candidate.func in _RUNNERS


def run_task(
    function: Callable[..., Any], *, taak_id: UUID, gemeente_id: UUID, user_id: int | None, kwargs: dict[str, Any]
) -> None:
    """Run one task for its gemeente (see the module's description); never raises for the task's own errors."""
    taak = _start(taak_id=taak_id, gemeente_id=gemeente_id, user_id=user_id)
    if taak is None or taak.aangemaakt_door is None:
        return
    writer = ProgressWriter(taak_id=taak.pk, gemeente_id=gemeente_id, user_id=user_id)
    run = TaskRun(taak, taak.aangemaakt_door, writer)
    try:
        with (
            history.task_context(taak.soort, user=user_id, taak=str(taak.pk)),
            tenancy.bound(gemeente=gemeente_id, user=user_id),
        ):
            resultaat = function(run, **kwargs)
            taak.finish(resultaat=resultaat, voortgang=run.done, totaal=run.total)
    except KNOWN_ERRORS as error:
        log.info("background task %s (%s) refused: %s", taak.pk, taak.soort, error)
        _fail(taak, message_of(error), user_id=user_id)
    except Exception:
        log.exception("background task %s (%s) failed", taak.pk, taak.soort)
        _fail(taak, GENERIC_FAILURE, user_id=user_id)
    except BaseException:  # the worker is stopped in the middle (a second Ctrl-C, SIGTERM twice)
        log.warning("background task %s (%s) interrupted", taak.pk, taak.soort)
        _fail(taak, INTERRUPTED, user_id=user_id)
        raise
    finally:
        writer.close()


def message_of(error: Exception) -> str:
    """The Dutch message of a refusal, as the user reads it."""
    if isinstance(error, UserError | StateConflict):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or REFUSED


def _start(*, taak_id: UUID, gemeente_id: UUID, user_id: int | None) -> Achtergrondtaak | None:
    """The task's record, marked ``bezig``; None (logged) if it is not there, not waiting, or orphaned."""
    with tenancy.bound(gemeente=gemeente_id, user=user_id):
        taak = (
            Achtergrondtaak.objects.select_related("aangemaakt_door__user", "aangemaakt_door__gemeente")
            .filter(pk=taak_id)
            .first()
        )
        if taak is None:
            log.warning("background task %s not found in gemeente %s", taak_id, gemeente_id)
            return None
        if taak.status != Status.WACHTRIJ:
            log.warning("background task %s is %s, not waiting: not run again", taak_id, taak.status)
            return None
        with history.task_context(taak.soort, user=user_id, taak=str(taak.pk)):
            if taak.aangemaakt_door is None:
                taak.fail(MEMBER_GONE)
                return None
            taak.start()
    return taak


def _fail(taak: Achtergrondtaak, foutmelding: str, *, user_id: int | None) -> None:
    try:
        with (
            history.task_context(taak.soort, user=user_id, taak=str(taak.pk)),
            tenancy.bound(gemeente=taak.gemeente_id, user=user_id),
        ):
            taak.fail(foutmelding)
    except Exception:
        log.exception("background task %s: its failure could not be recorded", taak.pk)
