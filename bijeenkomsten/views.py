"""Pages of the members: prepare a bijeenkomst, run it live, and see its results.

Thin views: fetch through ``visible_to``, call a service, report the outcome. The services
decide who may do what.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from documents import http, pages
from ivp.choices import ActieStatus
from ivp.forms_programma import ActieForm
from ivp.models import Actie, Plan, Programma, Thema
from lib.errors import StateConflict
from lib.forms import save_form
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed, requires

from . import exports, rapport, services
from .forms import BijeenkomstForm, KopieForm, NieuweBijeenkomstForm, VraagForm
from .models import Bijeenkomst, Inbreng, Soort, Status, Vraag, VraagStatus

REFUSALS = (ValidationError, PermissionDenied, StateConflict)


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Bijeenkomsten", reverse("bijeenkomsten:list")), *items)


def _bijeenkomst(request: AuthenticatedHttpRequest, pk: UUID) -> Bijeenkomst:
    queryset = Bijeenkomst.objects.visible_to(request.membership).select_related("plan")
    return get_object_or_404(queryset, pk=pk)


def _vraag(request: AuthenticatedHttpRequest, pk: UUID) -> Vraag:
    queryset = Vraag.objects.visible_to(request.membership).select_related("bijeenkomst__plan")
    return get_object_or_404(queryset, pk=pk)


def _report(request: AuthenticatedHttpRequest, error: Exception) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [getattr(error, "message", str(error))]
    for text in texts:
        messages.error(request, text)


def _may_prepare(request: AuthenticatedHttpRequest) -> bool:
    return allowed("bijeenkomsten.prepare", role=request.membership.role)


# --- the list and a new session -----------------------------------------------------------------


def _plans(request: AuthenticatedHttpRequest) -> Any:
    return Plan.objects.visible_to(request.membership).order_by("-startjaar", "-nummer")


def _list_page(
    request: AuthenticatedHttpRequest, form: NieuweBijeenkomstForm | None = None, status: int = 200
) -> HttpResponse:
    # Queries: the sessions with their plan and participant count; for a preparer the plans to choose from.

    found = (
        Bijeenkomst.objects.visible_to(request.membership)
        .select_related("plan")
        .annotate(aantal_deelnemers=Count("deelnemers"))
    )
    if form is None and _may_prepare(request):
        form = NieuweBijeenkomstForm(plans=_plans(request))
    context = {"bijeenkomsten": found, "form": form, "breadcrumbs": crumbs()}
    return render(request, "bijeenkomsten/list.html", context, status=status)


@requires("bijeenkomsten.view")
def bijeenkomst_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list_page(request)


@requires("bijeenkomsten.prepare")
@require_POST
def bijeenkomst_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NieuweBijeenkomstForm(request.POST, plans=_plans(request))
    made: list[Bijeenkomst] = []

    def save(data: dict[str, Any]) -> str:
        made.append(
            services.prepare(
                by=request.membership,
                plan=data["plan"],
                titel=data["titel"],
                datum=data["datum"],
                doelgroep=data["doelgroep"],
            )
        )
        return f"De bijeenkomst '{data['titel']}' is aangemaakt. Voeg nu de vragen toe."

    message = save_form(form, save)
    if message is None:
        return _list_page(request, form)
    messages.success(request, message)
    return redirect(made[0])


# --- one session --------------------------------------------------------------------------------


def _detail_page(
    request: AuthenticatedHttpRequest,
    bijeenkomst: Bijeenkomst,
    *,
    vraag_form: VraagForm | None = None,
    status: int = 200,
) -> HttpResponse:
    # Queries: the questions, the participant count; for a preparer the themes and actions of the form.
    may = _may_prepare(request) and bijeenkomst.status != Status.GESLOTEN
    if vraag_form is None and may:
        vraag_form = _vraag_form(request, bijeenkomst.plan_id)
    context = {
        "bijeenkomst": bijeenkomst,
        "vragen": list(bijeenkomst.vragen.all()),
        "deelnemers": bijeenkomst.deelnemers.count(),
        "mag_voorbereiden": may,
        "mag_kopieren": _may_prepare(request),
        "verlopen": services.expired(bijeenkomst),
        "vraag_form": vraag_form,
        "kopie_form": KopieForm(initial={"titel": f"Kopie van {bijeenkomst.titel}"}) if _may_prepare(request) else None,
        "meedoen_url": request.build_absolute_uri(
            reverse("bijeenkomsten:meedoen_code", kwargs={"code": bijeenkomst.code})
        ),
        "breadcrumbs": crumbs((bijeenkomst.titel, None)),
    }
    return render(request, "bijeenkomsten/detail.html", context, status=status)


def _vraag_form(request: AuthenticatedHttpRequest, plan_id: Any, *args: Any, **kwargs: Any) -> VraagForm:
    """The question form: the gemeente's shown themes, and the actions of the plan's programmes."""
    member = request.membership
    themas = Thema.objects.visible_to(member).shown().select_related("veld").order_by("veld__nummer", "volgorde")
    acties = Actie.objects.visible_to(member).filter(programma__plan_id=plan_id).order_by("thema__code", "actiepunt")
    return VraagForm(*args, themas=themas, acties=acties, **kwargs)


@requires("bijeenkomsten.view")
def bijeenkomst_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    return _detail_page(request, _bijeenkomst(request, pk))


@requires("bijeenkomsten.prepare")
def bijeenkomst_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    bijeenkomst = _bijeenkomst(request, pk)
    form = BijeenkomstForm(request.POST or None, instance=bijeenkomst)
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.edit(
                by=request.membership,
                bijeenkomst=bijeenkomst,
                expected_version=data["version"],
                titel=data["titel"],
                datum=data["datum"],
                doelgroep=data["doelgroep"],
            )
            return "De bijeenkomst is bijgewerkt."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(bijeenkomst)
    context = {
        "bijeenkomst": bijeenkomst,
        "form": form,
        "breadcrumbs": crumbs((bijeenkomst.titel, bijeenkomst.get_absolute_url()), ("Wijzigen", None)),
    }
    return render(request, "bijeenkomsten/edit.html", context, status=400 if form.errors else 200)


@requires("bijeenkomsten.prepare")
@require_POST
def bijeenkomst_copy(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    bijeenkomst = _bijeenkomst(request, pk)
    form = KopieForm(request.POST)
    made: list[Bijeenkomst] = []

    def save(data: dict[str, Any]) -> str:
        made.append(services.copy(by=request.membership, source=bijeenkomst, titel=data["titel"], datum=data["datum"]))
        return "De bijeenkomst is gekopieerd, met al haar vragen."

    message = save_form(form, save)
    if message is None:
        for text in form.errors.get("__all__", []) + form.errors.get("titel", []) + form.errors.get("datum", []):
            messages.error(request, str(text))
        return redirect(bijeenkomst)
    messages.success(request, message)
    return redirect(made[0])


@requires("bijeenkomsten.prepare")
@require_POST
def bijeenkomst_open(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    bijeenkomst = _bijeenkomst(request, pk)
    try:
        services.open_session(by=request.membership, bijeenkomst=bijeenkomst)
        messages.success(request, f"De bijeenkomst is open: deelnemers doen mee met code {bijeenkomst.code_display}.")
    except REFUSALS as error:
        _report(request, error)
    return redirect(bijeenkomst)


@requires("bijeenkomsten.prepare")
def bijeenkomst_close(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Ask first; then close every question and keep the results with the plan."""
    bijeenkomst = _bijeenkomst(request, pk)
    if request.method == "POST":
        try:
            services.close_session(by=request.membership, bijeenkomst=bijeenkomst)
            messages.success(request, "De bijeenkomst is gesloten; de resultaten staan bij het veiligheidsplan.")
            return redirect("bijeenkomsten:resultaten", pk=bijeenkomst.pk)
        except REFUSALS as error:
            _report(request, error)
            return redirect(bijeenkomst)
    context = {
        "bijeenkomst": bijeenkomst,
        "deelnemers": bijeenkomst.deelnemers.count(),
        "breadcrumbs": crumbs((bijeenkomst.titel, bijeenkomst.get_absolute_url()), ("Sluiten", None)),
    }
    return render(request, "bijeenkomsten/close.html", context)


