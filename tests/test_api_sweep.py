"""Every API operation, tried by gemeente B's token on gemeente A's objects: 404, never data."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client

from acties.tests import world as acties_world
from bijeenkomsten.tests import world as bijeenkomsten_world
from incidenten.tests import world as incidenten_world
from ivp.tests import objects_analyse, objects_import, objects_themas, programma_world
from lib import tenancy
from oefenen.tests import world as oefenen_world
from pdca.tests import world as pdca_world
from quickscan.tests import world as quickscan_world
from risicos.tests import world as risicos_world
from tests import factories
from tests.test_isolation_sweep import secrets_of_a, snapshot_of


def _kader_part(model: str) -> Callable[[Any], Any]:
    """The first row of a part of gemeente A's kader (made by ``_kader_of_a`` before the sweep)."""

    def pick(p: Any) -> Any:
        with tenancy.bound(gemeente=p.gemeente_a.pk):
            rows = apps.get_model("kader", model).objects.filter(versie=p.kader_of())
            return rows.values_list("pk", flat=True).first()

    return pick


def _made_for_api(p: Any) -> dict[str, Any]:
    """Gemeente A's report of the melder, a data breach linked to a risk, and an action (made once)."""
    if not p.made_for_api:
        p.made_for_api = {
            "melding": incidenten_world.melding(p).pk,
            "incident": incidenten_world.linked_incident_pk(p),
            "actie": acties_world.actie_pk(p),
            # oefenen: an exercise, an awareness activity and an afdeling's participation
            "oefening": oefenen_world.oefening(p).pk,
            "activiteit": oefenen_world.activiteit(p).pk,
            "deelname": oefenen_world.deelname(p).pk,
            # pdca: the done internal audit and its finding
            "pdca_activiteit": pdca_world.audit_pk(p),
            "pdca_bevinding": pdca_world.bevinding_pk(p),
            # quickscan: the concept (and the completed scan it started from), a level and an aspect's question
            "quickscan": quickscan_world.concept_pk(p),
            "volwassenheidsniveau": quickscan_world.niveau_pk(p),
            "managementaspect": quickscan_world.aspect_pk(p),
        }
    return dict(p.made_for_api)


# path parameter -> the object of gemeente A to fill it with
PARAM_FOR: dict[str, Any] = {
    "gemeente_id": lambda p: p.gemeente_a.pk,
    "lid_id": lambda p: p.members["melder"].pk,
    "versie_id": lambda p: p.kader_of().pk,
    "mensgroep_id": _kader_part("Mensgroep"),
    "deelplan_id": _kader_part("Deelplan"),
    "wet_id": _kader_part("WetOfNorm"),
    "fase_id": _kader_part("PdcaFase"),
    "verantwoordelijkheid_id": _kader_part("Verantwoordelijkheid"),
    "doel_id": _kader_part("Doel"),
    "uitgangspunt_id": _kader_part("Uitgangspunt"),
    "activiteit_id": _kader_part("StapActiviteit"),
    # ivp: analyse
    "indicator_id": objects_analyse.indicator,
    "meting_id": objects_analyse.meting,
    "politiecode_koppeling_id": objects_analyse.koppeling,
    "jaar": objects_analyse.jaar,
    # ivp: import
    "import_id": objects_import.an_import,
    # ivp: plan
    "stap": lambda p: "evaluatie_informatie",
    # ivp: themas
    "veld_id": objects_themas.veld,
    "thema_id": objects_themas.thema,
    "koppeling_id": objects_themas.koppeling,
    "plan_id": objects_themas.plan,
    "prioritering_id": objects_themas.prioritering,
    "doelstelling_id": objects_themas.doelstelling,
    # ivp: programma (gemeente A's 2027 programme and the action of the ketenpartner's organisation)
    "programma_id": programma_world.programma_pk,
    "actie_id": programma_world.actie_pk,
    # bijeenkomsten: gemeente A's open session with a remark
    "bijeenkomst_id": bijeenkomsten_world.bijeenkomst_pk,
    "vraag_id": bijeenkomsten_world.vraag_pk,
    # risicos: gemeente A's register with an asset, a risk, a measure, an acceptance, a check and a conflict
    "bedrijfsmiddel_id": risicos_world.bedrijfsmiddel_pk,
    "dreiging_id": risicos_world.dreiging_pk,
    "matrix_id": risicos_world.matrix_pk,
    "risico_id": risicos_world.risico_pk,
    "acceptatie_id": risicos_world.acceptatie_pk,
    "maatregel_id": risicos_world.maatregel_pk,
    "toets_id": risicos_world.toets_pk,
    "tegenstrijdigheid_id": risicos_world.tegenstrijdigheid_pk,
    # incidenten and acties: made by _kader_of_a (a report of the melder, a data breach, an action)
    "melding_id": lambda p: _made_for_api(p)["melding"],
    "incident_id": lambda p: _made_for_api(p)["incident"],
    "verbeteractie_id": lambda p: _made_for_api(p)["actie"],
    # pdca: made by _kader_of_a (the done internal audit and its finding)
    "pdca_activiteit_id": lambda p: _made_for_api(p)["pdca_activiteit"],
    "pdca_bevinding_id": lambda p: _made_for_api(p)["pdca_bevinding"],
    # oefenen: made by _kader_of_a
    "oefening_id": lambda p: _made_for_api(p)["oefening"],
    "bewustwordingsactiviteit_id": lambda p: _made_for_api(p)["activiteit"],
    "deelname_id": lambda p: _made_for_api(p)["deelname"],
    # quickscan: made by _kader_of_a
    "quickscan_id": lambda p: _made_for_api(p)["quickscan"],
    "volwassenheidsniveau_id": lambda p: _made_for_api(p)["volwassenheidsniveau"],
    "managementaspect_id": lambda p: _made_for_api(p)["managementaspect"],
}


