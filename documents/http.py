"""HTTP for documents: the download response, its file name, and the "busy" page (503)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from documents.errors import RenderBusy
from documents.slots import RETRY_AFTER_SECONDS


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    """``data`` as an attachment named ``filename``."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def filename(*parts: str, extension: str) -> str:
    """A file name of slugs: ``filename("Strategisch kader", "Gemeente Aastad", extension="pdf")``
    is ``strategisch-kader-gemeente-aastad.pdf``; empty parts are left out."""
    slugs = [slugify(part) for part in parts]
    return "-".join(slug for slug in slugs if slug) + f".{extension}"


def busy(request: HttpRequest, *, back: str | None = None) -> HttpResponse:
    """503 with ``Retry-After``: every render slot is taken, try again in a few seconds."""
    context = {"message": RenderBusy.message, "back": back}
    response = render(request, "documents/busy.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
