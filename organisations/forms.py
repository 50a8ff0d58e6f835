from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lib.concurrency import VersionedModelForm
from lib.forms import NldsFormMixin

from .models import Gemeente, Membership, PartnerOrganisatie, Role, Thema, cbs_code_validator, colour_validator
from .theme import contrast_ratio

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


class RoleFieldsMixin(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    themes = forms.MultipleChoiceField(
        label=_("Thema's (alleen voor thema-eigenaren)"),
        choices=Thema.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner = forms.ModelChoiceField(
        label=_("Partnerorganisatie (alleen voor ketenpartners)"),
        queryset=PartnerOrganisatie.objects.none(),
        required=False,
        empty_label=_("— geen —"),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = PartnerOrganisatie.objects.visible_to(
            membership
        )


class InviteForm(NldsFormMixin, RoleFieldsMixin):
    email = forms.EmailField(label=_("E-mailadres"))
    field_order = ["email", "role", "themes", "partner"]


class MemberRoleForm(NldsFormMixin, RoleFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return member_values(obj)


def member_values(member: Membership) -> dict[str, Any]:
    """A member's role, themes and partner as the role form holds them."""
    return {"role": member.role, "themes": list(member.themes), "partner": member.partner_id}


class PartnerForm(NldsFormMixin, forms.ModelForm):
    class Meta:
        model = PartnerOrganisatie
        fields = ["name"]


class GemeenteSettingsForm(NldsFormMixin, VersionedModelForm):
    logo_upload = forms.FileField(label=_("Nieuw logo (PNG of JPEG, hoogstens 512 kB)"), required=False)
    remove_logo = forms.BooleanField(label=_("Logo verwijderen"), required=False)
    mfa_required_roles = forms.MultipleChoiceField(
        label=_("Tweestapsverificatie verplicht voor"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Gemeente
        fields = ["name", "primary_colour", "accent_colour", "mfa_required_roles"]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_primary_colour(self) -> str:
        colour: str = self.cleaned_data["primary_colour"]
        colour_validator(colour)
        if contrast_ratio(colour, "#ffffff") < 4.5:
            raise forms.ValidationError(
                _(
                    "Deze kleur is te licht voor witte tekst op knoppen (contrast onder 4,5:1). Kies een donkerder kleur."
                )
            )
        return colour.lower()

    def clean_accent_colour(self) -> str:
        colour: str = self.cleaned_data["accent_colour"]
        colour_validator(colour)
        if contrast_ratio(colour, "#ffffff") < 4.5:
            raise forms.ValidationError(
                _("Deze kleur heeft te weinig contrast met een witte achtergrond (onder 4,5:1).")
            )
        return colour.lower()

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        if upload.size > settings.LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Het logo is groter dan 512 kB."))
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(PNG):
            upload.kapstok_content_type = "image/png"
        elif head.startswith(JPEG):
            upload.kapstok_content_type = "image/jpeg"
        else:
            raise forms.ValidationError(_("Het logo moet een PNG- of JPEG-afbeelding zijn."))
        return upload

    def changed_or_all(self) -> list[str]:
        fields = ["name", "primary_colour", "accent_colour", "mfa_required_roles"]
        if self.cleaned_data.get("logo_upload") or self.cleaned_data.get("remove_logo"):
            fields += ["logo", "logo_content_type"]
        return fields


class NewGemeenteForm(NldsFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van de gemeente"), max_length=100)
    cbs_code = forms.CharField(
        label=_("CBS-gemeentecode"),
        max_length=6,
        validators=[cbs_code_validator],
        help_text=_("'GM' gevolgd door vier cijfers, bijvoorbeeld GM0363."),
    )
    coordinator_email = forms.EmailField(label=_("E-mailadres van de eerste coördinator"))

    def clean_cbs_code(self) -> str:
        code: str = self.cleaned_data["cbs_code"].upper()
        if Gemeente.objects.filter(cbs_code=code).exists():
            raise forms.ValidationError(_("Er is al een gemeente met deze CBS-code."))
        return code
