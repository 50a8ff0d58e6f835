"""The history with its changes unfolded and a marked text change has no axe violations."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kader import services
from lib import tenancy
from tests.browser import launch_browser
from tests.test_accessibility import PageChecker, browser_context, logged_in_client

pytestmark = [pytest.mark.browser]


def test_the_history_with_every_change_unfolded_has_no_axe_violations(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    coordinator = personas.user("coordinator")
    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        versie = services.edit(
            versie=versie,
            by=personas.members["coordinator"],
            expected_version=versie.version,
            visie="Eerste zin. Tweede zin.",
        )
        services.edit(
            versie=versie,
            by=personas.members["coordinator"],
            expected_version=versie.version,
            visie="Eerste zin. Andere tweede zin.",
        )
    client = logged_in_client(coordinator)
    html = client.get(reverse("audit:history")).content.decode()
    assert "<details" in html and "handeling=" in html

    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        checker = PageChecker(context)
        try:
            for url in (reverse("audit:history"), reverse("audit:history") + "?type=kader.kaderversie&actie=update"):
                checker.page.goto(url)
                checker.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                assert checker.page.locator("ins, del").count() or "kaderversie" not in url
                checker.check_current(url)
            link = checker.page.goto(reverse("audit:history"))
            assert link is not None
            action = checker.page.locator("a[href*='handeling=']").first.get_attribute("href")
            checker.visit(reverse("audit:history") + str(action))
        finally:
            context.close()
    assert not checker.problems, "\n\n".join(checker.problems)
