"""Account workflows: second factor, password, sessions and personal API tokens.

Every workflow that matters for security writes the security log itself
(:func:`record_for_user`, :func:`record_for_token`).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import SecurityEventKind
from audit.services import record_security_event
from lib import tenancy
from organisations.models import Membership

from .http import UserHttpRequest
from .middleware import MFA_ENROLLED_KEY
from .models import ApiToken, User

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"
# Set at login: whether the user has a second factor, so the middleware asks for it
# without a query on every request.
SESSION_MFA_ENROLLED = MFA_ENROLLED_KEY


# --- security log -----------------------------------------------------------------------------


def gemeenten_of(user: User) -> list[Any]:
    """Ids of the gemeenten the user is a member of (readable through ``app.user``)."""
    with tenancy.bound(user=user.pk):
        return list(Membership.objects.filter(user=user).values_list("gemeente_id", flat=True))


def record_for_user(
    kind: str,
    *,
    user: User | None,
    request: HttpRequest | None = None,
    username: str = "",
    detail: str = "",
    origin: str = "web",
) -> int:
    """Record an event of a person once for every gemeente they belong to.

    Without a known user or without memberships the event carries no gemeente and only
    reaches the log stream. Returns the number of rows written. Never pass secrets.
    """
    gemeente_ids = gemeenten_of(user) if user is not None else []
    if not gemeente_ids:
        with tenancy.bound(user=user.pk if user else None):
            record_security_event(
                kind, user=user, request=_without_membership(request), username=username, detail=detail, origin=origin
            )
        return 1
    for gemeente_id in gemeente_ids:
        assert user is not None
        with tenancy.bound(gemeente=gemeente_id, user=user.pk):
            record_security_event(
                kind,
                request=request,
                user=user,
                gemeente_id=gemeente_id,
                username=username,
                detail=detail,
                origin=origin,
            )
    return len(gemeente_ids)


def record_for_token(kind: str, *, token: ApiToken, user: Any, request: HttpRequest | None) -> None:
    """Record an event of a token: it belongs to one membership, so to one gemeente."""
    with tenancy.bound(gemeente=token.gemeente_id, user=user.pk):
        record_security_event(
            kind, request=request, user=user, gemeente_id=token.gemeente_id, detail=f"{token.name} ({token.key_hint}…)"
        )


class _NoMembership:
    """A request stand-in that keeps the client address but no active gemeente."""

    def __init__(self, request: HttpRequest) -> None:
        self.META = request.META
        self.membership = None


def _without_membership(request: HttpRequest | None) -> Any:
    return _NoMembership(request) if request is not None else None


# --- second factor (TOTP and recovery codes) -------------------------------------------------


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up (made on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class TotpSetup:
    secret: str  # base32, for manual entry
    qr_data_uri: str


def totp_setup_details(device: TOTPDevice, *, account: str) -> TotpSetup:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    issuer = settings.OTP_TOTP_ISSUER
    uri = (
        f"otpauth://totp/{quote(issuer)}:{quote(account)}?secret={secret}&issuer={quote(issuer)}"
        f"&digits={device.digits}&period={device.step}&algorithm=SHA1"
    )
    return TotpSetup(secret=_group(secret), qr_data_uri=segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    return "".join(code.split()).lower()


def confirm_totp(*, request: UserHttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; return fresh recovery codes.

    None (and nothing changed) when the code is wrong.
    """
    user = request.user
    with transaction.atomic():
        if device.user_id != user.pk or device.confirmed or not device.verify_token(_normalise(code)):
            record_for_user(SecurityEventKind.MFA_FAILED, user=user, request=request, detail="instellen")
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
    django_otp.login(request, device)
    request.session[SESSION_MFA_ENROLLED] = True
    record_for_user(SecurityEventKind.MFA_ENABLED, user=user, request=request)
    return codes


