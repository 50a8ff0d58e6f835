"""Pages of the veiligheidsanalyse: the overview, a theme's figures and story, indicators and their
figures, the population per year and the mapping of police codes to themes.

Thin views: fetch through the scoping of ``visible_to``, call a
service, report the outcome. The services decide who may (``ivp.services``); ``ivp.pages_analyse``
prepares what the templates show and says why a member cannot change something before they start.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from accounts.http import AuthenticatedHttpRequest
from lib import revisions
from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.errors import StateConflict
from lib.forms import save_form
from lib.pagination import page_of
from lib.permissions import allowed, requires

from . import pages_analyse as pages
from . import services
from .analysis import SORTERINGEN, als_gebiedscijfers, gebieden
from .forms_analyse import IndicatorForm, InwonertalForm, KoppelingenForm, MetingForm, VerhaalForm
from .models import Indicator, Inwonertal, Meting, Thema

REFUSALS = (ValidationError, PermissionDenied, StateConflict)
METINGEN_PER_PAGINA = 25
GEBIEDEN_PER_PAGINA = 50


def _thema(request: AuthenticatedHttpRequest, pk: UUID) -> Thema:
    return get_object_or_404(Thema.objects.visible_to(request.membership).select_related("veld"), pk=pk)


def _indicator(request: AuthenticatedHttpRequest, pk: UUID) -> Indicator:
    return get_object_or_404(Indicator.objects.visible_to(request.membership).select_related("thema__veld"), pk=pk)


def _meting(request: AuthenticatedHttpRequest, pk: UUID) -> Meting:
    return get_object_or_404(
        Meting.objects.visible_to(request.membership).select_related("indicator__thema__veld"), pk=pk
    )


def _data(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _refusal(request: AuthenticatedHttpRequest, thema: Thema) -> str | None:
    """Why the member cannot change this theme's indicators, or None (the services refuse it anyway)."""
    return None if pages.may_edit(request.membership, thema) else services.NOT_YOUR_THEME


def _thema_url(thema_id: Any, anchor: str = "") -> str:
    url = reverse("ivp:analyse_thema", kwargs={"pk": thema_id})
    return f"{url}#{anchor}" if anchor else url


def _stale(request: AuthenticatedHttpRequest, obj: Any) -> bool:
    """Whether the confirmation was made for another version of ``obj`` than the stored one."""
    return request.POST.get("version", "") != str(obj.version)


@requires("ivp.view")
def analyse(request: AuthenticatedHttpRequest) -> HttpResponse:
    def inhoud() -> SafeString:
        # 4 queries: the shown themes + veld, their indicators, the latest four years of each
        # indicator (grouped per year in the database), the population per year
        context = {
            "velden": pages.overview(request.membership),
            # The import of open-data figures (ivp.views_import) registers the route "ivp:import"; the
            # overview links to it under "Cijfers importeren" once that route exists.
            "import_url": reverse("ivp:import"),
            "plan_url": reverse("ivp:overzicht"),
            "mag_bewerken": allowed("ivp.edit", role=request.membership.role),
            "mag_koppelen": request.membership.role == "coordinator",
        }
        return render_to_string("ivp/analyse_overview.html#inhoud", context, request)

    context = {"inhoud": revisions.cached(request, "ivp:analyse", inhoud), "breadcrumbs": pages.crumbs()}
    return render(request, "ivp/analyse_overview.html", context)