@pytest.fixture(autouse=True)
def _kader_of_a(request: Any) -> None:
    """Gemeente A's kader with a row of every part (and a plan file) and its veiligheidsplan, made
    before a sweep snapshots gemeente A, so that PARAM_FOR only looks objects up."""
    if "personas" not in request.fixturenames:
        return
    p = request.getfixturevalue("personas")
    factories.add_a_row_of_every_part(p)
    # ivp: analyse (gemeente A's plan with its indicators and figures)
    objects_analyse.meting(p)
    # ivp: import (a previewed file, nothing stored)
    objects_import.an_import(p)
    # ivp: themas (gemeente A's plan, and a theme of veld 5 linked to the kader)
    objects_themas.koppeling(p)
    # bijeenkomsten: an open session with a participant and a remark
    bijeenkomsten_world.bijeenkomst_pk(p)
    # risicos: the register with every kind of object the API has a path for
    risicos_world.tegenstrijdigheid_pk(p)
    # incidenten: a report of the melder and a data breach linked to a risk; acties: an action
    _made_for_api(p)


@pytest.fixture(autouse=True)
def _ivp_of_a(request: Any) -> None:
    """Gemeente A's veiligheidsplan (tests/factories.add_ivp), made before a sweep snapshots gemeente A."""
    if "personas" in request.fixturenames:
        request.getfixturevalue("personas").ivp_of()


# Operations that need no token, with the reason.
PUBLIC = {("get", "/api/v1/openapi.json"): "the OpenAPI document is public (API Design Rules)"}


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A small valid value for a schema of the OpenAPI document (required properties only), so
    that a write reaches the object lookup instead of stopping at body validation."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "anyOf" in schema:
        return _example(next(s for s in schema["anyOf"] if s.get("type") != "null"), components)
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "object":
        return {name: _example(schema["properties"][name], components) for name in schema.get("required", [])}
    examples = {
        "boolean": True,
        "integer": 1,
        "number": 1,
        "array": [],
        "date": "2020-01-01",
        "uuid": str(uuid.uuid4()),
    }
    return examples.get(schema.get("format", ""), examples.get(schema.get("type", ""), "x"))


# (method, path) -> a valid request body for the operation (filled by _operations)
BODIES: dict[tuple[str, str], Any] = {}


def _operations() -> list[tuple[str, str]]:
    client = Client()
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    base = urlsplit(schema.get("servers", [{"url": ""}])[0]["url"]).path.rstrip("/")
    ops = []
    for path, item in schema["paths"].items():
        full = path if path.startswith("/api/") else base + path
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.append((method, full))
                body = item[method].get("requestBody", {}).get("content", {}).get("application/json")
                components = schema["components"]["schemas"]
                BODIES[(method, full)] = _example(body["schema"], components) if body else {}
    return ops


@pytest.fixture
def operations(db: Any) -> list[tuple[str, str]]:
    return _operations()


def test_every_parameter_of_every_operation_is_known_to_the_sweep(operations: list[tuple[str, str]]) -> None:
    assert operations, "the API has operations"
    for _method, path in operations:
        for param in re.findall(r"{(\w+)}", path):
            assert param in PARAM_FOR, f"{path}: add {param!r} to PARAM_FOR in tests/test_api_sweep.py"


@pytest.mark.django_db
def test_a_token_of_gemeente_b_gets_nothing_of_gemeente_a(personas: Any, operations: list[tuple[str, str]]) -> None:
    _token, raw = factories.make_token(personas.coordinator_b)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = snapshot_of(personas.gemeente_a)
    for method, path in operations:
        params = re.findall(r"{(\w+)}", path)
        url = path
        for param in params:
            url = url.replace("{" + param + "}", str(PARAM_FOR[param](personas)))
        kwargs: dict[str, Any] = {}
        if method in {"post", "put", "patch"}:
            kwargs = {
                "data": json.dumps(BODIES[(method, path)]),
                "content_type": "application/json",
                "HTTP_IF_MATCH": "*",
            }
        response = getattr(client, method)(url, **kwargs)
        if params:
            assert response.status_code in (403, 404), (method, path, response.status_code)
        else:
            assert response.status_code < 500, (method, path, response.status_code)
        body = response.content.decode(errors="replace")
        for secret in secrets_of_a(personas):
            assert secret not in body, f"{method.upper()} {path} leaked {secret!r}"
    assert snapshot_of(personas.gemeente_a) == before


@pytest.mark.django_db
def test_every_operation_but_the_public_ones_needs_a_token(personas: Any, operations: list[tuple[str, str]]) -> None:
    client = Client()
    for method, path in operations:
        url = path
        for param in re.findall(r"{(\w+)}", path):
            url = url.replace("{" + param + "}", str(PARAM_FOR[param](personas)))
        json_body = {"content_type": "application/json"} if method in {"post", "put", "patch"} else {}
        response = getattr(client, method)(url, **json_body)  # JSON, so the transport checks pass
        if (method, path) in PUBLIC:
            assert response.status_code == 200
        else:
            assert response.status_code == 401, (method, path, response.status_code)
