from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lib.concurrency import STALE_MESSAGE, StaleVersionError
from lib.labels import with_labels
from lib.pagination import page_of
from lib.permissions import has, requires

from . import services
from .forms import GemeenteSettingsForm, InviteForm, MemberRoleForm, NewGemeenteForm, PartnerForm
from .models import Gemeente, Invitation, Membership, PartnerOrganisatie, Role
from .theme import theme_css as render_theme_css

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest, UserHttpRequest


MEMBERS_PER_PAGE = 50


def _crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    home: dict[str, str | None] = {"label": "Overzicht", "url": reverse("dashboard:home")}
    return [home] + [{"label": label, "url": url} for label, url in items]


@requires("members.view")
def members(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 3 queries: member count, one page of members with user and partner; open invitations
    rows = (
        Membership.objects.visible_to(request.membership)
        .select_related("user", "partner")
        .only("gemeente_id", "role", "themes", "user__email", "user__full_name", "partner__name")
    )
    invitations = (
        Invitation.objects.visible_to(request.membership).open()
        if has(request, "members.manage")
        else Invitation.objects.none()
    )
    page = page_of(request, rows, MEMBERS_PER_PAGE)
    members = with_labels(page.object_list, "role", Role.choices)
    open_invitations = with_labels(invitations, "role", Role.choices)
    return render(
        request,
        "organisations/membership_list.html",
        {
            "members": members,
            "page": page,
            "invitations": open_invitations,
            "can_manage": has(request, "members.manage"),
            "breadcrumbs": _crumbs(("Leden", None)),
        },
    )


@requires("members.manage")
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, membership=request.membership)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation, code = services.invite(
                gemeente=request.membership.gemeente,
                by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                themes=form.cleaned_data["themes"],
                partner=form.cleaned_data["partner"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            link = request.build_absolute_uri(reverse("accounts:accept_invitation", args=[code]))
            messages.success(request, f"Uitnodiging voor {invitation.email} aangemaakt.")
            return render(
                request,
                "organisations/invitation_created.html",
                {
                    "invitation": invitation,
                    "link": link,
                    "breadcrumbs": _crumbs(("Leden", reverse("organisations:members")), ("Uitnodiging", None)),
                },
            )
    return render(
        request,
        "organisations/invitation_form.html",
        {"form": form, "breadcrumbs": _crumbs(("Leden", reverse("organisations:members")), ("Uitnodigen", None))},
    )


def _add_errors(form: object, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc)  # type: ignore[attr-defined]


@requires("members.manage")
def member_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    member = get_object_or_404(
        Membership.objects.visible_to(request.membership).select_related("user", "partner"), pk=pk
    )
    initial = {"role": member.role, "themes": member.themes, "partner": member.partner, "version": member.version}
    form = MemberRoleForm(request.POST or None, initial=initial, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                membership=member,
                by=request.membership,
                role=form.cleaned_data["role"],
                themes=form.cleaned_data["themes"],
                partner=form.cleaned_data["partner"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleVersionError:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"De rol van {member.user} is gewijzigd.")
            return redirect("organisations:members")
    return render(
        request,
        "organisations/membership_form.html",
        {
            "form": form,
            "member": member,
            "breadcrumbs": _crumbs(("Leden", reverse("organisations:members")), (str(member.user), None)),
        },
    )


@requires("members.manage")
def member_remove(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Ask for confirmation (GET), then remove (POST)."""
    member = get_object_or_404(
        Membership.objects.visible_to(request.membership).select_related("user", "partner"), pk=pk
    )
    if request.method == "POST":
        try:
            services.remove_member(membership=member, by=request.membership, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{member.user} is geen lid meer van deze gemeente.")
        return redirect("organisations:members")
    return render(
        request,
        "organisations/membership_confirm_delete.html",
        {"member": member, "breadcrumbs": _crumbs(("Leden", reverse("organisations:members")), ("Verwijderen", None))},
    )


@require_POST
@requires("members.manage")
def invitation_revoke(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.visible_to(request.membership), pk=pk)
    invitation.delete()
    messages.success(request, f"De uitnodiging voor {invitation.email} is ingetrokken.")
    return redirect("organisations:members")


@requires("partners.view")
def partners(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 1 query: the gemeente's partner organisations
    form = PartnerForm(request.POST or None) if has(request, "partners.manage") else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            partner = form.save(commit=False)
            partner.gemeente = request.membership.gemeente
            try:
                with transaction.atomic():
                    partner.save()
            except IntegrityError:
                form.add_error("name", "Deze gemeente heeft al een partnerorganisatie met deze naam.")
            else:
                messages.success(request, f"Partnerorganisatie {partner.name} toegevoegd.")
                return redirect("organisations:partners")
    rows = PartnerOrganisatie.objects.visible_to(request.membership)
    return render(
        request,
        "organisations/partnerorganisatie_list.html",
        {"partners": list(rows), "form": form, "breadcrumbs": _crumbs(("Partnerorganisaties", None))},
    )


@requires("gemeente.settings")
def gemeente_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    gemeente = request.membership.gemeente
    form = GemeenteSettingsForm(request.POST or None, request.FILES or None, instance=gemeente)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo_upload")
        if upload:
            gemeente.logo = upload.read()
            gemeente.logo_content_type = upload.kapstok_content_type
        elif form.cleaned_data.get("remove_logo"):
            gemeente.logo, gemeente.logo_content_type = None, ""
        try:
            form.save_versioned()
        except StaleVersionError:
            pass
        else:
            messages.success(request, "De instellingen zijn opgeslagen.")
            return redirect("organisations:gemeente_settings")
    return render(
        request,
        "organisations/gemeente_form.html",
        {"form": form, "breadcrumbs": _crumbs(("Instellingen", None))},
    )


@requires("dashboard.view")
def theme_css(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(render_theme_css(request.membership.gemeente), content_type="text/css")
    return response


@requires("dashboard.view")
def logo(request: AuthenticatedHttpRequest) -> HttpResponse:
    gemeente_id = request.membership.gemeente_id
    gemeente = Gemeente.objects.filter(pk=gemeente_id).values_list("logo", "logo_content_type").first()
    if not gemeente or not gemeente[0]:
        raise Http404
    return HttpResponse(bytes(gemeente[0]), content_type=gemeente[1])


@requires("platform.gemeenten")
def platform_gemeenten(request: UserHttpRequest) -> HttpResponse:
    """Platform-beheerder: the gemeenten on this platform and a form to add one."""
    form = NewGemeenteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gemeente, code = services.create_gemeente(
            name=form.cleaned_data["name"],
            cbs_code=form.cleaned_data["cbs_code"],
            coordinator_email=form.cleaned_data["coordinator_email"],
            by=request.user,
        )
        link = request.build_absolute_uri(reverse("accounts:accept_invitation", args=[code]))
        messages.success(request, f"Gemeente {gemeente.name} aangemaakt.")
        return render(request, "organisations/gemeente_created.html", {"new_gemeente": gemeente, "link": link})
    # 1 query: all gemeenten (registry only: names and codes)
    rows = Gemeente.objects.only("id", "name", "cbs_code").order_by("name")
    return render(
        request,
        "organisations/platform_gemeente_list.html",
        {"gemeenten": list(rows), "form": form, "breadcrumbs": [{"label": "Gemeenten", "url": None}]},
    )
