"""Workflows around gemeenten and memberships, shared by HTML views, API and commands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import SecurityEventKind
from audit.services import record_security_event
from lib import permissions, tenancy
from lib.concurrency import StaleVersionError, save_versioned

from .models import Gemeente, Invitation, Membership, PartnerOrganisatie, Role, Thema, hash_code

User = get_user_model()


def _may(by: Membership, capability: str, gemeente_id: Any) -> None:
    """Refuse what the acting member's role may not do, or what belongs to another gemeente."""
    permissions.require_same_gemeente(by, gemeente_id)
    permissions.require(by, capability)


def clean_role_fields(*, role: str, themes: list[str], partner: PartnerOrganisatie | None, gemeente_id: Any) -> None:
    """Validate the role-specific fields together, with every problem at once."""
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors.setdefault("role", []).append(_("Onbekende rol."))
    unknown = [t for t in themes if t not in Thema.values]
    if unknown:
        errors.setdefault("themes", []).append(_("Onbekend thema: %s.") % ", ".join(unknown))
    if role == Role.THEMA_EIGENAAR and not themes:
        errors.setdefault("themes", []).append(_("Kies minstens één thema voor een thema-eigenaar."))
    if role != Role.THEMA_EIGENAAR and themes:
        errors.setdefault("themes", []).append(_("Alleen thema-eigenaren hebben thema's."))
    if role == Role.KETENPARTNER and partner is None:
        errors.setdefault("partner", []).append(_("Kies de partnerorganisatie van deze ketenpartner."))
    if role != Role.KETENPARTNER and partner is not None:
        errors.setdefault("partner", []).append(_("Alleen ketenpartners horen bij een partnerorganisatie."))
    if partner is not None and partner.gemeente_id != gemeente_id:
        errors.setdefault("partner", []).append(_("Onbekende partnerorganisatie."))
    if errors:
        raise ValidationError(errors)


def change_role(
    *,
    membership: Membership,
    by: Membership,
    role: str,
    themes: list[str],
    partner: PartnerOrganisatie | None,
    expected_version: int,
    request: Any = None,
    origin: str = "web",
) -> Membership:
    """Give a member another role. The last coördinator cannot stop being one."""
    _may(by, "members.manage", membership.gemeente_id)
    clean_role_fields(role=role, themes=themes, partner=partner, gemeente_id=membership.gemeente_id)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.role == Role.COORDINATOR and role != Role.COORDINATOR:
            others = (
                Membership.objects.filter(gemeente_id=locked.gemeente_id, role=Role.COORDINATOR)
                .exclude(pk=locked.pk)
                .select_for_update()
            )
            if not others.exists():
                raise ValidationError(
                    {
                        "role": [
                            _(
                                "De laatste coördinator kan geen andere rol krijgen. Wijs eerst een andere coördinator aan."
                            )
                        ]
                    }
                )
        before = locked.get_role_display()
        membership.role, membership.themes, membership.partner = role, themes, partner
        save_versioned(membership, expected_version=expected_version, fields=["role", "themes", "partner"])
        record_security_event(
            SecurityEventKind.ROLE_CHANGED,
            request=request,
            user=by.user,
            gemeente_id=membership.gemeente_id,
            origin=origin,
            detail=f"{membership.user.email}: {before} → {membership.get_role_display()}",
        )
    return membership


def remove_member(*, membership: Membership, by: Membership, request: Any = None) -> None:
    """Remove a member from the gemeente. The last coördinator cannot be removed."""
    _may(by, "members.manage", membership.gemeente_id)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.role == Role.COORDINATOR:
            coordinators = Membership.objects.filter(
                gemeente_id=locked.gemeente_id, role=Role.COORDINATOR
            ).select_for_update()
            if coordinators.count() <= 1:
                raise ValidationError(
                    _("De laatste coördinator kan niet worden verwijderd. Wijs eerst een andere coördinator aan.")
                )
        email = locked.user.email
        locked.api_tokens.all().delete()
        locked.delete()
        record_security_event(
            SecurityEventKind.MEMBER_REMOVED,
            request=request,
            user=by.user,
            gemeente_id=membership.gemeente_id,
            detail=email,
        )


def invite(
    *,
    by: Membership,
    email: str,
    role: str,
    themes: list[str] | None = None,
    partner: PartnerOrganisatie | None = None,
    request: Any = None,
) -> tuple[Invitation, str]:
    """A coördinator invites a person to the gemeente; returns the invitation and its one-time code.

    Whether the address already has an account (here or in another gemeente) is deliberately
    not revealed: the invitation works the same either way.
    """
    _may(by, "members.manage", by.gemeente_id)
    return _invitation(
        gemeente=by.gemeente,
        invited_by=by.user,
        email=email,
        role=role,
        themes=themes,
        partner=partner,
        request=request,
    )


def _invitation(
    *,
    gemeente: Gemeente,
    invited_by: Any,
    email: str,
    role: str,
    themes: list[str] | None = None,
    partner: PartnerOrganisatie | None = None,
    request: Any = None,
) -> tuple[Invitation, str]:
    themes = themes or []
    email = email.strip().lower()
    clean_role_fields(role=role, themes=themes, partner=partner, gemeente_id=gemeente.pk)
    if Membership.objects.filter(gemeente_id=gemeente.pk, user__email__iexact=email).exists():
        raise ValidationError({"email": [_("Deze persoon is al lid van deze gemeente.")]})
    code = Invitation.new_code()
    invitation = Invitation.objects.create(
        gemeente=gemeente,
        email=email,
        role=role,
        themes=themes,
        partner=partner,
        code_hash=hash_code(code),
        invited_by=invited_by,
    )
    record_security_event(
        SecurityEventKind.INVITATION_SENT,
        request=request,
        user=invited_by,
        gemeente_id=gemeente.pk,
        detail=f"{email} ({invitation.get_role_display()})",
    )
    return invitation, code


