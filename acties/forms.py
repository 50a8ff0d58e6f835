"""The forms of an action: the whole action (its editors), its progress (its owner), and the lists' filter."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, ModelChoiceField, NldsFormMixin
from organisations.models import Membership, Thema

from .models import LOSSE_BRONNEN, TOELICHTING_MAX, Bron, Status, Verbeteractie
from .services import OWNER_ROLES, deadline_default

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ERRORS = {
    "titel": {"required": "Schrijf op wat er gebeurt.", "max_length": "Gebruik hoogstens 200 tekens."},
    "resultaat": {
        "required": "Schrijf op waaraan te zien is dat de actie klaar is.",
        "max_length": "Gebruik hoogstens 300 tekens.",
    },
    "toelichting": {"max_length": f"Gebruik hoogstens {TOELICHTING_MAX} tekens."},
    "eigenaar": {"required": "Kies een eigenaar.", "invalid_choice": "Kies een eigenaar uit de lijst."},
    "thema": {"invalid_choice": "Kies een van de thema's."},
    "status": {"invalid_choice": "Kies een van de statussen."},
    "bron_titel": {"max_length": "Gebruik hoogstens 200 tekens."},
}


class OwnerField(ModelChoiceField):
    """A member of the gemeente, by name (or e-mail address)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class ActieForm(NldsFormMixin, VersionedModelForm):
    """A SMART action: what, done when, who, by when; the theme says which thema-eigenaar follows it."""

    deadline = DateField(
        label="Uiterlijk klaar op",
        widget=DATE_WIDGET,
        error_messages={"required": "Kies een deadline.", "invalid": "Vul een geldige datum in, zoals 31-12-2026."},
    )

    class Meta:
        model = Verbeteractie
        fields = Verbeteractie.EDIT_FIELDS
        field_classes = {"eigenaar": OwnerField}
        labels = {"titel": "Wat gebeurt er?", "resultaat": "Klaar als"}
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3, "maxlength": TOELICHTING_MAX})}
        error_messages = ERRORS

    def __init__(self, *args: Any, member: Membership, bron: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        eigenaar = cast(forms.ModelChoiceField, self.fields["eigenaar"])
        # Whom the member sees (a thema-eigenaar: only themselves, as for a risk's owner); the current owner stays.
        owners = Membership.objects.visible_to(member).filter(role__in=OWNER_ROLES, user__is_active=True)
        if self.instance.eigenaar_id:
            owners = owners | Membership.objects.filter(pk=self.instance.eigenaar_id, gemeente_id=member.gemeente_id)
        eigenaar.queryset = owners.select_related("user").order_by("user__email")
        eigenaar.empty_label = "— kies —"
        thema = cast(forms.ChoiceField, self.fields["thema"])
        thema.choices = [("", "Geen: de coördinator volgt haar"), *Thema.choices]
        if self.instance._state.adding:
            del self.fields["version"]
            del self.fields["status"]
            self.initial.setdefault("deadline", deadline_default())
        if bron:  # a finding from outside Kapstok: where it comes from
            self.fields["bron"] = forms.ChoiceField(
                label="Komt voort uit",
                choices=[(b.value, b.label) for b in LOSSE_BRONNEN],
                initial=Bron.AUDIT,
                error_messages={"required": "Kies waaruit de actie voortkomt.", "invalid_choice": "Kies een bron."},
            )
            self.fields["bron_titel"] = forms.CharField(
                label="Bron",
                max_length=200,
                required=False,
                help_text="Bijvoorbeeld: interne audit BIO 2026, evaluatie van de ontruimingsoefening.",
                error_messages=ERRORS["bron_titel"],
            )
            self.order_fields(["bron", "bron_titel"])
        self.style_widgets()


class VoortgangForm(NldsFormMixin, VersionedModelForm):
    """What the owner keeps up to date."""

    class Meta:
        model = Verbeteractie
        fields = Verbeteractie.VOORTGANG_FIELDS
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 4, "maxlength": TOELICHTING_MAX})}
        error_messages = ERRORS


class LijstFilter(Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Lopend (open of in uitvoering)"), ("alle", "Alle"), *Status.choices],
        error_messages={"invalid_choice": "Kies een van de statussen."},
    )
    bron = forms.ChoiceField(
        label="Komt voort uit",
        required=False,
        choices=[("", "Alles"), *Bron.choices],
        error_messages={"invalid_choice": "Kies een van de bronnen."},
    )
    te_laat = forms.BooleanField(label="Alleen acties die te laat zijn", required=False)
