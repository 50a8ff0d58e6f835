"""The forms of an exercise, an awareness activity and an afdeling's participation."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, ModelChoiceField, NldsFormMixin
from organisations.models import Membership, Thema
from risicos.models import Risico

from .models import (
    AANTAL_MAX,
    BEVINDINGEN_MAX,
    DEELNEMERS_MAX,
    JAAR_MAX,
    JAAR_MIN,
    TOELICHTING_MAX,
    Bewustwordingsactiviteit,
    Deelname,
    Oefening,
    Resultaat,
    Status,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Vul de datum in.", "invalid": "Vul een geldige datum in, zoals 31-12-2026."}
AANTAL_ERRORS = {
    "invalid": "Vul een geheel aantal in.",
    "min_value": "Vul 0 of meer in.",
    "max_value": f"Vul een aantal van hoogstens {AANTAL_MAX:,} in.".replace(",", "."),
}
TITEL_ERRORS = {"required": "Geef een titel.", "max_length": "Gebruik hoogstens 200 tekens."}


def aantal(
    label: str, *, required: bool = False, minimum: int = 0, errors: dict[str, str] | None = None, help_text: str = ""
) -> Any:
    """A number of people: 0 (or ``minimum``) up to :data:`AANTAL_MAX`, refused in Dutch otherwise."""
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=minimum,
        max_value=AANTAL_MAX,
        widget=forms.NumberInput(attrs={"min": minimum, "max": AANTAL_MAX}),
        error_messages={**AANTAL_ERRORS, "min_value": f"Vul {minimum} of meer in.", **(errors or {})},
    )


def _themes(form: forms.BaseForm, member: Membership, none: str) -> None:
    """The theme's choices: all (or none) for the coördinator, a thema-eigenaar's own themes."""
    thema = cast(forms.ChoiceField, form.fields["thema"])
    if member.role == "thema_eigenaar":
        thema.choices = [(value, label) for value, label in Thema.choices if value in member.themes]
    else:
        thema.choices = [("", none), *Thema.choices]


class ScenarioField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.titel)


class OefeningForm(NldsFormMixin, VersionedModelForm):
    """An exercise, test or training: what, when, with whom, and afterwards how it went."""

    gepland_op = DateField(label="Gepland op", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    uitgevoerd_op = DateField(
        label="Uitgevoerd op",
        required=False,
        widget=DATE_WIDGET,
        help_text="Alleen als de oefening is uitgevoerd.",
        error_messages=DATE_ERRORS,
    )
    aantal_deelnemers = aantal("Aantal deelnemers")

    class Meta:
        model = Oefening
        fields = Oefening.EDIT_FIELDS
        field_classes = {"scenario": ScenarioField}
        labels = {"scenario": "Scenario: welk risico wordt geoefend of getest?"}
        widgets = {
            "deelnemers": forms.Textarea(attrs={"rows": 2, "maxlength": DEELNEMERS_MAX}),
            "toelichting": forms.Textarea(attrs={"rows": 3, "maxlength": TOELICHTING_MAX}),
            "bevindingen": forms.Textarea(attrs={"rows": 5, "maxlength": BEVINDINGEN_MAX}),
        }
        error_messages = {
            "titel": TITEL_ERRORS,
            "soort": {"required": "Kies de soort.", "invalid_choice": "Kies een van de soorten."},
            "thema": {"invalid_choice": "Kies een van de thema's."},
            "scenario": {"invalid_choice": "Kies een risico uit de lijst."},
            "status": {"required": "Kies de status.", "invalid_choice": "Kies een van de statussen."},
            "resultaat": {"invalid_choice": "Kies een van de resultaten."},
            "deelnemers": {"max_length": f"Gebruik hoogstens {DEELNEMERS_MAX} tekens."},
            "toelichting": {"max_length": f"Gebruik hoogstens {TOELICHTING_MAX} tekens."},
            "bevindingen": {"max_length": f"Gebruik hoogstens {BEVINDINGEN_MAX} tekens."},
        }

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scenario = cast(forms.ModelChoiceField, self.fields["scenario"])
        scenario.queryset = Risico.objects.visible_to(member).only("id", "titel").order_by("titel")
        scenario.empty_label = "— geen risico —"
        _themes(self, member, "Geen: de coördinator houdt haar bij")
        resultaat = cast(forms.ChoiceField, self.fields["resultaat"])
        resultaat.choices = [("", "— nog niet bekend —"), *Resultaat.choices]
        if self.instance._state.adding:
            del self.fields["version"]
        elif self.instance.status == Status.UITGEVOERD:
            self.fields["status"].help_text = (
                "Zet u haar terug op gepland of vervallen, dan worden de datum van uitvoering en het resultaat"
                " gewist (de historie bewaart ze); de bevindingen blijven staan."
            )
        self.style_widgets()


class ActiviteitForm(NldsFormMixin, VersionedModelForm):
    datum = DateField(
        label="Datum",
        widget=DATE_WIDGET,
        help_text="De dag, of bij een e-learning of campagne de eerste dag.",
        error_messages=DATE_ERRORS,
    )
    aantal_deelnemers = aantal("Aantal deelnemers")

    class Meta:
        model = Bewustwordingsactiviteit
        fields = Bewustwordingsactiviteit.EDIT_FIELDS
        error_messages = {
            "titel": TITEL_ERRORS,
            "soort": {"required": "Kies de soort.", "invalid_choice": "Kies een van de soorten."},
            "thema": {"invalid_choice": "Kies een van de thema's."},
            "doelgroep": {"max_length": "Gebruik hoogstens 300 tekens."},
        }

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _themes(self, member, "Geen: de coördinator houdt haar bij")
        if self.instance._state.adding:
            del self.fields["version"]
        self.style_widgets()


class DeelnameForm(NldsFormMixin, VersionedModelForm):
    """An afdeling's headcount in a year, and how many of them took part in awareness."""

    jaar = forms.IntegerField(
        label="Jaar",
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        widget=forms.NumberInput(attrs={"min": JAAR_MIN, "max": JAAR_MAX}),
        error_messages={
            "required": "Vul het jaar in.",
            "invalid": "Vul een jaartal in, zoals 2026.",
            "min_value": f"Kies een jaar van {JAAR_MIN} tot en met {JAAR_MAX}.",
            "max_value": f"Kies een jaar van {JAAR_MIN} tot en met {JAAR_MAX}.",
        },
    )
    medewerkers = aantal(
        "Aantal medewerkers",
        required=True,
        minimum=1,
        errors={"required": "Vul het aantal medewerkers in."},
        help_text="Hoeveel medewerkers de afdeling dat jaar heeft.",
    )
    deelgenomen = aantal(
        "Aantal dat deelnam",
        required=True,
        errors={"required": "Vul in hoeveel medewerkers deelnamen (0 als niemand)."},
        help_text="Hoeveel van hen dat jaar aan minstens één bewustwordingsactiviteit deelnamen.",
    )

    class Meta:
        model = Deelname
        fields = Deelname.EDIT_FIELDS
        error_messages = {
            "afdeling": {"required": "Vul de naam van de afdeling in.", "max_length": "Gebruik hoogstens 120 tekens."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            del self.fields["version"]


class NieuwJaarForm(Form):
    jaar = forms.IntegerField(
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Kies het jaar dat begint.",
            "invalid": "Kies het jaar dat begint.",
            "min_value": "Kies het jaar dat begint.",
            "max_value": "Kies het jaar dat begint.",
        },
    )


class JaarForm(Form):
    """The year of the awareness page (in the address)."""

    jaar = forms.IntegerField(
        label="Jaar",
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        error_messages={
            "invalid": "Vul een jaartal in, zoals 2026.",
            "min_value": f"Kies een jaar van {JAAR_MIN} tot en met {JAAR_MAX}.",
            "max_value": f"Kies een jaar van {JAAR_MIN} tot en met {JAAR_MAX}.",
        },
    )
