"""An adopted or expired plan, its priorities and its goals are refused by the database too,
whatever code path tries; only the step from vastgesteld to vervallen, and the work that goes on
after adoption (steps, programmes, actions), are accepted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ivp import services
from ivp.models import Doelstelling, Plan, Prioritering
from ivp.triggers import FROZEN_MESSAGE

from .programma_world import World, world_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(personas: Any) -> World:
    world = world_of(personas)
    with world.bound():
        services.submit_plan(by=world.member("coordinator"), plan=world.plan)
        services.adopt_plan(
            by=world.member("bestuurder"),
            plan=world.fresh(world.plan),
            on=timezone.localdate(),
            body="raad",
            reference="",
        )
    return world


def refused(world: World, change: Any) -> None:
    with world.bound(), pytest.raises(DatabaseError, match=FROZEN_MESSAGE), transaction.atomic():
        change()


def test_the_adopted_plan_itself_cannot_be_changed_or_deleted(adopted: World) -> None:
    plan_id = adopted.plan.pk
    refused(adopted, lambda: Plan.objects.filter(pk=plan_id).update(titel="Anders"))

    def delete() -> None:  # in SQL: Django's own check would stop at the programme under the plan first
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM ivp_plan WHERE id = %s", [plan_id])

    refused(adopted, delete)


def test_its_priorities_and_goals_cannot_be_added_changed_or_deleted(adopted: World) -> None:
    plan_id = adopted.plan.pk
    with adopted.bound():
        doel = Doelstelling.objects.filter(plan_id=plan_id).first()
        prioritering = Prioritering.objects.filter(plan_id=plan_id).first()
    assert doel is not None and prioritering is not None
    refused(adopted, lambda: Doelstelling.objects.filter(pk=doel.pk).update(streefwaarde=Decimal(1)))
    refused(adopted, lambda: Doelstelling.objects.filter(pk=doel.pk).delete())
    refused(adopted, lambda: Prioritering.objects.filter(pk=prioritering.pk).update(onderbouwing="Anders"))

    def add_goal() -> None:
        Doelstelling.objects.create(gemeente_id=doel.gemeente_id, plan_id=plan_id, thema_id=doel.thema_id, wat="Nieuw")

    refused(adopted, add_goal)


def test_adopting_the_next_plan_lets_the_old_one_expire_and_work_goes_on_under_it(adopted: World) -> None:
    by = adopted.member("coordinator")
    with adopted.bound():
        nieuw = services.new_plan(by=by, from_plan=adopted.fresh(adopted.plan), startjaar=2031)
        services.submit_plan(by=by, plan=nieuw)
        services.adopt_plan(
            by=adopted.member("bestuurder"),
            plan=adopted.fresh(nieuw),
            on=timezone.localdate(),
            body="raad",
            reference="",
        )
        assert adopted.fresh(adopted.plan).status == "vervallen"
    adopted.add("Na de vaststelling")  # an action of the programme under the plan that was adopted
