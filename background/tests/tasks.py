"""Background tasks for the tests (module-level, so the worker process can import them by path)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from background.tasks import TaskRun, background_task
from lib import tenancy
from lib.errors import StateConflict, UserError
from organisations.models import PartnerOrganisatie

WAIT_SECONDS = 30


@background_task
def count_to(run: TaskRun, *, tot: int) -> dict[str, Any]:
    """Counts to ``tot``, reporting every number, and links on to the list of tasks."""
    for number in range(1, tot + 1):
        run.report(number, tot, f"Tellen tot {tot}")
    return {"url": "/taken", "label": "Naar alle taken", "geteld": tot}


@background_task
def add_partner_and_wait(run: TaskRun, *, naam: str, sein: str) -> dict[str, Any]:
    """Adds a partner organisation, reports it is halfway, then waits (its transaction open) for the file ``sein``."""
    PartnerOrganisatie.objects.create(gemeente_id=run.taak.gemeente_id, name=naam)
    run.report(1, 2, "Wachten op het sein")
    deadline = time.monotonic() + WAIT_SECONDS
    while not Path(sein).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no signal {sein}")
        time.sleep(0.05)
    run.report(2, 2, "Afronden")
    return {"partner": naam}


@background_task
def what_the_task_sees(run: TaskRun, *, naam: str) -> dict[str, Any]:
    """Looks for partner organisations named ``naam`` without any filter of its own: row-level security decides."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        role = cursor.fetchone()[0]
    return {
        "gevonden": PartnerOrganisatie.objects.filter(name=naam).count(),
        "partners": sorted(PartnerOrganisatie.objects.values_list("name", flat=True)),
        "tenancy": tenancy.current(),
        "rol": role,
        "door": run.by.user.email,
    }


@background_task
def add_partner_then_crash(run: TaskRun, *, naam: str) -> None:
    """Adds a partner organisation, then fails with an error nobody foresaw."""
    PartnerOrganisatie.objects.create(gemeente_id=run.taak.gemeente_id, name=naam)
    run.report(1, 2, "Bijna klaar")
    raise RuntimeError("interne details die de gebruiker niet hoort te zien")


@background_task
def add_partner_then_refuse(run: TaskRun, *, naam: str, melding: str, soort: str = "user") -> None:
    """Adds a partner organisation, then refuses with a Dutch message (as ``UserError`` or another known kind)."""
    PartnerOrganisatie.objects.create(gemeente_id=run.taak.gemeente_id, name=naam)
    if soort == "conflict":
        raise StateConflict(melding)
    if soort == "validation":
        raise ValidationError(melding)
    raise UserError(melding)
