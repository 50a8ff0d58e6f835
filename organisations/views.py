from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lib.forms import save_form
from lib.labels import with_labels
from lib.navigation import Crumb, breadcrumbs
from lib.pagination import page_of
from lib.permissions import has, requires

from . import services
from .forms import GemeenteSettingsForm, InviteForm, MemberRoleForm, NewGemeenteForm, PartnerForm, member_values
from .models import Gemeente, Invitation, Membership, PartnerOrganisatie, Role
from .theme import theme_css as render_theme_css

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest, UserHttpRequest


MEMBERS_PER_PAGE = 50


def _crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(*items)


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
    crumbs = _crumbs(("Leden", reverse("organisations:members")), ("Uitnodigen", None))
    created: list[tuple[Invitation, str]] = []

    def save(data: dict[str, Any]) -> str:
        fields = {name: data[name] for name in ("email", "role", "themes", "partner")}
        created.append(services.invite(by=request.membership, request=request, **fields))
        return f"Uitnodiging voor {created[0][0].email} aangemaakt."

    message = save_form(form, save) if request.method == "POST" else None
    if message is None:
        return render(request, "organisations/invitation_form.html", {"form": form, "breadcrumbs": crumbs})
    messages.success(request, message)
    invitation, code = created[0]
    link = request.build_absolute_uri(reverse("accounts:accept_invitation", args=[code]))
    crumbs = _crumbs(("Leden", reverse("organisations:members")), ("Uitnodiging", None))
    context = {"invitation": invitation, "link": link, "breadcrumbs": crumbs}
    return render(request, "organisations/invitation_created.html", context)


@requires("members.manage")
def member_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    members = Membership.objects.visible_to(request.membership).select_related("user", "partner")
    member = get_object_or_404(members, pk=pk)
    form = MemberRoleForm(
        request.POST or None,
        initial={**member_values(member), "version": member.version},
        membership=request.membership,
    )

    def save(data: dict[str, Any]) -> str:
        fields = {name: data[name] for name in ("role", "themes", "partner")}
        services.change_role(
            membership=member, by=request.membership, expected_version=data["version"], request=request, **fields
        )
        return f"De rol van {member.user} is gewijzigd."

    message = (
        save_form(form, save, current=lambda: get_object_or_404(members, pk=pk)) if request.method == "POST" else None
    )
    if message is not None:
        messages.success(request, message)
        return redirect("organisations:members")
    crumbs = _crumbs(("Leden", reverse("organisations:members")), (str(member.user), None))
    context = {
        "form": form,
        "member": member,
        "breadcrumbs": crumbs,
        "error_focus": form.is_bound and bool(form.errors),
    }
    return render(request, "organisations/membership_form.html", context)


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
    services.revoke_invitation(by=request.membership, invitation=invitation)
    messages.success(request, f"De uitnodiging voor {invitation.email} is ingetrokken.")
    return redirect("organisations:members")


@requires("partners.view")
def partners(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 1 query: the gemeente's partner organisations
    form = PartnerForm(request.POST or None) if has(request, "partners.manage") else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        message = save_form(form, lambda data: _add_partner(request, data["name"]))
        if message is not None:
            messages.success(request, message)
            return redirect("organisations:partners")
    rows = PartnerOrganisatie.objects.visible_to(request.membership)
    context = {"partners": list(rows), "form": form, "breadcrumbs": _crumbs(("Partnerorganisaties", None))}
    return render(request, "organisations/partnerorganisatie_list.html", context)


def _add_partner(request: AuthenticatedHttpRequest, name: str) -> str:
    partner = services.add_partner(by=request.membership, name=name)
    return f"Partnerorganisatie {partner.name} toegevoegd."


@requires("gemeente.settings")
def gemeente_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    gemeente = request.membership.gemeente
    form = GemeenteSettingsForm(request.POST or None, request.FILES or None, instance=copy.copy(gemeente))

    def save(data: dict[str, Any]) -> str:
        upload = data.get("logo_upload")
        services.update_settings(
            by=request.membership,
            gemeente=gemeente,
            expected_version=data["version"],
            logo=(upload.read(), upload.kapstok_content_type) if upload else None,
            remove_logo=bool(data.get("remove_logo")),
            **{name: data[name] for name in ("name", "primary_colour", "accent_colour", "mfa_required_roles")},
        )
        return "De instellingen zijn opgeslagen."

    current = lambda: Gemeente.objects.get(pk=gemeente.pk)  # noqa: E731
    message = save_form(form, save, current=current) if request.method == "POST" else None
    if message is not None:
        messages.success(request, message)
        return redirect("organisations:gemeente_settings")
    context = {
        "form": form,
        "breadcrumbs": _crumbs(("Instellingen", None)),
        "error_focus": form.is_bound and bool(form.errors),
    }
    return render(request, "organisations/gemeente_form.html", context)


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
