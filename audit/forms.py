"""Filter forms of the history and the security log (GET forms: bad input empties the list)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from lib.forms import DateField, Form

from .history import HistoryFilter, object_type_choices
from .models import SecurityEventKind
from .readable import KINDS, ORIGINS, person_id_by_email


class _PeriodForm(Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("van"), data.get("tot")
        if start and end and start > end:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


def _date_field(label: str) -> forms.DateField:
    return DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 2025-03-31."},
    )


class HistoryFilterForm(_PeriodForm):
    type = forms.ChoiceField(label="Soort gegeven", required=False)
    object = forms.UUIDField(
        label="Id van het gegeven",
        required=False,
        error_messages={"invalid": "Een id bestaat uit 32 hexadecimale tekens met streepjes (een UUID)."},
    )
    van = _date_field("Vanaf datum")
    tot = _date_field("Tot en met datum")
    actie = forms.ChoiceField(
        label="Soort wijziging",
        required=False,
        choices=[("", "Alle soorten wijzigingen"), *((k, v.capitalize()) for k, v in KINDS.items())],
    )
    door = forms.EmailField(
        label="Gedaan door (e-mailadres)",
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in."},
    )
    herkomst = forms.ChoiceField(
        label="Herkomst",
        required=False,
        choices=[("", "Alle"), *((k, v[:1].upper() + v[1:]) for k, v in ORIGINS.items())],
    )
    # One action (history context): set by the link "alle wijzigingen van deze actie".
    handeling = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", "Alle soorten"), *object_type_choices()]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Kies een van de mogelijkheden uit de lijst."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_error("handeling"):  # a hidden field: say it where the form shows it
            self.add_error(None, "De gekozen actie bestaat niet. Kies “Filters wissen” om alle acties te zien.")
        return data

    def to_filter(self, gemeente_id: Any) -> HistoryFilter:
        """The cleaned filter; looks up the actor's e-mail (one query, only if given).

        Only among the (former) members of the gemeente: an address of anybody else finds
        nothing, so the filter cannot tell whether that person exists or acted.
        """
        data = self.cleaned_data
        actor_id = None
        unknown = False
        if data.get("door"):
            actor_id = person_id_by_email(data["door"], gemeente_id)
            unknown = actor_id is None
        return HistoryFilter(
            object_type=data.get("type") or "",
            object_id=data.get("object"),
            start=data.get("van"),
            end=data.get("tot"),
            action=data.get("actie") or "",
            actor_id=actor_id,
            actor_unknown=unknown,
            origin=data.get("herkomst") or "",
            context_id=data.get("handeling"),
        )


class SecurityLogFilterForm(_PeriodForm):
    soort = forms.ChoiceField(
        label="Gebeurtenis",
        required=False,
        choices=[("", "Alle gebeurtenissen"), *SecurityEventKind.choices],
        error_messages={"invalid_choice": "Kies een van de mogelijkheden uit de lijst."},
    )
    van = _date_field("Vanaf datum")
    tot = _date_field("Tot en met datum")
