"""The pages of the veiligheidsplan: who sees and does what, the steps, and the cycle of a version."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.timezone import localdate

from ivp import content, services
from ivp.choices import PlanStatus
from ivp.models import Indicator, Plan, PlanStap
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

pytestmark = pytest.mark.django_db
# Every authenticated request: session, user, savepoint, set_config, membership, release (see
# tests/test_query_budgets.py).
BASE = 6
READERS = ["coordinator", "thema_eigenaar", "bestuurder", "auditor", "ketenpartner"]


def client_for(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


def fresh(personas: Any, pk: Any) -> Plan:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Plan.objects.get(pk=pk)


def url(name: str, plan: Plan, **kwargs: Any) -> str:
    return reverse(f"ivp:{name}", kwargs={"pk": plan.pk, **kwargs})


def chapters(plan: Plan, **changes: Any) -> dict[str, Any]:
    """The coördinator's chapter form of ``plan`` as stored, with ``changes``."""
    data = {name: getattr(plan, name) or "" for name in Plan.EDIT_FIELDS}
    return {**data, "version": plan.version, **changes}


def submitted(personas: Any, plan: Plan | None = None) -> Plan:
    """Gemeente A's plan (or ``plan``), ter besluitvorming."""
    by = personas.members["coordinator"]
    plan = plan or personas.ivp_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        return services.submit_plan(by=by, plan=Plan.objects.get(pk=plan.pk))


def adopted(personas: Any, plan: Plan | None = None) -> Plan:
    """Gemeente A's plan (or ``plan``), adopted by the raad today (submitted first if it is a concept)."""
    plan = fresh(personas, (plan or personas.ivp_of()).pk)
    if plan.status == PlanStatus.CONCEPT:
        plan = submitted(personas, plan)
    by = personas.members["bestuurder"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        return services.adopt_plan(by=by, plan=plan, on=localdate(), body="gemeenteraad", reference="R-2026-1")


# --- without a plan ---------------------------------------------------------------------------


def test_without_a_plan_the_overview_explains_the_ivp_and_offers_the_coordinator_the_start(personas: Any) -> None:
    page = client_for(personas, "coordinator").get(reverse("ivp:overzicht")).content.decode()
    assert "Kernbeleid Veiligheid" in page and escape(content.STAPPEN[2].uitleg) in page
    assert "Start het veiligheidsplan</button>" in page
    assert f'value="{localdate().year + 1}"' in page, "the first year defaults to next year"


def test_a_bestuurder_reads_the_explanation_but_may_not_start(personas: Any) -> None:
    client = client_for(personas, "bestuurder")
    page = client.get(reverse("ivp:overzicht")).content.decode()
    assert "nog geen veiligheidsplan. Een coördinator start het." in page
    assert "Start het veiligheidsplan</button>" not in page
    assert client.post(reverse("ivp:start"), {"startjaar": 2027}).status_code == 403


def test_a_thema_eigenaar_is_told_that_only_a_coordinator_starts(personas: Any) -> None:
    response = client_for(personas, "thema_eigenaar").post(reverse("ivp:start"), {"startjaar": 2027}, follow=True)
    assert "Alleen een coördinator start het veiligheidsplan." in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Plan.objects.exists()


def test_starting_with_a_year_out_of_range_shows_the_error_and_starts_nothing(personas: Any) -> None:
    client = client_for(personas, "coordinator")
    page = client.post(reverse("ivp:start"), {"startjaar": 2099}).content.decode()
    assert "<title>Niet opgeslagen:" in page and 'id="id_startjaar_error"' in page
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Plan.objects.exists()
    response = client.post(reverse("ivp:start"), {"startjaar": 2028}, follow=True)
    assert "versie 1 voor 2028–2031 is een concept" in response.content.decode()


@pytest.mark.parametrize(("role", "sees"), [("ketenpartner", True), ("auditor", True), ("melder", False)])
def test_the_menu_leads_to_the_veiligheidsplan_for_those_who_may_read_it(personas: Any, role: str, sees: bool) -> None:
    html = client_for(personas, role).get(reverse("dashboard:home")).content.decode()
    menu = html.split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]
    assert (f'href="{reverse("ivp:overzicht")}">Veiligheidsplan</a>' in menu) is sees


