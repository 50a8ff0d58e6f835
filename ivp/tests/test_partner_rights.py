"""What a ketenpartner can change in the veiligheidsplan: the progress of their own organisation's
actions, and nothing else — through any page or any API operation of the IVP.

The sweep finds its targets itself: every route of the ``ivp:`` namespace (``tests.routes``) and
every write operation of the IVP routers in the OpenAPI document, so routes and operations added
later are tried too. Each page is posted with a hostile form (every field name the IVP forms use)
and every POST form the page itself offers is submitted with filled-in values; each API write gets
a body with every property of its schema and the current ETag. Afterwards every row of every IVP
table of gemeente A (the history included) must be as before, except status, voortgang and
evaluatie of the action carried out by the partner's own organisation.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from api.schemas import api_name
from lib import tenancy
from tests import factories
from tests.routes import OBJECT_FOR, Route, all_routes, url_for
from tests.test_api_sweep import PARAM_FOR

from .programma_world import World, world_of

pytestmark = pytest.mark.django_db

# What the partner may change on the action of their own organisation (and what changes with it).
PROGRESS_COLUMNS = {"status", "voortgang", "evaluatie", "voortgang_op", "version", "updated_at"}
HOSTILE_TEXT = "Overgenomen door de ketenpartner"


@pytest.fixture
def world(personas: Any) -> World:
    factories.add_a_row_of_every_part(personas)  # the kader rows other sweeps' lookups expect
    return world_of(personas)


# --- what the sweep tries ---------------------------------------------------------------------


def ivp_routes() -> list[Route]:
    return [route for route in all_routes() if route.name.startswith("ivp:")]


def ivp_operation_ids() -> set[str]:
    """The operation ids of every operation of the IVP routers (ivp.api and its children)."""
    from ivp.api import router

    return {
        api_name(operation.view_func.__name__)
        for mount in router.build_routers("")
        for path_view in mount.template.path_operations.values()
        for operation in path_view.operations
    }


def ivp_writes(client: Client) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(method, path, operation, components) of every IVP write operation in the OpenAPI document."""
    document = client.get("/api/v1/openapi.json").json()
    base = urlsplit(document["servers"][0]["url"]).path.rstrip("/")
    ids = ivp_operation_ids()
    return [
        (method, base + path, operation, document["components"]["schemas"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"post", "put", "patch", "delete"} and operation.get("operationId") in ids
    ]


def variants(world: World, kwargs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The kwargs of a sweep, and the same pointing at the gemeente's own action instead of the partner's."""
    yield kwargs
    swapped = {k: world.gemeente.pk if v == world.own.pk else v for k, v in kwargs.items()}
    if swapped != kwargs:
        yield swapped


def known_ids(world: World) -> dict[str, Any]:
    """Ids of gemeente A's objects by the name an IVP form field or API property gives them."""
    with world.bound():
        doel = world.plan.doelstellingen.first()
    ids = {
        "plan": world.plan.pk,
        "programma": world.programma.pk,
        "thema": world.thema("4.2").pk,
        "organisatie": world.personas.partner_a.pk,
        "doelstelling": doel.pk if doel else None,
    }
    return {**ids, **{f"{name}_id": pk for name, pk in ids.items()}, **{f"{name}Id": pk for name, pk in ids.items()}}


def hostile_form(world: World) -> dict[str, Any]:
    """A form with every field name the IVP pages use, with values that would change something."""
    today = timezone.localdate().isoformat()
    values = {
        "actiepunt": HOSTILE_TEXT,
        "activiteit": HOSTILE_TEXT,
        "eigenaar": HOSTILE_TEXT,
        "partners": HOSTILE_TEXT,
        "naam": HOSTILE_TEXT,
        "wat": HOSTILE_TEXT,
        "visie": HOSTILE_TEXT,
        "verhaal": HOSTILE_TEXT,
        "evaluatie": HOSTILE_TEXT,
        "status": "afgerond",
        "voortgang": "100",
        "budget": "1000",
        "schaal": "bovenlokaal",
        "jaar": "2028",
        "waarde": "1",
        "vastgesteld_op": today,
        "vastgesteld_door": "De ketenpartner",
        "eind": today,
        "version": "1",
    }
    return {**values, **{name: str(pk) for name, pk in known_ids(world).items() if "_" not in name and pk}}


class PostForms(HTMLParser):
    """The POST forms of a page: their action and their fields filled in as a user would."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._form: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action", "").split("#")[0], self._form))
        elif self._form is None:
            return
        elif tag == "option" and self._select and a.get("value"):
            self._form[self._select] = a["value"]  # the last option with a value
        elif not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            filled = {"hidden": a.get("value", ""), "number": "100", "date": timezone.localdate().isoformat()}
            self._form[a["name"]] = filled.get(kind, "on" if kind in {"checkbox", "radio"} else HOSTILE_TEXT)
        elif tag == "textarea":
            self._form[a["name"]] = HOSTILE_TEXT
        elif tag == "select":
            self._select = a["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, url: str) -> list[tuple[str, dict[str, str]]]:
    """The POST forms of an IVP page that post to an IVP route (not, say, the logout button)."""
    parser = PostForms()
    parser.feed(html)
    return [(action or url, fields) for action, fields in parser.forms if resolve(action or url).namespace == "ivp"]


def full_body(schema: dict[str, Any], components: dict[str, Any], ids: dict[str, Any]) -> Any:
    """A value for every property of a schema (not only the required ones), with ids of gemeente A."""
    if "$ref" in schema:
        return full_body(components[schema["$ref"].rsplit("/", 1)[-1]], components, ids)
    if "anyOf" in schema:
        return full_body(next(s for s in schema["anyOf"] if s.get("type") != "null"), components, ids)
    if "enum" in schema:
        return schema["enum"][-1]
    if schema.get("type") == "object":
        return {
            name: str(ids[name]) if ids.get(name) else full_body(prop, components, ids)
            for name, prop in schema.get("properties", {}).items()
        }
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date":
        return timezone.localdate().isoformat()
    if schema.get("type") in {"integer", "number"}:
        return schema.get("maximum", schema.get("minimum", 1))
    return {"boolean": True, "array": []}.get(schema.get("type", ""), HOSTILE_TEXT)


# --- what may change --------------------------------------------------------------------------


def snapshot(world: World) -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every IVP table of gemeente A (history included), by primary key."""
    state = {}
    with tenancy.bound(gemeente=world.personas.gemeente_a.pk):
        for model in apps.get_app_config("ivp").get_models():
            fields = [f.attname for f in model._meta.concrete_fields]
            state[model._meta.label] = {row["pk"]: row for row in model._default_manager.values("pk", *fields)}
    return state


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs, as readable lines."""
    found = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label, {}), after.get(label, {})
        for pk in sorted(set(old) | set(new), key=str):
            if old.get(pk) != new.get(pk):
                columns = sorted(
                    k for k in {*old.get(pk, {}), *new.get(pk, {})} if old.get(pk, {}).get(k) != new.get(pk, {}).get(k)
                )
                found.append(f"{label} {pk}: {'added' if pk not in old else 'removed' if pk not in new else columns}")
    return found


def assert_only_own_progress_changed(world: World, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Nothing changed, except the progress of the partner's own action (and its history rows)."""
    unexpected = []
    for line in changes(before, after):
        own_row = line.startswith(f"ivp.Actie {world.own.pk}: [")
        if own_row and set(re.findall(r"'(\w+)'", line)) <= PROGRESS_COLUMNS:
            continue
        if line.startswith("ivp.ActieEvent ") and line.endswith(": added"):
            pk = int(line.split()[1].rstrip(":"))
            if after["ivp.ActieEvent"][pk]["pgh_obj_id"] == world.own.pk:
                continue
        unexpected.append(line)
    assert not unexpected, "the ketenpartner changed gemeente A's IVP data:\n" + "\n".join(unexpected)


# --- the sweeps -------------------------------------------------------------------------------


def test_the_sweep_finds_every_ivp_page_and_every_ivp_api_write(world: World) -> None:
    names = {route.name for route in ivp_routes()}
    assert {"ivp:programma", "ivp:actie", "ivp:actie_add", "ivp:programma_start", "ivp:monitoring"} <= names
    writes = {(method, path) for method, path, _op, _c in ivp_writes(Client())}
    assert ("patch", "/api/v1/acties/{actie_id}") in writes
    assert ("post", "/api/v1/uitvoeringsprogrammas/{programma_id}/vaststelling") in writes
    assert not any("kader-versies" in path or "leden" in path for _m, path in writes), "only the IVP's operations"


def ivp_urls(world: World) -> Iterator[tuple[str, str]]:
    """(route name, URL) of every IVP page, with its object as the sweeps choose it (tests.routes)."""
    for route in ivp_routes():
        if not route.params:
            yield route.name, route.url()
            continue
        if route.name not in OBJECT_FOR:
            url_for(route, world.personas, "ketenpartner")  # fails and says where to register the route
        for kwargs in variants(world, OBJECT_FOR[route.name](world.personas, "ketenpartner")):
            yield route.name, route.url(**kwargs)


def test_the_partner_changes_nothing_of_gemeente_a_through_any_ivp_page(world: World) -> None:
    client = world.client("ketenpartner")
    urls = list(ivp_urls(world))
    before = snapshot(world)
    hostile = hostile_form(world)
    for name, url in urls:
        page = client.get(url)
        assert page.status_code < 500, (name, page.status_code)
        html = page.content.decode() if page.get("Content-Type", "").startswith("text/html") else ""
        offered = forms_on(html, url)
        version = {key: value for _action, fields in offered for key, value in fields.items() if key == "version"}
        response = client.post(url, {**hostile, **version})
        assert response.status_code < 500, (name, response.status_code)
        for action, fields in offered:
            response = client.post(action, {**hostile, **fields})
            assert response.status_code < 500, (name, action, response.status_code)
    assert len(urls) > len(ivp_routes()), "the action pages are tried with both actions"
    after = snapshot(world)
    assert_only_own_progress_changed(world, before, after)
    # the sweep got past the forms: the progress form of the own action was offered and taken
    assert after["ivp.Actie"][world.own.pk]["evaluatie"] == HOSTILE_TEXT


def _etag_for(client: Client, url: str) -> str:
    """The current ETag of the resource at ``url``, or of the resource it belongs to (a transition)."""
    for candidate in (url, url.rsplit("/", 1)[0]):
        response = client.get(candidate)
        if response.status_code == 200 and response.get("ETag"):
            return str(response["ETag"])
    return '"geen-etag"'


def test_the_partner_changes_nothing_of_gemeente_a_through_any_ivp_api_write(world: World) -> None:
    token = factories.make_token(world.member("ketenpartner"))[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    ids = known_ids(world)
    for find in PARAM_FOR.values():  # objects a lookup makes on first use exist before the snapshot
        find(world.personas)
    before = snapshot(world)
    tried = []
    for method, path, operation, components in ivp_writes(client):
        params = re.findall(r"{(\w+)}", path)
        kwargs = {param: PARAM_FOR[param](world.personas) for param in params}
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        body = full_body(content["schema"], components, ids) if content else None
        for variant in variants(world, kwargs):
            url = path
            for param, value in variant.items():
                url = url.replace("{" + param + "}", str(value))
            headers: dict[str, Any] = {"HTTP_IF_MATCH": _etag_for(client, url)}
            if method == "delete":
                response = client.delete(url, **headers)
            else:
                response = getattr(client, method)(
                    url, json.dumps(body or {}), content_type="application/json", **headers
                )
            assert response.status_code < 500, (method, path, response.status_code, response.content[:300])
            tried.append((method, url, response.status_code))
    # the requests got past the ETag to the refusal: the whole own action, the gemeente's action
    assert ("patch", f"/api/v1/acties/{world.own.pk}", 403) in tried
    assert ("patch", f"/api/v1/acties/{world.gemeente.pk}", 403) in tried
    assert_only_own_progress_changed(world, before, snapshot(world))


# --- the one thing a partner may do -------------------------------------------------------------


def test_the_partner_may_update_the_progress_of_their_own_organisations_action(world: World) -> None:
    before = snapshot(world)
    page = world.client("ketenpartner")
    url = world.own.get_absolute_url()
    data = {"status": "lopend", "voortgang": "30", "evaluatie": "Gestart.", "version": world.own.version}
    assert page.post(url, data).status_code == 302
    token = factories.make_token(world.member("ketenpartner"))[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.patch(
        f"/api/v1/acties/{world.own.pk}",
        json.dumps({"voortgang": 60}),
        content_type="application/json",
        HTTP_IF_MATCH=f'"{world.own.pk}-{world.own.version + 1}"',
    )
    assert response.status_code == 200
    after = snapshot(world)
    assert_only_own_progress_changed(world, before, after)
    assert after["ivp.Actie"][world.own.pk]["voortgang"] == 60
    assert after["ivp.Actie"][world.own.pk]["evaluatie"] == "Gestart."


def test_the_same_partner_cannot_update_the_gemeentes_own_action(world: World) -> None:
    before = snapshot(world)
    url = world.gemeente.get_absolute_url()
    data = {"status": "lopend", "voortgang": "30", "evaluatie": "Gestart.", "version": world.gemeente.version}
    assert world.client("ketenpartner").post(url, data).status_code == 403
    token = factories.make_token(world.member("ketenpartner"))[1]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").patch(
        f"/api/v1/acties/{world.gemeente.pk}",
        json.dumps({"voortgang": 60}),
        content_type="application/json",
        HTTP_IF_MATCH=f'"{world.gemeente.pk}-{world.gemeente.version}"',
    )
    assert response.status_code == 403
    assert changes(before, snapshot(world)) == []


def test_the_check_sees_a_change_the_partner_should_not_make(world: World) -> None:
    """The comparison can fail: a change to another column of the own action, or to another row, is reported."""
    before = snapshot(world)
    with world.bound():
        from ivp.models import Actie

        Actie.objects.filter(pk=world.own.pk).update(actiepunt="Anders")
        Actie.objects.filter(pk=world.gemeente.pk).update(voortgang=5)
    with pytest.raises(AssertionError) as failure:
        assert_only_own_progress_changed(world, before, snapshot(world))
    assert "actiepunt" in str(failure.value) and str(world.gemeente.pk) in str(failure.value)
