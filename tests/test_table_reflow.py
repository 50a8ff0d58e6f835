"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide no page scrolls sideways and no word in a table is cut.

A table that does not fit scrolls inside a region of its own, which a keyboard user can reach and
which has a name. Every page with a table is opened with long names, titles, links and e-mail
addresses in it, in one headless Chromium with one browser context per persona.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, ViewportSize

from audit.services import record_security_event
from demo.kader import load_demo_kader
from kader import services as kader_services
from kader.models import Deelplan, Verantwoordelijkheid
from lib import tenancy
from tests import factories
from tests.browser import launch_browser
from tests.test_accessibility import browser_context, logged_in_client

pytestmark = [pytest.mark.browser]

NARROW: ViewportSize = {"width": 320, "height": 900}

LONG_LINK = (
    "https://intranet.aastad.example/sites/integrale-beveiliging/gedeelde-documenten/deelplannen/gedragscode.pdf"
)

# Measures the open page; returns what a reader of a narrow screen would run into.
MEASURE = """
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px of content on a ${root.clientWidth}px screen`);
  }
  const textOf = (id) => (document.getElementById(id)?.textContent || "").trim();
  for (const table of document.querySelectorAll("table")) {
    const name = (table.caption?.textContent || table.querySelector("th")?.textContent || "?").trim().slice(0, 50);
    let box = table.parentElement;
    while (box && box !== document.body && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    if (!box || box === document.body) {
      problems.push(`table "${name}" does not scroll inside a container of its own`);
    } else if (!box.closest("td, th")) {  // (a table in a cell scrolls with the table around it)
      if (box.getBoundingClientRect().right > root.clientWidth + 1) {
        problems.push(`the scroll container of table "${name}" is wider than the screen`);
      }
      if (box.tabIndex !== 0 || box.getAttribute("role") !== "region") {
        problems.push(`the scroll container of table "${name}" cannot be reached with the keyboard as a region`);
      }
      const label = (box.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean).map(textOf).join(" ");
      if (!label) {
        problems.push(`the scroll container of table "${name}" has no name (aria-labelledby)`);
      }
    }
    // Every word of every cell of this table (not of a table inside it) stays on one line.
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement.closest("table") === table
        && !node.parentElement.closest(".kapstok-visually-hidden")
        && node.parentElement.closest("td, th")
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    });
    const cut = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s\\-\\/]+[\\-\\/]?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) {
          cut.push(`"${match[0]}" (${lines.size} lines)`);
        }
      }
    }
    if (cut.length) {
      const more = cut.length > 5 ? ` and ${cut.length - 5} more` : "";
      problems.push(`table "${name}": words cut over lines: ${cut.slice(0, 5).join(", ")}${more}`);
    }
  }
  return problems;
}
"""


def fill_gemeente_a(personas: Any) -> dict[str, Any]:
    """Gemeente A with the demo kader and long texts everywhere a table shows them."""
    gemeente = personas.gemeente_a
    coordinator = personas.user("coordinator")
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=gemeente.pk, user=coordinator.pk):
        adopted, concept = load_demo_kader(by)
        kader_services.add_part(
            model=Deelplan,
            versie=concept,
            by=by,
            thema="integriteit",
            titel="Gedragscode en integriteitsbeleid voor medewerkers en bestuurders",
            eigenaar="Integriteitscoördinator",
            link=LONG_LINK,
            status="vastgesteld",
        )
        kader_services.add_part(
            model=Verantwoordelijkheid,
            versie=concept,
            by=by,
            rol="Functionaris gegevensbescherming",
            activiteit="Gegevensbeschermingseffectbeoordelingen bijhouden",
            aard="R",
        )
    user = factories.make_user(
        "informatiebeveiligingsfunctionaris@aastad.example", full_name="Alexandra van den Boogaard-Vermeulen"
    )
    factories.make_member(gemeente, user, "thema_eigenaar", themes=["informatiebeveiliging", "continuiteit"])
    factories.make_token(personas.members["coordinator"], name="Koppeling met het zaaksysteem (verwerkingsregister)")
    with tenancy.bound(gemeente=gemeente.pk):
        for kind, detail in (
            ("login", "wachtwoord"),
            ("role_changed", "informatiebeveiligingsfunctionaris@aastad.example: melder → thema-eigenaar"),
            ("export", "Historie (CSV), 1250 regels"),
        ):
            record_security_event(kind, user=coordinator, gemeente_id=gemeente.pk, detail=detail)
    return {"adopted": adopted, "concept": concept}


