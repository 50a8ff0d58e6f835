"""The base of the Kapstok REST API at /api/v1, shaped by the NL API Design Rules.

:class:`KapstokAPI` knows the rules every operation shares (problem details, operation ids, the
OpenAPI document). The instance, with its token authentication and the routers of the apps, is
made in ``config.api``: this package serves every app and imports none of them.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lib.concurrency import StaleVersionError
from lib.errors import StateConflict
from lib.problems import problem_response

from . import openapi
from .concurrency import STALE_DETAIL
from .kept import keep_answer
from .schemas import FORBIDDEN_CHARACTER_MESSAGE, FORBIDDEN_CHARACTER_TYPE, api_name


class KapstokAPI(NinjaAPI):
    """NinjaAPI whose errors and OpenAPI document follow the NL API Design Rules.

    Every error is ``application/problem+json`` with a Dutch detail. Paths in the document are
    relative to ``servers[0].url`` (which ends in ``/api/v1``), so ninja's full paths are
    generated with an empty prefix. The document is public (``/openapi.json``) and computed
    once per process and host.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(docs_url=None, openapi_url=None, **kwargs)
        self._documents: dict[str, bytes] = {}
        for exception, handler in EXCEPTION_HANDLERS:
            self.add_exception_handler(exception, handler)

        def openapi_document(request: HttpRequest) -> HttpResponse:
            """The OpenAPI document: public, without a token (CORS header: ApiHeadersMiddleware)."""
            return self.openapi_response(request)

        meta = Router()
        meta.add_api_operation("/openapi.json", ["GET"], openapi_document, auth=None, include_in_schema=False)
        self.add_router("", meta)

    def get_openapi_operation_id(self, operation: Any) -> str:
        return api_name(operation.view_func.__name__)  # no module names: hide the implementation

    def base_path(self) -> str:
        return self.get_root_path({}).rstrip("/")

    def server_url(self, request: HttpRequest | None = None) -> str:
        """``API_BASE_URL`` if configured, else this host over https (the API is only offered over TLS)."""
        configured: str = settings.API_BASE_URL
        if configured:
            return configured.rstrip("/")
        host = request.get_host() if request is not None else "localhost"
        return f"https://{host}{self.base_path()}"

    def contact(self, server_url: str) -> dict[str, str]:
        site = server_url.removesuffix(self.base_path()) + "/"
        return {
            "name": settings.API_CONTACT_NAME,
            "email": settings.API_CONTACT_EMAIL,
            "url": settings.API_CONTACT_URL or site,
        }

    def get_openapi_schema(  # type: ignore[override]  # the document depends on the request's host
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
        request: HttpRequest | None = None,
    ) -> dict[str, Any]:
        schema = super().get_openapi_schema(path_prefix="", path_params=path_params)
        server_url = self.server_url(request)
        schema["info"]["contact"] = self.contact(server_url)
        return openapi.complete(schema, server_url=server_url)

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        """ninja's serialised answer; a read that may be kept (api.kept) is kept here."""
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        keep_answer(request, response)
        return response

    def openapi_response(self, request: HttpRequest) -> HttpResponse:
        """The OpenAPI document for the request's host, computed once per process and host."""
        server_url = self.server_url(request)
        if server_url not in self._documents:
            schema = self.get_openapi_schema(request=request)
            self._documents[server_url] = json.dumps(schema, ensure_ascii=False).encode()
        return HttpResponse(self._documents[server_url], content_type="application/json")


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
    "string_too_long": "De tekst is te lang.",
    "string_too_short": "Dit veld mag niet leeg zijn.",
    FORBIDDEN_CHARACTER_TYPE: FORBIDDEN_CHARACTER_MESSAGE,
    "string_unicode": FORBIDDEN_CHARACTER_MESSAGE,  # pydantic's own refusal of a lone surrogate
    "date_from_datetime_parsing": "Geef een datum als JJJJ-MM-DD.",
    "date_from_datetime_inexact": "Geef een datum zonder tijd.",
    "date_parsing": "Geef een datum als JJJJ-MM-DD.",
    "date_type": "Geef een datum als JJJJ-MM-DD.",
    "bool_parsing": "Geef true of false.",
    "bool_type": "Geef true of false.",
}


def _reason(error: dict[str, Any]) -> str:
    """A Dutch reason for one of pydantic's errors."""
    limit = (error.get("ctx") or {}).get("max_length")
    if error.get("type") == "string_too_long" and limit is not None:
        return f"Gebruik hoogstens {limit} tekens."
    if error.get("type") == "too_long" and limit is not None:
        return f"Geef hoogstens {limit} waarden."
    return _MESSAGES.get(error.get("type", ""), "Ongeldige waarde.")


def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    params = [
        {"name": _loc(error.get("loc")), "code": error.get("type", "invalid"), "reason": _reason(error)}
        for error in exc.errors
    ]
    return problem_response(
        400,
        "Ongeldige invoer",
        "Een of meer velden zijn ongeldig; zie invalidParams.",
        invalid_params=params,
    )


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A refusal of a service: each message at the API name of the model field it names."""
    if hasattr(exc, "error_dict"):
        params = [
            {
                "name": "body" if field == NON_FIELD_ERRORS else api_name(field),
                "code": "invalid",
                "reason": str(message),
            }
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    else:
        params = [{"name": "body", "code": "invalid", "reason": str(m)} for m in exc.messages]
    return problem_response(
        400, "Ongeldige invoer", "De wijziging is niet toegestaan; zie invalidParams.", invalid_params=params
    )


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(
        401,
        "Niet geauthenticeerd",
        "Geef een geldig persoonlijk API-token mee: Authorization: Bearer <token>.",
    )
    response["WWW-Authenticate"] = 'Bearer realm="kapstok"'
    return response


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(403, "Geen toegang", str(exc) or "Uw rol staat deze handeling niet toe.")


def on_state_conflict(request: HttpRequest, exc: StateConflict) -> HttpResponse:
    """The object's state does not allow the change (an adopted version): 409, naming the state."""
    return problem_response(409, "Niet mogelijk in deze toestand", exc.message)


def on_stale_version(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
    """Someone else saved the object after the client read it (the service's compare-and-swap)."""
    return problem_response(412, "Versie verouderd", STALE_DETAIL)


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, "Niet gevonden", "Deze resource bestaat niet.")


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


EXCEPTION_HANDLERS: tuple[tuple[type[Exception], Any], ...] = (
    (NinjaValidationError, on_validation_error),
    (DjangoValidationError, on_django_validation_error),
    (AuthenticationError, on_authentication_error),
    (PermissionDenied, on_permission_denied),
    (StateConflict, on_state_conflict),
    (StaleVersionError, on_stale_version),
    (Http404, on_not_found),
    (HttpError, on_http_error),
)