# --- access per role --------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_overview_the_chapters_the_steps_and_the_checklist(personas: Any, role: str) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, role)
    assert (
        "Integraal veiligheidsplan 2027–2030: versie 1 (concept)"
        in client.get(reverse("ivp:overzicht")).content.decode()
    )
    assert client.get(url("plan", plan)).status_code == 200
    assert client.get(url("checklist", plan)).status_code == 200
    for stap in content.STAPPEN:
        response = client.get(url("stap", plan, stap=stap.key))
        assert response.status_code == 200, stap.key
        assert escape(stap.uitleg) in response.content.decode()


def test_a_melder_has_no_access_to_the_plan(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "melder")
    assert client.get(reverse("ivp:overzicht")).status_code == 403
    for name in ("plan", "checklist", "submit", "adopt", "new_plan"):
        assert client.get(url(name, plan)).status_code == 403, name
    assert client.get(url("stap", plan, stap="aanpak")).status_code == 403


def test_gemeente_b_gets_404_on_every_page_of_the_plan_of_a(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator_b")
    for name in ("plan", "checklist", "submit", "adopt", "new_plan", "send_back"):
        assert client.get(url(name, plan)).status_code in (404, 405), name
        assert client.post(url(name, plan), {"visie": "Overname", "version": 1}).status_code == 404, name
    assert client.post(url("stap", plan, stap="aanpak"), {"status": "gereed", "version": 1}).status_code == 404
    assert "Start het veiligheidsplan" in client.get(reverse("ivp:overzicht")).content.decode()
    assert fresh(personas, plan.pk).visie is None


def test_an_unknown_step_is_not_found(personas: Any) -> None:
    plan = personas.ivp_of()
    assert client_for(personas, "coordinator").get(url("stap", plan, stap="visie")).status_code == 404


# --- the chapters -----------------------------------------------------------------------------


def test_the_coordinator_writes_the_chapters_of_a_concept(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    assert 'id="id_afbakening"' in client.get(url("plan", plan)).content.decode()
    response = client.post(url("plan", plan), chapters(plan, afbakening="Over de openbare ruimte.", eindjaar=2031))
    assert response.status_code == 302
    stored = fresh(personas, plan.pk)
    assert (stored.afbakening, stored.periode) == ("Over de openbare ruimte.", "2027–2031")


def test_the_chapters_refuse_a_period_out_of_range_in_dutch(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    page = client.post(url("plan", plan), chapters(plan, eindjaar=2026)).content.decode()
    assert "Het laatste jaar ligt niet voor het eerste jaar." in page
    page = client.post(url("plan", plan), chapters(plan, eindjaar=2101)).content.decode()
    assert 'id="id_eindjaar_error"' in page
    assert fresh(personas, plan.pk).eindjaar == 2030


def test_a_thema_eigenaar_edits_only_the_vision(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "thema_eigenaar")
    page = client.get(url("plan", plan)).content.decode()
    assert 'name="visie"' in page and 'name="afbakening"' not in page
    assert "de andere hoofdstukken en de periode wijzigt de coördinator" in page
    data = {"visie": "Samen veilig.", "afbakening": "Niet van mij.", "version": plan.version}
    assert client.post(url("plan", plan), data).status_code == 302
    stored = fresh(personas, plan.pk)
    assert (stored.visie, stored.afbakening) == ("Samen veilig.", None)


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner"])
def test_readers_get_no_form_and_may_not_post(personas: Any, role: str) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, role)
    page = client.get(url("plan", plan)).content.decode()
    assert "<textarea" not in page and "Nog niet geschreven." in page
    assert client.post(url("plan", plan), chapters(plan, visie="Van een lezer")).status_code == 403
    assert fresh(personas, plan.pk).visie is None


def test_a_stale_chapter_edit_shows_what_is_stored_beside_the_users_own_text(personas: Any) -> None:
    plan = personas.ivp_of()
    first, second = client_for(personas, "coordinator"), client_for(personas, "thema_eigenaar")
    first.post(url("plan", plan), chapters(plan, visie="De visie van de coördinator."))
    page = second.post(url("plan", plan), {"visie": "Mijn visie.", "version": plan.version}).content.decode()
    assert str(CONFLICT_MESSAGE) in page
    assert "Mijn visie.</textarea>" in page and "De visie van de coördinator." in page
    assert f'name="version" value="{plan.version + 1}"' in page
    assert fresh(personas, plan.pk).visie == "De visie van de coördinator."
    assert second.post(url("plan", plan), {"visie": "Mijn visie.", "version": plan.version + 1}).status_code == 302
    assert fresh(personas, plan.pk).visie == "Mijn visie."


def test_a_plan_ter_besluitvorming_is_read_only(personas: Any) -> None:
    plan = submitted(personas)
    client = client_for(personas, "coordinator")
    page = client.get(url("plan", plan)).content.decode()
    assert "<textarea" not in page and "ligt, kan het niet worden gewijzigd" in page
    response = client.post(url("plan", plan), chapters(plan, visie="Te laat"), follow=True)
    assert "ligt ter besluitvorming en kan niet worden gewijzigd" in response.content.decode()
    assert fresh(personas, plan.pk).visie is None


# --- the steps --------------------------------------------------------------------------------


def test_the_coordinator_ticks_off_the_checklist_of_a_step(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        stap = PlanStap.objects.get(plan=plan, stap="prioriteiten")
    data = {
        "status": "bezig",
        "afgevinkt": ["scores", "niveaus"],
        "wie": "Team OOV",
        "wanneer": "2026-12-01",
        "notities": "Sessie met de raad gepland.",
        "version": stap.version,
    }
    response = client.post(url("stap", plan, stap="prioriteiten"), data)
    assert response.status_code == 302
    page = client_for(personas, "bestuurder").get(url("stap", plan, stap="prioriteiten")).content.decode()
    assert "Status: bezig; 2 van 3 punten van de checklist afgevinkt. Wie: Team OOV. Gereed: 1 december 2026." in page
    assert "Gedaan: Alle thema&#x27;s gescoord." in page and "Nog te doen: Afgestemd met buurgemeenten" in page
    overview = client.get(reverse("ivp:overzicht")).content.decode()
    assert "Prioriteiten stellen<span" in overview and "bezig; 2 van 3 punten" in overview


def test_a_step_refuses_an_unknown_checklist_item_and_a_stale_version(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    step_url = url("stap", plan, stap="aanpak")
    page = client.post(step_url, {"status": "open", "afgevinkt": ["verzonnen"], "version": 1}).content.decode()
    assert 'id="id_afgevinkt_error"' in page
    client.post(step_url, {"status": "gereed", "version": 1})
    page = client.post(step_url, {"status": "bezig", "version": 1}).content.decode()
    assert str(CONFLICT_MESSAGE) in page and "Gereed" in page
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert PlanStap.objects.get(plan=plan, stap="aanpak").status == "gereed"


def test_a_bestuurder_reads_a_step_without_a_form_and_may_not_post(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "bestuurder")
    page = client.get(url("stap", plan, stap="uitvoering")).content.decode()
    assert "Stap bijwerken" not in page and "Nog te doen: Een uitvoeringsprogramma voor dit jaar opgesteld." in page
    assert client.post(url("stap", plan, stap="uitvoering"), {"status": "gereed", "version": 1}).status_code == 403


def test_the_steps_and_the_overview_link_to_the_pages_of_the_other_parts(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    page = client.get(url("stap", plan, stap="uitvoering")).content.decode()
    assert f'<a class="utrecht-link" href="{reverse("ivp:programmas")}">Uitvoeringsprogramma&#x27;s</a>' in page
    overview = client.get(reverse("ivp:overzicht")).content.decode()
    for name, kwargs in (
        ("ivp:themas", {}),
        ("ivp:analyse", {}),
        ("ivp:prioriteiten", {"pk": plan.pk}),
        ("ivp:doelen", {"pk": plan.pk}),
        ("ivp:programmas", {}),
        ("ivp:monitoring", {}),
    ):
        assert f'href="{reverse(name, kwargs=kwargs or None)}"' in overview, name


# --- the cycle --------------------------------------------------------------------------------


def test_the_whole_cycle_from_start_to_the_plan_of_the_next_period(personas: Any) -> None:
    coordinator, bestuurder = client_for(personas, "coordinator"), client_for(personas, "bestuurder")
    coordinator.post(reverse("ivp:start"), {"startjaar": 2027})
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        v1 = Plan.objects.get()
    # Submitting shows the CCV checklist's findings first, and changes nothing until confirmed.
    page = coordinator.get(url("submit", v1)).content.decode()
    assert "Er is nog geen thema als prioriteit gekozen." in page and "De afbakening ontbreekt" in page
    assert "Ja, ter besluitvorming aanbieden" in page
    assert fresh(personas, v1.pk).status == PlanStatus.CONCEPT
    coordinator.post(url("submit", v1))
    assert fresh(personas, v1.pk).status == PlanStatus.TER_BESLUITVORMING
    # The bestuurder records the vaststelling by the raad.
    adopt_url = url("adopt", v1)
    assert 'value="gemeenteraad"' in bestuurder.get(adopt_url).content.decode()
    form = {"vastgesteld_op": localdate().isoformat(), "vastgesteld_door": "gemeenteraad", "besluitkenmerk": "R-1"}
    assert bestuurder.post(adopt_url, form).status_code == 302
    assert fresh(personas, v1.pk).status == PlanStatus.VASTGESTELD
    assert "Vastgesteld op" in coordinator.get(reverse("ivp:overzicht")).content.decode()
    # A new version of the same period, adopted in turn: version 1 lapses.
    coordinator.post(url("new_plan", v1), {"soort": "versie"})
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        v2 = Plan.objects.get(nummer=2)
    assert (v2.periode, v2.evaluatie_invoer, v2.gebaseerd_op_id) == ("2027–2030", [], v1.pk)
    # A goal of version 2 while it is a concept, and a figure for it.
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        services.set_meting(by=by, indicator=indicator, jaar=2025, waarde=Decimal("4"))
        services.add_doelstelling(by=by, plan=v2, thema=indicator.thema, wat="Minder inbraken", indicator=indicator)
    adopted(personas, v2)
    assert fresh(personas, v1.pk).status == PlanStatus.VERVALLEN
    # The results of the goals of version 2 go into the plan of the next period.
    response = coordinator.post(url("new_plan", v2), {"soort": "periode", "startjaar": 2031}, follow=True)
    assert "Versie 3 is begonnen als concept: het plan voor 2031–2034." in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        v3 = Plan.objects.get(nummer=3)
    page = coordinator.get(url("plan", v3)).content.decode()
    assert "Resultaten van het vorige plan" in page and "Minder inbraken" in page and "Diefstallen uit woning" in page
    step = coordinator.get(url("stap", v3, stap="evaluatie_informatie")).content.decode()
    assert "Resultaten van het vorige plan" in step
    checklist = coordinator.get(url("checklist", v3)).content.decode()
    assert "De evaluatie van de vorige periode ontbreekt" not in checklist


def test_the_adopt_form_is_offered_only_for_a_plan_ter_besluitvorming(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    page = client.get(url("adopt", plan)).content.decode()
    assert "Versie 1 is concept. Alleen een plan dat ter besluitvorming ligt, kan worden vastgesteld." in page
    client.post(url("adopt", plan), {"vastgesteld_op": localdate().isoformat(), "vastgesteld_door": "gemeenteraad"})
    assert fresh(personas, plan.pk).status == PlanStatus.CONCEPT


def test_the_adopt_form_shows_the_refusals_at_their_fields(personas: Any) -> None:
    plan = submitted(personas)
    client = client_for(personas, "bestuurder")
    page = client.post(url("adopt", plan), {"vastgesteld_door": ""}).content.decode()
    assert "<title>Niet opgeslagen:" in page and 'id="id_vastgesteld_door_error"' in page
    before = (localdate() - datetime.timedelta(days=30)).isoformat()
    page = client.post(
        url("adopt", plan), {"vastgesteld_op": before, "vastgesteld_door": "gemeenteraad"}
    ).content.decode()
    assert "vóór de dag waarop het plan ter besluitvorming is aangeboden" in page
    assert 'id="id_vastgesteld_op_error"' in page
    assert fresh(personas, plan.pk).status == PlanStatus.TER_BESLUITVORMING


def test_a_plan_ter_besluitvorming_can_be_sent_back_but_a_concept_cannot(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "bestuurder")
    response = client.post(url("send_back", plan), follow=True)
    assert "alleen een plan dat ter besluitvorming ligt, kan worden teruggezet" in response.content.decode()
    submitted(personas)
    response = client.post(url("send_back", plan), follow=True)
    assert "is teruggezet naar concept" in response.content.decode()
    assert fresh(personas, plan.pk).status == PlanStatus.CONCEPT


def test_only_the_coordinator_submits(personas: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "thema_eigenaar")
    page = client.get(url("submit", plan)).content.decode()
    assert "Alleen een coördinator biedt het plan ter besluitvorming aan." in page
    assert "Ja, ter besluitvorming aanbieden" not in page
    response = client.post(url("submit", plan), follow=True)
    assert "Alleen een coördinator biedt het plan ter besluitvorming aan." in response.content.decode()
    assert fresh(personas, plan.pk).status == PlanStatus.CONCEPT


def test_a_new_plan_waits_until_the_open_one_is_finished(personas: Any) -> None:
    plan = personas.ivp_of()
    page = client_for(personas, "coordinator").get(url("new_plan", plan)).content.decode()
    assert "Versie 1 (2027–2030) is nog in bewerking (concept)" in page and "Nieuw plan beginnen" not in page


def test_the_next_period_starts_after_this_plan_and_ends_by_2100(personas: Any) -> None:
    plan = adopted(personas)
    client = client_for(personas, "coordinator")
    page = client.get(url("new_plan", plan)).content.decode()
    assert 'value="2031"' in page
    page = client.post(url("new_plan", plan), {"soort": "periode", "startjaar": 2027}).content.decode()
    assert "Een plan voor de volgende periode begint na 2027" in page
    page = client.post(url("new_plan", plan), {"soort": "periode", "startjaar": 2099}).content.decode()
    assert "eindigt uiterlijk in 2100" in page
    page = client.post(url("new_plan", plan), {"soort": "periode"}).content.decode()
    assert "Vul het eerste jaar van het nieuwe plan in." in page
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Plan.objects.count() == 1


def test_a_thema_eigenaar_cannot_begin_a_new_plan(personas: Any) -> None:
    plan = adopted(personas)
    client = client_for(personas, "thema_eigenaar")
    page = client.get(url("new_plan", plan)).content.decode()
    assert "Alleen een coördinator begint" in page and "Nieuw plan beginnen" not in page


# --- query counts -----------------------------------------------------------------------------


def test_the_pages_stay_within_their_query_budget(personas: Any, django_assert_num_queries: Any) -> None:
    plan = personas.ivp_of()
    client = client_for(personas, "coordinator")
    with django_assert_num_queries(BASE + 2):  # versions, steps of the open one
        client.get(reverse("ivp:overzicht"))
    with django_assert_num_queries(BASE + 2):  # plan, its steps
        client.get(url("plan", plan))
    with django_assert_num_queries(BASE + 2):  # plan, the step
        client.get(url("stap", plan, stap="aanpak"))
    with django_assert_num_queries(BASE + 4):  # plan; priorities, goals, whether any figure exists (no priority yet)
        client.get(url("checklist", plan))


# --- accessibility and reflow in every state of the plan -------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_plan_pages_in_each_state_have_no_axe_violations_and_reflow_at_320_pixels(
    personas: Any, live_server: Any
) -> None:
    from tests.browser import launch_browser
    from tests.test_accessibility import PageChecker, browser_context, logged_in_client
    from tests.test_table_reflow import MEASURE, NARROW

    coordinator, bestuurder = (
        logged_in_client(personas.user("coordinator")),
        logged_in_client(personas.user("bestuurder")),
    )
    problems: list[str] = []

    def visit(client: Client, urls: list[str], *, narrow: bool = False) -> None:
        # The database work of each state happens before the browser starts: inside Playwright's event loop it
        # would get a connection of its own that stays open and blocks dropping the test database.
        with launch_browser() as browser:
            context = browser_context(browser, client, live_server.url)
            checker = PageChecker(context)
            try:
                if narrow:
                    checker.page.set_viewport_size(NARROW)
                for page_url in urls:
                    checker.visit(page_url)
                    if narrow:
                        problems.extend(f"{page_url}: {p}" for p in checker.page.evaluate(MEASURE))
            finally:
                context.close()
        problems.extend(checker.problems)

    visit(coordinator, [reverse("ivp:overzicht")])  # no plan yet: the explanation and the start form
    plan = submitted(personas)
    visit(bestuurder, [reverse("ivp:overzicht"), url("adopt", plan), url("submit", plan)])
    plan = adopted(personas, plan)
    visit(coordinator, [url("new_plan", plan)])
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        volgend = services.new_plan(by=by, from_plan=plan, startjaar=2031)
    pages = [
        reverse("ivp:overzicht"),
        url("plan", volgend),
        url("stap", volgend, stap="evaluatie_informatie"),
        url("submit", volgend),
        url("checklist", volgend),
    ]
    visit(coordinator, pages, narrow=True)
    assert not problems, "\n\n".join(problems)
