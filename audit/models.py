"""The security log: authentication and access events (data history lives in pghistory)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.querysets import GemeenteQuerySet
from lib.tenancy import GEMEENTE, Policy


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
    LOCKOUT = "lockout", _("Account tijdelijk geblokkeerd")
    LOGOUT = "logout", _("Uitgelogd")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Overal uitgelogd")
    MFA_ENABLED = "mfa_enabled", _("Tweestapsverificatie ingesteld")
    MFA_DISABLED = "mfa_disabled", _("Tweestapsverificatie verwijderd")
    MFA_FAILED = "mfa_failed", _("Verificatiecode onjuist")
    RECOVERY_USED = "recovery_used", _("Herstelcode gebruikt")
    PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
    TOKEN_CREATED = "token_created", _("API-token aangemaakt")
    TOKEN_REVOKED = "token_revoked", _("API-token ingetrokken")
    TOKEN_USED = "token_used", _("API-token gebruikt")
    TOKEN_REJECTED = "token_rejected", _("Ongeldig API-token aangeboden")
    ROLE_CHANGED = "role_changed", _("Rol gewijzigd")
    MEMBER_REMOVED = "member_removed", _("Lid verwijderd")
    INVITATION_SENT = "invitation_sent", _("Uitnodiging verstuurd")
    INVITATION_ACCEPTED = "invitation_accepted", _("Uitnodiging geaccepteerd")
    EXPORT = "export", _("Export gemaakt")
    ACCESS_DENIED = "access_denied", _("Toegang geweigerd")


class SecurityEventQuerySet(GemeenteQuerySet["SecurityEvent"]):
    pass


class SecurityEvent(models.Model):
    """One security-relevant event. Append-only: the app role never updates or deletes it.

    Events without a gemeente (a failed login for an unknown name) are not stored here; they
    go to the ``kapstok.security`` log stream only.
    """

    id = models.BigAutoField(primary_key=True)
    gemeente = models.ForeignKey(
        "organisations.Gemeente", verbose_name=_("gemeente"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("gebeurtenis"), max_length=30, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("gebruikersnaam"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True)
    origin = models.CharField(_("herkomst"), max_length=10, default="web")
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    append_only = True

    rls_policy = Policy(
        using=f"gemeente_id = {GEMEENTE}",
        check=f"gemeente_id = {GEMEENTE}",
    )

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingslog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["gemeente", "-at"], name="securityevent_gemeente_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class Handeling(models.Model):
    """One action in a gemeente's history: the changes of one history context (or one change
    made without a context), with the history tables and kinds of change it touched. Of actions
    with the same latest time (one transaction), the one recorded first has the lowest ``id``.
    Its number of changes is counted when it is shown (``audit.history``): a count kept here
    would be rewritten by every statement of a long transaction.

    A statement-level trigger on every history table keeps these rows (``audit.handelingen``), so
    the history page and the start page find the newest actions through one index instead of
    grouping the union of every history table. Bookkeeping, not content: it has no history of
    its own, and the app role never changes it directly.
    """

    id = models.BigAutoField(primary_key=True)
    gemeente = models.ForeignKey(
        "organisations.Gemeente", verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    sleutel = models.TextField(_("handeling"))  # the context id, or "<event model label>:<pgh_id>"
    tijdstip = models.DateTimeField(_("laatste wijziging"))
    modellen = ArrayField(models.TextField(), verbose_name=_("historietabellen"))  # event model labels, sorted
    soorten = ArrayField(models.TextField(), verbose_name=_("soorten wijziging"))  # pgh_label values, sorted

    history_exempt = "an index of the history itself, kept by triggers on the history tables"

    class Meta:
        verbose_name = _("handeling")
        verbose_name_plural = _("handelingen")
        constraints = [models.UniqueConstraint(fields=["gemeente", "sleutel"], name="handeling_unique")]
        indexes = [
            models.Index(
                models.F("gemeente"),
                models.F("tijdstip").desc(),
                models.F("id").desc(),
                name="handeling_recentst",
            )
        ]

    def __str__(self) -> str:
        return self.sleutel
