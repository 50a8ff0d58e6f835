"""History contexts: what a command and the services it calls record on each change."""

from __future__ import annotations

from typing import Any

import pghistory
import pytest
from django.apps import apps

from lib import tenancy
from lib.history import command_context
from organisations.models import PartnerOrganisatie

PartnerOrganisatieEvent = apps.get_model("organisations", "PartnerOrganisatieEvent")

pytestmark = pytest.mark.django_db


def _context_of(gemeente: Any, name: str) -> tuple[Any, dict[str, Any]]:
    with tenancy.bound(gemeente=gemeente.pk):
        event = PartnerOrganisatieEvent.objects.get(name=name, pgh_label="insert")
    return event.pgh_context_id, event.pgh_context


def _add(gemeente: Any, name: str) -> None:
    PartnerOrganisatie.objects.create(gemeente=gemeente, name=name)


def test_a_person_set_by_a_service_inside_a_command_does_not_stick_to_what_the_command_does_next(
    personas: Any,
) -> None:
    a, person = personas.gemeente_a, personas.user("coordinator")
    with command_context("load_demo"), tenancy.bound(gemeente=a.pk):
        _add(a, "Voor de dienst")
        with pghistory.context(user=person.pk, action="kader.start"):
            _add(a, "In de dienst")
        _add(a, "Na de dienst")

    before_id, before = _context_of(a, "Voor de dienst")
    service_id, service = _context_of(a, "In de dienst")
    after_id, after = _context_of(a, "Na de dienst")
    assert service == {"origin": "command", "command": "load_demo", "user": person.pk, "action": "kader.start"}
    assert before == after == {"origin": "command", "command": "load_demo"}
    assert before_id == after_id != service_id  # the service's change is an action of its own


def test_two_services_inside_a_command_are_two_actions_each_with_its_own_person(personas: Any) -> None:
    a = personas.gemeente_a
    first, second = personas.user("coordinator"), personas.user("auditor")
    with command_context("load_demo"), tenancy.bound(gemeente=a.pk):
        with pghistory.context(user=first.pk, action="kader.start"):
            _add(a, "Eerste")
        with pghistory.context(action="kader.submit"):  # names no person
            _add(a, "Tweede")
        with pghistory.context(user=second.pk, action="kader.adopt"):
            _add(a, "Derde")

    (one_id, one), (two_id, two), (three_id, three) = (_context_of(a, n) for n in ("Eerste", "Tweede", "Derde"))
    assert (one["user"], "user" in two, three["user"]) == (first.pk, False, second.pk)
    assert len({one_id, two_id, three_id}) == 3


def test_a_nested_command_step_is_an_action_of_its_own_and_the_outer_context_comes_back(personas: Any) -> None:
    a, person = personas.gemeente_a, personas.user("coordinator")
    with command_context("load_demo"), tenancy.bound(gemeente=a.pk):
        with command_context("load_demo", user=person.pk):
            _add(a, "Als persoon")
        _add(a, "Daarna")

    step_id, step = _context_of(a, "Als persoon")
    outer_id, outer = _context_of(a, "Daarna")
    assert step == {"origin": "command", "command": "load_demo", "user": person.pk}
    assert outer == {"origin": "command", "command": "load_demo"}
    assert step_id != outer_id


def test_a_command_context_inside_a_running_context_adds_its_metadata_only_for_its_block(personas: Any) -> None:
    a, person = personas.gemeente_a, personas.user("coordinator")
    with pghistory.context(user=person.pk, url="/iets"), tenancy.bound(gemeente=a.pk):
        with command_context("opruimen"):
            _add(a, "Binnen")
        _add(a, "Buiten")

    inner_id, inner = _context_of(a, "Binnen")
    outer_id, outer = _context_of(a, "Buiten")
    assert inner == {"user": person.pk, "url": "/iets", "origin": "command", "command": "opruimen"}
    assert outer == {"user": person.pk, "url": "/iets"}
    assert inner_id == outer_id  # one context, as pghistory nests them
