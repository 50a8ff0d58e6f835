"""The PDCA pages in a real browser: the calendar with the kader's description and a late activity, planning
a year, an activity with findings and an action, Act and its confirmation, and the kader's overview with the
findings it took up — no axe violations (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kader import services as kader_services
from kader.models import PdcaFase
from pdca import services
from tests.browser import launch_browser
from tests.test_accessibility import PageChecker, browser_context, logged_in_client

from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world(personas: Any) -> tuple[Any, Any]:
    versie = personas.kader_of()
    coordinator = personas.members["coordinator"]
    with world.bound(personas):
        fase = PdcaFase.objects.get(versie=versie, fase="check")
        kader_services.edit_part(
            by=coordinator, obj=fase, expected_version=fase.version, wat="Jaarlijks een interne audit.", wanneer="Q3"
        )
    world.activiteit(
        personas,
        titel="Te late evaluatie",
        fase="check",
        soort="evaluatie",
        gepland_op=timezone.localdate() - datetime.timedelta(days=3),
    )
    taken, waiting = world.bevinding(personas, tekst="Opgenomen bevinding"), world.bevinding(personas)
    with world.bound(personas):
        services.neem_op(by=coordinator, ids=[taken.pk])
    return taken, waiting


def test_the_pdca_pages_have_no_axe_violations(personas: Any, live_server: Any) -> None:
    taken, waiting = _world(personas)
    client = logged_in_client(personas.user("coordinator"))
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        checker = PageChecker(context)
        try:
            checker.visit(reverse("pdca:kalender"))
            assert checker.page.get_by_text("(te laat)").count() >= 1
            checker.visit(reverse("pdca:plannen") + f"?jaar={timezone.localdate().year + 1}")
            checker.visit(reverse("pdca:activiteit", args=[taken.activiteit_id]))
            checker.visit(reverse("pdca:bevinding", args=[taken.pk]))  # taken up: read only
            checker.visit(reverse("pdca:act"))
            checker.page.locator(f"#kies-{waiting.pk}").check()
            checker.page.get_by_role("button", name="Neem op in de volgende versie van het kader").click()
            checker.page.wait_for_load_state()
            checker.check_current("opnemen (bevestigen)")
            assert checker.page.get_by_text("Ja, neem op in het kader").count() == 1
            checker.visit(reverse("kader:overview"))
            assert checker.page.get_by_text("Opgenomen voor deze versie").count() == 1
        finally:
            context.close()
    assert not checker.problems, "\n".join(checker.problems)