def _replace_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c.replace("-", "")) for c in codes])
    return codes


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _match(user: Any, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts the code: the authenticator, else a (then spent) recovery code."""
    token = _normalise(code).replace("-", "")
    if not token:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if token.isdigit() and device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_is_allowed()[0] and static.verify_token(token):
            return static
    return None


def verify_second_factor(*, request: UserHttpRequest, code: str) -> bool:
    """Check a TOTP or recovery code; on success mark the session as verified."""
    user = request.user
    with transaction.atomic():
        device = _match(user, code)
    if device is None:
        record_for_user(SecurityEventKind.MFA_FAILED, user=user, request=request)
        return False
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        record_for_user(SecurityEventKind.RECOVERY_USED, user=user, request=request, detail=f"nog {left} over")
    return True


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def disable_second_factor(*, request: UserHttpRequest, code: str) -> bool:
    """Remove the authenticator and recovery codes, after a current code proves possession."""
    user = request.user
    with transaction.atomic():
        if _match(user, code) is None:
            record_for_user(SecurityEventKind.MFA_FAILED, user=user, request=request, detail="verwijderen")
            return False
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(SESSION_MFA_ENROLLED, None)
    record_for_user(SecurityEventKind.MFA_DISABLED, user=user, request=request)
    return True


# --- joining through an invitation -----------------------------------------------------------


def join_by_invitation(*, request: HttpRequest, invitation: Any, code: str, password: str, full_name: str) -> None:
    """An anonymous visitor with an invitation link joins with the invited address's account.

    The visitor fills in one form whether or not that address already has an account, and
    learns nothing about which it was: this returns nothing, and the caller answers the same
    either way. Without an account, one is created with ``password`` and ``full_name`` and
    the invitation accepted. With one, ``password`` must be that account's password, checked
    like a login (django-axes counts a wrong one towards the lockout, the security log
    records it); only then is the invitation accepted. Either way the visitor then logs in.
    """
    from django.contrib.auth import authenticate
    from django.core.exceptions import ValidationError

    from organisations import services as org_services

    existing = User.objects.filter(email__iexact=invitation.email).first()
    try:
        if existing is None:
            org_services.accept_invitation(code=code, password=password, full_name=full_name, request=request)
            return
        user = authenticate(request, username=existing.email, password=password)
        if getattr(request, "axes_locked_out", False):
            # Recorded here, but shown on the login page: this page answers the same for everyone.
            request.axes_locked_out = False  # type: ignore[attr-defined]  # set by django-axes
            record_for_user(
                SecurityEventKind.LOCKOUT, user=existing, request=request, username=existing.email, detail="uitnodiging"
            )
        if user is not None and user.pk == existing.pk:
            org_services.accept_invitation(code=code, user=user, request=request)
    except ValidationError:
        pass  # e.g. used or expired meanwhile; the invitation page says so when opened again


# --- password and sessions --------------------------------------------------------------------


def change_password(*, request: HttpRequest, user: User, new_password: str) -> None:
    """Set a new password; other sessions end, this one continues."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    record_for_user(SecurityEventKind.PASSWORD_CHANGED, user=user, request=request)


def logout_everywhere(*, request: HttpRequest, user: User) -> None:
    """End every session of the user, on every device (the caller then logs this one out)."""
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    record_for_user(SecurityEventKind.LOGOUT_EVERYWHERE, user=user, request=request)


# --- personal API tokens ----------------------------------------------------------------------


def create_token(
    *, request: HttpRequest, membership: Membership, name: str, expires_at: datetime | None
) -> tuple[ApiToken, str]:
    """A new token for the membership. The raw value is returned once and never stored."""
    raw, key_hash, hint = ApiToken.generate()
    token = ApiToken.objects.create(
        gemeente_id=membership.gemeente_id,
        membership=membership,
        name=name,
        key_hash=key_hash,
        key_hint=hint,
        expires_at=expires_at,
    )
    record_for_token(SecurityEventKind.TOKEN_CREATED, token=token, user=membership.user, request=request)
    return token, raw


def revoke_token(*, request: HttpRequest, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at, version=F("version") + 1)
    record_for_token(SecurityEventKind.TOKEN_REVOKED, token=token, user=request.user, request=request)