@requires("ivp.view")
def analyse_thema(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A theme's figures (per year, or per month with ?weergave=maanden) and its story; the story saves here."""
    thema = _thema(request, pk)
    bewerkbaar = pages.may_edit(request.membership, thema)
    form = VerhaalForm(_data(request), initial={"verhaal": thema.verhaal or "", "version": thema.version})
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            version = data["version"]
            services.edit_thema(by=request.membership, thema=thema, expected_version=version, verhaal=data["verhaal"])
            return "Het verhaal achter de cijfers is opgeslagen."

        message = save_form(form, save, current=lambda: _thema(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(_thema_url(thema.pk, "verhaal"))
    per_maand = request.GET.get("weergave") == "maanden"
    context = {
        **pages.thema_page(request.membership, thema, per_maand=per_maand),
        "thema": thema,
        "form": form if bewerkbaar or form.is_bound else None,
        "bewerkbaar": bewerkbaar,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs((str(thema), None)),
    }
    return render(request, "ivp/analyse_thema.html", context)


@requires("ivp.edit")
def indicator_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    thema = _thema(request, pk)
    refusal = _refusal(request, thema)
    form = IndicatorForm(_data(request))
    if request.method == "POST" and refusal is None:

        def save(data: dict[str, Any]) -> str:
            indicator = services.add_indicator(by=request.membership, thema=thema, **form.changes())
            return f"De indicator “{indicator}” is toegevoegd."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(_thema_url(thema.pk))
    context = {
        "thema": thema,
        "form": form,
        "refusal": refusal,
        "back": _thema_url(thema.pk),
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs((str(thema), _thema_url(thema.pk)), ("Indicator toevoegen", None)),
    }
    return render(request, "ivp/indicator_add.html", context)


@requires("ivp.edit")
def indicator_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    indicator = _indicator(request, pk)
    refusal = _refusal(request, indicator.thema)
    themas = pages.editable_themes(request.membership) if refusal is None else []
    form = IndicatorForm(_data(request), obj=indicator, themas=themas)
    if request.method == "POST" and refusal is None:

        def save(data: dict[str, Any]) -> str:
            version = data["version"]
            services.edit_indicator(
                by=request.membership, indicator=indicator, expected_version=version, **form.changes()
            )
            return f"De indicator “{indicator}” is opgeslagen."

        message = save_form(form, save, current=lambda: _indicator(request, pk))
        if message is not None:
            messages.success(request, message)
            return redirect(_thema_url(indicator.thema_id, f"indicator-{indicator.pk}"))
    thema = indicator.thema
    context = {
        "indicator": indicator,
        "form": form,
        "refusal": refusal,
        "back": _thema_url(thema.pk, f"indicator-{indicator.pk}"),
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs((str(thema), _thema_url(thema.pk)), (f"{indicator} wijzigen", None)),
    }
    return render(request, "ivp/indicator_edit.html", context)


@requires("ivp.edit")
def indicator_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Confirmation (GET) and deletion (POST); refused while a goal measures with the indicator."""
    indicator = _indicator(request, pk)
    refusal = _refusal(request, indicator.thema)
    back = _thema_url(indicator.thema_id, f"indicator-{indicator.pk}")
    if request.method == "POST" and refusal is None:
        try:
            if _stale(request, indicator):
                raise StaleVersionError
            services.delete_indicator(by=request.membership, indicator=indicator)
        except StaleVersionError:
            refusal = str(STALE_MESSAGE)
        except REFUSALS as error:
            refusal = " ".join(getattr(error, "messages", [getattr(error, "message", str(error))]))
        else:
            messages.success(request, f"De indicator “{indicator}” en haar cijfers zijn verwijderd.")
            return redirect(_thema_url(indicator.thema_id))
    context = {
        "indicator": indicator,
        "refusal": refusal,
        "back": back,
        "breadcrumbs": pages.crumbs((str(indicator.thema), back), (f"{indicator} verwijderen", None)),
    }
    return render(request, "ivp/indicator_delete.html", context)


@requires("ivp.edit")
def meting_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Enter a figure (replacing the one of the same period and area), with the stored figures below."""
    indicator = _indicator(request, pk)
    refusal = _refusal(request, indicator.thema)
    form = MetingForm(_data(request))
    if request.method == "POST" and refusal is None:

        def save(data: dict[str, Any]) -> str:
            meting = services.set_meting(by=request.membership, indicator=indicator, **form.changes())
            waar = f" voor {meting.gebied_naam or meting.gebied}" if meting.gebied else ""
            return f"Het cijfer van {meting.periode}{waar} is opgeslagen."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("ivp:meting_add", pk=indicator.pk)
    # 2 queries: the number of figures, one page of them (newest first, the year's own before its months)
    metingen = Meting.objects.visible_to(request.membership).filter(indicator=indicator)
    volgorde = ("-jaar", F("maand").desc(nulls_first=True), "gebied")
    context = {
        "indicator": indicator,
        "form": form,
        "refusal": refusal,
        "page": page_of(request, metingen.order_by(*volgorde), METINGEN_PER_PAGINA),
        "back": _thema_url(indicator.thema_id, f"indicator-{indicator.pk}"),
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs((str(indicator.thema), _thema_url(indicator.thema_id)), (str(indicator), None)),
    }
    return render(request, "ivp/meting_add.html", context)


@requires("ivp.edit")
def meting_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    meting = _meting(request, pk)
    indicator = meting.indicator
    refusal = _refusal(request, indicator.thema)
    back = reverse("ivp:meting_add", kwargs={"pk": indicator.pk})
    if request.method == "POST" and refusal is None:
        try:
            if _stale(request, meting):
                raise StaleVersionError
            services.delete_meting(by=request.membership, meting=meting)
        except StaleVersionError:
            refusal = str(STALE_MESSAGE)
        except REFUSALS as error:
            refusal = " ".join(getattr(error, "messages", [getattr(error, "message", str(error))]))
        else:
            messages.success(request, f"Het cijfer van {meting.periode} is verwijderd.")
            return redirect(back)
    context = {
        "meting": meting,
        "indicator": indicator,
        "refusal": refusal,
        "back": back,
        "breadcrumbs": pages.crumbs((str(indicator), back), ("Cijfer verwijderen", None)),
    }
    return render(request, "ivp/meting_delete.html", context)


@requires("ivp.view")
def indicator_gebieden(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Every wijk and buurt of an imported indicator in its latest year, sorted by value or name."""
    indicator = _indicator(request, pk)
    sorteer = request.GET.get("sorteer", "waarde")
    sorteer = sorteer if sorteer in SORTERINGEN else "waarde"
    # 2 queries: the number of areas, one page of them
    rijen = gebieden(Meting.objects.visible_to(request.membership).filter(indicator=indicator), sorteer)
    page = page_of(request, rijen, GEBIEDEN_PER_PAGINA)
    context = {
        "indicator": indicator,
        "page": page,
        "rijen": als_gebiedscijfers(page.object_list),
        "sorteer": sorteer,
        "back": _thema_url(indicator.thema_id, f"indicator-{indicator.pk}"),
        "breadcrumbs": pages.crumbs(
            (str(indicator.thema), _thema_url(indicator.thema_id)), (f"{indicator}: wijken en buurten", None)
        ),
    }
    return render(request, "ivp/indicator_gebieden.html", context)


@requires("ivp.view")
def inwoners(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The population per year (for figures per 1,000 inwoners); who may edit the plan sets it."""
    mag_bewerken = allowed("ivp.edit", role=request.membership.role)
    form = InwonertalForm(_data(request)) if mag_bewerken else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied

        def save(data: dict[str, Any]) -> str:
            rij = services.set_inwonertal(
                by=request.membership, jaar=data["jaar"], aantal=data["aantal"], bron=data["bron"]
            )
            return f"Het inwonertal van {rij.jaar} is opgeslagen."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect("ivp:inwoners")
    context = {
        "rijen": list(Inwonertal.objects.visible_to(request.membership).order_by("-jaar")),
        "form": form,
        "error_focus": form is not None and form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs(("Inwoners per jaar", None)),
    }
    return render(request, "ivp/inwonertal_list.html", context)


@requires("ivp.view")
def koppelingen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The police codes with their theme: the coördinator changes them (one form), others read them."""
    member = request.membership
    rijen = pages.koppelingen(member)
    form = None
    if member.role == "coordinator":
        form = KoppelingenForm(_data(request), koppelingen=rijen, themas=pages.choosable_themes(member))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(services.NOT_YOUR_THEME)
        message = _save_koppelingen(request, form)
        if message is not None:
            messages.success(request, message)
            return redirect("ivp:koppelingen")
    context = {
        "rijen": rijen,
        "form": form,
        "zonder_thema": sum(1 for k in rijen if k.thema_id is None),
        "error_focus": form is not None and form.is_bound and bool(form.errors),
        "breadcrumbs": pages.crumbs(("Politiecodes en thema's", None)),
    }
    return render(request, "ivp/koppeling_list.html", context)


def _save_koppelingen(request: AuthenticatedHttpRequest, form: KoppelingenForm) -> str | None:
    """Every changed row through ``services.map_code``, all or nothing; a row someone else changed stops it."""
    if not form.is_valid():
        return None
    changed = form.changed_rows()
    stale = [k for k, _thema, version in changed if version != k.version]
    if stale:
        form.show_conflicts(stale)
        return None
    try:
        with transaction.atomic():
            for koppeling, thema, version in changed:
                services.map_code(by=request.membership, koppeling=koppeling, thema=thema, expected_version=version)
    except StaleVersionError:
        form.add_error(None, str(STALE_MESSAGE))
        return None
    except REFUSALS as error:
        form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        return None
    if not changed:
        return "Er is niets gewijzigd."
    return f"De koppeling is opgeslagen ({len(changed)} {'code' if len(changed) == 1 else 'codes'} gewijzigd)."
