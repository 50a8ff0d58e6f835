"""The state of a year for the start page: per phase what is planned, done and late, and the next activity,
in two queries whatever the size of the calendar."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lib import tenancy
from pdca.stand import jaar_stand

from . import world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def stand(personas: Any, role: str = "coordinator", jaar: int = TODAY.year) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk), CaptureQueriesContext(connection) as queries:
        found = jaar_stand(personas.members[role], jaar, TODAY)
    assert len(queries) <= 2
    return found


def test_each_phase_counts_planned_done_and_late_and_the_next_activity_is_named(personas: Any) -> None:
    past, soon = TODAY - datetime.timedelta(days=2), TODAY + datetime.timedelta(days=1)
    if soon.year != TODAY.year:  # the last day of the year: nothing comes after it
        soon = TODAY
    world.activiteit(personas, titel="Te laat", fase="check", soort="evaluatie", gepland_op=past)
    world.audit(personas)  # done, a month ago
    world.activiteit(personas, titel="Weg", fase="check", soort="evaluatie", gepland_op=past, status="vervallen")
    world.activiteit(personas, titel="Eerstvolgende", gepland_op=soon)
    world.activiteit(personas, titel="Daarna", gepland_op=soon, fase="plan", soort="jaarplanning")
    world.activiteit(personas, titel="Volgend jaar", gepland_op=TODAY.replace(year=TODAY.year + 1, day=1))
    found = stand(personas)
    check = next(f for f in found.fasen if f.fase == "check")
    act = next(f for f in found.fasen if f.fase == "act")
    assert (check.gepland, check.uitgevoerd, check.te_laat, check.totaal) == (1, 1, 1, 2)
    assert (act.gepland, act.te_laat) == (1, 0)
    assert [f.fase for f in found.fasen] == ["plan", "do", "check", "act"] and found.te_laat == 1
    assert found.volgende is not None and found.volgende.titel == "Daarna"  # same day: by title
    assert found.volgende.url.startswith("/pdca/activiteiten/") and found.volgende.fase == "plan"
    assert stand(personas, jaar=TODAY.year - 1).volgende is None


def test_a_member_who_does_not_read_the_cycle_and_another_gemeente_get_nothing(personas: Any) -> None:
    world.activiteit(personas)
    assert all(f.totaal == 0 for f in stand(personas, "melder").fasen)
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        found = jaar_stand(personas.coordinator_b, TODAY.year, TODAY)
    assert all(f.totaal == 0 for f in found.fasen) and found.volgende is None
