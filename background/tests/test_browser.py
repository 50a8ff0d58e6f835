"""The page of a background task in a real browser: it follows the task by itself, with and without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, expect

from background.models import Achtergrondtaak, Status
from lib import tenancy
from tests import factories
from tests.test_accessibility import browser_context, logged_in_client
from tests.test_browser_flows import _without_js

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.browser import launch_browser

    with launch_browser() as chromium:
        yield chromium


@pytest.fixture
def contexts(browser: Browser, live_server: Any, personas: Any, transactional_db: Any) -> Iterator[dict[str, Any]]:
    coordinator = personas.members["coordinator"]
    client = logged_in_client(coordinator.user)
    made: list[BrowserContext] = []

    def context(*, javascript: bool = True) -> BrowserContext:
        new = (
            browser_context(browser, client, live_server.url)
            if javascript
            else _without_js(browser, client, live_server)
        )
        made.append(new)
        return new

    taak = factories.make_taak(
        coordinator, status=Status.BEZIG, voortgang=1, totaal=4, stap="Regels lezen", started_at=timezone.now()
    )
    yield {"context": context, "taak": taak}
    for new in made:
        new.close()


def _update(taak: Achtergrondtaak, **fields: Any) -> None:
    with tenancy.bound(gemeente=taak.gemeente_id):
        Achtergrondtaak.objects.filter(pk=taak.pk).update(**fields)


def test_the_page_follows_the_task_without_reloading_and_leaves_the_focus_where_it_was(
    contexts: dict[str, Any],
) -> None:
    taak = contexts["taak"]
    page = contexts["context"]().new_page()
    page.goto(taak.get_absolute_url())
    expect(page.locator("#taak-voortgang-tekst")).to_have_text("1 van 4 gedaan (25%).")
    page.evaluate("window.zelfdePagina = true")
    page.get_by_role("link", name="Alle achtergrondtaken van de gemeente").focus()

    _update(taak, voortgang=3, stap="Regels opslaan")
    expect(page.locator("#taak-voortgang-tekst")).to_have_text("3 van 4 gedaan (75%).", timeout=6000)
    expect(page.locator("#taak-melding")).to_have_text("De taak is bezig: Regels opslaan.")
    assert page.evaluate("document.activeElement.textContent") == "Alle achtergrondtaken van de gemeente"

    _update(
        taak,
        status=Status.KLAAR,
        voortgang=4,
        finished_at=timezone.now(),
        resultaat={"url": "/taken", "label": "Naar alle taken"},
    )
    expect(page.get_by_role("link", name="Naar alle taken")).to_be_visible(timeout=6000)
    expect(page.locator("#taak-melding")).to_have_text("De taak is klaar.")
    expect(page.locator("#taak-status")).not_to_have_attribute("hx-trigger", "every 2s")  # polling stopped
    assert page.evaluate("window.zelfdePagina") is True  # no reload: only the status part changed
    assert page.evaluate("document.activeElement.textContent") == "Alle achtergrondtaken van de gemeente"


def test_without_javascript_the_page_reloads_itself_until_the_task_is_done(contexts: dict[str, Any]) -> None:
    taak = contexts["taak"]
    page = contexts["context"](javascript=False).new_page()
    page.goto(taak.get_absolute_url())
    expect(page.locator("#taak-voortgang-tekst")).to_have_text("1 van 4 gedaan (25%).")

    _update(taak, status=Status.KLAAR, voortgang=4, finished_at=timezone.now())
    expect(page.locator("#taak-melding")).to_have_text("De taak is klaar.", timeout=9000)
    expect(page.get_by_text("Niet meer vanzelf verversen")).to_have_count(0)
