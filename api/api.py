"""The Kapstok REST API at /api/v1, shaped by the NL API Design Rules."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import TokenAuth
from .problems import problem_response

api = NinjaAPI(
    title="Kapstok API",
    version=settings.API_VERSION,
    description=(
        "De API van Kapstok: integrale beveiliging en integraal veiligheidsbeleid van een "
        "gemeente. Authenticatie met een persoonlijk API-token (Authorization: Bearer ...). "
        "Elk token hoort bij één lidmaatschap en ziet alleen de gegevens van die gemeente."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_extra={
        "info": {
            "contact": {
                "name": "Kapstok",
                "url": "https://kapstok.example.org",
                "email": "beheer@kapstok.example.org",
            },
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
    },
)


def _loc(loc: Any) -> str:
    parts = [str(p) for p in (loc or []) if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


_MESSAGES = {
    "missing": "Dit veld is verplicht.",
    "extra_forbidden": "Onbekend veld.",
    "string_type": "Geef een tekst.",
    "int_parsing": "Geef een geheel getal.",
    "uuid_parsing": "Geef een geldige UUID.",
    "enum": "Kies een van de toegestane waarden.",
    "literal_error": "Kies een van de toegestane waarden.",
    "list_type": "Geef een lijst.",
    "json_invalid": "De inhoud is geen geldige JSON.",
    "model_attributes_type": "Geef een JSON-object.",
    "dict_type": "Geef een JSON-object.",
}


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    params = [
        {
            "name": _loc(error.get("loc")),
            "code": error.get("type", "invalid"),
            "reason": _MESSAGES.get(error.get("type", ""), "Ongeldige waarde."),
        }
        for error in exc.errors
    ]
    return problem_response(
        400,
        "Ongeldige invoer",
        "Een of meer velden zijn ongeldig; zie invalidParams.",
        invalid_params=params,
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        params = [
            {"name": field, "code": "invalid", "reason": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    else:
        params = [{"name": "body", "code": "invalid", "reason": str(m)} for m in exc.messages]
    return problem_response(
        400, "Ongeldige invoer", "De wijziging is niet toegestaan; zie invalidParams.", invalid_params=params
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(
        401,
        "Niet geauthenticeerd",
        "Geef een geldig persoonlijk API-token mee: Authorization: Bearer <token>.",
    )
    response["WWW-Authenticate"] = 'Bearer realm="kapstok"'
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(403, "Geen toegang", str(exc) or "Uw rol staat deze handeling niet toe.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, "Niet gevonden", "Deze resource bestaat niet.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    titles = {
        400: "Ongeldig verzoek",
        412: "Versie verouderd",
        413: "Verzoek te groot",
        428: "Versie ontbreekt",
    }
    detail = str(exc.message) if hasattr(exc, "message") else str(exc)
    if exc.status_code == 400 and "parse" in detail.lower():
        detail = "De inhoud is geen geldige JSON."
    return problem_response(exc.status_code, titles.get(exc.status_code, "Fout"), detail)


from organisations import api as organisations_api  # noqa: E402

api.add_router("", organisations_api.router)
