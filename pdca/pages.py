"""What the PDCA pages show: prepared data for the templates, so the views stay thin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from acties import services as acties_services
from kader.models import KaderVersie
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed, require
from organisations.models import Membership

from . import services
from .forms import ActiviteitFilter, ActiviteitForm
from .kalender import jaarkalender
from .models import Activiteit, Bevinding, Status


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("PDCA-cyclus", reverse("pdca:kalender")), *items)


def bevinding_crumbs(bevinding: Bevinding, *items: Crumb) -> list[dict[str, str | None]]:
    activiteit = bevinding.activiteit
    trail: list[Crumb] = [(str(activiteit), activiteit.get_absolute_url())]
    if items:
        trail += [("Bevinding", bevinding.get_absolute_url()), *items]
    else:
        trail.append(("Bevinding", None))
    return crumbs(*trail)


def te_plannen(today: datetime.date) -> int:
    """The year a coördinator most likely plans: next year from October on, else this one."""
    return today.year + 1 if today.month >= 10 else today.year


def gepland_bericht(aantal: int, jaar: int) -> str:
    if aantal == 0:
        return f"Er was niets meer te plannen: {jaar} heeft al alle activiteiten van het voorstel."
    return f"{aantal} activiteit{'en' if aantal != 1 else ''} gepland in {jaar}."


def opgenomen_bericht(aantal: int, versie: KaderVersie) -> str:
    wat = "De bevinding is" if aantal == 1 else f"De {aantal} bevindingen zijn"
    return f"{wat} opgenomen in versie {versie.nummer} van het kader (concept)."


def kalender_context(member: Membership, filters: ActiviteitFilter, today: datetime.date) -> dict[str, Any]:
    """The calendar of the year the filters ask (none while a filter is invalid)."""
    kalender = None
    jaar = today.year
    if filters.is_valid():
        jaar = int(filters.form.cleaned_data["jaar"] or today.year)
        kalender = jaarkalender(member, jaar, list(filters.filtered()), today)
        fase = filters.form.cleaned_data.get("fase")
        if fase:
            kalender.fasen = [f for f in kalender.fasen if f.fase == fase]
    return {
        "filters": filters,
        "kalender": kalender,
        "jaar": jaar,
        "today": today,
        "may_edit": allowed("pdca.edit", role=member.role),
        "may_kader": allowed("pdca.kader", role=member.role),
        "breadcrumbs": breadcrumbs(("PDCA-cyclus", None)),
    }


@dataclass(frozen=True)
class BevindingRegel:
    """A finding on its activity's page, with what the member may do with it."""

    obj: Bevinding
    may_edit: bool
    may_act: bool


def activiteit_context(member: Membership, shown: Activiteit, form: ActiviteitForm | None) -> dict[str, Any]:
    """An activity's page: its findings (one query) and its actions (one query)."""
    bevindingen = list(shown.bevindingen.select_related("verwerkt_in").order_by("created_at"))
    may_act = allowed("acties.maken", role=member.role)
    done = shown.status == Status.UITGEVOERD
    return {
        "activiteit": shown,
        "form": form,
        "te_laat": shown.te_laat(timezone.localdate()),
        "bevindingen": [
            BevindingRegel(
                b,
                services.may_edit_bevinding(member, b),
                may_act and services.may_record(member, b.thema),
            )
            for b in bevindingen
        ],
        "may_record": done and allowed("pdca.bevindingen", role=member.role),
        "acties": acties_services.van_bron(services.bron_van(shown), shown.pk),
        "breadcrumbs": crumbs((str(shown), None)),
    }


def refuse_bevinding(request: HttpRequest, member: Membership, shown: Bevinding) -> HttpResponse:
    """A change posted by someone who may not change this finding: their role, their themes, or the finding
    is taken up into the kader already."""
    require(member, "pdca.bevindingen")
    if shown.verwerkt_in is not None:
        messages.error(request, services.TAKEN_UP.format(nummer=shown.verwerkt_in.nummer))
        return redirect("pdca:bevinding", pk=shown.pk)
    raise PermissionDenied(services.NOT_YOUR_THEME)
