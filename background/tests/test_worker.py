"""Tasks in the real worker: `manage.py db_worker` as a separate process, the queue in the test database.

These tests commit (a transactional test database), because the worker is another process with
connections of its own; they are marked ``worker`` and are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from background.models import Achtergrondtaak, Status
from background.tasks import GENERIC_FAILURE
from lib import tenancy
from organisations.models import PartnerOrganisatie
from tests import factories

from .conftest import reload, start
from .tasks import add_partner_and_wait, add_partner_then_crash, add_partner_then_refuse, what_the_task_sees

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0


def app_database_url() -> str:
    """The URL of the database the tests use, as the app role (the worker connects as the web process does)."""
    db = connection.settings_dict
    options = db.get("OPTIONS") or {}
    user = quote(db["USER"], safe="")
    auth = f"{user}:{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else user
    where = {"host": db.get("HOST") or options.get("host"), "port": db.get("PORT") or options.get("port")}
    return f"postgres://{auth}@/{quote(db['NAME'], safe='')}?{urlencode({k: v for k, v in where.items() if v})}"


class Worker:
    """A running `manage.py db_worker`, its output in a file shown when a test fails."""

    def __init__(self, log: Path) -> None:
        self.log = log
        env = {**os.environ, "DATABASE_URL": app_database_url(), "PYTHONUNBUFFERED": "1"}
        env.pop("KAPSTOK_AS_OWNER", None)
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"]
        self._out = log.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text()

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f"the worker stopped while waiting for {what}:\n{self.output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"waited {TIMEOUT:.0f} s for {what}; the worker said:\n{self.output()}")
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    running = Worker(tmp_path / "worker.log")
    yield running
    running.stop()


def _finished(taak: Achtergrondtaak) -> Callable[[], bool]:
    return lambda: reload(taak).is_finished


def _result(taak: Achtergrondtaak) -> dict[str, Any]:
    result = reload(taak).resultaat
    assert isinstance(result, dict), result
    return result


def _partner_exists(gemeente: Any, name: str) -> bool:
    with tenancy.bound(gemeente=gemeente.pk):
        return PartnerOrganisatie.objects.filter(name=name).exists()


def test_a_task_runs_in_the_worker_and_its_progress_shows_while_its_own_transaction_is_still_open(
    personas: Any, worker: Worker, tmp_path: Path
) -> None:
    signal = tmp_path / "sein"
    taak = start(personas.members["coordinator"], add_partner_and_wait, naam="Partner uit de taak", sein=str(signal))

    worker.wait_for("the progress report", lambda: reload(taak).voortgang == 1)
    halfway = reload(taak)
    assert (halfway.status, halfway.voortgang, halfway.totaal) == (Status.BEZIG, 1, 2)
    assert halfway.stap == "Wachten op het sein" and halfway.started_at is not None
    # Read over this test's own connection: the task's work is not committed yet, its progress is.
    assert not _partner_exists(personas.gemeente_a, "Partner uit de taak")

    signal.touch()
    worker.wait_for("the end of the task", _finished(taak))
    done = reload(taak)
    assert (done.status, done.voortgang, done.totaal, done.resultaat) == (
        Status.KLAAR,
        2,
        2,
        {"partner": "Partner uit de taak"},
    )
    assert _partner_exists(personas.gemeente_a, "Partner uit de taak")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_in_the_worker_is_bound_to_its_gemeente_and_finds_nothing_of_another(
    personas: Any, worker: Worker
) -> None:
    factories.make_partner(personas.gemeente_b, "Geheim van Beedorp")
    coordinator = personas.members["coordinator"]
    of_a = start(coordinator, what_the_task_sees, naam="Geheim van Beedorp")
    of_b = start(personas.coordinator_b, what_the_task_sees, naam="Geheim van Beedorp")

    worker.wait_for("both tasks", lambda: reload(of_a).is_finished and reload(of_b).is_finished)
    seen_by_a, seen_by_b = _result(of_a), _result(of_b)
    assert seen_by_a["gevonden"] == 0 and seen_by_a["partners"] == ["Politie Eenheid Aa"]
    assert seen_by_b["gevonden"] == 1  # the row is there: only row-level security kept it from A's task
    assert seen_by_a["tenancy"]["app.gemeente"] == str(personas.gemeente_a.pk)
    assert seen_by_a["tenancy"]["app.user"] == str(coordinator.user_id)
    assert seen_by_a["rol"] == settings.DATABASE_APP_ROLE  # the app role, as the web process
    assert seen_by_a["door"] == coordinator.user.email


def test_a_failing_task_in_the_worker_ends_as_mislukt_with_a_dutch_message_and_keeps_none_of_its_work(
    personas: Any, worker: Worker
) -> None:
    coordinator = personas.members["coordinator"]
    crashed = start(coordinator, add_partner_then_crash, naam="Half werk")
    refused = start(coordinator, add_partner_then_refuse, naam="Ook half", melding="Het bestand is leeg.")

    worker.wait_for("both tasks", lambda: reload(crashed).is_finished and reload(refused).is_finished)
    assert (reload(crashed).status, reload(crashed).foutmelding) == (Status.MISLUKT, GENERIC_FAILURE)
    assert (reload(refused).status, reload(refused).foutmelding) == (Status.MISLUKT, "Het bestand is leeg.")
    assert not _partner_exists(personas.gemeente_a, "Half werk")
    assert not _partner_exists(personas.gemeente_a, "Ook half")
    log = worker.output()
    assert "RuntimeError: interne details" in log and "Traceback" in log
