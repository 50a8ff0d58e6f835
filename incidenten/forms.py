from __future__ import annotations

from typing import Any

from django import forms

from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, ModelChoiceField, ModelForm, NldsFormMixin
from organisations.models import Thema
from risicos.models import Bedrijfsmiddel

from .models import (
    BEWAARTERMIJN_MAX,
    BEWAARTERMIJN_STANDAARD,
    CONCLUSIES_MAX,
    OMSCHRIJVING_MAX,
    Ernst,
    Incident,
    IncidentSoort,
    Instelling,
    RodeDraden,
    Status,
)
from .rode_draden import MAX_MAANDEN, Periode

PRIVACY = (
    "Noem geen namen, adressen of andere persoonsgegevens die niet nodig zijn om het incident te begrijpen. "
    "Schrijf bijvoorbeeld 'een bezoeker' of 'een collega van de balie'."
)


class MeldForm(ModelForm):
    """The short report any employee makes, also on a phone."""

    datum = DateField(
        label="Wanneer gebeurde het?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum in.", "invalid": "Vul een geldige datum in, zoals 31-12-2026."},
    )
    tijd = forms.TimeField(
        label="Hoe laat ongeveer?",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Vul een tijdstip in, zoals 14:30."},
    )
    ernst = forms.ChoiceField(
        label="Hoe ernstig was het?",
        choices=Ernst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe ernstig het was.", "invalid_choice": "Kies een van de mogelijkheden."},
    )

    class Meta:
        model = Incident
        fields = Incident.MELD_FIELDS
        field_classes = {"soort": ModelChoiceField, "bedrijfsmiddel": ModelChoiceField}
        labels = {
            "soort": "Wat gebeurde er?",
            "locatie": "Waar gebeurde het?",
            "bedrijfsmiddel": "Ging het om een gebouw, systeem of ander bedrijfsmiddel?",
            "omschrijving": "Beschrijf wat er gebeurde",
            "politie": "De politie was erbij betrokken",
        }
        help_texts = {
            "locatie": "Bijvoorbeeld: de publieksbalie van het stadhuis.",
            "omschrijving": PRIVACY,
        }
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 5, "maxlength": OMSCHRIJVING_MAX}),
        }
        error_messages = {
            "soort": {"required": "Kies wat er gebeurde.", "invalid_choice": "Kies een van de soorten in de lijst."},
            "omschrijving": {
                "required": "Beschrijf kort wat er gebeurde.",
                "max_length": f"Beschrijf het in hoogstens {OMSCHRIJVING_MAX} tekens.",
            },
            "locatie": {"max_length": "Gebruik hoogstens 200 tekens."},
            "bedrijfsmiddel": {"invalid_choice": "Kies een bedrijfsmiddel uit de lijst."},
        }

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        soort = self.fields["soort"]
        assert isinstance(soort, forms.ModelChoiceField)
        soort.queryset = IncidentSoort.objects.visible_to(member).filter(actief=True)
        soort.empty_label = "— kies —"
        middel = self.fields["bedrijfsmiddel"]
        assert isinstance(middel, forms.ModelChoiceField)
        middel.queryset = Bedrijfsmiddel.objects.visible_to(member).only("id", "naam").order_by("naam")
        middel.empty_label = "— geen of weet ik niet —"


BEWAARTERMIJN_ERRORS = {
    "required": "Vul een bewaartermijn in.",
    "invalid": "Vul een geheel aantal maanden in.",
    "min_value": f"Kies een bewaartermijn van 1 tot en met {BEWAARTERMIJN_MAX} maanden.",
    "max_value": f"Kies een bewaartermijn van 1 tot en met {BEWAARTERMIJN_MAX} maanden.",
}


class StartForm(Form):
    bewaartermijn_maanden = forms.IntegerField(
        label="Bewaartermijn van persoonsgegevens (maanden)",
        min_value=1,
        max_value=BEWAARTERMIJN_MAX,
        initial=BEWAARTERMIJN_STANDAARD,
        help_text=(
            "Zo lang na de melding blijven namen en andere persoonsgegevens in een incident staan. "
            "Leg de termijn vast die uw gemeente in haar privacybeleid heeft gekozen."
        ),
        error_messages=BEWAARTERMIJN_ERRORS,
    )


class BehandelForm(NldsFormMixin, VersionedModelForm):
    """What the handler keeps up to date; the report itself stays as it was made."""

    ap_gemeld_op = DateField(
        label="Gemeld bij de Autoriteit Persoonsgegevens op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Vul een geldige datum in, zoals 31-12-2026."},
    )

    class Meta:
        model = Incident
        fields = Incident.BEHANDEL_FIELDS
        labels = {"aangifte": "Er is aangifte gedaan bij de politie"}
        help_texts = {"ap_gemeld_op": "Alleen als het datalek gemeld is."}
        widgets = {
            "nazorg": forms.Textarea(attrs={"rows": 3, "maxlength": OMSCHRIJVING_MAX}),
            "afhandeling": forms.Textarea(attrs={"rows": 4, "maxlength": OMSCHRIJVING_MAX}),
        }
        error_messages = {
            "status": {"invalid_choice": "Kies een van de statussen."},
            "ap_melding": {"invalid_choice": "Kies een van de mogelijkheden."},
            "nazorg": {"max_length": f"Gebruik hoogstens {OMSCHRIJVING_MAX} tekens."},
            "afhandeling": {"max_length": f"Gebruik hoogstens {OMSCHRIJVING_MAX} tekens."},
        }


