from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.forms import DateField, NldsFormMixin

from .validators import validate_password_dutch


class LoginForm(NldsFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Deze combinatie van e-mailadres en wachtwoord is onbekend. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief."),
    }


class AcceptInvitationForm(NldsFormMixin, forms.Form):
    """Accept an invitation: a new account's password, or the existing account's password.

    The same form for both, so the page does not tell whether the invited address already
    has an account (``accounts.services.join_by_invitation`` handles both).
    """

    full_name = forms.CharField(
        label=_("Uw naam"),
        max_length=150,
        help_text=_("Heeft u al een account, dan blijft de naam van dat account staan."),
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            from accounts.models import User

            try:
                validate_password_dutch(p1, User(email=self.email, full_name=data.get("full_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CodeForm(NldsFormMixin, forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": _("Vul de code in.")},
    )


class TotpConfirmForm(CodeForm):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=10,
        help_text=_("Vul de zescijferige code in die de app nu toont."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Vul de code in.")},
    )


class PasswordChangeForm(NldsFormMixin, auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
        "password_incorrect": _("Uw huidige wachtwoord is niet juist. Probeer het opnieuw."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Herhaal het nieuwe wachtwoord")
        self.fields["new_password2"].help_text = ""
        for field in self.fields.values():
            field.error_messages["required"] = _("Dit veld is verplicht.")

    def validate_password_for_user(self, user: Any, password_field_name: str = "new_password2") -> None:  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                validate_password_dutch(password, user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)


class TokenForm(NldsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Omschrijving"),
        max_length=100,
        help_text=_("Waarvoor gebruikt u dit token? Bijvoorbeeld: koppeling met het zaaksysteem."),
        error_messages={"required": _("Geef het token een omschrijving.")},
    )
    expires_on = DateField(
        label=_("Geldig tot en met"),
        required=False,
        help_text=_("Laat leeg voor een token zonder einddatum. Formaat: dd-mm-jjjj."),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")},
    )

    def clean_expires_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("De einddatum moet na vandaag liggen."))
        return value

    @property
    def expires_at(self) -> datetime | None:
        value = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        # Valid through the whole chosen day (local time).
        return timezone.make_aware(datetime.combine(value + timedelta(days=1), time.min))
