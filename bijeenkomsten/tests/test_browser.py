"""The participant's phone and the facilitator's projector in a real browser: no axe violations
(WCAG 2.2 AA) for every kind of question, and nothing wider than a 320-pixel screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bijeenkomsten.models import Soort
from bijeenkomsten.views_deelnemer import COOKIE
from tests.browser import launch_browser
from tests.test_accessibility import PageChecker, browser_context, logged_in_client
from tests.test_table_reflow import MEASURE, NARROW

from .world import sessie_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_participant_and_presenter_pages_have_no_axe_violations_and_fit_320_pixels(
    personas: Any, live_server: Any
) -> None:
    sessie = sessie_of(personas)
    participant = sessie.join("Ans")
    secret = participant.cookies[COOKIE].value
    coordinator = logged_in_client(personas.user("coordinator"))
    problems: list[str] = []

    def visit(client: Client, urls: list[str], *, with_secret: bool = False, expect: str = "") -> None:
        # The database work of each state happens before the browser starts (see ivp's browser tests).
        with launch_browser() as browser:
            context = browser_context(browser, client, live_server.url)
            if with_secret:
                context.add_cookies([{"name": COOKIE, "value": secret, "url": live_server.url + "/doe-mee/"}])
            checker = PageChecker(context)
            try:
                for url in urls:
                    for narrow in (False, True):
                        if narrow:
                            checker.page.set_viewport_size(NARROW)
                        checker.visit(url)
                        assert expect in checker.page.content(), f"{url}: {expect!r} not shown"
                        if narrow:
                            problems.extend(f"{url}: {p}" for p in checker.page.evaluate(MEASURE))
            finally:
                context.close()
            problems.extend(checker.problems)

    visit(Client(), [reverse("bijeenkomsten:meedoen"), sessie.url()])  # the code, then joining
    visit(Client(), [sessie.url()], with_secret=True, expect="Wachten op de volgende vraag")
    for soort in (Soort.SCHAAL, Soort.PUNTEN, Soort.RANGORDE, Soort.MATRIX, Soort.OPEN):
        sessie.open(soort)
        if soort == Soort.OPEN:
            participant.post(sessie.url("inbreng_add", pk=sessie.vragen[soort].pk), {"tekst": "Meer licht in het park"})
            sessie.join().post(sessie.url("inbreng_add", pk=sessie.vragen[soort].pk), {"tekst": "Buurtpreventie"})
        visit(Client(), [sessie.url()], with_secret=True, expect=sessie.vragen[soort].tekst)
    pk = sessie.bijeenkomst.pk
    visit(
        coordinator,
        [reverse(f"bijeenkomsten:{name}", kwargs={"pk": pk}) for name in ("detail", "presentatie", "resultaten")],
    )
    sessie.close()
    visit(Client(), [sessie.url()], with_secret=True, expect="Deze bijeenkomst is gesloten")
    visit(
        coordinator,
        [reverse("ivp:prioriteiten", kwargs={"pk": sessie.bijeenkomst.plan_id})],
        expect="Uit bijeenkomsten",
    )
    assert not problems, "\n\n".join(problems)
