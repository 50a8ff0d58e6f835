"""How a task runs (here in this process, the immediate backend): its outcome, its errors, its gemeente."""

from __future__ import annotations

import logging
from typing import Any
from unittest import mock

import pytest
from django.apps import apps

from audit.readable import action_description
from background.models import Status
from background.progress import ProgressWriter
from background.tasks import GENERIC_FAILURE, MEMBER_GONE, TaskRun
from lib import tenancy
from organisations.models import Membership, PartnerOrganisatie
from tests import factories

from .conftest import reload, start
from .tasks import add_partner_then_crash, add_partner_then_refuse, count_to, what_the_task_sees

pytestmark = pytest.mark.usefixtures("immediate")


@pytest.fixture
def run_at_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Start a task as a member; it runs when the (test's inner) transaction commits."""

    def run(by: Any, task: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            taak = start(by, task, **kwargs)
        return reload(taak)

    return run


def _partner_exists(gemeente: Any, name: str) -> bool:
    with tenancy.bound(gemeente=gemeente.pk):
        return PartnerOrganisatie.objects.filter(name=name).exists()


@pytest.mark.django_db
def test_a_finished_task_is_klaar_with_its_result_and_all_its_work_counted(personas: Any, run_at_commit: Any) -> None:
    taak = run_at_commit(personas.members["coordinator"], count_to, tot=4)
    assert taak.status == Status.KLAAR
    assert taak.resultaat == {"url": "/taken", "label": "Naar alle taken", "geteld": 4}
    assert (taak.voortgang, taak.totaal, taak.procent) == (4, 4, 100)
    assert taak.started_at is not None and taak.finished_at is not None and taak.foutmelding is None
    assert taak.volgende == {"url": "/taken", "label": "Naar alle taken"}


@pytest.mark.django_db
def test_the_work_is_in_the_history_as_done_by_a_background_task_for_whoever_started_it(
    personas: Any, run_at_commit: Any
) -> None:
    coordinator = personas.members["coordinator"]
    taak = run_at_commit(coordinator, count_to, tot=2)
    events = apps.get_model("background", "AchtergrondtaakEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        contexts = list(
            events.objects.filter(pgh_obj_id=taak.pk).order_by("pgh_id").values_list("pgh_label", "pgh_context")
        )
    assert [label for label, _ in contexts] == ["insert", "update", "update"]  # wachtrij, bezig, klaar
    for _label, context in contexts[1:]:
        assert context["origin"] == "task" and context["task"] == "test.taak"
        assert context["user"] == coordinator.user_id and context["taak"] == str(taak.pk)
        assert action_description(context) == "Wijziging door een achtergrondtaak"  # as the history page says


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["user", "conflict", "validation"])
def test_a_refusal_ends_the_task_as_mislukt_with_its_dutch_message_and_none_of_its_work(
    personas: Any, run_at_commit: Any, kind: str
) -> None:
    melding = "Regel 12 heeft geen geldig jaartal."
    taak = run_at_commit(
        personas.members["coordinator"], add_partner_then_refuse, naam="Half werk", melding=melding, soort=kind
    )
    assert (taak.status, taak.foutmelding) == (Status.MISLUKT, melding)
    assert taak.finished_at is not None and taak.resultaat is None
    assert not _partner_exists(personas.gemeente_a, "Half werk")


@pytest.mark.django_db
def test_an_unexpected_error_ends_the_task_as_mislukt_with_a_general_message_and_the_traceback_in_the_log(
    personas: Any, run_at_commit: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.ERROR, logger="kapstok.background"):
        taak = run_at_commit(personas.members["coordinator"], add_partner_then_crash, naam="Half werk")
    assert (taak.status, taak.foutmelding) == (Status.MISLUKT, GENERIC_FAILURE)
    assert "interne details" not in taak.foutmelding
    assert not _partner_exists(personas.gemeente_a, "Half werk")
    record = next(r for r in caplog.records if r.name == "kapstok.background")
    assert record.exc_info and "interne details" in str(record.exc_info[1])


@pytest.mark.django_db
def test_a_task_of_gemeente_a_finds_nothing_of_gemeente_b(personas: Any, run_at_commit: Any) -> None:
    factories.make_partner(personas.gemeente_b, "Geheim van Beedorp")
    seen_by_a = run_at_commit(personas.members["coordinator"], what_the_task_sees, naam="Geheim van Beedorp")
    seen_by_b = run_at_commit(personas.coordinator_b, what_the_task_sees, naam="Geheim van Beedorp")
    assert seen_by_a.resultaat["gevonden"] == 0
    assert seen_by_a.resultaat["partners"] == ["Politie Eenheid Aa"]
    assert seen_by_b.resultaat["gevonden"] == 1  # the row exists: only the wall kept it from A
    assert seen_by_a.resultaat["tenancy"]["app.gemeente"] == str(personas.gemeente_a.pk)
    assert seen_by_a.resultaat["tenancy"]["app.user"] == str(personas.members["coordinator"].user_id)


@pytest.mark.django_db
def test_a_task_whose_starter_left_the_gemeente_is_not_run(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    auditor = personas.members["auditor"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        taak = start(auditor, add_partner_then_crash, naam="Mag niet")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Membership.objects.filter(pk=auditor.pk).delete()
    callbacks[0]()
    taak = reload(taak)
    assert (taak.status, taak.foutmelding, taak.started_at) == (Status.MISLUKT, MEMBER_GONE, None)
    assert not _partner_exists(personas.gemeente_a, "Mag niet")


@pytest.mark.django_db
def test_a_task_runs_once_even_if_it_is_delivered_twice(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        taak = start(personas.members["coordinator"], count_to, tot=2)
    callbacks[0]()
    finished = reload(taak).finished_at
    callbacks[0]()
    assert reload(taak).finished_at == finished


def test_progress_is_written_on_a_new_step_and_at_the_end_and_otherwise_at_most_twice_a_second() -> None:
    writer = ProgressWriter(taak_id=mock.sentinel.taak, gemeente_id=mock.sentinel.gemeente, user_id=1)
    run = TaskRun(mock.Mock(), mock.Mock(), writer)
    clock = mock.patch("background.progress.time.monotonic", side_effect=[10.0, 10.1, 10.2, 10.3, 10.7, 10.8, 10.9])
    with mock.patch.object(ProgressWriter, "_update") as update, clock:
        run.report(1, 100, "Lezen")  # first: written (10.0)
        run.report(2)  # 10.1: too soon
        run.report(3, stap="Controleren")  # new step: written (10.2)
        run.report(4)  # 10.3: too soon
        run.report(5)  # 10.7: half a second later, written
        run.report(100)  # complete: written
        run.report(100)  # nothing new
    assert [c.args for c in update.call_args_list] == [
        (1, 100, "Lezen"),
        (3, 100, "Controleren"),
        (5, 100, "Controleren"),
        (100, 100, "Controleren"),
    ]


def test_a_report_stays_within_the_total_and_never_goes_below_zero() -> None:
    writer = mock.Mock(spec=ProgressWriter)
    run = TaskRun(mock.Mock(), mock.Mock(), writer)
    run.report(12, 10, "Te ver")
    run.report(-3)
    assert [c.kwargs for c in writer.write.call_args_list] == [
        {"voortgang": 10, "totaal": 10, "stap": "Te ver"},
        {"voortgang": 0, "totaal": 10, "stap": "Te ver"},
    ]
