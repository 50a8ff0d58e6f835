"""lib.bulk.copy_create writes as bulk_create does: same rows, row-level security, history with context."""

from __future__ import annotations

from typing import Any

import pghistory
import pytest
from django.apps import apps
from django.db import DatabaseError, transaction

from lib import tenancy
from lib.bulk import copy_create
from organisations.models import PartnerOrganisatie

PartnerOrganisatieEvent = apps.get_model("organisations", "PartnerOrganisatieEvent")


@pytest.mark.django_db
def test_the_rows_are_stored_with_their_own_keys_and_timestamps_and_each_has_history_with_the_context(
    personas: Any,
) -> None:
    a = personas.gemeente_a
    coordinator = personas.user("coordinator")
    done: list[tuple[int, int]] = []
    with tenancy.bound(gemeente=a.pk), pghistory.context(user=coordinator.pk, action="test.import"):
        rows = [PartnerOrganisatie(gemeente=a, name=f"Partner {i}") for i in range(5)]
        copy_create(rows, batch=2, progress=lambda n, total: done.append((n, total)))
        stored = {p.pk: p for p in PartnerOrganisatie.objects.filter(name__startswith="Partner ")}
        events = list(PartnerOrganisatieEvent.objects.filter(pgh_obj_id__in=[r.pk for r in rows]))
    assert set(stored) == {r.pk for r in rows}
    assert all(stored[r.pk].name == r.name and stored[r.pk].created_at == r.created_at for r in rows)
    assert all(r.created_at is not None and not r._state.adding for r in rows)
    assert done == [(2, 5), (4, 5), (5, 5)]
    assert len(events) == 5
    assert [e.pgh_label for e in events] == ["insert"] * 5
    assert {(e.pgh_context["action"], e.pgh_context["user"]) for e in events} == {("test.import", coordinator.pk)}


@pytest.mark.django_db
def test_a_row_of_another_gemeente_is_refused_by_row_level_security_and_nothing_is_stored(personas: Any) -> None:
    a, b = personas.gemeente_a, personas.gemeente_b
    with tenancy.bound(gemeente=a.pk):
        rows = [PartnerOrganisatie(gemeente=a, name="Eigen"), PartnerOrganisatie(gemeente=b, name="Van een ander")]
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            copy_create(rows)
        assert not PartnerOrganisatie.objects.filter(name__in=["Eigen", "Van een ander"]).exists()


def test_nothing_to_store_sends_nothing() -> None:
    copy_create([])  # no database access: this test has none