class InstellingForm(NldsFormMixin, VersionedModelForm):
    class Meta:
        model = Instelling
        fields = Instelling.EDIT_FIELDS
        help_texts = {
            "bewaartermijn_maanden": (
                "Zo lang na de melding blijven de beschrijving, de nazorg, de afhandeling en wie meldde in een "
                "incident staan. Daarna verwijdert Kapstok ze; wat, wanneer, waar en hoe ernstig blijft voor de "
                "analyse. Een kortere termijn geldt bij de eerstvolgende opschoning."
            )
        }
        error_messages = {"bewaartermijn_maanden": BEWAARTERMIJN_ERRORS}


class SoortForm(NldsFormMixin, VersionedModelForm):
    """A kind of incident: its name, the theme whose owner handles it, the 72 hours of a data breach."""

    class Meta:
        model = IncidentSoort
        fields = IncidentSoort.EDIT_FIELDS
        labels = {"volgorde": "Plaats in de lijst"}
        error_messages = {
            "naam": {"required": "Geef de soort een naam.", "max_length": "Gebruik hoogstens 120 tekens."},
            "thema": {"invalid_choice": "Kies een van de thema's."},
            "volgorde": {
                "required": "Vul de plaats in de lijst in.",
                "invalid": "Vul een geheel getal in.",
                "min_value": "Vul 0 of meer in.",
                "max_value": "Vul een kleiner getal in.",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:  # a new kind: no version yet, and at the end of the list
            del self.fields["version"]
            del self.fields["volgorde"]
        thema = self.fields["thema"]
        assert isinstance(thema, forms.ChoiceField)
        thema.choices = [("", "Geen: de coördinator behandelt ze"), *Thema.choices]


class KoppelZoekForm(Form):
    zoek = forms.CharField(
        label="Zoek een risico of maatregel",
        max_length=100,
        required=False,
        help_text="Een woord uit de titel of naam.",
        error_messages={"max_length": "Gebruik hoogstens 100 tekens."},
    )


class KoppelForm(Form):
    """One risk or measure (by id) that the incident says something about."""

    risico = forms.UUIDField(required=False, error_messages={"invalid": "Kies een risico uit de lijst."})
    maatregel = forms.UUIDField(required=False, error_messages={"invalid": "Kies een maatregel uit de lijst."})
    herbeoordelen = forms.BooleanField(label="Het risico opnieuw laten beoordelen", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("risico")) == bool(cleaned.get("maatregel")) and not self.errors:
            raise forms.ValidationError("Kies één risico of één maatregel om te koppelen.")
        return cleaned


ONBEKEND_RISICO = "Dit risico bestaat niet; toon alle incidenten met “Filters wissen”."


class LijstFilter(Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle"), *Status.choices],
        error_messages={"invalid_choice": "Kies een van de statussen."},
    )
    # Set by the link on a risk's page: only the incidents linked to that risk.
    risico = forms.UUIDField(
        label="Risico",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": ONBEKEND_RISICO},
    )


DATE_ERRORS = {"required": "Vul de datum in.", "invalid": "Vul een geldige datum in, zoals 31-12-2026."}


def _date_field(label: str) -> DateField:
    return DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), error_messages=DATE_ERRORS
    )


class PeriodeForm(Form):
    """The period of a rode-dradenanalyse (in the address: it can be bookmarked and shared)."""

    van = _date_field("Van")
    tot = _date_field("Tot en met")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van is not None and tot is not None:
            if tot < van:
                self.add_error("tot", "Deze datum ligt vóór het begin van de periode; kies een latere datum.")
            elif Periode(van, tot).maanden > MAX_MAANDEN:
                self.add_error("tot", "Kies een periode van hoogstens vijf jaar.")
        return cleaned

    @property
    def periode(self) -> Periode:
        return Periode(self.cleaned_data["van"], self.cleaned_data["tot"])


class ConclusiesForm(NldsFormMixin, VersionedModelForm):
    class Meta:
        model = RodeDraden
        fields = RodeDraden.EDIT_FIELDS
        widgets = {"conclusies": forms.Textarea(attrs={"rows": 8, "maxlength": CONCLUSIES_MAX})}
        error_messages = {"conclusies": {"max_length": f"Gebruik hoogstens {CONCLUSIES_MAX} tekens."}}
