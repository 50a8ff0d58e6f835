"""The table of actions kept by the history triggers says what grouping the events themselves says:
for members' changes, participants' answers, changes without a context, and after the trigger is
installed on a history table that already holds events."""

from __future__ import annotations

from typing import Any

import pghistory
import pytest
from django.db import connection

from audit import handelingen
from audit.history import HistoryFilter, actions_for, grouped_actions, newest_actions, summarise_actions
from audit.models import Handeling
from bijeenkomsten.models import Soort
from bijeenkomsten.tests.world import sessie_of
from conftest import as_owner
from lib import tenancy
from organisations.models import PartnerOrganisatie

pytestmark = pytest.mark.django_db(transaction=True)


def _grouped(membership: Any) -> list[tuple[Any, ...]]:
    """The grouped actions, by time and key: actions of one transaction share their time, and the
    two lists order those differently (test_handelingen_writes.py has the kept order)."""
    with tenancy.bound(gemeente=membership.gemeente_id):
        rows = [
            (row["key"], row["at"], row["changes"], row["object_types"], row["kinds"])
            for row in grouped_actions(membership, HistoryFilter())
        ]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def _kept(membership: Any) -> list[tuple[Any, ...]]:
    """The kept actions, each with the number of changes counted when shown (summarise_actions)."""
    with tenancy.bound(gemeente=membership.gemeente_id):
        rows = list(newest_actions(membership))
        counts = {action.key: action.count for action in summarise_actions(membership, rows)}
        kept = [(row["key"], row["at"], counts[row["key"]], len(row["modellen"]), len(row["soorten"])) for row in rows]
    assert [row[1] for row in kept] == sorted((row[1] for row in kept), reverse=True)  # newest first
    return sorted(kept, key=lambda row: (row[1], row[0]))


def _changes(personas: Any) -> None:
    """Changes of every sort in gemeente A: a kader started (many rows in one action), changes
    without a context and two in one, and a participant who joins a session and answers."""
    personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        PartnerOrganisatie.objects.filter(pk=personas.partner_a.pk).update(name="Veiligheidsregio (nieuw)")
        with pghistory.context(action="test.twee"):
            PartnerOrganisatie.objects.filter(pk=personas.partner_a.pk).update(name="Veiligheidsregio")
            PartnerOrganisatie.objects.filter(pk=personas.partner_a.pk).update(name="Veiligheidsregio Aa")
    sessie = sessie_of(personas)
    vraag = sessie.open(Soort.SCHAAL)
    client = sessie.join("Deelnemer")
    response = client.post(sessie.url("antwoorden", pk=vraag.pk), dict.fromkeys(sessie.themas, "3"))
    assert response.status_code == 302, response.status_code


def test_the_kept_actions_are_the_grouped_events_of_each_gemeente(personas: Any) -> None:
    _changes(personas)
    for membership in (personas.members["coordinator"], personas.coordinator_b):
        grouped = _grouped(membership)
        assert grouped, "no history at all"
        assert _kept(membership) == grouped
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        participants = Handeling.objects.filter(modellen__overlap=["bijeenkomsten.DeelnemerEvent"])
        assert participants.exists(), "the participant's joining is an action of gemeente A"


def test_a_participant_write_leaves_the_gemeente_setting_as_it_was(personas: Any) -> None:
    sessie = sessie_of(personas)
    with tenancy.bound(join_code=sessie.bijeenkomst.code):
        from bijeenkomsten import services

        services.join(bijeenkomst=sessie.bijeenkomst, naam="")
        assert tenancy.current()["app.gemeente"] == ""
        assert not Handeling.objects.exists()  # a participant reads no actions


def test_the_page_without_a_filter_reads_the_kept_actions(personas: Any) -> None:
    _changes(personas)
    membership = personas.members["coordinator"]
    with tenancy.bound(gemeente=membership.gemeente_id):
        assert actions_for(membership).model is Handeling
        assert actions_for(membership, HistoryFilter(action="update")).model is not Handeling


def test_installing_the_trigger_on_a_table_with_events_folds_them_in(personas: Any) -> None:
    _changes(personas)
    membership = personas.members["coordinator"]
    expected = _grouped(membership)
    with as_owner():
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [handelingen.TRIGGER])
            for (table,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {handelingen.TRIGGER} ON {table}")
            cursor.execute(f"TRUNCATE {Handeling._meta.db_table}")
        handelingen.install()
        handelingen.install()  # a second run changes nothing
    assert _kept(membership) == expected
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relforcerowsecurity FROM pg_class WHERE relname IN (%s, 'organisations_partnerorganisatieevent')",
            [Handeling._meta.db_table],
        )
        assert [row[0] for row in cursor.fetchall()] == [True, True]  # row-level security is forced again
