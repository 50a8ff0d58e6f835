"""Transport rules for /api/ (NL API Design Rules): headers, content negotiation, size."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lib.problems import PROBLEM_CONTENT_TYPE, is_api_path, problem_response

JSON_TYPES = ("application/json", "application/problem+json", "application/*", "*/*")
BODY_METHODS = {"POST", "PUT", "PATCH"}


def _accepts_json(accept: str) -> bool:
    if not accept:
        return True
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        quality = 1.0
        for param in part.split(";")[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (media in JSON_TYPES or media.endswith("+json")):
            return True
    return False


FALLBACK_PROBLEMS = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt."),
    403: ("Geen toegang", "U heeft geen toegang tot deze resource."),
    404: ("Niet gevonden", "Deze resource bestaat niet."),
    405: ("Methode niet toegestaan", "Deze resource ondersteunt deze HTTP-methode niet."),
    500: ("Interne fout", "Er ging iets mis. Probeer het later opnieuw."),
}


def as_problem(response: HttpResponse) -> HttpResponse:
    """Turn an error that did not come from the API itself (Django's 400 for a bad Host,
    ninja's empty 405, a CSRF 403) into problem+json, so every API error has one shape."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
        return response
    status = response.status_code
    title, detail = FALLBACK_PROBLEMS.get(status, ("Fout", "Het verzoek kon niet worden verwerkt."))
    problem = problem_response(status, title, detail)
    for header in ("Allow", "WWW-Authenticate", "ETag"):
        if header in response:
            problem[header] = response[header]
    return problem


class ApiHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path):
            return self.get_response(request)
        response = self._refuse(request) or self.get_response(request)
        response = as_problem(response)
        response["API-Version"] = settings.API_VERSION
        response["Cache-Control"] = "no-store"
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Frame-Options"] = "DENY"
        if request.path.endswith("/openapi.json"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        if not _accepts_json(request.META.get("HTTP_ACCEPT", "")):
            return problem_response(
                406,
                "Niet-ondersteund antwoordformaat",
                "Deze API antwoordt alleen met JSON. Vraag om 'application/json'.",
            )
        declared = (request.META.get("CONTENT_LENGTH") or "0").strip()
        if not (declared.isascii() and declared.isdigit()):
            return problem_response(
                400,
                "Ongeldig verzoek",
                "De header Content-Length is geen geheel aantal bytes.",
            )
        if request.method in BODY_METHODS:
            length = int(declared)
            if length > settings.API_MAX_BODY_BYTES:
                return problem_response(
                    413,
                    "Verzoek te groot",
                    f"De inhoud mag hoogstens {settings.API_MAX_BODY_BYTES} bytes zijn.",
                )
            content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if length and content_type != "application/json":
                return problem_response(
                    415,
                    "Niet-ondersteund formaat",
                    "Stuur de inhoud als JSON met Content-Type 'application/json'.",
                )
        return None
