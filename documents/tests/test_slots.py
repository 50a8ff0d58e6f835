"""At most DOCUMENT_RENDER_SLOTS renders at once in the instance; beyond that, RenderBusy at once."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from pytest_django.fixtures import Settings

from documents import slots
from documents.errors import RenderBusy
from documents.tests.busy import slots_taken_elsewhere

pytestmark = pytest.mark.django_db


def _slots_held_here() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND pid = pg_backend_pid() "
            "ORDER BY objid",
            [slots.SLOT_KEY],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def test_a_render_takes_exactly_one_slot_the_first_free_one(settings: Settings) -> None:
    settings.DOCUMENT_RENDER_SLOTS = 4
    with slots_taken_elsewhere(2), slots.render_slot() as slot:
        assert slot == 3
        assert _slots_held_here() == [3]  # the query stops at the first lock it gets


def test_a_second_render_in_the_same_request_uses_the_same_slot() -> None:
    with slots.render_slot() as first, slots.render_slot() as second:
        assert first == second == 1
        assert _slots_held_here() == [1]


def test_when_every_slot_is_taken_the_answer_is_busy_at_once() -> None:
    with slots_taken_elsewhere():
        started = time.monotonic()
        with pytest.raises(RenderBusy), slots.render_slot():
            pass
        assert time.monotonic() - started < 2  # one query, no render (generous: the test machine is shared)
    with slots.render_slot() as slot:  # free again
        assert slot == 1
