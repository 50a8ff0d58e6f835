"""The programme, an exercise with its actions and the awareness year in a real browser, full of data and
with a bad filter: no axe violations (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from oefenen import services
from risicos.tests import world as risicos_world
from tests.browser import launch_browser
from tests.test_accessibility import PageChecker, browser_context, logged_in_client

from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_programme_an_exercise_and_the_awareness_year_have_no_axe_violations(
    personas: Any, live_server: Any
) -> None:
    from risicos.models import Risico

    risicos_world.risico_pk(personas)
    with world.bound(personas):
        risico = Risico.objects.get()
    done = world.uitgevoerd(personas, scenario=risico, deelnemers="Functioneel beheer", aantal_deelnemers=4)
    world.oefening(personas, gepland_op=timezone.localdate() - datetime.timedelta(days=2), titel="Te laat")
    with world.bound(personas):
        services.actie(
            by=personas.members["coordinator"],
            oefening=done,
            titel="Hersteltijd afspreken",
            resultaat="In het contract",
            eigenaar=personas.members["coordinator"],
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )
    world.vorig_jaar(personas)
    world.activiteit(personas, datum=datetime.date(timezone.localdate().year, 1, 1))
    client = logged_in_client(personas.user("coordinator"))
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        checker = PageChecker(context)
        try:
            checker.visit(reverse("oefenen:programma"))
            assert checker.page.get_by_text("(te laat)").count() >= 1
            checker.visit(reverse("oefenen:programma") + "?jaar=twintig&soort=x")
            assert checker.page.get_by_text("Vul een jaartal in").count() >= 1
            checker.visit(reverse("oefenen:oefening", args=[done.pk]))
            assert checker.page.get_by_text("Hersteltijd afspreken").count() == 1
            checker.visit(reverse("oefenen:bewustwording"))
            checker.page.get_by_role("button", name="beginnen met de afdelingen").click()
            checker.page.wait_for_load_state()
            checker.check_current("bewustwording na het beginnen van het jaar")
            assert checker.page.get_by_text("Nog niet iedereen: 0 %").count() == 1
            checker.visit(reverse("oefenen:bewustwording") + f"?jaar={timezone.localdate().year - 1}")
            assert checker.page.get_by_text("Iedereen deed mee", exact=False).count() == 0  # Sociaal Domein 20/25
        finally:
            context.close()
    assert not checker.problems, "\n".join(checker.problems)
