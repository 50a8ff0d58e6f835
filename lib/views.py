from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lib.problems import is_api_path, problem_response


def accessibility(request: HttpRequest) -> HttpResponse:
    """The product's own accessibility notes; gemeenten link their verklaring via settings."""
    return render(request, "lib/accessibility.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request.path):
        return problem_response(404, "Niet gevonden", "Deze resource bestaat niet.")
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request.path):
        return problem_response(403, "Geen toegang", "U heeft geen toegang tot deze resource.")
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path):
        return problem_response(500, "Interne fout", "Er ging iets mis. Probeer het later opnieuw.")
    return render(request, "500.html", status=500)
