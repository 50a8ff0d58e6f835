"""The participants' wall: row-level security binds a participant to their own session only.

Checked in the database itself, with raw SQL where the application would never go.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from bijeenkomsten import services
from bijeenkomsten.models import Antwoord, Bijeenkomst, Deelnemer, Inbreng, Soort, Stem, Vraag
from lib import tenancy
from lib.tenancy import gemeente_models

from .world import Sessie, sessie_of

pytestmark = pytest.mark.django_db

# What a participant may see of their own session.
VISIBLE = {
    "bijeenkomsten_bijeenkomst": 1,
    "bijeenkomsten_vraag": 5,
    "bijeenkomsten_deelnemer": 1,
    "bijeenkomsten_antwoord": 1,
    "bijeenkomsten_inbreng": 1,
}


def joined(sessie: Sessie) -> tuple[Deelnemer, str]:
    with tenancy.bound(join_code=sessie.bijeenkomst.code):
        bijeenkomst = Bijeenkomst.objects.get(code=sessie.bijeenkomst.code)
        return services.join(bijeenkomst=bijeenkomst, naam="Deelnemer")


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
        return int(cursor.fetchone()[0])


@pytest.fixture
def two_sessions(personas: Any) -> tuple[Sessie, Sessie, str, str]:
    """Two open sessions of gemeente A, each with a participant who answered and gave input."""
    first, second = sessie_of(personas), sessie_of(personas)
    secrets = []
    for sessie in (first, second):
        sessie.open(Soort.OPEN)
        me, secret = joined(sessie)
        secrets.append(secret)
        with tenancy.bound(participant=services.secret_hash(secret)):
            vraag = Vraag.objects.get(pk=sessie.vragen[Soort.OPEN].pk)
            me = Deelnemer.objects.select_related("bijeenkomst").get(pk=me.pk)
            services.add_inbreng(deelnemer=me, vraag=vraag, tekst="Meer toezicht")
        sessie.open(Soort.SCHAAL)
        with tenancy.bound(participant=services.secret_hash(secret)):
            vraag = Vraag.objects.get(pk=sessie.vragen[Soort.SCHAAL].pk)
            services.answer(deelnemer=me, vraag=vraag, waarde=dict.fromkeys(sessie.themas, 3))
    return first, second, secrets[0], secrets[1]


def test_a_participant_sees_their_own_session_and_nothing_else_of_any_gemeente(two_sessions: Any) -> None:
    first, _second, secret, _ = two_sessions
    with tenancy.bound(participant=services.secret_hash(secret)):
        assert set(Bijeenkomst.objects.values_list("pk", flat=True)) == {first.bijeenkomst.pk}
        for model in gemeente_models():
            table = model._meta.db_table
            assert count(table) == VISIBLE.get(table, 0), table


def test_a_join_code_shows_exactly_its_session(two_sessions: Any) -> None:
    _first, second, _, _ = two_sessions
    with tenancy.bound(join_code=second.bijeenkomst.code):
        assert list(Bijeenkomst.objects.values_list("pk", flat=True)) == [second.bijeenkomst.pk]
        assert count("bijeenkomsten_vraag") == 0
        assert count("bijeenkomsten_deelnemer") == 0
    with tenancy.bound(join_code="ZZZZZZZZ"):
        assert count("bijeenkomsten_bijeenkomst") == 0


def test_a_participant_cannot_write_past_the_wall_even_in_sql(two_sessions: Any) -> None:
    first, _second, secret, other_secret = two_sessions
    with tenancy.bound(participant=services.secret_hash(other_secret)):
        other = Deelnemer.objects.get()
    with tenancy.bound(participant=services.secret_hash(secret)):
        me = Deelnemer.objects.get()
        gepland = first.vragen[Soort.PUNTEN].pk  # never opened
        attempts = [
            # an answer to a question that is not open
            (
                "INSERT INTO bijeenkomsten_antwoord (id, gemeente_id, created_at, updated_at, version, vraag_id, deelnemer_id, waarde) "
                "VALUES (gen_random_uuid(), %s, now(), now(), 1, %s, %s, '{}')",
                [me.gemeente_id, gepland, me.pk],
            ),
            # an answer in the name of another participant
            (
                "INSERT INTO bijeenkomsten_antwoord (id, gemeente_id, created_at, updated_at, version, vraag_id, deelnemer_id, waarde) "
                "VALUES (gen_random_uuid(), %s, now(), now(), 1, %s, %s, '{}')",
                [me.gemeente_id, first.vragen[Soort.SCHAAL].pk, other.pk],
            ),
            # a question of their own
            (
                "INSERT INTO bijeenkomsten_vraag (id, gemeente_id, created_at, updated_at, version, bijeenkomst_id, volgorde, soort, tekst, toelichting, status, onderwerpen, onderwerp_acties, criterium, as_x, as_y) "
                "VALUES (gen_random_uuid(), %s, now(), now(), 1, %s, 9, 'open', 'Eigen vraag', '', 'open', '[]', false, '', 'x', 'y')",
                [me.gemeente_id, first.bijeenkomst.pk],
            ),
            # changing their own session (visible to them, but not theirs to write)
            ("UPDATE bijeenkomsten_bijeenkomst SET titel = 'Overgenomen'", []),
        ]
        for sql, params in attempts:
            with (
                pytest.raises(DatabaseError, match="row-level security"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, params)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE bijeenkomsten_antwoord SET waarde = '{}' WHERE deelnemer_id = %s", [other.pk])
            assert cursor.rowcount == 0
            cursor.execute("DELETE FROM bijeenkomsten_inbreng WHERE deelnemer_id = %s", [other.pk])
            assert cursor.rowcount == 0
    with tenancy.bound(gemeente=first.personas.gemeente_a.pk):
        assert Bijeenkomst.objects.filter(titel="Overgenomen").count() == 0
        assert Antwoord.objects.count() == 2 and Inbreng.objects.count() == 2 and Stem.objects.count() == 0


def test_a_hidden_remark_disappears_for_participants_in_the_database(two_sessions: Any) -> None:
    first, _second, secret, _ = two_sessions
    with first.bound():
        inbreng = Inbreng.objects.filter(vraag__bijeenkomst=first.bijeenkomst).get()
        services.hide_inbreng(by=first.by, inbreng=inbreng)
    with tenancy.bound(participant=services.secret_hash(secret)):
        assert count("bijeenkomsten_inbreng") == 0
