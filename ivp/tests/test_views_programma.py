"""The pages of the uitvoeringsprogramma: the programmes per year, starting the next one with what is
unfinished, the actions of one programme with their filters, and the vaststelling by the college."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ivp import services
from ivp.choices import ProgrammaStatus
from ivp.models import Actie, Programma
from ivp.programma import PAGE_SIZE

from .programma_world import BASE, World, world_of

pytestmark = pytest.mark.django_db
LIST = reverse("ivp:programmas")
START = reverse("ivp:programma_start")


@pytest.fixture
def world(personas: Any) -> World:
    return world_of(personas)


def page_of(world: World) -> str:
    return reverse("ivp:programma", kwargs={"pk": world.programma.pk})


def actiepunten(html: str) -> list[str]:
    """The actiepunten listed in the tables of a programme page, in order."""
    return re.findall(
        r'<th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" href="[^"]+">([^<]+)</a>', html
    )


# --- the programmes ---------------------------------------------------------------------------


def test_the_list_shows_each_programme_with_its_plan_status_and_counts(world: World) -> None:
    world.add("Klaar", status="afgerond", voortgang=100)
    world.add("Te laat", eind=datetime.date(2026, 1, 31))
    page = world.client("bestuurder").get(LIST).content.decode()
    assert "Uitvoeringsprogramma 2027" in page
    assert "Integraal veiligheidsplan 2027–2030 (versie 1)" in page
    cells = re.findall(r'<td class="utrecht-table__cell">(\d+)</td>', page)
    assert cells == ["4", "1", "1"]  # acties, afgerond, te laat
    assert "Programma van een jaar opstellen" not in page, "only the coördinator starts a programme"


def test_the_coordinator_is_told_that_a_new_programme_carries_over_the_unfinished_actions(world: World) -> None:
    page = world.client("coordinator").get(LIST).content.decode()
    assert "Programma van een jaar opstellen" in page
    assert "alle acties die daar nog niet zijn afgerond of gestopt, worden overgenomen" in page
    assert 'name="jaar" value="2028"' in page, "the next year is suggested"


def test_starting_next_years_programme_carries_over_the_unfinished_actions_visibly(world: World) -> None:
    world.add("Afgerond", status="afgerond", voortgang=100)
    world.add("Uitgesteld", status="uitgesteld")
    client = world.client("coordinator")
    response = client.post(START, {"plan": world.plan.pk, "jaar": 2028}, follow=True)
    page = response.content.decode()
    assert "Het uitvoeringsprogramma 2028 is begonnen; 3 onafgeronde acties uit 2027 zijn overgenomen." in page
    assert "Voortgezet uit" in page and "het uitvoeringsprogramma 2027" in page
    assert sorted(actiepunten(page)) == ["Buurtpreventie uitbreiden", "Uitgesteld", "Voorlichting rookmelders"]
    assert page.count("overgenomen uit 2027") == 3
    with world.bound():
        nieuw = Programma.objects.get(jaar=2028)
        assert Actie.objects.get(programma=nieuw, actiepunt="Uitgesteld").status == "gepland"


def test_a_year_outside_the_plan_is_refused_in_dutch_and_nothing_is_stored(world: World) -> None:
    response = world.client("coordinator").post(START, {"plan": world.plan.pk, "jaar": 2035})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies een jaar binnen de looptijd van het plan (2027–2030)." in page
    assert "<title>Niet opgeslagen:" in page
    with world.bound():
        assert not Programma.objects.filter(jaar=2035).exists()


def test_a_second_programme_for_the_same_year_is_refused(world: World) -> None:
    page = world.client("coordinator").post(START, {"plan": world.plan.pk, "jaar": 2027}).content.decode()
    assert "Er is al een uitvoeringsprogramma voor dit jaar." in page


@pytest.mark.parametrize("role", ["thema_eigenaar", "ketenpartner", "bestuurder"])
def test_only_the_coordinator_starts_a_programme(world: World, role: str) -> None:
    response = world.client(role).post(START, {"plan": world.plan.pk, "jaar": 2028})
    assert response.status_code == 403
    with world.bound():
        assert not Programma.objects.filter(jaar=2028).exists()


# --- one programme ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor", "ketenpartner"])
def test_every_reader_sees_the_actions_grouped_by_veld(world: World, role: str) -> None:
    page = world.client(role).get(page_of(world)).content.decode()
    assert actiepunten(page) == ["Buurtpreventie uitbreiden", "Voorlichting rookmelders"]
    assert page.index("1. Veilige woon- en leefomgeving") < page.index("4. Fysieke veiligheid")
    assert "Politie Eenheid Aa" in page and "De gemeente zelf" in page
    assert '<progress class="kapstok-voortgang" max="100" value="0"' in page
    assert ("Actie toevoegen" in page) == (role in {"coordinator", "thema_eigenaar"})
    assert ("Vaststelling door het college vastleggen" in page) == (role in {"coordinator", "bestuurder"})


def test_a_melder_has_no_access_to_the_programme(world: World) -> None:
    assert world.client("melder").get(page_of(world)).status_code == 403


def test_every_column_of_an_action_is_on_the_page(world: World) -> None:
    world.add(
        "Cameratoezicht winkelcentrum",
        "2.1",
        obe_type="elektronisch",
        eigenaar="Team Openbare Orde",
        schaal="bovenlokaal",
        start=datetime.date(2027, 2, 1),
        eind=datetime.date(2027, 11, 30),
        budget="12500.50",
        status="lopend",
        voortgang=40,
    )
    page = world.client("coordinator").get(page_of(world)).content.decode()
    for text in (
        "Cameratoezicht winkelcentrum",
        "2.1 Veilig ondernemen en winkelgebieden",
        "Elektronisch",
        "Team Openbare Orde",
        "Bovenlokaal",
        "1 februari 2027 – 30 november 2027",
        "€&nbsp;12.500,50",
        "Loopt",
        'value="40"',
        "40%",
    ):
        assert text in page, text


def test_late_and_stalled_actions_are_flagged(world: World) -> None:
    world.add("Te laat", eind=datetime.date(2026, 1, 31))
    stil = world.add("Stil", status="lopend")
    with world.bound():
        Actie.objects.filter(pk=stil.pk).update(voortgang_op=timezone.now() - datetime.timedelta(days=120))
    page = world.client("coordinator").get(page_of(world)).content.decode()
    rows = {m[0]: m[1] for m in re.findall(r">([^<>]+)</a>(?:<br>[^<]*)?</th>(.*?)</tr>", page, re.S)}
    assert "Te laat</span>" in rows["Te laat"] and "Stilgevallen" not in rows["Te laat"]
    assert "Stilgevallen</span>" in rows["Stil"] and "Te laat</span>" not in rows["Stil"]
    assert "Te laat</span>" not in rows["Voorlichting rookmelders"]
    assert "4 acties, waarvan 0 afgerond, 1 te laat en 1 stilgevallen" in page


FILTERS = [
    ("themaId", lambda w: w.thema("4.2").pk, ["Voorlichting rookmelders"]),
    ("organisatieId", lambda w: "gemeente", ["Voorlichting rookmelders", "Zelf gedaan"]),
    ("organisatieId", lambda w: w.personas.partner_a.pk, ["Buurtpreventie uitbreiden", "Te laat bij de politie"]),
    ("status", lambda w: "afgerond", ["Zelf gedaan"]),
    ("teLaat", lambda w: "true", ["Te laat bij de politie"]),
    ("teLaat", lambda w: "false", ["Buurtpreventie uitbreiden", "Voorlichting rookmelders", "Zelf gedaan"]),
    ("zoek", lambda w: "POLITIE", ["Te laat bij de politie"]),
]


@pytest.mark.parametrize(("name", "value", "expected"), FILTERS, ids=[f"{f[0]}-{i}" for i, f in enumerate(FILTERS)])
def test_each_filter_narrows_the_list(world: World, name: str, value: Any, expected: list[str]) -> None:
    world.add("Zelf gedaan", status="afgerond", voortgang=100)
    world.add("Te laat bij de politie", organisatie=world.personas.partner_a, eind=datetime.date(2026, 1, 31))
    page = world.client("coordinator").get(page_of(world), {name: value(world)}).content.decode()
    assert sorted(actiepunten(page)) == sorted(expected)


def test_filters_combine_and_an_empty_result_says_so(world: World) -> None:
    page = world.client("coordinator").get(page_of(world), {"status": "afgerond", "zoek": "buurt"}).content.decode()
    assert actiepunten(page) == []
    assert "Er zijn geen acties die aan de filters voldoen." in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("geen-thema", "‘geen-thema’ is geen geldige UUID."),
        ("0b9e4c1a-5d2f-4a7e-9c3b-8f1d2e6a7b40", "Selecteer een geldige keuze."),
    ],
)
def test_an_unknown_filter_value_shows_an_error_and_no_actions(world: World, value: str, message: str) -> None:
    page = world.client("coordinator").get(page_of(world), {"themaId": value}).content.decode()
    assert "Deze filters kunnen niet worden toegepast; er worden geen acties getoond." in page
    assert message in page
    assert actiepunten(page) == []
    assert "Exporteren" not in page


def test_the_list_is_paginated_and_the_pages_keep_the_filters(world: World) -> None:
    world.add_many(PAGE_SIZE + 5)
    client = world.client("coordinator")
    first = client.get(page_of(world), {"zoek": "Extra"}).content.decode()
    assert len(actiepunten(first)) == PAGE_SIZE
    assert f"{PAGE_SIZE + 5} acties, pagina 1 van 2" in first
    assert "?zoek=Extra&amp;pagina=2" in first
    second = client.get(page_of(world), {"zoek": "Extra", "pagina": "2"}).content.decode()
    assert len(actiepunten(second)) == 5
    assert set(actiepunten(first)).isdisjoint(actiepunten(second))


def test_the_programme_page_costs_the_same_queries_with_30_more_actions(world: World) -> None:
    client = world.client("coordinator")
    url = page_of(world) + "?organisatieId=gemeente&teLaat=false"
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    world.add_many(30)
    assert count() == small
    # programme + plan, the gemeente's revision (the test's transaction wrote, so the page is
    # rendered, not cached), the count, the ids of the page and its actions (with theme, veld,
    # organisation, goal, origin and flags), the totals, the themes and partners of the filter form
    # ("de gemeente zelf" and "niet te laat" are checked without a query)
    assert small == BASE + 8


def test_another_gemeente_gets_a_404(world: World) -> None:
    assert world.client("coordinator_b").get(page_of(world)).status_code == 404


# --- the vaststelling -------------------------------------------------------------------------


def test_the_bestuurder_records_the_vaststelling_by_the_college(world: World) -> None:
    url = reverse("ivp:programma_adopt", kwargs={"pk": world.programma.pk})
    on = timezone.localdate() - datetime.timedelta(days=3)
    response = world.client("bestuurder").post(url, {"vastgesteld_op": on.isoformat()}, follow=True)
    assert f"Uitvoeringsprogramma 2027 is vastgesteld op {on:%d-%m-%Y}." in response.content.decode()
    stored = world.fresh(world.programma)
    assert (stored.status, stored.vastgesteld_op) == (ProgrammaStatus.VASTGESTELD, on)


def test_a_vaststelling_in_the_future_is_refused_and_nothing_changes(world: World) -> None:
    url = reverse("ivp:programma_adopt", kwargs={"pk": world.programma.pk})
    later = timezone.localdate() + datetime.timedelta(days=1)
    page = world.client("coordinator").post(url, {"vastgesteld_op": later.isoformat()}).content.decode()
    assert "De datum van vaststelling ligt in de toekomst." in page
    assert 'data-focus autofocus id="formulier-fouten"' in page
    assert world.fresh(world.programma).status == ProgrammaStatus.CONCEPT


@pytest.mark.parametrize("role", ["thema_eigenaar", "ketenpartner", "auditor"])
def test_only_coordinator_and_bestuurder_record_the_vaststelling(world: World, role: str) -> None:
    url = reverse("ivp:programma_adopt", kwargs={"pk": world.programma.pk})
    assert world.client(role).post(url, {"vastgesteld_op": "2026-01-05"}).status_code == 403
    assert world.fresh(world.programma).status == ProgrammaStatus.CONCEPT


def test_services_start_the_programme_the_page_shows(world: World) -> None:
    """The page and the service agree: a programme started by the service is listed."""
    with world.bound():
        services.start_programma(by=world.member("coordinator"), plan=world.plan, jaar=2029)
    assert "Uitvoeringsprogramma 2029" in world.client("auditor").get(LIST).content.decode()


# --- accessibility and narrow screens ---------------------------------------------------------


def _filled_programme(world: World) -> None:
    """Long texts, a late and a stalled action, and a carried-over programme, so every part is shown."""
    world.add(
        "Integrale aanpak van woninginbraken in de wijken met de meeste aangiften",
        obe_type="organisatorisch",
        eigenaar="Teamleider Openbare Orde en Veiligheid",
        organisatie=world.personas.partner_a,
        eind=datetime.date(2026, 1, 31),
        budget="125000",
        status="lopend",
        voortgang=35,
    )
    stil = world.add("Buurtpreventie-app", "1.1", status="lopend", voortgang=10)
    with world.bound():
        Actie.objects.filter(pk=stil.pk).update(voortgang_op=timezone.now() - datetime.timedelta(days=120))


def _pages(world: World) -> dict[str, list[str]]:
    late = world.add("Camerabeelden evalueren", eind=datetime.date(2026, 3, 1))
    return {
        "coordinator": [
            LIST,
            page_of(world),
            page_of(world) + "?themaId=onbekend",
            reverse("ivp:actie", kwargs={"pk": late.pk}),
            reverse("ivp:actie_add", kwargs={"pk": world.programma.pk}),
            reverse("ivp:actie_delete", kwargs={"pk": late.pk}),
            reverse("ivp:programma_adopt", kwargs={"pk": world.programma.pk}),
            reverse("ivp:monitoring"),
        ],
        "ketenpartner": [page_of(world), reverse("ivp:actie", kwargs={"pk": world.own.pk}), reverse("ivp:monitoring")],
    }


@pytest.mark.browser
def test_the_pages_with_content_and_their_error_states_have_no_axe_violations(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    from tests.browser import launch_browser
    from tests.test_accessibility import PageChecker, browser_context, logged_in_client

    world = world_of(personas)
    _filled_programme(world)
    pages = _pages(world)
    clients = {role: logged_in_client(personas.user(role)) for role in pages}
    forms = [  # (role, page, form fields emptied) submitted to show the error state
        ("coordinator", LIST, "jaar"),
        ("coordinator", reverse("ivp:actie_add", kwargs={"pk": world.programma.pk}), "actiepunt"),
        ("coordinator", reverse("ivp:actie", kwargs={"pk": world.own.pk}), "voortgang"),
        ("coordinator", reverse("ivp:programma_adopt", kwargs={"pk": world.programma.pk}), "vastgesteld_op"),
        ("ketenpartner", reverse("ivp:actie", kwargs={"pk": world.own.pk}), "voortgang"),
    ]
    problems: list[str] = []
    with launch_browser() as browser:
        for role, urls in pages.items():
            context = browser_context(browser, clients[role], live_server.url)
            checker = PageChecker(context)
            try:
                for url in urls:
                    checker.visit(url)
                for who, url, emptied in forms:
                    if who != role:
                        continue
                    checker.page.goto(url)
                    checker.page.locator(f"main form [name={emptied}]").fill("")
                    checker.page.locator(f"main form:has([name={emptied}]) button[type=submit]").click()
                    checker.page.wait_for_load_state()
                    assert checker.page.locator(".utrecht-alert--error").count() > 0, url
                    checker.check_current(f"{url} (met fouten)")
            finally:
                context.close()
            problems += checker.problems
    assert not problems, "\n\n".join(problems)


@pytest.mark.browser
def test_at_320_pixels_the_tables_of_the_programme_scroll_in_their_own_region(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    from tests.browser import launch_browser
    from tests.test_accessibility import logged_in_client
    from tests.test_table_reflow import narrow_screen_problems

    world = world_of(personas)
    _filled_programme(world)
    urls = [LIST, page_of(world), reverse("ivp:monitoring")]
    client = logged_in_client(personas.user("coordinator"))
    with launch_browser() as browser:
        problems, tables = narrow_screen_problems(browser, client, live_server.url, urls)
    assert all(tables[url] for url in urls), tables
    assert not problems, "\n".join(problems)


def test_an_action_without_an_end_date_is_flagged_neither_late_nor_stalled(world: World) -> None:
    from ivp.programma import rows

    actie = world.add("Zonder einddatum", eind=None)
    with world.bound():
        found = rows(Actie.objects.filter(pk=actie.pk), timezone.localdate(), timezone.now()).get()
    assert getattr(found, "te_laat") is False and getattr(found, "stilgevallen") is False  # noqa: B009
