"""Wall 1 and 2 together: a user of gemeente B gets nothing of gemeente A through any page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit.models import Handeling
from lib import tenancy
from lib.tenancy import gemeente_models
from tests.routes import (
    CODE_ROUTES,
    OBJECT_FOR,
    PARTICIPANT_MODELS,
    Route,
    all_routes,
    is_exempt,
    swept_routes,
    url_for,
)

ROUTES = swept_routes()


def test_every_route_is_swept_or_exempt_with_a_reason() -> None:
    for route in all_routes():
        if is_exempt(route):
            continue
        assert route.capability is not None, f"{route.name} declares no capability (@requires/@public)"
        if route.params:
            assert route.name in OBJECT_FOR, f"{route.name} takes {route.params} but is not in OBJECT_FOR"


def snapshot_of(gemeente: Any) -> dict[str, list[str]]:
    """Every row of every gemeente table that belongs to ``gemeente`` (history included)."""
    state = {}
    with tenancy.bound(gemeente=gemeente.pk):
        for model in gemeente_models():
            fields = [f.attname for f in model._meta.concrete_fields]
            state[model._meta.label] = sorted(map(repr, model._default_manager.values_list(*fields)))
    return state


PARTICIPANT_EVENTS = frozenset(f"{m}Event" for m in PARTICIPANT_MODELS)


def _other_actions(personas: Any) -> list[str]:
    """Gemeente A's actions in the history beyond what participants wrote (their own history)."""
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        rows = Handeling.objects.exclude(modellen__contained_by=sorted(PARTICIPANT_EVENTS))
        return sorted(map(repr, rows.values_list(*[f.attname for f in Handeling._meta.concrete_fields])))


def secrets_of_a(personas: Any) -> list[str]:
    return [
        personas.gemeente_a.name,
        "aastad.example",
        personas.partner_a.name,
        str(personas.members["melder"].pk),
        str(personas.invitation_a.pk),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_a_coordinator_of_gemeente_b_gets_nothing_of_gemeente_a(personas: Any, route: Route) -> None:
    client = Client()
    client.force_login(personas.user("coordinator_b"))
    url = url_for(route, personas)  # may create the object first
    before = snapshot_of(personas.gemeente_a)
    other_actions_before = _other_actions(personas)
    responses = [
        client.get(url),
        client.get(url, HTTP_HX_REQUEST="true"),
        client.post(url, {"name": "Overname", "role": "coordinator", "version": 1, "email": "x@y.example"}),
    ]
    for response in responses:
        if route.name in CODE_ROUTES:  # the code is the key: anyone holding it may take part
            assert response.status_code < 500, (route.name, response.status_code)
        elif route.params:
            assert response.status_code in (403, 404, 405), (route.name, response.status_code)
        else:
            assert response.status_code < 500, (route.name, response.status_code)
        body = response.content.decode(errors="replace")
        for secret in secrets_of_a(personas):
            assert secret not in body, f"{route.name} leaked {secret!r}"
    after = snapshot_of(personas.gemeente_a)
    if route.name in CODE_ROUTES:
        for label in PARTICIPANT_MODELS | PARTICIPANT_EVENTS:
            before.pop(label, None), after.pop(label, None)
        # the participant's own actions in the history (audit.Handeling); any other action stays as it was
        before["audit.Handeling"], after["audit.Handeling"] = other_actions_before, _other_actions(personas)
    assert after == before, f"{route.name} changed gemeente A's data"
