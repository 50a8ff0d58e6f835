"""What the document pages of every capability share: the Word and PDF downloads, and the page of
the gemeente's own Word template (the upload form, storing an upload, download, delete).

A capability's views stay thin: they fetch their object through ``visible_to``, say which kind
of document it is, what its data and file name are and what to answer when a document cannot be
made, and call these. Who may is the capability's decorator (its view capability for documents,
its template capability for the template page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from documents import http, services, slots
from documents.errors import DocumentError, RenderBusy, TooCostly
from documents.pdf import PDF_TYPE
from documents.word import DOCX_TYPE, TEMPLATE_MAX_BYTES, WordTemplates
from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.forms import NldsFormMixin

log = logging.getLogger(__name__)

# What a download that cannot be made answers, given the Dutch message: a redirect with the
# message, or a page of the capability's own.
OnFailure = Callable[[str], HttpResponse]


class SjabloonForm(NldsFormMixin, forms.Form):
    """Upload of the gemeente's own Word template (checked by ``documents.services.upload_template``)."""

    bestand = forms.FileField(
        label=_("Nieuw sjabloon"),
        help_text=_(
            "Een Word-document (.docx) van hoogstens 5 MB dat alleen de velden uit de tabel op deze pagina gebruikt."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{DOCX_TYPE}"}),
    )
    # The version of the template the page showed (0: none); a different one now is a stale upload.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_bestand(self) -> Any:
        upload = self.cleaned_data["bestand"]
        if upload.size > TEMPLATE_MAX_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(_("Het sjabloon is groter dan 5 MB."))
        return upload


# --- the downloads -------------------------------------------------------------------------------


def word_download(
    request: Any,
    *,
    kind: WordTemplates,
    context_of: Callable[[], dict[str, Any]],
    filename: str,
    back: str | None,
    on_failure: OnFailure,
) -> HttpResponse:
    """The document as Word, on the gemeente's own template of ``kind`` if it has one.

    The render slot is taken first (when every slot is taken the answer costs next to nothing),
    then the own template and the data (``context_of``) are read.
    """
    own = None
    try:
        with slots.render_slot():
            own = services.template_bytes_of(request.membership, kind.soort)
            data = kind.render(context_of(), own[1] if own else None)
    except RenderBusy:
        return http.busy(request, back=back)
    except DocumentError as error:
        which = "het eigen sjabloon van de gemeente" if own else "het standaardsjabloon"
        return on_failure(
            f"Het Word-document kon niet worden gemaakt met {which}. {error.message} "
            "De coördinator kan het sjabloon aanpassen of verwijderen op de pagina ‘Word-sjabloon’."
        )
    return http.download(data, DOCX_TYPE, filename)


def pdf_download(
    request: Any, *, render: Callable[[], bytes], filename: str, back: str | None, on_failure: OnFailure, what: str
) -> HttpResponse:
    """The document as PDF/A made by ``render``; ``what`` names it in the log when that fails."""
    try:
        with slots.render_slot():
            data = render()
    except RenderBusy:
        return http.busy(request, back=back)
    except DocumentError as error:  # the layout is ours, not the gemeente's: a fault to look into
        log.warning("%s PDF failed: %s %s", what, type(error).__name__, error.details)
        why = " Het kost meer rekentijd of geheugen dan is toegestaan." if isinstance(error, TooCostly) else ""
        return on_failure(f"De PDF kon niet worden gemaakt.{why} Probeer het later opnieuw.")
    return http.download(data, PDF_TYPE, filename)


def message_and_redirect(request: Any, to: str) -> OnFailure:
    """A failure answer: the message on the page ``to`` (a URL or URL name) after a redirect."""

    def answer(message: str) -> HttpResponse:
        messages.error(request, message)
        return redirect(to)

    return answer


# --- the page of the gemeente's own template ---------------------------------------------------------


def store_upload(
    request: Any, form: SjabloonForm, *, kind: WordTemplates, done: str, saved: str
) -> HttpResponse | None:
    """Store a valid upload as the gemeente's own template of ``kind``.

    A redirect to ``done`` with the message ``saved`` when stored, the busy page, or None with the
    reason on the form (a bad template at the file field, a stale version above the form).
    """
    upload = form.cleaned_data["bestand"]
    try:
        services.upload_template(
            kind=kind,
            gemeente=request.membership.gemeente,
            by=request.user,
            name=upload.name,
            data=upload.read(),
            expected_version=form.cleaned_data["version"] or None,
        )
    except RenderBusy:
        return http.busy(request, back=done)
    except DocumentError as error:
        form.add_error("bestand", forms.ValidationError(error.message, code=error.code))
        return None
    except StaleVersionError:
        form.add_error(None, STALE_MESSAGE)
        return None
    messages.success(request, saved)
    return redirect(done)


def template_download(request: Any, *, kind: WordTemplates, default_name: str) -> HttpResponse:
    """The gemeente's own template of ``kind``, or the default one to start from."""
    own = services.template_bytes_of(request.membership, kind.soort)
    if own is None:
        return http.download(kind.default_bytes(), DOCX_TYPE, default_name)
    return http.download(own[1], DOCX_TYPE, own[0])


def delete_posted_template(request: Any, *, soort: str, done: str) -> HttpResponse:
    """Remove the own template of ``soort`` whose version the confirmation page showed; back to ``done``."""
    if services.template_of(request.membership, soort) is None:
        messages.info(request, "De gemeente heeft geen eigen sjabloon; er is niets verwijderd.")
        return redirect(done)
    try:
        expected = int(request.POST.get("version", ""))
        services.delete_template(
            soort=soort, gemeente=request.membership.gemeente, by=request.user, expected_version=expected
        )
    except (ValueError, StaleVersionError):
        messages.error(request, str(STALE_MESSAGE))
    else:
        messages.success(request, "Het eigen sjabloon is verwijderd. Documenten gebruiken weer het standaardsjabloon.")
    return redirect(done)


def template_page(
    request: Any,
    *,
    kind: WordTemplates,
    placeholders: Any,
    template: str,
    saved: str,
    done: str,
    breadcrumbs: Any,
) -> HttpResponse:
    """The page of the gemeente's own template of ``kind``: the current one, the upload form (stored
    through :func:`store_upload`, then back to ``done`` with ``saved``) and the ``placeholders``,
    rendered with ``template`` (queries: the own template without its bytes, with who uploaded it)."""
    current = services.template_of(request.membership, kind.soort)
    form = SjabloonForm(
        request.POST or None, request.FILES or None, initial={"version": current.version if current else 0}
    )
    if request.method == "POST" and form.is_valid():
        stored = store_upload(request, form, kind=kind, done=done, saved=saved)
        if stored is not None:
            return stored
    context = {"sjabloon": current, "form": form, "placeholders": placeholders, "breadcrumbs": breadcrumbs}
    return render(request, template, context)


def template_delete_page(request: Any, *, soort: str, back: str, documenten: str, breadcrumbs: Any) -> HttpResponse:
    """Confirm (GET), then remove (POST) the own template of ``soort``; ``documenten`` names what uses
    the default template again ("Rode-dradenanalyses in Word")."""
    if request.method == "POST":
        return delete_posted_template(request, soort=soort, done=back)
    context = {
        "sjabloon": services.template_of(request.membership, soort),
        "back": back,
        "documenten": documenten,
        "breadcrumbs": breadcrumbs,
    }
    return render(request, "documents/sjabloon_delete.html", context)
