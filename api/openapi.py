"""Completing ninja's OpenAPI document so it meets the NL API Design Rules.

ninja describes the happy path of each operation. This module adds what every operation
shares: the ``API-Version`` header on every response, the problem+json error responses
the transport layer and the exception handlers can give, Dutch response descriptions and
the ``servers`` entry with the major version. Which errors an operation can give follows
from the operation itself (parameters, method, security, If-Match), so a new endpoint is
documented correctly without extra work. The Logius Spectral ruleset checks the result
(``api/tests/test_openapi_lint.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

SEMVER_PATTERN = r"^\d+\.\d+\.\d+$"
WRITE_METHODS = ("post", "put", "patch")
METHODS = ("get", "post", "put", "patch", "delete")

SUCCESS_DESCRIPTIONS = {
    200: "Gelukt.",
    201: "Aangemaakt.",
    204: "Gelukt, zonder inhoud.",
}

# Component name, description and status of each error response the API can give.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("OngeldigVerzoek", "Ongeldige invoer. Alle fouten staan samen in invalidParams."),
    401: ("NietGeauthenticeerd", "Geen, een onbekend, een verlopen of een ingetrokken API-token."),
    403: (
        "GeenToegang",
        "De rol van het token staat deze handeling niet toe, of het hoort bij een thema waarvan het lid geen "
        "eigenaar is.",
    ),
    404: ("NietGevonden", "De resource bestaat niet of valt buiten de gemeente van het token."),
    406: ("NietAcceptabel", "De Accept-header vraagt om een ander formaat dan JSON."),
    409: (
        "Conflict",
        "Niet mogelijk in deze toestand: de resource staat deze wijziging niet (meer) toe, zoals een "
        "vastgestelde versie. De detail noemt de toestand.",
    ),
    412: ("VersieVerouderd", "De ETag in If-Match hoort niet meer bij de actuele versie."),
    413: ("TeGroot", "De inhoud van het verzoek is groter dan toegestaan."),
    415: ("FormaatNietOndersteund", "De inhoud is niet als application/json gestuurd."),
    428: ("VersieOntbreekt", "De header If-Match ontbreekt."),
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Probleem",
    "description": "Foutmelding volgens RFC 9457 (problem details for HTTP APIs).",
    "required": ["status", "title", "detail"],
    "properties": {
        "status": {"type": "integer", "description": "De HTTP-statuscode.", "examples": [400]},
        "title": {
            "type": "string",
            "description": "Korte, vaste omschrijving van het soort fout.",
            "examples": ["Ongeldige invoer"],
        },
        "detail": {
            "type": "string",
            "description": "Uitleg voor dit geval, in het Nederlands.",
            "examples": ["Een of meer velden zijn ongeldig; zie invalidParams."],
        },
        "invalidParams": {
            "type": "array",
            "description": "Alle ongeldige velden tegelijk (alleen bij 400).",
            "items": {"$ref": "#/components/schemas/OngeldigeParameter"},
        },
    },
}

INVALID_PARAM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "OngeldigeParameter",
    "description": "Eén ongeldig veld en de reden.",
    "required": ["name", "code", "reason"],
    "properties": {
        "name": {"type": "string", "description": "Naam van het veld.", "examples": ["rol"]},
        "code": {"type": "string", "description": "Soort fout, voor programma's.", "examples": ["missing"]},
        "reason": {
            "type": "string",
            "description": "Uitleg voor mensen, in het Nederlands.",
            "examples": ["Dit veld is verplicht."],
        },
    },
}

VERSION_HEADER: dict[str, Any] = {
    "description": "Het volledige versienummer van de API (SemVer).",
    "required": True,
    "schema": {"type": "string", "pattern": SEMVER_PATTERN, "examples": [settings.API_VERSION]},
}

WWW_AUTHENTICATE_HEADER: dict[str, Any] = {
    "description": "Hoe de client zich moet authenticeren: Bearer.",
    "schema": {"type": "string", "examples": ['Bearer realm="kapstok"']},
}

VERSION_REF = {"$ref": "#/components/headers/API-Version"}


def _error_response(status: int) -> dict[str, Any]:
    headers: dict[str, Any] = {"API-Version": VERSION_REF}
    if status == 401:
        headers["WWW-Authenticate"] = {"$ref": "#/components/headers/WWW-Authenticate"}
    return {
        "description": ERRORS[status][1],
        "headers": headers,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleem"}}},
    }


def _has_header_param(operation: dict[str, Any], name: str) -> bool:
    return any(
        p.get("in") == "header" and p.get("name", "").lower() == name.lower() for p in operation.get("parameters", [])
    )


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer with, derived from what it accepts."""
    params = operation.get("parameters", [])
    statuses = {406}
    if params or method in WRITE_METHODS or method == "delete":
        statuses.add(400)
    if operation.get("security"):
        statuses.add(401)
    if method in WRITE_METHODS or method == "delete":
        statuses.update({403, 409})
    if any(p.get("in") == "path" for p in params):
        statuses.add(404)
    if method in WRITE_METHODS:
        statuses.update({413, 415})
    if _has_header_param(operation, "If-Match"):
        statuses.update({412, 428})
    return sorted(statuses)


def _complete_operation(method: str, operation: dict[str, Any]) -> None:
    for param in operation.get("parameters", []):
        param.get("schema", {}).pop("title", None)  # pydantic's English "Lid Id"; the description says it
    responses = operation.setdefault("responses", {})
    for status in error_statuses(method, operation):
        responses.setdefault(str(status), {"$ref": f"#/components/responses/{ERRORS[status][0]}"})
    for code, response in list(responses.items()):
        if "$ref" in response:
            continue
        for media in response.get("content", {}).values():
            media.get("schema", {}).pop("title", None)  # ninja's generic "Response"
        if response.get("description") in (None, "", "OK", "Unknown Status Code"):
            response["description"] = SUCCESS_DESCRIPTIONS.get(int(code), "Gelukt.")
        response["headers"] = {"API-Version": VERSION_REF, **response.get("headers", {})}
    operation["responses"] = {str(code): responses[code] for code in sorted(responses, key=int)}


def complete(schema: dict[str, Any], *, server_url: str) -> dict[str, Any]:
    """Add shared responses, headers and servers to ninja's document (in place)."""
    for path_item in schema.get("paths", {}).values():
        for method in METHODS:
            if method in path_item:
                _complete_operation(method, path_item[method])
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update({"Probleem": PROBLEM_SCHEMA, "OngeldigeParameter": INVALID_PARAM_SCHEMA})
    components["headers"] = {"API-Version": VERSION_HEADER, "WWW-Authenticate": WWW_AUTHENTICATE_HEADER}
    components["responses"] = {name: _error_response(status) for status, (name, _) in ERRORS.items()}
    for scheme in components.get("securitySchemes", {}).values():
        scheme.setdefault(
            "description",
            "Persoonlijk API-token (begint met kap_), aan te maken op de pagina API-tokens. "
            "Stuur het mee als Authorization: Bearer <token>.",
        )
    schema["servers"] = [{"url": server_url, "description": "Deze Kapstok-omgeving."}]
    return schema