def revoke_invitation(*, by: Membership, invitation: Invitation) -> None:
    """Withdraw an invitation that was not used yet (its link stops working)."""
    _may(by, "members.manage", invitation.gemeente_id)
    invitation.delete()


def add_partner(*, by: Membership, name: str) -> PartnerOrganisatie:
    """Add a chain partner organisation to the gemeente (names are unique per gemeente)."""
    _may(by, "partners.manage", by.gemeente_id)
    partner = PartnerOrganisatie(gemeente_id=by.gemeente_id, name=" ".join((name or "").split()))
    partner.full_clean(exclude=["gemeente"], validate_constraints=False)
    partner.validate_constraints()  # the name is unique within the gemeente
    partner.save()
    return partner


def update_settings(
    *,
    by: Membership,
    gemeente: Gemeente,
    expected_version: int,
    logo: tuple[bytes, str] | None = None,
    remove_logo: bool = False,
    **fields: Any,
) -> Gemeente:
    """Change the gemeente's name, colours, second-factor rule and logo; refuses a stale version.

    ``logo`` is (bytes, content type), checked by the form; ``remove_logo`` takes it away.
    """
    _may(by, "gemeente.settings", gemeente.pk)
    unknown = set(fields) - {"name", "primary_colour", "accent_colour", "mfa_required_roles"}
    if unknown:
        raise ValidationError(f"Onbekende instellingen: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(gemeente, name, value)
    changed = list(fields)
    if logo is not None or remove_logo:
        gemeente.logo, gemeente.logo_content_type = logo if logo is not None else (None, "")
        changed += ["logo", "logo_content_type"]
    gemeente.full_clean(exclude=["cbs_code"], validate_unique=False, validate_constraints=False)
    save_versioned(gemeente, expected_version=expected_version, fields=changed)
    return gemeente


def find_invitation(code: str) -> Invitation | None:
    """The invitation for a code. Row-level security shows it only to whoever has the code;
    its gemeente and partner are then read with that gemeente bound, for display."""
    code_hash = hash_code(code)
    with tenancy.bound(invitation=code_hash):
        invitation = Invitation.objects.filter(code_hash=code_hash).first()
        if invitation is not None:
            tenancy.bind(gemeente=invitation.gemeente_id, invitation=code_hash)
            invitation.gemeente = Gemeente.objects.get(pk=invitation.gemeente_id)
            if invitation.partner_id:
                invitation.partner = PartnerOrganisatie.objects.get(pk=invitation.partner_id)
    return invitation


def accept_invitation(
    *, code: str, user: Any = None, password: str | None = None, full_name: str = "", request: Any = None
) -> Membership:
    """Turn an open invitation into a membership.

    With ``user`` (someone who proved they are that person: logged in, or their password
    checked): join with that account, which must have the invited address. Without: create
    the account for the invited address with ``password``; an address that already has an
    account is refused, so nobody joins an existing account without its password.
    """
    code_hash = hash_code(code)
    with tenancy.bound(invitation=code_hash):
        invitation = Invitation.objects.select_for_update().filter(code_hash=code_hash).first()
        if invitation is None:
            raise ValidationError(_("Deze uitnodiging bestaat niet."))
        if invitation.accepted_at is not None:
            raise ValidationError(_("Deze uitnodiging is al gebruikt."))
        if invitation.is_expired:
            raise ValidationError(_("Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe uitnodiging."))
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise ValidationError(_("Er bestaat al een account met dit e-mailadres."))
            user = User.objects.create_user(invitation.email, password, full_name=full_name)
        elif user.email.lower() != invitation.email.lower():
            raise ValidationError(_("Deze uitnodiging is voor een ander e-mailadres dan waarmee u bent ingelogd."))
        tenancy.bind(gemeente=invitation.gemeente_id, user=user.pk, invitation=code_hash)
        membership, _created = Membership.objects.get_or_create(
            gemeente_id=invitation.gemeente_id,
            user=user,
            defaults={"role": invitation.role, "themes": invitation.themes, "partner": invitation.partner},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        record_security_event(
            SecurityEventKind.INVITATION_ACCEPTED,
            request=request,
            user=user,
            gemeente_id=invitation.gemeente_id,
            detail=invitation.email,
        )
    return membership


def create_gemeente(*, name: str, cbs_code: str, coordinator_email: str, by: Any) -> tuple[Gemeente, str]:
    """Platform-beheerder: register a gemeente and invite its first coördinator."""
    if not getattr(by, "is_platform_admin", False):
        raise PermissionDenied(_("Alleen een platformbeheerder maakt gemeenten aan."))
    gemeente = Gemeente(name=name, cbs_code=cbs_code.upper())
    gemeente.full_clean()
    with tenancy.bound(platform=True, gemeente=gemeente.pk, user=by.pk):
        gemeente.save()
        _first, code = _invitation(gemeente=gemeente, invited_by=by, email=coordinator_email, role=Role.COORDINATOR)
    return gemeente, code


__all__ = [
    "StaleVersionError",
    "accept_invitation",
    "add_partner",
    "change_role",
    "create_gemeente",
    "find_invitation",
    "invite",
    "remove_member",
    "revoke_invitation",
    "update_settings",
]
