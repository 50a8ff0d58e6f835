"""The register's pages in a real browser: the start page before the register exists, the forms in
their error state, and the overview and a risk at 320 pixels — no axe violations (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.browser import launch_browser
from tests.test_accessibility import PageChecker, browser_context, logged_in_client
from tests.test_table_reflow import MEASURE, NARROW

from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(
    personas: Any, live_server: Any, role: str, urls: list[str], *, narrow: bool = False, submit: bool = False
) -> list[str]:
    client = logged_in_client(personas.user(role))
    problems: list[str] = []
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        checker = PageChecker(context)
        try:
            if narrow:
                checker.page.set_viewport_size(NARROW)
            for url in urls:
                checker.visit(url)
                if narrow:
                    problems.extend(f"{url}: {p}" for p in checker.page.evaluate(MEASURE))
                if submit:  # the form sent empty: its error state
                    checker.page.locator("main form[method=post] button[type=submit]").first.click()
                    checker.page.wait_for_load_state()
                    checker.check_current(f"{url} (errors)")
        finally:
            context.close()
        problems.extend(checker.problems)
    return problems


def test_the_start_page_has_no_axe_violations_for_the_coordinator_and_a_reader(personas: Any, live_server: Any) -> None:
    url = reverse("risicos:overzicht")
    problems = _check(personas, live_server, "coordinator", [url]) + _check(personas, live_server, "bestuurder", [url])
    assert not problems, "\n".join(problems)


def test_the_forms_in_their_error_state_and_the_matrix_dry_run_have_no_axe_violations(
    personas: Any, live_server: Any
) -> None:
    world.risico_pk(personas)
    # sent as they open: the risk and asset forms empty (errors), the matrix form filled (its dry run)
    urls = [reverse("risicos:risico_add"), reverse("risicos:bedrijfsmiddel_add"), reverse("risicos:matrix_wijzigen")]
    problems = _check(personas, live_server, "coordinator", urls, submit=True)
    assert not problems, "\n".join(problems)


def test_the_overview_list_and_a_risk_fit_320_pixels(personas: Any, live_server: Any) -> None:
    pk = world.risico_pk(personas)
    urls = [reverse("risicos:overzicht"), reverse("risicos:risicos"), reverse("risicos:risico", kwargs={"pk": pk})]
    problems = _check(personas, live_server, "coordinator", urls, narrow=True)
    assert not problems, "\n".join(problems)
