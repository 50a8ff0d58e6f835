from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from lib import tenancy
from organisations.models import Gemeente, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_login_per_role_and_a_second_gemeente() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
        noorderhaven = Gemeente.objects.get(cbs_code="GM9902")
    with tenancy.bound(gemeente=zuiderveen.pk):
        roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor"}
    with tenancy.bound(gemeente=noorderhaven.pk):
        assert Membership.objects.get().user.email == "coordinator@noorderhaven.example"
    assert User.objects.get(email="beheer@kapstok.example").is_platform_admin
    assert User.objects.get(email="coordinator@zuiderveen.example").check_password("demo-Zuiderveen-2026")


def test_loading_the_demo_twice_with_if_empty_changes_nothing() -> None:
    call_command("load_demo")
    count = User.objects.count()
    call_command("load_demo", "--if-empty")
    assert User.objects.count() == count


def _creation_context(gemeente: Gemeente) -> tuple[Any, dict[str, Any]]:
    event_model = apps.get_model("organisations", "GemeenteEvent")
    with tenancy.bound(gemeente=gemeente.pk):
        event = event_model.objects.get(pgh_obj_id=gemeente.pk, pgh_label="insert")
    return event.pgh_context_id, event.pgh_context


def test_each_demo_gemeente_is_created_in_a_history_context_of_its_own_without_a_person() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
        noorderhaven = Gemeente.objects.get(cbs_code="GM9902")

    zuiderveen_id, zuiderveen_context = _creation_context(zuiderveen)
    noorderhaven_id, noorderhaven_context = _creation_context(noorderhaven)

    assert zuiderveen_id != noorderhaven_id
    assert zuiderveen_context == noorderhaven_context == {"origin": "command", "command": "load_demo"}


def test_the_demo_kader_is_recorded_as_the_work_of_zuiderveens_coordinator() -> None:
    call_command("load_demo")
    with tenancy.bound(platform=True):
        zuiderveen = Gemeente.objects.get(cbs_code="GM9901")
    coordinator = User.objects.get(email="coordinator@zuiderveen.example")
    event_model = apps.get_model("kader", "KaderVersieEvent")
    with tenancy.bound(gemeente=zuiderveen.pk):
        contexts = list(event_model.objects.values_list("pgh_context_id", "pgh_context"))
    assert {context["user"] for _id, context in contexts} == {coordinator.pk}
    assert {context["origin"] for _id, context in contexts} == {"command"}
    assert {"kader.start", "kader.adopt", "kader.new_version"} <= {context["action"] for _id, context in contexts}
    assert len({context_id for context_id, _context in contexts}) > 3  # each service call one action
