"""Each role gets exactly the access lib/permissions.py (DESIGN.md, "Who uses it") gives it.

One test per route: the route's object is made once, then every persona (and an anonymous
visitor) sends its request inside a savepoint that is rolled back, so a persona that may act
(a POST that deletes, say) leaves the object in place for the next one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from lib.permissions import allowed
from tests.routes import Route, swept_routes, url_for

ROUTES = swept_routes()
PERSONAS = ["coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor", "platform_admin"]


def _expected_allowed(route: Route, persona: str) -> bool:
    capability = route.capability
    assert capability is not None
    if capability == "public":
        return True
    if persona == "platform_admin":
        return allowed(capability, role=None, platform_admin=True)
    return allowed(capability, role=persona)


def _request(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 405:  # POST-only action
        response = client.post(url, {})
    return response


def _undone(personas: Any, persona: str | None, url: str) -> Any:
    """The response to ``persona`` (None: anonymous) opening ``url``; whatever it changed is rolled back."""
    with transaction.atomic():
        client = Client()
        if persona is not None:
            client.force_login(personas.user(persona))
        response = _request(client, url)
        transaction.set_rollback(True)
    cache.clear()  # a page part cached from the rolled-back state must not be served next
    return response


def _problem(route: Route, persona: str | None, response: Any) -> str | None:
    status = response.status_code
    if persona is None:
        if route.capability == "public":
            return None if status in (200, 302) else f"anonymous: {status}"
        if status != 302 or not response["Location"].startswith("/inloggen"):
            return f"anonymous: {status} {response.get('Location', '')}, not sent to the login page"
        return None
    if _expected_allowed(route, persona):
        if status not in (200, 302):
            return f"{persona}: {status}, expected 200 or 302"
        return _title_problem(persona, response)
    return None if status == 403 else f"{persona}: {status}, expected 403"


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _title_problem(persona: str, response: Any) -> str | None:
    """A page's <title> is plain text: markup there is shown to the user as tags (tab, history, screen reader)."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    found = TITLE.search(response.content.decode(errors="replace"))
    if found is None:
        return f"{persona}: the page has no <title>"
    return f"{persona}: its <title> holds markup" if "<" in found.group(1) else None


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_role_gets_exactly_its_access_and_anonymous_visitors_log_in_first(personas: Any, route: Route) -> None:
    # Every URL first (it may make the route's object), outside the savepoints that are rolled back.
    urls: dict[str | None, str] = {persona: url_for(route, personas, persona) for persona in PERSONAS}
    urls[None] = url_for(route, personas)
    problems = [_problem(route, persona, _undone(personas, persona, url)) for persona, url in urls.items()]
    found = [problem for problem in problems if problem]
    assert not found, f"{route.name}: " + "; ".join(found)


def test_the_sweep_reports_a_role_that_gets_what_it_may_not() -> None:
    """The check can fail: a 200 where the role has no right, and a page that lets an anonymous visitor in."""

    class Response:
        def __init__(self, status: int) -> None:
            self.status_code = status

        def __getitem__(self, key: str) -> str:
            return "/elders"

        def get(self, key: str, default: str = "") -> str:
            return "/elders"

    class Page(Response):
        def __init__(self, html: str) -> None:
            super().__init__(200)
            self.content = html.encode()

        def get(self, key: str, default: str = "") -> str:
            return "text/html; charset=utf-8" if key == "Content-Type" else default

    route = next(r for r in ROUTES if r.capability == "members.manage")
    assert _problem(route, "coordinator", Page("<title>Leden – Kapstok</title>")) is None
    assert _problem(route, "coordinator", Page("<title>Leden<section>…</section></title>")) == (
        "coordinator: its <title> holds markup"
    )
    assert _problem(route, "melder", Response(200)) == "melder: 200, expected 403"
    assert _problem(route, "coordinator", Response(200)) is None
    assert _problem(route, None, Response(200)) is not None
    assert _problem(route, None, Response(302)) is not None  # sent elsewhere, not to the login page
