"""Each role gets exactly the access lib/permissions.py (DESIGN.md, "Who uses it") gives it."""

from __future__ import annotations

from typing import Any

import pytest
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


def _request(client: Client, route: Route, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 405:  # POST-only action
        response = client.post(url, {})
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_role_gets_exactly_its_access(personas: Any, route: Route, persona: str) -> None:
    client = Client()
    client.force_login(personas.user(persona))
    response = _request(client, route, url_for(route, personas, persona))
    if _expected_allowed(route, persona):
        assert response.status_code in (200, 302), (route.name, persona, response.status_code)
    else:
        assert response.status_code == 403, (route.name, persona, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_anonymous_visitors_are_sent_to_the_login_page(personas: Any, route: Route) -> None:
    response = _request(Client(), route, url_for(route, personas))
    if route.capability == "public":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 302, (route.name, response.status_code)
        assert response["Location"].startswith("/inloggen"), response["Location"]
