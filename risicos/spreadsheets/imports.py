"""Importing a spreadsheet into the risk register: upload, read and check, preview, confirm, store.

1. :func:`start` keeps the file in a ``Registerimport`` and makes the preview
   (``plan.make``): at once for a small file, as a background task (ADR 0009) for a big one.
2. The member reads the preview — every row new, changed (before → after), unchanged or wrong —
   and confirms (:func:`confirm`) or throws it away (:func:`cancel`).
3. Confirming reads and checks the file again against the register as it is then. If anything
   differs from the preview (someone edited a row meanwhile), nothing is stored; otherwise every
   row is stored in one transaction (``storing.store``) — again in the background when many.

A file with any error stores nothing. Members who may change the register (``risicos.edit``)
import; a thema-eigenaar's rows are limited to their themes, as in the forms.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from background.services import enqueue
from background.tasks import TaskRun, background_task
from lib import permissions
from lib.errors import StateConflict
from organisations.models import Membership

from . import plan as planning
from . import storing
from .columns import REGISTERS
from .models import ImportStatus, Registerimport
from .reading import MAX_BYTES, BestandFout, read

INLINE_BYTES = 256 * 1024  # files up to this size are read during the request
INLINE_ROWS = 1000  # imports up to this many rows are stored during the request
HAS_ERRORS = "Dit voorbeeld bevat fouten; er is niets opgeslagen. Verbeter het bestand en lees het opnieuw in."
NOTHING = "Dit bestand verandert niets aan het register; er is niets om op te slaan."


def _may(by: Membership, gemeente_id: Any) -> None:
    permissions.require_same_gemeente(by, gemeente_id)
    permissions.require(by, "risicos.edit")


def start(*, by: Membership, register: str, bestandsnaam: str, data: bytes) -> Registerimport:
    """Keep the file and check it: now if it is small, otherwise in the background."""
    _may(by, by.gemeente_id)
    if register not in REGISTERS:
        raise ValidationError({"register": "Kies bedrijfsmiddelen, risico's of maatregelen."})
    if not data:
        raise ValidationError({"bestand": "Het bestand is leeg."})
    if len(data) > MAX_BYTES:
        raise ValidationError({"bestand": f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB."})
    imp = Registerimport.objects.create(
        gemeente_id=by.gemeente_id,
        register=register,
        bestandsnaam=(bestandsnaam or "bestand")[-200:],
        bestand=data,
        aangemaakt_door=by,
    )
    if len(data) <= INLINE_BYTES:
        _prepare(imp, by=by)
    else:
        imp.taak = enqueue(
            by=by,
            soort="risicos.import.lezen",
            titel=f"Bestand {imp.bestandsnaam} controleren",
            task=read_task,
            import_id=str(imp.pk),
        )
        imp.save(update_fields=["taak", "updated_at"])
    return imp


def _prepare(imp: Registerimport, *, by: Membership, run: TaskRun | None = None) -> None:
    def progress(done: int, total: int) -> None:
        if run is not None:
            run.report(done, total, "Rijen controleren")

    try:
        found = planning.make(by, imp.register, read(bytes(imp.bestand)), progress)
    except BestandFout as error:
        imp.status, imp.fouten = ImportStatus.MISLUKT, error.fouten
    else:
        if found.fouten:
            imp.status, imp.fouten = ImportStatus.MISLUKT, found.fouten
        else:
            imp.status, imp.voorbeeld = ImportStatus.TE_CONTROLEREN, found.as_json()
    imp.save(update_fields=["status", "voorbeeld", "fouten", "updated_at"])


def _link(imp: Registerimport) -> dict[str, str]:
    return {"url": imp.get_absolute_url(), "label": "Naar de import"}


@background_task
def read_task(run: TaskRun, *, import_id: str) -> dict[str, str]:
    imp = Registerimport.objects.get(pk=import_id)
    run.report(0, None, "Het bestand lezen")
    _prepare(imp, by=run.by, run=run)
    return _link(imp)


def confirm(*, by: Membership, imp: Registerimport) -> Registerimport:
    """Store the previewed rows, all or nothing: now when few, otherwise in the background."""
    _may(by, imp.gemeente_id)
    if imp.status != ImportStatus.TE_CONTROLEREN:
        raise StateConflict(
            f"Deze import is {imp.get_status_display()}; alleen een gecontroleerd voorbeeld kan worden opgeslagen."
        )
    preview = imp.voorbeeld or {}
    if preview.get("fout"):
        raise StateConflict(HAS_ERRORS)
    if not preview.get("nieuw") and not preview.get("gewijzigd"):
        raise StateConflict(NOTHING)
    if preview.get("rijen", 0) <= INLINE_ROWS:
        _store(imp, by=by)
    else:
        imp.status = ImportStatus.OPSLAAN
        imp.taak = enqueue(
            by=by,
            soort="risicos.import.opslaan",
            titel=f"{imp} opslaan in het register",
            task=store_task,
            import_id=str(imp.pk),
        )
        imp.save(update_fields=["status", "taak", "updated_at"])
    return imp


def _store(imp: Registerimport, *, by: Membership, run: TaskRun | None = None) -> None:
    """Check the file again; store it only when the check is the preview that was confirmed."""

    def progress(done: int, total: int) -> None:
        if run is not None:
            run.report(done, total, "Rijen opslaan")

    if run is not None:
        run.report(0, None, "Het bestand opnieuw controleren")
    try:
        again = planning.make(by, imp.register, read(bytes(imp.bestand)))
    except BestandFout:
        again = None
    if again is None or again.fouten or again.as_json()["digest"] != (imp.voorbeeld or {}).get("digest"):
        _stale(imp)
    try:
        with transaction.atomic():
            storing.store(by, again, progress)
            imp.status, imp.opgeslagen_op, imp.bestand = ImportStatus.OPGESLAGEN, timezone.now(), b""
            imp.save(update_fields=["status", "opgeslagen_op", "bestand", "updated_at"])
    except StateConflict:
        _stale(imp)


def _stale(imp: Registerimport) -> NoReturn:
    imp.status, imp.fouten = ImportStatus.MISLUKT, [planning.STALE]
    imp.save(update_fields=["status", "fouten", "updated_at"])
    raise StateConflict(planning.STALE)


@background_task
def store_task(run: TaskRun, *, import_id: str) -> dict[str, str]:
    imp = Registerimport.objects.get(pk=import_id)
    try:
        _store(imp, by=run.by, run=run)
    except StateConflict:
        return _link(imp)  # the import says why nothing was stored
    register = REGISTERS[imp.register]
    return {"url": reverse(register.lijst), "label": f"Naar de {register.titel.lower()}"}


def cancel(*, by: Membership, imp: Registerimport) -> None:
    """Throw away an import that has not been stored."""
    _may(by, imp.gemeente_id)
    if imp.status in {ImportStatus.OPSLAAN, ImportStatus.OPGESLAGEN}:
        raise StateConflict("Deze import is al opgeslagen of wordt opgeslagen.")
    imp.delete()
