"""Getting open-data figures into the analysis: upload or fetch, read, preview, confirm, store.

1. :func:`start_upload` keeps the file in an ``Analyseimport``; :func:`start_fetch` asks the
   police/CBS open-data API for the gemeente's rows.
2. The figures are read and a preview is made (``ivp.importing.preview``): at once for a small
   file, as a background task (ADR 0009) for a big file and for every fetch.
3. The user reads the preview and confirms (:func:`confirm`) or throws it away (:func:`cancel`).
   Only then are the figures stored, all or nothing (``ivp.importing.apply``) — again as a
   background task when there are many.

A file that is not what it says (another table, unknown codes or periods, not a police table at
all) fails in step 2 with the Dutch messages of ``ivp.opendata`` (line and column); nothing is
stored. Only a coördinator imports, because the figures land in every theme.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from background.services import enqueue
from background.tasks import TaskRun, background_task
from lib import permissions
from lib.errors import StateConflict
from organisations.models import Membership

from . import importing
from .choices import ImportBron, ImportStatus
from .models import Analyseimport
from .opendata import MAX_BYTES, TABELLEN, Cijfer, OpendataFout, ParseResult, fetch_table, parse_file

INLINE_BYTES = 1024 * 1024  # files up to this size are read during the request
INLINE_FIGURES = 20_000  # previews up to this many figures are stored during the request
MAX_YEARS = 15
ONLY_COORDINATOR = "Alleen een coördinator importeert cijfers: ze komen in alle thema's terecht."


def _may(by: Membership, gemeente_id: Any) -> None:
    permissions.require_same_gemeente(by, gemeente_id)
    permissions.require(by, "ivp.edit")
    if by.role != "coordinator":
        raise PermissionDenied(ONLY_COORDINATOR)


# --- starting ---------------------------------------------------------------------------------


def start_upload(*, by: Membership, bestandsnaam: str, data: bytes, verwachte_tabel: str = "") -> Analyseimport:
    """Keep the file and read it: now if it is small, otherwise in the background."""
    _may(by, by.gemeente_id)
    if verwachte_tabel and verwachte_tabel not in TABELLEN:
        raise ValidationError({"verwachte_tabel": "Kies een van de tabellen uit de lijst."})
    if not data:
        raise ValidationError({"bestand": "Het bestand is leeg."})
    if len(data) > MAX_BYTES:
        raise ValidationError({"bestand": f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB."})
    imp = Analyseimport.objects.create(
        gemeente_id=by.gemeente_id,
        bron=ImportBron.UPLOAD,
        bestandsnaam=(bestandsnaam or "bestand")[-200:],
        bestand=data,
        verwachte_tabel=verwachte_tabel,
        aangemaakt_door=by,
    )
    if len(data) <= INLINE_BYTES:
        _prepare(imp, by=by)
    else:
        imp.taak = enqueue(
            by=by,
            soort="ivp.import.lezen",
            titel=f"Bestand {imp.bestandsnaam} lezen",
            task=read_task,
            import_id=str(imp.pk),
        )
        imp.save(update_fields=["taak", "updated_at"])
    return imp


def start_fetch(*, by: Membership, tabel: str, van: int, tot: int) -> Analyseimport:
    """Fetch the gemeente's rows of ``tabel`` for the years ``van``–``tot`` in the background."""
    _may(by, by.gemeente_id)
    if tabel not in TABELLEN:
        raise ValidationError({"tabel": "Kies een van de tabellen uit de lijst."})
    this_year = timezone.localdate().year
    if not (2010 <= van <= tot <= this_year):
        raise ValidationError({"van": f"Kies jaren tussen 2010 en {this_year}, het eerste niet na het laatste."})
    if tot - van + 1 > MAX_YEARS:
        raise ValidationError({"van": f"Haal hoogstens {MAX_YEARS} jaar tegelijk op."})
    imp = Analyseimport.objects.create(
        gemeente_id=by.gemeente_id, bron=ImportBron.OPHALEN, bestand=b"", verwachte_tabel=tabel, aangemaakt_door=by
    )
    imp.taak = enqueue(
        by=by,
        soort="ivp.import.ophalen",
        titel=f"Cijfers van tabel {tabel} ophalen ({van}–{tot})",
        task=fetch_task,
        import_id=str(imp.pk),
        van=van,
        tot=tot,
    )
    imp.save(update_fields=["taak", "updated_at"])
    return imp


# --- reading and the preview ------------------------------------------------------------------


def _parse(imp: Analyseimport) -> ParseResult:
    gemeente = imp.aangemaakt_door.gemeente if imp.aangemaakt_door else None
    return parse_file(
        bytes(imp.bestand),
        expected_table=imp.verwachte_tabel or None,
        gemeente_naam=gemeente.name.removeprefix("Gemeente ").strip() if gemeente else None,
        gemeente_code=gemeente.cbs_code if gemeente else None,
        max_bytes=MAX_BYTES,
    )


def _figures(imp: Analyseimport) -> tuple[str, list[Any]]:
    """The figures of an import: the file read again, or the fetched figures kept as JSON."""
    if imp.bron == ImportBron.OPHALEN:
        stored = json.loads(bytes(imp.bestand))
        return stored["tabel"], [_figure(row) for row in stored["cijfers"]]
    result = _parse(imp)
    return result.tabel, list(result.cijfers)


FIELDS = ("tabel", "onderwerp", "dimensie", "code", "gebied", "gebied_naam", "gebied_soort", "jaar", "maand")


