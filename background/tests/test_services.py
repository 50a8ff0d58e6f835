"""background.services.enqueue: the record the user follows, and the task queued only after commit."""

from __future__ import annotations

from typing import Any
from unittest import mock
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from background.models import Achtergrondtaak, Status
from background.services import NOT_QUEUED, enqueue
from lib import tenancy

from .conftest import reload, start
from .tasks import count_to


@task()
def plain_task() -> None:
    """A django-tasks task that does not bind a gemeente: enqueue refuses it."""


def _count(gemeente: Any) -> int:
    with tenancy.bound(gemeente=gemeente.pk):
        return Achtergrondtaak.objects.count()


@pytest.mark.django_db
def test_enqueue_records_a_waiting_task_of_the_members_gemeente(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    taak = start(coordinator, count_to, soort="ivp.import", titel="Cijfers importeren", tot=3)
    taak = reload(taak)
    assert (taak.gemeente_id, taak.aangemaakt_door_id) == (personas.gemeente_a.pk, coordinator.pk)
    assert (taak.soort, taak.titel, taak.status) == ("ivp.import", "Cijfers importeren", Status.WACHTRIJ)
    assert (taak.voortgang, taak.totaal, taak.started_at, taak.finished_at) == (0, None, None, None)


@pytest.mark.django_db
def test_the_task_is_queued_only_when_the_transaction_commits(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = personas.members["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        taak = start(coordinator, count_to, tot=3)
        assert not DBTaskResult.objects.exists(), "queued before the transaction committed"
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "background.tests.tasks.count_to"
    assert queued.args_kwargs == {
        "args": [str(taak.pk), str(personas.gemeente_a.pk), coordinator.user_id],
        "kwargs": {"tot": 3},
    }


@pytest.mark.django_db
def test_nothing_runs_before_the_transaction_commits(
    personas: Any, immediate: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        taak = start(personas.members["coordinator"], count_to, tot=3)
        assert reload(taak).status == Status.WACHTRIJ
    assert reload(taak).status == Status.KLAAR


@pytest.mark.django_db
def test_a_transaction_that_rolls_back_leaves_no_task_and_queues_nothing(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = personas.members["coordinator"]

    class Undone(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Undone),
        tenancy.bound(gemeente=personas.gemeente_a.pk, user=coordinator.user_id),
    ):
        enqueue(by=coordinator, soort="test.taak", titel="Een taak", task=count_to, tot=3)
        raise Undone
    assert _count(personas.gemeente_a) == 0
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_enqueue_refuses_a_task_that_does_not_bind_the_gemeente(personas: Any) -> None:
    with pytest.raises(TypeError, match="background_task"):
        start(personas.members["coordinator"], plain_task)
    assert _count(personas.gemeente_a) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_a_role_that_cannot_follow_tasks_cannot_start_one(personas: Any, role: str) -> None:
    with pytest.raises(PermissionDenied, match="geen inzage in de achtergrondtaken"):
        start(personas.members[role], count_to, tot=3)
    assert _count(personas.gemeente_a) == 0


@pytest.mark.django_db
def test_arguments_the_queue_cannot_store_are_refused_before_anything_is_recorded(personas: Any) -> None:
    with pytest.raises(TypeError, match="Unsupported type"):
        start(personas.members["coordinator"], count_to, tot=uuid4())
    assert _count(personas.gemeente_a) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("soort", ["", "IVP.import", "ivp import", "ivp.", "x" * 61])
def test_soort_must_be_a_short_dotted_key(personas: Any, soort: str) -> None:
    with pytest.raises(ValueError, match="soort"):
        start(personas.members["coordinator"], count_to, soort=soort, tot=3)


@pytest.mark.django_db
def test_a_task_that_cannot_be_queued_is_marked_failed_with_a_dutch_message(
    personas: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    broken = mock.patch.object(type(count_to), "enqueue", side_effect=ConnectionError("queue is weg"))
    with broken, django_capture_on_commit_callbacks(execute=True):
        taak = start(personas.members["coordinator"], count_to, tot=3)
    taak = reload(taak)
    assert (taak.status, taak.foutmelding) == (Status.MISLUKT, NOT_QUEUED)
    assert "could not be queued" in caplog.text