@requires("bijeenkomsten.view")
def bijeenkomst_qr(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The QR code of the join link, as SVG for the projector."""
    bijeenkomst = _bijeenkomst(request, pk)
    url = request.build_absolute_uri(reverse("bijeenkomsten:meedoen_code", kwargs={"code": bijeenkomst.code}))
    svg = segno.make(url, error="m").svg_inline(scale=8, title=f"QR-code om mee te doen met {bijeenkomst.titel}")
    return HttpResponse(svg, content_type="image/svg+xml")


# --- questions ----------------------------------------------------------------------------------


def _vraag_fields(data: dict[str, Any], request: AuthenticatedHttpRequest) -> dict[str, Any]:
    acties = data["soort"] == Soort.RANGORDE and data["onderwerp_acties"]
    onderwerpen = (
        []
        if data["soort"] == Soort.OPEN
        else services.onderwerpen_of(
            request.membership,
            thema_ids=[] if acties else [t.pk for t in data["themas"]],
            actie_ids=[a.pk for a in data["acties"]] if acties else [],
        )
    )
    return {
        "soort": data["soort"],
        "tekst": data["tekst"],
        "toelichting": data["toelichting"],
        "onderwerp_acties": bool(acties),
        "criterium": data["criterium"],
        "as_x": data["as_x"],
        "as_y": data["as_y"],
        "onderwerpen": onderwerpen,
    }


@requires("bijeenkomsten.prepare")
@require_POST
def vraag_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    bijeenkomst = _bijeenkomst(request, pk)
    data = request.POST.copy()
    data.setdefault("version", "1")
    form = _vraag_form(request, bijeenkomst.plan_id, data)

    def save(cleaned: dict[str, Any]) -> str:
        services.add_vraag(by=request.membership, bijeenkomst=bijeenkomst, **_vraag_fields(cleaned, request))
        return "De vraag is toegevoegd."

    message = save_form(form, save)
    if message is None:
        return _detail_page(request, bijeenkomst, vraag_form=form)
    messages.success(request, message)
    return redirect(bijeenkomst)


@requires("bijeenkomsten.prepare")
def vraag_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    vraag = _vraag(request, pk)
    form = _vraag_form(request, vraag.bijeenkomst.plan_id, request.POST or None, instance=vraag)
    if request.method == "POST":

        def save(data: dict[str, Any]) -> str:
            services.edit_vraag(
                by=request.membership, vraag=vraag, expected_version=data["version"], **_vraag_fields(data, request)
            )
            return "De vraag is bijgewerkt."

        message = save_form(form, save)
        if message is not None:
            messages.success(request, message)
            return redirect(vraag.bijeenkomst)
    context = {
        "vraag": vraag,
        "form": form,
        "breadcrumbs": crumbs(
            (vraag.bijeenkomst.titel, vraag.bijeenkomst.get_absolute_url()), ("Vraag wijzigen", None)
        ),
    }
    return render(request, "bijeenkomsten/vraag_edit.html", context, status=400 if form.errors else 200)


@requires("bijeenkomsten.prepare")
def vraag_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    vraag = _vraag(request, pk)
    if request.method == "POST":
        try:
            services.delete_vraag(by=request.membership, vraag=vraag)
            messages.success(request, "De vraag is verwijderd.")
        except REFUSALS as error:
            _report(request, error)
        return redirect(vraag.bijeenkomst)
    context = {
        "vraag": vraag,
        "breadcrumbs": crumbs(
            (vraag.bijeenkomst.titel, vraag.bijeenkomst.get_absolute_url()), ("Vraag verwijderen", None)
        ),
    }
    return render(request, "bijeenkomsten/vraag_delete.html", context)


@requires("bijeenkomsten.prepare")
@require_POST
def vraag_status(request: AuthenticatedHttpRequest, pk: UUID, actie: str) -> HttpResponse:
    """Open or close a question (``actie``: openen or sluiten)."""
    if actie not in ("openen", "sluiten"):
        raise Http404
    vraag = _vraag(request, pk)
    try:
        if actie == "openen":
            services.open_vraag(by=request.membership, vraag=vraag)
            messages.success(request, f"De vraag '{vraag.tekst}' is open op de telefoons.")
        else:
            services.close_vraag(by=request.membership, vraag=vraag)
            messages.success(request, f"De vraag '{vraag.tekst}' is gesloten.")
    except REFUSALS as error:
        _report(request, error)
    if request.POST.get("terug") == "presentatie":
        return redirect("bijeenkomsten:presentatie", pk=vraag.bijeenkomst_id)
    return redirect(vraag.bijeenkomst)


@requires("bijeenkomsten.prepare")
@require_POST
def inbreng_hide(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    inbreng = get_object_or_404(Inbreng.objects.visible_to(request.membership).select_related("vraag"), pk=pk)
    verbergen = not inbreng.verborgen
    services.hide_inbreng(by=request.membership, inbreng=inbreng, verborgen=verbergen)
    messages.success(request, "De inbreng is verborgen." if verbergen else "De inbreng is weer zichtbaar.")
    return redirect("bijeenkomsten:presentatie", pk=inbreng.vraag.bijeenkomst_id)


# --- live and results ---------------------------------------------------------------------------


def _stand(request: AuthenticatedHttpRequest, bijeenkomst: Bijeenkomst) -> dict[str, Any]:
    # Queries: the questions, their answers, the participant count, the remarks with their votes.

    tally = services.tally(bijeenkomst)
    per_vraag = services.inbreng_per_vraag(request.membership, bijeenkomst)
    vragen = [
        {
            "vraag": vraag,
            "antwoorden": figures["antwoorden"],
            "onderwerpen": figures["onderwerpen"],
            "inbreng": per_vraag.get(vraag.pk, []),
        }
        for vraag, figures in tally.items()
    ]
    return {
        "bijeenkomst": bijeenkomst,
        "vragen": vragen,
        "open_vraag": next((v for v in vragen if v["vraag"].status == VraagStatus.OPEN), None),
        "deelnemers": bijeenkomst.deelnemers.count(),
        "mag_voorbereiden": _may_prepare(request),
        "mag_acties": allowed("ivp.edit", role=request.membership.role),
    }


@requires("bijeenkomsten.view")
def presentatie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The view for the projector: the code, the open question and its results as they come in."""
    bijeenkomst = _bijeenkomst(request, pk)
    context = {
        **_stand(request, bijeenkomst),
        "breadcrumbs": crumbs((bijeenkomst.titel, bijeenkomst.get_absolute_url()), ("Presentatie", None)),
    }
    return render(request, "bijeenkomsten/presentatie.html", context)


@requires("bijeenkomsten.view")
def presentatie_stand(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """The results part of the presenter view, fetched again every second (htmx); opened by itself,
    the whole presenter view."""
    if not getattr(request, "htmx", False):
        return presentatie(request, pk)
    bijeenkomst = _bijeenkomst(request, pk)
    return render(request, "bijeenkomsten/presentatie.html#stand", _stand(request, bijeenkomst))


@requires("bijeenkomsten.view")
def resultaten(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    bijeenkomst = _bijeenkomst(request, pk)
    context = {
        **_stand(request, bijeenkomst),
        "breadcrumbs": crumbs((bijeenkomst.titel, bijeenkomst.get_absolute_url()), ("Resultaten", None)),
    }
    return render(request, "bijeenkomsten/resultaten.html", context)


@requires("ivp.edit")
@require_POST
def overnemen(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Take a closed scale question's averages over as the scores of its criterion."""
    vraag = _vraag(request, pk)
    try:
        adopted, skipped = services.adopt_scores(by=request.membership, vraag=vraag)
    except REFUSALS as error:
        _report(request, error)
    else:
        message = f"{adopted} score{'s' if adopted != 1 else ''} voor {vraag.get_criterium_display()} overgenomen."
        if skipped:
            message += f" {skipped} thema('s) overgeslagen: niet van u, of zonder antwoord."
        messages.success(request, message)
    return redirect(reverse("ivp:prioriteiten", kwargs={"pk": vraag.bijeenkomst.plan_id}) + "#bijeenkomsten")


@requires("bijeenkomsten.view")
def resultaten_export(request: AuthenticatedHttpRequest, pk: UUID, formaat: str) -> HttpResponse:
    """Every question's figures and every remark with its votes, as .xlsx or CSV."""
    if formaat not in exports.FORMATS:
        raise Http404
    bijeenkomst = _bijeenkomst(request, pk)
    return exports.download(request, bijeenkomst, _stand(request, bijeenkomst)["vragen"], formaat)


NO_PROGRAMME = "Dit veiligheidsplan heeft nog geen uitvoeringsprogramma; stel eerst het programma van een jaar op."


@requires("ivp.edit")
def inbreng_actie(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Make an action of the uitvoeringsprogramma out of a participant's idea (the plan's latest programme)."""
    inbreng = get_object_or_404(
        Inbreng.objects.visible_to(request.membership).select_related("vraag__bijeenkomst__plan", "actie"), pk=pk
    )
    bijeenkomst = inbreng.vraag.bijeenkomst
    back = reverse("bijeenkomsten:resultaten", kwargs={"pk": bijeenkomst.pk})
    if inbreng.actie_id is not None:
        messages.info(request, "Van deze inbreng is al een actie gemaakt.")
        return redirect("ivp:actie", pk=inbreng.actie_id)
    programma = Programma.objects.visible_to(request.membership).filter(plan=bijeenkomst.plan).order_by("-jaar").first()
    if programma is None:
        messages.error(request, NO_PROGRAMME)
        return redirect(back)
    initial = {"actiepunt": inbreng.tekst[:200], "voortgang": 0, "status": ActieStatus.GEPLAND}
    form = ActieForm(request.POST or None, programma=programma, member=request.membership, initial=initial)
    made: list[Actie] = []

    def save(data: dict[str, Any]) -> str:
        fields = form.changes()
        thema, actiepunt = fields.pop("thema"), fields.pop("actiepunt")
        made.append(
            services.idea_to_actie(
                by=request.membership, inbreng=inbreng, programma=programma, thema=thema, actiepunt=actiepunt, **fields
            )
        )
        return f"De actie “{made[0]}” is toegevoegd aan {programma}."

    if request.method == "POST" and (message := save_form(form, save)) is not None:
        messages.success(request, message)
        return redirect(made[0])
    context = {
        "programma": programma,
        "form": form,
        "inbreng": inbreng,
        "error_focus": form.is_bound and bool(form.errors),
        "breadcrumbs": crumbs((bijeenkomst.titel, bijeenkomst.get_absolute_url()), ("Actie van een idee", None)),
    }
    return render(request, "bijeenkomsten/inbreng_actie.html", context)


@requires("bijeenkomsten.view")
def rapport_pdf(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """A short report of the session as PDF/A-2a: every question's figures and the ideas with their votes."""
    bijeenkomst = get_object_or_404(
        Bijeenkomst.objects.visible_to(request.membership)
        .select_related("plan__gemeente")
        .defer("plan__gemeente__logo"),
        pk=pk,
    )
    stand = _stand(request, bijeenkomst)
    back = reverse("bijeenkomsten:resultaten", kwargs={"pk": bijeenkomst.pk})
    return pages.pdf_download(
        request,
        render=lambda: rapport.render_pdf(bijeenkomst, stand["vragen"], stand["deelnemers"]),
        filename=http.filename("bijeenkomst", bijeenkomst.titel, str(bijeenkomst.datum), extension="pdf"),
        back=back,
        on_failure=pages.message_and_redirect(request, back),
        what=f"bijeenkomst {bijeenkomst.pk}",
    )
