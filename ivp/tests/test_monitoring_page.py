"""The monitoring page: per theme the goals against their targets, and the actions of the programme
with their counts and the late and stalled ones, for the adopted plan (or the open one)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ivp import services
from ivp.models import Actie, Indicator

from .programma_world import BASE, World, world_of

pytestmark = pytest.mark.django_db
URL = reverse("ivp:monitoring")


@pytest.fixture
def world(personas: Any) -> World:
    return world_of(personas)


def on(monkeypatch: Any, day: datetime.date) -> None:
    """Let the page (and the judgement of the goals) read ``day`` as today."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def section(page: str, heading: str) -> str:
    """The part of the page under one heading (to the next)."""
    start = page.index(f">{heading}</h2>")
    end = page.find('<h2 class="utrecht-heading-2"', start)
    return page[start : end if end > 0 else len(page)]


def row(page: str, heading: str, thema: str) -> str:
    """The text of the table row of ``thema`` under ``heading`` (the first one, for the goals)."""
    rows = re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", section(page, heading), re.S)
    found = [text(r).strip() for r in rows if thema in r]
    assert found, f"no row of {thema} under {heading}"
    return found[0]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor", "ketenpartner"])
def test_every_reader_sees_the_goals_and_actions_per_theme(world: World, role: str) -> None:
    page = world.client(role).get(URL).content.decode()
    assert "Integraal veiligheidsplan 2027–2030 (versie 1, concept)" in page, "no adopted plan: the open one"
    doel = row(page, "Doelen", "1.3 Veelvoorkomende criminaliteit")
    assert "Minder woninginbraken Diefstallen uit woning (per 1.000 inwoners) 3,1 (2025) 2,5" in doel
    assert row(page, "Acties per thema", "1.3 Veelvoorkomende criminaliteit").endswith("1 0 0 0")
    assert row(page, "Acties per thema", "4.2 Brandveiligheid").endswith("1 0 0 0")
    assert "4.2 Brandveiligheid" not in section(page, "Doelen"), "a theme without goals has no goal row"


def test_a_melder_sees_no_monitoring(world: World) -> None:
    assert world.client("melder").get(URL).status_code == 403


@pytest.mark.parametrize(
    ("day", "latest", "label"),
    [
        (datetime.date(2027, 3, 1), None, "Op koers"),  # little time has passed
        (datetime.date(2029, 6, 1), None, "Niet op koers"),  # halfway, no progress from 3,1 towards 2,5
        (datetime.date(2029, 6, 1), "2.7", "Op koers"),
        (datetime.date(2029, 6, 1), "2.4", "Bereikt"),
    ],
)
def test_each_goal_is_judged_by_its_latest_measurement(
    world: World, monkeypatch: Any, day: datetime.date, latest: str | None, label: str
) -> None:
    if latest is not None:
        with world.bound():
            indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
            services.set_meting(by=world.member("coordinator"), indicator=indicator, jaar=2026, waarde=Decimal(latest))
    on(monkeypatch, day)
    page = world.client("coordinator").get(URL).content.decode()
    assert row(page, "Doelen", "Minder woninginbraken").endswith(label)


def test_a_goal_without_a_measurement_says_so(world: World) -> None:
    with world.bound():
        services.add_doelstelling(
            by=world.member("coordinator"), plan=world.plan, thema=world.thema("4.2"), wat="Minder woningbranden"
        )
    brand = row(world.client("coordinator").get(URL).content.decode(), "Doelen", "Minder woningbranden")
    assert brand.startswith("4.2 Brandveiligheid") and brand.endswith("Nog geen meting")