def _row(fig: Cijfer) -> list[Any]:
    return [*(getattr(fig, name) for name in FIELDS), None if fig.waarde is None else str(fig.waarde), fig.voorlopig]


def _figure(row: list[Any]) -> Cijfer:
    values = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
    waarde = row[len(FIELDS)]
    return Cijfer(**values, waarde=None if waarde is None else Decimal(waarde), voorlopig=bool(row[-1]))


def _summary(imp: Analyseimport, result: ParseResult, by: Membership) -> None:
    preview = importing.preview(result.cijfers, gemeente=by.gemeente, tabel=result.tabel)
    imp.tabel, imp.formaat = result.tabel, result.formaat_naam
    imp.voorbeeld = {
        **preview.as_json(),
        "tabelTitel": result.tabel_titel,
        "rijen": result.rijen,
        "waarschuwingen": list(result.waarschuwingen),
        "overgeslagenBijLezen": result.overgeslagen_per_reden,
    }
    imp.status = ImportStatus.TE_CONTROLEREN


def _fail(imp: Analyseimport, error: OpendataFout) -> None:
    imp.status = ImportStatus.MISLUKT
    imp.fouten = [str(fout) for fout in error.fouten][:50]


def _prepare(imp: Analyseimport, *, by: Membership) -> None:
    try:
        _summary(imp, _parse(imp), by)
    except OpendataFout as error:
        _fail(imp, error)
    imp.save(update_fields=["status", "tabel", "formaat", "voorbeeld", "fouten", "updated_at"])


def _result_link(imp: Analyseimport) -> dict[str, str]:
    return {"url": reverse("ivp:import_detail", kwargs={"pk": imp.pk}), "label": "Naar de import"}


@background_task
def read_task(run: TaskRun, *, import_id: str) -> dict[str, str]:
    imp = Analyseimport.objects.select_related("aangemaakt_door__gemeente").get(pk=import_id)
    run.report(0, None, "Het bestand lezen")
    _prepare(imp, by=run.by)
    return _result_link(imp)


@background_task
def fetch_task(run: TaskRun, *, import_id: str, van: int, tot: int) -> dict[str, str]:
    imp = Analyseimport.objects.select_related("aangemaakt_door__gemeente").get(pk=import_id)
    gemeente = run.by.gemeente

    def progress(done: int, total: int | None) -> None:
        run.report(done, total, "Cijfers ophalen bij de open-data-API")

    try:
        result = fetch_table(
            imp.verwachte_tabel,
            gemeente_code=gemeente.cbs_code,
            jaren=range(van, tot + 1),
            base_url=settings.IVP_OPENDATA_URL,
            progress=progress,
        )
    except OpendataFout as error:
        _fail(imp, error)
    else:
        imp.bestand = json.dumps({"tabel": result.tabel, "cijfers": [_row(f) for f in result.cijfers]}).encode()
        imp.bestandsnaam = f"{result.tabel} {gemeente.cbs_code} {van}–{tot}"
        run.report(result.rijen, result.rijen, "Voorbeeld maken")
        _summary(imp, result, run.by)
    imp.save()
    return _result_link(imp)


# --- confirming -------------------------------------------------------------------------------


def confirm(*, by: Membership, imp: Analyseimport) -> Analyseimport:
    """Store the previewed figures, all or nothing: now when few, otherwise in the background."""
    _may(by, imp.gemeente_id)
    if imp.status != ImportStatus.TE_CONTROLEREN:
        raise StateConflict(
            f"Deze import is {imp.get_status_display().lower()}; alleen een gecontroleerd voorbeeld kan worden opgeslagen."
        )
    count = (imp.voorbeeld or {}).get("bewaren", 0)
    if count == 0:
        raise StateConflict("Deze import bevat geen cijfers die kunnen worden opgeslagen.")
    if count <= INLINE_FIGURES:
        _store(imp, by=by)
    else:
        imp.status = ImportStatus.OPSLAAN
        imp.taak = enqueue(
            by=by,
            soort="ivp.import.opslaan",
            titel=f"Cijfers van {imp} opslaan",
            task=store_task,
            import_id=str(imp.pk),
        )
        imp.save(update_fields=["status", "taak", "updated_at"])
    return imp


def _store(imp: Analyseimport, *, by: Membership, run: TaskRun | None = None) -> None:
    tabel, figures = _figures(imp)

    def progress(done: int, total: int) -> None:
        if run is not None:
            run.report(done, total, "Cijfers opslaan")

    with transaction.atomic():
        importing.apply(figures, gemeente=by.gemeente, tabel=tabel, by=by, progress=progress)
        imp.status, imp.opgeslagen_op, imp.bestand = ImportStatus.OPGESLAGEN, timezone.now(), b""
        imp.save(update_fields=["status", "opgeslagen_op", "bestand", "updated_at"])


@background_task
def store_task(run: TaskRun, *, import_id: str) -> dict[str, str]:
    imp = Analyseimport.objects.select_related("aangemaakt_door__gemeente").get(pk=import_id)
    _store(imp, by=run.by, run=run)
    return {"url": reverse("ivp:analyse"), "label": "Naar de veiligheidsanalyse"}


def cancel(*, by: Membership, imp: Analyseimport) -> None:
    """Throw away an import that has not been stored (nothing of it reached the analysis)."""
    _may(by, imp.gemeente_id)
    if imp.status in {ImportStatus.OPSLAAN, ImportStatus.OPGESLAGEN}:
        raise StateConflict("Deze import is al opgeslagen of wordt opgeslagen; verwijder de cijfers in de analyse.")
    imp.delete()
