"""Gemeenten, their partner organisations, and who may do what in them."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.models import GemeenteModel, VersionedModel
from lib.tenancy import GEMEENTE, INVITATION, PLATFORM, USER, Policy

from .querysets import InvitationQuerySet, MembershipQuerySet, PartnerQuerySet

CBS_CODE_REGEX = r"^GM[0-9]{4}$"
HEX_COLOUR_REGEX = r"^#[0-9a-fA-F]{6}$"
cbs_code_validator = RegexValidator(
    CBS_CODE_REGEX,
    _("Een CBS-gemeentecode bestaat uit 'GM' en vier cijfers, bijvoorbeeld GM0363."),
)
colour_validator = RegexValidator(
    HEX_COLOUR_REGEX, _("Geef een kleur als # gevolgd door zes hexadecimale tekens, zoals #1d5f8a.")
)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator")
    THEMA_EIGENAAR = "thema_eigenaar", _("Thema-eigenaar")
    BESTUURDER = "bestuurder", _("Bestuurder / lezer")
    KETENPARTNER = "ketenpartner", _("Ketenpartner")
    MELDER = "melder", _("Melder")
    AUDITOR = "auditor", _("Auditor")


class Thema(models.TextChoices):
    """Themes a thema-eigenaar can own: the security themes and the IVP veiligheidsvelden."""

    INFORMATIEBEVEILIGING = "informatiebeveiliging", _("Informatiebeveiliging")
    FYSIEKE_BEVEILIGING = "fysieke_beveiliging", _("Fysieke beveiliging")
    PERSONELE_BEVEILIGING = "personele_beveiliging", _("Personele beveiliging")
    INTEGRITEIT = "integriteit", _("Integriteit")
    CONTINUITEIT = "continuiteit", _("Continuïteit")
    WOON_LEEFOMGEVING = "veilige_woon_leefomgeving", _("Veilige woon- en leefomgeving")
    BEDRIJVIGHEID = "bedrijvigheid_veiligheid", _("Bedrijvigheid en veiligheid")
    JEUGD = "jeugd_veiligheid", _("Jeugd en veiligheid")
    FYSIEKE_VEILIGHEID = "fysieke_veiligheid", _("Fysieke veiligheid")
    INTEGRITEIT_VEILIGHEID = "integriteit_veiligheid", _("Integriteit en veiligheid")


@pghistory.track(exclude=["logo"])
class Gemeente(VersionedModel):
    """A municipality: the tenant. Every gemeente table points here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-gemeentecode"), max_length=6, unique=True, validators=[cbs_code_validator])
    primary_colour = models.CharField(_("hoofdkleur"), max_length=7, default="#1d4f91", validators=[colour_validator])
    accent_colour = models.CharField(_("accentkleur"), max_length=7, default="#0b6e4f", validators=[colour_validator])
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(_("bestandstype van het logo"), max_length=20, blank=True, editable=False)
    mfa_required_roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices),
        verbose_name=_("tweestapsverificatie verplicht voor"),
        default=list,
        blank=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    # The registry of gemeenten: a gemeente sees its own row, a user the gemeenten they belong
    # to, a platform-beheerder all of them (names and codes only: no content lives here).
    rls_policy = Policy(
        using=(
            f"id = {GEMEENTE} OR {PLATFORM} OR EXISTS (SELECT 1 FROM organisations_membership m "
            f"WHERE m.gemeente_id = organisations_gemeente.id AND m.user_id = {USER})"
        ),
        check=f"{PLATFORM} OR id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=CBS_CODE_REGEX),
                name="gemeente_cbs_code_format",
                violation_error_message=_("De CBS-gemeentecode heeft een ongeldig formaat."),
            ),
            models.UniqueConstraint(
                fields=["cbs_code"],
                name="gemeente_cbs_code_unique",
                violation_error_message=_("Er is al een gemeente met deze CBS-code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:gemeente_settings")

    def mfa_required_for(self, role: str) -> bool:
        return role in self.mfa_required_roles


@pghistory.track()
class PartnerOrganisatie(GemeenteModel):
    """A chain partner of the gemeente (police, fire brigade, a school...)."""

    name = models.CharField(_("naam"), max_length=150)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "name"],
                name="partner_name_unique_per_gemeente",
                violation_error_message=_("Deze gemeente heeft al een partnerorganisatie met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:partners")


@pghistory.track()
class Membership(GemeenteModel):
    """A user's role in a gemeente."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    themes = ArrayField(
        models.CharField(max_length=40, choices=Thema.choices),
        verbose_name=_("thema's"),
        default=list,
        blank=True,
        help_text=_("Alleen voor thema-eigenaren: de thema's die deze persoon beheert."),
    )
    partner = models.ForeignKey(
        PartnerOrganisatie,
        verbose_name=_("partnerorganisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    herinneringen = models.BooleanField(
        _("herinneringen per e-mail"),
        default=True,
        help_text=_("Een e-mail met wat binnenkort of te laat is; de persoon zet het zelf aan of uit."),
    )

    objects = MembershipQuerySet.as_manager()

    # A user also sees their own memberships in other gemeenten (to switch between them).
    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR user_id = {USER}",
        check=f"gemeente_id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "user"],
                name="membership_one_per_user_per_gemeente",
                violation_error_message=_("Deze persoon is al lid van deze gemeente."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="membership_role_valid",
                violation_error_message=_("Onbekende rol."),
            ),
            models.CheckConstraint(
                condition=Q(role="ketenpartner", partner__isnull=False)
                | (~Q(role="ketenpartner") & Q(partner__isnull=True)),
                name="membership_partner_only_for_ketenpartner",
                violation_error_message=_(
                    "Een ketenpartner hoort bij precies één partnerorganisatie; andere rollen bij geen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="thema_eigenaar") | Q(themes=[]),
                name="membership_themes_only_for_thema_eigenaar",
                violation_error_message=_("Alleen thema-eigenaren hebben thema's."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("organisations:member_edit", args=[self.pk])

    @property
    def theme_labels(self) -> list[str]:
        return [str(Thema(t).label) for t in self.themes]


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@pghistory.track()
class Invitation(GemeenteModel):
    """An invitation link for a person to join a gemeente in a role."""

    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    themes = ArrayField(
        models.CharField(max_length=40, choices=Thema.choices), verbose_name=_("thema's"), default=list, blank=True
    )
    partner = models.ForeignKey(
        PartnerOrganisatie,
        verbose_name=_("partnerorganisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    code_hash = models.CharField(_("hash van de code"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("geldig tot"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    # Visible to its gemeente, or to whoever presents its code.
    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE} OR code_hash = {INVITATION}",
        check=f"gemeente_id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("organisations:members")

    @staticmethod
    def new_code() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_expired
