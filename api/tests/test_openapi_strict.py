"""The OpenAPI document is as strict as the API: what it allows in a request, the API accepts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from api.schemas import TEXT_PATTERN

pytestmark = pytest.mark.django_db


def _bodies(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    bodies = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                name = content["schema"]["$ref"].rsplit("/", 1)[-1]
                bodies.append((f"{method.upper()} {path}", document["components"]["schemas"][name]))
    return bodies


def test_every_request_body_refuses_unknown_fields_and_bounds_every_text(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    bodies = _bodies(document)
    assert len(bodies) >= 15
    for operation, schema in bodies:
        assert schema["additionalProperties"] is False, operation
        for name, prop in schema["properties"].items():
            for option in (prop, *prop.get("anyOf", ()), prop.get("items", {})):
                if (
                    option.get("type") != "string"
                    or "enum" in option
                    or "const" in option
                    or option.get("format") in {"uuid", "date", "time"}
                ):
                    continue
                assert "maxLength" in option, (operation, name)
                assert option.get("format") == "uri" or option.get("pattern") == TEXT_PATTERN, (operation, name)


def test_a_field_that_is_never_empty_is_not_documented_as_nullable(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("DeelplanWijziging", "WetOfNormWijziging", "DoelWijziging", "UitgangspuntWijziging"):
        for field in ("thema", "titel", "naam", "groep", "tekst", "status"):
            prop = schemas[name]["properties"].get(field)
            if prop is not None:
                assert {"type": "null"} not in prop.get("anyOf", []), (name, field)
