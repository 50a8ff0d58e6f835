"""What a write costs the history: one history statement per statement of the app (not per row),
an action's row rewritten only when it gains something, no context stored outside the gemeente's
own history, and the actions of one transaction in the order they were recorded."""

from __future__ import annotations

from typing import Any

import pghistory
import pytest
from django.db import connection
from django.db.models import Q

from audit.history import newest_actions, summarise_actions, tracked_event_models, tracked_model
from audit.models import Handeling
from lib import tenancy
from organisations.models import Membership, PartnerOrganisatie
from tests.factories import make_partner

pytestmark = pytest.mark.django_db


def _place(sleutel: str) -> tuple[str, int]:
    """Where the action's row is stored and by which transaction: a rewrite moves it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text, xmin::text::bigint FROM audit_handeling WHERE sleutel = %s", [sleutel])
        return cursor.fetchone()


def test_every_history_trigger_runs_once_per_statement() -> None:
    tables = [tracked_model(model)._meta.db_table for model in tracked_event_models()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, (tgtype & 1) = 1 FROM pg_trigger "
            "WHERE tgname ~ '^pgtrigger_(insert_insert|update_update|delete_delete)_' "
            "AND tgrelid::regclass::text = ANY(%s)",
            [tables],
        )
        triggers = cursor.fetchall()
    assert len(triggers) >= 3 * len(tables)  # insert, update and delete on every tracked table
    assert [(table, name) for table, name, per_row in triggers if per_row] == []


def test_an_action_written_in_many_statements_keeps_its_row_and_is_counted_in_full(personas: Any) -> None:
    gemeente = personas.gemeente_a
    member = personas.members["coordinator"]
    with tenancy.bound(gemeente=gemeente.pk), pghistory.context(action="test.veel") as context:
        partners = [make_partner(gemeente, f"Partner {i}") for i in range(3)]
        PartnerOrganisatie.objects.filter(pk=partners[0].pk).update(name="Partner")
        sleutel = str(context.id)
        first = _place(sleutel)
        for i, partner in enumerate(partners * 10):
            PartnerOrganisatie.objects.filter(pk=partner.pk).update(name=f"Partner {i} (nieuw)")
        assert _place(sleutel) == first  # 30 more statements of the same kinds: the row as it was
        PartnerOrganisatie.objects.filter(pk=partners[0].pk).delete()
        assert _place(sleutel) != first  # a new kind of change (delete) is noted
        row = Handeling.objects.get(sleutel=sleutel)
        assert row.soorten == ["delete", "insert", "update"]
        (action,) = [a for a in summarise_actions(member, list(newest_actions(member))) if a.key == sleutel]
    assert action.count == 3 + 1 + 30 + 1


def test_no_history_context_is_stored_outside_the_history_rows(personas: Any) -> None:
    with tenancy.bound(gemeente=personas.gemeente_a.pk), pghistory.context(user=personas.user("coordinator").pk):
        make_partner(personas.gemeente_a, "Partner met context")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pghistory_context")
        assert cursor.fetchone() == (0,)  # pghistory's shared table has no row-level security


def test_of_one_transactions_actions_the_one_recorded_last_is_the_newest(personas: Any) -> None:
    gemeente, member = personas.gemeente_a, personas.members["coordinator"]
    with connection.cursor() as cursor:  # the first action's history table ahead of the second's
        cursor.execute("SELECT nextval(pg_get_serial_sequence('organisations_membershipevent', 'pgh_id'))")
        (ahead,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(nextval(pg_get_serial_sequence('organisations_partnerorganisatieevent', 'pgh_id'))) "
            "FROM generate_series(0, %s)",
            [ahead],
        )
    with tenancy.bound(gemeente=gemeente.pk):
        with pghistory.context(action="test.eerst") as eerst:
            make_partner(gemeente, "Eerst")
        with pghistory.context(action="test.daarna") as daarna:
            Membership.objects.filter(pk=member.pk).update(herinneringen=~Q(herinneringen=True))
        newest = [row["key"] for row in newest_actions(member)[:2]]
    assert newest == [str(daarna.id), str(eerst.id)]
