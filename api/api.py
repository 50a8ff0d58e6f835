"""The Kapstok REST API at /api/v1, shaped by the NL API Design Rules."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from . import openapi
from .auth import TokenAuth
from .problems import problem_response


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


class KapstokAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document follows the NL API Design Rules.

    Paths in the document are relative to ``servers[0].url`` (which ends in ``/api/v1``),
    so ninja's full paths are generated with an empty prefix.
    """

    def get_openapi_operation_id(self, operation: Any) -> str:
        return _camel(operation.view_func.__name__)  # no module names: hide the implementation

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

    def get_openapi_schema(  # type: ignore[override]
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


api = KapstokAPI(
    title="Kapstok API",
    version=settings.API_VERSION,
    description=(
        "De API van Kapstok: integrale beveiliging en integraal veiligheidsbeleid van een "
        "gemeente. Authenticatie met een persoonlijk API-token (Authorization: Bearer ...). "
        "Elk token hoort bij één lidmaatschap en ziet alleen de gegevens van die gemeente. "
        "Fouten komen als application/problem+json (RFC 9457); wijzigingen vragen de ETag "
        "van de laatst opgehaalde versie in If-Match."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_url=None,  # served by the public operation below, which knows the request's host
    openapi_extra={
        "info": {"license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}},
        "tags": [{"name": "gemeenten", "description": "De gemeente van het token en haar leden."}],
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
    "string_too_long": "De tekst is te lang.",
    "date_from_datetime_parsing": "Geef een datum als JJJJ-MM-DD.",
    "date_from_datetime_inexact": "Geef een datum zonder tijd.",
    "date_parsing": "Geef een datum als JJJJ-MM-DD.",
    "date_type": "Geef een datum als JJJJ-MM-DD.",
    "bool_parsing": "Geef true of false.",
    "bool_type": "Geef true of false.",
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


meta_router = Router()


@meta_router.get("/openapi.json", auth=None, include_in_schema=False)
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document: public, without a token (CORS header: ApiHeadersMiddleware)."""
    return JsonResponse(api.get_openapi_schema(request=request), json_dumps_params={"ensure_ascii": False})


api.add_router("", meta_router)

from kader import api as kader_api  # noqa: E402
from organisations import api as organisations_api  # noqa: E402

api.add_router("", organisations_api.router)
api.add_router("", kader_api.router)
