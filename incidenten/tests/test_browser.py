"""The handler's pages in a real browser: a data breach with its deadline and the search for a risk or
measure to link, the registration's settings, and the kind form in its error state — no axe violations
(WCAG 2.2 AA)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from risicos.tests import world as risicos_world
from tests.browser import launch_browser
from tests.test_accessibility import PageChecker, browser_context, logged_in_client

from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_breach_with_search_results_links_and_the_settings_have_no_axe_violations(
    personas: Any, live_server: Any
) -> None:
    incident = world.melding(personas, sleutel="datalek")
    risicos_world.risico_pk(personas)  # "Inbraak in het stadhuis", with a measure
    world.link_pk(personas, "maatregel")
    client = logged_in_client(personas.user("coordinator"))
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        checker = PageChecker(context)
        try:
            checker.visit(reverse("incidenten:incident", args=[incident.pk]) + "?zoek=Inbraak")
            assert checker.page.get_by_text("meld dit uiterlijk").count() == 1
            assert checker.page.locator("input[name=risico]").count() == 1
            checker.visit(reverse("incidenten:instellingen"))
            checker.visit(reverse("incidenten:soort_nieuw"))
            checker.page.locator("main form[method=post] button[type=submit]").first.click()
            checker.page.wait_for_load_state()
            checker.check_current("nieuwe soort (errors)")
        finally:
            context.close()
    assert not checker.problems, "\n".join(checker.problems)


def test_the_rode_draden_with_patterns_conclusions_and_a_bad_period_have_no_axe_violations(
    personas: Any, live_server: Any
) -> None:
    year = timezone.localdate().year - 1
    for day in range(4):
        world.melding(personas, datum=datetime.date(year, 3, day + 1), locatie="Publieksbalie stadhuis")
    world.melding(personas, sleutel="inbraak", datum=datetime.date(year - 1, 5, 1), locatie="Gemeentewerf")
    client = logged_in_client(personas.user("coordinator"))
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        checker = PageChecker(context)
        try:
            checker.visit(reverse("incidenten:rode_draden"))
            assert checker.page.locator("tr.kapstok-row--signaal").count() >= 3, "the patterns are marked"
            checker.page.get_by_role("button", name=f"Conclusies schrijven bij {year}").click()
            checker.page.wait_for_load_state()
            checker.page.locator("#id_conclusies").fill("De agressie aan de balie neemt toe.")
            checker.page.get_by_role("button", name="Conclusies opslaan").click()
            checker.page.wait_for_load_state()
            checker.check_current("analyse met conclusies")
            assert checker.page.get_by_text("De conclusies zijn opgeslagen.").count() == 1
            checker.visit(reverse("incidenten:rode_draden") + "?van=2026-05-01&tot=2026-01-01")
            assert checker.page.get_by_text("Deze datum ligt vóór het begin van de periode").count() >= 1
        finally:
            context.close()
    assert not checker.problems, "\n".join(checker.problems)
