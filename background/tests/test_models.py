"""The task record: who sees it, what its page may link to, and the rules the database keeps."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from background.models import Achtergrondtaak, Status
from lib import tenancy
from tests import factories


@pytest.mark.django_db
def test_readers_see_every_task_of_their_gemeente_and_nothing_of_another(personas: Any) -> None:
    own = factories.make_taak(personas.members["coordinator"])
    other = factories.make_taak(personas.members["thema_eigenaar"])
    factories.make_taak(personas.coordinator_b)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        for role in ("coordinator", "thema_eigenaar", "bestuurder", "auditor"):
            seen = set(Achtergrondtaak.objects.visible_to(personas.members[role]).values_list("pk", flat=True))
            assert seen == {own.pk, other.pk}, role


@pytest.mark.django_db
def test_a_role_that_is_no_reader_would_see_only_the_tasks_it_started(personas: Any) -> None:
    melder = personas.members["melder"]
    mine = factories.make_taak(melder)
    factories.make_taak(personas.members["coordinator"])
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert list(Achtergrondtaak.objects.visible_to(melder).values_list("pk", flat=True)) == [mine.pk]
        assert not Achtergrondtaak.objects.visible_to(None).exists()


@pytest.mark.parametrize(
    ("resultaat", "volgende"),
    [
        ({"url": "/ivp/analyse", "label": "Naar de analyse"}, {"url": "/ivp/analyse", "label": "Naar de analyse"}),
        ({"url": "/ivp/analyse"}, {"url": "/ivp/analyse", "label": "Verder"}),
        ({"url": "https://elders.example/", "label": "Klik"}, None),
        ({"url": "//elders.example/", "label": "Klik"}, None),
        ({"url": "javascript:alert(1)", "label": "Klik"}, None),
        ({"aantal": 3}, None),
        (None, None),
    ],
)
def test_the_link_onward_goes_only_to_a_page_of_this_site(resultaat: Any, volgende: Any) -> None:
    assert Achtergrondtaak(status=Status.KLAAR, resultaat=resultaat).volgende == volgende


def test_the_announcement_changes_with_the_state_and_the_step_not_with_the_count() -> None:
    bezig = Achtergrondtaak(status=Status.BEZIG, stap="Regels lezen", voortgang=1, totaal=9)
    verder = Achtergrondtaak(status=Status.BEZIG, stap="Regels lezen", voortgang=8, totaal=9)
    assert bezig.melding == verder.melding == "De taak is bezig: Regels lezen."
    assert Achtergrondtaak(status=Status.KLAAR).melding == "De taak is klaar."
    assert bezig.voortgang_tekst == "1 van 9 gedaan (11%)."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"voortgang": 5, "totaal": 4}, "background_taak_voortgang_within_totaal"),
        ({"status": Status.MISLUKT, "finished_at": timezone.now()}, "background_taak_foutmelding_when_failed"),
        ({"foutmelding": "Fout."}, "background_taak_foutmelding_when_failed"),
        ({"status": Status.KLAAR}, "background_taak_finished_at_when_finished"),
        ({"status": "onbekend"}, "background_taak_status_valid"),
    ],
)
def test_the_database_refuses_a_record_that_makes_no_sense(
    personas: Any, fields: dict[str, Any], constraint: str
) -> None:
    coordinator = personas.members["coordinator"]
    with (
        tenancy.bound(gemeente=coordinator.gemeente_id),
        pytest.raises(IntegrityError, match=constraint),
        transaction.atomic(),
    ):
        Achtergrondtaak.objects.create(gemeente_id=coordinator.gemeente_id, soort="test.taak", titel="Taak", **fields)
