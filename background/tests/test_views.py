"""The page of one background task (and its htmx status part) and the list of the gemeente's tasks."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from background.models import Achtergrondtaak, Status
from lib import tenancy
from tests import factories

REFRESH = '<noscript><meta http-equiv="refresh" content="5"></noscript>'


def _running(by: Any, **fields: Any) -> Achtergrondtaak:
    values = {"status": Status.BEZIG, "voortgang": 3, "totaal": 8, "stap": "Regels controleren"}
    return factories.make_taak(by, started_at=timezone.now(), **{**values, **fields})


def _finished(by: Any, **fields: Any) -> Achtergrondtaak:
    return factories.make_taak(by, status=Status.KLAAR, started_at=timezone.now(), finished_at=timezone.now(), **fields)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(taak: Achtergrondtaak) -> str:
    return reverse("background:taak", kwargs={"pk": taak.pk})


def _poll_url(body: str) -> str:
    match = re.search(r'hx-get="([^"]+)"', body)
    assert match, "the status part does not poll"
    return unescape(match.group(1))


@pytest.mark.django_db
def test_the_member_who_started_a_task_follows_its_progress(personas: Any, django_assert_num_queries: Any) -> None:
    coordinator = personas.members["coordinator"]
    taak = _running(coordinator, titel="Cijfers van de politie importeren")
    client = _client(coordinator.user)
    client.get(_url(taak))  # the first request of a session also stores the active gemeente
    with django_assert_num_queries(7):  # the 6 of every request, the task with who started it
        response = client.get(_url(taak))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Cijfers van de politie importeren</h1>' in body
    assert '<p id="taak-melding" class="utrecht-paragraph kapstok-taak__melding" role="status"' in body
    assert "De taak is bezig: Regels controleren." in body
    assert '<label class="utrecht-form-label" for="taak-voortgang">Voortgang</label>' in body
    assert 'max="100" value="37"' in body and "3 van 8 gedaan (37%)." in body
    assert 'hx-trigger="every 2s"' in body and _poll_url(body).startswith(_url(taak) + "?gemeld=")
    assert f'<a class="utrecht-link" href="{_url(taak)}?vernieuwen=nee">Niet meer vanzelf verversen</a>' in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor"])
def test_every_reader_of_the_gemeente_may_follow_a_task(personas: Any, role: str) -> None:
    taak = _running(personas.members["coordinator"])
    assert _client(personas.members[role].user).get(_url(taak)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_roles_that_do_not_follow_tasks_are_refused(personas: Any, role: str) -> None:
    taak = _running(personas.members["coordinator"])
    client = _client(personas.members[role].user)
    assert client.get(_url(taak)).status_code == 403
    assert client.get(reverse("background:taken")).status_code == 403


@pytest.mark.django_db
def test_a_member_of_another_gemeente_gets_not_found_and_an_empty_list(personas: Any) -> None:
    taak = _running(personas.members["coordinator"], titel="Geheime import van Aastad")
    client = _client(personas.coordinator_b.user)
    assert client.get(_url(taak)).status_code == 404
    assert client.get(_url(taak), HTTP_HX_REQUEST="true").status_code == 404
    listing = client.get(reverse("background:taken")).content.decode()
    assert "Geheime import van Aastad" not in listing and "nog geen achtergrondtaken" in listing


@pytest.mark.django_db
def test_htmx_gets_only_the_status_part_and_a_new_announcement_only_when_it_changed(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    taak = _running(coordinator)
    client = _client(coordinator.user)
    poll = _poll_url(client.get(_url(taak)).content.decode())

    same = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert same.lstrip().startswith('<div id="taak-status"') and "<html" not in same and "<h1" not in same
    assert 'hx-trigger="every 2s"' in same
    assert "hx-swap-oob" not in same  # the page already announced this sentence

    with tenancy.bound(gemeente=taak.gemeente_id):
        Achtergrondtaak.objects.filter(pk=taak.pk).update(voortgang=6, stap="Regels opslaan")
    changed = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert "6 van 8 gedaan (75%)." in changed
    assert '<p id="taak-melding" hx-swap-oob="innerHTML">De taak is bezig: Regels opslaan.</p>' in changed
    assert "hx-swap-oob" not in client.get(_poll_url(changed), HTTP_HX_REQUEST="true").content.decode()


@pytest.mark.django_db
def test_a_finished_task_stops_polling_and_links_onward(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    taak = _finished(coordinator, voortgang=8, totaal=8, resultaat={"url": "/taken", "label": "Naar de analyse"})
    client = _client(coordinator.user)
    fragment = client.get(_url(taak), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "hx-get" not in fragment
    assert '<a class="utrecht-link" href="/taken">Naar de analyse</a>' in fragment
    assert "De taak is klaar." in fragment and 'value="100"' in fragment
    page = client.get(_url(taak)).content.decode()
    assert "http-equiv" not in page and "verversen" not in page


@pytest.mark.django_db
def test_without_javascript_the_page_of_a_running_task_reloads_itself_until_the_user_turns_that_off(
    personas: Any,
) -> None:
    coordinator = personas.members["coordinator"]
    taak = _running(coordinator)
    client = _client(coordinator.user)
    page = client.get(_url(taak)).content.decode()
    assert REFRESH in page
    assert f'href="{_url(taak)}?vernieuwen=nee">Niet meer vanzelf verversen</a>' in page
    off = client.get(_url(taak) + "?vernieuwen=nee").content.decode()
    assert "http-equiv" not in off
    assert f'href="{_url(taak)}?vernieuwen=nee">Vernieuwen</a>' in off
    assert f'href="{_url(taak)}">elke 5 seconden vanzelf verversen</a>' in off


@pytest.mark.django_db
def test_a_waiting_task_shows_a_progress_bar_without_a_value_yet(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    taak = factories.make_taak(coordinator)
    body = _client(coordinator.user).get(_url(taak)).content.decode()
    assert '<progress id="taak-voortgang" class="kapstok-taak__balk" aria-describedby' in body
    assert "Nog niet begonnen." in body and "De taak staat in de wachtrij" in body and REFRESH in body


@pytest.mark.django_db
def test_a_failed_task_shows_its_message_and_no_progress_bar(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    taak = factories.make_taak(
        coordinator, status=Status.MISLUKT, foutmelding="Regel 12 heeft geen jaartal.", finished_at=timezone.now()
    )
    body = _client(coordinator.user).get(_url(taak)).content.decode()
    assert (
        'utrecht-alert--error"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">Regel 12 heeft geen jaartal.'
        in body
    )
    assert "<progress" not in body and "De taak is mislukt." in body and "http-equiv" not in body


@pytest.mark.django_db
def test_the_list_shows_the_gemeentes_tasks_newest_first_a_page_at_a_time(
    personas: Any, django_assert_num_queries: Any
) -> None:
    coordinator = personas.members["coordinator"]
    for number in range(1, 28):
        factories.make_taak(coordinator, titel=f"Import {number:02}")
    factories.make_taak(personas.coordinator_b, titel="Import van Beedorp")
    client = _client(coordinator.user)
    client.get(reverse("background:taken"))
    with django_assert_num_queries(8):  # the 6 of every request, the count, a page of tasks with who started each
        first = client.get(reverse("background:taken")).content.decode()
    titles = re.findall(r">(Import [^<]+)</a>", first)
    assert titles == [f"Import {number:02}" for number in range(27, 2, -1)]
    second = client.get(reverse("background:taken") + "?pagina=2").content.decode()
    assert re.findall(r">(Import [^<]+)</a>", second) == ["Import 02", "Import 01"]
    assert "Beedorp" not in first + second
