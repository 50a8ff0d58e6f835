"""The kader's step pages in a real browser: rows change in place with htmx, every link and form
still works without JavaScript, and an error or conflict takes the focus and the page title."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, expect

from kader.models import Deelplan, Mensgroep
from lib import tenancy
from tests.test_accessibility import PageChecker, browser_context, build_sweep, logged_in_client

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.browser import launch_browser

    with launch_browser() as chromium:
        yield chromium


@pytest.fixture
def session(personas: Any, live_server: Any, transactional_db: Any, browser: Browser) -> Iterator[dict[str, Any]]:
    sweep = build_sweep(personas, "coordinator")
    client = logged_in_client(sweep.user)
    contexts: list[BrowserContext] = []

    def context(*, javascript: bool = True) -> BrowserContext:
        made = (
            browser_context(browser, client, live_server.url)
            if javascript
            else _without_js(browser, client, live_server)
        )
        contexts.append(made)
        return made

    yield {"personas": personas, "context": context, "versie": personas.kader_of()}
    for made in contexts:
        made.close()


def _without_js(browser: Browser, client: Any, live_server: Any) -> BrowserContext:
    from django.conf import settings

    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=False)
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return context


def _scope(versie: Any) -> str:
    return reverse("kader:step", kwargs={"pk": versie.pk, "stap": "scope"})


def test_a_row_is_edited_in_place_and_the_page_stays_accessible(session: dict[str, Any]) -> None:
    versie, personas = session["versie"], session["personas"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        groep = Mensgroep.objects.filter(versie=versie).order_by("volgorde").first()
    assert groep is not None
    checker = PageChecker(session["context"]())
    page = checker.page
    page.goto(_scope(versie))
    row = page.locator(f"#mensgroepen-{groep.pk}")
    row.get_by_role("link", name="Wijzigen").click()
    expect(page.locator(f"#id_{groep.pk}-soort")).to_be_focused()  # the form's first field
    textarea = page.locator(f"#id_{groep.pk}-moet_weten")
    assert page.url.endswith(_scope(versie)), "the form opened in place, without leaving the page"
    checker.check_current("scope: een rij in bewerking")
    textarea.fill("Kent de huisregels en de meldroute.")
    page.locator(f"#mensgroepen-{groep.pk}").get_by_role("button", name="Opslaan").click()
    expect(page.locator(f"#mensgroepen-{groep.pk}")).to_contain_text("Kent de huisregels en de meldroute.")
    expect(page.locator("#meldingen")).to_contain_text("is opgeslagen")
    checker.check_current("scope: rij opgeslagen")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Mensgroep.objects.get(pk=groep.pk).moet_weten == "Kent de huisregels en de meldroute."
    assert not checker.problems, "\n\n".join(checker.problems)


def test_a_row_is_added_and_deleted_in_place_after_confirmation(session: dict[str, Any]) -> None:
    versie, personas = session["versie"], session["personas"]
    checker = PageChecker(session["context"]())
    page = checker.page
    page.goto(_scope(versie))
    deel = page.locator("#deel-deelplannen")
    deel.locator("summary", has_text="Deelplan toevoegen").click()
    deel.get_by_label("Thema").select_option("integriteit")
    deel.get_by_label("Titel").fill("Gedragscode")
    deel.get_by_role("button", name="Deelplan toevoegen").click()
    expect(page.locator("#deel-deelplannen li.kapstok-rij")).to_have_count(1)
    expect(page.locator("#meldingen")).to_contain_text("is toegevoegd")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        plan = Deelplan.objects.get(versie=versie, titel="Gedragscode")
    row = page.locator(f"#deelplannen-{plan.pk}")
    row.get_by_role("link", name="Verwijderen").click()
    expect(page.locator(f"#deelplannen-{plan.pk}")).to_contain_text("Wilt u het deelplan")
    checker.check_current("scope: bevestiging van verwijderen")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Deelplan.objects.filter(pk=plan.pk).exists(), "asking for confirmation deletes nothing"
    page.locator(f"#deelplannen-{plan.pk}").get_by_role("button", name="Verwijderen").click()
    expect(page.locator(f"#deelplannen-{plan.pk}")).to_have_count(0)
    expect(page.locator("#meldingen")).to_contain_text("is verwijderd")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Deelplan.objects.filter(pk=plan.pk).exists()
    assert not checker.problems, "\n\n".join(checker.problems)


def test_without_javascript_the_same_links_and_forms_work_as_pages(session: dict[str, Any]) -> None:
    versie, personas = session["versie"], session["personas"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        groep = Mensgroep.objects.filter(versie=versie).order_by("volgorde").first()
    assert groep is not None
    page = session["context"](javascript=False).new_page()
    page.goto(_scope(versie))
    page.locator(f"#mensgroepen-{groep.pk}").get_by_role("link", name="Wijzigen").click()
    assert reverse("kader:part_edit", kwargs={"part": "mensgroepen", "pk": groep.pk}) in page.url
    page.locator(f"#id_{groep.pk}-moet_weten").fill("Zonder JavaScript opgeslagen.")
    page.get_by_role("button", name="Opslaan").click()
    assert page.url.split("#")[0].endswith(_scope(versie))
    expect(page.locator(f"#mensgroepen-{groep.pk}")).to_contain_text("Zonder JavaScript opgeslagen.")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_errors_of_an_add_form_far_down_a_long_page_take_the_focus(
    session: dict[str, Any], javascript: bool
) -> None:
    versie = session["versie"]
    page = session["context"](javascript=javascript).new_page()
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(_scope(versie))
    deel = page.locator("#deel-wetten")
    deel.locator("summary", has_text="Wet of norm toevoegen").click()
    deel.get_by_label("Thema").select_option("integriteit")
    deel.get_by_role("button", name="Wet of norm toevoegen").click()
    message = page.locator("#nieuw-wetten-fouten")
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport(ratio=0.9)  # in sight, not far below the fold
    if not javascript:
        assert page.title().startswith("Niet opgeslagen:")


def test_a_conflict_on_a_long_form_takes_the_focus_and_the_title(session: dict[str, Any]) -> None:
    versie, personas = session["versie"], session["personas"]
    page = session["context"]().new_page()
    page.set_viewport_size({"width": 1280, "height": 600})
    url = reverse("kader:step", kwargs={"pk": versie.pk, "stap": "visie"})
    page.goto(url)
    by = personas.members["bestuurder"]  # someone else saves first (through the service, as a colleague would)
    from kader import services

    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        services.edit(
            by=personas.members["coordinator"], versie=versie, expected_version=versie.version, visie="Eerder"
        )
    page.locator("#id_visie_onderbouwing").fill("Mijn onderbouwing.")
    page.get_by_role("button", name="Visie opslaan").click()
    expect(page.locator("#formulier-fouten")).to_be_focused()
    expect(page.locator("#formulier-fouten")).to_be_in_viewport(ratio=0.9)
    assert page.title().startswith("Niet opgeslagen:")
    expect(page.locator("#id_visie_onderbouwing")).to_have_value("Mijn onderbouwing.")
    expect(page.locator(".kapstok-opgeslagen").first).to_contain_text("Eerder")


def test_the_step_pages_are_short_enough_to_scan(session: dict[str, Any]) -> None:
    """Long lists (the 45 laws of the legal framework) are grouped and collapsed per theme."""
    versie = session["versie"]
    page = session["context"]().new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    heights = {}
    for stap in ("visie", "scope", "doelen", "uitgangspunten", "kwaliteitssysteem"):
        page.goto(reverse("kader:step", kwargs={"pk": versie.pk, "stap": stap}))
        heights[stap] = page.evaluate("document.documentElement.scrollHeight")
    assert max(heights.values()) <= 2500, f"step pages taller than three screens: {heights}"
    page.goto(_scope(versie))
    groups = page.locator("#deel-wetten details.kapstok-groep")
    assert groups.count() >= 5 and all(not g.get_attribute("open") for g in groups.all())