def test_late_and_stalled_actions_are_counted_and_listed_with_links(world: World, monkeypatch: Any) -> None:
    late = world.add("Camera's plaatsen", eind=datetime.date(2027, 3, 1))
    stil = world.add("Buurtapp starten", status="lopend")
    world.add("Afgerond", status="afgerond", voortgang=100, eind=datetime.date(2027, 3, 1))
    with world.bound():
        Actie.objects.filter(pk=stil.pk).update(voortgang_op=timezone.now() - datetime.timedelta(days=120))
    on(monkeypatch, datetime.date(2027, 6, 1))
    page = world.client("ketenpartner").get(URL).content.decode()
    thema = world.thema("1.3")
    counts = row(page, "Acties per thema", "1.3 Veelvoorkomende criminaliteit")
    assert counts.startswith("1.3 Veelvoorkomende criminaliteit 4 1 1")
    programma = world.programma.get_absolute_url()
    assert f'href="{programma}?themaId={thema.pk}&amp;teLaat=true">1<' in page
    assert f'href="{programma}?themaId={thema.pk}&amp;stilgevallen=true">1<' in page
    assert (
        f'href="{late.get_absolute_url()}">Camera&#x27;s plaatsen</a> (veelvoorkomende criminaliteit): einde 1 maart 2027'
        in section(page, "Te late acties")
    )
    assert f'href="{stil.get_absolute_url()}">Buurtapp starten</a>' in section(page, "Stilgevallen acties")
    assert "In totaal: 5 acties, waarvan 1 afgerond, 1 te laat en 1 stilgevallen." in text(page)


def test_only_the_first_late_actions_are_named_and_a_link_leads_to_all_of_them(world: World, monkeypatch: Any) -> None:
    from ivp.programma import LISTED

    for i in range(LISTED + 2):
        world.add(f"Te laat {i:02d}", eind=datetime.date(2027, 1, 1) + datetime.timedelta(days=i))
    on(monkeypatch, datetime.date(2027, 6, 1))
    client = world.client("coordinator")
    page = client.get(URL).content.decode()
    listed = section(page, "Te late acties")
    assert listed.count("<li ") == LISTED
    assert "Te laat 00" in listed and f"Te laat {LISTED + 1:02d}" not in listed, "the earliest end first"
    link = f"{world.programma.get_absolute_url()}?teLaat=true"
    assert f'href="{link}">alle {LISTED + 2} te late acties</a>' in listed
    everything = client.get(link).content.decode()
    assert f"{LISTED + 2} acties" in everything and f"Te laat {LISTED + 1:02d}" in everything


def test_the_stalled_filter_of_the_programme_shows_only_stalled_actions(world: World) -> None:
    stil = world.add("Buurtapp starten", status="lopend")
    world.add("Net bijgewerkt", status="lopend")
    with world.bound():
        Actie.objects.filter(pk=stil.pk).update(voortgang_op=timezone.now() - datetime.timedelta(days=120))
    page = world.client("coordinator").get(world.programma.get_absolute_url() + "?stilgevallen=true").content.decode()
    assert "Buurtapp starten" in page and "Net bijgewerkt" not in page


def test_the_adopted_plan_comes_before_the_one_being_worked_on(world: World) -> None:
    by = world.member("coordinator")
    with world.bound():
        services.submit_plan(by=by, plan=world.plan)
        plan = world.fresh(world.plan)
        services.adopt_plan(
            by=world.member("bestuurder"), plan=plan, on=timezone.localdate(), body="raad", reference=""
        )
        services.new_plan(by=by, from_plan=world.fresh(world.plan), startjaar=2031)
    page = world.client("coordinator").get(URL).content.decode()
    assert "Integraal veiligheidsplan 2027–2030 (versie 1, vastgesteld)" in page


def test_a_gemeente_without_a_plan_is_told_what_the_page_will_show(world: World) -> None:
    page = world.client("coordinator_b").get(URL).content.decode()
    assert "Er is nog geen veiligheidsplan." in page
    assert "Minder woninginbraken" not in page


def test_the_page_costs_the_same_queries_with_30_more_actions_and_goals(world: World) -> None:
    client = world.client("coordinator")
    client.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    world.add_many(30)
    with world.bound():
        for code in ("1.1", "2.1", "3.2"):
            services.add_doelstelling(
                by=world.member("coordinator"), plan=world.plan, thema=world.thema(code), wat="Doel"
            )
    assert count() == small
    # the gemeente's revision (the test's transaction wrote, so the page is rendered, not cached);
    # plan, programme, themes, goals, ids of their latest measurements and those measurements,
    # counts per theme, the first late and the first stalled actions
    assert small == BASE + 10
