"""Fuzzing every operation of the API against its own OpenAPI document (schemathesis, in process).

For each operation schemathesis sends the examples of the document and a bounded number of
generated requests, valid and invalid, as the coördinator of gemeente A, and checks that the
API never answers with a server error and that every answer (status, media type, body, headers)
is one the document promises. The seed is fixed, so a run is reproducible; the bounds (CONFIG)
keep it at about five minutes of one core on a 2-core machine, in two tests of about equal cost
(docs/api/README.md).

Two things are not left to chance, so that the requests get past the door and reach the
services: an id in the path that is a valid UUID is replaced by the id of an object of gemeente
A (of that kind), and If-Match is the current ETag of the resource, so that writes reach the
services (the ETag rules themselves have their own tests in tests/test_if_match.py). Objects change as the requests go: a version may be submitted, rows
deleted, which is what a client can do too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Per operation: the examples of the document, the coverage phase (boundaries of every schema:
# lengths, enums, missing and unknown fields, other methods and media types; about 1500 requests
# in all, independent of max-examples) and max-examples generated requests, valid and invalid.
# No stateful phase: chaining operations would cost far more.
CONFIG = SchemathesisConfig.from_str(
    """
seed = 20261202

[generation]
mode = "all"
max-examples = 8

[phases.examples]
enabled = true

[phases.fuzzing]
enabled = true

[phases.coverage]
enabled = true

[phases.stateful]
enabled = false
"""
)


def _first(model: str) -> Callable[[Any], Any]:
    def pick(p: Any) -> Any:
        with tenancy.bound(gemeente=p.gemeente_a.pk):
            rows = apps.get_model("kader", model).objects.filter(versie=p.kader_of())
            return rows.values_list("pk", flat=True).first()

    return pick


# path parameter -> the object of gemeente A to put there
OBJECT_FOR: dict[str, Callable[[Any], Any]] = {
    "gemeente_id": lambda p: p.gemeente_a.pk,
    "lid_id": lambda p: p.members["melder"].pk,
    "versie_id": lambda p: p.kader_of().pk,
    "mensgroep_id": _first("Mensgroep"),
    "deelplan_id": _first("Deelplan"),
    "wet_id": _first("WetOfNorm"),
    "fase_id": _first("PdcaFase"),
    "verantwoordelijkheid_id": _first("Verantwoordelijkheid"),
    "doel_id": _first("Doel"),
    "uitgangspunt_id": _first("Uitgangspunt"),
    "activiteit_id": _first("StapActiviteit"),
    # ivp: analyse
    "indicator_id": objects_analyse.indicator,
    "meting_id": objects_analyse.meting,
    "politiecode_koppeling_id": objects_analyse.koppeling,
    # ivp: import
    "import_id": objects_import.an_import,
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
    # bijeenkomsten: gemeente A's open session with a participant and a remark
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
    # incidenten and acties: the coördinator's own report, a data breach linked to a risk, an own action
    "melding_id": lambda p: incidenten_world.melding(p, "coordinator").pk,
    "incident_id": incidenten_world.linked_incident_pk,
    "verbeteractie_id": lambda p: acties_world.actie_pk(p, "coordinator"),
    # pdca: the done internal audit of gemeente A and its finding
    "pdca_activiteit_id": pdca_world.audit_pk,
    "pdca_bevinding_id": pdca_world.bevinding_pk,
    # oefenen: an exercise, an awareness activity and an afdeling's participation of gemeente A
    "oefening_id": lambda p: oefenen_world.oefening(p).pk,
    "bewustwordingsactiviteit_id": lambda p: oefenen_world.activiteit(p).pk,
    "deelname_id": lambda p: oefenen_world.deelname(p).pk,
    # quickscan: the concept of gemeente A (started from its completed scan), a level and an aspect's question
    "quickscan_id": quickscan_world.concept_pk,
    "volwassenheidsniveau_id": quickscan_world.niveau_pk,
    "managementaspect_id": quickscan_world.aspect_pk,
}


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    """Gemeente A with a kader that has a row of every part, and its coördinator's token."""
    factories.add_a_row_of_every_part(personas)
    by = personas.members["coordinator"]
    ids = {name: str(pick(personas)) for name, pick in OBJECT_FOR.items()}
    return {"ids": ids, "token": factories.make_token(by)[1]}


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    # A raw WSGI call ends with request_finished -> close_old_connections, which would close the
    # connection that holds the test's transaction (Django's test client avoids this itself).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# The operations in two halves of about equal cost, so that the two pytest-xdist workers can each
# take one instead of one worker running them all while the other waits at the end of the run.
FIRST_HALF = r"^/(kader-versies|risicos|maatregelen|acties|bijeenkomsten|veiligheidsplannen)(/|$)"
HYPOTHESIS = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)


@schema.include(path_regex=FIRST_HALF).parametrize()
@HYPOTHESIS
def test_every_answer_of_the_api_is_one_its_document_promises(case: Any, world: dict[str, Any]) -> None:
    _call_and_validate(case, world)


@schema.exclude(path_regex=FIRST_HALF).parametrize()
@HYPOTHESIS
def test_every_answer_of_the_rest_of_the_api_is_one_its_document_promises(case: Any, world: dict[str, Any]) -> None:
    _call_and_validate(case, world)


def _call_and_validate(case: Any, world: dict[str, Any]) -> None:
    for name, value in (case.path_parameters or {}).items():
        if _is_uuid(value):
            case.path_parameters[name] = world["ids"][name]
    headers = {"Authorization": f"Bearer {world['token']}"}
    if case.headers and "If-Match" in case.headers:
        headers["If-Match"] = _current_etag(case.formatted_path, headers)
    case.call_and_validate(headers=headers, checks=CHECKS)


def _current_etag(path: str, headers: dict[str, str]) -> str:
    """The ETag of the resource a write changes: the path itself (PATCH, DELETE) or, for a step
    such as ``.../opening``, the resource above it; so the write reaches the service."""
    client = Client(HTTP_AUTHORIZATION=headers["Authorization"])
    try:
        for candidate in (path, path.rsplit("/", 1)[0]):
            response = client.get(f"/api/v1{candidate}")
            if response.status_code == 200 and response.has_header("ETag"):
                return str(response["ETag"])
        return "*"
    finally:
        # The test client connects close_old_connections again after its request (see api_schema).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
