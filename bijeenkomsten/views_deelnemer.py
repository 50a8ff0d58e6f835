"""The pages of participants: join with a code or QR code, answer, give and vote on input.

No account: a participant is known by a secret in a cookie (``kapstok_deelnemer``); its hash is
bound for row-level security (``lib.tenancy``, ``participant=``), so these pages reach only the
participant's own session, its questions, their own answers and the remarks not hidden. Every
page works without JavaScript; a small htmx poll only saves pressing "Vernieuwen".

Failed codes are counted per address (``Codepoging``): after ``MAX_FAILED`` in ten minutes the
address gets a 429 with a Dutch message until the window has passed.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.services import client_ip
from lib import tenancy
from lib.errors import StateConflict
from lib.permissions import public

from . import services
from .forms import AanmeldForm, AntwoordForm, InbrengForm, MeedoenForm
from .models import Antwoord, Bijeenkomst, Codepoging, Deelnemer, Inbreng, Soort, Stem, Vraag, VraagStatus

COOKIE = "kapstok_deelnemer"
COOKIE_PATH = "/doe-mee/"
MAX_FAILED = 30  # a room full of people behind one address mistypes now and then
WINDOW = datetime.timedelta(minutes=10)
UNKNOWN_CODE = "Er is geen open bijeenkomst met deze code. Kijk de code op het scherm nog eens na."
TOO_MANY = "Te veel pogingen met een onbekende code vanaf dit adres. Probeer het over tien minuten opnieuw."
REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def _ip_hash(request: HttpRequest) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request) or '-'}".encode()).hexdigest()


def _blocked(request: HttpRequest) -> bool:
    since = timezone.now() - WINDOW
    return Codepoging.objects.filter(ip_hash=_ip_hash(request), at__gte=since).count() >= MAX_FAILED


def _failed(request: HttpRequest) -> None:
    Codepoging.objects.create(ip_hash=_ip_hash(request))


def _find(request: HttpRequest, code: str) -> Bijeenkomst | None:
    """The session with this code (binding the code, and the participant's cookie if any)."""
    tenancy.bind(join_code=code, participant=_secret_hash(request))
    return Bijeenkomst.objects.filter(code=code).first()


def _secret_hash(request: HttpRequest) -> str:
    secret = request.COOKIES.get(COOKIE, "")
    return services.secret_hash(secret) if 20 <= len(secret) <= 100 else ""


def _me(request: HttpRequest, bijeenkomst: Bijeenkomst) -> Deelnemer | None:
    hashed = _secret_hash(request)
    if not hashed:
        return None
    return Deelnemer.objects.filter(token_hash=hashed, bijeenkomst=bijeenkomst).select_related("bijeenkomst").first()


def _refusal(error: Exception) -> tuple[str, int]:
    """A refusal of the services as the Dutch message and the status of the page that shows it."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages), 400
    return str(getattr(error, "message", error)), 409 if isinstance(error, StateConflict) else 400


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, f"bijeenkomsten/deelnemer/{template}", context, status=status)


@public
def meedoen(request: HttpRequest) -> HttpResponse:
    """Type the code of the session (or scan its QR code, which opens the next page directly)."""
    form = MeedoenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = services.normal_code(form.cleaned_data["code"])
        return redirect("bijeenkomsten:meedoen_code", code=code or "-")
    return _page(request, "meedoen.html", {"form": form}, status=400 if form.errors else 200)


def _unknown(request: HttpRequest) -> HttpResponse:
    if _blocked(request):
        return _page(request, "meedoen.html", {"form": MeedoenForm(), "fout": TOO_MANY}, status=429)
    _failed(request)
    return _page(request, "meedoen.html", {"form": MeedoenForm(), "fout": UNKNOWN_CODE}, status=404)


@public
def meedoen_code(request: HttpRequest, code: str) -> HttpResponse:
    """Join the session (name and organisation optional), or, once joined, its current question."""
    code = services.normal_code(code)
    if _blocked(request):
        return _page(request, "meedoen.html", {"form": MeedoenForm(), "fout": TOO_MANY}, status=429)
    bijeenkomst = _find(request, code)
    if bijeenkomst is None:
        return _unknown(request)
    me = _me(request, bijeenkomst)
    if not services.joinable(bijeenkomst):
        return _page(request, "gesloten.html", {"bijeenkomst": bijeenkomst}, status=410)
    if me is None:
        form = AanmeldForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                me, secret = services.join(
                    bijeenkomst=bijeenkomst,
                    naam=form.cleaned_data["naam"],
                    organisatie=form.cleaned_data["organisatie"],
                )
            except REFUSALS as error:
                return _page(request, "gesloten.html", {"bijeenkomst": bijeenkomst, "fout": str(error)}, status=410)
            response = redirect("bijeenkomsten:meedoen_code", code=code)
            response.set_cookie(
                COOKIE,
                secret,
                max_age=7 * 24 * 3600,
                path=COOKIE_PATH,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
        context = {"bijeenkomst": bijeenkomst, "form": form}
        return _page(request, "aanmelden.html", context, status=400 if form.errors else 200)
    return _page(request, "vraag.html", _question_context(request, me))


def _question_context(request: HttpRequest, me: Deelnemer, **extra: Any) -> dict[str, Any]:
    # Queries: the open question, the participant's answer to it; for open input the remarks
    # (with whether the participant voted for each) and how many remarks they gave.
    bijeenkomst = me.bijeenkomst
    vraag = Vraag.objects.filter(bijeenkomst=bijeenkomst, status=VraagStatus.OPEN).first()
    context: dict[str, Any] = {"bijeenkomst": bijeenkomst, "deelnemer": me, "vraag": vraag, **extra}
    if vraag is None:
        return context
    if vraag.soort == Soort.OPEN:
        context["inbreng"] = (
            Inbreng.objects.filter(vraag=vraag)
            .annotate(gestemd=Exists(Stem.objects.filter(inbreng=OuterRef("pk"), deelnemer=me)))
            .order_by("-created_at")[:100]
        )
        context.setdefault("inbreng_form", InbrengForm())
    else:
        antwoord = Antwoord.objects.filter(vraag=vraag, deelnemer=me).first()
        context["beantwoord"] = antwoord is not None
        if "form" not in context:
            context["form"] = AntwoordForm(
                vraag=vraag, initial=AntwoordForm.initial_of(vraag, antwoord.waarde if antwoord else None)
            )
    return context


def _participant(request: HttpRequest, code: str) -> Deelnemer | None:
    bijeenkomst = _find(request, services.normal_code(code))
    return _me(request, bijeenkomst) if bijeenkomst else None


def _question(me: Deelnemer, pk: Any) -> Vraag | None:
    return Vraag.objects.filter(pk=pk, bijeenkomst=me.bijeenkomst).first()


def _not_joined(request: HttpRequest, code: str) -> HttpResponse:
    messages.error(request, "Doe eerst mee met de bijeenkomst; daarna kunt u antwoorden.")
    return redirect("bijeenkomsten:meedoen_code", code=services.normal_code(code) or "-")


@public
@require_POST
def antwoorden(request: HttpRequest, code: str, pk: Any) -> HttpResponse:
    """Answer (or change the answer to) the open question."""
    me = _participant(request, code)
    if me is None:
        return _not_joined(request, code)
    vraag = _question(me, pk)
    if vraag is None:
        return _page(request, "vraag.html", _question_context(request, me, fout=services.NOT_OPEN_MESSAGE), status=404)
    form = AntwoordForm(request.POST, vraag=vraag)
    try:
        if not form.is_valid():
            raise ValidationError("Nog niet opgeslagen: verbeter wat bij de vraag staat.")
        services.answer(deelnemer=me, vraag=vraag, waarde=form.waarde())
    except REFUSALS as error:
        if isinstance(error, ValidationError) and not form.errors:
            form.add_error(None, error)
        fout, status = _refusal(error)
        return _page(request, "vraag.html", _question_context(request, me, form=form, fout=fout), status=status)
    messages.success(request, "Uw antwoord is opgeslagen. U kunt het wijzigen zolang de vraag open is.")
    return redirect("bijeenkomsten:meedoen_code", code=me.bijeenkomst.code)


@public
@require_POST
def inbreng_add(request: HttpRequest, code: str, pk: Any) -> HttpResponse:
    me = _participant(request, code)
    if me is None:
        return _not_joined(request, code)
    vraag = _question(me, pk)
    form = InbrengForm(request.POST)
    try:
        if vraag is None:
            raise StateConflict(services.NOT_OPEN_MESSAGE)
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.add_inbreng(deelnemer=me, vraag=vraag, tekst=form.cleaned_data["tekst"])
    except REFUSALS as error:
        fout, status = _refusal(error)
        return _page(request, "vraag.html", _question_context(request, me, inbreng_form=form, fout=fout), status=status)
    messages.success(request, "Dank u; uw inbreng staat erbij.")
    return redirect("bijeenkomsten:meedoen_code", code=me.bijeenkomst.code)


@public
@require_POST
def stemmen(request: HttpRequest, code: str, pk: Any) -> HttpResponse:
    """Vote for someone else's remark, or take the vote back."""
    me = _participant(request, code)
    if me is None:
        return _not_joined(request, code)
    inbreng = Inbreng.objects.filter(pk=pk, vraag__bijeenkomst=me.bijeenkomst).select_related("vraag").first()
    try:
        if inbreng is None:
            raise StateConflict("Deze inbreng bestaat niet (meer).")
        voted = services.vote(deelnemer=me, inbreng=inbreng)
    except REFUSALS as error:
        fout, status = _refusal(error)
        return _page(request, "vraag.html", _question_context(request, me, fout=fout), status=status)
    messages.success(request, "Uw stem is geteld." if voted else "Uw stem is ingetrokken.")
    return redirect(reverse("bijeenkomsten:meedoen_code", kwargs={"code": me.bijeenkomst.code}) + "#inbreng")
