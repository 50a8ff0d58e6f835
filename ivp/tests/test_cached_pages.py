"""The programme, monitoring and analysis pages are kept per gemeente revision and member
(lib.revisions): a repeated visit costs a fixed handful of queries, and every change, by whoever
makes it, shows at the next visit. These tests commit, as a real request does."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ivp.models import Actie
from ivp.tests.programma_world import BASE, World, world_of
from lib import tenancy
from tests.kept import get, without_token

pytestmark = pytest.mark.django_db(transaction=True)

MONITORING = reverse("ivp:monitoring")
ANALYSE = reverse("ivp:analyse")


@pytest.fixture
def world(personas: Any) -> World:
    return world_of(personas)


@pytest.mark.parametrize("name", ["monitoring", "analyse", "programma"])
def test_a_second_visit_is_served_from_the_cache_in_a_fixed_number_of_queries(world: World, name: str) -> None:
    url = {"monitoring": MONITORING, "analyse": ANALYSE, "programma": world.programma.get_absolute_url()}[name]
    client = world.client("coordinator")
    first, rendered = get(client, url)
    second, cached = get(client, url)
    assert without_token(second) == without_token(first)
    # BASE and the gemeente's revision (the programme's title is kept with its page)
    assert cached == BASE + 1
    assert rendered > cached


def test_a_partners_update_shows_at_the_coordinators_next_visit(world: World) -> None:
    coordinator = world.client("coordinator")
    url = world.programma.get_absolute_url()
    before, _ = get(coordinator, url)
    assert "Aan de slag met de buurt." not in before
    partner = world.client("ketenpartner")
    data = {
        "status": "lopend",
        "voortgang": "30",
        "evaluatie": "Aan de slag met de buurt.",
        "version": world.own.version,
    }
    assert partner.post(world.own.get_absolute_url(), data).status_code == 302
    after, queries = get(coordinator, url)
    assert queries > BASE + 2  # rendered afresh
    assert after != before
    row = after[after.index(world.own.actiepunt) :]
    assert "30" in row[: row.index("</tr>")]


def test_a_change_through_sql_alone_shows_too(world: World) -> None:
    coordinator = world.client("coordinator")
    get(coordinator, MONITORING)
    with tenancy.bound(gemeente=world.personas.gemeente_a.pk):
        Actie.objects.filter(pk=world.gemeente.pk).update(actiepunt="Rookmelders in elke flat")
    page, _ = get(coordinator, world.programma.get_absolute_url())
    assert "Rookmelders in elke flat" in page


def test_what_one_member_sees_never_reaches_another(world: World) -> None:
    url = world.programma.get_absolute_url()
    coordinator_page, _ = get(world.client("coordinator"), url)
    assert "Actie toevoegen" in coordinator_page
    partner_page, queries = get(world.client("ketenpartner"), url)
    assert "Actie toevoegen" not in partner_page
    assert queries > BASE + 2  # rendered for the partner, not taken from the coordinator's

    a_page, _ = get(world.client("coordinator"), MONITORING)
    b_client = Client()
    b_client.force_login(world.personas.coordinator_b.user)
    b_client.get(reverse("dashboard:home"))
    b_page, _ = get(b_client, MONITORING)
    assert "Er is nog geen veiligheidsplan." in b_page
    assert "Er is nog geen veiligheidsplan." not in a_page


def test_a_new_day_renders_the_page_afresh(world: World, monkeypatch: Any) -> None:
    # Late and stalled are judged by the day; yesterday's page must not be served today.
    client = world.client("coordinator")
    today = timezone.localdate()
    get(client, MONITORING)
    _, cached = get(client, MONITORING)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    _, next_day = get(client, MONITORING)
    assert next_day > cached
