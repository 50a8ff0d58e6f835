"""People who log in, and their personal API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import pghistory
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel
from lib.querysets import GemeenteQuerySet
from lib.tenancy import GEMEENTE, TOKEN, Policy


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_platform_admin", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an e-mail address; belongs to gemeenten through memberships."""

    public_id = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(
        _("e-mailadres"),
        unique=True,
        error_messages={"unique": _("Er bestaat al een account met dit e-mailadres.")},
    )
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_platform_admin = models.BooleanField(
        _("platformbeheerder"),
        default=False,
        help_text=_("Beheert gemeenten op dit platform; ziet geen inhoud van gemeenten."),
    )
    sessions_epoch = models.PositiveIntegerField(_("sessieteller"), default=0, editable=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    # Set on the request's user by django_otp's OTPMiddleware: whether the session passed a second factor.
    is_verified: Callable[[], bool]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    @property
    def is_staff(self) -> bool:  # Django admin is not used; keep the attribute for libraries.
        return False

    def get_session_auth_hash(self) -> str:
        """Sessions carry this hash; bumping ``sessions_epoch`` ends every session (logout everywhere)."""
        return salted_hmac("kapstok.session", f"{self.password}:{self.sessions_epoch}", algorithm="sha256").hexdigest()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(GemeenteQuerySet["ApiToken"]):
    def visible_to(self, membership: Any) -> ApiTokenQuerySet:
        if membership is None:
            return self.none()
        return self.filter(membership=membership)

    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


@pghistory.track(exclude=["last_used_at"])
class ApiToken(GemeenteModel):
    """A personal API token bound to one membership. Only its SHA-256 hash is stored."""

    PREFIX = "kap_"

    membership = models.ForeignKey(
        "organisations.Membership", verbose_name=_("lidmaatschap"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("omschrijving"), max_length=100)
    key_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("begin van de sleutel"), max_length=12, editable=False)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    # Using a token is not a change a page shows (lib.revisions).
    revision_ignores = ("last_used_at",)

    # Visible to its gemeente, or to whoever presents the token itself.
    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR key_hash = {TOKEN}",
        check=f"gemeente_id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    def get_absolute_url(self) -> str:
        return reverse("accounts:tokens")

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        """A new raw token, its hash and a short hint to recognise it by."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return raw, hash_token(raw), raw[: len(cls.PREFIX) + 4]

    def matches(self, raw: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_token(raw))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


SESSION_GEMEENTE_KEY = "gemeente"