def pages_of(kader: dict[str, Any]) -> list[str]:
    concept = kader["concept"]
    compare = reverse("kader:compare") + f"?van={kader['adopted'].pk}&naar={concept.pk}"
    steps = [
        reverse("kader:step", kwargs={"pk": concept.pk, "stap": stap})
        for stap in ("visie", "scope", "doelen", "uitgangspunten", "kwaliteitssysteem")
    ]
    return [
        reverse("dashboard:home"),
        reverse("kader:overview"),
        *steps,
        compare,
        reverse("kader:template"),
        reverse("organisations:members"),
        reverse("audit:history"),
        reverse("audit:security_log"),
        reverse("accounts:tokens"),
        reverse("accounts:profile"),
    ]


def narrow_screen_problems(
    browser: Browser, client: Client, base_url: str, urls: list[str]
) -> tuple[list[str], dict[str, int]]:
    """Problems on each page (opened 320 px wide with the session of ``client``), and its number of tables."""
    context = browser_context(browser, client, base_url)
    problems: list[str] = []
    tables: dict[str, int] = {}
    try:
        page = context.new_page()
        page.set_viewport_size(NARROW)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{url}: {response and response.status}"
            problems += [f"{url}: {problem}" for problem in page.evaluate(MEASURE)]
            tables[url] = page.locator("table").count()
    finally:
        context.close()
    return problems, tables


def test_at_320_pixels_wide_tables_scroll_in_their_own_region_and_keep_their_words_whole(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    kader = fill_gemeente_a(personas)
    # Logged in before the browser starts: database work inside Playwright's event loop gets a connection of
    # its own that stays open and blocks dropping the test database.
    coordinator, admin = logged_in_client(personas.user("coordinator")), logged_in_client(personas.platform_admin)
    platform = [reverse("organisations:platform_gemeenten")]
    with launch_browser() as browser:
        problems, tables = narrow_screen_problems(browser, coordinator, live_server.url, pages_of(kader))
        admin_problems, admin_tables = narrow_screen_problems(browser, admin, live_server.url, platform)
    # Only the responsibility matrix is a table among the steps; every other page shows at least one (the
    # start page: the incidents of the last twelve months against the twelve before).
    without = [
        reverse("kader:step", kwargs={"pk": kader["concept"].pk, "stap": stap})
        for stap in ("visie", "scope", "doelen", "uitgangspunten")
    ]
    assert sorted(url for url, count in {**tables, **admin_tables}.items() if not count) == sorted(without)
    assert not problems + admin_problems, "\n".join(problems + admin_problems)


def test_the_measurement_reports_a_page_that_scrolls_sideways_a_bare_table_and_a_cut_word() -> None:
    """The check above can fail: a made-up page with each fault."""
    html = (
        '<!DOCTYPE html><html lang="nl"><body><table><caption>Smal</caption><tr>'
        '<th style="width: 3em; overflow-wrap: anywhere">Hoofdactiviteiten</th></tr></table>'
        '<div style="width: 600px">Breed</div></body></html>'
    )
    with launch_browser() as browser:
        page = browser.new_page(viewport=NARROW)
        page.set_content(html)
        problems = "\n".join(page.evaluate(MEASURE))
        page.close()
    assert "the page scrolls sideways" in problems
    assert 'table "Smal" does not scroll inside a container of its own' in problems
    assert 'table "Smal": words cut over lines: "Hoofdactiviteiten"' in problems
