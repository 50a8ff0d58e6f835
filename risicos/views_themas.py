"""Linking risks and measures to themes of veld 5 of the veiligheidsplan, and removing a link."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from lib.permissions import requires

from . import services
from .forms import ThemaKoppelForm
from .models import Maatregel, Risico, ThemaMaatregel, ThemaRisico
from .pages import confirm_delete, refusal_of


def _back(obj: Risico | Maatregel) -> str:
    name = "risicos:risico" if isinstance(obj, Risico) else "risicos:maatregel"
    return f"{reverse(name, kwargs={'pk': obj.pk})}#themas"


def _link(request: AuthenticatedHttpRequest, obj: Risico | Maatregel) -> HttpResponse:
    form = ThemaKoppelForm(request.POST, member=request.membership)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("thema", ())) or "Kies een thema.")
        return redirect(_back(obj))
    thema = form.cleaned_data["thema"]
    try:
        services.link_thema(by=request.membership, obj=obj, thema=thema)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, refusal_of(error))
    else:
        messages.success(request, f"Het thema “{thema}” verwijst nu naar “{obj}”.")
    return redirect(_back(obj))


@requires("risicos.edit")
@require_POST
def risico_thema_link(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    return _link(request, get_object_or_404(Risico.objects.visible_to(request.membership), pk=pk))


@requires("risicos.edit")
@require_POST
def maatregel_thema_link(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    return _link(request, get_object_or_404(Maatregel.objects.visible_to(request.membership), pk=pk))


def _unlink(request: AuthenticatedHttpRequest, koppeling: Any, obj: Risico | Maatregel, lijst: str) -> HttpResponse:
    name = "risicos:risicos" if isinstance(obj, Risico) else "risicos:maatregelen"
    return confirm_delete(
        request,
        koppeling,
        lambda: services.unlink_thema(by=request.membership, koppeling=koppeling),
        back=_back(obj),
        done=_back(obj),
        what="de koppeling",
        crumb=[(lijst, reverse(name)), (str(obj), _back(obj))],
        refusal="" if services.may_change(request.membership, obj.themas) else services.NOT_YOUR_THEME,
    )


@requires("risicos.edit")
def risico_thema_unlink(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    queryset = ThemaRisico.objects.visible_to(request.membership).select_related("thema", "risico")
    koppeling = get_object_or_404(queryset, pk=pk)
    return _unlink(request, koppeling, koppeling.risico, "Risico's")


@requires("risicos.edit")
def maatregel_thema_unlink(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    queryset = ThemaMaatregel.objects.visible_to(request.membership).select_related("thema", "maatregel")
    koppeling = get_object_or_404(queryset, pk=pk)
    return _unlink(request, koppeling, koppeling.maatregel, "Maatregelen")
