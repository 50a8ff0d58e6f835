"""Small helpers for the accounts tests."""

from __future__ import annotations

from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lib import tenancy
from organisations.models import Gemeente


def require_mfa_for(gemeente: Any, *roles: str) -> None:
    with tenancy.bound(gemeente=gemeente.pk):
        Gemeente.objects.filter(pk=gemeente.pk).update(mfa_required_roles=list(roles))


def make_totp(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def make_recovery_codes(user: Any, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device
